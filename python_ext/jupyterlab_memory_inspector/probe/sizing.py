"""Type-aware sizes of one object, found without running any of the object's own code.

Everything about an object is read through its type: ``type(o)``, the type's MRO read from the
``type`` slot itself (so a metaclass cannot intervene), and the C implementations of the builtin
types called unbound (``list.__getitem__(o, i)``, ``dict.items(o)``), which no subclass override,
``__getattr__`` or ``__getattribute__`` can reach. ``str``, ``repr``, ``len``, ``hasattr``,
``isinstance`` and ``sys.getsizeof`` on unknown objects would run user code and are never used
on them. Data libraries are looked up in ``sys.modules`` only: the probe never imports them.

Large containers are sampled (evenly spaced elements, or the first ones where the container can
only be walked in order) and their size extrapolated; nesting is depth-limited and every
top-level object gets a bounded number of visits, so sizing cannot run away. The clock is read
as the walk goes and :class:`OutOfTime` stops it when the scan's budget is spent.
"""

from __future__ import annotations

import array
import collections
import gc
import sys
import time
import types
from collections.abc import Container, Hashable
from itertools import islice
from typing import Any, Callable, Optional

SAMPLE = 100
"""Elements sized per container before the rest is extrapolated."""
MAX_DEPTH = 8
"""How deep a walk goes into nested containers before it counts shallow sizes only."""
NODE_BUDGET = 3000
"""Objects visited to size one top-level object."""
CHECK_EVERY = 64
"""Objects visited between two looks at the clock."""
KEY_CHARS = 40
"""Longest dict key shown in a path such as ``cache['key']``."""
_TIMES = "\u00d7"
"""The multiplication sign between the dimensions of a shape ("8192 by 8192")."""

SEEN = -1
"""What sizing returns for an object already counted: in the same walk, or as an item itself."""

SKIP = "skip"
SCALAR = "scalar"
LIST = "list"
TUPLE = "tuple"
DICT = "dict"
SET = "set"
DEQUE = "deque"
NDARRAY = "ndarray"
PANDAS_FRAME = "pandas_frame"
PANDAS_SERIES = "pandas_series"
PANDAS_INDEX = "pandas_index"
TENSOR = "tensor"
POLARS = "polars"
ARROW = "arrow"
OBJECT = "object"

CONTAINERS = frozenset((LIST, TUPLE, DICT, SET, DEQUE))
"""Kinds whose content can change while their cheap signature (length) stays the same."""

_TYPE_MRO = type.__dict__["__mro__"].__get__
_TYPE_MODULE = type.__dict__["__module__"].__get__
_TYPE_QUALNAME = type.__dict__["__qualname__"].__get__
_TYPE_WEAKREFOFFSET = type.__dict__["__weakrefoffset__"].__get__
_TYPE_DICT = type.__dict__["__dict__"].__get__
_MODULE_DICT = types.ModuleType.__dict__["__dict__"].__get__


_TYPE_ATTRIBUTE = type.__getattribute__


def own_size(o: Any) -> int:
    """The size of an object itself, from its type, never calling an override.

    ``object.__sizeof__`` adds ``ob_size`` items for variable-size types, but a generator's or
    coroutine's ``ob_size`` is not an item count: it would read as petabytes. Variable-size
    types that matter (str, bytes, int, tuple, ...) are sized by their own ``__sizeof__``
    elsewhere; for the others, the fixed part is what can be known safely.
    """
    cls = type(o)
    # Read through type's own descriptor: a metaclass's __getattribute__ is user code.
    if _TYPE_ATTRIBUTE(cls, "__itemsize__"):
        return int(_TYPE_ATTRIBUTE(cls, "__basicsize__"))
    return int(object.__sizeof__(o))


_OBJECT_GETATTRIBUTE = object.__getattribute__

_SMALL_INT_MIN = -5
_SMALL_INT_MAX = 256

# The probe's own types and IPython's are tooling, not the user's data.
_TOOLING_MODULES = ("IPython.", "ipykernel.", __name__.rpartition(".")[0] + ".")

