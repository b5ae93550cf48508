"""Bounded deep sizes of one object, found without running any of the object's own code.

Everything about an object is read through its type (see `typeinfo`) and the C
implementations of the builtin types called unbound (``list.__getitem__(o, i)``,
``dict.items(o)``), which no subclass override, ``__getattr__`` or ``__getattribute__`` can
reach. ``str``, ``repr``, ``len``, ``hasattr``, ``isinstance`` and ``sys.getsizeof`` on unknown
objects would run user code and are never used on them. Each kind of object has its rule: the
builtin ones are here, the data libraries' in the table of `libraries`.

Large containers are sampled (evenly spaced elements, or the first ones where the container can
only be walked in order) and their size extrapolated; nesting is depth-limited and every
top-level object gets a bounded number of visits, so sizing cannot run away. The clock is read
as the walk goes and :class:`OutOfTime` stops it when the scan's budget is spent.
"""

from __future__ import annotations

import collections
import gc
import sys
import time
from collections.abc import Container, Hashable
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from .descriptions import describe
from .kinds import CONTAINERS, DEQUE, DICT, LIST, OBJECT, SCALAR, SET, SKIP, TUPLE, classify
from .paths import ATTRIBUTE, KEY, KEY_ITSELF, MEMBER, Path, render_path
from .typeinfo import own_size

if TYPE_CHECKING:
    from .libraries import Libraries

SAMPLE = 100
"""Elements sized per container before the rest is extrapolated."""
MAX_DEPTH = 8
"""How deep a walk goes into nested containers before it counts shallow sizes only."""
NODE_BUDGET = 3000
"""Objects visited to size one top-level object."""
CHECK_EVERY = 64
"""Objects visited between two looks at the clock."""

SEEN = -1
"""What sizing returns for an object already counted: in the same walk, or as an item itself."""

_SMALL_INT_MIN = -5
_SMALL_INT_MAX = 256

_NONE: dict = {}
"""The parts and members of a measure that has none: shared, and never written to."""


class Part(NamedTuple):
    """A data buffer an object keeps alive, which other objects may share."""

    nbytes: int
    direct: bool
    """Whether the object holds the buffer itself (an array that owns it, a frame's block)."""
    itself: bool
    """Whether the buffer's owner is the top-level object being sized."""
    where: str
    """Where in the top-level object the buffer was met (see `paths`)."""


Handler = Callable[["Sizer", Any, type, int, int, Path], int]
"""A kind's rule: (sizer, object, the class that decided its kind, depth, budget, path)."""


