"""The record's JSON, written by the probe: most of its variables are the same cell after cell,
and their text is kept with their cached report entries, so that only what changed is encoded.

jupyter_client's Session sends content given as bytes as it is; the text here is plain ASCII
JSON, as json.loads reads it back into the very record.
"""

from __future__ import annotations

import json
from typing import Any

_encoder = json.JSONEncoder(allow_nan=False)


def encode(value: Any) -> str:
    """JSON text of a value made of dicts, lists, strings, numbers, booleans and None;
    ValueError for a NaN or an infinity, TypeError for anything else."""
    return _encoder.encode(value)


def record_bytes(record: dict[str, Any], items: list[str]) -> bytes:
    """The record as JSON, its variables' items taken from `items`, their encoded texts in
    order (VariablesReport.items)."""
    head = {key: value for key, value in record.items() if key != "variables"}
    variables = record["variables"]
    rest = {key: value for key, value in variables.items() if key != "items"}
    text = (
        encode(head)[:-1]
        + ', "variables": {"items": ['
        + ", ".join(items)
        + "], "
        + encode(rest)[1:]
        + "}"
    )
    return text.encode("ascii")
