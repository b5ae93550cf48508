"""The names a cell's code may change in place: the words of its source, and the global names
of the functions it calls by name, followed into the functions they call.

Read from the source, not the compiled code: every name the code stores, deletes, loads or
calls a method on is a word of it (so are words in strings and comments: a few names more to
check, never one fewer). A function of the namespace that the cell names is followed through
its code's ``co_names`` (the globals it reads, stores with ``global``, calls; attributes too),
recursively into nested code and into the functions those name, up to `CODE_LIMIT` code
objects. Where the source can reach names it does not spell (``globals()``, ``exec``, a magic
such as ``%run``), or more code than that would be followed, there is no answer (None): the
scan then checks every name.
"""

from __future__ import annotations

import itertools
import re
import types
from typing import Any

CODE_LIMIT = 64
"""Code objects followed from one cell."""

_WORD = re.compile(r"[^\W\d]\w*")
_MAGIC = re.compile(r"^\s*[%!]", re.MULTILINE)
_DYNAMIC = frozenset(
    ("globals", "vars", "exec", "eval", "execfile", "get_ipython", "__dict__", "__main__")
)
_MISSING = object()


def touched_names(source: Any, user_ns: Any) -> set[str] | None:
    """The names the cell with this source may change; None where it may change any, or
    where anything went wrong (this runs in the cell's hook: it never raises)."""
    try:
        return _touched(source, user_ns)
    except Exception:  # noqa: BLE001  (None asks the scan to check every name)
        return None


def _touched(source: Any, user_ns: Any) -> set[str] | None:
    if type(source) is not str or not isinstance(user_ns, dict) or _MAGIC.search(source):
        return None
    words = set(_WORD.findall(source))
    if not _DYNAMIC.isdisjoint(words):
        return None
    codes = [code for code in map(_code_of, words, itertools.repeat(user_ns)) if code is not None]
    seen: set[int] = set()
    while codes:
        code = codes.pop()
        if id(code) in seen:
            continue
        seen.add(id(code))
        names = code.co_names
        if len(seen) > CODE_LIMIT or not _DYNAMIC.isdisjoint(names):
            return None
        codes += [const for const in code.co_consts if type(const) is types.CodeType]
        new = [name for name in names if name not in words]
        words.update(new)
        codes += [
            code for code in map(_code_of, new, itertools.repeat(user_ns)) if code is not None
        ]
    return words


def _code_of(name: str, user_ns: dict) -> types.CodeType | None:
    """The code of the plain function the name holds (never a callable object's own code)."""
    value = dict.get(user_ns, name, _MISSING)
    return value.__code__ if type(value) is types.FunctionType else None