class OutOfTime(BaseException):
    """The scan's budget is spent.

    A BaseException so that no ``except Exception`` on its way up can swallow it: only the
    scan's loop catches it.
    """


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
    inside others) and which are never to be walked into (the namespace's own dicts).

    A library's rule (see `kinds.LibraryKind`) reads `root` (the top-level object being
    sized), sets `exact` to False when its figure is an estimate, notes shared buffers with
    `has_part` and `add_part`, and sizes the Python objects it holds with `sample`.
    """

    def __init__(
        self,
        libraries: Libraries,
        deadline: float,
        items: Container[int],
        ignore: set[int],
        carried: Container[int] = (),
    ) -> None:
        self.libraries = libraries
        self.deadline = deadline
        self._items = items
        self._carried = carried
        self._ignore = ignore
        self._handlers = {**_HANDLERS, **libraries.handlers}
        self._kinds: dict[int, tuple[str, type]] = {}
        self._countdown = CHECK_EVERY
        self.root: Any = None
        self._visited: set[Hashable] = set()
        self._parts: dict[Hashable, Part] = {}
        self._members: dict[int, str] = {}
        self.exact = True
        self._sampled = False

    def kind_of(self, cls: type) -> tuple[str, type]:
        """The kind of sizing instances of `cls` get, and the class in its MRO that decided it."""
        key = id(cls)
        found = self._kinds.get(key)
        if found is None:
            found = classify(cls, self.libraries.kinds)
            self._kinds[key] = found
        return found

    def check_clock(self) -> None:
        """Raise OutOfTime once the scan's deadline has passed."""
        if time.perf_counter() > self.deadline:
            raise OutOfTime

    def measure(self, obj: Any, kind: str, base: type) -> Measure:
        """Size one top-level object of a known kind (see `kind_of`)."""
        self.check_clock()
        if kind == SCALAR and type(obj) is base:
            summary = describe(obj, kind, base, self.libraries)
            return Measure(
                sys.getsizeof(obj), True, summary, parts=_NONE, members=_NONE, sampled=False
            )
        self.root = obj
        self._visited = {id(obj)}
        self._parts = {}
        self._members = {}
        self.exact = True
        self._sampled = False
        try:
            size = self._handlers[kind](self, obj, base, 0, NODE_BUDGET, None)
            summary = describe(obj, kind, base, self.libraries)
            return Measure(
                max(size, 0),
                self.exact,
                summary,
                parts=self._parts,
                members=self._members,
                sampled=self._sampled,
            )
        finally:
            self.root = None
            self._visited = set()

    def has_part(self, key: Hashable) -> bool:
        """Whether this walk has counted the buffer `key` already."""
        return key in self._parts

    def add_part(self, key: Hashable, nbytes: int, direct: bool, itself: bool, path: Path) -> None:
        """Count a buffer that other objects may share (see `Part`), once for the namespace."""
        self._parts[key] = Part(nbytes, direct, itself, render_path(path))

    def sample(
        self, n: int, element: Callable[[int], Any], depth: int, budget: int, path: Path
    ) -> int:
        """What `n` elements add to their holder, from a sample of them, each found at `path`:
        `element(i)` reads the i-th without running the holder's code."""
        count = self._sample_count(n, budget, depth)
        if count == 0:
            return 0
        step = _Extrapolation(n, count)
        child_budget = (budget - 1) // count
        for j in range(count):
            step.add(self._child(element(j * n // count), depth + 1, child_budget, path))
        return step.total()

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
        item = oid in self._items or oid in self._carried
        if item or oid in self._visited or oid in self._ignore:
            if item and oid not in self._visited:
                self._members.setdefault(oid, render_path(path))
            return SEEN
        kind, base = self.kind_of(cls)
        if kind == SKIP:
            return 0
        self._visited.add(oid)
        self._tick()
        if depth >= MAX_DEPTH:
            self.exact = False
            return _shallow(o, kind, base)
        return self._handlers[kind](self, o, base, depth, budget, path)

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
            step.add(self._child(key, depth + 1, child_budget, (path, (KEY_ITSELF, key))))
            step.add(self._child(value, depth + 1, child_budget, (path, (KEY, key))))
        return own + step.total()

    def _iterable(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        n = base.__len__(o)
        own = _container_sizeof(o, base)
        count = self._sample_count(n, budget, depth)
        if count == 0:
            return own
        step = _Extrapolation(n, count)
        child_budget = (budget - 1) // count
        member_path = (path, MEMBER) if base is not collections.deque else None
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
            self.exact = False
            return 0
        if count < n:
            self.exact = False
            if depth == 0:
                self._sampled = True
        return count

    def _referents(self, o: Any, depth: int, budget: int, path: Path) -> int:
        """The sizes of what an object of no known kind refers to (its attributes, mostly)."""
        referents = gc.get_referents(o)
        return self.sample(len(referents), referents.__getitem__, depth, budget, (path, ATTRIBUTE))

    def _object(self, o: Any, base: type, depth: int, budget: int, path: Path) -> int:
        return own_size(o) + self._referents(o, depth, budget, path)


# Functions, not bound methods: a Sizer holding its own bound methods would be a reference cycle,
# and keep the scan's objects alive until the garbage collector ran. The libraries' rules join
# these in each Sizer (see `Libraries.handlers`).
_HANDLERS: dict[str, Handler] = {
    SKIP: Sizer._skip,
    SCALAR: Sizer._scalar,
    LIST: Sizer._sequence,
    TUPLE: Sizer._sequence,
    DICT: Sizer._dict,
    SET: Sizer._iterable,
    DEQUE: Sizer._iterable,
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
