"""The ``%load_ext`` summary line formats sizes with the package's one byte formatter."""

from __future__ import annotations

import pytest

from jupyterlab_memory_inspector.ipython_summary import summary_line

KiB = 2**10
MiB = 2**20


def record(delta: float, peak_above: float = 0) -> dict:
    return {
        "rss_delta": delta,
        "rss_before": 100 * MiB,
        "peak": 100 * MiB + peak_above,
        "peak_method": "vmhwm",
        "variables": {"items": []},
    }


@pytest.mark.parametrize("size", [1023.9 * KiB, 1023.5 * KiB, 1023.96 * MiB, MiB - 1])
def test_a_size_just_under_the_next_unit_never_reads_1024(size):
    line = summary_line(record(size, size))
    assert "1024" not in line
    assert line.startswith("memory: +1.00 ")


def test_the_line_reads_as_before():
    assert summary_line(record(412 * MiB, 1024 * MiB)) == (
        "memory: +412 MiB; peak +1.00 GiB above start"
    )
    assert summary_line(record(-3.2 * MiB)) == "memory: -3.20 MiB; peak +0 B above start"
