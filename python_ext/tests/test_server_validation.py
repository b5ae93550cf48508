"""Every request body is checked against the API schema: a 400 that names the field, or nothing
gets past the edge of the server."""

from __future__ import annotations

import json

from jupyterlab_memory_inspector.protocol import DEFAULT_CONFIG
from jupyterlab_memory_inspector.report import FORMATS
from jupyterlab_memory_inspector.report.schema import load_schema
from jupyterlab_memory_inspector.server.handlers.body import MAX_MESSAGE

CELLS = [{"id": f"c{n}", "source": f"x{n} = {n}"} for n in range(4)]


async def post(jp_fetch, kernel_id: str, endpoint: str, body: str) -> tuple[int, str]:
    response = await jp_fetch(
        "memory-inspector",
        "kernels",
        kernel_id,
        endpoint,
        method="POST",
        body=body,
        raise_error=False,
    )
    return response.code, json.loads(response.body)["message"]


async def refusals(jp_fetch, kernel_id: str, endpoint: str, bodies: list[object]) -> list:
    """The status and message of each body; the ones that were not refused show as such."""
    return [await post(jp_fetch, kernel_id, endpoint, json.dumps(body)) for body in bodies]


def bad(message: str) -> tuple[int, str]:
    return (400, message)


async def test_config_bodies_that_do_not_match_the_schema_are_400_naming_the_field(
    jp_fetch, kernel
):
    kernel_id, _ = kernel
    cases = {
        "wrong type": ({"max_variables": "20"}, "max_variables: '20' is not of type 'integer'"),
        "a float for an integer": ({"nframes": 2.0}, "nframes: 2.0 is not of type 'integer'"),
        "out of range": ({"scan_budget": 11}, "scan_budget: 11 is greater than the maximum of 10"),
        "unknown field": (
            {"tracing": True, "colour": "red"},
            "Additional properties are not allowed ('colour' was unexpected)",
        ),
        "nothing to change": ({}, "{} should be non-empty"),
    }
    got = await refusals(jp_fetch, kernel_id, "config", [body for body, _ in cases.values()])
    assert dict(zip(cases, got)) == {name: bad(message) for name, (_, message) in cases.items()}


async def test_nan_and_infinity_are_not_json(jp_fetch, kernel):
    kernel_id, _ = kernel
    for text in ('{"scan_budget": NaN}', '{"sample_interval": Infinity}'):
        assert await post(jp_fetch, kernel_id, "config", text) == bad("the body is not valid JSON")


async def test_advice_bodies_that_do_not_match_the_schema_are_400_naming_the_field(
    jp_fetch, kernel
):
    kernel_id, _ = kernel
    fifth_source = [*CELLS[:3], {"id": "c3", "source": 5}]
    cases = {
        "wrong nested type": (
            {"cells": fifth_source, "cell_id": None},
            "cells[3].source: 5 is not of type 'string'",
        ),
        "missing required": ({"cell_id": "c1"}, "'cells' is a required property"),
        "missing nested required": (
            {"cells": [{"source": ""}], "cell_id": None},
            "cells[0]: 'id' is a required property",
        ),
        "unknown nested field": (
            {"cells": [{**CELLS[0], "outputs": []}], "cell_id": None},
            "cells[0]: Additional properties are not allowed ('outputs' was unexpected)",
        ),
        "wrong type in a list": (
            {"cells": CELLS, "cell_id": None, "choose": ["gc", 3]},
            "choose[1]: 3 is not of type 'string'",
        ),
        "empty id": (
            {"cells": [{"id": "", "source": ""}], "cell_id": None},
            "cells[0].id: '' should be non-empty",
        ),
        "wrong type or null": (
            {"cells": CELLS, "cell_id": 3},
            "cell_id: 3 is not of type 'string', 'null'",
        ),
        "unknown field": (
            {"cells": CELLS, "cell_id": None, "cell": "c1"},
            "Additional properties are not allowed ('cell' was unexpected)",
        ),
    }
    got = await refusals(jp_fetch, kernel_id, "advice", [body for body, _ in cases.values()])
    assert dict(zip(cases, got)) == {name: bad(message) for name, (_, message) in cases.items()}


async def test_a_cell_id_that_is_not_among_the_cells_is_still_400(jp_fetch, kernel):
    kernel_id, _ = kernel
    body = json.dumps({"cells": CELLS, "cell_id": "c9"})
    assert await post(jp_fetch, kernel_id, "advice", body) == bad(
        "'cell_id' must be the id of one of the cells"
    )


async def test_report_bodies_that_do_not_match_the_schema_are_400_naming_the_field(
    jp_fetch, kernel
):
    kernel_id, _ = kernel
    good = {"format": "csv", "notebook_path": "nb.ipynb", "cells": CELLS}
    cases = {
        "wrong type": ({**good, "save": 1}, "save: 1 is not of type 'boolean'"),
        "missing required": (
            {"format": "csv", "cells": CELLS},
            "'notebook_path' is a required property",
        ),
        "unknown field": (
            {**good, "path": "x"},
            "Additional properties are not allowed ('path' was unexpected)",
        ),
        "wrong nested type": (
            {**good, "cells": [CELLS[0], {"id": "c1", "source": "", "label": 7}]},
            "cells[1].label: 7 is not of type 'string'",
        ),
        "not an enum value": (
            {**good, "format": "pdf"},
            "format: 'pdf' is not one of ['html', 'json', 'csv', 'markdown']",
        ),
    }
    got = await refusals(jp_fetch, kernel_id, "report", [body for body, _ in cases.values()])
    assert dict(zip(cases, got)) == {name: bad(message) for name, (_, message) in cases.items()}


async def test_a_huge_value_is_said_by_its_size_not_quoted(jp_fetch, kernel):
    kernel_id, _ = kernel
    body = {"cells": [CELLS[0]] * 20_001, "cell_id": None}
    code, message = await post(jp_fetch, kernel_id, "advice", json.dumps(body))
    assert (code, message) == (400, "cells: a list of 20001 items is too long")
    body = {"format": "csv", "notebook_path": ["x" * 10_000], "cells": []}
    code, message = await post(jp_fetch, kernel_id, "report", json.dumps(body))
    assert (code, message) == (400, "notebook_path: a list of 1 item is not of type 'string'")
    assert len(message) <= MAX_MESSAGE


async def test_a_cell_of_megabytes_is_accepted(jp_fetch, kernel):
    kernel_id, _ = kernel
    huge = {"id": "c0", "source": "data = " + "1" * 2_000_000}
    body = json.dumps({"format": "csv", "notebook_path": "nb.ipynb", "cells": [huge]})
    response = await jp_fetch(
        "memory-inspector", "kernels", kernel_id, "report", method="POST", body=body
    )
    assert response.code == 200


def test_the_schema_names_what_the_handlers_accept():
    """The handlers read the checked body without looking again: the schema's choices must be
    theirs, or a value that the schema lets through would fail further in."""
    definitions = load_schema("api.schema.json")["definitions"]
    assert set(definitions["ReportRequest"]["properties"]["format"]["enum"]) == set(FORMATS)
    assert set(definitions["ConfigRequest"]["properties"]) == {*DEFAULT_CONFIG, "sample_interval"}
