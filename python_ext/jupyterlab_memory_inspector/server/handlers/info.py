"""``GET /memory-inspector/info``: which API this server speaks (ServerInfo).

A frontend of another release reads it first, to say in plain words that the two halves differ
rather than fail on a missing field.
"""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized

from ... import __version__
from ...protocol import API_VERSION
from ...records import ServerInfo
from .base import BaseHandler


class InfoHandler(BaseHandler):
    """``GET /memory-inspector/info``: ``{"api_version", "version"}``."""

    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        info: ServerInfo = {"api_version": API_VERSION, "version": __version__}
        self.finish(dict(info))
