"""Answers of the read API cached per database version: the same request on the same data is answered
from memory, and a write (which raises the version) makes every cached answer stale.

While an ingest writes an article every few milliseconds, a cache emptied by every write would hold
nothing: the version is therefore read again at most every ``max_age`` seconds (``$EVENTCODER_CACHE_MAX_AGE``,
default 5; 0 reads it for every request), and an answer of an older version is sent while it is
computed again (:class:`ResponseCache`). An answer then lags the database by at most the max age and
the time to compute it again, and says which version it reflects (``x-eventcoder-version``); a write
made through this app's own API is seen at once.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHE_ENTRIES = 1024  # answers kept, the least recently used dropped first
CACHE_MAX_BYTES = 4_000_000  # a larger answer (a big page) is not kept
CACHED_PREFIX = "/api/"
CACHE_HEADER = "x-eventcoder-cache"  # "hit", "stale" or "miss", for whoever wants to know
VERSION_HEADER = "x-eventcoder-version"  # the database version an answer reflects
MAX_AGE_VARIABLE = "EVENTCODER_CACHE_MAX_AGE"
DEFAULT_MAX_AGE = 5.0  # seconds


def max_age_from_environment(value: float | str | None = None) -> float:
    """Seconds an answer may be kept while writes go on: ``value``, else the environment, else 5."""
    if value is None:
        value = os.environ.get(MAX_AGE_VARIABLE, "").strip() or DEFAULT_MAX_AGE
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise ValueError(f"cache max age must be a number of seconds from 0 to 3600, not {value!r}")
    return seconds


class VersionWatch:
    """The database version as the cache sees it: read again when ``max_age`` seconds have passed since
    the last reading, or at once after a write through the API (:meth:`expire`)."""

    def __init__(
        self, version: Callable[[], int], max_age: float, clock: Callable[[], float] = time.monotonic
    ):
        self.version = version
        self.max_age = max_age
        self.clock = clock
        self.known: int | None = None
        self.read_at = 0.0

    def current(self) -> int:
        now = self.clock()
        if self.known is None or now - self.read_at >= self.max_age:
            self.known, self.read_at = self.version(), now
        return self.known

    def expire(self) -> None:
        self.known = None


@dataclass(slots=True)
class Answer:
    version: int  # the database version it was computed on
    headers: list
    body: bytes


class ResponseCache:
    """Cache the 200 answers to GET /api/... (not downloads) by path and query, with the database version
    each was computed on.

    An answer of an older version is stale. With a max age above 0 it is still sent (``stale``) while
    the same request is computed again in the background, one such refresh at a time: during an ingest
    every answer comes from memory and the database is asked each question at most once per version
    seen, instead of by every client at once. With max age 0, or after a write through the API, a
    stale answer is never sent.
    """

    def __init__(
        self,
        app: ASGIApp,
        watch: VersionWatch,
        entries: int = CACHE_ENTRIES,
        max_bytes: int = CACHE_MAX_BYTES,
    ):
        self.app = app
        self.watch = watch
        self.entries = entries
        self.max_bytes = max_bytes
        self.answers: OrderedDict[tuple, Answer] = OrderedDict()
        self.refreshing: set[tuple] = set()
        self.refresh_slot = anyio.Semaphore(1)  # background refreshes run one at a time
        self.tasks: set[asyncio.Task] = set()  # the refreshes running (a task needs a reference)

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
            if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD"):
                self.answers.clear()  # a write through the API, committed: seen by the next answer
                self.watch.expire()
            return
        version = await anyio.to_thread.run_sync(self.watch.current)
        cached = self.answers.get(key)
        if cached is not None and (cached.version == version or self.watch.max_age > 0):
            self.answers.move_to_end(key)
            fresh = cached.version == version
            if not fresh and key not in self.refreshing:
                self.refreshing.add(key)
                task = asyncio.get_running_loop().create_task(self._refresh(key, dict(scope), version))
                self.tasks.add(task)
                task.add_done_callback(self.tasks.discard)
            await _send_answer(send, cached, b"hit" if fresh else b"stale")
            return
        await self.app(scope, receive, self._keeper(key, version, send))

    async def _refresh(self, key: tuple, scope: Scope, version: int) -> None:
        async def nothing_more() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def drop(message: Message) -> None:
            pass

        try:
            async with self.refresh_slot:
                await self.app(scope, nothing_more, self._keeper(key, version, drop))
        finally:
            self.refreshing.discard(key)

    def _keeper(self, key: tuple, version: int, send: Send) -> Send:
        """``send``, keeping a 200 answer computed on ``version`` as it goes by."""
        started: dict = {}
        parts: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
                message = {
                    **message,
                    "headers": [
                        *message.get("headers", []),
                        (CACHE_HEADER.encode(), b"miss"),
                        _version_header(version),
                    ],
                }
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if not message.get("more_body", False) and started.get("status") == 200:
                    body = b"".join(parts)
                    kept = self.answers.get(key)
                    if len(body) <= self.max_bytes and (kept is None or kept.version <= version):
                        self.answers[key] = Answer(version, list(started.get("headers", [])), body)
                        self.answers.move_to_end(key)
                        while len(self.answers) > self.entries:
                            self.answers.popitem(last=False)
            await send(message)

        return keep


async def _send_answer(send: Send, answer: Answer, how: bytes) -> None:
    headers = [*answer.headers, (CACHE_HEADER.encode(), how), _version_header(answer.version)]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


def _version_header(version: int) -> tuple[bytes, bytes]:
    return VERSION_HEADER.encode(), str(version).encode()
