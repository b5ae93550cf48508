"""The one way to ask the kernel's probe something: a silent request, with a time limit.

The server's monitor and the command line each have their own kernel client; they hand over how
they run a silent request, and this does the rest the same way for both.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, Callable

from .injector import probe_call, probe_result

# Runs a silent execute request with these user expressions; returns the reply's content.
SilentRequest = Callable[[dict[str, str]], Awaitable[dict[str, Any]]]


class ProbeTimeout(Exception):
    """The probe did not answer in time: the kernel is stuck, or busy with something else."""


async def call_probe(request: SilentRequest, method: str, *args: str, timeout: float | None) -> Any:
    """Call `method` of the kernel's probe with string `args`; returns the JSON it answered.

    `timeout` is in seconds; None waits as long as it takes (settings that wait for a running
    cell). Raises ProbeTimeout when it passes, ProbeCallError when the probe failed.
    """
    expression = {"result": probe_call(method, *args)}
    try:
        reply = await asyncio.wait_for(request(expression), timeout)
    except asyncio.TimeoutError:
        raise ProbeTimeout(f"the probe did not answer {method} within {timeout:g} s") from None
    return probe_result(reply.get("user_expressions", {}), "result")
