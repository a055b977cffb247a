"""A loopback server playing the parts of the Discord REST API the bot uses.

Built on the ``http_server`` fixture (tests/conftest.py). It answers the login calls
(``GET /users/@me``, ``GET /oauth2/applications/@me``), command sync, message posts to the
channels a test opens, and the interaction callback and follow-up webhooks of the
interactions a test registers; it records every message the bot sends, JSON or multipart.
Like Discord it answers with ``Content-Type: application/json`` exactly, honours
``enforce_nonce`` (a repeated nonce returns the message already created) and can be told
to answer 429 (with ``retry_after`` and a ``Via`` header, as Discord's edge does), 5xx, or
to cut a response short after creating the message.

Payload shapes follow https://discord.com/developers/docs (message, user, application,
application command, interaction callback response).
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import discord.http
import yarl
from discord.gateway import DiscordWebSocket

API = "/api/v10"
APP_ID = "1300000000000000001"
BOT_ID = "1300000000000000002"
FIXTURES = Path(__file__).with_name("payloads")

BOT_USER = {
    "id": BOT_ID,
    "username": "stancewatch",
    "discriminator": "0",
    "global_name": "stancewatch",
    "avatar": None,
    "bot": True,
}


def keep_discord_globals(monkeypatch: Any) -> None:
    """Restore discord.py's process-wide addresses after the test (the adapter sets them),
    and make an unexpected gateway dial fail on loopback instead of leaving the machine."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL("ws://127.0.0.1:9/"))


