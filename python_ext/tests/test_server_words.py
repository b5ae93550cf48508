"""Words the server sends to people carry their structured form (api.schema.json: Message), so
that the panel translates them; the English beside them is that form with its arguments put in,
by the rule of JupyterLab's ``Gettext.strfmt``, so the two never drift."""

from __future__ import annotations

import copy
import json
import re
import uuid
from typing import Any

import pytest
from lab_client import MiB, start_kernel, wait_for_records, wait_for_state

from jupyterlab_memory_inspector.advice.advisor import advise
from jupyterlab_memory_inspector.advice.later_use import CellSource
from jupyterlab_memory_inspector.message import error_words, message, message_json
from jupyterlab_memory_inspector.server.errors import MonitorBusy, no_answer
from jupyterlab_memory_inspector.server.sampler import NO_LIVE_NOTE, LiveSampler, SamplingConfig

KINDS = {"del", "xdel", "clear", "none", "exception", "close", "gc", "malloc_trim", "cuda"}


def strfmt(id: str, args: list[Any]) -> str:
    """JupyterLab's ``Gettext.strfmt``, step by step as it is written in JavaScript."""
    text = id.replace("%%", "%% ")
    text = re.sub(r"%(\d+)", lambda match: str(args[int(match[1]) - 1]), text)
    return text.replace("%% ", "%")


def english(structured: dict[str, Any]) -> str:
    """What the panel shows of a message with no translation: its arguments' English first."""
    args = [english(arg) if isinstance(arg, dict) else arg for arg in structured["args"]]
    return strfmt(structured["id"], args)


def item(name, size=100 * MiB, *, kind="name", type_="numpy.ndarray", holders=()):
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


def every_kind_of_suggestion() -> list[dict[str, Any]]:
    """A state in which the advisor makes a suggestion of every kind, most with warnings and
    holders in words inside their reasons."""
    items = [
        item(
            "df",
            type_="pandas.core.frame.DataFrame",
            holders=[
                ("output_cache", "Out[5]"),
                ("output_cache", "displayhook.___"),
                ("exception", "sys.last_traceback: load()"),
                ("exception", "InteractiveTB.tb: parse()"),
            ],
        ),
        item("model", holders=[("name", "best"), ("container", "models (a member)")]),
        item("rows", type_="builtins.list", holders=[("container", "cache['rows']")]),
        item("cache", type_="builtins.dict"),
        item("features"),
        item("tmp"),
        item("Out[7]", kind="output"),
        item("big inside load()", kind="exception"),
    ]
    facts = {
        "resources": [{"name": "log", "kind": "file", "type": "TextIOWrapper", "detail": "x.txt"}],
        "garbage": {"complete": True, "bytes": 50 * MiB, "objects": 12345},
        "malloc": {"trimmable": 200 * MiB},
        "torch_cuda": {"cached": 300 * MiB},
    }
    later = [
        CellSource("c1", "cache['x'] = 1\nfeatures = load()", "[9]"),
        CellSource("c2", "del tmp", "[10]"),
        CellSource("c3", "print(log.name)", "[11]"),
        CellSource("c4", "this is not python (", "cell #12"),
        CellSource("c5", "print(df.shape)", "cell #13"),
    ]
    record = {"variables": {"items": items, "partial": False}}
    return [suggestion.to_json() for suggestion in advise(record, facts, later)]


def test_a_message_is_its_english_and_keeps_its_form():
    held = message("the output of [%1]", "5")
    reason = message("also held by %1: deleting the name alone frees nothing", held)
    assert reason == "also held by the output of [5]: deleting the name alone frees nothing"
    assert message_json(reason) == {
        "id": "also held by %1: deleting the name alone frees nothing",
        "args": [{"id": "the output of [%1]", "args": ["5"]}],
    }
    assert message("%1 of %2 (100%%)", 3, "4") == "3 of 4 (100%)"
    # An argument is put in as it is, never read for placeholders again.
    assert message("reads %1", "x % 2 + %1") == "reads x % 2 + %1"
    assert message_json("plain words") is None
    assert copy.deepcopy(reason).to_json() == reason.to_json()
    with pytest.raises(ValueError, match="no argument 2"):
        message("%1 and %2", "a")


def test_an_error_says_its_message_as_made():
    assert message_json(error_words(MonitorBusy(no_answer(4.0)))) == {
        "id": "the kernel did not answer in %1 s; it may be busy in native code",
        "args": ["4"],
    }
    assert error_words(ValueError("plain")) == "plain"


