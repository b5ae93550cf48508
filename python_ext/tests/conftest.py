from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from lab_client import LabLikeClient, start_kernel, wait_for_state
from referencing import Registry, Resource

from jupyterlab_memory_inspector.server.kernel_channels import own_client

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


@pytest.fixture
def kernel(jp_fetch, jp_serverapp, jp_asyncio_loop):
    """A running kernel with the probe installed, and a client that runs cells like JupyterLab."""
    kernel_id = jp_asyncio_loop.run_until_complete(start_kernel(jp_fetch))
    jp_asyncio_loop.run_until_complete(wait_for_state(jp_fetch, kernel_id, "active"))
    client = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
    yield kernel_id, client
    client.close()
    jp_asyncio_loop.run_until_complete(jp_serverapp.kernel_manager.shutdown_kernel(kernel_id))


@pytest.fixture(scope="session")
def api_validator():
    """Validates any definition of api.schema.json: ``api_validator("Monitor").validate(x)``."""
    schemas = {
        name: json.loads((SCHEMA_DIR / name).read_text())
        for name in ("api.schema.json", "cell-record.schema.json")
    }
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema)) for name, schema in schemas.items()
    )

    def validator(definition: str) -> jsonschema.Draft202012Validator:
        return jsonschema.Draft202012Validator(
            {"$ref": f"api.schema.json#/definitions/{definition}"}, registry=registry
        )

    return validator
