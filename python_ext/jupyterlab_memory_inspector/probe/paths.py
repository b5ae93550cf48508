"""Where inside an item a walk met something, written as code: ``[3]['key'].<attribute>``.

A walk builds its path as linked pairs, (parent path, step), and renders it only when it is
shown: most walks never need it.
"""

from __future__ import annotations

from typing import Any, Optional

KEY_CHARS = 40
"""Longest dict key shown in a path such as ``cache['key']``."""

Path = Optional[tuple]
"""Where a walk is: None at the top object, else (parent path, step)."""

KEY = "key"
KEY_ITSELF = "key itself"
MEMBER = "member"
ATTRIBUTE = "attribute"
VALUE = "value"
"""Steps: an index is an int, a dict entry (KEY or KEY_ITSELF, the key), the others a word."""

_STEP_TEXT = {MEMBER: " (a member)", ATTRIBUTE: ".<attribute>", VALUE: " (a value)"}


def render_path(path: Path) -> str:
    """``[3]['key'].<attribute>``: where in an item a walk met something, outermost first."""
    steps: list[str] = []
    while path is not None:
        path, step = path
        steps.append(_render_step(step))
    return "".join(reversed(steps))


def _render_step(step: Any) -> str:
    # A step is an index, one of the words above, or (marker, a dict key): never hash the key.
    if type(step) is int:
        return f"[{step}]"
    if type(step) is str:
        return _STEP_TEXT[step]
    marker, key = step
    if marker == KEY_ITSELF:
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
