"""Words a data scientist reads where the code's names used to show: the report's cards, the
re-run holders, the ``%load_ext`` line, a kernel's death (the probe's own words are checked
with the probe's tests: test_probe_holders.py, test_probe_library_sizes.py)."""

from __future__ import annotations

import re
import signal

import pytest
from test_reports import _complete_session, _report

from jupyterlab_memory_inspector.advice.advisor import advise
from jupyterlab_memory_inspector.death_cause import death_cause, death_message
from jupyterlab_memory_inspector.ipython_summary import summary_line
from jupyterlab_memory_inspector.memory_group import MemoryReading
from jupyterlab_memory_inspector.report import render_html, render_markdown, render_table
from jupyterlab_memory_inspector.report.reruns import holder_text

MiB = 2**20
INTERNAL = re.compile(
    r"\b(RSS|USS|PSS|vmhwm|VmHWM|user_ns\w*|displayhook|sys\.last_\w+|tracemalloc)\b"
)


@pytest.mark.parametrize("render", [render_html, render_markdown, render_table])
def test_the_reports_say_memory_not_the_kernels_names_for_it(render):
    text = render(_report(_complete_session()))
    assert INTERNAL.search(text) is None, text
    assert "memory 300 MiB → 700 MiB (+400 MiB)" in text


def test_the_report_cards_say_memory():
    page = render_html(_report(_complete_session()))
    assert "Memory at start" in page and "Memory at end" in page


def test_the_holders_of_a_leak_are_named_as_a_person_names_them():
    assert holder_text("exception", "sys.last_traceback", "") == "the last error"
    assert holder_text("output_cache", "Out", "") == "IPython's output history"
    assert holder_text("output_cache", "Out[7]", "") == "IPython's output history (Out[7])"
    assert holder_text("name", "kept", "builtins.list") == "kept (list that grows)"


def test_the_load_ext_line_says_how_a_peak_was_measured_in_words():
    record = {
        "rss_delta": 10 * MiB,
        "rss_before": 100 * MiB,
        "peak": 200 * MiB,
        "peak_method": "sampling",
        "variables": {"items": []},
    }
    assert summary_line(record) == (
        "memory: +10.0 MiB; peak +100 MiB above start (sampled: a short spike can be missed)"
    )
    record["peak_method"] = "endpoints"
    assert summary_line(record).endswith("(start and end only)")


def test_an_out_of_memory_kill_is_told_without_the_kernels_counter_name():
    at_limit = MemoryReading("group", 690 * MiB, 700 * MiB, 0)
    counted = death_cause(-signal.SIGKILL, at_limit, 0, 1)
    assert counted["evidence"] == "the memory group counted an out-of-memory kill"
    killed = death_cause(-signal.SIGKILL, at_limit, None, None)
    assert killed["evidence"] == "killed (SIGKILL) with the memory group at its limit"
    for death in (counted, killed):
        assert "oom_kill" not in death_message(death, "cell [2]")


def test_the_advice_to_give_freed_heap_back_says_it_without_the_c_librarys_names():
    (trim,) = advise(None, {"malloc": {"trimmable": 200 * MiB}}, [])
    assert "the C library (glibc) keeps memory that Python freed" in trim.reason
    assert "mallinfo" not in trim.reason
