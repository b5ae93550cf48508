"""Data several listed objects hold together counts once in the free-memory cell's total, and
only when every suggestion letting go of its holders is chosen (advisor, on its own)."""

from __future__ import annotations

from test_advisor import MiB, item, record

from jupyterlab_memory_inspector.advice.current import current_advice
from jupyterlab_memory_inspector.advice.free_cell import free_memory_cell
from jupyterlab_memory_inspector.advice.shared_gains import shared_back

STRINGS = 103 * MiB


def frames(*, with_output: bool = False) -> dict:
    """A frame whose size counts the strings it shares with its copy (and a displayed result),
    as the probe reports them."""
    df = item("df", 180 * MiB, type_="pandas.core.frame.DataFrame")
    df["own"] = 180 * MiB - STRINGS
    df["shared"] = [{"with": "df_clean", "size": STRINGS, "counted_here": True}]
    clean = item("df_clean", 77 * MiB, type_="pandas.core.frame.DataFrame")
    clean["own"] = 77 * MiB
    clean["shared"] = [{"with": "df", "size": STRINGS, "counted_here": False}]
    items = [df, clean]
    if with_output:
        out = item("Out[5]", 30 * MiB, kind="output", type_="pandas.core.frame.DataFrame")
        out["own"] = 30 * MiB
        out["shared"] = [{"with": "df", "size": STRINGS, "counted_here": False}]
        df["shared"].append({"with": "Out[5]", "size": STRINGS, "counted_here": True})
        items.append(out)
    return {**record(*items), "probe_session": "now"}


def advice(variables: dict):
    return current_advice(variables, {"probe_session": "now"}, {})


def predicted(variables: dict, *chosen: str) -> int:
    found = advice(variables)
    suggestions = [s for s in found.suggestions if s.id in chosen]
    return free_memory_cell(suggestions, found.shared)[1]


def test_both_frames_chosen_count_the_shared_strings_once():
    assert predicted(frames(), "del:df", "del:df_clean") == 77 * MiB + 180 * MiB
    found = advice(frames())
    source, _ = free_memory_cell(found.suggestions, found.shared)
    assert source.splitlines()[1:4] == [
        "# Expected back in all: about 257 MiB.",
        "# Of which about 103 MiB is data that several of them hold together: it comes back only "
        "because all",
        "#   of them go.",
    ]


def test_one_frame_chosen_counts_only_its_own_bytes():
    assert predicted(frames(), "del:df") == 180 * MiB - STRINGS
    assert predicted(frames(), "del:df_clean") == 77 * MiB


def test_a_third_holder_kept_keeps_the_strings():
    variables = frames(with_output=True)
    assert predicted(variables, "del:df", "del:df_clean") == 77 * MiB + 180 * MiB - STRINGS
    everything = predicted(variables, "del:df", "del:df_clean", "xdel:Out[5]")
    assert everything == 77 * MiB + 180 * MiB + 30 * MiB


def test_the_gains_say_which_suggestions_hold_the_data():
    (gain,) = advice(frames()).shared
    assert gain == {
        "suggestion": "del:df",
        "name": "df",
        "bytes": STRINGS,
        "holders": [{"name": "df_clean", "suggestion": "del:df_clean", "size": STRINGS}],
    }
    assert shared_back([gain], {"del:df_clean"}) == 0


def test_a_holder_no_suggestion_lets_go_of_keeps_its_part():
    variables = frames()
    variables["variables"]["items"][1]["hidden"] = True
    (gain,) = advice(variables).shared
    assert gain["holders"][0]["suggestion"] is None
    assert predicted(variables, "del:df") == 180 * MiB - STRINGS
