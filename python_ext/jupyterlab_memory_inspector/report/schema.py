"""The JSON Schema of the report, with the cell-record schema that it refers to resolved locally."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jsonschema
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).parents[1] / "schemas"


def load_schema(name: str) -> dict[str, Any]:
    """A schema this package ships, by file name (``report.schema.json``)."""
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text("utf-8"))
    return schema


@lru_cache(maxsize=1)
def report_validator() -> jsonschema.Draft202012Validator:
    """A validator of JSON reports that resolves ``cell-record.schema.json`` from this package.

    The report refers to the record schema by its file name, relative to the report's ``$id``;
    the record schema is registered under that address and under its own ``$id`` (its internal
    references resolve against the latter), so nothing is fetched from the network.
    """
    report = load_schema("report.schema.json")
    record = load_schema("cell-record.schema.json")
    resource = Resource.from_contents(record)
    registry: Registry[Any] = Registry().with_resources(
        [
            (urljoin(report["$id"], "cell-record.schema.json"), resource),
            (record["$id"], resource),
        ]
    )
    jsonschema.Draft202012Validator.check_schema(report)
    return jsonschema.Draft202012Validator(report, registry=registry)
