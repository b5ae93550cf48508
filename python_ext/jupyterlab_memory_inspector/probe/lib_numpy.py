"""NumPy arrays: the bytes of the buffer at the end of their base chain, counted once however
many views share it, and the Python objects of an object-dtype array."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable

from .descriptions import dimensions
from .paths import VALUE, Path
from .sizing import SEEN
from .typeinfo import inherits

if TYPE_CHECKING:
    from .sizing import Sizer

NDARRAY = "ndarray"
VIEW = "an array that no variable holds"

_BASE_CHAIN = 64
_ELEMENTS = "object elements"
_KEYED_ELEMENTS = 16


class NumpyApi:
    """The ndarray class's own descriptors, read once."""

    __slots__ = ("base", "dtype", "item", "nbytes", "ndarray", "shape", "size")

    def __init__(self, ndarray: type) -> None:
        slots = ndarray.__dict__
        self.ndarray = ndarray
        self.nbytes = slots["nbytes"].__get__
        self.base = slots["base"].__get__
        self.shape = slots["shape"].__get__
        self.dtype = slots["dtype"].__get__
        self.size = slots["size"].__get__
        self.item: Callable[[Any, int], Any] = slots["item"]


def size(sizer: Sizer, o: Any, api: NumpyApi, *, depth: int, budget: int, path: Path) -> int:
    """An array's buffer, noted as a part: views of one buffer met in one walk count once."""
    owner = _owner(o, api)
    key = id(owner)
    if sizer.has_part(key):
        return SEEN
    nbytes = api.nbytes(owner)
    sizer.add_part(key, nbytes, owner is o, owner is sizer.root, path)
    elements = _object_elements(
        sizer, owner, owner is o, api, depth=depth, budget=budget, path=path
    )
    return nbytes + max(0, elements)


def describe(o: Any, api: NumpyApi) -> str:
    return f"{dimensions(api.shape(o))} {api.dtype(o)}"


def signature(o: Any, api: NumpyApi) -> tuple:
    return (api.shape(o), id(api.dtype(o)), id(api.base(o)))


def _owner(arr: Any, api: NumpyApi) -> Any:
    """The ndarray at the end of `arr`'s base chain: the one whose buffer it shares."""
    owner = arr
    for _ in range(_BASE_CHAIN):
        base = api.base(owner)
        if base is None or not inherits(type(base), api.ndarray):
            break
        owner = base
    return owner


def _object_elements(
    sizer: Sizer, arr: Any, direct: bool, api: NumpyApi, *, depth: int, budget: int, path: Path
) -> int:
    """What the Python objects of an object-dtype array add to its pointers: a part of their
    own, since a copy of the array (a data frame's copy of a string column) has new pointers to
    the same objects."""
    if api.dtype(arr).kind != "O":
        return 0
    n = api.size(arr)
    element = functools.partial(api.item, arr)
    key = _elements_key(n, element)
    if key is not None and sizer.has_part(key):
        return SEEN
    nbytes = sizer.sample(n, element, depth, budget, (path, VALUE))
    if key is not None and nbytes > 0:
        sizer.add_part(key, nbytes, direct, False, path)
    return nbytes


def _elements_key(n: int, element: Callable[[int], Any]) -> tuple | None:
    """What tells the objects of an object array from others': its length and the ids of
    evenly spaced elements, which the array keeps alive (a copy has the same; another array
    has the same only if it holds the same objects at those places). None for a short array."""
    if n < _KEYED_ELEMENTS:
        return None
    return (_ELEMENTS, n, *(id(element(j * n // _KEYED_ELEMENTS)) for j in range(_KEYED_ELEMENTS)))
