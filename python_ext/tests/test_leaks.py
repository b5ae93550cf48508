"""The leak rule (leaks/rule.py) over records shaped as the probe sends them."""

from __future__ import annotations

import itertools

from jupyterlab_memory_inspector.leaks import DEFAULT_TOLERANCE, CellRuns, judge_records
from jupyterlab_memory_inspector.text import KiB, MiB


class Kernel:
    """A kernel's RSS as cells run in it, writing each run's record."""

    def __init__(self, session: str = "s1") -> None:
        self.rss = 200 * MiB
        self.session = session
        self.counter = itertools.count(1)
        self.records: list[dict] = []

    def run(self, cell_id: str, keeps: int, temporary: int = 0, variables=None, status="ok"):
        before = self.rss
        self.rss += keeps
        record = {
            "probe_session": self.session,
            "cell_id": cell_id,
            "execution_count": next(self.counter),
            "status": status,
            "rss_before": before,
            "rss_after": self.rss,
            "rss_delta": keeps,
            "peak": max(before, self.rss) + temporary,
        }
        if variables is not None:
            record["variables"] = {"partial": False, "items": variables}
        self.records.append(record)
        return record


def variable(name, size, kind="name", type_name="builtins.list", holders=()):
    return {"name": name, "kind": kind, "type": type_name, "size": size, "holders": list(holders)}


def test_a_cell_that_appends_50_mib_each_run_is_flagged_after_3_runs():
    kernel = Kernel()
    for run in range(1, 4):
        kernel.run("append", 50 * MiB, variables=[variable("kept", run * 50 * MiB)])
        verdict = judge_records(kernel.records)["append"]
        assert verdict.leaking is (run >= 3)
    assert verdict.growths == 2
    assert abs(verdict.keeps - 50 * MiB) < KiB
    assert verdict.holder is not None
    assert (verdict.holder.kind, verdict.holder.name) == ("variable", "kept")
    assert verdict.holder.growth == 50 * MiB


def test_a_cell_that_makes_and_frees_200_mib_is_never_flagged():
    kernel = Kernel()
    # What a real kernel shows: a page or a few kept by malloc now and then.
    for jitter in (128 * KiB, 4 * KiB, 0, 256 * KiB, 8 * KiB, 0, 64 * KiB, 4 * KiB, 0, 12 * KiB):
        kernel.run("temporary", jitter, temporary=200 * MiB)
    verdict = judge_records(kernel.records)["temporary"]
    assert verdict.runs == 10
    assert not verdict.leaking
    assert verdict.growths == 0
    assert max(verdict.peaks) - 200 * MiB >= kernel.records[0]["rss_before"]


def test_a_cell_whose_memory_another_cell_frees_between_its_runs_is_not_flagged():
    kernel = Kernel()
    for _ in range(4):
        kernel.run("load", 512 * MiB)
        kernel.run("cache", 128 * MiB)  # a real leak between the two
        kernel.run("free", -512 * MiB)
    verdicts = judge_records(kernel.records)
    assert not verdicts["load"].leaking
    assert verdicts["load"].growth_per_run < DEFAULT_TOLERANCE
    assert verdicts["cache"].leaking
    assert abs(verdicts["cache"].keeps - 128 * MiB) < KiB
    assert not verdicts["free"].leaking


def test_a_cell_that_runs_after_a_leaking_one_is_not_flagged():
    kernel = Kernel()
    for _ in range(4):
        kernel.run("leak", 30 * MiB)
        kernel.run("innocent", 16 * KiB)
    verdicts = judge_records(kernel.records)
    assert verdicts["leak"].leaking
    assert not verdicts["innocent"].leaking


def test_growths_must_be_the_latest_runs_in_a_row():
    kernel = Kernel()
    for keeps in (40 * MiB, 40 * MiB, 40 * MiB, 0):
        kernel.run("cell", keeps)
    verdict = judge_records(kernel.records)["cell"]
    assert not verdict.leaking
    assert verdict.growths == 0
    kernel.run("cell", 40 * MiB)
    assert judge_records(kernel.records)["cell"].growths == 1


def test_the_first_run_builds_state_and_does_not_count():
    kernel = Kernel()
    kernel.run("load", 900 * MiB)
    kernel.run("load", 3 * MiB)
    verdict = judge_records(kernel.records)["load"]
    assert verdict.growths == 1
    assert not verdict.leaking


def test_a_growth_within_the_tolerance_is_noise():
    kernel = Kernel()
    for _ in range(6):
        kernel.run("cell", DEFAULT_TOLERANCE)
    assert not judge_records(kernel.records)["cell"].leaking
    assert judge_records(kernel.records, tolerance=DEFAULT_TOLERANCE - 1)["cell"].leaking


def test_the_output_cache_is_named_when_it_holds_what_grew():
    kernel = Kernel()
    for run in range(1, 4):
        cached = [variable(f"Out[{n}]", 64 * MiB, kind="output") for n in range(1, run)]
        shown = variable(
            "shown",
            64 * MiB,
            type_name="numpy.ndarray",
            holders=[{"kind": "output_cache", "where": f"Out[{run}]"}],
        )
        kernel.run("show", 64 * MiB, variables=[shown, *cached])
    holder = judge_records(kernel.records)["show"].holder
    assert holder is not None
    assert (holder.kind, holder.name, holder.type) == ("output_cache", "Out[3]", "numpy.ndarray")


def test_the_last_exception_is_named_when_a_raising_cell_grows_and_nothing_sized_did():
    kernel = Kernel()
    for _ in range(3):
        kernel.run("raises", 20 * MiB, status="error")
    holder = judge_records(kernel.records)["raises"].holder
    assert holder is not None and holder.kind == "exception"


def test_cell_runs_start_afresh_in_a_new_session_and_stay_bounded():
    runs = CellRuns(runs_per_cell=4, cells=2)
    kernel = Kernel("s1")
    for _ in range(3):
        verdict = runs.add(kernel.run("leak", 30 * MiB))
    assert verdict is not None and verdict.leaking
    restarted = Kernel("s2")
    verdict = runs.add(restarted.run("leak", 30 * MiB))
    assert verdict is not None and verdict.runs == 1
    for _ in range(6):
        verdict = runs.add(restarted.run("leak", 30 * MiB))
    assert verdict is not None and verdict.runs == 4 and verdict.leaking
    runs.add(restarted.run("a", 0))
    runs.add(restarted.run("b", 0))
    verdict = runs.add(restarted.run("leak", 30 * MiB))
    assert verdict is not None and verdict.runs == 1  # evicted as the oldest cell


def test_a_record_without_a_cell_id_has_no_verdict_but_counts_between_runs():
    runs = CellRuns()
    kernel = Kernel()
    runs.add(kernel.run("cell", 0))
    assert runs.add({**kernel.run("ignored", 300 * MiB), "cell_id": None}) is None
    verdict = runs.add(kernel.run("cell", 0))
    assert verdict is not None and verdict.growth_per_run == 0


def test_the_verdict_as_json_matches_the_schema(record_validator):
    kernel = Kernel()
    for run in range(1, 4):
        kernel.run("append", 50 * MiB, variables=[variable("kept", run * 50 * MiB)])
    data = judge_records(kernel.records)["append"].to_json()
    definitions = record_validator.schema["definitions"]
    schema = {**definitions["LeakVerdict"], "definitions": definitions}
    type(record_validator)(schema).validate(data)
    assert data["leaking"] is True and data["holder"]["name"] == "kept"
