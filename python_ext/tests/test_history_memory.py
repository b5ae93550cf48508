"""The server's record history: what it gives back is what it was given, and it holds each
record in a fraction of the memory that the record takes as Python dicts."""

from __future__ import annotations

import copy
import gc
import json
import tracemalloc

import pytest
from lab_client import wait_for_records

from jupyterlab_memory_inspector.server.history import RecordHistory

KiB = 1024

# A notebook of 100 names, of the kinds a session holds.
HUNDRED_VARIABLES = "\n".join(
    [
        "for _i in range(25): globals()[f'numbers_{_i}'] = list(range(1000 * (_i + 1)))",
        "for _i in range(25): globals()[f'table_{_i}'] = {str(k): k for k in range(100 * _i)}",
        "for _i in range(25): globals()[f'text_{_i}'] = 'x' * (1000 * (_i + 1))",
        "for _i in range(25): globals()[f'blob_{_i}'] = bytearray(10_000 * (_i + 1))",
    ]
)


def _record(n: int) -> dict:
    return {"execution_count": n, "cell_id": f"cell-{n}", "rss_after": 1.5 * n, "tags": ["é", n]}


def test_since_and_latest_give_back_what_was_added():
    history = RecordHistory(3)
    added = [_record(n) for n in range(1, 6)]
    for record in added:
        history.add(copy.deepcopy(record))
    assert [entry["record"] for entry in history.since(0)] == added[2:]
    assert [entry["seq"] for entry in history.since(3)] == [4, 5]
    assert history.since(5) == []
    assert history.latest() == {"seq": 5, "record": added[-1]}
    assert (len(history), history.compacted, history.last_seq) == (3, 2, 5)


def test_since_json_is_since_as_json():
    history = RecordHistory(3)
    assert history.since_json(0) == "[]"
    for n in range(1, 6):
        history.add(_record(n))
    for seq in range(6):
        assert json.loads(history.since_json(seq)) == history.since(seq)


def test_add_answers_the_entry_it_keeps():
    history = RecordHistory(10)
    entry = history.add(_record(1))
    assert entry == {"seq": 1, "record": _record(1)}
    assert history.since(0) == [entry]


def test_a_history_needs_room():
    with pytest.raises(ValueError, match="at least one record"):
        RecordHistory(0)


async def test_a_real_record_is_kept_in_under_2_kib(jp_fetch, kernel):
    kernel_id, client = kernel
    await client.run(HUNDRED_VARIABLES)
    await client.run("total = len(numbers_3)")
    record = (await wait_for_records(jp_fetch, kernel_id, 2))[-1]
    assert len(record["variables"]["items"]) >= 10
    count = 500
    # Each record parsed from its own text, as the server parses every IOPub message; the
    # numbers differ from cell to cell, so that no two records compress alike.
    texts = []
    for n in range(count):
        varied = copy.deepcopy(record)
        varied["execution_count"] = n
        for rank, item in enumerate(varied["variables"]["items"]):
            item["size"] = item["size"] + n * 4099 + rank
        texts.append(json.dumps(varied))
    history = RecordHistory(count)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for text in texts:
            history.add(json.loads(text))
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held / count <= 2 * KiB
    assert history.since(count - 1)[0]["record"] == json.loads(texts[-1])