_NOT_DATA = (
    types.ModuleType,
    type,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.MethodWrapperType,
    types.WrapperDescriptorType,
    types.MethodDescriptorType,
    types.ClassMethodDescriptorType,
    types.GetSetDescriptorType,
    types.MemberDescriptorType,
    types.CodeType,
    types.FrameType,
    types.TracebackType,
    staticmethod,
    classmethod,
    property,
)
_SCALARS = (
    int,
    float,
    complex,
    bool,
    str,
    bytes,
    bytearray,
    memoryview,
    array.array,
    type(None),
)
_BUILTIN_KINDS: dict[int, str] = {id(cls): SKIP for cls in _NOT_DATA}
_BUILTIN_KINDS.update({id(cls): SCALAR for cls in _SCALARS})
_BUILTIN_KINDS.update(
    {
        id(list): LIST,
        id(tuple): TUPLE,
        id(dict): DICT,
        id(set): SET,
        id(frozenset): SET,
        id(collections.deque): DEQUE,
    }
)

_NONE: dict = {}
"""The parts and members of a measure that has none: shared, and never written to."""

Path = Optional[tuple]
"""Where a walk is: None at the top object, else (parent path, step)."""
Part = tuple
"""A data buffer an object keeps alive: (bytes, held directly, is the object itself, where)."""


class OutOfTime(BaseException):
    """The scan's budget is spent.

    A BaseException so that no ``except Exception`` on its way up can swallow it: only the
    scan's loop catches it.
    """


def mro(cls: type) -> tuple[type, ...]:
    """The classes `cls` inherits from, read from the type slot itself: no metaclass code runs."""
    return _TYPE_MRO(cls)


def inherits(cls: type, base: type) -> bool:
    """Whether `base` is in the MRO of `cls`, compared by identity (a metaclass may define ==)."""
    return any(c is base for c in mro(cls))


def type_name(cls: type) -> str:
    """``module.QualName`` of a type, read through ``type`` so that a metaclass cannot lie."""
    module = _TYPE_MODULE(cls)
    qualname = _TYPE_QUALNAME(cls)
    if type(module) is not str:
        module = "?"
    if type(qualname) is not str:
        qualname = "?"
    return f"{module}.{qualname}"


def weakref_allowed(cls: type) -> bool:
    """Whether instances of `cls` accept weak references (so the cache can validate by one)."""
    return _TYPE_WEAKREFOFFSET(cls) != 0


def library_method(cls: type, name: str, package: str) -> Callable[..., Any]:
    """The method (or descriptor) `name` as the library's own classes in `cls`'s MRO define it:
    a library subclass (pandas' RangeIndex) keeps its override, a user's subclass does not."""
    for base in mro(cls):
        module = _TYPE_MODULE(base)
        if type(module) is str and (module == package or module.startswith(package + ".")):
            found = _TYPE_DICT(base).get(name)
            if found is not None:
                return found
    raise AttributeError(name)


def _is_tooling(cls: type) -> bool:
    module = _TYPE_MODULE(cls)
    return type(module) is str and module.startswith(_TOOLING_MODULES)


def _library_class(module_name: str, attribute: str) -> type | None:
    """A class a library that the user imported defines, or None; never imports anything."""
    module = sys.modules.get(module_name)
    if module is None or not inherits(type(module), types.ModuleType):
        return None
    found = dict.get(_MODULE_DICT(module), attribute)
    if found is None or not inherits(type(found), type):
        return None
    return found


class _NumpyApi:
    def __init__(self, ndarray: type) -> None:
        slots = ndarray.__dict__
        self.ndarray = ndarray
        self.nbytes = slots["nbytes"].__get__
        self.base = slots["base"].__get__
        self.shape = slots["shape"].__get__
        self.dtype = slots["dtype"].__get__
        self.size = slots["size"].__get__
        self.item: Callable[[Any, int], Any] = slots["item"]


class _PandasApi:
    def __init__(self, frame: type, series: type, index: type) -> None:
        self.index = index
        self.frame_index = frame.index.__get__
        self.frame_shape = frame.shape.__get__
        self.series_index = series.index.__get__
        self.index_len: Callable[[Any], int] = index.__len__


class _TorchApi:
    def __init__(self, tensor: type) -> None:
        self.storage: Callable[[Any], Any] = tensor.untyped_storage
        self.view_base = tensor._base.__get__
        self.shape = tensor.shape.__get__
        self.dtype = tensor.dtype.__get__
        self.device = tensor.device.__get__


