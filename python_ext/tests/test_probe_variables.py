"""The namespace scanner's sizes, in a real IPython shell: type-aware, bounded, cached.

The helpers here (a fresh shell, running a cell, validating a report) are shared by the other
probe scanner tests, which import them.
"""

from __future__ import annotations

import gc
import json
import sys
import textwrap
import weakref
from pathlib import Path

import jsonschema
import pytest
from IPython.core.interactiveshell import InteractiveShell

from jupyterlab_memory_inspector.probe.namespace import NamespaceScanner

MiB = 1 << 20
TIMES = "\u00d7"
SCHEMA_PATH = Path(__file__).parents[1] / "jupyterlab_memory_inspector" / "schemas"
_DEFINITIONS = json.loads((SCHEMA_PATH / "cell-record.schema.json").read_text())["definitions"]
REPORT_VALIDATOR = jsonschema.Draft202012Validator(
    {"$ref": "#/definitions/VariablesReport", "definitions": _DEFINITIONS}
)


def fresh_shell():
    """IPython's shell with an empty namespace, output cache and last exception."""
    shell = InteractiveShell.instance()
    _clear(shell)
    yield shell
    _clear(shell)


def _clear(shell: InteractiveShell) -> None:
    shell.reset(new_session=False)
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, name):
            delattr(sys, name)
    shell.InteractiveTB.tb = None
    gc.collect()


@pytest.fixture
def shell():
    yield from fresh_shell()


def run(shell: InteractiveShell, code: str, *, raises: bool = False) -> None:
    """Run a cell as a kernel would (history stored, so Out and _ are real)."""
    result = shell.run_cell(textwrap.dedent(code), store_history=True)
    assert (result.error_in_exec is not None) == raises, result.error_in_exec
    assert result.error_before_exec is None


def scan(scanner: NamespaceScanner, shell: InteractiveShell, **kwargs) -> dict:
    """Scan and check the report against the schema."""
    kwargs.setdefault("budget", 5.0)
    kwargs.setdefault("max_items", 50)
    report = scanner.scan(shell, **kwargs)
    REPORT_VALIDATOR.validate(report)
    return report


def item(report: dict, name: str) -> dict:
    found = [entry for entry in report["items"] if entry["name"] == name]
    assert found, f"{name} not in {[entry['name'] for entry in report['items']]}"
    return found[0]


def names(report: dict) -> list[str]:
    return [entry["name"] for entry in report["items"]]


def holders(entry: dict) -> set[tuple[str, str]]:
    return {(holder["kind"], holder["where"]) for holder in entry["holders"]}


def within(measured: int, truth: int, tolerance: float = 0.10) -> bool:
    return abs(measured - truth) <= tolerance * truth


def deep_truth(obj: object) -> int:
    """The exact deep size of nested builtin containers, each object once, CPython's shared
    small ints, None and bools excluded: what the sampled estimate is compared with."""
    seen: set[int] = set()
    stack = [obj]
    total = 0
    while stack:
        o = stack.pop()
        if o is None or isinstance(o, bool) or (type(o) is int and -5 <= o <= 256):
            continue
        if id(o) in seen:
            continue
        seen.add(id(o))
        total += sys.getsizeof(o)
        if isinstance(o, dict):
            stack.extend(o.keys())
            stack.extend(o.values())
        elif isinstance(o, (list, tuple, set, frozenset)):
            stack.extend(o)
    return total


def test_list_of_a_million_ints(shell):
    run(shell, "L = list(range(1_000_000))")
    entry = item(scan(NamespaceScanner(), shell), "L")
    assert within(entry["size"], deep_truth(shell.user_ns["L"]))
    assert entry["exact"] is False
    assert entry["summary"] == "1,000,000 items"


def test_dict_of_100k_str_to_str(shell):
    run(shell, "D = {f'key {i}': f'value {i}' * 3 for i in range(100_000)}")
    entry = item(scan(NamespaceScanner(), shell), "D")
    assert within(entry["size"], deep_truth(shell.user_ns["D"]))
    assert entry["type"] == "builtins.dict"


def test_bytes_and_str_are_exact(shell):
    run(shell, "B = b'x' * 5_000_000\nS = 'y' * 3_000_000\nU = 'é' * 1000\nBA = bytearray(10)")
    report = scan(NamespaceScanner(), shell)
    for name in ("B", "S", "U", "BA"):
        entry = item(report, name)
        assert entry["size"] == sys.getsizeof(shell.user_ns[name])
        assert entry["exact"] is True
    assert item(report, "S")["summary"] == "3,000,000 characters"
    assert item(report, "B")["summary"] == "5,000,000 bytes"


def test_a_count_of_one_is_singular(shell):
    run(shell, "L1 = [1]\nS1 = 'y'\nB1 = b'x'\nE = ()")
    report = scan(NamespaceScanner(), shell)
    summaries = {name: item(report, name)["summary"] for name in ("L1", "S1", "B1", "E")}
    assert summaries == {"L1": "1 item", "S1": "1 character", "B1": "1 byte", "E": "0 items"}


