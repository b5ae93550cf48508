from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

pytest_plugins = ["pytest_jupyter.jupyter_server"]

SCHEMA_DIR = Path(__file__).parents[1] / "jupyterlab_memory_inspector" / "schemas"


@pytest.fixture
def jp_server_config():
    return {
        "ServerApp": {
            # Terminals registers an endpoint without authentication; with it off, the
            # JupyterServerAuthWarning that pytest turns into an error can only be ours.
            "jpserver_extensions": {
                "jupyterlab_memory_inspector": True,
                "jupyter_server_terminals": False,
            },
            "allow_unauthenticated_access": False,
        }
    }


@pytest.fixture(scope="session")
def record_validator():
    schema = json.loads((SCHEMA_DIR / "cell-record.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)
