"""Builds the code that installs the probe in a kernel from this package's own probe sources."""

from __future__ import annotations

import ast
import functools
import json
from pathlib import Path
from typing import Any

from ..protocol import PROBE_PACKAGE

_HERE = Path(__file__).parent
_PACKAGE = _HERE.parent


@functools.lru_cache(maxsize=1)
def probe_sources() -> dict[str, str]:
    """The probe package's modules, by module name (``__init__`` for the package itself).

    ``protocol`` goes with them: the probe takes its constants from it, and the kernel's
    environment need not have this package installed.
    """
    sources = {
        path.stem: path.read_text("utf-8") for path in sorted((_PACKAGE / "probe").glob("*.py"))
    }
    sources["protocol"] = (_PACKAGE / "protocol.py").read_text("utf-8")
    return sources


@functools.lru_cache(maxsize=1)
def install_code() -> str:
    """Code for a silent execute request that installs (or re-installs) the probe.

    It runs in the user's namespace, so it binds no name there: the loader gets a namespace of
    its own, and the only names looked up are ``__import__`` and ``compile``/``exec`` reached
    through ``builtins``, which a user's own ``exec = ...`` cannot shadow.
    """
    loader = (_HERE / "probe_loader.py").read_text("utf-8")
    namespace = {
        "__name__": PROBE_PACKAGE + "_loader",
        "_MEMORY_INSPECTOR_ARGS": (PROBE_PACKAGE, probe_sources()),
    }
    return (
        "__import__('builtins').exec(__import__('builtins').compile("
        f"{loader!r}, '<memory-inspector-loader>', 'exec'), {namespace!r})"
    )


def probe_call(method: str, *args: str) -> str:
    """A user expression that calls a method of the installed probe with string arguments.

    Evaluated as a user expression of a silent execute request, it binds no name, is not
    stored or shown, and comes back in the reply, also through a gateway.
    """
    arguments = ", ".join(repr(arg) for arg in args)
    return f"__import__('sys').modules[{PROBE_PACKAGE!r}].active().{method}({arguments})"


class ProbeCallError(Exception):
    """The probe's method failed, or did not answer JSON; the message says which."""


def probe_result(user_expressions: dict[str, Any], name: str) -> Any:
    """The JSON that the probe method evaluated as user expression `name` returned."""
    result = user_expressions.get(name, {})
    if result.get("status") != "ok":
        raise ProbeCallError(f"{result.get('ename', 'error')}: {result.get('evalue', 'no result')}")
    try:
        return json.loads(ast.literal_eval(result["data"]["text/plain"]))
    except (KeyError, ValueError, SyntaxError, TypeError) as err:
        raise ProbeCallError(f"the probe's answer is not JSON: {err}") from err
