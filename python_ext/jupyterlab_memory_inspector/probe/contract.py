"""The protocol module, wherever the probe runs: the probe's one import of it.

Injected into a kernel, the probe is a package of its own and the server ships ``protocol`` as
one of its modules; installed, the probe is a subpackage and ``protocol`` sits beside it.
"""

from __future__ import annotations

try:
    from . import protocol  # type: ignore[attr-defined]
except ImportError:
    from .. import protocol  # type: ignore[no-redef]

PROBE_VERSION = protocol.PROBE_VERSION
RECORD_MSG_TYPE = protocol.RECORD_MSG_TYPE
PROBE_MSG_TYPE = protocol.PROBE_MSG_TYPE
CELL_START_MSG_TYPE = protocol.CELL_START_MSG_TYPE
MAX_NFRAMES = protocol.MAX_NFRAMES
DEFAULT_CONFIG = protocol.DEFAULT_CONFIG
check_config = protocol.check_config