class _TableApi:
    """A polars or pyarrow class: how to get its size and its shape or length."""

    def __init__(self, size: Callable[[Any], Any], shape: Callable[[Any], Any]) -> None:
        self.size = size
        self.shape = shape


def _polars_api(cls: type) -> _TableApi:
    return _TableApi(cls.estimated_size, cls.shape.__get__)


def _arrow_api(cls: type) -> _TableApi:
    if hasattr(cls, "num_columns"):
        rows = cls.num_rows.__get__
        columns = cls.num_columns.__get__

        def shape(o: Any) -> tuple[int, ...]:
            return (rows(o), columns(o))

    else:
        length = cls.__len__

        def shape(o: Any) -> tuple[int, ...]:
            return (length(o),)

    return _TableApi(cls.nbytes.__get__, shape)


class Libraries:
    """The data libraries the user has imported, and how to read sizes from their classes.

    Rebuilt only when one of them appears in (or leaves) ``sys.modules``. Anything a library's
    version lacks leaves that library out: its objects are then sized as plain objects.
    """

    MODULES = ("numpy", "pandas", "torch", "polars", "pyarrow")

    def __init__(self) -> None:
        self._key: tuple[int, ...] | None = None
        self.kinds: dict[int, str] = {}
        self.numpy: _NumpyApi | None = None
        self.pandas: _PandasApi | None = None
        self.torch: _TorchApi | None = None
        self.tables: dict[int, _TableApi] = {}

    def refresh(self) -> None:
        """Look the libraries up again if the set of imported ones changed."""
        key = tuple(id(sys.modules.get(name)) for name in self.MODULES)
        if key == self._key:
            return
        self._key = key
        self.kinds = {}
        self.tables = {}
        self.numpy = self._load(self._load_numpy)
        self.pandas = self._load(self._load_pandas) if self.numpy is not None else None
        self.torch = self._load(self._load_torch)
        self._load(self._load_polars)
        self._load(self._load_arrow)

    @staticmethod
    def _load(loader: Callable[[], Any]) -> Any:
        try:
            return loader()
        except Exception:  # noqa: BLE001  (an unexpected library version: size its objects plainly)
            return None

    def _load_numpy(self) -> _NumpyApi | None:
        ndarray = _library_class("numpy", "ndarray")
        if ndarray is None:
            return None
        api = _NumpyApi(ndarray)
        self.kinds[id(ndarray)] = NDARRAY
        return api

    def _load_pandas(self) -> _PandasApi | None:
        classes = [_library_class("pandas", name) for name in ("DataFrame", "Series", "Index")]
        frame, series, index = classes
        if frame is None or series is None or index is None:
            return None
        api = _PandasApi(frame, series, index)
        self.kinds.update(
            {id(frame): PANDAS_FRAME, id(series): PANDAS_SERIES, id(index): PANDAS_INDEX}
        )
        return api

    def _load_torch(self) -> _TorchApi | None:
        tensor = _library_class("torch", "Tensor")
        if tensor is None:
            return None
        api = _TorchApi(tensor)
        self.kinds[id(tensor)] = TENSOR
        return api

    def _load_polars(self) -> None:
        for name in ("DataFrame", "Series"):
            cls = _library_class("polars", name)
            if cls is not None:
                self.tables[id(cls)] = _polars_api(cls)
                self.kinds[id(cls)] = POLARS

    def _load_arrow(self) -> None:
        for name in ("Table", "RecordBatch", "Array", "ChunkedArray"):
            cls = _library_class("pyarrow", name)
            if cls is not None:
                self.tables[id(cls)] = _arrow_api(cls)
                self.kinds[id(cls)] = ARROW


class Measure:
    """What sizing one object found.

    `parts` are the data buffers it keeps alive that other objects may share (numpy owners,
    torch storages), so that each is counted once for the whole namespace; `members` are the
    other items met inside it (not counted here), with where they sit.
    """

    __slots__ = ("exact", "members", "parts", "sampled", "size", "summary")

    def __init__(
        self,
        size: int,
        exact: bool,
        summary: str,
        *,
        parts: dict[Hashable, Part],
        members: dict[int, str],
        sampled: bool,
    ) -> None:
        self.size = size
        self.exact = exact
        self.summary = summary
        self.parts = parts
        self.members = members
        self.sampled = sampled


