"""Words the server sends to people, in a form the panel can translate.

A `Message` is its English text, so the command line, the reports and old clients use it as
any string; it also keeps the text's id (the English with ``%1``, ``%2`` placeholders) and the
arguments, which the API sends beside the text (api.schema.json: Message) so that the panel
puts it through JupyterLab's translator (``trans.__(id, ...args)``). An argument may itself be
a message: the holder's words inside a suggestion's reason are translated too.

The English is made by the same rule as JupyterLab's ``Gettext.strfmt``: ``%N`` is the N-th
argument and ``%%`` a percent sign, so the text here and the panel's untranslated text never
differ.
"""

from __future__ import annotations

import re
from typing import Any, Union

# No floats: Python and JavaScript write them differently (4.0 and 4); format them first.
MessageArg = Union[str, int]

_PLACEHOLDER = re.compile(r"%%|%(\d+)")


class Message(str):
    """English text that remembers the id and arguments it was made from."""

    id: str
    args: tuple[MessageArg, ...]

    def __new__(cls, id: str, *args: MessageArg) -> Message:
        text = super().__new__(cls, _format(id, args))
        text.id = id
        text.args = args
        return text

    def __getnewargs__(self) -> tuple[Any, ...]:  # type: ignore[override]
        # Copies (dataclasses.asdict deep-copies its fields) are made from the id, not the text.
        return (self.id, *self.args)

    def to_json(self) -> dict[str, Any]:
        """As the API sends it: arguments that are messages are sent as messages."""
        return {
            "id": self.id,
            "args": [arg.to_json() if isinstance(arg, Message) else arg for arg in self.args],
        }


def message(id: str, *args: MessageArg) -> Message:
    """The one way to make words for people on the server: `id` is the English, with ``%1``,
    ``%2`` where the arguments go (``%%`` for a percent sign)."""
    return Message(id, *args)


def message_json(text: str) -> dict[str, Any] | None:
    """The structured form of `text`, or None for a plain string (made before messages were)."""
    return text.to_json() if isinstance(text, Message) else None


def messages_of(**texts: str) -> dict[str, Any]:
    """``{"messages": {field: structured form}}`` to add beside the texts of a reply, or nothing
    when a text is a plain string (the reply then has only the English)."""
    structured = {field: message_json(text) for field, text in texts.items()}
    if any(value is None for value in structured.values()):
        return {}
    return {"messages": structured}


def error_words(error: BaseException) -> str:
    """What an exception says to people: its message as made, or its plain text."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Message) else str(error)


def _format(id: str, args: tuple[MessageArg, ...]) -> str:
    def place(match: re.Match[str]) -> str:
        if match[1] is None:
            return "%"
        index = int(match[1])
        if not 1 <= index <= len(args):
            raise ValueError(f"{id!r} has no argument {index}: {len(args)} given")
        return str(args[index - 1])

    return _PLACEHOLDER.sub(place, id)