def fixture(name: str) -> dict[str, Any]:
    """A JSON payload fixture from payloads/ beside this module."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Sent:
    """One message-bearing request the bot made: where, the JSON payload, attached files."""

    method: str
    path: str
    payload: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    query: str = ""
    message_id: str | None = None  # the id of the message it created

    @property
    def embeds(self) -> list[dict[str, Any]]:
        embeds: list[dict[str, Any]] = self.payload.get("embeds") or []
        return embeds

    @property
    def text(self) -> str:
        """Everything a reader could see: content and every embed string, as JSON."""
        return json.dumps(
            {"content": self.payload.get("content"), "embeds": self.embeds}, ensure_ascii=False
        )


class FakeDiscord:
    """The Discord API on a LoopbackServer; ``base`` is what DISCORD_API_BASE points at."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.base = server.url(API)
        self.sent: list[Sent] = []
        self.synced: dict[str, list[dict[str, Any]]] = {}
        self._ids = itertools.count(1400000000000000001)
        self._lock = threading.Lock()
        self._script: dict[str, deque[Any]] = {}
        self._nonces: dict[tuple[str, str], dict[str, Any]] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.gateway_asked = threading.Semaphore(0)  # released at each GET /gateway/bot
        reply = server.Reply
        user = json.dumps(BOT_USER).encode()
        self._route("GET", "/users/@me", lambda _r: reply(user, 200, _JSON))
        self._route("GET", "/oauth2/applications/@me", self._application)
        self._route("PUT", f"/applications/{APP_ID}/commands", self._sync("global"))
        self._route("GET", "/gateway/bot", self._no_gateway)

    # --- what a test sets up ------------------------------------------------------------

    def open_channel(self, channel_id: str) -> None:
        """Accept messages to ``channel_id``."""
        self._route(
            "POST", f"/channels/{channel_id}/messages", lambda r: self._create(r, channel_id)
        )

    def open_guild(self, guild_id: str) -> None:
        """Accept command sync to ``guild_id``."""
        self._route(
            "PUT", f"/applications/{APP_ID}/guilds/{guild_id}/commands", self._sync(guild_id)
        )

    def open_interaction(self, payload: dict[str, Any]) -> None:
        """Accept the callback and follow-ups of the interaction ``payload`` describes."""
        token = payload["token"]
        interaction_id = payload["id"]
        hook = f"/webhooks/{payload['application_id']}/{token}"
        self._route(
            "POST",
            f"/interactions/{interaction_id}/{token}/callback",
            lambda r: self._callback(r, payload),
        )
        self._route("POST", hook, lambda r: self._create(r, payload["channel_id"]))
        self._route("PATCH", f"{hook}/messages/@original", lambda r: self._create(r, "original"))
        self._route("DELETE", f"{hook}/messages/@original", self._deleted)

    def gateway_at(self, url: str) -> None:
        """Answer ``GET /gateway/bot`` with a websocket URL (by default there is none)."""
        body = {
            "url": url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14400000,
                "max_concurrency": 1,
            },
        }
        data = json.dumps(body).encode()

        def answer(_request: Any) -> Any:
            self.gateway_asked.release()
            return self.server.Reply(data, 200, _JSON)

        self._route("GET", "/gateway/bot", answer)

    def answer_next(self, path: str, *answers: Any) -> None:
        """Answer the next requests to ``path`` (under /api/v10) with ``answers`` in turn,
        before serving normally: ``rate_limited(s)``, ``server_error()``, ``CUT_SHORT``."""
        with self._lock:
            self._script.setdefault(API + path, deque()).extend(answers)

    def rate_limited(self, retry_after: float) -> Any:
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": False,
        }
        headers = {**_JSON, "Via": "1.1 google", "Retry-After": str(retry_after)}
        headers["X-RateLimit-Scope"] = "user"
        return self.server.Reply(json.dumps(body).encode(), 429, headers)

    def server_error(self, status: int = 500) -> Any:
        body = {"message": "500: Internal Server Error", "code": 0}
        return self.server.Reply(json.dumps(body).encode(), status, _JSON)

    def refusal(self, status: int, code: int, message: str) -> Any:
        body = {"message": message, "code": code}
        return self.server.Reply(json.dumps(body).encode(), status, _JSON)

    # --- what a test reads ---------------------------------------------------------------

    def posts_to(self, channel_id: str) -> list[Sent]:
        """The messages the bot created in ``channel_id`` (not counting refused tries)."""
        return [s for s in self.sent if s.path == f"{API}/channels/{channel_id}/messages"]

    def requests(self, method: str, path: str) -> list[Any]:
        return [r for r in self.server.requests_to(API + path) if r.method == method]

    # --- handlers -------------------------------------------------------------------------

    def _route(self, method: str, path: str, handler: Any) -> None:
        def scripted(request: Any) -> Any:
            with self._lock:
                queue = self._script.get(request.path)
                answer = queue.popleft() if queue else None
            if answer is CUT_SHORT:
                handler(request)  # Discord did the work; only its answer is lost
                return self.server.Reply(b'{"id": "', 200, {**_JSON, "Content-Length": "4096"})
            if answer is not None:
                return answer
            return handler(request)

        self.server.handle(API + path, scripted, method=method)

    def _application(self, _request: Any) -> Any:
        body = {
            "id": APP_ID,
            "name": "stancewatch",
            "icon": None,
            "description": "Watches what officials say.",
            "bot_public": False,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": 0,
            "owner": {**BOT_USER, "id": "1300000000000000009", "username": "owner", "bot": False},
        }
        return self.server.Reply(json.dumps(body).encode(), 200, _JSON)

    def _no_gateway(self, _request: Any) -> Any:
        return self.server.Reply(b'{"message": "no gateway here", "code": 0}', 503, _JSON)

    def _sync(self, where: str) -> Any:
        def answer(request: Any) -> Any:
            commands = json.loads(request.body)
            registered = [
                {
                    **command,
                    "id": str(next(self._ids)),
                    "application_id": APP_ID,
                    "version": "1",
                    **({} if where == "global" else {"guild_id": where}),
                }
                for command in commands
            ]
            with self._lock:
                self.synced[where] = registered
            return self.server.Reply(json.dumps(registered).encode(), 200, _JSON)

        return answer

    def _create(self, request: Any, channel_id: str) -> Any:
        payload, files = parse_body(request)
        nonce = payload.get("nonce")
        with self._lock:
            if nonce and payload.get("enforce_nonce"):
                earlier = self._nonces.get((channel_id, nonce))
                if earlier is not None:
                    return self.server.Reply(json.dumps(earlier).encode(), 200, _JSON)
            message = self._message(channel_id, payload, files)
            self.sent.append(
                Sent(request.method, request.path, payload, files, request.query, message["id"])
            )
            if nonce:
                self._nonces[(channel_id, nonce)] = message
            self.messages[message["id"]] = message
        return self.server.Reply(json.dumps(message).encode(), 200, _JSON)

    def _message(
        self, channel_id: str, payload: dict[str, Any], files: dict[str, bytes]
    ) -> dict[str, Any]:
        message_id = str(next(self._ids))
        message: dict[str, Any] = {
            "id": message_id,
            "channel_id": channel_id if channel_id.isdigit() else "1300000000000000100",
            "author": {**BOT_USER, "id": APP_ID} if not channel_id.isdigit() else BOT_USER,
            "content": payload.get("content") or "",
            "timestamp": "2025-03-01T12:00:00.000000+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [
                {
                    "id": str(next(self._ids)),
                    "filename": name,
                    "size": len(data),
                    "url": f"https://cdn.example/{name}",
                    "proxy_url": f"https://cdn.example/{name}",
                }
                for name, data in files.items()
            ],
            "embeds": payload.get("embeds") or [],
            "pinned": False,
            "type": 19 if payload.get("message_reference") else 0,
            "flags": payload.get("flags", 0),
        }
        if payload.get("nonce"):
            message["nonce"] = payload["nonce"]
        if payload.get("message_reference"):
            message["message_reference"] = {
                "type": 0,
                "channel_id": channel_id,
                **payload["message_reference"],
            }
        return message

    def _callback(self, request: Any, interaction: dict[str, Any]) -> Any:
        payload, files = parse_body(request)
        with self._lock:
            self.sent.append(Sent(request.method, request.path, payload, files, request.query))
        kind = payload["type"]
        data = payload.get("data") or {}
        ephemeral = bool(int(data.get("flags", 0)) & 64)
        body: dict[str, Any] = {
            "interaction": {
                "id": interaction["id"],
                "type": interaction["type"],
                "response_message_loading": kind == 5,
                "response_message_ephemeral": ephemeral,
            },
            "resource": {"type": kind},
        }
        if kind == 4:
            message = self._message(interaction["channel_id"], data, files)
            body["interaction"]["response_message_id"] = message["id"]
            body["resource"]["message"] = message
        return self.server.Reply(json.dumps(body).encode(), 200, _JSON)

    def _deleted(self, request: Any) -> Any:
        with self._lock:
            self.sent.append(Sent(request.method, request.path, {}, {}, request.query))
        return self.server.Reply(b"", 204, {})


_JSON = {"Content-Type": "application/json"}
CUT_SHORT = object()  # an answer: do the work, then drop the connection mid-response


def parse_body(request: Any) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The JSON payload of a request, and its files when it is multipart/form-data."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + request.body)
        payload: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            data = part.get_payload(decode=True)
            if name == "payload_json":
                payload = json.loads(data)
            else:
                files[str(part.get_filename())] = data
        return payload, files
    if not request.body:
        return {}, {}
    parsed: dict[str, Any] = json.loads(request.body)
    return parsed, {}
