"""Advice for a kernel now: only the variables of the kernel process that runs."""

from __future__ import annotations

from jupyterlab_memory_inspector.advice.current import current_advice

MiB = 2**20


def record(session: str) -> dict:
    item = {
        "name": "big",
        "kind": "name",
        "type": "builtins.bytearray",
        "size": 64 * MiB,
        "exact": True,
        "summary": "",
        "new": True,
        "view_of": None,
        "holders": [],
    }
    return {"probe_session": session, "variables": {"items": [item], "partial": False}}


def test_the_running_process_record_gives_its_suggestions():
    advice = current_advice(record("now"), {"probe_session": "now"}, {})
    assert [s.code for s in advice.suggestions] == ["del big"]
    assert advice.record is not None


def test_a_record_of_an_earlier_process_is_left_out():
    advice = current_advice(record("before"), {"probe_session": "now"}, {})
    assert advice.suggestions == []
    assert advice.record is None


def test_without_a_probe_no_variable_is_trusted():
    assert current_advice(record("before"), None, {}).suggestions == []