def test_every_suggestion_of_the_advisor_carries_its_words_structured(api_validator):
    suggestions = every_kind_of_suggestion()
    assert {suggestion["kind"] for suggestion in suggestions} == KINDS
    assert sum(len(suggestion["warnings"]) for suggestion in suggestions) >= 4
    nested = 0
    for suggestion in suggestions:
        api_validator("Suggestion").validate(suggestion)
        messages = suggestion["messages"]
        assert english(messages["title"]) == suggestion["title"]
        assert english(messages["reason"]) == suggestion["reason"]
        assert [english(warning) for warning in messages["warnings"]] == suggestion["warnings"]
        nested += any(isinstance(arg, dict) for arg in messages["reason"]["args"])
        # The id is the words with places for the names, not the names themselves.
        assert suggestion["names"] == [] or all(
            name not in messages["title"]["id"] for name in suggestion["names"]
        )
    # Holders' words are messages inside the reasons, translated with them.
    assert nested >= 3


def test_the_holders_inside_a_reason_are_messages():
    (df,) = [s for s in every_kind_of_suggestion() if s["names"] == ["df"]]
    reason = json.dumps(df["messages"]["reason"])
    for words in ("the output of [%1]", "IPython's output history", "the last error (%1 frames)"):
        assert json.dumps(words) in reason, words


async def test_a_real_reply_carries_the_structured_words(jp_fetch, kernel, api_validator):
    kernel_id, client = kernel
    sources = [
        "import numpy as np",
        f"shown = np.ones({64 * MiB // 8})",
        "shown",
        f"def load():\n    big = np.ones({64 * MiB // 8})\n    raise ValueError('bad file')",
        "load()",
    ]
    cells = []
    for source in sources:
        cell_id = str(uuid.uuid4())
        await client.run(source, cell_id)
        cells.append({"id": cell_id, "source": source})
    later = {"id": "later", "source": "print(shown.sum())", "label": "[9]"}
    await wait_for_records(jp_fetch, kernel_id, len(sources))
    response = await jp_fetch(
        "memory-inspector",
        "kernels",
        kernel_id,
        "advice",
        method="POST",
        body=json.dumps({"cells": [*cells, later], "cell_id": cells[-1]["id"]}),
    )
    reply = json.loads(response.body)
    api_validator("AdviceReply").validate(reply)
    kinds = {suggestion["kind"] for suggestion in reply["suggestions"]}
    assert {"xdel", "exception"} <= kinds
    for suggestion in reply["suggestions"]:
        messages = suggestion["messages"]
        assert english(messages["title"]) == suggestion["title"]
        assert english(messages["reason"]) == suggestion["reason"]
        assert [english(warning) for warning in messages["warnings"]] == suggestion["warnings"]
    (shown,) = [s for s in reply["suggestions"] if s["names"] == ["shown"]]
    assert shown["messages"]["warnings"] == [
        {"id": "%1 reads %2: %3", "args": ["[9]", "shown", "print(shown.sum())"]}
    ]


async def test_a_kernel_the_probe_cannot_measure_says_why_structured(jp_fetch, jp_serverapp):
    # pytest_jupyter installs an echo kernel, whose language is its own.
    kernel_id = await start_kernel(jp_fetch, "echo")
    try:
        monitor = await wait_for_state(jp_fetch, kernel_id, "unsupported")
        assert monitor["detail"] == "echo kernels are not supported"
        assert monitor["messages"] == {
            "detail": {"id": "%1 kernels are not supported", "args": ["echo"]}
        }
        response = await jp_fetch(
            "memory-inspector",
            "kernels",
            kernel_id,
            "collect",
            method="POST",
            body="{}",
            raise_error=False,
        )
        body = json.loads(response.body)
        assert (response.code, body["message"]) == (409, monitor["detail"])
        assert body["messages"] == {"message": monitor["messages"]["detail"]}
    finally:
        await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id)


def test_the_note_of_a_kernel_without_live_memory_is_structured(api_validator):
    sampler = LiveSampler(None, SamplingConfig(), lambda sample: None, lambda: None)
    sampler._set_live(None, None, NO_LIVE_NOTE)
    live = {**sampler.live, "interval": 0.5}
    api_validator("LiveSource").validate(live)
    assert english(live["messages"]["note"]) == live["note"] == NO_LIVE_NOTE
    sampler._set_live("process", "rss", "")
    assert "messages" not in sampler.live
