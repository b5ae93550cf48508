"""Every MemoryInspectorApp setting does what it says, refuses a bad value at start, and is
written in the README exactly as the traits define it."""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import textwrap
from pathlib import Path
from typing import Any

import pytest
from lab_client import get_json, poll
from test_live_samples import samples_during
from traitlets import Bool, Float, Int
from traitlets.config import Config

from jupyterlab_memory_inspector.server.app import MemoryInspectorApp

README = Path(__file__).parents[2] / "README.md"


@pytest.fixture
def jp_server_config(jp_server_config, request):
    """The shared server config, with this test's MemoryInspectorApp settings."""
    return {**jp_server_config, "MemoryInspectorApp": getattr(request, "param", {})}


def settings(**values: Any):
    return pytest.mark.parametrize("jp_server_config", [values], indirect=True)


async def stream_samples(jp_ws_fetch, kernel_id: str, count: int, within: float) -> list[dict]:
    """The first `count` samples that the stream sends; fails if they take longer than `within`."""
    ws = await jp_ws_fetch("memory-inspector", "kernels", kernel_id, "stream")
    samples: list[dict] = []

    async def listen() -> None:
        while len(samples) < count:
            event = json.loads(await ws.read_message())
            if event["type"] == "samples":
                samples.extend(event["samples"])

    try:
        await asyncio.wait_for(listen(), within)
    except asyncio.TimeoutError:
        raise AssertionError(f"{len(samples)} of {count} samples in {within} s") from None
    finally:
        ws.close()
    return samples


@settings(history_size=2)
async def test_history_size_caps_the_records_kept(jp_fetch, kernel):
    kernel_id, client = kernel
    for n in range(3):
        await client.run(f"x{n} = {n}")
    monitor = await poll(
        lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
        lambda monitor: monitor["last_seq"] >= 3,
        "the third record",
    )
    assert (monitor["last_seq"], monitor["record_count"], monitor["compacted"]) == (3, 2, 1)


@settings(sample_interval=0.2)
async def test_sample_interval_sets_the_live_interval(jp_fetch, jp_ws_fetch, kernel):
    kernel_id, client = kernel
    monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
    assert monitor["live"]["interval"] == 0.2
    samples, _ = await samples_during(jp_ws_fetch, client, kernel_id, "import time; time.sleep(3)")
    times = sorted(sample["time"] for sample in samples)
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    # At the 0.5 s default no gap could be under 0.4 s.
    assert len(gaps) >= 5 and statistics.median(gaps) < 0.4, gaps


@settings(idle_sample_interval=0.1)
async def test_idle_sample_interval_sets_how_often_an_idle_kernel_is_read(jp_ws_fetch, kernel):
    kernel_id, _ = kernel
    # At the 5 s default, five readings of an idle kernel take 20 s at least.
    samples = await stream_samples(jp_ws_fetch, kernel_id, 6, within=10)
    assert len(samples) >= 6


@settings(idle_sample_interval=0.05, sample_history=3)
async def test_sample_history_caps_the_readings_kept(jp_ws_fetch, kernel):
    kernel_id, _ = kernel
    await stream_samples(jp_ws_fetch, kernel_id, 8, within=20)
    # A new stream starts with every reading the server kept.
    replay = await stream_samples(jp_ws_fetch, kernel_id, 1, within=5)
    assert len(replay) == 3


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"history_size": 0}, "MemoryInspectorApp.history_size must be at least 1, not 0"),
        ({"sample_history": -5}, "MemoryInspectorApp.sample_history must be at least 1, not -5"),
        (
            {"sample_interval": 0.0},
            "MemoryInspectorApp.sample_interval must be in [0.05, 3600] seconds, not 0.0",
        ),
        (
            {"idle_sample_interval": 7200.0},
            "MemoryInspectorApp.idle_sample_interval must be in [0.05, 3600] seconds, not 7200.0",
        ),
        (
            {"kernel_timeout": 0.0},
            "MemoryInspectorApp.kernel_timeout must be in (0, 3600] seconds, not 0.0",
        ),
        (
            {"kernel_timeout": "soon"},
            "The 'kernel_timeout' trait of a MemoryInspectorApp instance expected a float",
        ),
    ],
    ids=["history_size", "sample_history", "sample_interval", "idle", "timeout", "timeout_text"],
)
def test_a_bad_setting_is_named_when_the_server_starts(
    jp_server_config, jp_configurable_serverapp, capsys, values, message
):
    app = jp_configurable_serverapp(
        config=Config({**jp_server_config, "MemoryInspectorApp": values})
    )
    said = [
        line
        for line in capsys.readouterr().err.splitlines()
        if "jupyterlab_memory_inspector | error linking extension: " in line
    ]
    assert len(said) == 1 and message in said[0], said
    # The server runs on, without the extension.
    assert "jupyterlab_memory_inspector" not in app.extension_manager.linked_extensions


def readme_settings_block() -> str:
    """The README's server settings: the first ``python`` fence after "Server side"."""
    text = README.read_text("utf-8")
    fence = r"Server side \(`jupyter_server_config\.py`.*?```python\n(.*?)```"
    match = re.search(fence, text, re.S)
    assert match, "README has no server settings block"
    return match.group(1)


def settings_block_from_traits() -> str:
    """What the README's block must say: each trait's help, then its name and default."""
    lines: list[str] = []
    for name, trait in sorted(MemoryInspectorApp.class_own_traits(config=True).items()):
        assert isinstance(trait, (Int, Float, Bool)), name
        default = trait.default_value
        shown = f"{default:_}" if isinstance(trait, Int) else repr(default)
        lines += textwrap.wrap(trait.help, 98, initial_indent="# ", subsequent_indent="# ")
        lines.append(f"c.MemoryInspectorApp.{name} = {shown}")
    return "\n".join(lines) + "\n"


def test_the_readme_states_every_server_setting_as_the_traits_do():
    assert readme_settings_block() == settings_block_from_traits()