def test_self_referencing_list_counts_once(shell):
    run(shell, "a = [1, 2, 'three']\na.append(a)")
    entry = item(scan(NamespaceScanner(), shell), "a")
    assert entry["size"] == deep_truth(shell.user_ns["a"])
    assert entry["exact"] is True


def test_nested_containers(shell):
    run(
        shell,
        """
        nested = {
            "lists": [list(range(i * 1000, i * 1000 + 500)) for i in range(40)],
            "pair": ("x" * 10_000, b"y" * 20_000),
            "set": {f"member {i}" for i in range(2000)},
            "deep": [[[["bottom" * 100]]]],
        }
        """,
    )
    entry = item(scan(NamespaceScanner(), shell), "nested")
    assert within(entry["size"], deep_truth(shell.user_ns["nested"]))


def test_shared_elements_are_not_extrapolated(shell):
    run(shell, "same = ['a fairly long string ' * 10] * 1_000_000")
    entry = item(scan(NamespaceScanner(), shell), "same")
    assert within(entry["size"], deep_truth(shell.user_ns["same"]))


def test_plain_objects_count_their_attributes(shell):
    run(
        shell,
        """
        class Model:
            def __init__(self):
                self.weights = [float(i) for i in range(100_000)]
                self.name = "model"
        m = Model()
        """,
    )
    entry = item(scan(NamespaceScanner(), shell), "m")
    truth = deep_truth(shell.user_ns["m"].weights)
    assert within(entry["size"], truth, 0.15)
    assert entry["type"] == "__main__.Model"


def test_items_are_sorted_and_max_items_is_honoured(shell):
    run(shell, "for i in range(30):\n    globals()[f'v{i}'] = 'x' * (i * 1000)")
    report = scan(NamespaceScanner(), shell, max_items=5)
    assert names(report) == ["v29", "v28", "v27", "v26", "v25"]
    sizes = [entry["size"] for entry in scan(NamespaceScanner(), shell)["items"]]
    assert sizes == sorted(sizes, reverse=True)


def test_modules_classes_functions_and_ipython_names_are_not_listed(shell):
    run(shell, "import json\ndef f(): pass\nclass K: pass\nk = K()\n1 + 1")
    report = scan(NamespaceScanner(), shell)
    assert names(report) == ["k"]
    assert report["total"] == 4
    assert report["scanned"] == 4
    assert report["partial"] is False


def test_the_users_underscore_names_are_listed_and_ipythons_are_not(shell):
    for _ in range(5):
        run(shell, "pass")
    earlier_input = f"_i{shell.execution_count - 2}"
    assert earlier_input in shell.user_ns_hidden
    run(shell, f"_private = [1, 2, 3]\n{earlier_input} = 'the user rebinds it'\nIn = {{'m': 1}}")
    report = scan(NamespaceScanner(), shell)
    assert sorted(names(report)) == ["In", "_private"]
    assert report["total"] == 2


def test_new_marks_only_names_the_last_cell_bound(shell):
    scanner = NamespaceScanner()
    run(shell, "a = [1]\nb = [2]\nc = a")
    first = scan(scanner, shell)
    assert item(first, "a")["new"] and item(first, "b")["new"]
    run(shell, "b = [3]\nd = 'new'\na = a")
    second = scan(scanner, shell)
    assert item(second, "b")["new"] is True
    assert item(second, "d")["new"] is True
    assert item(second, "a")["new"] is False
    third = scan(scanner, shell)
    assert not any(entry["new"] for entry in third["items"])


def test_cache_reuses_sizes_of_unchanged_objects(shell):
    run(
        shell,
        """
        import numpy as np
        class P:
            def __init__(self, i):
                self.i = i
        for i in range(10_000):
            k = i % 5
            value = [i, str(i)] if k == 0 else {"a": i} if k == 1 else f"s{i}" if k == 2 else P(i)
            globals()[f"v{i}"] = value if k < 4 else np.arange(3)
        del i, k, value
        """,
    )
    scanner = NamespaceScanner()
    first = scan(scanner, shell, budget=30.0)
    assert first["partial"] is False
    assert first["total"] == first["scanned"] == 10_002
    assert scanner.sized >= 10_000
    second = scan(scanner, shell, budget=30.0)
    assert scanner.sized == 0
    assert scanner.reused >= 10_000
    assert [entry["size"] for entry in second["items"]] == [
        entry["size"] for entry in first["items"]
    ]
    run(shell, "v0.append('grown')\nv1 = {'b': 2}")
    scan(scanner, shell, budget=30.0)
    assert scanner.sized == 2


