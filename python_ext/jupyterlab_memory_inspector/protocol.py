"""What the server, the command line and the probe must agree on, defined once.

The probe runs inside the kernel, where this package may not be installed: the server ships this
module with the probe's sources (see ``probe_client.injector``). So: stdlib only, Python 3.9.
The JSON Schemas state the same versions and ranges; ``tests/test_protocol.py`` checks them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

# The REST/websocket API's version (ServerInfo.api_version): raised when a payload changes in a
# way that an older frontend cannot read.
API_VERSION = 1

# The probe's own version (ProbeInfo.probe_version): what the server may ask of it.
PROBE_VERSION = "1"

# The injected probe's package name in the kernel's ``sys.modules``: private, never the user's.
PROBE_PACKAGE = "_jupyterlab_memory_inspector_probe"

# The probe's custom IOPub messages: a cell's record, and the probe's announcement.
RECORD_MSG_TYPE = "memory_inspector_record"
PROBE_MSG_TYPE = "memory_inspector_probe"
# ...and a cell's start, ``{"cell_id": ...}``, parented to its request: IOPub carries no cell
# id, and should the kernel die in the cell, the server must still name it.
CELL_START_MSG_TYPE = "memory_inspector_cell_start"

# The probe's methods that answer JSON, called as user expressions of silent requests.
INFO_CALL = "info_json"
CONFIGURE_CALL = "configure_json"
COLLECT_CALL = "collect_json"
ADVICE_FACTS_CALL = "advice_facts_json"
# The same facts for a kernel that ends next, found faster by changing it (the command line).
CLOSING_FACTS_CALL = "closing_facts_json"


class Range(NamedTuple):
    """Allowed values of a numeric setting; `open_low` excludes `low` itself."""

    low: float
    high: float
    open_low: bool = False

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, (int, float)):
            return False
        above = value > self.low if self.open_low else value >= self.low
        return above and value <= self.high

    def text(self) -> str:
        """``[0.1, 10]`` or ``(0, 10]``, as the error messages say it."""
        return f"{'(' if self.open_low else '['}{self.low:g}, {self.high:g}]"


MAX_NFRAMES = 3

# The probe's settings (ProbeConfig), and what each may be.
NFRAMES = Range(1, MAX_NFRAMES)
SCAN_BUDGET = Range(0, 10, open_low=True)
MAX_VARIABLES = Range(1, 1000)

DEFAULT_CONFIG: dict[str, Any] = {
    "tracing": False,
    "nframes": 1,
    "scan_budget": 0.05,
    "max_variables": 20,
}

# Seconds between live readings while a cell runs, as a client sets it for one kernel
# (ConfigRequest.sample_interval, the frontend's sampleInterval): fast enough to see a spike,
# slow enough that a panel left open does not keep the server busy.
SAMPLE_INTERVAL = Range(0.1, 10)

# The server's own traits (sample_interval while busy, idle_sample_interval): an administrator
# may read idle kernels as rarely as hourly, or busy ones faster than a client may ask for.
SERVER_SAMPLE_INTERVAL = Range(0.05, 3600)


def check_config(changes: dict[str, Any]) -> dict[str, Any]:
    """Validate a change of the probe's settings; raises ValueError with a message for people."""
    unknown = set(changes) - set(DEFAULT_CONFIG)
    if unknown:
        raise ValueError(f"unknown probe settings: {', '.join(sorted(unknown))}")
    checked: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "tracing":
            if type(value) is not bool:
                raise ValueError("tracing must be true or false")
        elif key == "nframes":
            if type(value) is not int or value not in NFRAMES:
                raise ValueError(f"nframes must be an integer from 1 to {MAX_NFRAMES}")
        elif key == "scan_budget":
            if type(value) not in (int, float) or value not in SCAN_BUDGET:
                raise ValueError(f"scan_budget must be a number of seconds in {SCAN_BUDGET.text()}")
        elif type(value) is not int or value not in MAX_VARIABLES:
            raise ValueError(
                f"max_variables must be an integer from {MAX_VARIABLES.low:g} "
                f"to {MAX_VARIABLES.high:g}"
            )
        checked[key] = float(value) if key == "scan_budget" else value
    return checked


def check_sample_interval(value: Any) -> float:
    """A client's live sampling interval in seconds; raises ValueError for anything else."""
    if type(value) not in (int, float) or value not in SAMPLE_INTERVAL:
        raise ValueError(f"sample_interval must be a number of seconds in {SAMPLE_INTERVAL.text()}")
    return float(value)
