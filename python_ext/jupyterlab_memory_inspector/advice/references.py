"""How the code of a suggestion names a variable of the user's namespace."""

from __future__ import annotations

import keyword


def reference(name: str) -> str:
    """`name` as code: itself where it is an identifier, else its entry in ``globals()``.

    Code can bind any string as a name (``globals()['total sales'] = ...``, a frame's columns
    put into the namespace); ``del total sales`` would not parse, and ``del a,b`` would delete
    two other names.
    """
    if name.isidentifier() and not keyword.iskeyword(name):
        return name
    return f"globals()[{name!r}]"


def is_plain(name: str) -> bool:
    """Whether `name` can be written as it is in code (and given to IPython's magics)."""
    return reference(name) == name
