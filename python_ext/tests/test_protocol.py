"""The contract is defined once: protocol.py, the API schema and the frontend's settings agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jupyterlab_memory_inspector import protocol
from jupyterlab_memory_inspector.probe import Probe
from jupyterlab_memory_inspector.probe_client.injector import probe_sources
from jupyterlab_memory_inspector.server.sampler import SamplingConfig

PACKAGE = Path(__file__).parents[1] / "jupyterlab_memory_inspector"
API = json.loads((PACKAGE / "schemas" / "api.schema.json").read_text())["definitions"]
LOADER = (PACKAGE / "probe_client" / "probe_loader.py").read_text()
PLUGIN = json.loads((Path(__file__).parents[2] / "schema" / "plugin.json").read_text())[
    "properties"
]


def test_the_api_version_is_the_schemas():
    assert API["ServerInfo"]["properties"]["api_version"]["const"] == protocol.API_VERSION


def bounds(prop: dict) -> protocol.Range:
    if "exclusiveMinimum" in prop:
        return protocol.Range(prop["exclusiveMinimum"], prop["maximum"], open_low=True)
    return protocol.Range(prop["minimum"], prop["maximum"])


@pytest.mark.parametrize("definition", ["ProbeConfig", "ConfigRequest", "KernelSettings"])
def test_the_schemas_state_the_protocols_ranges(definition):
    props = API[definition]["properties"]
    assert bounds(props["nframes"]) == protocol.NFRAMES
    assert bounds(props["scan_budget"]) == protocol.SCAN_BUDGET
    assert bounds(props["max_variables"]) == protocol.MAX_VARIABLES
    if "sample_interval" in props:
        assert bounds(props["sample_interval"]) == protocol.SAMPLE_INTERVAL


def test_the_probe_settings_are_the_schemas_and_their_defaults_are_valid():
    assert set(protocol.DEFAULT_CONFIG) == set(API["ProbeConfig"]["required"])
    assert protocol.check_config(protocol.DEFAULT_CONFIG) == protocol.DEFAULT_CONFIG


def test_the_frontend_settings_state_the_same_ranges():
    assert bounds(PLUGIN["sampleInterval"]) == protocol.SAMPLE_INTERVAL
    assert PLUGIN["sampleInterval"]["default"] == SamplingConfig().busy
    assert bounds(PLUGIN["traceFrames"]) == protocol.NFRAMES
    # The frontend counts the scan budget in milliseconds, from 1 ms: inside the open range.
    budget = PLUGIN["scanBudgetMs"]
    assert budget["maximum"] / 1000 == protocol.SCAN_BUDGET.high
    assert budget["minimum"] / 1000 in protocol.SCAN_BUDGET
    assert budget["default"] / 1000 == protocol.DEFAULT_CONFIG["scan_budget"]


def test_a_client_may_only_ask_for_an_interval_that_the_server_allows():
    assert protocol.SAMPLE_INTERVAL.low in protocol.SERVER_SAMPLE_INTERVAL
    assert protocol.SAMPLE_INTERVAL.high in protocol.SERVER_SAMPLE_INTERVAL
    assert SamplingConfig().busy in protocol.SAMPLE_INTERVAL


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (0.1, True),
        (10, True),
        (0.5, True),
        (0.09, False),
        (10.5, False),
        (True, False),
        ("1", False),
    ],
)
def test_the_sample_interval_check(value, accepted):
    if accepted:
        assert protocol.check_sample_interval(value) == float(value)
    else:
        with pytest.raises(
            ValueError, match=r"sample_interval must be a number of seconds in \[0.1, 10\]"
        ):
            protocol.check_sample_interval(value)


def test_the_injected_probe_carries_the_protocol():
    sources = probe_sources()
    assert sources["protocol"] == (PACKAGE / "protocol.py").read_text()
    # The probe reads its constants through one module, which finds protocol either way.
    importers = [name for name, text in sources.items() if "import protocol" in text]
    assert importers == ["contract"]


def test_the_injected_probe_needs_no_installed_package():
    # As in a kernel whose environment lacks this package: importing it is refused.
    script = f"""
import sys
sys.modules["jupyterlab_memory_inspector"] = None
exec(compile({LOADER!r}, "loader", "exec"))
probe = load({protocol.PROBE_PACKAGE!r}, {probe_sources()!r})
contract = sys.modules[{protocol.PROBE_PACKAGE + ".contract"!r}]
print(contract.protocol.__name__, probe.check_config({{"nframes": 2}}))
"""
    result = subprocess.run(
        [sys.executable, "-"], input=script, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [protocol.PROBE_PACKAGE + ".protocol", "{'nframes':", "2}"]


def test_the_probe_answers_every_call_that_the_protocol_names():
    calls = [
        protocol.INFO_CALL,
        protocol.CONFIGURE_CALL,
        protocol.COLLECT_CALL,
        protocol.ADVICE_FACTS_CALL,
    ]
    assert [name for name in calls if not callable(getattr(Probe, name, None))] == []
