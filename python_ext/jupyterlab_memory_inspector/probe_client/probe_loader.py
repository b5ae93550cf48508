"""Runs inside the kernel: turns the probe's sources into an importable package and installs it.

The server sends this file's source with the probe's sources (see `injector`), so the kernel's
environment needs no install of this package. It is executed in a fresh namespace, never the
user's, and everything it creates lives under one private package name in ``sys.modules``.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.util
import sys
from typing import Any


class _SourceFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the probe's modules from the sources the server sent, in whatever order imported."""

    def __init__(self, package: str, sources: dict[str, str]) -> None:
        self._package = package
        self._sources = sources

    def _key(self, fullname: str) -> str | None:
        if fullname == self._package:
            return "__init__"
        prefix = self._package + "."
        if fullname.startswith(prefix) and fullname[len(prefix) :] in self._sources:
            return fullname[len(prefix) :]
        return None

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        key = self._key(fullname)
        if key is None:
            return None
        return importlib.util.spec_from_loader(fullname, self, is_package=key == "__init__")

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: Any) -> None:
        key = self._key(module.__name__)
        filename = f"<memory-inspector-probe/{key}.py>"
        module.__file__ = filename
        exec(compile(self._sources[key], filename, "exec"), module.__dict__)


def load(package: str, sources: dict[str, str]) -> Any:
    """Import the probe package `package` from `sources`, replacing an older copy."""
    old = sys.modules.get(package)
    if old is not None:
        # An older probe may be broken: replace it anyway.
        with contextlib.suppress(Exception):
            old.uninstall()
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]
    finder = _SourceFinder(package, sources)
    sys.meta_path.insert(0, finder)
    try:
        module = importlib.import_module(package)
        for key in sources:
            if key != "__init__":
                importlib.import_module(f"{package}.{key}")
    finally:
        sys.meta_path.remove(finder)
    return module


def _main() -> None:
    package, sources = globals()["_MEMORY_INSPECTOR_ARGS"]
    probe = load(package, sources)
    probe.install(sys.modules["IPython"].get_ipython())


if "_MEMORY_INSPECTOR_ARGS" in globals():
    _main()
