"""records.py mirrors the JSON Schemas: each TypedDict has the keys its definition has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jupyterlab_memory_inspector import records

SCHEMAS = Path(__file__).parents[1] / "jupyterlab_memory_inspector" / "schemas"
RECORD = json.loads((SCHEMAS / "cell-record.schema.json").read_text())
API = json.loads((SCHEMAS / "api.schema.json").read_text())["definitions"]

PAIRS = [
    (records.CellRecord, RECORD),
    *((getattr(records, name), RECORD["definitions"][name]) for name in RECORD["definitions"]),
    *(
        (getattr(records, name), API[name])
        for name in (
            "RecordEntry",
            "ProbeConfig",
            "KernelSettings",
            "ProbeInfo",
            "Sample",
            "LifecycleEvent",
            "LiveSource",
            "Monitor",
            "CollectReply",
            "AdviceFacts",
            "ServerInfo",
        )
    ),
]


@pytest.mark.parametrize(("typed", "schema"), PAIRS, ids=[typed.__name__ for typed, _ in PAIRS])
def test_the_typed_record_has_the_schemas_keys(typed, schema):
    required = set(schema.get("required", ()))
    assert set(typed.__required_keys__) == required
    assert set(typed.__optional_keys__) == set(schema["properties"]) - required


def test_every_definition_of_the_record_schema_has_a_type():
    assert {name for name in RECORD["definitions"]} <= set(dir(records))
