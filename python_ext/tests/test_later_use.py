"""What later cells do with a name: the reading that decides whether deleting it is safe."""

from __future__ import annotations

import pytest

from jupyterlab_memory_inspector.advice.advisor import advise
from jupyterlab_memory_inspector.advice.later_use import CellSource, cell_uses, first_uses

MiB = 2**20


def cells(*sources):
    return [CellSource(f"c{i}", source, f"[{i + 9}]") for i, source in enumerate(sources)]


def first_action(source, name):
    found, _ = first_uses(cells(source), {name})
    return found[name].action if name in found else None


@pytest.mark.parametrize(
    ("source", "name", "action"),
    [
        ("del features", "features", "deletes"),
        ("x += 1", "x", "reads"),
        ("x: int = x", "x", "reads"),
        ("df.columns = ['a']", "df", "reads"),
        ("df['total'] = 0", "df", "reads"),
        ("del df['a']", "df", "reads"),
        ("total = sum(v for v in values)", "v", None),
        ("rows = [df for df in frames]", "df", None),
        ("rows = [df for df in frames]", "frames", "reads"),
        ("def f():\n    global df\n    return df.shape", "df", "reads"),
        ("def f():\n    df = 1\n    return df", "df", None),
        ("def f():\n    return df", "df", "reads"),
        ("print(f'{df.shape}')", "df", "reads"),
        ("%time model.fit(X)", "X", "reads"),
        ("%timeit -n 10 -r 3 score(model)", "model", "reads"),
        ("%memit make(big)", "big", "reads"),
        ("result = %time train(data)", "data", "reads"),
        ("%xdel big", "big", "deletes"),
        ("!echo {path} $name", "name", "reads"),
        ("%%time\nout = step(df)", "df", "reads"),
        ("%%bash\necho $df", "df", None),
        ("if ready:\n    df = load()\nprint(df)", "df", "reads"),
        ("for df in frames:\n    pass\ndf.head()", "df", "reads"),
        ("df = df.dropna()", "df", "reads"),
        ("df = load()\nprint(df)", "df", "assigns"),
        ("import df", "df", "assigns"),
        ("with open(p) as df:\n    pass", "df", "assigns"),
        ("f = lambda: df", "df", "reads"),
        ("class A:\n    size = len(df)", "df", "reads"),
    ],
)
def test_what_a_later_cell_does_first_with_a_name(source, name, action):
    assert first_action(source, name) == action


@pytest.mark.parametrize(
    "source",
    ["def f(:", "%%sql\nselect * from t", "%run -i script.py", "%time f(x", "%xdel a.b"],
)
def test_a_cell_that_cannot_be_read_is_unknown_not_guessed(source):
    assert cell_uses(source) is None
    found, unreadable = first_uses(cells(source, "df = load()"), {"df"})
    assert found["df"].action == "unknown" and unreadable == ["[9]"]


def test_a_read_after_an_unreadable_cell_is_still_a_read():
    found, _ = first_uses(cells("def f(:", "print(df)"), {"df"})
    assert (found["df"].action, found["df"].cell.label) == ("reads", "[10]")


def test_a_line_that_continues_an_expression_with_percent_is_python():
    assert cell_uses('msg = ("%s"\n       % value)')[0] == ("value", "reads", 2)


def item(name, size=100 * MiB, holders=()):
    return {
        "name": name,
        "kind": "name",
        "type": "numpy.ndarray",
        "size": size,
        "exact": True,
        "summary": "",
        "new": False,
        "view_of": None,
        "holders": [{"kind": k, "where": w} for k, w in holders],
    }


def advice_for(items, *later):
    record = {"variables": {"items": list(items), "partial": False}}
    return {suggestion.id: suggestion for suggestion in advise(record, {}, cells(*later))}


def test_a_later_del_is_not_read_as_an_assignment():
    (suggestion,) = advice_for([item("features")], "del features").values()
    assert suggestion.code == "features = None"
    assert suggestion.reason.startswith("[9] deletes features")
    assert "assigns" not in suggestion.reason and suggestion.chosen_by_default


def test_a_later_del_of_a_name_the_output_cache_holds_keeps_the_name():
    held = item("features", holders=[("output_cache", "Out[3]")])
    (suggestion,) = advice_for([held], "del features").values()
    assert suggestion.code == "%xdel features\nfeatures = None"
    assert suggestion.chosen_by_default


def test_what_a_later_cell_reads_is_not_chosen_and_says_which_cell():
    suggestions = advice_for([item("df"), item("arr")], "x = 1", "df.head()", "arr += 1")
    assert suggestions["del:df"].warnings == ["[10] reads df: df.head()"]
    assert suggestions["del:arr"].warnings == ["[11] reads arr: arr += 1"]
    assert not suggestions["del:df"].chosen_by_default
    assert not suggestions["del:arr"].chosen_by_default


def test_another_name_deleted_along_is_checked_too():
    first = item("a", holders=[("name", "b")])
    second = item("b", holders=[("name", "a")])
    (suggestion,) = advice_for([first, second], "print(b)").values()
    assert suggestion.code == "del a, b"
    assert suggestion.warnings == ["[9] reads b: print(b)"]
    assert not suggestion.chosen_by_default


def test_a_name_an_unreadable_cell_may_use_is_not_chosen():
    (suggestion,) = advice_for([item("df")], "%%sql\nselect 1").values()
    assert suggestion.warnings == ["[9] could not be read: it may use df"]
    assert not suggestion.chosen_by_default


def test_what_no_later_cell_needs_is_chosen():
    suggestions = advice_for([item("df"), item("arr")], "arr = None", "print('done')")
    assert suggestions["del:df"].chosen_by_default and suggestions["none:arr"].chosen_by_default


def test_an_open_file_a_later_cell_reads_is_not_closed_by_default():
    facts = {
        "resources": [
            {"name": "log", "kind": "file", "type": "_io.TextIOWrapper", "detail": "", "size": MiB}
        ]
    }
    (suggestion,) = advise(None, facts, cells("log.write('x')"))
    assert suggestion.warnings == ["[9] reads log: log.write('x')"]
    assert not suggestion.chosen_by_default
