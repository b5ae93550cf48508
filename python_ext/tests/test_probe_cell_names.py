"""What a scan checks in place stays bounded by the cell, not the namespace: the names the
cell's code names (and the globals of the functions it calls) at once, the others in turns.
Tests count what is checked; and check that every kind of change is still found in the cell
that makes it, or within the stated number of scans when the cell's code does not name it."""

from __future__ import annotations

import math
import sys

import pytest
from test_probe_variables import fresh_shell, item, names, run, scan

from jupyterlab_memory_inspector.probe import install, scanreport, steady, steadygroups, uninstall
from jupyterlab_memory_inspector.probe.cellnames import CODE_LIMIT, touched_names
from jupyterlab_memory_inspector.probe.namespace import NamespaceScanner

NAMES = 300
BIG = "extend(range(20_000))"


@pytest.fixture
def shell():
    yield from fresh_shell()


@pytest.fixture
def checked(monkeypatch):
    """How many signatures the bulk check reads, scan after scan (each is a check in place)."""
    counts = [0]
    bulk_fingerprint = steadygroups.bulk_fingerprint
    # One counting function per builtin, as names are grouped by their fingerprint function.
    wrapped: dict[object, object] = {}

    def counting(*args: object) -> object:
        found = bulk_fingerprint(*args)  # type: ignore[arg-type]
        if found is None:
            return None

        def fingerprint(value: object) -> int:
            counts[0] += 1
            return found(value)

        return wrapped.setdefault(found, fingerprint)

    monkeypatch.setattr(steadygroups, "bulk_fingerprint", counting)
    return counts


def cell(shell, scanner: NamespaceScanner, code: str) -> dict:
    """Run a cell and scan after it as the probe's hook does, with the names the cell names."""
    run(shell, code)
    return scan(scanner, shell, max_items=NAMES + 50, touched=touched_names(code, shell.user_ns))


def settled(shell) -> NamespaceScanner:
    run(shell, "\n".join(f"v{i} = [{i}, 'x']" for i in range(NAMES)))
    scanner = NamespaceScanner()
    for _ in range(3):
        cell(shell, scanner, "pass")
    return scanner


def test_a_scan_checks_in_place_the_names_the_cell_names_and_a_turn_of_others(shell, checked):
    scanner = settled(shell)
    checked[0] = 0
    report = cell(shell, scanner, f"v7.{BIG}")
    assert item(report, "v7")["size"] > 100_000
    # The group of v7 and one turn (groups join while less than half full: 1.5 times their size).
    assert checked[0] <= steady.TURN + 3 * steady._GROUP_SIZE < NAMES


