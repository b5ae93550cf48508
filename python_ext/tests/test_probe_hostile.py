"""The namespace scanner in a namespace whose objects fight back.

Every hostile method records its call in CALLS before misbehaving (raising, returning junk,
or never returning). A scan must return a valid report, call none of them, and keep to its
budget. An object whose ``__len__`` loops forever would hang the scan if it were ever called:
the timeout marks turn that into a failure.
"""

from __future__ import annotations

import itertools
import sys
import time
import types

import pytest
from IPython.core.interactiveshell import InteractiveShell
from test_probe_variables import fresh_shell, item, names, run, scan

from jupyterlab_memory_inspector.probe import namespace as namespace_module
from jupyterlab_memory_inspector.probe import sizing
from jupyterlab_memory_inspector.probe.namespace import NamespaceScanner

CALLS: list[str] = []

HOSTILE = '''
import sys
CALLS = sys.modules["test_probe_hostile"].CALLS

def record(what):
    CALLS.append(what)

class Junk:
    pass

class Proxy:
    """Answers every attribute, __class__ included, with junk or an error."""
    def __getattribute__(self, name):
        record(f"Proxy.__getattribute__({name})")
        if name.startswith("__"):
            raise RuntimeError(name)
        return Junk()
    def __getattr__(self, name):
        record(f"Proxy.__getattr__({name})")
        return Junk()
    def __sizeof__(self):
        record("Proxy.__sizeof__")
        raise RuntimeError("sizeof")
    def __len__(self):
        record("Proxy.__len__")
        while True:
            pass
    def __iter__(self):
        record("Proxy.__iter__")
        raise RuntimeError("iter")
    def __eq__(self, other):
        record("Proxy.__eq__")
        raise RuntimeError("eq")
    def __hash__(self):
        record("Proxy.__hash__")
        raise RuntimeError("hash")
    def __repr__(self):
        record("Proxy.__repr__")
        raise RuntimeError("repr")
    def __bool__(self):
        record("Proxy.__bool__")
        raise RuntimeError("bool")

class Endless:
    def __len__(self):
        record("Endless.__len__")
        while True:
            pass

class RaisingLen:
    def __len__(self):
        record("RaisingLen.__len__")
        raise RuntimeError("len")

class RaisingSizeof:
    def __init__(self):
        self.payload = ["x" * 100 for _ in range(100)]
    def __sizeof__(self):
        record("RaisingSizeof.__sizeof__")
        raise RuntimeError("sizeof")

class Unhashable:
    def __eq__(self, other):
        record("Unhashable.__eq__")
        raise RuntimeError("eq")
    def __hash__(self):
        record("Unhashable.__hash__")
        raise RuntimeError("hash")

class Key:
    """A dict key whose hash and equality record each use (the set-up's own are cleared)."""
    def __hash__(self):
        record("Key.__hash__")
        return 7
    def __eq__(self, other):
        record("Key.__eq__")
        return self is other

class RaisingProperty:
    @property
    def value(self):
        record("RaisingProperty.value")
        raise RuntimeError("property")

class DictIsAProperty:
    @property
    def __dict__(self):
        record("DictIsAProperty.__dict__")
        raise RuntimeError("dict")

class LyingClass:
    @property
    def __class__(self):
        record("LyingClass.__class__")
        return dict

class Meta(type):
    def __getattribute__(cls, name):
        record(f"Meta.__getattribute__({name})")
        return type.__getattribute__(cls, name)
    def __eq__(cls, other):
        record("Meta.__eq__")
        raise RuntimeError("eq")
    def __hash__(cls):
        record("Meta.__hash__")
        raise RuntimeError("hash")
    def __subclasscheck__(cls, sub):
        record("Meta.__subclasscheck__")
        raise RuntimeError("subclasscheck")
    def __instancecheck__(cls, obj):
        record("Meta.__instancecheck__")
        raise RuntimeError("instancecheck")

class UnderMeta(metaclass=Meta):
    pass

class EvilList(list):
    def __len__(self):
        record("EvilList.__len__")
        while True:
            pass
    def __getitem__(self, index):
        record("EvilList.__getitem__")
        raise RuntimeError("getitem")
    def __iter__(self):
        record("EvilList.__iter__")
        raise RuntimeError("iter")
    def __sizeof__(self):
        record("EvilList.__sizeof__")
        raise RuntimeError("sizeof")

class EvilDict(dict):
    def __len__(self):
        record("EvilDict.__len__")
        raise RuntimeError("len")
    def items(self):
        record("EvilDict.items")
        raise RuntimeError("items")
    def __iter__(self):
        record("EvilDict.__iter__")
        raise RuntimeError("iter")
    def keys(self):
        record("EvilDict.keys")
        raise RuntimeError("keys")

class EvilStr(str):
    def __len__(self):
        record("EvilStr.__len__")
        raise RuntimeError("len")
    def __sizeof__(self):
        record("EvilStr.__sizeof__")
        raise RuntimeError("sizeof")

class HostileError(Exception):
    def __getattribute__(self, name):
        record(f"HostileError.__getattribute__({name})")
        return Exception.__getattribute__(self, name)

proxy = Proxy()
endless = Endless()
raising_len = RaisingLen()
raising_sizeof = RaisingSizeof()
unhashable = Unhashable()
raising_property = RaisingProperty()
dict_property = DictIsAProperty()
lying = LyingClass()
under_meta = UnderMeta()
evil_list = EvilList(range(1000))
evil_dict = EvilDict(a=1, b=[1, 2, 3])
evil_str = EvilStr("x" * 1000)
self_list = [1, 2]
self_list.append(self_list)
self_dict = {"a": 1}
self_dict["me"] = self_dict
million = {i: str(i) for i in range(1_000_000)}
mixed = [proxy, endless, raising_len, unhashable, lying, under_meta, evil_list, evil_dict]
key = Key()
keyed = {key: proxy, "endless": endless}
globals()[Key()] = "a non-str key in the namespace"
'''


