"""Supporting one more data library is one entry in `libraries.LIBRARY_KINDS`.

The entry here is what a contributor would add for a third-party frame whose data lives outside
Python objects (in C, say), so that a walk of its attributes cannot see it: the module it needs
in ``sys.modules``, the class that recognizes its objects, and how to size, describe and
fingerprint them, through descriptors read once from the class.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from test_probe_variables import fresh_shell, item, run, scan

from jupyterlab_memory_inspector.probe import libraries
from jupyterlab_memory_inspector.probe.descriptions import TIMES
from jupyterlab_memory_inspector.probe.kinds import LibraryKind
from jupyterlab_memory_inspector.probe.namespace import NamespaceScanner

ROWS, COLUMNS = 1_000_000, 3
CALLS: list[str] = []


class Frame:
    """The third-party frame: it says how many bytes it allocated, and its shape."""

    __module__ = "fakeframes"

    def __init__(self, rows: int, columns: int) -> None:
        self._rows = rows
        self._columns = columns

    @property
    def nbytes(self) -> int:
        return self._rows * self._columns * 8

    @property
    def shape(self) -> tuple[int, int]:
        return (self._rows, self._columns)

    def grow(self, rows: int) -> None:
        self._rows += rows

    def __getattr__(self, name: str) -> Any:
        CALLS.append(name)
        raise AttributeError(name)


class FrameApi:
    def __init__(self, cls: type) -> None:
        self.nbytes = cls.__dict__["nbytes"].__get__
        self.shape = cls.__dict__["shape"].__get__


def size_frame(sizer: Any, o: Any, api: FrameApi, *, depth: int, budget: int, path: Any) -> int:
    return api.nbytes(o)


def describe_frame(o: Any, api: FrameApi) -> str:
    rows, columns = api.shape(o)
    return f"{rows:,} rows {TIMES} {columns:,} columns"


def signature_frame(o: Any, api: FrameApi) -> tuple:
    return api.shape(o)


FRAME = LibraryKind(
    "fakeframe",
    "fakeframes",
    ("Frame",),
    load=FrameApi,
    size=size_frame,
    describe=describe_frame,
    signature=signature_frame,
)


@pytest.fixture
def shell(monkeypatch):
    module = types.ModuleType("fakeframes")
    module.Frame = Frame  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fakeframes", module)
    CALLS.clear()
    yield from fresh_shell()


def test_a_library_without_an_entry_is_sized_as_plain_objects(shell):
    run(shell, f"import fakeframes\nframe = fakeframes.Frame({ROWS}, {COLUMNS})")
    entry = item(scan(NamespaceScanner(), shell), "frame")
    assert entry["size"] < 1024
    assert entry["summary"] == ""
    assert CALLS == []


def test_a_library_with_an_entry_is_sized_by_its_rule(shell, monkeypatch):
    monkeypatch.setattr(libraries, "LIBRARY_KINDS", (*libraries.LIBRARY_KINDS, FRAME))
    run(shell, f"import fakeframes\nframe = fakeframes.Frame({ROWS}, {COLUMNS})")
    scanner = NamespaceScanner()
    entry = item(scan(scanner, shell), "frame")
    assert entry["type"] == "fakeframes.Frame"
    assert entry["size"] == ROWS * COLUMNS * 8
    assert entry["exact"] is True
    assert entry["summary"] == f"1,000,000 rows {TIMES} 3 columns"
    # Unchanged by its signature: the size is reused; changed: sized again.
    scan(scanner, shell)
    assert scanner.sized == 0
    run(shell, "frame.grow(1000)")
    entry = item(scan(scanner, shell), "frame")
    assert scanner.sized >= 1
    assert entry["size"] == (ROWS + 1000) * COLUMNS * 8
    assert CALLS == []


def test_an_entry_whose_load_fails_leaves_its_objects_sized_plainly(shell, monkeypatch):
    def broken(cls: type) -> None:
        raise KeyError("a version without the descriptor")

    entry = LibraryKind(
        "fakeframe",
        "fakeframes",
        ("Frame",),
        load=broken,
        size=size_frame,
        describe=describe_frame,
        signature=signature_frame,
    )
    monkeypatch.setattr(libraries, "LIBRARY_KINDS", (*libraries.LIBRARY_KINDS, entry))
    run(shell, f"import fakeframes\nframe = fakeframes.Frame({ROWS}, {COLUMNS})")
    assert item(scan(NamespaceScanner(), shell), "frame")["size"] < 1024
