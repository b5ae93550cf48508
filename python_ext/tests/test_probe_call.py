"""The one guarded probe call that the server's monitor and the command line share."""

from __future__ import annotations

import asyncio
import json

import pytest

from jupyterlab_memory_inspector.probe_client.call import ProbeTimeout, call_probe
from jupyterlab_memory_inspector.probe_client.injector import ProbeCallError
from jupyterlab_memory_inspector.protocol import CONFIGURE_CALL, PROBE_PACKAGE
from jupyterlab_memory_inspector.server.monitor import KernelMonitor


def answering(value: object, status: str = "ok"):
    sent: list[dict[str, str]] = []

    async def request(expressions: dict[str, str]) -> dict:
        sent.append(expressions)
        text = repr(json.dumps(value))
        return {"user_expressions": {"result": {"status": status, "data": {"text/plain": text}}}}

    return request, sent


async def test_the_call_sends_one_user_expression_and_returns_the_json():
    request, sent = answering({"tracing": True})
    result = await call_probe(request, CONFIGURE_CALL, '{"tracing": true}', timeout=5)
    assert result == {"tracing": True}
    assert sent == [
        {
            "result": f"__import__('sys').modules[{PROBE_PACKAGE!r}].active()"
            ".configure_json('{\"tracing\": true}')"
        }
    ]


async def test_a_probe_that_does_not_answer_in_time_is_a_clear_timeout():
    async def stuck(expressions: dict[str, str]) -> dict:
        await asyncio.Event().wait()
        return {}

    with pytest.raises(ProbeTimeout, match=r"did not answer collect_json within 0.05 s"):
        await call_probe(stuck, "collect_json", timeout=0.05)


async def test_a_failing_probe_is_a_call_error():
    request, _ = answering(None, status="error")
    with pytest.raises(ProbeCallError):
        await call_probe(request, "info_json", timeout=None)


@pytest.mark.parametrize(
    "case", [("collect", "", "collect_json"), ("advice", '{"cells": []}', "advice_facts_json")]
)
async def test_a_probe_that_does_not_answer_is_a_504_with_a_json_message(
    jp_fetch, kernel, monkeypatch, case
):
    kernel_id, _ = kernel
    resource, body, method = case

    async def stuck(self, called, *args, **kwargs):
        raise ProbeTimeout(f"the probe did not answer {called} within 60 s")

    monkeypatch.setattr(KernelMonitor, "call_probe", stuck)
    response = await jp_fetch(
        "memory-inspector",
        "kernels",
        kernel_id,
        resource,
        method="POST",
        body=body,
        raise_error=False,
    )
    assert response.code == 504
    assert json.loads(response.body) == {
        "code": 504,
        "message": f"the probe did not answer {method} within 60 s",
    }
