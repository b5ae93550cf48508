"""Why a monitor cannot do what a request asks, as the handlers tell the client."""

from __future__ import annotations

from ..message import Message, message


class MonitorUnavailable(Exception):
    """The kernel cannot take the request: it is not a Python kernel, or the probe failed."""


class MonitorBusy(Exception):
    """The request must wait for the running cell to finish; the client should retry then."""


def no_answer(timeout: float) -> Message:
    """What a request says when the kernel let its time limit pass, in plain words."""
    return message(
        "the kernel did not answer in %1 s; it may be busy in native code", f"{timeout:g}"
    )
