"""The benchmarks' server (jupyter_server_bench_config.py) without this project's server extension.

The extension enables itself for every server through jupyter_server_config.d, and the UI
tests' configuration keeps it; with it off, the server installs no probe in the kernels and
answers 404 under /memory-inspector/, so that a run with the page extension also disabled has
none of our code in it. Chosen with JMI_BENCH_SERVER=bare (playwright.config.js).
"""

from pathlib import Path

_here = Path(__file__).resolve().parent
load_subconfig("jupyter_server_bench_config.py", str(_here))  # noqa: F821 (given by the config loader)

# jupyter_server adds the config.d extensions only where this dict has no entry for them.
c.ServerApp.jpserver_extensions.update({"jupyterlab_memory_inspector": False})  # noqa: F821
