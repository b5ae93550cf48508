"""``GET /memory-inspector/info``: the API version that a frontend checks before anything else."""

from __future__ import annotations

import pytest
import tornado.httpclient
from lab_client import get_json

from jupyterlab_memory_inspector import __version__
from jupyterlab_memory_inspector.protocol import API_VERSION


async def test_info_says_which_api_the_server_speaks(jp_fetch, api_validator):
    body = await get_json(jp_fetch, "memory-inspector", "info")
    api_validator("ServerInfo").validate(body)
    assert body == {"api_version": API_VERSION, "version": __version__}


async def test_info_without_credentials_is_refused(jp_fetch):
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await jp_fetch("memory-inspector", "info", headers={"Authorization": ""})
    assert error.value.code == 403
