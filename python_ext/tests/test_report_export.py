"""Exporting a kernel's report from JupyterLab: downloaded, or saved beside the notebook."""

from __future__ import annotations

import csv
import io
import json
import os
from functools import partial

import pytest
import tornado.httpclient
from lab_client import post_report, wait_for_records

from jupyterlab_memory_inspector.report.schema import report_validator

CELL = {"id": "c1", "source": "title = '<script>alert(1)</script>'\nkept = bytearray(2**20)"}


# The answer whatever its status: several tests here expect an error.
export = partial(post_report, raise_error=False)


@pytest.fixture
def ran(jp_fetch, jp_asyncio_loop, kernel):
    kernel_id, client = kernel
    jp_asyncio_loop.run_until_complete(client.run(CELL["source"], CELL["id"]))
    jp_asyncio_loop.run_until_complete(wait_for_records(jp_fetch, kernel_id, 1))
    return kernel_id


@pytest.mark.parametrize("fmt", ["html", "json", "csv", "markdown"])
async def test_each_rendering_downloads(jp_fetch, ran, fmt):
    response = await export(jp_fetch, ran, format=fmt, notebook_path="work/nb.ipynb", cells=[CELL])
    assert response.code == 200
    extension = {"html": "html", "json": "json", "csv": "csv", "markdown": "md"}[fmt]
    media = {"html": "text/html", "json": "application/json", "csv": "text/csv"}
    assert response.headers["Content-Type"] == f"{media.get(fmt, 'text/markdown')}; charset=utf-8"
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="nb-memory-report.{extension}"'
    )
    text = response.body.decode()
    if fmt == "html":
        assert "<svg" in text and "<script>alert(1)" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    elif fmt == "json":
        report = json.loads(text)
        report_validator().validate(report)
        assert report["notebook"] == "nb.ipynb"
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == 1
    else:
        assert "| " in text and "nb.ipynb" in text


async def test_save_writes_beside_the_notebook(jp_fetch, jp_root_dir, ran):
    (jp_root_dir / "work").mkdir()
    response = await export(
        jp_fetch, ran, format="html", notebook_path="work/nb.ipynb", cells=[CELL], save=True
    )
    assert response.code == 200
    assert json.loads(response.body) == {"path": "work/nb-memory-report.html"}
    assert "<svg" in (jp_root_dir / "work" / "nb-memory-report.html").read_text()


@pytest.mark.parametrize(
    "path",
    ["../nb.ipynb", "work/../../nb.ipynb", "/etc/nb.ipynb", "~/nb.ipynb", "", "a\\..\\nb.ipynb"],
)
async def test_a_path_that_leaves_the_root_is_400(jp_fetch, ran, path):
    response = await export(jp_fetch, ran, format="csv", notebook_path=path, cells=[], save=True)
    assert response.code == 400
    assert "inside the server's root" in json.loads(response.body)["message"]


async def test_a_symlink_out_of_the_root_is_400(jp_fetch, jp_root_dir, tmp_path, ran):
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, jp_root_dir / "escape")
    response = await export(
        jp_fetch, ran, format="csv", notebook_path="escape/nb.ipynb", cells=[], save=True
    )
    assert response.code == 400
    assert json.loads(response.body)["message"] == (
        "the report would be written outside the server's root"
    )
    assert list(outside.iterdir()) == []


async def test_a_report_file_that_is_a_symlink_out_of_the_root_is_400(
    jp_fetch, jp_root_dir, tmp_path, ran
):
    outside = tmp_path / "victim.csv"
    outside.write_text("keep me")
    os.symlink(outside, jp_root_dir / "nb-memory-report.csv")
    response = await export(
        jp_fetch, ran, format="csv", notebook_path="nb.ipynb", cells=[], save=True
    )
    assert response.code == 400
    assert outside.read_text() == "keep me"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"format": "pdf", "notebook_path": "nb.ipynb", "cells": []},
            "format: 'pdf' is not one of",
        ),
        (
            {"format": "csv", "notebook_path": 3, "cells": []},
            "notebook_path: 3 is not of type 'string'",
        ),
        (
            {"format": "csv", "notebook_path": "a", "cells": [], "save": "yes"},
            "save: 'yes' is not of type 'boolean'",
        ),
        (
            {"format": "csv", "notebook_path": "a", "cells": "x"},
            "cells: 'x' is not of type 'array'",
        ),
        (
            {"format": "csv", "notebook_path": "a", "cells": [], "to": "x"},
            "Additional properties are not allowed ('to' was unexpected)",
        ),
    ],
)
async def test_a_bad_report_request_is_400(jp_fetch, ran, body, message):
    response = await export(jp_fetch, ran, **body)
    assert response.code == 400
    assert message in json.loads(response.body)["message"]


async def test_the_report_of_an_unknown_kernel_is_404(jp_fetch):
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await post_report(
            jp_fetch,
            "00000000-0000-4000-8000-000000000000",
            format="csv",
            notebook_path="a",
            cells=[],
        )
    assert error.value.code == 404
