"""A rate limit per client on the read API: a token bucket per client address.

Each client address has a bucket of ``burst`` tokens that refills at ``burst / seconds`` tokens a
second; a GET of ``/api/...`` takes one token (a download :data:`DOWNLOAD_COST`), and a request that
finds too few is answered 429 in the API's error shape, with ``Retry-After``. The limit is
``$EVENTCODER_RATE_LIMIT``: ``REQUESTS/SECONDS`` (default :data:`DEFAULT_RATE_LIMIT`: 600 requests a
minute, far above what the dashboard asks for when it loads or when its filters change), ``off`` or
``0`` for none. The address is the connection's: behind a proxy, let the server take the client's
from the proxy's headers (``uvicorn --proxy-headers --forwarded-allow-ips ...``).
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from .edge import error_response

RATE_LIMIT_VARIABLE = "EVENTCODER_RATE_LIMIT"
DEFAULT_RATE_LIMIT = "600/60"
DOWNLOAD_COST = 20  # a download reads up to 100,000 events: it costs as much as 20 requests
MAX_CLIENTS = 10_000  # buckets kept; full (idle) ones are dropped first


def parse_rate_limit(value: str | None) -> tuple[int, float] | None:
    """'600/60' -> (600 tokens, 10.0 a second); 'off' or '0' -> None; raises ValueError otherwise."""
    value = (value if value is not None else DEFAULT_RATE_LIMIT).strip().lower()
    if value in ("", "0", "off", "none", "false", "no"):
        return None
    requests, _, seconds = value.partition("/")
    burst, period = int(requests), float(seconds or 1)
    if burst < 1 or period <= 0:
        raise ValueError(f"{RATE_LIMIT_VARIABLE}={value!r}: give REQUESTS/SECONDS, both above 0, or 'off'")
    return burst, burst / period


@dataclass
class Buckets:
    """Token buckets by client address; ``clock`` gives seconds (monotonic)."""

    burst: int
    rate: float  # tokens a second
    clock: Callable[[], float] = time.monotonic
    tokens: dict[str, tuple[float, float]] = field(default_factory=dict)  # address -> (tokens, when)

    def take(self, client: str, cost: int = 1) -> float:
        """Take ``cost`` tokens from the client's bucket: 0 when it had them, else the seconds to wait."""
        now = self.clock()
        tokens, when = self.tokens.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - when) * self.rate)
        cost = min(cost, self.burst)  # a bucket can always pay for one request, in time
        if tokens >= cost:
            self.tokens[client] = (tokens - cost, now)
            self._bound(now)
            return 0.0
        self.tokens[client] = (tokens, now)
        return (cost - tokens) / self.rate

    def _bound(self, now: float) -> None:
        if len(self.tokens) <= MAX_CLIENTS:
            return
        full = [
            client
            for client, (tokens, when) in self.tokens.items()
            if tokens + (now - when) * self.rate >= self.burst
        ]
        for client in full:
            del self.tokens[client]
        while len(self.tokens) > MAX_CLIENTS:  # all busy: the longest unseen go
            del self.tokens[min(self.tokens, key=lambda client: self.tokens[client][1])]


def _cost(scope: Scope) -> int:
    query = scope.get("query_string", b"").decode("latin-1")
    downloading = any(name == "format" and value != "json" for name, value in parse_qsl(query))
    return DOWNLOAD_COST if downloading else 1


class RateLimit:
    """429 for a client whose bucket is empty, on GET /api/... (reading needs no credentials)."""

    def __init__(self, app: ASGIApp, buckets: Buckets | None):
        self.app = app
        self.buckets = buckets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.buckets is None
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.buckets.take(client, _cost(scope))
        if wait:
            seconds = max(1, math.ceil(wait))
            response = error_response(
                429,
                "too_many_requests",
                f"rate limit of {self.buckets.burst} requests per "
                f"{self.buckets.burst / self.buckets.rate:g} s reached; retry in {seconds} s",
                headers={"Retry-After": str(seconds)},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def buckets_from_environment(value: str | None = None) -> Buckets | None:
    limit = parse_rate_limit(value if value is not None else os.environ.get(RATE_LIMIT_VARIABLE))
    return Buckets(*limit) if limit else None
