"""Advice for a kernel now: the one function that the advice endpoint, the report and the
command line all turn a kernel's state into suggestions with."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from .advisor import advise
from .later_use import CellSource
from .shared_gains import shared_gains
from .suggestion import Suggestion


@dataclasses.dataclass(frozen=True)
class CurrentAdvice:
    """The suggestions, the record they read the variables from (None: no record), and the
    data that comes back only when every suggestion letting go of its holders runs."""

    suggestions: list[Suggestion]
    record: Mapping[str, Any] | None
    shared: list[dict[str, Any]] = dataclasses.field(default_factory=list)


def current_advice(
    latest: Mapping[str, Any] | None,
    probe: Mapping[str, Any] | None,
    facts: Mapping[str, Any],
    later_cells: Sequence[CellSource] = (),
) -> CurrentAdvice:
    """Suggestions from the kernel's newest record `latest` and the probe's `facts`.

    A record of an earlier kernel process (another ``probe_session`` than the running `probe`'s)
    is left out: its variables died with that process, and ``del`` of one would fail.
    """
    record = latest
    if record is not None and (probe is None or record["probe_session"] != probe["probe_session"]):
        record = None
    suggestions = advise(
        dict(record) if record is not None else None, dict(facts), list(later_cells)
    )
    items = record["variables"]["items"] if record is not None else []
    return CurrentAdvice(
        suggestions=suggestions, record=record, shared=shared_gains(items, suggestions)
    )
