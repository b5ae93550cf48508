"""Waiting for a condition in a test that is not async: poll it until a deadline."""

from __future__ import annotations

import time
from typing import Callable


def wait_for(
    condition: Callable[[], object], timeout: float = 10.0, interval: float = 0.01
) -> bool:
    """Whether `condition` held before `timeout` seconds passed, polled every `interval`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True
