"""The free-memory cell's text: each line once, one comment per step, holders named once."""

from __future__ import annotations

from collections import Counter

from jupyterlab_memory_inspector.advice.advisor import advise
from jupyterlab_memory_inspector.advice.free_cell import free_memory_cell
from jupyterlab_memory_inspector.advice.holder_words import holder_words

MiB = 2**20
ROOTS = ("sys.last_traceback", "sys.last_exc", "InteractiveTB.tb")
FRAMES = ("__getitem__", "_get_value", "get_loc", "load", "clean", "<lambda>")


def error_frames():
    return [("exception", f"{root}: {frame}()") for root in ROOTS for frame in FRAMES]


def item(name, size, *, kind="name", type_="pandas.core.frame.DataFrame", holders=()):
    return {
        "name": name,
        "kind": kind,
        "type": type_,
        "size": size,
        "exact": True,
        "summary": "",
        "new": False,
        "view_of": None,
        "holders": [{"kind": k, "where": w} for k, w in holders],
    }


def scenario_cell():
    """The issue's notebook: a DataFrame shown as Out[5] and kept by the last error, another
    kept by the error, the error's own local, and reference cycles."""
    shown = [
        ("output_cache", "Out[5]"),
        ("output_cache", "_5"),
        ("output_cache", "user_ns_hidden['_5']"),
        ("output_cache", "displayhook.___"),
        ("output_cache", "last_execution_result"),
    ]
    items = [
        item("df", 400 * MiB, holders=[*shown, *error_frames()]),
        item("features", 300 * MiB, type_="numpy.ndarray", holders=error_frames()),
        item("tmp inside load()", 244 * MiB, kind="exception"),
    ]
    facts = {"garbage": {"objects": 5000, "bytes": 20 * MiB, "complete": True}}
    suggestions = advise({"variables": {"items": items, "partial": False}}, facts, [])
    return free_memory_cell(suggestions)[0]


def comments(source):
    """The cell's comments, each step's read as one line."""
    return " ".join(
        line[1:].strip() for line in source.splitlines() if line.startswith("#")
    ).replace("  ", " ")


def code_lines(source):
    return [line for line in source.splitlines() if line and not line.startswith("#")]


def test_no_line_or_import_is_repeated():
    source = scenario_cell()
    repeated = [line for line, n in Counter(code_lines(source)).items() if n > 1]
    assert repeated == []
    assert code_lines(source)[:2] == ["import gc", "import sys"]
    assert code_lines(source)[-1] == "gc.collect()"


def test_the_error_is_released_before_the_steps_that_rely_on_it():
    lines = code_lines(scenario_cell())
    assert lines.index("get_ipython().InteractiveTB.tb = None") < lines.index("%xdel df")


def test_one_comment_per_step_saying_what_it_frees():
    source = scenario_cell()
    steps = source.split("\n\n")[2:]
    assert [step.splitlines()[0].partition(":")[0] for step in steps] == [
        "# Release the last error (about 244 MiB back)",
        "# Delete df (about 400 MiB back)",
        "# Delete features (about 300 MiB back)",
        "# Collect reference cycles (about 20.0 MiB back)",
    ]
    for step in steps:
        said = [line for line in step.splitlines() if line.startswith("#")]
        assert all(line.startswith("#   ") for line in said[1:]), step


def test_each_holder_is_named_once_in_plain_words():
    said = comments(scenario_cell())
    assert said.count("the last error (6 frames)") == 2  # df's step and features' step
    assert "the last exception's frames" not in said
    for internal in ("displayhook", "user_ns_hidden", "sys.last_", "last_execution_result"):
        assert internal not in said


def test_holder_words_name_what_a_person_sees():
    holders = [
        {"kind": "output_cache", "where": "Out[5]"},
        {"kind": "output_cache", "where": "_5"},
        {"kind": "output_cache", "where": "displayhook.___"},
        {"kind": "output_cache", "where": "_"},
        *({"kind": k, "where": w} for k, w in error_frames()),
        {"kind": "name", "where": "df_clean"},
        {"kind": "container", "where": "seen (a member)"},
    ]
    assert holder_words(holders) == [
        "the output of [5]",
        "IPython's output history",
        "the last error (6 frames)",
        "df_clean",
        "a member of seen",
    ]


def test_the_cell_compiles_once_its_magics_are_set_aside():
    source = scenario_cell()
    compile(source.replace("%xdel", "del"), "<free memory>", "exec")
