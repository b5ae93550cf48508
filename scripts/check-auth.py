"""Fail if any endpoint of the server extension can be reached without authentication.

jupyter_server warns (JupyterServerAuthWarning) about every handler method that lacks
@tornado.web.authenticated, @ws_authenticated or @allow_unauthenticated when it starts with
allow_unauthenticated_access=False; this turns that warning into a failure, for our
extension alone.
"""

from __future__ import annotations

import sys
import tempfile
import warnings

from jupyter_server.serverapp import ServerApp
from jupyter_server.utils import JupyterServerAuthWarning


def main() -> int:
    with tempfile.TemporaryDirectory() as root, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", JupyterServerAuthWarning)
        app = ServerApp(
            jpserver_extensions={"jupyterlab_memory_inspector": True},
            allow_unauthenticated_access=False,
            root_dir=root,
            open_browser=False,
            port_retries=0,
        )
        app.initialize(argv=[], find_extensions=False, new_httpserver=False)
        loaded = "jupyterlab_memory_inspector" in app.extension_manager.extensions
    problems = [str(w.message) for w in caught if issubclass(w.category, JupyterServerAuthWarning)]
    if not loaded:
        print("the jupyterlab_memory_inspector server extension did not load", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("every endpoint of jupyterlab_memory_inspector requires authentication")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
