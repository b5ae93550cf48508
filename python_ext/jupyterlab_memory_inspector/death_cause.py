"""Why a kernel died, named from evidence only: the group's OOM-kill counter, the exit status.

Killed by the out-of-memory killer when the group's ``oom_kill`` counter went up while the cell
ran, or when the kernel ended by SIGKILL with the group at its limit; killed by another signal;
crashed (a signal of a fault: SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE); exited with a code.
Without an exit status the cause is ``unknown``: never guessed.
"""

from __future__ import annotations

import signal
from typing import Any

from .memory_group import HOST, MemoryReading
from .message import message
from .text import format_bytes

OOM_KILL = "oom_kill"
SIGNAL = "signal"
CRASH = "crash"
EXIT = "exit"
UNKNOWN = "unknown"

# A SIGKILL counts as the OOM killer's when the last reading had the group this full.
AT_LIMIT = 0.9

# The evidence in words a person reads (the group's counter is ``oom_kill``); the panel has
# their translated twins (src/util/evidenceWords.ts).
COUNTED_KILL = "the memory group counted an out-of-memory kill"
KILLED_AT_LIMIT = "killed (SIGKILL) with the memory group at its limit"
REMOTE = message(
    "the kernel runs elsewhere (behind a kernel gateway): this server cannot see its process, "
    "so no cause is known"
)

_FAULTS = {signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGILL, signal.SIGFPE}


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def death_cause(
    returncode: int | None,
    last: MemoryReading | None,
    oom_kills_before: int | None,
    oom_kills_after: int | None,
) -> dict[str, Any]:
    """The cause and its evidence (schema: KernelDeath, without the cell).

    `returncode` is the kernel process's, as subprocess gives it (minus the signal number when
    a signal ended it); `last` is the last reading of the group before the death.
    """
    death: dict[str, Any] = {"cause": UNKNOWN, "evidence": "", "exit_code": returncode}
    if last is not None:
        death.update(last.as_json())
    counted = (
        oom_kills_before is not None
        and oom_kills_after is not None
        and oom_kills_after > oom_kills_before
    )
    if counted:
        death.update(cause=OOM_KILL, evidence=COUNTED_KILL)
    elif returncode is None:
        return death
    elif returncode == -signal.SIGKILL and last is not None and last.share >= AT_LIMIT:
        death.update(cause=OOM_KILL, evidence=KILLED_AT_LIMIT)
    elif returncode < 0:
        name = _signal_name(-returncode)
        cause = CRASH if -returncode in _FAULTS else SIGNAL
        death.update(cause=cause, evidence=f"ended by {name}", signal=name)
    else:
        death.update(cause=EXIT, evidence=f"exited with code {returncode}")
    return death


def remote_death() -> dict[str, Any]:
    """The death of a kernel whose process this server cannot see (schema: KernelDeath)."""
    return {"cause": UNKNOWN, "evidence": REMOTE, "exit_code": None}


def death_message(death: dict[str, Any], cell: str) -> str:
    """``the kernel was killed ... while running cell [2]``: the death in one line for people."""
    cause = death.get("cause")
    usage, limit = death.get("usage"), death.get("limit")
    at = ""
    if isinstance(usage, int) and isinstance(limit, int):
        of = f"the machine's {format_bytes(limit)}" if death.get("scope") == HOST else None
        at = f" at {format_bytes(usage)} of {of or format_bytes(limit)}"
    if cause == OOM_KILL:
        return (
            f"out of memory: the kernel was killed{at} while running {cell} "
            f"({death['evidence']}); its variables are lost"
        )
    if cause in (SIGNAL, CRASH):
        verb = "crashed" if cause == CRASH else "was killed"
        return f"the kernel {verb} ({death['evidence']}){at} while running {cell}"
    if cause == EXIT:
        return f"the kernel {death['evidence']}{at} while running {cell}"
    if death.get("evidence"):
        return f"the kernel died{at} while running {cell}: {death['evidence']}"
    return f"the kernel died{at} while running {cell}; its exit status is unknown"