def test_unchanged_names_report_the_same_entries_as_fresh_ones(shell):
    run(shell, "text = 'x' * 5000\nnumbers = [1, 2, 3]")
    scanner = NamespaceScanner()
    first = scan(scanner, shell)
    second = scan(scanner, shell)
    item(second, "text")["summary"] = "changed by a reader of the report"
    third = scan(scanner, shell)
    assert third["items"] == [{**entry, "new": False} for entry in first["items"]]
    run(shell, "renamed = text\ndel text")
    fourth = scan(scanner, shell)
    assert "text" not in names(fourth)
    fresh = item(scan(NamespaceScanner(), shell), "renamed")
    assert item(fourth, "renamed") == fresh


def test_each_items_json_text_is_its_entry_and_kept_while_it_is_unchanged(shell):
    run(shell, "text = 'x' * 5000\nnumbers = [1, 2, 3]\nnoms = {'données': 1}")
    scanner = NamespaceScanner()
    scan(scanner, shell)
    # From the second scan on the names are no longer new.
    first = scan(scanner, shell)
    first_texts = scanner.items_json
    run(shell, "numbers.append(4)")
    second = scan(scanner, shell)
    second_texts = scanner.items_json
    for report, texts in ((first, first_texts), (second, second_texts)):
        assert texts is not None
        assert [json.loads(text) for text in texts] == report["items"]
    kept = {
        entry["name"]: second_texts[index] is first_texts[names(first).index(entry["name"])]
        for index, entry in enumerate(second["items"])
    }
    # The grown list is encoded again; the others, unchanged, keep their text.
    assert kept == {"text": True, "numbers": False, "noms": True}


def test_changed_container_is_sized_again(shell):
    scanner = NamespaceScanner()
    run(shell, "grows = ['x' * 100]")
    before = item(scan(scanner, shell), "grows")["size"]
    run(shell, "grows.extend('y' * 100 + str(i) for i in range(1000))")
    after = item(scan(scanner, shell), "grows")["size"]
    assert after > before + 100_000


def test_a_tiny_budget_gives_a_partial_but_valid_report(shell):
    run(shell, "L = list(range(1_000_000))\nfor i in range(5000):\n    globals()[f'v{i}'] = [i]")
    report = scan(NamespaceScanner(), shell, budget=0.0005)
    assert report["partial"] is True
    assert report["scanned"] < report["total"] == 5002


def test_partial_scans_go_round_a_huge_namespace(shell):
    run(shell, "for i in range(20_000):\n    globals()[f'v{i}'] = (i, str(i))")
    scanner = NamespaceScanner()
    reports = [scan(scanner, shell, budget=0.02) for _ in range(100)]
    assert all(report["partial"] for report in reports)
    assert all(report["total"] == 20_001 for report in reports)
    complete = scan(scanner, shell, budget=30.0)
    assert complete["partial"] is False
    assert scanner.sized == 0, "every name was sized by one of the partial scans"


def test_the_scanner_holds_no_reference_after_a_scan(shell):
    run(
        shell,
        """
        import numpy as np
        class Holder:
            pass
        x = Holder()
        x.payload = [str(i) for i in range(1000)]
        x.me = x
        arr = np.ones(1000)
        view = arr[::2]
        """,
    )
    refs = [weakref.ref(shell.user_ns[name]) for name in ("x", "arr", "view")]
    scanner = NamespaceScanner()
    scan(scanner, shell)
    scan(scanner, shell)
    run(shell, "del x, arr, view")
    gc.collect()
    assert all(ref() is None for ref in refs)
    assert scanner is not None


def test_nothing_waits_for_the_garbage_collector_to_let_go(shell):
    run(
        shell,
        """
        import numpy as np, pandas as pd
        class Plain:
            pass
        class Bag(list):
            pass
        arr = np.ones(2 * 2**20 // 8)
        view = arr[::2]
        frame = pd.DataFrame({"a": np.arange(1000)})
        column = frame["a"].to_numpy()
        listed = Bag([arr, view, "text" * 100])
        plain = Plain()
        plain.items = listed
        """,
    )
    names_ = ("arr", "view", "frame", "column", "listed", "plain")
    refs = [weakref.ref(shell.user_ns[name]) for name in names_]
    scanner = NamespaceScanner()
    gc.collect()
    gc.disable()
    try:
        scan(scanner, shell)
        scan(scanner, shell)
        run(shell, f"del {', '.join(names_)}")
        assert [name for name, ref in zip(names_, refs) if ref() is not None] == []
    finally:
        gc.enable()


def test_generators_and_coroutines_have_their_own_small_size(shell):
    # Their ob_size is no item count: object.__sizeof__ would read it as petabytes.
    run(shell, "def gen():\n    yield 1\ng = gen(); next(g)\nexpr = (i for i in range(10))")
    report = scan(NamespaceScanner(), shell, budget=1.0)
    for name in ("g", "expr"):
        assert 0 < item(report, name)["size"] < 64 * 1024
