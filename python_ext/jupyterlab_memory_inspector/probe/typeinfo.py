"""What a type says about its instances, read without running any of their code.

Everything is read through ``type`` itself: the MRO, module and qualified name from the
``type`` slots (so a metaclass cannot intervene), a class's own ``__dict__``, and a module's
dict through ``ModuleType``'s descriptor. Data libraries are looked up in ``sys.modules`` only:
the probe never imports them.
"""

from __future__ import annotations

import sys
import types
from typing import Any, Callable

_TYPE_MRO = type.__dict__["__mro__"].__get__
_TYPE_MODULE = type.__dict__["__module__"].__get__
_TYPE_QUALNAME = type.__dict__["__qualname__"].__get__
_TYPE_WEAKREFOFFSET = type.__dict__["__weakrefoffset__"].__get__
_TYPE_DICT = type.__dict__["__dict__"].__get__
_TYPE_ATTRIBUTE = type.__getattribute__
_MODULE_DICT = types.ModuleType.__dict__["__dict__"].__get__

# The probe's own types and IPython's are tooling, not the user's data.
_TOOLING_MODULES = ("IPython.", "ipykernel.", __name__.rpartition(".")[0] + ".")


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


def is_tooling(cls: type) -> bool:
    """Whether `cls` is IPython's, ipykernel's or the probe's own."""
    module = _TYPE_MODULE(cls)
    return type(module) is str and module.startswith(_TOOLING_MODULES)


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


def library_class(module_name: str, attribute: str) -> type | None:
    """A class a library that the user imported defines, or None; never imports anything."""
    module = sys.modules.get(module_name)
    if module is None or not inherits(type(module), types.ModuleType):
        return None
    found = dict.get(_MODULE_DICT(module), attribute)
    if found is None or not inherits(type(found), type):
        return None
    return found
