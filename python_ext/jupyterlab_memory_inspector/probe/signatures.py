"""Cheap fingerprints that tell whether an object's cached size still holds.

Every object is sized once and its size reused while its fingerprint (its signature) is the
same, scan after scan. A signature is read the way sizes are, through the type, and changes
when the object's size is likely to: a container's length, an array's shape, dtype and base.
A library's kind brings its own (see `kinds.LibraryKind`).
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING, Any, Callable

from .kinds import CONTAINERS, OBJECT, SCALAR, SKIP

if TYPE_CHECKING:
    from .libraries import Libraries

Signature = Callable[[Any, str, type, "Libraries"], "tuple | None"]
"""(object, kind, the class that decided its kind, libraries) -> signature, or None."""

_SIGNATURE_REFERENTS = 32


def signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple | None:
    """A cheap fingerprint that changes when the object's size is likely to; None: don't cache
    (a tensor, whose storage can change under it, or a subclass of a builtin scalar).
    Everything else is sized once and reused while its fingerprint holds."""
    return fingerprint(kind)(o, kind, base, libraries)


def fingerprint(kind: str) -> Signature:
    """The function `signature` uses for objects of this kind (one that returns None if
    they are not cached)."""
    return _SIGNATURES.get(kind, _library_signature)


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


def _library_signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple | None:
    return libraries.signature(o, kind, base)


def _no_signature(o: Any, kind: str, base: type, libraries: Libraries) -> None:
    return None


def _container_signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple:
    return (base.__len__(o),)


def _scalar_signature(o: Any, kind: str, base: type, libraries: Libraries) -> tuple | None:
    # A subclass may carry attributes of any size: it is sized afresh each time.
    return (sys.getsizeof(o),) if type(o) is base else None


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


_SIGNATURES: dict[str, Signature] = {
    SKIP: _no_signature,
    SCALAR: _scalar_signature,
    **dict.fromkeys(CONTAINERS, _container_signature),
    OBJECT: _object_signature,
}
