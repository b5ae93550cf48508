"""What a scan looks at stays bounded however long the session: the output cache in turns,
new names from the end of the namespace, a deleted name without checking every other one,
sampled containers in bulk. Each test counts what is looked at one by one, and checks that
what changed is still found."""

from __future__ import annotations

import math

import pytest
from test_probe_variables import MiB, fresh_shell, holders, item, run, scan

from jupyterlab_memory_inspector.probe import namespace, scanoutputs
from jupyterlab_memory_inspector.probe.namespace import NamespaceScanner
from jupyterlab_memory_inspector.probe.usernames import UserNames

OUTPUTS = 100


class AskedHidden(dict):
    """user_ns_hidden that counts the names it is asked about."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def __contains__(self, name: object) -> bool:
        self.asked += 1
        return dict.__contains__(self, name)


@pytest.fixture
def shell():
    yield from fresh_shell()


@pytest.fixture
def looked_at(monkeypatch):
    """The names `Scan.take_light` is asked about, scan after scan."""
    names: list[str] = []
    take_light = namespace.Scan.take_light

    def counting(self: namespace.Scan, name: str, *args: object, **kwargs: object) -> object:
        names.append(name)
        return take_light(self, name, *args, **kwargs)

    monkeypatch.setattr(namespace.Scan, "take_light", counting)
    return names


def show_outputs(shell, count: int) -> list[int]:
    """Display `count` small lists; their keys in Out."""
    keys = []
    for value in range(count):
        run(shell, f"[{value}, 'shown']")
        keys.append(shell.execution_count - 1)
    return keys


def test_a_scan_looks_at_few_old_outputs(shell, looked_at):
    show_outputs(shell, OUTPUTS)
    scanner = NamespaceScanner()
    for _ in range(3):
        scan(scanner, shell)
    looked_at.clear()
    scan(scanner, shell)
    outputs = [name for name in looked_at if name.startswith("Out[")]
    assert len(outputs) <= scanoutputs.TURN
    # The ones not looked at are still known, unchanged, to the report's counts.
    assert scanner.reused >= OUTPUTS


def test_the_unchanged_outputs_of_a_turn_are_checked_in_bulk(shell, looked_at):
    keys = show_outputs(shell, OUTPUTS)
    scanner = NamespaceScanner()
    for _ in range(3):
        scan(scanner, shell)
    looked_at.clear()
    for _ in range(math.ceil(OUTPUTS / scanoutputs.TURN)):
        scan(scanner, shell)
    # Every key has had its turn: none needed a look of its own, and none was left out.
    assert [name for name in looked_at if name.startswith("Out[")] == []
    assert scanner.reused >= OUTPUTS
    run(shell, f"Out[{keys[0]}].append('more')")
    for _ in range(math.ceil(OUTPUTS / scanoutputs.TURN)):
        scan(scanner, shell)
    assert f"Out[{keys[0]}]" in looked_at


def test_an_old_output_that_grows_is_found_within_its_turn(shell):
    keys = show_outputs(shell, OUTPUTS)
    scanner = NamespaceScanner()
    for _ in range(3):
        scan(scanner, shell)
    oldest = keys[0]
    run(shell, f"Out[{oldest}].extend(range(300_000))")
    turns = math.ceil(OUTPUTS / scanoutputs.TURN) + 1
    for _ in range(turns):
        report = scan(scanner, shell)
        found = [entry for entry in report["items"] if entry["name"] == f"Out[{oldest}]"]
        if found:
            break
    assert found, f"Out[{oldest}] grown to several MiB not listed within {turns} scans"
    assert found[0]["kind"] == "output"
    assert found[0]["size"] >= 2 * MiB


def test_a_replaced_output_is_found_and_a_culled_cache_is_looked_at_again(shell):
    keys = show_outputs(shell, OUTPUTS)
    scanner = NamespaceScanner()
    for _ in range(3):
        scan(scanner, shell)
    out = shell.history_manager.output_hist
    # Keys deleted, as IPython's cull does: every key is looked at again.
    for key in keys[:20]:
        del out[key]
    run(shell, "import numpy as np")
    out[keys[50]] = __import__("numpy").ones(3 * 2**20 // 8)
    report = scan(scanner, shell)
    entry = item(report, f"Out[{keys[50]}]")
    assert entry["size"] >= 3 * MiB


def test_an_output_held_by_a_name_that_becomes_large_gets_its_holder(shell):
    keys = show_outputs(shell, OUTPUTS)
    scanner = NamespaceScanner()
    for _ in range(3):
        scan(scanner, shell)
    run(shell, f"kept = Out[{keys[60]}]")
    scan(scanner, shell)
    run(shell, "kept.extend(range(300_000))")
    entry = item(scan(scanner, shell), "kept")
    assert ("output_cache", f"Out[{keys[60]}]") in holders(entry)


def test_a_deleted_name_does_not_list_every_key_again():
    user_ns: dict = {"x": 1, "y": 2, "z": 3}
    hidden = AskedHidden()
    for cell in range(1000):
        user_ns[f"_i{cell}"] = hidden[f"_i{cell}"] = "code"
    listing = UserNames()
    listing.of(user_ns, hidden)
    hidden.asked = 0
    del user_ns["y"]
    user_ns["_i1000"] = hidden["_i1000"] = "code"
    assert listing.of(user_ns, hidden) == ["x", "z"]
    assert hidden.asked == 1


def test_a_cell_that_binds_only_hidden_names_leaves_the_listing_as_it_was():
    user_ns: dict = {"x": 1, "y": 2}
    hidden: dict = {}
    listing = UserNames()
    first = listing.of(user_ns, hidden)
    user_ns["_i1"] = hidden["_i1"] = "x = 1"
    # Not a copy: a copy takes a reference to every name's string, each cell.
    assert listing.of(user_ns, hidden) is first
    user_ns["z"] = 3
    assert listing.of(user_ns, hidden) == ["x", "y", "z"]
    assert first == ["x", "y"]


def test_a_deleted_name_leaves_the_other_names_to_the_bulk_check(shell, looked_at):
    run(shell, "\n".join(f"v{i} = [{i}, 'x']" for i in range(200)))
    scanner = NamespaceScanner()
    for _ in range(3):
        scan(scanner, shell)
    looked_at.clear()
    run(shell, "del v7")
    report = scan(scanner, shell)
    assert report["total"] == 199
    assert "v7" not in {entry["name"] for entry in report["items"]}
    assert len(looked_at) <= 64


def test_an_unchanged_sampled_container_is_checked_in_bulk(shell, looked_at):
    run(shell, "\n".join(f"long{i} = list(range({i}, {i} + 1000))" for i in range(100)))
    scanner = NamespaceScanner()
    for _ in range(3):
        scan(scanner, shell)
    looked_at.clear()
    run(shell, "long5.append(1)")
    report = scan(scanner, shell, max_items=200)
    assert len(looked_at) <= 64
    assert item(report, "long5")["exact"] is False


def test_a_large_item_outside_the_sample_of_a_light_container_is_found(shell):
    scanner = NamespaceScanner()
    run(shell, "many = [None] * 10_000")
    for _ in range(3):
        scan(scanner, shell)
    run(shell, "import numpy as np\nbig = np.ones(2 * 2**20 // 8)\nmany[7_777] = big")
    scan(scanner, shell)
    run(shell, "pass")
    entry = item(scan(scanner, shell), "big")
    assert ("container", "many[7777]") in holders(entry)
