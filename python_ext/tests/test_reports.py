"""The report model and its renderings, from a real run of a notebook and from complete records."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest

from jupyterlab_memory_inspector.report import (
    KernelInfo,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_table,
)
from jupyterlab_memory_inspector.report.chart import MARKER_LIMIT
from jupyterlab_memory_inspector.report.csv_report import COLUMNS
from jupyterlab_memory_inspector.report.markdown import md_code, md_text
from jupyterlab_memory_inspector.report.model import SOURCE_LINE_LIMIT, first_line
from jupyterlab_memory_inspector.report.schema import report_validator
from jupyterlab_memory_inspector.text import (
    GiB,
    MiB,
)

NOTEBOOKS = Path(__file__).parent / "notebooks"
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
HOSTILE_SUGGESTION = {
    "code": f"del evil  # {SCRIPT}\n%xdel `x` | y",
    "reason": f"it holds 8 MiB {SCRIPT}",
    "expected_bytes": 8 * MiB,
    "confidence": 0.9,
}
KERNEL = KernelInfo(name="python3", display_name="Python 3 (ipykernel)", language="python")


# The model


def test_first_line_skips_blank_lines_and_cuts_long_ones():
    assert first_line("\n\n   x = 1  \ny = 2") == "x = 1"
    assert first_line("") == ""
    long = first_line("a" * 1000)
    assert len(long) == SOURCE_LINE_LIMIT and long.endswith("…")


def test_build_report_reads_a_core_record_without_the_newer_fields():
    record = _core_record(1, rss_before=100 * MiB, rss_after=140 * MiB, peak=150 * MiB)
    report = build_report(
        notebook="n.ipynb",
        kernel=KERNEL,
        probe=None,
        records=[record],
        sources={"cell-1": "\nx = load()\nmore"},
    )
    (cell,) = report.cells
    assert (cell.source_line, cell.delta, cell.peak_above_start) == (
        "x = load()",
        40 * MiB,
        50 * MiB,
    )
    assert cell.gc is None and not report.variables.reported
    assert report.environment.memory_limit is None and report.environment.python is None
    assert report.summary.highest_peak_run == 1 and report.compacted == 0


def test_build_report_of_complete_records(record_validator):
    records = _complete_session()
    for record in records:
        record_validator.validate(record)
    report = _report(records, compacted=3)
    assert report.environment.memory_limit == 2 * GiB
    assert report.environment.memory_limit_source == "cgroup2"
    assert report.environment.host_total == 16 * GiB
    assert report.environment.python == "3.12.1"
    assert [c.execution_count for c in report.cells] == [1, 2, 3]
    assert report.cells[2].gc is not None and report.cells[2].gc.collections == (4, 1, 1)
    assert [v.name for v in report.variables.items] == [f"evil{SCRIPT}", "frame"]
    assert report.summary.errors == 1 and report.summary.highest_peak_run == 2
    assert len(report.timeline) == 3 and report.timeline[1].peak == records[1]["peak"]


def test_compacted_cannot_be_negative():
    with pytest.raises(ValueError, match="cannot be negative"):
        build_report(notebook="n", kernel=KERNEL, probe=None, records=[], sources={}, compacted=-1)


# Renderings of complete records: every field the schema has, hostile strings everywhere


def test_json_of_complete_records_validates():
    report = _report(_complete_session(), compacted=3)
    document = json.loads(render_json(report))
    report_validator().validate(document)
    assert document["compacted"] == 3
    assert document["cells"][0]["record"]["cell_id"] == "cell-1"
    assert document["suggestions"][0]["code"] == HOSTILE_SUGGESTION["code"]


def test_json_schema_refuses_a_broken_report():
    document = json.loads(render_json(_report(_complete_session())))
    del document["cells"][0]["record"]["rss_before"]
    with pytest.raises(jsonschema.ValidationError):
        report_validator().validate(document)


def test_html_escapes_every_user_string():
    records = _complete_session()
    page = render_html(_report(records, notebook=f"{SCRIPT}.ipynb"))
    assert "<script" not in page
    assert "alert(1)" in page  # the hostile strings are shown, as text
    assert page.count(ESCAPED_SCRIPT) >= 8
    for field in ("holder", "summary", "view"):
        assert f"&lt;b&gt;{field}&lt;/b&gt;" in page


def test_html_is_self_contained():
    page = render_html(_report(_complete_session()))
    assert re.search(r"""(src|href)\s*=|@import|url\(|<link|<img|<iframe""", page) is None
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_html_says_how_peaks_were_measured_in_words():
    page = render_html(_report(_complete_session()))
    assert "peaks measured exactly (the kernel&#x27;s high-water mark" in page
    assert "vmhwm" not in page.rpartition("<footer>")[2]


def test_html_chart_draws_the_limit_peaks_and_labels():
    page = render_html(_report(_complete_session()))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "memory limit 2.00 GiB" in svg
    assert svg.count("<circle") == 3 + 1  # one marker per run, one in the legend
    assert ">[2]<" in svg and "GiB<" in svg
    assert "cell runs, in order" in svg and "memory (kernel and child processes)" in svg


def test_html_chart_of_a_long_session_draws_peaks_as_a_line():
    records = [
        _core_record(n, rss_before=(100 + n) * MiB, rss_after=(101 + n) * MiB, peak=(110 + n) * MiB)
        for n in range(1, MARKER_LIMIT + 50)
    ]
    page = render_html(_report(records))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<circle" not in svg  # the legend shows a line too
    assert svg.count("</title>") == len(records) + 1  # a tooltip per run, and the title
    labels = re.findall(r">\[\d+\]<", svg)
    assert 0 < len(labels) <= 24


def test_a_limit_far_above_the_data_is_named_not_drawn():
    records = _complete_session()
    for record in records:
        record["limit"] = {"bytes": 512 * GiB, "source": "env"}
    page = render_html(_report(records))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "memory limit 512 GiB" not in svg.replace("512 GiB (env)", "")
    assert "memory limit 512 GiB (env), far above the chart" in svg


def test_html_chart_of_a_session_without_rss_readings():
    records = [_core_record(n, rss_before=0, rss_after=0, peak=0) for n in (1, 2)]
    page = render_html(_report(records))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert ">1 MiB<" in svg and "nan" not in svg.lower()


def test_markdown_tables_survive_pipes_and_backticks():
    text = render_markdown(_report(_complete_session(), compacted=3))
    assert "history was compacted: 3 older cell runs were dropped" in text
    for header in ("| # | cell | source |", "| name | type | size |"):
        table = _markdown_table(text, header)
        widths = {len(_cells(row)) for row in table}
        assert len(widths) == 1, table
    assert "1. it holds 8 MiB" in text and "```python\n   del evil" in text


def test_markdown_escaping():
    assert md_text("a|b`c*d_<e>") == r"a\|b\`c\*d\_\<e\>"
    assert md_code("x = `y` | z") == "``x = `y` \\| z``"
    assert md_code("`edge`") == "`` `edge` ``"
    assert md_code("two\nlines") == "`two lines`"


def test_csv_of_complete_records():
    rows = list(csv.DictReader(io.StringIO(render_csv(_report(_complete_session())))))
    assert [row["run"] for row in rows] == ["1", "2", "3"]
    assert rows[2]["gc_gen0_collections"] == "4" and rows[2]["gc_collected"] == "120"
    assert rows[1]["status"] == "raised"
    assert rows[0]["source"].startswith("'=cmd")  # no formula in a spreadsheet


def test_every_rendering_of_an_empty_session():
    report = build_report(notebook="empty.ipynb", kernel=KERNEL, probe=None, records=[], sources={})
    report_validator().validate(json.loads(render_json(report)))
    assert "No cell runs were recorded." in render_html(report)
    assert "No cell runs were recorded." in render_markdown(report)
    assert render_csv(report).splitlines() == [",".join(COLUMNS)]
    assert "No cell runs were recorded." in render_table(report)


# Every rendering from one real run


def _report(records, compacted=0, notebook="session.ipynb"):
    return build_report(
        notebook=notebook,
        kernel=KERNEL,
        probe={"python": "3.12.1", "platform": "linux", "peak_method": "vmhwm"},
        records=records,
        sources={
            "cell-1": "=cmd|' /C calc'!A0\nfrom here on",
            "cell-2": f"# {SCRIPT} | `tick`\nraise ValueError",
            "cell-3": "gc.collect()",
        },
        suggestions=[HOSTILE_SUGGESTION],
        compacted=compacted,
        generated=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
    )


def _core_record(n, rss_before, rss_after, peak):
    start = 1_700_000_000.0 + n
    return {
        "schema_version": 1,
        "probe_session": "s",
        "cell_id": f"cell-{n}",
        "execution_count": n,
        "msg_id": f"m{n}",
        "status": "ok",
        "raised": False,
        "start": start,
        "end": start + 0.5,
        "duration": 0.5,
        "rss_before": rss_before,
        "rss_after": rss_after,
        "rss_delta": rss_after - rss_before,
        "peak": peak,
        "peak_method": "vmhwm",
    }


def _complete_record(n, rss_before, rss_after, peak, **fields):
    record = _core_record(n, rss_before, rss_after, peak)
    record.update(
        probe_time=0.001,
        gc={
            "enabled": True,
            "thresholds": [700, 10, 10],
            "counts": [5, 1, 0],
            "frozen": 0,
            "collections": [0, 0, 0],
            "collected": 0,
            "uncollectable": 0,
            "pause": 0.0,
        },
        heap=None,
        limit={"bytes": 2 * GiB, "source": "cgroup2"},
        host={"total": 16 * GiB, "available": 8 * GiB},
        variables={
            "items": [],
            "partial": False,
            "scanned": 0,
            "total": 0,
            "elapsed": 0.0,
            "budget": 0.05,
        },
    )
    record.update(fields)
    return record


def _complete_session():
    hostile_variable = {
        "name": f"evil{SCRIPT}",
        "kind": "name",
        "type": f"__main__.{SCRIPT}",
        "size": 600 * MiB,
        "exact": True,
        "summary": f"len 629145600 <b>summary</b> {SCRIPT} | `x`",
        "new": True,
        "view_of": f"<b>view</b>{SCRIPT}",
        "holders": [
            {"kind": "output_cache", "where": f"Out[2] <b>holder</b> {SCRIPT}"},
            {"kind": "name", "where": "alias | `x`"},
        ],
    }
    frame = {
        "name": "frame",
        "kind": "output",
        "type": "pandas.core.frame.DataFrame",
        "size": 100 * MiB,
        "exact": False,
        "summary": "(1000000, 12)",
        "new": False,
        "view_of": None,
        "holders": [],
    }
    return [
        _complete_record(1, 300 * MiB, 900 * MiB, 900 * MiB),
        _complete_record(2, 900 * MiB, 950 * MiB, int(1.6 * GiB), status="error", raised=True),
        _complete_record(
            3,
            950 * MiB,
            700 * MiB,
            960 * MiB,
            gc={
                "enabled": True,
                "thresholds": [700, 10, 10],
                "counts": [0, 0, 0],
                "frozen": 0,
                "collections": [4, 1, 1],
                "collected": 120,
                "uncollectable": 2,
                "pause": 0.004,
            },
            variables={
                "items": [hostile_variable, frame],
                "partial": True,
                "scanned": 2,
                "total": 10,
                "elapsed": 0.06,
                "budget": 0.05,
            },
        ),
    ]


def _markdown_table(text, header):
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return lines[start:end]


def _cells(row):
    # GitHub splits a row at every pipe that is not escaped, code spans included.
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_the_sessions_start_and_end_count_the_workers_that_stay():
    # Cell 2 starts two workers that stay after it (joblib's reuse them): 300 MiB each.
    first = _complete_record(1, rss_before=100 * MiB, rss_after=120 * MiB, peak=130 * MiB)
    second = _complete_record(2, rss_before=120 * MiB, rss_after=150 * MiB, peak=160 * MiB)
    second["tree"] = {
        "before": 120 * MiB,
        "after": 750 * MiB,
        "peak": 760 * MiB,
        "method": "rss_uss",
        "sample_interval": 0.1,
        "processes": [
            {"pid": 1, "name": "kernel", "kernel": True, "memory": 150 * MiB, "at_peak": None},
            {
                "pid": 2,
                "name": "loky worker",
                "kernel": False,
                "memory": 300 * MiB,
                "at_peak": None,
            },
            {
                "pid": 3,
                "name": "loky worker",
                "kernel": False,
                "memory": 300 * MiB,
                "at_peak": None,
            },
        ],
    }
    report = _report([first, second])
    report_validator().validate(json.loads(render_json(report)))
    summary = report.summary
    assert (summary.tree_start, summary.tree_end) == (100 * MiB, 750 * MiB)
    # The kernel's own figures stay beside them.
    assert (summary.rss_start, summary.rss_end) == (100 * MiB, 150 * MiB)
    assert "memory 100 MiB → 750 MiB (+650 MiB)" in render_table(report)
    assert "memory 100 MiB → 750 MiB (+650 MiB)" in render_markdown(report)
    html = render_html(report)
    assert "750 MiB" in html and "+650 MiB in all" in html
