"""The folders keep their roles: the server side talks to the probe through the protocol only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "jupyterlab_memory_inspector"
NAME = "jupyterlab_memory_inspector"


def imported_modules(path: Path) -> list[str]:
    """Every module that `path` imports, as an absolute dotted name."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = parts[:-1]  # a module and an __init__ alike: the folder they are in
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append(module)
            found.extend(f"{module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("room", ["server", "cli", "advice", "report", "probe_client"])
def test_no_module_outside_the_kernel_imports_the_probe(room):
    offenders = {
        str(path.relative_to(PACKAGE)): module
        for path in sorted((PACKAGE / room).rglob("*.py"))
        for module in imported_modules(path)
        if module == f"{NAME}.probe" or module.startswith(f"{NAME}.probe.")
    }
    assert offenders == {}


def test_the_probe_imports_nothing_of_the_package_but_the_protocol():
    outside = {
        str(path.relative_to(PACKAGE)): module
        for path in sorted((PACKAGE / "probe").glob("*.py"))
        for module in imported_modules(path)
        if module.startswith(NAME) and not module.startswith(f"{NAME}.probe")
    }
    assert outside == {"probe/contract.py": f"{NAME}.protocol"}


def test_the_import_finder_sees_a_probe_import():
    # The check above must be able to fail: a relative import of the probe is found.
    sample = PACKAGE / "server" / "handlers" / "info.py"
    assert f"{NAME}.protocol.API_VERSION" in imported_modules(sample)
