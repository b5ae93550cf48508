"""What holds an object, as a person names it: "the output of [5]", "IPython's output
history", "the last error (6 frames)".

The probe records each holder by the exact expression that reaches it (``Out[5]``,
``displayhook.___``, ``user_ns_hidden['_5']``, ``sys.last_traceback: f()``); that stays in the
record for whoever wants it. This is the one place that turns holders into words for the
advice, the free-memory cell and the reports; the panel has its translated twin
(``src/util/holderWords.ts``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_OUTPUT_OF_CELL = re.compile(
    r"^(?:Out\[(?P<out>\d+)\]|_(?P<alias>\d+)|user_ns_hidden\['_(?P<hidden>\d+)'\])$"
)
_ERROR_FRAME = re.compile(r"^[^:]+: (?P<function>.+)$")
_MEMBER = re.compile(r"^(?P<name>.+) \(a member\)$")
_KEY = re.compile(r"^(?P<name>.+) \(key .+\)$")


def holder_words(holders: Iterable[Mapping[str, str]]) -> list[str]:
    """Each holder named once, in the order found: the last error's frames, reached from
    several places, are one holder with their count."""
    words: list[str] = []
    frames: set[str] = set()
    for holder in holders:
        kind, where = holder["kind"], holder["where"]
        if kind == "exception":
            match = _ERROR_FRAME.match(where)
            frames.add(match["function"] if match else where)
            text = "the last error"
        else:
            text = _one_holder(kind, where)
        if text not in words:
            words.append(text)
    if frames:
        count = len(frames)
        index = words.index("the last error")
        words[index] = f"the last error ({count} frame{'' if count == 1 else 's'})"
    return words


def _one_holder(kind: str, where: str) -> str:
    if kind == "output_cache":
        match = _OUTPUT_OF_CELL.match(where)
        if match is None:
            return "IPython's output history"
        return f"the output of [{match['out'] or match['alias'] or match['hidden']}]"
    if kind == "view":
        return f"{where} (a view of its data)"
    if kind == "base":
        return f"{where} (whose data it views)"
    member = _MEMBER.match(where) if kind == "container" else None
    if member is not None:
        return f"a member of {member['name']}"
    key = _KEY.match(where) if kind == "container" else None
    return f"a key of {key['name']}" if key is not None else where


def join_words(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
