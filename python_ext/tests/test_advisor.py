"""The advisor on its own: which suggestion for which situation, and honest estimates."""

from __future__ import annotations

from jupyterlab_memory_inspector.advice.advisor import CLEAR_EXCEPTION, advise
from jupyterlab_memory_inspector.advice.free_cell import free_memory_cell
from jupyterlab_memory_inspector.advice.later_use import CellSource, first_uses

MiB = 2**20


def item(name, size=100 * MiB, *, kind="name", type_="numpy.ndarray", holders=(), exact=True):
    return {
        "name": name,
        "kind": kind,
        "type": type_,
        "size": size,
        "exact": exact,
        "summary": "",
        "new": False,
        "view_of": None,
        "holders": [{"kind": k, "where": w} for k, w in holders],
    }


def record(*items, partial=False):
    return {"variables": {"items": list(items), "partial": partial}}


def cells(*sources):
    return [CellSource(f"c{i}", source, f"[{i + 10}]") for i, source in enumerate(sources)]


def by_id(suggestions):
    return {suggestion.id: suggestion for suggestion in suggestions}


def test_a_name_that_nothing_else_holds_is_deleted():
    (suggestion,) = advise(record(item("big")), {}, [])
    assert (suggestion.id, suggestion.code) == ("del:big", "del big")
    assert suggestion.expected_bytes == 100 * MiB and suggestion.confidence == "high"


def test_other_names_are_deleted_with_it_and_not_suggested_twice():
    first = item("a", holders=[("name", "b")])
    second = item("b", holders=[("name", "a")])
    (suggestion,) = advise(record(first, second), {}, [])
    assert suggestion.code == "del a, b"
    assert suggestion.expected_bytes == 100 * MiB
    assert "also held by b" in suggestion.reason


def test_the_output_cache_needs_xdel():
    held = item("shown", holders=[("output_cache", "Out[4]"), ("output_cache", "_")])
    (suggestion,) = advise(record(held), {}, [])
    assert (suggestion.kind, suggestion.code) == ("xdel", "%xdel shown")
    assert suggestion.expected_bytes == 100 * MiB


def test_an_entry_only_the_output_cache_holds_is_dropped_with_xdel():
    (suggestion,) = advise(record(item("Out[7]", kind="output")), {}, [])
    assert suggestion.code == "_memory_inspector_out7 = Out[7]\n%xdel _memory_inspector_out7"
    assert suggestion.title == "Forget the output of [7]"
    assert suggestion.reason.startswith("only IPython's output history holds this ndarray (Out[7])")


def test_a_holder_that_cannot_be_removed_means_nothing_comes_back():
    held = item("big", holders=[("container", "pair[0]")])
    (suggestion,) = advise(record(held, item("pair", 1, type_="builtins.tuple")), {}, [])
    assert suggestion.expected_bytes == 0 and suggestion.confidence == "low"
    assert "pair[0] (remove it there yourself)" in suggestion.reason


def test_list_dict_and_set_memberships_are_removed_first():
    big = item(
        "big",
        holders=[
            ("container", "rows[3]"),
            ("container", "cache['k']"),
            ("container", "seen (a member)"),
        ],
    )
    containers = [
        item("rows", 1, type_="builtins.list"),
        item("cache", 1, type_="builtins.dict"),
        item("seen", 1, type_="builtins.set"),
    ]
    (suggestion,) = [s for s in advise(record(big, *containers), {}, []) if s.id == "del:big"]
    assert suggestion.code == "rows[3] = None\ncache.pop('k', None)\nseen.discard(big)\ndel big"
    assert suggestion.expected_bytes == 100 * MiB


def test_a_view_frees_nothing_and_its_base_takes_the_views_along():
    base = item("base", holders=[("view", "half")])
    view = item("half", size=0, holders=[("base", "base")])
    (suggestion,) = advise(record(base, view), {}, [])
    assert suggestion.code == "del base, half"
    assert suggestion.expected_bytes == 100 * MiB


def test_a_view_alone_gets_no_suggestion():
    view = item("half", size=50 * MiB, holders=[("base", "base")])
    assert advise(record(view), {}, []) == []


def test_a_name_read_later_is_a_warning_and_a_container_is_emptied_instead():
    data = item("rows", type_="builtins.list")
    array = item("arr")
    later = cells("total = len(rows)", "print(arr.sum())")
    suggestions = by_id(advise(record(data, array), {}, later))
    assert suggestions["clear:rows"].code == "rows.clear()"
    assert suggestions["clear:rows"].warnings == [
        "[10] reads rows and would find it empty: total = len(rows)"
    ]
    assert suggestions["del:arr"].warnings == ["[11] reads arr: print(arr.sum())"]
    assert not suggestions["clear:rows"].chosen_by_default
    assert not suggestions["del:arr"].chosen_by_default


