"""``POST /memory-inspector/kernels/<id>/advice``: suggestions, and the free-memory cell."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import tornado.web
from jupyter_server.auth.decorator import authorized

from ...advice.current import current_advice
from ...advice.free_cell import free_memory_cell
from ...advice.later_use import CellSource
from ...message import error_words
from ...probe_client.call import ProbeTimeout
from ..monitor import MonitorBusy, MonitorUnavailable
from .base import ApiError, BaseHandler, monitor_for
from .body import cell_sources, parse_body


class AdviceHandler(BaseHandler):
    """``POST /memory-inspector/kernels/<id>/advice``: suggestions, and the free-memory cell.

    The body (AdviceRequest) carries the notebook's code cells, so that a name a later cell
    reads is flagged. 409 while a cell runs or when the kernel has no probe; 504 when the probe
    does not answer in time.
    """

    @tornado.web.authenticated
    @authorized
    async def post(self, kernel_id: str) -> None:
        monitor = monitor_for(self.registry, kernel_id)
        later, choose = _parse_advice_request(parse_body(self.request.body, "AdviceRequest"))
        try:
            facts = await monitor.advice_facts()
        except (MonitorBusy, MonitorUnavailable) as err:
            raise ApiError(HTTPStatus.CONFLICT, error_words(err)) from err
        except ProbeTimeout as err:
            raise ApiError(HTTPStatus.GATEWAY_TIMEOUT, error_words(err)) from err
        latest = monitor.history.latest()
        advice = current_advice(latest["record"] if latest else None, monitor.probe, facts, later)
        suggestions = advice.suggestions
        chosen = [
            suggestion
            for suggestion in suggestions
            if (suggestion.id in choose if choose is not None else suggestion.chosen_by_default)
        ]
        source, predicted = free_memory_cell(chosen, advice.shared)
        self.finish(
            {
                "suggestions": [suggestion.to_json() for suggestion in suggestions],
                "cell": {
                    "source": source,
                    "predicted": predicted,
                    "suggestions": [suggestion.id for suggestion in chosen],
                },
                "shared": advice.shared,
                "facts": facts,
                "record_seq": latest["seq"] if latest and advice.record is not None else 0,
            }
        )


def _parse_advice_request(body: dict[str, Any]) -> tuple[list[CellSource], set[str] | None]:
    """The cells after the chosen one, and the chosen suggestion ids (None: the default)."""
    cells = cell_sources(body["cells"])
    cell_id = body.get("cell_id")
    if cell_id is None:
        later: list[CellSource] = []
    else:
        ids = [cell.cell_id for cell in cells]
        if cell_id not in ids:
            raise ApiError(HTTPStatus.BAD_REQUEST, "'cell_id' must be the id of one of the cells")
        later = cells[ids.index(cell_id) + 1 :]
    choose = body.get("choose")
    return later, set(choose) if choose is not None else None
