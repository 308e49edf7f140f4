"""The HTTP edge of the web app: the one JSON error shape, the handlers that turn errors into it, and
the ASGI middleware that bounds and guards every request (body size and read time, control
characters, security headers)."""

from __future__ import annotations

import asyncio
import time
import unicodedata
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import analysis
from ..errors import BadDate, BadOption, DatabaseError, EventcoderError, InputError, ModelNotFound
from ..ingest import MAX_CHARS

# The cost of one POST: the text coded is at most this long (413 beyond), and the body at most big
# enough to carry it with every character escaped as \uXXXX, and the other fields.
MAX_ARTICLE_CHARS = MAX_CHARS  # the library's own limit (ingest, eventcoder code)
MAX_BODY_BYTES = 6 * MAX_ARTICLE_CHARS + 100_000
# A declared body must arrive within this many seconds (408 after): an unsent body holds nothing forever.
BODY_READ_TIMEOUT = 60.0
# The dashboard loads nothing from elsewhere; the browser is told to refuse it too.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
# Every other response (JSON, files) is never a page: it may load nothing and be framed nowhere.
NOT_A_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'"
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}
# HTTP status of each domain error; the error's own code (E0xx) is sent as the error code.
STATUS_OF_ERROR = (
    (analysis.ArticleNotFound, 404),
    (analysis.ArticleExists, 409),
    (InputError, 422),
    (BadDate, 422),
    (BadOption, 422),  # an option the query's types let through but the analysis refuses (an unknown sort)
    (DatabaseError, 503),
    (ModelNotFound, 503),
)
HTTP_ERROR_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    408: "request_timeout", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
    422: "validation_error", 429: "too_many_requests", 500: "internal_error", 503: "unavailable",
}  # fmt: skip
# Answers after which the server closes the connection (the body was not read, or something broke):
# they say so, so that no client sends its next request into a closing connection.
CLOSING_STATUSES = {400, 408, 413, 500}


# --------------------------------------------------------------------------------------------------
# The one error shape


class ErrorBody(BaseModel):
    code: str = Field(description="eventcoder error code (E0xx) or HTTP status name.")
    message: str
    status: int


class ErrorResponse(BaseModel):
    error: ErrorBody


ERROR_RESPONSES = {status: {"model": ErrorResponse} for status in (404, 422, 429)}
WRITE_ERROR_RESPONSES = {status: {"model": ErrorResponse} for status in (401, 403, 409, 413, 422)}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, status=status))
    if status in CLOSING_STATUSES:
        headers = {**(headers or {}), "Connection": "close"}
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def http_error_code(status: int) -> str:
    return HTTP_ERROR_CODES.get(status, "http_error")


async def on_http_error(request: Request, error: HTTPException) -> JSONResponse:
    code = getattr(error, "error_code", None) or http_error_code(error.status_code)
    return error_response(error.status_code, code, str(error.detail), getattr(error, "headers", None))


async def on_validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    if any(_article_too_long(problem) for problem in error.errors()):
        return error_response(
            413, "payload_too_large", f"text: an article is at most {MAX_ARTICLE_CHARS:,} characters"
        )
    problems = []
    for problem in error.errors():
        where = ".".join(
            str(part) for part in problem.get("loc", ()) if part != "body" or len(problem["loc"]) == 1
        )
        problems.append(f"{where}: {problem.get('msg', 'invalid')}")
    return error_response(422, "validation_error", "; ".join(problems) or "invalid request")


async def on_domain_error(request: Request, error: EventcoderError) -> JSONResponse:
    status = next((status for kind, status in STATUS_OF_ERROR if isinstance(error, kind)), 500)
    message = str(error).removeprefix(f"{error.code} ")
    return error_response(status, error.code, message)


def _article_too_long(problem: dict) -> bool:
    return problem.get("type") == "string_too_long" and tuple(problem.get("loc", ())) == ("body", "text")


async def on_unexpected_error(request: Request, error: Exception) -> JSONResponse:
    # the traceback goes to the server log (Starlette re-raises after answering, and the server then
    # closes the connection: the answer says so); the client gets no internals. This answer leaves from
    # outside the middleware, so it carries the security headers itself.
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": NOT_A_PAGE_POLICY}
    return error_response(500, "internal_error", "internal server error", headers)


class ApiError(HTTPException):
    """An HTTP error with its own error code, answered in the one error shape."""

    def __init__(
        self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None
    ):
        super().__init__(status_code=status, detail=message, headers=headers)
        self.error_code = code or http_error_code(status)


# --------------------------------------------------------------------------------------------------
# Request body size limit


class BodySizeLimit:
    """Refuse request bodies over ``max_bytes`` with 413: by Content-Length, or while reading a chunked
    body; and bodies that do not arrive within ``timeout`` seconds with 408."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, timeout: float = BODY_READ_TIMEOUT):
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            status = 413 if declared.isdigit() else 400
            response = error_response(status, http_error_code(status), self._message(declared.isdigit()))
            await response(scope, receive, send)
            return
        received = 0
        complete = False
        deadline: float | None = None

        async def limited_receive() -> Message:
            nonlocal received, complete, deadline
            if complete:  # the body is read: later calls wait for the client to leave, as long as it takes
                return await receive()
            if deadline is None:
                deadline = time.monotonic() + self.timeout
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                # an HTTPException passes through FastAPI's body parsing to the error handler
                raise ApiError(408, f"request body not received within {self.timeout:g} s") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                complete = not message.get("more_body", False)
                if received > self.max_bytes:
                    raise ApiError(413, self._message(True))
            else:
                complete = True
            return message

        await self.app(scope, limited_receive, send)

    def _message(self, too_large: bool) -> str:
        if too_large:
            return f"request body larger than {self.max_bytes:,} bytes"
        return "invalid Content-Length header"


class SecurityHeaders:
    """Headers on every response: no MIME sniffing, no framing, and a Content-Security-Policy (the
    page's own, else: nothing may load)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if "content-security-policy" not in headers:
                    page = headers.get("content-type", "").startswith("text/html")
                    headers["Content-Security-Policy"] = (
                        CONTENT_SECURITY_POLICY if page else NOT_A_PAGE_POLICY
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RefuseControlCharacters:
    """422 for a control character (NUL, ESC, ...) in the path or a query parameter: no database can
    search for one, and none belongs in a name, a word or a date."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            problem = self._problem(scope)
            if problem:
                await error_response(422, "validation_error", problem)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _problem(scope: Scope) -> str | None:
        if has_control_character(scope.get("path", "")):
            return "path: control characters are not allowed"
        query = scope.get("query_string", b"").decode("latin-1")
        for name, value in parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="replace"):
            if has_control_character(name) or has_control_character(value):
                return f"query.{name if not has_control_character(name) else '?'}: control characters are not allowed"
        return None


def has_control_character(text: str) -> bool:
    return any(unicodedata.category(character) == "Cc" for character in text)