def test_a_name_assigned_again_later_is_set_to_none():
    suggestion = advise(record(item("model")), {}, cells("model = train()"))[0]
    assert (suggestion.kind, suggestion.code) == ("none", "model = None")
    assert "[10] assigns model again" in suggestion.reason


def test_names_that_are_not_identifiers_are_written_through_globals():
    odd = item("a,b", holders=[("name", "total sales"), ("container", "seen (a member)")])
    other = item("total sales", holders=[("name", "a,b")])
    seen = item("seen", 1, type_="builtins.set")
    suggestions = by_id(advise(record(odd, other, seen), {}, []))
    assert suggestions["del:a,b"].code == (
        "seen.discard(globals()['a,b'])\ndel globals()['a,b'], globals()['total sales']"
    )
    shown = item("class", holders=[("output_cache", "Out[3]")])
    assert advise(record(shown), {}, [])[0].code == "get_ipython().del_var('class')"
    resources = {
        "resources": [
            {
                "name": "log file",
                "kind": "file",
                "type": "_io.TextIOWrapper",
                "detail": "/tmp/log",
                "size": 0,
            }
        ]
    }
    (close,) = advise(None, resources, [])
    assert close.code == "globals()['log file'].close()"


def test_the_last_exception_is_released():
    held = item("big inside f()", kind="exception")
    (suggestion,) = advise(record(held), {}, [])
    assert suggestion.code == CLEAR_EXCEPTION
    assert "InteractiveTB.tb" in suggestion.code and suggestion.expected_bytes == 100 * MiB


def test_facts_give_close_gc_trim_and_cuda_suggestions():
    facts = {
        "resources": [
            {
                "name": "log",
                "kind": "file",
                "type": "_io.TextIOWrapper",
                "detail": "out.txt",
                "size": 0,
            }
        ],
        "garbage": {"objects": 12, "bytes": 300 * MiB, "complete": True},
        "malloc": {"free": 900 * MiB, "in_use": 10, "trimmable": 800 * MiB},
        "torch_cuda": {"reserved": 600 * MiB, "allocated": 100 * MiB, "cached": 500 * MiB},
    }
    suggestions = advise(None, facts, [])
    assert [s.id for s in suggestions] == ["malloc_trim", "cuda", "gc", "close:log"]
    assert by_id(suggestions)["close:log"].code.startswith("log.close()")
    assert "libc.so.6" in by_id(suggestions)["malloc_trim"].code


def test_small_or_unknown_figures_suggest_nothing():
    facts = {
        "garbage": {"objects": None, "bytes": None, "complete": False},
        "malloc": {"free": 1, "in_use": 1, "trimmable": MiB},
        "torch_cuda": None,
    }
    assert advise(record(item("tiny", size=1000)), facts, []) == []


def test_a_partial_scan_lowers_the_confidence_and_sampled_sizes_are_medium():
    assert advise(record(item("a"), partial=True), {}, [])[0].confidence == "low"
    assert advise(record(item("a", exact=False)), {}, [])[0].confidence == "medium"


def test_first_uses_reads_magics_and_says_unknown_after_what_is_not_python():
    found, unreadable = first_uses(
        cells("%matplotlib inline\nx = y + 1", "%%sql\nselect 1", "def f(:", "y = 2"),
        {"x", "y", "never_used"},
    )
    assert found["y"].reads and found["y"].cell.label == "[10]"
    assert found["x"].action == "assigns"
    assert found["never_used"].action == "unknown" and found["never_used"].cell.label == "[11]"
    assert unreadable == ["[11]", "[12]"]


def test_a_value_is_read_before_its_target_is_bound():
    found, _ = first_uses(cells("x = x + 1"), {"x"})
    assert found["x"].reads


def test_the_free_memory_cell_explains_itself():
    suggestions = advise(record(item("a"), item("b", size=50 * MiB)), {}, cells("print(b)"))
    source, predicted = free_memory_cell(suggestions)
    assert predicted == 150 * MiB
    assert source.splitlines() == [
        "# Free memory: suggested by the memory inspector",
        "# Expected back in all: about 150 MiB.",
        "",
        "# Delete a (about 100 MiB back): nothing else holds this ndarray.",
        "del a",
        "",
        "# Delete b (about 50.0 MiB back): nothing else holds this ndarray.",
        "# WARNING: [10] reads b: print(b).",
        "del b",
    ]
    compile(source.replace("%xdel", "#"), "<cell>", "exec")


def test_first_uses_stops_reading_once_every_name_is_found():
    _, unreadable = first_uses(cells("x = 1", "def f(:"), {"x"})
    assert unreadable == []