class Sizer:
    """Sizes the objects of one scan; knows which objects are items of their own (not counted
    inside others) and which are never to be walked into (the namespace's own dicts)."""

    def __init__(
        self,
        libraries: Libraries,
        deadline: float,
        items: Container[int],
        ignore: set[int],
    ) -> None:
        self._libraries = libraries
        self.deadline = deadline
        self._items = items
        self._ignore = ignore
        self._kinds: dict[int, tuple[str, type]] = {}
        self._countdown = CHECK_EVERY
        self._root: Any = None
        self._visited: set[Hashable] = set()
        self._parts: dict[Hashable, Part] = {}
        self._members: dict[int, str] = {}
        self._exact = True
        self._sampled = False

    def kind_of(self, cls: type) -> tuple[str, type]:
        """The kind of sizing instances of `cls` get, and the class in its MRO that decided it."""
        key = id(cls)
        found = self._kinds.get(key)
        if found is None:
            found = self._classify(cls)
            self._kinds[key] = found
        return found

    def _classify(self, cls: type) -> tuple[str, type]:
        library = self._libraries.kinds
        for base in mro(cls):
            kind = _BUILTIN_KINDS.get(id(base)) or library.get(id(base))
            if kind is not None:
                return kind, base
        if _is_tooling(cls):
            return SKIP, object
        return OBJECT, object

    def check_clock(self) -> None:
        """Raise OutOfTime once the scan's deadline has passed."""
        if time.perf_counter() > self.deadline:
            raise OutOfTime

    def measure(self, obj: Any, kind: str, base: type) -> Measure:
        """Size one top-level object of a known kind (see `kind_of`)."""
        self.check_clock()
        if kind == SCALAR and type(obj) is base:
            summary = describe(obj, kind, base, self._libraries)
            return Measure(
                sys.getsizeof(obj), True, summary, parts=_NONE, members=_NONE, sampled=False
            )
        self._root = obj
        self._visited = {id(obj)}
        self._parts = {}
        self._members = {}
        self._exact = True
        self._sampled = False
        try:
            size = _HANDLERS[kind](self, obj, base, 0, NODE_BUDGET, None)
            summary = describe(obj, kind, base, self._libraries)
            return Measure(
                max(size, 0),
                self._exact,
                summary,
                parts=self._parts,
                members=self._members,
                sampled=self._sampled,
            )
        finally:
            self._root = None
            self._visited = set()

    def _tick(self) -> None:
        self._countdown -= 1
        if self._countdown <= 0:
            self._countdown = CHECK_EVERY
            self.check_clock()

    def _child(self, o: Any, depth: int, budget: int, path: Path) -> int:
        """The size an element adds to its container: SEEN if counted elsewhere, 0 if shared."""
        cls = type(o)
        # None, True, False and small ints exist once in CPython: holding one costs nothing.
        if o is None or o is True or o is False:
            return 0
        if cls is int and _SMALL_INT_MIN <= o <= _SMALL_INT_MAX:
            return 0
        oid = id(o)
        if oid in self._visited or oid in self._items or oid in self._ignore:
            if oid in self._items and oid not in self._visited:
                self._members.setdefault(oid, render_path(path))
            return SEEN
        kind, base = self.kind_of(cls)
        if kind == SKIP:
            return 0
        self._visited.add(oid)
        self._tick()
        if depth >= MAX_DEPTH:
            self._exact = False
            return _shallow(o, kind, base)
        return _HANDLERS[kind](self, o, base, depth, budget, path)

    def _skip(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        return 0

    def _scalar(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        if type(o) is base:
            return sys.getsizeof(o)
        return base.__sizeof__(o) + self._referents(o, depth, budget, path)

    def _sequence(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        n = base.__len__(o)
        own = _container_sizeof(o, base)
        count = self._sample_count(n, budget, depth)
        if count == 0:
            return own
        getitem = base.__getitem__
        step = _Extrapolation(n, count)
        child_budget = (budget - 1) // count
        for j in range(count):
            i = j * n // count
            step.add(self._child(getitem(o, i), depth + 1, child_budget, (path, i)))
        return own + step.total()

    def _dict(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        n = dict.__len__(o)
        own = _container_sizeof(o, base)
        count = self._sample_count(n, budget // 2, depth)
        if count == 0:
            return own
        step = _Extrapolation(n, count)
        child_budget = max(1, (budget - 1) // (2 * count))
        # A dict can only be walked in order: its first entries are the sample.
        for key, value in islice(dict.items(o), count):
            step.add(self._child(key, depth + 1, child_budget, (path, (_KEY_ITSELF, key))))
            step.add(self._child(value, depth + 1, child_budget, (path, (_KEY, key))))
        return own + step.total()

    def _iterable(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        n = base.__len__(o)
        own = _container_sizeof(o, base)
        count = self._sample_count(n, budget, depth)
        if count == 0:
            return own
        step = _Extrapolation(n, count)
        child_budget = (budget - 1) // count
        member_path = (path, _MEMBER) if base is not collections.deque else None
        for j, element in enumerate(islice(base.__iter__(o), count)):
            where = member_path if member_path is not None else (path, j)
            step.add(self._child(element, depth + 1, child_budget, where))
        return own + step.total()

    def _sample_count(self, n: int, budget: int, depth: int) -> int:
        """How many of `n` elements to size; 0 when none can be (the size stays shallow)."""
        if n == 0:
            return 0
        count = min(n, SAMPLE, budget - 1)
        if count <= 0:
            self._exact = False
            return 0
        if count < n:
            self._exact = False
            if depth == 0:
                self._sampled = True
        return count

    def _referents(self, o: Any, depth: int, budget: int, path: Path) -> int:
        """The sizes of what an object of no known kind refers to (its attributes, mostly)."""
        referents = gc.get_referents(o)
        n = len(referents)
        count = self._sample_count(n, budget, depth)
        if count == 0:
            return 0
        step = _Extrapolation(n, count)
        child_budget = (budget - 1) // count
        attribute = (path, _ATTRIBUTE)
        for j in range(count):
            step.add(self._child(referents[j * n // count], depth + 1, child_budget, attribute))
        return step.total()

    def _object(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        return own_size(o) + self._referents(o, depth, budget, path)

    def _ndarray(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        numpy = self._libraries.numpy
        assert numpy is not None
        owner = _numpy_owner(o, numpy)
        key = id(owner)
        # Views of one buffer met in one walk: the buffer counts once.
        if key in self._parts:
            return SEEN
        nbytes = numpy.nbytes(owner) + self._object_elements(owner, numpy, depth, budget, path)
        self._parts[key] = (nbytes, owner is o, owner is self._root, render_path(path))
        return nbytes

    def _object_elements(
        self, arr: Any, numpy: _NumpyApi, depth: int, budget: int, path: Path
    ) -> int:
        """What the Python objects of an object-dtype array add to its pointers."""
        if numpy.dtype(arr).kind != "O":
            return 0
        n = numpy.size(arr)
        count = self._sample_count(n, budget, depth)
        if count == 0:
            return 0
        step = _Extrapolation(n, count)
        child_budget = (budget - 1) // count
        for j in range(count):
            i = j * n // count
            step.add(self._child(numpy.item(arr, i), depth + 1, child_budget, (path, _VALUE)))
        return step.total()

    def _pandas_frame(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        pandas = self._libraries.pandas
        assert pandas is not None
        return self._pandas_blocks(o, pandas.frame_index(o), depth, budget, path)

    def _pandas_series(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        pandas = self._libraries.pandas
        assert pandas is not None
        return self._pandas_blocks(o, pandas.series_index(o), depth, budget, path)

    def _pandas_blocks(self, o: Any, index: Any, depth: int, budget: int, path: Path) -> int:
        """A frame's or a series' data: the values of each block of its manager, and its index.

        The blocks are pandas internals (stable from 1.1 to 3.x): they show which buffers a
        frame shares. A pandas without them gets its shallow memory_usage, as an estimate.
        """
        try:
            blocks = _OBJECT_GETATTRIBUTE(o, "_mgr").blocks
        except AttributeError:
            self._exact = False
            memory_usage = library_method(type(o), "memory_usage", "pandas")
            return int(memory_usage(o, deep=False).sum())
        share = max(2, budget // (len(blocks) + 1))
        size = 0
        for block in blocks:
            size += max(0, self._pandas_values(block.values, depth, share, path))
        return size + max(0, self._pandas_index(index, object, depth, share, path))

    def _pandas_index(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        pandas = self._libraries.pandas
        assert pandas is not None
        # Only a plain Index stores its values as they are; RangeIndex and MultiIndex would
        # build them, so their own (shallow) figure is taken instead.
        if type(o) is pandas.index:
            return self._pandas_values(_OBJECT_GETATTRIBUTE(o, "_data"), depth, budget, path)
        memory_usage = library_method(type(o), "memory_usage", "pandas")
        return int(memory_usage(o, deep=False))

    def _pandas_values(self, values: Any, depth: int, budget: int, path: Path) -> int:
        """A block's (or an index's) values: an ndarray, or an extension array backed by one."""
        numpy = self._libraries.numpy
        assert numpy is not None
        if inherits(type(values), numpy.ndarray):
            return self._ndarray(values, numpy.ndarray, depth + 1, budget, path)
        try:
            backing = _OBJECT_GETATTRIBUTE(values, "_ndarray")
        except AttributeError:
            backing = None
        # Python-backed strings (and other object arrays) keep their objects in an ndarray;
        # any other extension array (categorical, arrow, masked) reports its own bytes.
        is_array = backing is not None and inherits(type(backing), numpy.ndarray)
        if is_array and numpy.dtype(backing).kind == "O":
            return self._ndarray(backing, numpy.ndarray, depth + 1, budget, path)
        return int(values.nbytes)

    def _tensor(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        torch = self._libraries.torch
        assert torch is not None
        # Memory on a GPU is not the kernel's: only host tensors count toward its size.
        if torch.device(o).type != "cpu":
            return 0
        storage = torch.storage(o)
        key = ("torch", int(storage.data_ptr()))
        if key in self._parts:
            return SEEN
        nbytes = int(storage.nbytes())
        owns = torch.view_base(o) is None
        self._parts[key] = (nbytes, owns, owns and o is self._root, render_path(path))
        return nbytes

    def _table(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        api = self._libraries.tables[id(base)]
        if self._libraries.kinds.get(id(base)) == POLARS:
            self._exact = False
        return int(api.size(o))


# Functions, not bound methods: a Sizer holding its own bound methods would be a reference cycle,
# and keep the scan's objects alive until the garbage collector ran.
_HANDLERS: dict[str, Callable[[Sizer, Any, type, int, int, Path], int]] = {
    SKIP: Sizer._skip,
    SCALAR: Sizer._scalar,
    LIST: Sizer._sequence,
    TUPLE: Sizer._sequence,
    DICT: Sizer._dict,
    SET: Sizer._iterable,
    DEQUE: Sizer._iterable,
    NDARRAY: Sizer._ndarray,
    PANDAS_FRAME: Sizer._pandas_frame,
    PANDAS_SERIES: Sizer._pandas_series,
    PANDAS_INDEX: Sizer._pandas_index,
    TENSOR: Sizer._tensor,
    POLARS: Sizer._table,
    ARROW: Sizer._table,
    OBJECT: Sizer._object,
}


class _Extrapolation:
    """Sums the sampled elements of a container and scales the sum up to all its elements.

    Elements already counted (the same object met twice) hint that the container repeats a
    few objects: when the sample repeats at least as often as it finds new objects, it has
    likely seen them all, and scaling up would count the same few objects many times over.
    """

    __slots__ = ("count", "fresh", "n", "repeats", "sum")

    def __init__(self, n: int, count: int) -> None:
        self.n = n
        self.count = count
        self.sum = 0
        self.fresh = 0
        self.repeats = 0

    def add(self, size: int) -> None:
        if size < 0:
            self.repeats += 1
        elif size > 0:
            self.sum += size
            self.fresh += 1

    def total(self) -> int:
        if self.count >= self.n or (self.repeats and self.repeats >= self.fresh):
            return self.sum
        return self.sum * self.n // self.count


def _container_sizeof(o: Any, base: type) -> int:
    # sys.getsizeof adds the GC header; on a subclass it would run the override instead.
    if type(o) is base:
        return sys.getsizeof(o)
    return base.__sizeof__(o)


def _shallow(o: Any, kind: str, base: type) -> int:
    if kind in CONTAINERS or kind == SCALAR:
        return _container_sizeof(o, base)
    return own_size(o)


def _numpy_owner(arr: Any, numpy: _NumpyApi) -> Any:
    """The ndarray at the end of `arr`'s base chain: the one whose buffer it shares."""
    owner = arr
    for _ in range(64):
        base = numpy.base(owner)
        if base is None or not inherits(type(base), numpy.ndarray):
            break
        owner = base
    return owner


_KEY = "key"
_KEY_ITSELF = "key itself"
_MEMBER = "member"
_ATTRIBUTE = "attribute"
_VALUE = "value"


def render_path(path: Path) -> str:
    """``[3]['key'].<attribute>``: where in an item a walk met something, outermost first."""
    steps: list[str] = []
    while path is not None:
        path, step = path
        steps.append(_render_step(step))
    return "".join(reversed(steps))


_STEP_TEXT = {_MEMBER: " (a member)", _ATTRIBUTE: ".<attribute>", _VALUE: " (a value)"}


def _render_step(step: Any) -> str:
    # A step is an index, one of the words above, or (marker, a dict key): never hash the key.
    if type(step) is int:
        return f"[{step}]"
    if type(step) is str:
        return _STEP_TEXT[step]
    marker, key = step
    if marker == _KEY_ITSELF:
        return f" (key {key_repr(key)})"
    return f"[{key_repr(key)}]"


def key_repr(key: Any) -> str:
    """A dict key as code, for the builtin scalar types only (their repr runs no user code)."""
    cls = type(key)
    if cls is str or cls is bytes:
        short = key[:KEY_CHARS]
        return repr(short) + ("…" if len(key) > KEY_CHARS else "")
    if cls is float or cls is bool or key is None:
        return repr(key)
    if cls is int:
        # A huge int has no repr under the int-to-str conversion limit.
        return repr(key) if -(10**KEY_CHARS) < key < 10**KEY_CHARS else "…"
    return "…"


def describe(o: Any, kind: str, base: type, libraries: Libraries) -> str:
    """A short description from the type's own metadata: shape and dtype, length, rows."""
    try:
        return _DESCRIBERS[kind](o, base, libraries)
    except Exception:  # noqa: BLE001  (a summary is a nicety: the size stands without one)
        return ""


def _describe_scalar(o: Any, base: type, libraries: Libraries) -> str:
    if base is str:
        return f"{str.__len__(o):,} characters"
    if base is bytes or base is bytearray:
        return f"{base.__len__(o):,} bytes"
    if base is array.array:
        return f"{array.array.__len__(o):,} items"
    return ""


def _describe_container(o: Any, base: type, libraries: Libraries) -> str:
    return f"{base.__len__(o):,} items"


def _describe_ndarray(o: Any, base: type, libraries: Libraries) -> str:
    numpy = libraries.numpy
    assert numpy is not None
    shape = numpy.shape(o)
    dims = _TIMES.join(str(int(d)) for d in shape) if shape else "scalar"
    return f"{dims} {numpy.dtype(o)}"


def _describe_pandas_frame(o: Any, base: type, libraries: Libraries) -> str:
    pandas = libraries.pandas
    assert pandas is not None
    rows, columns = pandas.frame_shape(o)
    return f"{rows:,} rows {_TIMES} {columns:,} columns"


def _describe_pandas_series(o: Any, base: type, libraries: Libraries) -> str:
    blocks = _OBJECT_GETATTRIBUTE(o, "_mgr").blocks
    values = blocks[0].values
    return f"{len(values):,} rows, {values.dtype}"


def _describe_pandas_index(o: Any, base: type, libraries: Libraries) -> str:
    pandas = libraries.pandas
    assert pandas is not None
    dtype = library_method(type(o), "dtype", "pandas").__get__(o)
    return f"{pandas.index_len(o):,} entries, {dtype}"


def _describe_tensor(o: Any, base: type, libraries: Libraries) -> str:
    torch = libraries.torch
    assert torch is not None
    dims = _TIMES.join(str(int(d)) for d in torch.shape(o)) or "scalar"
    dtype = str(torch.dtype(o)).replace("torch.", "")
    device = torch.device(o)
    if device.type == "cpu":
        return f"{dims} {dtype}"
    nbytes = int(torch.storage(o).nbytes())
    return f"{dims} {dtype} on {device} ({nbytes:,} bytes of device memory)"


def _describe_table(o: Any, base: type, libraries: Libraries) -> str:
    shape = libraries.tables[id(base)].shape(o)
    if len(shape) == 2:
        return f"{shape[0]:,} rows {_TIMES} {shape[1]:,} columns"
    return f"{shape[0]:,} values"


def _describe_nothing(o: Any, base: type, libraries: Libraries) -> str:
    return ""


_DESCRIBERS: dict[str, Callable[[Any, type, Libraries], str]] = {
    SKIP: _describe_nothing,
    SCALAR: _describe_scalar,
    LIST: _describe_container,
    TUPLE: _describe_container,
    DICT: _describe_container,
    SET: _describe_container,
    DEQUE: _describe_container,
    NDARRAY: _describe_ndarray,
    PANDAS_FRAME: _describe_pandas_frame,
    PANDAS_SERIES: _describe_pandas_series,
    PANDAS_INDEX: _describe_pandas_index,
    TENSOR: _describe_tensor,
    POLARS: _describe_table,
    ARROW: _describe_table,
    OBJECT: _describe_nothing,
}


def signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple | None:
    """A cheap fingerprint that changes when the object's size is likely to; None: don't cache
    (a tensor, whose storage can change under it, or a subclass of a builtin scalar).
    Everything else is sized once and reused while its fingerprint holds."""
    function = _SIGNATURES.get(kind)
    return None if function is None else function(o, kind, base, libraries)


def fingerprint(kind: str) -> Callable[[Any, str, type, Libraries], tuple | None]:
    """The function `signature` uses for objects of this kind (one that returns None if
    they are not cached)."""
    return _SIGNATURES.get(kind, _no_signature)


def bulk_fingerprint(kind: str, base: type, cls: type) -> Callable[[Any], int] | None:
    """The builtin that computes the one number of this kind's signature, if it is one:
    ``signature(o, kind, base, libraries) == (bulk_fingerprint(kind, base, type(o))(o),)``
    for every object of the kind that has a signature. Mapped over many objects, it checks
    them without a Python call for each; `len` serves all the builtin containers but
    subclasses (whose own ``__len__`` must not run)."""
    if kind == SCALAR:
        return sys.getsizeof
    if kind in CONTAINERS:
        return len if cls is base else base.__len__  # type: ignore[no-any-return]
    return None


def _no_signature(o: Any, kind: str, base: type, libraries: Libraries) -> None:
    return None


def _container_signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple:
    return (base.__len__(o),)


def _ndarray_signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple:
    numpy = libraries.numpy
    assert numpy is not None
    return (numpy.shape(o), id(numpy.dtype(o)), id(numpy.base(o)))


def _pandas_signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple:
    pandas = libraries.pandas
    assert pandas is not None
    manager = _OBJECT_GETATTRIBUTE(o, "_mgr")
    index = pandas.frame_index(o) if kind == PANDAS_FRAME else pandas.series_index(o)
    return (id(manager), tuple(id(block.values) for block in manager.blocks), id(index))


def _scalar_signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple | None:
    # A subclass may carry attributes of any size: it is sized afresh each time.
    return (sys.getsizeof(o),) if type(o) is base else None


def _immutable_signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple:
    return ()


def _polars_signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple:
    return tuple(libraries.tables[id(base)].shape(o))


_SIGNATURE_REFERENTS = 32


def _object_signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple:
    """Which objects an object refers to, and the lengths of the builtin containers among them:
    a new attribute value, or a list attribute that grew, changes it."""
    referents = gc.get_referents(o)
    parts: list[int] = [len(referents)]
    for referent in referents[:_SIGNATURE_REFERENTS]:
        parts.append(id(referent))
        cls = type(referent)
        if cls is dict and dict.__len__(referent) <= _SIGNATURE_REFERENTS:
            # Before 3.11 the attributes live in an instance dict the object refers to.
            parts.extend(id(value) for value in dict.values(referent))
        elif cls is list or cls is dict or cls is set or cls is tuple:
            parts.append(cls.__len__(referent))
    return tuple(parts)


_SIGNATURES: dict[str, Callable[[Any, str, type, Libraries], tuple | None]] = {
    SCALAR: _scalar_signature,
    LIST: _container_signature,
    TUPLE: _container_signature,
    DICT: _container_signature,
    SET: _container_signature,
    DEQUE: _container_signature,
    NDARRAY: _ndarray_signature,
    PANDAS_FRAME: _pandas_signature,
    PANDAS_SERIES: _pandas_signature,
    PANDAS_INDEX: _immutable_signature,
    ARROW: _immutable_signature,
    POLARS: _polars_signature,
    OBJECT: _object_signature,
}
