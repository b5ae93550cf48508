"""The UI tests' server (ui-tests/jupyter_server_test_config.py), without websocket pings.

A Run All of thousands of cells keeps the page's main thread busy for minutes on a loaded
machine. Chromium then stops reading the kernel's websocket (flow control), so the server's
keep-alive pings go unanswered and after 90 s it closes the socket, losing the replies of the
cells still queued: the run never ends. The benchmark measures the page's heap, not that.
"""

from pathlib import Path

_ui_tests = Path(__file__).resolve().parents[2] / "ui-tests"
_test_config = _ui_tests / "jupyter_server_test_config.py"
if not _test_config.is_file():
    raise FileNotFoundError(_test_config)
load_subconfig(_test_config.name, str(_ui_tests))  # noqa: F821 (given by the config loader)

c.ServerApp.tornado_settings = {"ws_ping_interval": 0}  # noqa: F821
