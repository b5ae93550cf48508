"""JupyterLab as Galata starts it: port 8888 (or $UI_TEST_PORT), no token, a throwaway root.

It also offers an "Echo" kernel, whose language is not Python (pytest_jupyter's echo kernel
reports its own ``language_info``), to test how the extension treats kernels it cannot probe.
"""

import json
import os
import sys
from pathlib import Path
from tempfile import mkdtemp

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)

c.ServerApp.allow_root = True
# Several checkouts can run their UI tests at once on one machine, each on its own port.
c.ServerApp.port = int(os.environ.get("UI_TEST_PORT", "8888"))
c.LabApp.expose_app_in_browser = True

_data = Path(mkdtemp(prefix="galata-kernels-"))
_echo = _data / "kernels" / "echo"
_echo.mkdir(parents=True)
(_echo / "kernel.json").write_text(
    json.dumps(
        {
            "argv": [sys.executable, "-m", "pytest_jupyter.echo_kernel", "-f", "{connection_file}"],
            "display_name": "Echo (not Python)",
            "language": "echo",
        }
    )
)
# The kernel spec manager reads the path when it starts, after this file.
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    filter(None, [str(_data), os.environ.get("JUPYTER_PATH", "")])
)
