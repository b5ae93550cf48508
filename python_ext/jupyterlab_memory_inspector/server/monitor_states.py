"""A kernel monitor's states, as the API reports them (Monitor.state)."""

CONNECTING = "connecting"
INSTALLING = "installing"
ACTIVE = "active"
UNSUPPORTED = "unsupported"
FAILED = "failed"
CLOSED = "closed"
