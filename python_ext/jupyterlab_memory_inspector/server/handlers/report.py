"""``POST /memory-inspector/kernels/<id>/report``: the session's report, downloaded or saved
next to the notebook, in any of the four renderings."""

from __future__ import annotations

import os
from http import HTTPStatus
from pathlib import PurePosixPath

import tornado.web
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized

from ...advice.current import current_advice
from ...advice.suggestion import Suggestion
from ...probe_client.call import ProbeTimeout
from ...report import FORMATS, KernelInfo, build_report
from ..deaths import every_death
from ..monitor import KernelMonitor, MonitorBusy, MonitorUnavailable
from .base import ApiError, BaseHandler, monitor_for
from .body import cell_sources, parse_body

REPORT_SUFFIX = "-memory-report"


class ReportHandler(BaseHandler):
    """Body: ``{"format", "notebook_path", "cells", "save"}`` (ReportRequest).

    ``save: false`` replies with the file itself, to download; ``save: true`` writes it next
    to the notebook through the contents manager and replies ``{"path"}``. The path may not
    leave the server's root: ``..``, absolute paths and symlinks pointing out are a 400.
    """

    @tornado.web.authenticated
    @authorized
    async def post(self, kernel_id: str) -> None:
        monitor = monitor_for(self.registry, kernel_id)
        body = parse_body(self.request.body, "ReportRequest")
        name = body["format"]
        notebook_path = body["notebook_path"]
        save = body.get("save", False)
        cells = cell_sources(body["cells"])
        deaths = every_death(monitor.lifecycle)
        render, media_type, extension = FORMATS[name]
        target = report_path(self.contents_manager.root_dir, notebook_path, extension)
        report = build_report(
            notebook=PurePosixPath(notebook_path).name,
            kernel=kernel_info(monitor),
            probe=monitor.probe,
            records=[entry["record"] for entry in monitor.history.since(0)],
            sources={cell.cell_id: cell.source for cell in cells},
            suggestions=await suggestions_between_cells(monitor),
            compacted=monitor.history.compacted,
            death=deaths[-1] if deaths else None,
            deaths=deaths,
        )
        text = render(report)
        if save:
            model = {"type": "file", "format": "text", "content": text}
            await ensure_async(self.contents_manager.save(model, target))
            self.finish({"path": target})
            return
        self.set_header(
            "Content-Disposition", f'attachment; filename="{PurePosixPath(target).name}"'
        )
        # APIHandler.finish sets its own Content-Type (JSON) unless told another.
        self.finish(text, set_content_type=f"{media_type}; charset=utf-8")


def report_path(root: str, notebook_path: str, extension: str) -> str:
    """The report's path beside the notebook, relative to the server's root.

    Raises a 400 for a path that is absolute, climbs with ``..``, or resolves (through a
    symlink) to a place outside the root.
    """
    if (
        not notebook_path
        or notebook_path.startswith(("/", "~"))
        or "\\" in notebook_path
        or "\0" in notebook_path
        or ".." in PurePosixPath(notebook_path).parts
    ):
        raise ApiError(
            HTTPStatus.BAD_REQUEST, "'notebook_path' must be a path inside the server's root"
        )
    notebook = PurePosixPath(notebook_path)
    target = str(notebook.parent / f"{notebook.stem}{REPORT_SUFFIX}{extension}")
    real_root = os.path.realpath(root)
    real_target = os.path.realpath(os.path.join(real_root, target))
    if os.path.commonpath([real_root, real_target]) != real_root:
        raise ApiError(
            HTTPStatus.BAD_REQUEST, "the report would be written outside the server's root"
        )
    return target


def kernel_info(monitor: KernelMonitor) -> KernelInfo:
    """The kernel's name, display name and language, from its kernelspec where there is one."""
    manager = monitor.kernel_manager
    name = str(getattr(manager, "kernel_name", "") or "unknown")
    try:
        spec = manager.kernel_spec
        return KernelInfo(name=name, display_name=spec.display_name, language=spec.language)
    except Exception:  # noqa: BLE001  (no spec here, e.g. behind a gateway)
        return KernelInfo(name=name, display_name=name, language="python")


async def suggestions_between_cells(monitor: KernelMonitor) -> list[Suggestion]:
    """The advisor's suggestions if the kernel is between cells; none while one runs, or when
    the probe does not answer in time (the rest of the report is still worth having)."""
    try:
        facts = await monitor.advice_facts()
    except (MonitorBusy, MonitorUnavailable, ProbeTimeout):
        return []
    latest = monitor.history.latest()
    return current_advice(latest["record"] if latest else None, monitor.probe, facts).suggestions