def test_a_scan_checks_the_names_the_cell_names_not_their_groups_whole(shell, checked):
    scanner = settled(shell)
    spread = [f"v{i}" for i in range(0, NAMES, NAMES // 5)]
    checked[0] = 0
    cell(shell, scanner, ", ".join(spread))
    # A turn (whole groups, up to 1.5 times their size) and the five names: not their groups,
    # whose checks would grow with the groups as a session fills them.
    assert checked[0] <= steady.TURN + 2 * steady._GROUP_SIZE + len(spread)


def test_a_turn_checks_its_names_at_most_once_the_groups_lost_some(shell, checked):
    scanner = settled(shell)
    # A name of each group set again: each group is one short of full, as in a long session.
    rebound = range(0, NAMES, steady._GROUP_SIZE)
    cell(shell, scanner, "\n".join(f"v{i} = [{i}, 'y']" for i in rebound))
    for _ in range(10):
        checked[0] = 0
        cell(shell, scanner, "pass")
        # Whole groups up to a turn, or one larger group (one less than half full joined it):
        # not a second group for the one name missing from the first.
        largest = max(len(group.names) for group in scanner._steady._groups)
        assert checked[0] <= max(steady.TURN, largest) < 2 * (steady.TURN - 1)


def test_the_groups_stay_few_however_many_names_change(shell):
    scanner = settled(shell)
    for turn in range(NAMES):
        # A session's way: names rebound, grown, new ones bound and old ones deleted.
        name = f"v{(turn * 7) % NAMES}"
        kinds = [f"{name} = [{turn}, 'y']", f"n{turn} = [{turn}]", f"del n{turn - 1}"]
        cell(shell, scanner, kinds[turn % 3])
    assert len(scanner._steady._groups) <= 2 * NAMES / steady._GROUP_SIZE + 2


def test_the_report_ranks_few_of_the_names_carried(shell, monkeypatch):
    scanner = settled(shell)
    ranked: list[int] = []
    largest = scanreport._largest

    def counting(count: int, records: list) -> list:
        ranked.append(len(records))
        return largest(count, records)

    monkeypatch.setattr(scanreport, "_largest", counting)
    run(shell, "v3.append(2)")
    report = scanner.scan(shell, max_items=20, touched={"v3"})
    assert len(report["items"]) == 20
    assert len(ranked) == 1
    assert ranked[0] <= 4 * 20 + 2


@pytest.mark.parametrize(
    ("before", "code", "name"),
    [
        ("", "v7 = list(range(20_000))", "v7"),
        ("", f"v7.{BIG}", "v7"),
        ("def grow():\n    v7.extend(range(20_000))", "grow()", "v7"),
        ("def rebind():\n    global v8\n    v8 = list(range(20_000))", "rebind()", "v8"),
        (
            "def inner():\n    v9.extend(range(20_000))\ndef outer():\n    inner()",
            "outer()",
            "v9",
        ),
        ("def grow(into):\n    into.extend(range(20_000))", "grow(v5)", "v5"),
        ("alias = v7", f"alias.{BIG}", "v7"),
    ],
)
def test_a_change_is_found_in_the_cell_that_makes_it(shell, before, code, name):
    scanner = settled(shell)
    if before:
        cell(shell, scanner, before)
        cell(shell, scanner, "pass")
    assert item(cell(shell, scanner, code), name)["size"] > 100_000


def test_a_deleted_name_is_gone_in_the_cell_that_deletes_it(shell):
    scanner = settled(shell)
    report = cell(shell, scanner, "del v7")
    assert "v7" not in names(report)
    assert report["total"] == NAMES - 1


def test_a_change_the_cell_does_not_name_is_found_within_its_turn(shell, checked):
    scanner = settled(shell)
    # Made where no cell's code names it: as another thread, or a widget's callback, would.
    shell.user_ns["v150"].extend(range(20_000))
    turns = 2 * math.ceil(NAMES / steady.TURN) + 1
    scans = 1
    while item(cell(shell, scanner, "pass"), "v150")["size"] < 100_000:
        assert scans < turns, f"v150 grown in place not found within {turns} scans"
        scans += 1
    # Each scan checked a turn, not every name.
    assert checked[0] <= scans * (steady.TURN + 2 * steady._GROUP_SIZE)


@pytest.fixture
def looked_up(monkeypatch):
    """How many names the bulk check looks up in the namespace, scan after scan."""
    counts = [0]

    class Counting(dict):
        def get(*args: object) -> object:  # type: ignore[override]  (called as `dict.get`)
            counts[0] += type(args[0]) is not Counting
            return dict.get(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(steady, "dict", Counting, raising=False)
    return counts


@pytest.mark.parametrize("size", [NAMES, 10 * NAMES])
def test_a_scan_looks_up_the_names_of_the_cell_and_a_turn_whatever_the_namespaces_size(
    shell, looked_up, size
):
    run(shell, "\n".join(f"v{i} = [{i}, 'x']" for i in range(size)))
    scanner = NamespaceScanner()
    for _ in range(3):
        cell(shell, scanner, "pass")
    looked_up[0] = 0
    for _ in range(10):
        cell(shell, scanner, "pass")
    # A turn a scan (groups join while less than half full: 1.5 times their size), and no
    # lookup of every other name's object by id.
    assert looked_up[0] <= 10 * (steady.TURN + 2 * steady._GROUP_SIZE)
    looked_up[0] = 0
    report = cell(shell, scanner, f"v7.{BIG}")
    assert item(report, "v7")["size"] > 100_000
    assert looked_up[0] <= steady.TURN + 4 * steady._GROUP_SIZE


def test_a_rebinding_the_cell_does_not_name_is_found_within_its_turn(shell):
    scanner = settled(shell)
    # Made where no cell's code names it: as another thread, or a widget's callback, would.
    shell.user_ns["v150"] = list(range(20_000))
    turns = 2 * math.ceil(NAMES / steady.TURN) + 1
    scans = 1
    while item(cell(shell, scanner, "pass"), "v150")["size"] < 100_000:
        assert scans < turns, f"v150 rebound not found within {turns} scans"
        scans += 1


def test_an_object_a_carried_name_no_longer_holds_is_not_taken_for_its_record(shell):
    scanner = settled(shell)
    # v150 rebound where no cell's code names it, its object bound to a new name: until v150's
    # turn, the record carried for v150 is not this object's.
    old = shell.user_ns["v150"]
    shell.user_ns["v150"] = [150, "y"]
    shell.user_ns["moved"] = old
    old.extend(range(20_000))
    del old
    assert item(cell(shell, scanner, "pass"), "moved")["size"] > 100_000


def test_the_cells_names_and_those_of_the_functions_it_calls():
    user_ns: dict = {}
    exec("def inner():\n    return counts\ndef outer():\n    return [inner() for _ in x]", user_ns)
    touched = touched_names("result = outer()  # a comment", user_ns)
    assert touched is not None
    assert {"result", "outer", "inner", "counts", "x", "comment"} <= touched


@pytest.mark.parametrize(
    "code",
    [
        "%run script.py",
        "!ls",
        "globals()['v1'] = 2",
        "exec('v1 = 2')",
        "vars()['v1'] = 2",
        "get_ipython().push({'v1': 2})",
        "sneaky()",
    ],
)
def test_code_that_may_change_names_it_does_not_spell_has_every_name_checked(code):
    user_ns: dict = {}
    exec("def sneaky():\n    globals()['v1'] = 3", user_ns)
    assert touched_names(code, user_ns) is None


def test_following_functions_stops_at_its_limit():
    user_ns: dict = {}
    source = "\n".join(f"def f{i}():\n    return f{i + 1}()" for i in range(CODE_LIMIT + 5))
    exec(source, user_ns)
    assert touched_names("f0()", user_ns) is None
    assert touched_names(f"f{CODE_LIMIT}()", user_ns) is not None


def test_the_names_of_a_cell_never_raise():
    assert touched_names(None, {}) is None
    assert touched_names("x", None) is None
    assert touched_names(b"x", {}) is None


def test_the_probes_hook_reports_a_change_made_by_a_called_function_in_its_cell(shell):
    run(shell, "\n".join(f"v{i} = [{i}, 'x']" for i in range(NAMES)))
    run(shell, "def grow():\n    v11.extend(range(20_000))")
    records: list[dict] = []
    probe = install(shell)
    try:
        probe.watch._config["max_variables"] = NAMES + 50
        probe.watch.listeners.append(records.append)
        for _ in range(3):
            run(shell, "pass")
        run(shell, "grow()")
    finally:
        uninstall()
    assert item(records[-1]["variables"], "v11")["size"] > 100_000
    assert sys.getsizeof(shell.user_ns["v11"]) > 100_000
