"""What the scanner does not look at again: old keys of the namespace, unchanged names.

`UserNames` tests only the keys added since its last listing; `SteadyNames` checks the names
still bound to the small objects they held at the last scan in bulk. Both must give exactly
what looking at every key and every name one by one gives.
"""

from __future__ import annotations

import gc
import random
import sys
import weakref

import pytest
from test_probe_variables import fresh_shell, run, scan

from jupyterlab_memory_inspector.probe import namespace
from jupyterlab_memory_inspector.probe.kinds import LIST, SCALAR, SET
from jupyterlab_memory_inspector.probe.namespace import NamespaceScanner
from jupyterlab_memory_inspector.probe.steady import Carried, SteadyNames
from jupyterlab_memory_inspector.probe.usernames import UserNames


@pytest.fixture
def shell():
    yield from fresh_shell()


def full_listing(user_ns: dict, hidden: dict) -> list[str]:
    return [
        name for name in user_ns if type(name) is str and not (name[:1] == "_" and name in hidden)
    ]


class Key:
    """A namespace key that is not a str, and says when it is compared."""

    compared = 0
    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        Key.compared += 1
        return self is other


def test_the_incremental_listing_is_the_full_listing_whatever_the_namespace_does():
    rng = random.Random(3)
    user_ns: dict = {}
    hidden: dict = {}
    listing = UserNames()
    cell = 0
    for _ in range(3000):
        action = rng.random()
        keys = list(user_ns)
        if action < 0.3:
            cell += 1
            user_ns[f"_i{cell}"] = hidden[f"_i{cell}"] = "code"
        elif action < 0.5:
            user_ns[f"name{rng.randrange(60)}"] = rng.random()
        elif action < 0.6:
            user_ns[f"_mine{rng.randrange(10)}"] = 1
        elif action < 0.75 and keys:
            key = rng.choice(keys)
            del user_ns[key]
            hidden.pop(key, None)
        elif action < 0.85 and keys:
            # Deleted and bound again: the key moves to the end.
            key = rng.choice(keys)
            user_ns[key] = user_ns.pop(key)
        elif action < 0.9:
            user_ns[Key()] = 1
        elif action < 0.95:
            for key in [key for key in keys if type(key) is not str]:
                del user_ns[key]
        else:
            name = f"name{rng.randrange(60)}"
            if name in user_ns:
                # A user's name that IPython pushes as its own (hidden) is still listed: the
                # scan tells them apart by value.
                hidden[name] = user_ns[name]
        assert listing.of(user_ns, hidden) == full_listing(user_ns, hidden)
    assert Key.compared == 0


class CountingHidden(dict):
    """user_ns_hidden that counts the names it is asked about."""

    asked = 0

    def __contains__(self, name: object) -> bool:
        CountingHidden.asked += 1
        return dict.__contains__(self, name)


def test_only_the_keys_added_since_the_last_listing_are_looked_at():
    user_ns: dict = {"x": 1, "y": 2}
    hidden = CountingHidden()
    for cell in range(1000):
        user_ns[f"_i{cell}"] = hidden[f"_i{cell}"] = "code"
    listing = UserNames()
    assert listing.of(user_ns, hidden) == ["x", "y"]
    assert CountingHidden.asked == 1000
    CountingHidden.asked = 0
    user_ns["_i1000"] = hidden["_i1000"] = "code"
    user_ns["z"] = 3
    assert listing.of(user_ns, hidden) == ["x", "y", "z"]
    assert CountingHidden.asked == 1


def test_a_key_that_is_not_a_str_is_never_held():
    key = Key()
    user_ns = {"x": 1, key: 2}
    listing = UserNames()
    assert listing.of(user_ns, {}) == ["x"]
    gone = weakref.ref(key)
    del user_ns[key], key
    gc.collect()
    assert gone() is None
    assert listing.of(user_ns, {}) == ["x"]


def name_by_name(scanner: NamespaceScanner) -> None:
    """Make `scanner` check every name alone, as it did before the bulk check."""

    class Never:
        def carry(self, *args: object) -> Carried:
            return Carried()

        def remember(self, *args: object) -> None:
            pass

        def forget(self) -> None:
            pass

        def largest(self, count: int) -> list:
            return []

        def records(self) -> list:
            return []

    scanner._steady = Never()  # type: ignore[assignment]


CELLS = [
    "ints = 10**30\nsmall = [1, 2, 3]\ntext = 'abc' * 10\nwords = {'a': 1}\nkinds = {1, 2}",
    "pass",
    "small.append(4)",
    "small = [1, 2, 3, 4]",
    "words['b'] = 2",
    "kinds.add(3)",
    "kinds = {1, 2, 3}",
    "text = 'xyz' * 10",
    "alias = small",
    "del alias",
    "ints = 10**30 + 1",
    "class Sneaky(list):\n    def __len__(self):\n        raise RuntimeError('no')\n"
    "sneaky = Sneaky([1, 2])",
    "sneaky.append(3)",
    "get_ipython().push({'words': words}, interactive=False)",
    "del small",
    "small = (1, 2)",
    "frozen = frozenset(kinds)\nbig = list(range(300_000))",
    "big.append(1)",
    "pass",
]


