"""The kinds of sizing an object gets, decided by its type.

A kind names the rule that sizes an object, describes it and fingerprints it for the cache.
The builtin kinds are fixed here; each data library adds its own through an entry of
`libraries.LIBRARY_KINDS` (a :class:`LibraryKind`). An object's kind is that of the first class
of its MRO that has one, so a user's subclass of a list is sized as a list, by list's own code.
"""

from __future__ import annotations

import array
import collections
import types
from typing import Any, Callable

from .typeinfo import is_tooling, mro

SKIP = "skip"
SCALAR = "scalar"
LIST = "list"
TUPLE = "tuple"
DICT = "dict"
SET = "set"
DEQUE = "deque"
OBJECT = "object"

CONTAINERS = frozenset((LIST, TUPLE, DICT, SET, DEQUE))
"""Kinds whose content can change while their cheap signature (length) stays the same."""

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


def classify(cls: type, library_kinds: dict[int, str]) -> tuple[str, type]:
    """The kind of sizing instances of `cls` get, and the class in its MRO that decided it
    (`library_kinds`: the kinds of the imported libraries' classes, by the class's id)."""
    for base in mro(cls):
        kind = _BUILTIN_KINDS.get(id(base)) or library_kinds.get(id(base))
        if kind is not None:
            return kind, base
    if is_tooling(cls):
        return SKIP, object
    return OBJECT, object


def is_builtin(kind: str) -> bool:
    """Whether `kind` is one of the builtin kinds above, not a library's."""
    return kind in _BUILTIN_KIND_NAMES


_BUILTIN_KIND_NAMES = frozenset((SKIP, SCALAR, OBJECT, *CONTAINERS))


class LibraryKind:
    """How the probe sizes one kind of a data library's objects: an entry of the table in
    `libraries.py`, the one place that knows which libraries are supported.

    `kind` is the kind's name; instances of the `classes` that `module` defines (and of their
    subclasses) get it, once the user has imported `module` (never the probe). When they are
    found, `load(cls)` reads from each class, once, what the other functions use (descriptors
    taken from the class, so that nothing is looked up on the object itself); whatever it
    returns is their `api`, and if it raises the class is left out (its objects are then sized
    as plain objects). `size(sizer, obj, api, *, depth, budget, path)` returns the bytes `obj`
    keeps alive (buffers others may share go through `sizer.add_part`), `describe(obj, api)`
    a short summary, and `signature(obj, api)` a cheap fingerprint that changes when the size
    is likely to (None for a kind that is sized afresh each scan). `needs` are kinds that must
    have loaded before this one (a pandas frame's values are numpy arrays); `view` describes,
    for a kind whose objects can view a buffer that no item owns, that buffer.
    """

    __slots__ = (
        "classes",
        "describe",
        "kind",
        "load",
        "module",
        "needs",
        "signature",
        "size",
        "view",
    )

    def __init__(
        self,
        kind: str,
        module: str,
        classes: tuple[str, ...],
        *,
        load: Callable[[type], Any],
        size: Callable[..., int],
        describe: Callable[[Any, Any], str],
        signature: Callable[[Any, Any], tuple] | None,
        needs: tuple[str, ...] = (),
        view: str | None = None,
    ) -> None:
        self.kind = kind
        self.module = module
        self.classes = classes
        self.load = load
        self.size = size
        self.describe = describe
        self.signature = signature
        self.needs = needs
        self.view = view
