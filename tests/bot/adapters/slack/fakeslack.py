"""A loopback server that plays the Slack Web API, response_urls, file uploads and Socket Mode.

It runs on 127.0.0.1 in the test's own event loop (aiohttp), records every call, and lets
a test await calls instead of sleeping: ``await fake.wait_for("respond")``. Failures are
queued per method: ``fake.fail("chat.postMessage", status=500)`` answers the next call so.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections import deque
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

WAIT_SECONDS = 10.0  # a generous ceiling for awaiting a call; tests never assert on time


@dataclass(frozen=True)
class Call:
    """One request: ``method`` is the Web API method, or "upload", "respond", "socket"."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Canned:
    status: int
    body: Any
    headers: Mapping[str, str] = field(default_factory=dict)


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.usergroups: dict[str, tuple[str, list[str]]] = {}  # id -> (handle, members)
        self.missing_channels: set[str] = set()
        self.channels_without_app: set[str] = set()
        self._failures: dict[str, deque[Canned]] = {}
        self._changed = asyncio.Condition()
        self._ts = 0
        self._files = 0
        self._runner: web.AppRunner | None = None
        self._socket: web.WebSocketResponse | None = None
        self._socket_ready = asyncio.Event()
        self.base_url = ""

    # --- set-up ---------------------------------------------------------------------------

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls) -> AsyncIterator[FakeSlack]:
        fake = cls()
        await fake.start()
        try:
            yield fake
        finally:
            await fake.close()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_route("POST", "/upload/{file_id}", self._upload)
        app.router.add_route("POST", "/respond/{name}", self._respond)
        app.router.add_route("GET", "/socket", self._socket_mode)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"

    @classmethod
    @contextlib.contextmanager
    def threaded(cls) -> Iterator[FakeSlack]:
        """The fake on its own event loop in a thread, for code that runs ``asyncio.run``
        itself (the command line). Read ``calls`` only after that code has returned."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="fake slack", daemon=True)
        thread.start()

        async def started() -> FakeSlack:
            fake = cls()
            await fake.start()
            return fake

        fake = asyncio.run_coroutine_threadsafe(started(), loop).result(WAIT_SECONDS)
        try:
            yield fake
        finally:
            asyncio.run_coroutine_threadsafe(fake.close(), loop).result(WAIT_SECONDS)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(WAIT_SECONDS)
            loop.close()

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.base_url}/respond/{name}"

    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with this instead."""
        if body is None:
            body = {"ok": False, "error": "ratelimited" if status == 429 else "internal_error"}
        queue = self._failures.setdefault(method, deque())
        queue.extend(Canned(status, body, headers or {}) for _ in range(times))

    # --- what tests read ------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def posts(self) -> list[Call]:
        return self.calls_to("chat.postMessage")

    async def wait_for(self, method: str, count: int = 1) -> list[Call]:
        """Until ``count`` calls of ``method`` have arrived; those calls."""

        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.calls_to(method)) >= count)

        await asyncio.wait_for(enough(), WAIT_SECONDS)
        return self.calls_to(method)

    # --- Socket Mode ----------------------------------------------------------------------

    async def socket_connected(self) -> None:
        await asyncio.wait_for(self._socket_ready.wait(), WAIT_SECONDS)

    async def send_envelope(self, envelope: dict[str, Any]) -> None:
        assert self._socket is not None, "no socket mode client connected"
        await self._socket.send_str(json.dumps(envelope))

    # --- handlers -------------------------------------------------------------------------

    async def _record(self, method: str, request: web.Request) -> Call:
        body = await request.read()
        params: dict[str, Any] = dict(request.query)
        kind = request.content_type
        if kind == "application/json" and body:
            params.update(json.loads(body))
        elif kind == "application/x-www-form-urlencoded" and body:
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        call = Call(method, params, {k.lower(): v for k, v in request.headers.items()}, body)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return call

    def _canned(self, method: str) -> web.Response | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        canned = queue.popleft()
        if isinstance(canned.body, (dict, list)):
            return web.json_response(canned.body, status=canned.status, headers=canned.headers)
        return web.Response(text=str(canned.body), status=canned.status, headers=canned.headers)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = await self._record(method, request)
        canned = self._canned(method)
        if canned is not None:
            return canned
        answer = getattr(self, "_" + method.replace(".", "_"), None)
        if answer is None:
            return web.json_response({"ok": False, "error": "unknown_method"}, status=404)
        result: dict[str, Any] = answer(call)
        return web.json_response(result)

    def _auth_test(self, call: Call) -> dict[str, Any]:
        return {"ok": True, "user_id": "UBOT", "team_id": "T0TEST", "bot_id": "BBOT"}

    def _chat_postMessage(self, call: Call) -> dict[str, Any]:
        channel = call.params.get("channel", "")
        if channel in self.missing_channels:
            return {"ok": False, "error": "channel_not_found"}
        self._ts += 1
        return {"ok": True, "channel": channel, "ts": f"1700000000.{self._ts:06d}"}

    def _users_info(self, call: Call) -> dict[str, Any]:
        user = self.users.get(call.params.get("user", ""))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": user}

    def _usergroups_list(self, call: Call) -> dict[str, Any]:
        groups = [{"id": gid, "handle": handle} for gid, (handle, _) in self.usergroups.items()]
        return {"ok": True, "usergroups": groups}

    def _usergroups_users_list(self, call: Call) -> dict[str, Any]:
        group = self.usergroups.get(call.params.get("usergroup", ""))
        if group is None:
            return {"ok": False, "error": "no_such_subteam"}
        return {"ok": True, "users": group[1]}

    def _files_getUploadURLExternal(self, call: Call) -> dict[str, Any]:
        self._files += 1
        file_id = f"F{self._files:04d}"
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.base_url}/upload/{file_id}"}

    def _files_completeUploadExternal(self, call: Call) -> dict[str, Any]:
        if call.params.get("channel_id") in self.channels_without_app:
            return {"ok": False, "error": "not_in_channel"}
        files = json.loads(call.params.get("files", "[]"))
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _apps_connections_open(self, call: Call) -> dict[str, Any]:
        return {"ok": True, "url": self.base_url.replace("http://", "ws://") + "/socket"}

    async def _upload(self, request: web.Request) -> web.Response:
        await self._record("upload", request)
        return web.Response(text=f"OK - {request.content_length}", content_type="text/plain")

    async def _respond(self, request: web.Request) -> web.Response:
        await self._record("respond", request)
        canned = self._canned("respond")
        return canned or web.Response(text="ok", content_type="text/plain")

    async def _socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._socket = socket
        await socket.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        self._socket_ready.set()
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                call = Call("socket", json.loads(message.data), {}, message.data.encode())
                async with self._changed:
                    self.calls.append(call)
                    self._changed.notify_all()
        return socket
