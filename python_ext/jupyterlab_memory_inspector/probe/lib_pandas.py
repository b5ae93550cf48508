"""pandas frames, series and indexes: the values of each block of their manager and of their
index, sized as the numpy arrays (or extension arrays) they are, so that the buffers a frame
shares with other frames and arrays count once.

The blocks are pandas internals (stable from 1.1 to 3.x): they show which buffers a frame
shares. A pandas without them gets its shallow ``memory_usage``, as an estimate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from . import lib_numpy
from .descriptions import TIMES, counted
from .lib_numpy import NDARRAY
from .paths import Path
from .typeinfo import inherits, library_method

if TYPE_CHECKING:
    from .sizing import Sizer

PANDAS_FRAME = "pandas_frame"
PANDAS_SERIES = "pandas_series"
PANDAS_INDEX = "pandas_index"

_OBJECT_GETATTRIBUTE = object.__getattribute__
_ARROW_BUFFER = "arrow buffer"


class FrameApi:
    """A DataFrame's or a Series' own descriptors, read once from its class."""

    __slots__ = ("index", "shape")

    def __init__(self, cls: type) -> None:
        self.index = cls.index.__get__  # type: ignore[attr-defined]
        self.shape = cls.shape.__get__  # type: ignore[attr-defined]


class IndexApi:
    """The Index class, and its own ``__len__``."""

    __slots__ = ("cls", "length")

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.length: Callable[[Any], int] = cls.__len__  # type: ignore[attr-defined]


def size_frame(sizer: Sizer, o: Any, api: FrameApi, *, depth: int, budget: int, path: Path) -> int:
    """A frame's or a series' data: the values of each block of its manager, and its index."""
    try:
        blocks = _OBJECT_GETATTRIBUTE(o, "_mgr").blocks
    except AttributeError:
        sizer.exact = False
        memory_usage = library_method(type(o), "memory_usage", "pandas")
        return int(memory_usage(o, deep=False).sum())
    share = max(2, budget // (len(blocks) + 1))
    size = 0
    for block in blocks:
        size += max(0, _values(sizer, block.values, depth, share, path))
    index_api: IndexApi = sizer.libraries.first(PANDAS_INDEX)[1]
    return size + max(
        0, size_index(sizer, api.index(o), index_api, depth=depth, budget=share, path=path)
    )


def size_index(sizer: Sizer, o: Any, api: IndexApi, *, depth: int, budget: int, path: Path) -> int:
    # Only a plain Index stores its values as they are; RangeIndex and MultiIndex would
    # build them, so their own (shallow) figure is taken instead.
    if type(o) is api.cls:
        return _values(sizer, _OBJECT_GETATTRIBUTE(o, "_data"), depth, budget, path)
    memory_usage = library_method(type(o), "memory_usage", "pandas")
    return int(memory_usage(o, deep=False))


def _values(sizer: Sizer, values: Any, depth: int, budget: int, path: Path) -> int:
    """A block's (or an index's) values: an ndarray, or an extension array backed by one."""
    ndarray, numpy = sizer.libraries.first(NDARRAY)
    if inherits(type(values), ndarray):
        return lib_numpy.size(sizer, values, numpy, depth=depth + 1, budget=budget, path=path)
    try:
        backing = _OBJECT_GETATTRIBUTE(values, "_ndarray")
    except AttributeError:
        backing = None
    # Python-backed strings (and other object arrays) keep their objects in an ndarray;
    # arrow-backed ones (pandas 3's strings) their buffers, which a copy shares; any other
    # extension array (categorical, masked) reports its own bytes.
    is_array = backing is not None and inherits(type(backing), ndarray)
    if is_array and numpy.dtype(backing).kind == "O":
        return lib_numpy.size(sizer, backing, numpy, depth=depth + 1, budget=budget, path=path)
    try:
        chunked = _OBJECT_GETATTRIBUTE(values, "_pa_array")
    except AttributeError:
        return int(values.nbytes)
    return _arrow_buffers(sizer, chunked, path)


def _arrow_buffers(sizer: Sizer, chunked: Any, path: Path) -> int:
    """An arrow array's buffers, each a part: pandas copies an arrow-backed column by sharing
    them (arrow data is immutable), so a frame and its copy hold the same ones."""
    size = 0
    for chunk in chunked.chunks:
        # A column read in pieces can have thousands of chunks.
        sizer.check_clock()
        for buffer in chunk.buffers():
            if buffer is None:
                continue
            key = (_ARROW_BUFFER, buffer.address, buffer.size)
            if sizer.has_part(key):
                continue
            sizer.add_part(key, buffer.size, True, False, path)
            size += buffer.size
    return size


def describe_frame(o: Any, api: FrameApi) -> str:
    rows, columns = api.shape(o)
    return f"{counted(rows, 'row')} {TIMES} {counted(columns, 'column')}"


def describe_series(o: Any, api: FrameApi) -> str:
    blocks = _OBJECT_GETATTRIBUTE(o, "_mgr").blocks
    values = blocks[0].values
    return f"{counted(len(values), 'row')}, {values.dtype}"


def describe_index(o: Any, api: IndexApi) -> str:
    dtype = library_method(type(o), "dtype", "pandas").__get__(o)
    return f"{counted(api.length(o), 'entry')}, {dtype}"


def signature_frame(o: Any, api: FrameApi) -> tuple:
    manager = _OBJECT_GETATTRIBUTE(o, "_mgr")
    return (id(manager), tuple(id(block.values) for block in manager.blocks), id(api.index(o)))


def signature_index(o: Any, api: IndexApi) -> tuple:
    # An index is immutable.
    return ()
