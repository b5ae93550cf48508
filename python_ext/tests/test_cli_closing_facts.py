"""The probe's two fixed steps in a command line run: its install, sent as a user expression,
and the facts at the end, where the garbage found by collecting it (the kernel ends next) must
be what the walk that changes nothing finds, so that the report says the same."""

from __future__ import annotations

import gc
import json
import sys
import textwrap
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from test_cli import SESSION, error_line, run_cli

from jupyterlab_memory_inspector.probe import Probe
from jupyterlab_memory_inspector.probe.facts import collected_garbage, cyclic_garbage
from jupyterlab_memory_inspector.protocol import CLOSING_FACTS_CALL

CYCLES = 300
PAYLOAD = 20_000


def own_sizes(objects: list[Any]) -> int:
    # The probe's own sizing leaves small cycles of its own, which the second measure would
    # count; the objects' own sizes leave none.
    return sum(map(sys.getsizeof, objects))


def test_collecting_finds_the_garbage_that_the_walk_finds_and_leaves_the_rest_as_it_was():
    class Node:
        pass

    def pending():
        yield 1

    gc.collect()
    flags = gc.get_debug()
    sentinel = object()
    gc.garbage.append(sentinel)
    gc.disable()
    try:
        ring = head = Node()
        for _ in range(2_000):
            head.next = Node()
            head = head.next
        head.next = ring
        for _ in range(50):
            node = Node()
            node.me = node
            node.payload = bytearray(PAYLOAD)
            node.steps = pending()
            next(node.steps)
        alive = Node()
        alive.me = alive
        del ring, head, node
        walked = cyclic_garbage(own_sizes, budget=10.0)
        collected = collected_garbage(own_sizes, budget=10.0)
        assert collected == walked
        assert collected["objects"] >= 2_001 + 50 * 2
        assert collected["bytes"] >= 50 * PAYLOAD
        assert gc.get_debug() == flags
        assert gc.garbage == [sentinel]
        # Still there for the collector: nothing was freed.
        assert gc.collect() == collected["objects"]
    finally:
        gc.enable()
        gc.garbage.remove(sentinel)
    assert alive.me is alive


def test_the_protocol_names_the_closing_facts_call():
    assert callable(getattr(Probe, CLOSING_FACTS_CALL, None))


def test_the_report_suggests_collecting_exactly_the_notebooks_garbage(tmp_path):
    notebook = tmp_path / "cycles.ipynb"
    nbformat.write(
        new_notebook(
            cells=[
                new_code_cell("import gc\ngc.disable()\nclass Node:\n    pass"),
                new_code_cell(
                    f"for _ in range({CYCLES}):\n"
                    "    node = Node()\n"
                    "    node.me = node\n"
                    f"    node.payload = bytearray({PAYLOAD})\n"
                    "del node"
                ),
                new_code_cell("x = 1"),
            ]
        ),
        notebook,
    )
    report = tmp_path / "report.json"
    result = run_cli("run", notebook, "--json", report)
    assert result.returncode == 0, result.stderr
    suggestions = json.loads(report.read_text())["suggestions"]
    collect = [s for s in suggestions if s["code"] == "import gc\ngc.collect()"]
    assert len(collect) == 1, suggestions
    assert collect[0]["reason"].startswith(f"{CYCLES} objects in reference cycles")
    payloads = CYCLES * sys.getsizeof(bytearray(PAYLOAD))
    assert payloads < collect[0]["expected_bytes"] < payloads + CYCLES * 1024


def test_an_install_that_fails_in_the_kernel_stops_the_run_with_its_error(tmp_path, monkeypatch):
    # A kernel whose compile() refuses the probe's loader: the install's user expression fails
    # while the request itself succeeds, and the run must stop there, saying why.
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        textwrap.dedent(
            """
            import builtins

            _compile = builtins.compile

            def compile(source, filename, *args, **kwargs):
                if filename == "<memory-inspector-loader>":
                    raise RuntimeError("no compiling here")
                return _compile(source, filename, *args, **kwargs)

            builtins.compile = compile
            """
        )
    )
    spec = tmp_path / "kernels" / "refusing"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Refusing",
                "language": "python",
                "env": {"PYTHONPATH": str(site)},
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    result = run_cli("run", SESSION, "--kernel", "refusing")
    assert result.returncode == 2, result.stderr
    assert error_line(result) == (
        "the probe could not be installed: RuntimeError: no compiling here"
    )
