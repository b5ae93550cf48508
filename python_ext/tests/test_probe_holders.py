"""What keeps a large object alive, as the namespace scanner reports it, in a real IPython shell."""

from __future__ import annotations

import pytest
from test_probe_variables import MiB, fresh_shell, holders, item, names, run, scan

from jupyterlab_memory_inspector.probe.namespace import NamespaceScanner

BIG = "np.ones(2 * 2**20 // 8)"


@pytest.fixture
def shell():
    yield from fresh_shell()


def test_another_name(shell):
    run(shell, f"import numpy as np\nbig = {BIG}\nalso = big")
    report = scan(NamespaceScanner(), shell)
    entry = item(report, "big")
    assert holders(entry) == {("name", "also")}
    assert "also" not in names(report)


def test_a_displayed_value_then_del(shell):
    scanner = NamespaceScanner()
    run(shell, f"import numpy as np\nbig = {BIG}")
    run(shell, "big")
    count = shell.execution_count - 1
    shown = item(scan(scanner, shell), "big")
    assert {("output_cache", f"Out[{count}]"), ("output_cache", "_")} <= holders(shown)

    run(shell, "del big")
    report = scan(scanner, shell)
    entry = item(report, f"Out[{count}]")
    assert entry["kind"] == "output"
    assert entry["size"] >= 2 * MiB
    assert entry["type"] == "numpy.ndarray"
    expected = {
        ("output_cache", "_"),
        ("output_cache", f"_{count}"),
        ("output_cache", f"user_ns_hidden['_{count}']"),
        ("output_cache", "user_ns_hidden['_']"),
        ("output_cache", "displayhook._"),
    }
    assert expected <= holders(entry)


def test_the_last_execution_result_holds_a_value(shell):
    run(shell, f"import numpy as np\nbig = {BIG}")
    run(shell, "big")
    entry = item(scan(NamespaceScanner(), shell), "big")
    assert ("output_cache", "last_execution_result") in holders(entry)


def test_small_outputs_are_not_listed(shell):
    run(shell, "1 + 1")
    run(shell, "'some text'")
    report = scan(NamespaceScanner(), shell)
    assert report["items"] == []


def test_small_outputs_are_taken_from_the_cache_until_one_grows(shell):
    run(shell, "grows = []")
    run(shell, "grows")
    count = shell.execution_count - 1
    for value in range(30):
        run(shell, f"{value} * 2")
    scanner = NamespaceScanner()
    scan(scanner, shell)
    assert scanner.sized >= 30
    scan(scanner, shell)
    assert scanner.sized == 0
    assert scanner.reused >= 30

    run(shell, "grows.extend(range(300_000))\ndel grows")
    entry = item(scan(scanner, shell), f"Out[{count}]")
    assert scanner.sized == 1
    assert entry["kind"] == "output"
    assert entry["size"] >= 2 * MiB


def test_the_last_exception_keeps_a_frame_local(shell):
    run(
        shell,
        f"""
        import numpy as np
        def f():
            big = {BIG}
            raise ValueError("boom")
        f()
        """,
        raises=True,
    )
    report = scan(NamespaceScanner(), shell)
    entry = item(report, "big inside f()")
    assert entry["kind"] == "exception"
    assert entry["size"] >= 2 * MiB
    assert {
        ("exception", "sys.last_traceback: f()"),
        ("exception", "InteractiveTB.tb: f()"),
    } <= holders(entry)


def test_the_last_exception_holds_a_named_argument(shell):
    run(shell, f"import numpy as np\nbig = {BIG}")
    run(shell, "def g(data):\n    raise KeyError('x')\ng(big)", raises=True)
    entry = item(scan(NamespaceScanner(), shell), "big")
    assert ("exception", "sys.last_traceback: g()") in holders(entry)
    assert ("exception", "InteractiveTB.tb: g()") in holders(entry)


def test_membership_in_a_list_and_a_dict(shell):
    run(
        shell,
        f"""
        import numpy as np
        big = {BIG}
        results = [0, 1, 2, big]
        cache = {{"key": big, "other": None}}
        nested = {{"level": [None, big]}}
        many = [None] * 1000
        many[500] = big
        """,
    )
    report = scan(NamespaceScanner(), shell)
    entry = item(report, "big")
    assert {
        ("container", "results[3]"),
        ("container", "cache['key']"),
        ("container", "nested['level'][1]"),
        ("container", "many[500]"),
    } <= holders(entry)
    assert item(report, "results")["size"] < 1000


def test_membership_in_a_set_and_an_object(shell):
    run(
        shell,
        """
        class Box:
            pass
        big = b"x" * (3 * 2**20)
        box = Box()
        box.content = big
        members = {big}
        """,
    )
    entry = item(scan(NamespaceScanner(), shell), "big")
    assert {("container", "box.<attribute>"), ("container", "members (a member)")} <= holders(entry)


def test_a_view_and_its_base(shell):
    run(shell, f"import numpy as np\nA = {BIG}\nV = A[::2]\nW = A.reshape(2, -1)")
    report = scan(NamespaceScanner(), shell)
    base, view = item(report, "A"), item(report, "V")
    assert {("view", "V"), ("view", "W")} <= holders(base)
    assert ("base", "A") in holders(view)
    assert view["view_of"] == "A"
    assert item(report, "W")["view_of"] == "A"


def test_a_view_in_a_container_keeps_the_base(shell):
    run(shell, f"import numpy as np\nA = {BIG}\nkept = [A[::4]]")
    report = scan(NamespaceScanner(), shell)
    assert ("view", "kept[0]") in holders(item(report, "A"))
    assert item(report, "kept")["size"] < 1000


def test_a_data_frame_and_an_array_that_views_its_block(shell):
    run(
        shell,
        """
        import numpy as np, pandas as pd
        df = pd.DataFrame({"a": np.arange(1_000_000), "b": np.ones(1_000_000)})
        X = df[["a"]].to_numpy()
        df2 = df.rename(columns={"a": "c"})
        """,
    )
    report = scan(NamespaceScanner(), shell)
    frame = item(report, "df")
    assert {("view", "X"), ("view", "df2")} <= holders(frame)
    assert item(report, "X")["view_of"] == "df"
    assert item(report, "X")["size"] == 0
    assert item(report, "df2")["view_of"] == "df"
    assert ("base", "df") in holders(item(report, "df2"))


def test_small_items_have_no_holders(shell):
    run(shell, "small = [1, 2, 3]\nalias = small\n[small]")
    entry = item(scan(NamespaceScanner(), shell), "small")
    assert entry["holders"] == []
