"""Sends the probe's messages to every client of the kernel.

Records go out as custom IOPub messages parented to the cell's request: every client connected
to the kernel receives them (the server extension keeps them), JupyterLab's output area ignores
unknown types, and nothing lands in the notebook's outputs, unlike ``display_data`` would.
"""

from __future__ import annotations

from typing import Any


class Publisher:
    """Publishes on the kernel's IOPub channel, or nowhere outside a kernel."""

    def __init__(self, shell: Any) -> None:
        self._kernel = getattr(shell, "kernel", None)

    @property
    def connected(self) -> bool:
        """Whether there is a kernel to publish through (not so in plain IPython)."""
        return self._kernel is not None

    def parent_msg_id(self) -> str | None:
        """msg_id of the request the kernel is handling now."""
        if self._kernel is None:
            return None
        return self._kernel.get_parent().get("header", {}).get("msg_id")

    def parent(self) -> dict | None:
        """The header of the request the kernel is handling now, for a later `send`."""
        return self._kernel.get_parent() if self._kernel is not None else None

    def send(self, msg_type: str, content: dict | bytes, parent: dict | None = None) -> None:
        """Publish `content` (a dict, or its JSON as bytes) as a `msg_type` message parented
        to `parent`, by default the current request (which only the kernel's own thread
        knows: ipykernel keeps it per context)."""
        kernel = self._kernel
        if kernel is None:
            return
        kernel.session.send(
            kernel.iopub_socket,
            msg_type,
            content,
            parent=parent if parent is not None else kernel.get_parent(),
            ident=msg_type.encode(),
        )