def test_the_bulk_check_reports_what_the_check_name_by_name_reports(shell, monkeypatch):
    carried: list[int] = []
    carry = SteadyNames.carry

    def counting(self: SteadyNames, *args: object) -> Carried:
        found = carry(self, *args)  # type: ignore[arg-type]
        carried.append(found.count)
        return found

    monkeypatch.setattr(SteadyNames, "carry", counting)
    run(shell, "\n".join(f"filler{i} = [{i}] * {i % 7}" for i in range(150)))
    bulk = NamespaceScanner()
    alone = NamespaceScanner()
    name_by_name(alone)
    for code in CELLS:
        run(shell, code)
        for _ in range(2):
            reports = [scan(scanner, shell, max_items=200) for scanner in (bulk, alone)]
            for report in reports:
                del report["elapsed"]
            assert reports[0] == reports[1], code
    # Most scans found most names unchanged: the bulk check was used, not bypassed.
    assert sum(count >= 150 for count in carried) >= len(CELLS)


def test_unchanged_names_are_not_checked_one_by_one(shell, monkeypatch):
    run(shell, "\n".join(f"v{i} = [{i}, 'x']" for i in range(200)))
    scanner = NamespaceScanner()
    scan(scanner, shell)
    scan(scanner, shell)
    checked: list[str] = []
    take_light = namespace.Scan.take_light

    def counting(self: namespace.Scan, name: str, *args: object, **kwargs: object) -> object:
        checked.append(name)
        return take_light(self, name, *args, **kwargs)

    monkeypatch.setattr(namespace.Scan, "take_light", counting)
    run(shell, "v7.append(1)")
    report = scan(scanner, shell)
    assert report["total"] == 200
    # The grown list's group of names is checked again one by one, and no other name.
    assert "v7" in checked
    assert len(checked) <= 64


class Entry:
    """What the scan caches of an object, as `SteadyNames` reads it."""

    def __init__(self, obj: object, kind: str) -> None:
        self.type_id = id(type(obj))
        self.kind = kind
        self.base = type(obj)
        self.signature = (len(obj),) if kind != SCALAR else (sys.getsizeof(obj),)
        self.parts: dict = {}
        self.size = 0


def steady_with(names: list[str], objects: list[object], kind: str) -> SteadyNames:
    steady = SteadyNames()
    fresh = []
    for order, (name, obj) in enumerate(zip(names, objects)):
        ref = weakref.ref(obj) if type(obj) in (set, frozenset) else None
        fresh.append((order, name, obj, Entry(obj, kind), (id(obj), id(type(obj)), ref)))
    steady.remember(names, fresh)
    return steady


def as_if_in_the_place_of(steady: SteadyNames, order: int, obj: object) -> None:
    """Make the last scan's record at `order` say it saw `obj`'s address and signature, as when
    an object is freed and another is made at the same address."""
    [group] = steady._groups
    place = group.orders.index(order)
    group.ids[place] = id(obj)
    group.signatures[place] = len(obj)  # type: ignore[arg-type]


def carried_names(steady: SteadyNames, names: list[str], objects: list[object]) -> list[str]:
    """The names `steady` carries after a scan that checks every name, the namespace binding
    `names` to `objects`."""
    steady.carry(names, dict(zip(names, objects)), {})
    return [name for group in steady._groups for name in group.names]


def test_an_object_of_another_type_at_the_same_address_is_checked_alone():
    names = ["a", "b"]
    kept, gone, same, other = [1, 2], [5, 6], [7, 8], (7, 8)
    steady = steady_with(names, [kept, gone], LIST)
    as_if_in_the_place_of(steady, 1, same)
    assert carried_names(steady, names, [kept, same]) == names
    steady = steady_with(names, [kept, gone], LIST)
    as_if_in_the_place_of(steady, 1, other)
    # Only the name whose object changed leaves the bulk check.
    assert carried_names(steady, names, [kept, other]) == ["a"]


def test_a_weakly_referenced_object_replaced_at_the_same_address_is_checked_alone():
    names = ["s", "t"]
    first, second = {1, 2}, {3, 4}
    steady = steady_with(names, [first, second], SET)
    assert carried_names(steady, names, [first, second]) == names
    replacement = {5, 6}
    as_if_in_the_place_of(steady, 1, replacement)
    assert carried_names(steady, names, [first, replacement]) == ["s"]


def test_what_a_partial_scan_carried_is_known_to_the_next_scan(shell):
    run(shell, "\n".join(f"v{i} = [{i}] * {i % 5}" for i in range(120)))
    bulk = NamespaceScanner()
    alone = NamespaceScanner()
    name_by_name(alone)
    # The first scan sizes, the second makes light records, the third carries them.
    for scanner in (bulk, alone):
        for _ in range(3):
            scan(scanner, shell)
    run(shell, "v3.append(1)\nextra = 'new'")
    for scanner in (bulk, alone):
        assert scanner.scan(shell, budget=0.0)["partial"] is True
    run(shell, "v4.append(1)")
    reports = [scan(scanner, shell, max_items=200) for scanner in (bulk, alone)]
    for report in reports:
        del report["elapsed"]
    assert reports[0] == reports[1]
    # Only the name the partial scan did not reach is still new.
    assert [entry["name"] for entry in reports[0]["items"] if entry["new"]] == ["extra"]
