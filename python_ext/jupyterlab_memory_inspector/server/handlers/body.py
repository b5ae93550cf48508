"""Request bodies, checked against the API schema that the frontend's types are generated from.

The schema is the one definition of what a request may hold; a handler checks by hand only
what it cannot say (a path inside the server's root, a cell id among the cells).
"""

from __future__ import annotations

import json
from functools import cache
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin

import jsonschema
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from ...advice.later_use import CellSource
from ...report.schema import load_schema
from .base import ApiError

# jsonschema's messages quote the value; a 20,001-cell list quoted whole would make a reply
# (and a log line) of megabytes.
MAX_MESSAGE = 300

# JSON keeps 1 and 1.0 apart, and the probe takes only the former for its integer settings;
# JSON Schema's "integer" admits 1.0, so it is narrowed here.
_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, instance: type(instance) is int
)
_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_TYPES)


@cache
def request_validator(definition: str) -> jsonschema.protocols.Validator:
    """A validator of one definition of ``api.schema.json`` (``"AdviceRequest"``).

    The cell-record schema that the API refers to is registered under the address the API's
    ``$id`` gives it, so nothing is fetched from the network.
    """
    api = load_schema("api.schema.json")
    record = load_schema("cell-record.schema.json")
    registry: Registry[Any] = Registry().with_resources(
        [
            (api["$id"], Resource.from_contents(api)),
            (urljoin(api["$id"], "cell-record.schema.json"), Resource.from_contents(record)),
            (record["$id"], Resource.from_contents(record)),
        ]
    )
    return _Validator({"$ref": f"{api['$id']}#/definitions/{definition}"}, registry=registry)


def parse_body(raw: bytes, definition: str) -> dict[str, Any]:
    """The JSON object of a request body that matches ``definition``, or a 400 naming the field."""
    try:
        body = json.loads(raw or b"null", parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError) as err:
        raise ApiError(HTTPStatus.BAD_REQUEST, "the body is not valid JSON") from err
    if not isinstance(body, dict):
        raise ApiError(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
    error = best_match(request_validator(definition).iter_errors(body))
    if error is not None:
        raise ApiError(HTTPStatus.BAD_REQUEST, describe(error))
    return body


def describe(error: ValidationError) -> str:
    """``cells[3].source: 5 is not of type 'string'``: where in the body, then what is wrong."""
    where = ""
    for part in error.absolute_path:
        where += f"[{part}]" if isinstance(part, int) else f"{'.' if where else ''}{part}"
    message = error.message
    if len(message) > MAX_MESSAGE:
        message = message.replace(repr(error.instance), _outline(error.instance))
    message = f"{where}: {message}" if where else message
    return message if len(message) <= MAX_MESSAGE else f"{message[: MAX_MESSAGE - 1]}…"


def _outline(value: Any) -> str:
    """A value too long to quote, said by its kind and size."""
    if isinstance(value, list):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return f"an object of {len(value)} fields"
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    return type(value).__name__


def _not_json(constant: str) -> None:
    """Python's json reads NaN and Infinity, which JSON does not have (and no range holds)."""
    raise ValueError(f"{constant} is not JSON")


def cell_sources(cells: list[dict[str, Any]]) -> list[CellSource]:
    """The notebook's code cells of a checked body (NotebookCell objects), named for messages."""
    return [
        CellSource(cell["id"], cell["source"], cell.get("label") or f"cell #{position + 1}")
        for position, cell in enumerate(cells)
    ]
