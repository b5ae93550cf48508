"""The API's defences: cookies need the XSRF token, errors never carry a traceback, and the
history stays bounded."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from lab_client import get_json, wait_for_records

from jupyterlab_memory_inspector.server import monitor as monitor_module


def cookies_of(response) -> dict[str, str]:
    found = {}
    for header in response.headers.get_list("Set-Cookie"):
        name, _, rest = header.partition("=")
        found[name] = rest.split(";", 1)[0]
    return found


async def login_cookies(jp_fetch, jp_serverapp) -> dict[str, str]:
    """Log in as a browser does: the login form, with its XSRF cookie, and the token."""
    form = await jp_fetch("login", headers={"Authorization": ""})
    cookies = cookies_of(form)
    xsrf = cookies["_xsrf"]
    body = urllib.parse.urlencode({"_xsrf": xsrf, "password": jp_serverapp.identity_provider.token})
    response = await jp_fetch(
        "login",
        method="POST",
        body=body,
        headers={"Authorization": "", "Cookie": f"_xsrf={xsrf}"},
        follow_redirects=False,
        raise_error=False,
    )
    assert response.code == 302
    cookies.update(cookies_of(response))
    return cookies


async def test_a_mutating_request_authenticated_by_cookie_needs_the_xsrf_token(
    jp_fetch, jp_serverapp, kernel
):
    kernel_id, _ = kernel
    cookies = await login_cookies(jp_fetch, jp_serverapp)
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    parts = ("memory-inspector", "kernels", kernel_id, "config")
    body = json.dumps({"scan_budget": 0.1})
    refused = await jp_fetch(
        *parts,
        method="POST",
        body=body,
        headers={"Authorization": "", "Cookie": cookie},
        raise_error=False,
    )
    assert refused.code == 403
    assert json.loads(refused.body)["message"] == "'_xsrf' argument missing from POST"
    accepted = await jp_fetch(
        *parts,
        method="POST",
        body=body,
        headers={"Authorization": "", "Cookie": cookie, "X-XSRFToken": cookies["_xsrf"]},
        raise_error=False,
    )
    assert accepted.code == 200, accepted.body
    # Reading needs the login, not the XSRF token.
    listed = await jp_fetch(
        "memory-inspector", "kernels", headers={"Authorization": "", "Cookie": cookie}
    )
    assert listed.code == 200


async def test_an_unexpected_error_is_a_500_without_traceback(jp_fetch, kernel, monkeypatch):
    kernel_id, _ = kernel

    def broken(self):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(monitor_module.KernelMonitor, "describe", broken)
    response = await jp_fetch("memory-inspector", "kernels", kernel_id, raise_error=False)
    assert response.code == 500
    assert json.loads(response.body) == {"code": 500, "message": "Internal Server Error"}
    assert not re.search(r"Traceback|secret internal detail|\.py", response.body.decode())


@pytest.fixture
def jp_server_config(jp_server_config):
    jp_server_config["MemoryInspectorApp"] = {"history_size": 3}
    return jp_server_config


async def test_the_history_keeps_its_cap_and_counts_what_it_dropped(jp_fetch, kernel):
    kernel_id, client = kernel
    for n in range(5):
        await client.run(f"n = {n}")
    await wait_for_records(jp_fetch, kernel_id, 3)
    monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
    assert (monitor["record_count"], monitor["last_seq"], monitor["compacted"]) == (3, 5, 2)
    body = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id, "records")
    assert [entry["seq"] for entry in body["records"]] == [3, 4, 5]
