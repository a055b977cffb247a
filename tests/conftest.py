"""The one conftest of stancewatch: fixtures every test package may use.

``http_server`` -- a real HTTP/1.1 server on 127.0.0.1 (random port, its own
thread) that answers what a test tells it to and records every request. Use it
to play a feed host, the Discord or Slack API, or a web page::

    def test_feeds_reads_rss(http_server):
        url = http_server.serve("/feed.xml", RSS, content_type="application/rss+xml")
        ...
        assert http_server.requests_to("/feed.xml")[0].headers["user-agent"]

    http_server.serve_json("/api/v10/oauth2/applications/@me", {"id": "1"})  # exact
        # "Content-Type: application/json", which discord.py insists on
    http_server.redirect("/old", "/new")                    # 302 with Location
    http_server.serve("/slow", b"...", delay=2.0)           # answer after 2 s
    http_server.serve("/big", body, chunked=True)           # no Content-Length
    http_server.serve("/cut", b"<rss>", headers={"Content-Length": "999"})  # truncated
    http_server.handle("/echo", lambda req: Reply(body=req.body), method="POST")

A path without a route answers 404. Routes match on the path without the query
string; ``method="*"`` (the default) matches any method. Later routes for the
same method and path replace earlier ones. ``Reply`` and ``RecordedRequest`` are
importable from the fixture object (``http_server.Reply``) for typed handlers.

A handler that raises answers 500 and its traceback lands in
``http_server.handler_errors``.

``closed_port`` -- a loopback port nothing listens on (connections are refused).

``shared_path("seeds")`` -- a path under ../shared beside the repository (the
seed articles, gold annotations and feed corpus we may read but never copy in;
``STANCEWATCH_SHARED`` overrides the location). When it is absent the test is
skipped with the reason, except under ``CI=true``, where it fails: CI must not
pass by skipping.
"""

from __future__ import annotations

import json
import os
import socket
import socketserver
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received. Header names are lower case."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Reply:
    """What to answer. ``body`` may be str (sent as UTF-8).

    Content-Length is added unless ``headers`` sets one (a larger value makes a
    truncated response) or ``chunked`` is true. No Content-Type is sent unless
    given, so tests control it exactly.
    """

    body: bytes | str = b""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    chunked: bool = False
    delay: float = 0.0

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Handler = Callable[[RecordedRequest], Reply]


class LoopbackServer:
    """The object the ``http_server`` fixture yields (see the module docstring)."""

    Reply = Reply
    RecordedRequest = RecordedRequest

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], Handler] = {}
        self._requests: list[RecordedRequest] = []
        self.handler_errors: list[str] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _RequestHandler)
        self._server.owner = self
        self.host = "127.0.0.1"
        self.port: int = self._server.server_address[1]
        self.base_url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def url(self, path: str = "/") -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def handle(self, path: str, handler: Handler, *, method: str = "*") -> str:
        """Answer requests for ``path`` with ``handler(request)``; returns the URL."""
        with self._lock:
            self._routes[(method.upper(), path)] = handler
        return self.url(path)

    def serve(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
        method: str = "*",
        chunked: bool = False,
        delay: float = 0.0,
    ) -> str:
        """Answer ``path`` with a fixed reply; returns the URL."""
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        reply = Reply(body, status, all_headers, chunked, delay)
        return self.handle(path, lambda _request: reply, method=method)

    def serve_json(self, path: str, payload: Any, *, status: int = 200, method: str = "*") -> str:
        """Answer with JSON and exactly ``Content-Type: application/json``."""
        body = json.dumps(payload).encode("utf-8")
        return self.serve(path, body, status=status, content_type="application/json", method=method)

    def redirect(self, path: str, location: str, *, status: int = 302) -> str:
        """Answer ``path`` with a redirect to ``location`` (absolute or relative)."""
        return self.serve(path, status=status, headers={"Location": location})

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """The requests received for ``path`` (query string ignored)."""
        return [request for request in self.requests if request.path == path]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _answer(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self._requests.append(request)
            handler = self._routes.get((request.method, request.path)) or self._routes.get(
                ("*", request.path)
            )
        if handler is None:
            return Reply(b"not found", 404, {"Content-Type": "text/plain"})
        try:
            return handler(request)
        except Exception:
            # Seen by the test as a 500 and kept for it to assert on: a traceback
            # printed by http.server from another thread is easy to miss.
            error = traceback.format_exc()
            with self._lock:
                self.handler_errors.append(error)
            return Reply(error, 500, {"Content-Type": "text/plain"})


class _Server(ThreadingHTTPServer):
    # A handler still sleeping on a delay, or waiting on a kept-alive connection,
    # must not hold up teardown.
    daemon_threads = True
    block_on_close = False
    owner: LoopbackServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, a DNS query tests must not make.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "localhost", self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up early (a size limit, a timeout) is what many tests
        # are about; only report anything else.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body are written separately: with Nagle's algorithm on, a kept-alive
    # connection's next reply waits for the client's delayed ACK (about 40 ms a request).
    disable_nagle_algorithm = True
    server: _Server

    def _respond(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        request = RecordedRequest(
            method=self.command,
            path=path,
            query=query,
            headers={name.lower(): value for name, value in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        reply = self.server.owner._answer(request)
        if reply.delay:
            time.sleep(reply.delay)
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        body = reply.payload()
        self.send_response(reply.status)
        names = {name.lower() for name in reply.headers}
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif "content-length" not in names:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.close_connection = True  # a declared length may be a lie: end the exchange
        self.end_headers()
        if self.command == "HEAD":
            return
        if reply.chunked:
            for start in range(0, len(body), 16384):
                piece = body[start : start + 16384]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _respond

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request lines http.server writes to stderr."""


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    """A loopback HTTP server for this test; see the module docstring."""
    server = LoopbackServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on, so connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


SHARED_DIR = Path(
    os.environ.get("STANCEWATCH_SHARED") or Path(__file__).resolve().parents[2] / "shared"
)


@pytest.fixture(scope="session")
def shared_path() -> Callable[[str], Path]:
    """Look up material under ../shared; skip (fail under CI=true) when it is absent."""

    def find(relative: str) -> Path:
        path = SHARED_DIR / relative
        if not path.exists():
            reason = f"{path} is absent (shared test material is read from ../shared, never copied)"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(reason)
            pytest.skip(reason)
        return path

    return find
