"""Answers of the read API cached per database version: the same request on the same data is answered
from memory, without touching the database but to read its version (one row), and a write (which
raises the version) makes every cached answer stale."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHE_ENTRIES = 1024  # answers kept, the least recently used dropped first
CACHE_MAX_BYTES = 4_000_000  # a larger answer (a big page) is not kept
CACHED_PREFIX = "/api/"
CACHE_HEADER = "x-eventcoder-cache"  # "hit" or "miss", for whoever wants to know


class ResponseCache:
    """Cache the 200 answers to GET /api/... (not downloads) by path, query and database version."""

    def __init__(
        self,
        app: ASGIApp,
        version: Callable[[], int],
        entries: int = CACHE_ENTRIES,
        max_bytes: int = CACHE_MAX_BYTES,
    ):
        self.app = app
        self.version = version
        self.entries = entries
        self.max_bytes = max_bytes
        self.answers: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self.seen_version: int | None = None

    def _key(self, scope: Scope) -> tuple | None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(CACHED_PREFIX):
            return None
        query = scope.get("query_string", b"").decode("latin-1")
        pairs = tuple(sorted(parse_qsl(query, keep_blank_values=True)))
        if any(name == "format" and value != "json" for name, value in pairs):
            return None  # downloads stream and are large
        return scope["path"], pairs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        version = await anyio.to_thread.run_sync(self.version)
        if version != self.seen_version:  # a write: every answer kept is stale
            self.answers.clear()
            self.seen_version = version
        key = (*key, version)
        cached = self.answers.get(key)
        if cached is not None:
            self.answers.move_to_end(key)
            status, headers, body = cached
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [*headers, (CACHE_HEADER.encode(), b"hit")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        started: dict = {}
        parts: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (CACHE_HEADER.encode(), b"miss")],
                }
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if not message.get("more_body", False) and started.get("status") == 200:
                    body = b"".join(parts)
                    if len(body) <= self.max_bytes:
                        self.answers[key] = (200, list(started.get("headers", [])), body)
                        while len(self.answers) > self.entries:
                            self.answers.popitem(last=False)
            await send(message)

        await self.app(scope, receive, keep)
