"""Installing the probe: the first thing the monitor sends to a kernel, before any cell."""

from __future__ import annotations

import asyncio
from typing import Any

from jupyter_client.manager import KernelManager

from ..probe_client.injector import install_code, probe_call
from ..protocol import INFO_CALL
from .kernel_channels import KernelChannels

# Asked with the install: the probe's announcement, also when IOPub was not live in time.
PROBE_INFO = {"probe": probe_call(INFO_CALL)}


async def kernel_language(channels: KernelChannels, kernel_manager: KernelManager) -> str:
    """The kernel's language: from its kernelspec, or else from the kernel itself."""
    try:
        language = kernel_manager.kernel_spec.language  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001  (no spec here, e.g. behind a gateway: ask the kernel)
        language = None
    if language:
        return str(language)
    info = await channels.kernel_info()
    return str(info.get("language_info", {}).get("name", "unknown"))


async def install_probe(channels: KernelChannels) -> dict[str, Any]:
    """Install the probe; returns the install's reply, once IOPub delivers too."""
    installing = asyncio.ensure_future(
        channels.execute_silently(install_code(), user_expressions=PROBE_INFO)
    )
    try:
        # Records come on IOPub: the subscription must be live before the first cell ends.
        await channels.wait_for_iopub()
        return await installing
    finally:
        installing.cancel()
