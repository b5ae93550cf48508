"""The data libraries the probe sizes by their own rules, and which of them the user imported.

`LIBRARY_KINDS` is the one place that says which libraries are supported: supporting one more
(another data frame type, say) is one more entry there (see `kinds.LibraryKind`), whose rules
can live in a module of their own beside the others (``lib_*.py``). Objects of a library that
has no entry, or that the user has not imported, are sized as plain objects.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from . import lib_numpy, lib_pandas, lib_tables, lib_torch
from .kinds import LibraryKind
from .paths import Path
from .sizing import Handler, Sizer
from .typeinfo import library_class

LIBRARY_KINDS: tuple[LibraryKind, ...] = (
    LibraryKind(
        lib_numpy.NDARRAY,
        "numpy",
        ("ndarray",),
        load=lib_numpy.NumpyApi,
        size=lib_numpy.size,
        describe=lib_numpy.describe,
        signature=lib_numpy.signature,
        view=lib_numpy.VIEW,
    ),
    LibraryKind(
        lib_pandas.PANDAS_INDEX,
        "pandas",
        ("Index",),
        load=lib_pandas.IndexApi,
        size=lib_pandas.size_index,
        describe=lib_pandas.describe_index,
        signature=lib_pandas.signature_index,
        needs=(lib_numpy.NDARRAY,),
    ),
    LibraryKind(
        lib_pandas.PANDAS_FRAME,
        "pandas",
        ("DataFrame",),
        load=lib_pandas.FrameApi,
        size=lib_pandas.size_frame,
        describe=lib_pandas.describe_frame,
        signature=lib_pandas.signature_frame,
        needs=(lib_numpy.NDARRAY, lib_pandas.PANDAS_INDEX),
    ),
    LibraryKind(
        lib_pandas.PANDAS_SERIES,
        "pandas",
        ("Series",),
        load=lib_pandas.FrameApi,
        size=lib_pandas.size_frame,
        describe=lib_pandas.describe_series,
        signature=lib_pandas.signature_frame,
        needs=(lib_numpy.NDARRAY, lib_pandas.PANDAS_INDEX),
    ),
    LibraryKind(
        lib_torch.TENSOR,
        "torch",
        ("Tensor",),
        load=lib_torch.TorchApi,
        size=lib_torch.size,
        describe=lib_torch.describe,
        # A tensor's storage can change under it: it is sized afresh each scan.
        signature=None,
        view=lib_torch.VIEW,
    ),
    LibraryKind(
        lib_tables.POLARS,
        "polars",
        ("DataFrame", "Series"),
        load=lib_tables.polars_api,
        size=lib_tables.size_estimated,
        describe=lib_tables.describe,
        signature=lib_tables.shape_signature,
    ),
    LibraryKind(
        lib_tables.ARROW,
        "pyarrow",
        ("Table", "RecordBatch", "Array", "ChunkedArray"),
        load=lib_tables.arrow_api,
        size=lib_tables.size_exact,
        describe=lib_tables.describe,
        signature=lib_tables.immutable_signature,
    ),
)
"""Each kind after those it `needs`."""


class Libraries:
    """Which entries of `LIBRARY_KINDS` apply: those whose module the user has imported and
    whose classes their version has. Looked up again only when one of the modules appears in
    (or leaves) ``sys.modules``."""

    def __init__(self) -> None:
        self._table: tuple[LibraryKind, ...] = ()
        self._modules: tuple[str, ...] = ()
        self._key: tuple[int, ...] | None = None
        self.kinds: dict[int, str] = {}
        """The kind of each class found, by the class's id."""
        self.handlers: dict[str, Handler] = {}
        """The sizing rule of each kind found, as the Sizer calls it."""
        self._apis: dict[int, Any] = {}
        self._entries: dict[str, LibraryKind] = {}
        self._first: dict[str, tuple[type, Any]] = {}

    def refresh(self) -> None:
        """Look the libraries up again if the set of imported ones changed."""
        table = LIBRARY_KINDS
        if table is not self._table:
            self._table = table
            self._modules = tuple(dict.fromkeys(entry.module for entry in table))
            self._key = None
        key = tuple(id(sys.modules.get(name)) for name in self._modules)
        if key == self._key:
            return
        self._key = key
        self.kinds = {}
        self.handlers = {}
        self._apis = {}
        self._entries = {}
        self._first = {}
        for entry in table:
            if all(kind in self._entries for kind in entry.needs):
                self._load(entry)

    def _load(self, entry: LibraryKind) -> None:
        for name in entry.classes:
            cls = library_class(entry.module, name)
            if cls is None:
                continue
            try:
                api = entry.load(cls)
            except Exception:  # noqa: BLE001  (an unexpected version: size its objects plainly)
                continue
            self.kinds[id(cls)] = entry.kind
            self._apis[id(cls)] = api
            self._first.setdefault(entry.kind, (cls, api))
        if entry.kind in self._first:
            self._entries[entry.kind] = entry
            self.handlers[entry.kind] = _handler(entry.size, self._apis)

    def first(self, kind: str) -> tuple[type, Any]:
        """The first class found of a kind, and what its entry loaded from it."""
        return self._first[kind]

    def describe(self, o: Any, kind: str, base: type) -> str:
        """The description of `o`, of a library's kind, whose class `base` decided the kind."""
        return self._entries[kind].describe(o, self._apis[id(base)])

    def signature(self, o: Any, kind: str, base: type) -> tuple | None:
        """The signature of `o`, of a library's kind (see `signatures`)."""
        function = self._entries[kind].signature
        return None if function is None else function(o, self._apis[id(base)])

    def view(self, kind: str) -> str | None:
        """What a view of this kind views when no item owns its buffer; None for kinds that
        are no views."""
        entry = self._entries.get(kind)
        return None if entry is None else entry.view


def _handler(size: Callable[..., int], apis: dict[int, Any]) -> Handler:
    """A kind's rule as the Sizer calls it: with what was loaded from the deciding class."""

    # Positional, as the Sizer calls its own rules.
    def handle(sizer: Sizer, o: Any, base: type, depth: int, budget: int, path: Path) -> int:  # noqa: PLR0917
        return size(sizer, o, apis[id(base)], depth=depth, budget=budget, path=path)

    return handle
