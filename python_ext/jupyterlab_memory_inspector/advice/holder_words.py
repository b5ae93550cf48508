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

from ..message import Message, message

_OUTPUT_OF_CELL = re.compile(
    r"^(?:Out\[(?P<out>\d+)\]|_(?P<alias>\d+)|user_ns_hidden\['_(?P<hidden>\d+)'\])$"
)
_ERROR_FRAME = re.compile(r"^[^:]+: (?P<function>.+)$")
_MEMBER = re.compile(r"^(?P<name>.+) \(a member\)$")
_KEY = re.compile(r"^(?P<name>.+) \(key .+\)$")


def holder_words(holders: Iterable[Mapping[str, str]]) -> list[Message]:
    """Each holder named once, in the order found: the last error's frames, reached from
    several places, are one holder with their count."""
    words: list[Message] = []
    frames: set[str] = set()
    last_error = message("the last error")
    for holder in holders:
        kind, where = holder["kind"], holder["where"]
        if kind == "exception":
            match = _ERROR_FRAME.match(where)
            frames.add(match["function"] if match else where)
            text = last_error
        else:
            text = _one_holder(kind, where)
        if text not in words:
            words.append(text)
    if frames:
        count = len(frames)
        words[words.index(last_error)] = (
            message("the last error (1 frame)")
            if count == 1
            else message("the last error (%1 frames)", count)
        )
    return words


def _one_holder(kind: str, where: str) -> Message:
    if kind == "output_cache":
        match = _OUTPUT_OF_CELL.match(where)
        if match is None:
            return message("IPython's output history")
        return message("the output of [%1]", match["out"] or match["alias"] or match["hidden"])
    if kind == "view":
        return message("%1 (a view of its data)", where)
    if kind == "base":
        return message("%1 (whose data it views)", where)
    if kind == "container":
        return _container_words(where)
    # A name, or an exact expression: the user's own words, nothing to translate.
    return message("%1", where)


def _container_words(where: str) -> Message:
    member = _MEMBER.match(where)
    if member is not None:
        return message("a member of %1", member["name"])
    key = _KEY.match(where)
    return message("a key of %1", key["name"]) if key is not None else message("%1", where)


def join_words(words: list[Message]) -> Message:
    """``a``, ``a and b``, ``a, b and c``."""
    if not words:
        return message("")
    joined = words[0]
    for index, word in enumerate(words[1:], start=2):
        joined = (
            message("%1 and %2", joined, word)
            if index == len(words)
            else message("%1, %2", joined, word)
        )
    return joined
