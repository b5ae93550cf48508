"""The REST and websocket API under ``/memory-inspector/``: one module per resource."""
