"""The parts of the out-of-memory guard: the group's reading, the guard's decision, the cause of a
death named from real processes' exit statuses."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from memory_cgroup import LIMIT, join, memory_cgroup, own_memory_group

from jupyterlab_memory_inspector.death_cause import death_cause, death_message
from jupyterlab_memory_inspector.memory_group import GROUP, HOST, GroupReader, MemoryReading
from jupyterlab_memory_inspector.oom_guard import GuardSettings, OomGuard, guard_message
from jupyterlab_memory_inspector.report.outcome import right_size, right_size_text
from jupyterlab_memory_inspector.text import MiB

HOLD = "import sys; kept = bytearray(200 * 2**20); print('held', flush=True); sys.stdin.read()"


def test_a_process_in_a_limited_group_reads_the_groups_usage_and_limit():
    with memory_cgroup(LIMIT) as group:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: join(group),  # noqa: PLW1509  (the child writes its own pid)
        )
        try:
            assert holder.stdout.readline() == "held\n"
            reading = GroupReader(holder.pid).read()
        finally:
            holder.communicate("")
    assert reading.scope == GROUP
    assert reading.limit == LIMIT
    assert 200 * MiB < reading.usage < LIMIT
    assert reading.oom_kills == 0


def test_without_a_group_limit_the_host_is_read():
    if own_memory_group() is None:
        pytest.skip("needs a cgroup v1 memory group to know that it has no limit")
    reading = GroupReader().read()
    limit = (own_memory_group() / "memory.limit_in_bytes").read_text()
    if int(limit) < 1 << 62:
        pytest.skip("this process's own group has a limit")
    assert reading.scope == HOST
    with open("/proc/meminfo") as meminfo:
        total = int(meminfo.readline().split()[1]) * 1024
    assert reading.limit == total


def reading(usage_mib: float) -> MemoryReading:
    return MemoryReading(GROUP, int(usage_mib * MiB), LIMIT, 0)


def test_the_guard_interrupts_at_its_threshold_once_per_cell():
    guard = OomGuard(GuardSettings(threshold=0.9, lookahead=0))
    guard.cell_started()
    assert [guard.observe(reading(mib)) for mib in (100, 600, 629, 631, 635)] == [
        False,
        False,
        False,
        True,
        False,
    ]
    outcome = guard.outcome()
    assert outcome["usage"] == int(631 * MiB) and outcome["stopped"] is True
    assert guard_message(outcome) == (
        "stopped at 631 MiB of a 700 MiB limit so that the kernel would not be killed; "
        "your variables are kept"
    )
    guard.cell_started()
    assert guard.outcome() is None


def test_fast_growth_is_interrupted_before_the_threshold():
    guard = OomGuard(GuardSettings(threshold=0.9, lookahead=2))
    guard.cell_started()
    # 150 MiB between two readings: two more would pass the limit.
    assert guard.observe(reading(300)) is False
    assert guard.observe(reading(450)) is True


def test_growth_after_the_interrupt_is_said_honestly():
    guard = OomGuard(GuardSettings(threshold=0.9, lookahead=0))
    guard.cell_started()
    guard.observe(reading(615))
    guard.observe(reading(640))
    # An allocation under way at the interrupt may complete: as much as the last step.
    guard.observe(reading(665))
    assert guard.outcome()["stopped"] is True
    guard.observe(reading(690))
    outcome = guard.outcome()
    assert outcome["stopped"] is False
    assert "the cell kept growing to 690 MiB" in guard_message(outcome)
    assert "ignores the interrupt" in guard_message(outcome)


def test_a_cell_that_starts_near_the_limit_runs_unless_it_grows():
    guard = OomGuard(GuardSettings(threshold=0.9, lookahead=2))
    # After a stop the group stays nearly full: the cell that frees memory must run.
    guard.cell_started(reading(640))
    assert guard.observe(reading(640)) is False
    assert guard.observe(reading(644)) is False
    assert guard.observe(reading(660)) is True


def test_a_guard_that_is_off_never_interrupts():
    guard = OomGuard(GuardSettings(enabled=False))
    guard.cell_started()
    assert not any(guard.observe(reading(mib)) for mib in (100, 650, 699))
    assert guard.outcome() is None


def ended(code: str) -> int:
    """The exit status of a real Python process that runs `code`."""
    return subprocess.run([sys.executable, "-c", code], check=False).returncode


@pytest.mark.parametrize(
    ("code", "cause", "evidence"),
    [
        ("raise SystemExit(3)", "exit", "exited with code 3"),
        ("import os, signal; os.kill(os.getpid(), signal.SIGTERM)", "signal", "ended by SIGTERM"),
        ("import os; os.abort()", "crash", "ended by SIGABRT"),
    ],
)
def test_a_death_is_named_from_the_exit_status(code, cause, evidence):
    death = death_cause(ended(code), reading(100), 0, 0)
    assert death["cause"] == cause and death["evidence"] == evidence


def test_a_sigkill_is_the_oom_killers_only_at_the_limit():
    killed = ended("import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    assert killed == -signal.SIGKILL
    assert death_cause(killed, reading(690), None, None)["cause"] == "oom_kill"
    assert death_cause(killed, reading(100), None, None)["cause"] == "signal"
    # The group's counter is the stronger evidence, whatever the reading.
    assert death_cause(killed, reading(100), 0, 1)["cause"] == "oom_kill"


def test_without_an_exit_status_the_cause_is_not_guessed():
    death = death_cause(None, reading(690), 0, 0)
    assert death["cause"] == "unknown"
    assert death_message(death, "cell [2]") == (
        "the kernel died at 690 MiB of 700 MiB while running cell [2]; its exit status is unknown"
    )


def _kernel_only(peak: int) -> dict[str, int]:
    return {"rss_before": 100 * MiB, "rss_after": 100 * MiB, "peak": peak}


def test_the_right_size_takes_the_tree_peak_where_records_have_it():
    tree = {"before": 100 * MiB, "after": 100 * MiB, "peak": 1200 * MiB, "method": "rss_uss"}
    records = [_kernel_only(300 * MiB), {**_kernel_only(400 * MiB), "tree": tree}]
    size = right_size(records, None)
    assert size.peak == 1200 * MiB and size.peak_of == "tree" and size.run == 2
    # 1.2 GiB with 25% headroom is 1.46 GiB: stated as the next 256 MiB, 1.5 GiB.
    assert size.size == 1536 * MiB
    assert right_size([_kernel_only(300 * MiB)], None).peak_of == "kernel"


def test_a_cell_the_guard_stopped_makes_the_right_size_a_lower_bound():
    # Found running a notebook whose Pool cell needs 821 MiB in a 700 MiB group: the guard
    # stopped it at 541 MiB, and the report said that a 768 MiB container runs the notebook.
    stopped = {**_kernel_only(546 * MiB), "oom_guard": {"action": "interrupted", "stopped": True}}
    size = right_size([_kernel_only(300 * MiB), stopped, _kernel_only(310 * MiB)], None)
    assert size.peak == 546 * MiB and size.peak_of == "stopped" and size.run == 2
    text = right_size_text(size)
    assert text.startswith("memory needed: more than 546 MiB (")
    assert "stopped by the out-of-memory guard" in text
    assert "runs it with" not in text
