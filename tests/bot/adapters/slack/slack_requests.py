"""Requests as Slack sends them: slash command payloads (from payloads/), signed like Slack does."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

PAYLOADS = Path(__file__).resolve().parent / "payloads"
SECRET = "8f2c1d0e-test-signing-secret"


def payload(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
    return data


def slash_command(command: str, text: str, response_url: str, **fields: str) -> dict[str, str]:
    """The fields Slack posts for ``command text`` (a recorded payload, changed as asked)."""
    body = {k: str(v) for k, v in payload("slash_command.json").items()}
    body.update(command=command, text=text, response_url=response_url, **fields)
    return body


def form(fields: dict[str, str]) -> str:
    return urlencode(fields)


def signed_headers(
    body: str, *, secret: str = SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """Headers Slack would send with ``body``; ``timestamp`` defaults to now (a fresh request)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


def socket_envelope(fields: dict[str, str]) -> dict[str, Any]:
    envelope = payload("socket_slash_envelope.json")
    envelope["payload"] = fields
    return envelope
