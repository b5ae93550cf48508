"""A suggestion: one way to get memory back. The one type that the advisor, the free-memory cell,
the API and the reports share."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Union

from ..message import message_json

# A word (high, medium, low) from the advisor; a report may also carry a fraction, or nothing.
Confidence = Union[str, float, None]

# The fields a report keeps of each suggestion (report.schema.json, Suggestion).
REPORT_FIELDS = ("code", "reason", "expected_bytes", "confidence")


@dataclasses.dataclass
class Suggestion:
    """Code to run, why, and what it is expected to give back (api.schema.json: Suggestion).

    `expected_bytes` is None only in a suggestion read from elsewhere that did not say.
    """

    id: str
    kind: str
    title: str
    code: str
    reason: str
    expected_bytes: int | None
    confidence: Confidence
    names: list[str] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    # Off for what a later cell needs: the user ticks it only after reading the warning.
    chosen_by_default: bool = True

    def to_json(self) -> dict[str, Any]:
        """As the API sends it, with its words' structured form for the translator when every
        one of them has it (a suggestion read from a report has only the English)."""
        reply = dataclasses.asdict(self)
        title, reason = message_json(self.title), message_json(self.reason)
        warnings = [message_json(warning) for warning in self.warnings]
        if title is not None and reason is not None and None not in warnings:
            reply["messages"] = {"title": title, "reason": reason, "warnings": warnings}
        return reply

    def to_report(self) -> dict[str, Any]:
        """As a report keeps it."""
        return {name: getattr(self, name) for name in REPORT_FIELDS}

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> Suggestion:
        """A suggestion from JSON of unknown origin: what is missing or of the wrong type is
        left empty rather than trusted."""
        confidence = item.get("confidence")
        if not isinstance(confidence, (str, int, float)) or isinstance(confidence, bool):
            confidence = None
        expected = item.get("expected_bytes")
        if isinstance(expected, bool) or not isinstance(expected, (int, float)):
            expected = None
        return cls(
            id=str(item.get("id", "")),
            kind=str(item.get("kind", "")),
            title=str(item.get("title", "")),
            code=str(item.get("code", "")),
            reason=str(item.get("reason", "")),
            expected_bytes=None if expected is None else int(expected),
            confidence=confidence,
            names=[str(name) for name in item.get("names") or () if isinstance(name, str)],
            warnings=[str(text) for text in item.get("warnings") or () if isinstance(text, str)],
            chosen_by_default=item.get("chosen_by_default") is not False,
        )