def forget_hostile(shell) -> None:
    """Drop the hostile namespace, and the non-str keys while their methods still work."""
    user_ns = shell.user_ns
    for key in [key for key in dict.keys(user_ns) if type(key) is not str]:
        dict.__delitem__(user_ns, key)
    user_ns.clear()
    # clear() took IPython's __name__ too: without it, later cells' classes would belong to
    # "builtins" in the tests that share this shell.
    user_ns["__name__"] = "__main__"
    CALLS.clear()


@pytest.fixture
def shell():
    cleanup = fresh_shell()
    yield next(cleanup)
    forget_hostile(InteractiveShell.instance())
    next(cleanup, None)


@pytest.fixture
def hostile(shell):
    CALLS.clear()
    run(shell, HOSTILE)
    CALLS.clear()
    yield shell


@pytest.mark.timeout(30)
def test_a_hostile_namespace_is_scanned_without_running_its_code(hostile):
    scanner = NamespaceScanner()
    report = scan(scanner, hostile, budget=0.05, max_items=100)
    assert CALLS == []
    listed = names(report)
    for name in ("proxy", "endless", "raising_len", "lying", "under_meta", "evil_list"):
        assert name in listed
    assert item(report, "lying")["type"] == "__main__.LyingClass"
    assert item(report, "under_meta")["type"] == "__main__.UnderMeta"
    assert item(report, "evil_list")["summary"] == "1,000 items"
    assert item(report, "evil_str")["size"] == str.__sizeof__(hostile.user_ns["evil_str"])
    assert item(report, "million")["exact"] is False


@pytest.mark.timeout(30)
def test_cached_scans_of_a_hostile_namespace_run_no_code_either(hostile):
    scanner = NamespaceScanner()
    scan(scanner, hostile, budget=5.0, max_items=100)
    run(hostile, "evil_list.append(1)\nproxy2 = Proxy()")
    CALLS.clear()
    for _ in range(3):
        report = scan(scanner, hostile, budget=5.0, max_items=100)
    assert CALLS == []
    assert report["partial"] is False
    assert report["scanned"] == report["total"]


@pytest.mark.timeout(30)
def test_a_hostile_exception_and_its_frames(hostile):
    run(
        hostile,
        """
        def fail(arg):
            local_proxy = Proxy()
            raise HostileError("hostile")
        fail(evil_dict)
        """,
        raises=True,
    )
    CALLS.clear()
    report = scan(NamespaceScanner(), hostile, budget=0.05, max_items=100)
    assert CALLS == []
    assert "local_proxy inside fail()" not in names(report), "small: not listed"


@pytest.mark.timeout(30)
@pytest.mark.parametrize("budget", [0.0, 0.001, 0.01])
def test_the_budget_is_kept_in_a_hostile_namespace(hostile, budget, monkeypatch):
    # A clock that moves 1 ms at every reading: the scan must stop by its own count of time,
    # whatever this machine's speed (tests assert no real durations).
    readings = itertools.count()
    fake = types.SimpleNamespace(perf_counter=lambda: next(readings) / 1000, time=time.time)
    monkeypatch.setattr(namespace_module, "time", fake)
    monkeypatch.setattr(sizing, "time", fake)
    report = scan(NamespaceScanner(), hostile, budget=budget, max_items=20)
    assert CALLS == []
    assert report["budget"] == budget
    assert report["partial"] is True
    assert report["elapsed"] <= budget + 0.1


@pytest.mark.timeout(30)
def test_a_keyboard_interrupt_mid_scan_returns_a_partial_report(hostile, monkeypatch):
    calls = 0
    walk = sizing._HANDLERS[sizing.LIST]

    def interrupted(self, *args):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return walk(self, *args)

    monkeypatch.setitem(sizing._HANDLERS, sizing.LIST, interrupted)
    report = scan(NamespaceScanner(), hostile, budget=5.0)
    assert report["partial"] is True
    assert calls >= 2


@pytest.mark.timeout(30)
def test_an_error_inside_the_scanner_leaves_the_object_unsized(hostile, monkeypatch):
    def broken(self, *args):
        raise RuntimeError("a bug in a sizing rule")

    monkeypatch.setitem(sizing._HANDLERS, sizing.DICT, broken)
    scanner = NamespaceScanner()
    report = scan(scanner, hostile, budget=5.0, max_items=100)
    assert scanner.unsized >= 3
    assert "million" not in names(report)
    assert "evil_list" in names(report)
    assert report["scanned"] < report["total"]


@pytest.mark.timeout(30)
def test_a_shell_that_is_not_one(monkeypatch):
    class NotAShell:
        user_ns = "not a dict"

    report = scan(NamespaceScanner(), NotAShell())
    assert report["items"] == []
    assert report["total"] == 0
    report = scan(NamespaceScanner(), None, budget="junk")
    assert report["budget"] == 0.0


@pytest.mark.timeout(30)
def test_hostile_objects_as_last_exception_and_display_hook(shell, monkeypatch):
    run(shell, HOSTILE)

    class Weird:
        def __getattribute__(self, name):
            CALLS.append(f"Weird.__getattribute__({name})")
            raise RuntimeError(name)

    monkeypatch.setattr(sys, "last_value", Weird(), raising=False)
    monkeypatch.setattr(sys, "last_traceback", Weird(), raising=False)
    shell.displayhook._ = shell.user_ns["proxy"]
    CALLS.clear()
    report = scan(NamespaceScanner(), shell, budget=1.0, max_items=100)
    assert CALLS == []
    assert report["partial"] is False
