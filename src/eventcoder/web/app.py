"""The REST API and the dashboard, served by one FastAPI app: ``create_app(db)``.

Route functions only parse parameters and call :mod:`eventcoder.analysis`, :mod:`eventcoder.api` or
:mod:`eventcoder.store`; errors from the core are turned into HTTP errors here, in one JSON shape.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException

import eventcoder

from .. import __version__, analysis
from ..errors import BadOption, EventcoderError
from ..records import ArticleDocument
from ..store import open_store
from .cache import ResponseCache, VersionWatch, max_age_from_environment
from .downloads import DOWNLOAD_FORMATS, MAX_DOWNLOAD, download
from .edge import (
    BODY_READ_TIMEOUT,
    CONTENT_SECURITY_POLICY,
    ERROR_RESPONSES,
    MAX_ARTICLE_CHARS,
    MAX_BODY_BYTES,
    WRITE_ERROR_RESPONSES,
    ApiError,
    BodySizeLimit,
    RefuseControlCharacters,
    SecurityHeaders,
    has_control_character,
    on_domain_error,
    on_http_error,
    on_unexpected_error,
    on_validation_error,
)
from .limits import DEFAULT_RATE_LIMIT, DOWNLOAD_COST, RateLimit, buckets_from_environment
from .params import (  # noqa: F401 (the names routes and tests used from here before params.py)
    DATE_PATTERN,
    DYAD_CODE_PATTERN,
    EARLIEST_DAY,
    LATEST_DAY,
    AsOf,
    BaselineDays,
    Day,
    DayPrefix,
    FilterDependency,
    MinEvents,
    RecentDays,
    StoreDependency,
    Threshold,
    day_in_range,
    day_prefix_in_range,
    event_filter,
    get_store,
)
from .views import add_view_routes

STATIC = Path(__file__).with_name("static")
TOKEN_VARIABLE = "EVENTCODER_TOKEN"
DESCRIPTION = f"""
Political events coded from news articles by eventcoder: who did what to whom, where, when, according
to whom — with the text offsets and the rule or model behind each record.

**Reading** needs no credentials. **Writing** (`POST /api/articles`) is refused (403) unless the server
was started with the environment variable `{TOKEN_VARIABLE}` set; then every write must carry
`Authorization: Bearer <token>` (401 without it, 403 with a wrong token). An article's text is limited
to {MAX_ARTICLE_CHARS:,} characters and a request body to {MAX_BODY_BYTES:,} bytes (413), which must
arrive within {BODY_READ_TIMEOUT:.0f} s (408). Dates are accepted from {EARLIEST_DAY} to {LATEST_DAY};
text parameters may not hold control characters (422).

**Every error** has one JSON shape: `{{"error": {{"code": "...", "message": "...", "status": N}}}}`;
`code` is an eventcoder error code (`E040`: no such article, `E041`: article already stored, `E007`:
not English, ...) or the name of the HTTP status (`not_found`, `validation_error`, `unauthorized`,
`forbidden`, `payload_too_large`, ...).

Analytics (`/api/counts`, `/api/dyads`, `/api/escalation`, `/api/network`, `/api/map`, `/api/series`,
`/api/change`, `/api/countries`, `/api/stats`) count only the events the text reports as having
happened (modality `asserted` or `historical`) unless `modality` is given (a comma-separated list, or
`all`); `/api/events` and `/api/clusters` list every event. Real-world events (`clusters`) count the
clusters of reports, each on its own day.

**Cost**: each client address may make `{DEFAULT_RATE_LIMIT}` (requests/seconds, the server's
`EVENTCODER_RATE_LIMIT`) GET requests of `/api/...`, a download (`/api/events?format=csv|geojson|plover`)
counting as {DOWNLOAD_COST}; beyond that the answer is 429 with `Retry-After`. Answers are cached until
the next write to the database.
"""


# --------------------------------------------------------------------------------------------------
# Writers


def require_writer(request: Request) -> None:
    """Writes need ``Authorization: Bearer <EVENTCODER_TOKEN>``; with no token configured, none is allowed."""
    token = request.app.state.token
    if not token:
        raise ApiError(
            403, f"the API is read-only: start the server with {TOKEN_VARIABLE} set to allow writes"
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(403, "wrong bearer token")


class ArticleRequest(BaseModel):
    """An article to code and store."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(
        default=None, min_length=1, max_length=200, description="Default: a hash of the text."
    )
    title: str | None = Field(default=None, max_length=1000)
    text: str = Field(
        min_length=1,
        max_length=MAX_ARTICLE_CHARS,
        description=f"The article's text, as published; at most {MAX_ARTICLE_CHARS:,} characters (413).",
    )
    published: Day | None = Field(default=None, description="Publication date, anchors relative dates.")
    source: str | None = Field(default=None, max_length=300, description="The outlet.")
    url: str | None = Field(default=None, max_length=2000)

    @field_validator("id", "title", "source", "url")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is not None and has_control_character(value):
            raise ValueError("control characters are not allowed")
        return value

    @field_validator("text")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        if "\x00" in value:  # PostgreSQL cannot store it, and no article holds one
            raise ValueError("NUL characters are not allowed")
        return value


# --------------------------------------------------------------------------------------------------
# The app


def create_app(
    db: str | os.PathLike | None = None,
    *,
    token: str | None = None,
    create: bool = False,
    rate_limit: str | None = None,
    cache: bool = True,
    cache_max_age: float | str | None = None,
) -> FastAPI:
    """The API and dashboard over the database ``db`` (path or URL; default ``$EVENTCODER_DB`` or ./eventcoder.db).

    ``token`` (default: ``$EVENTCODER_TOKEN``) allows writes to whoever sends it as a bearer token. A
    database that does not exist is refused (:class:`errors.DatabaseMissing`) unless ``create``.
    ``rate_limit`` (default: ``$EVENTCODER_RATE_LIMIT``, else 600/60): requests per seconds each client
    may make of the read API, ``off`` for no limit (see :mod:`.limits`). ``cache`` keeps the read
    API's answers until the next write is seen, which is within ``cache_max_age`` seconds (default:
    ``$EVENTCODER_CACHE_MAX_AGE``, else 5; see :mod:`.cache`).
    """
    try:
        buckets = buckets_from_environment(rate_limit)
        max_age = max_age_from_environment(cache_max_age)
    except ValueError as error:
        raise BadOption(str(error)) from None
    store = open_store(db, create=create)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="eventcoder",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served below from the vendored Swagger UI: no CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.token = token if token is not None else os.environ.get(TOKEN_VARIABLE) or None
    app.state.rate_limits = buckets
    # the last added is the outermost: security headers go on every answer, the middlewares' own too;
    # the rate limit counts every read, answered from the cache or not
    app.state.version_watch = VersionWatch(store.version, max_age)
    if cache:
        app.add_middleware(ResponseCache, watch=app.state.version_watch)
    app.add_middleware(RefuseControlCharacters)
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES, timeout=BODY_READ_TIMEOUT)
    app.add_middleware(RateLimit, buckets=buckets)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(EventcoderError, on_domain_error)
    app.add_exception_handler(Exception, on_unexpected_error)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    add_page_routes(app)
    add_api_routes(app)
    add_view_routes(app)
    return app


def add_page_routes(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(
            STATIC / "index.html", headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY}
        )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title="eventcoder API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-favicon-32x32.png",
        )
        page.headers["Content-Security-Policy"] = inline_scripts_policy(page.body.decode())
        return page


def inline_scripts_policy(html: str) -> str:
    """The dashboard's policy, letting run the inline scripts of ``html`` (Swagger UI's start), by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    )
    return CONTENT_SECURITY_POLICY.replace(
        "default-src 'self';", f"default-src 'self'; script-src 'self' {hashes};"
    )


def add_api_routes(app: FastAPI) -> None:
    @app.get(
        "/api/events",
        response_model=analysis.EventPage,
        responses={**ERROR_RESPONSES, 200: {"content": {kind: {} for kind, _ in DOWNLOAD_FORMATS.values()}}},
        tags=["events"],
    )
    def list_events(
        store: StoreDependency,
        selection: FilterDependency,
        format: Annotated[
            str,
            Query(
                description="json: one page; csv, geojson (located events) or plover (PLOVER JSON Lines): "
                f"a download of the whole selection, newest first, up to limit (default and at most {MAX_DOWNLOAD:,})."
            ),
        ] = "json",
        limit: Annotated[
            int | None,
            Query(
                ge=1,
                le=MAX_DOWNLOAD,
                description=f"Page size (json: default {analysis.PAGE_LIMIT}, at most {analysis.MAX_PAGE_LIMIT})",
            ),
        ] = None,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        include_negated: Annotated[
            bool, Query(description="plover: keep negated and prevented events.")
        ] = False,
        sort: Annotated[
            str,
            Query(
                description="json: the order of the pages: date, intensity or type, '-' before it for "
                "descending (default -date, newest first; another order reads the whole selection)."
            ),
        ] = analysis.NEWEST_FIRST,
    ) -> analysis.EventPage | Response:
        """Events that match every filter given, newest first or in the order ``sort`` names, one page at
        a time; ``total`` counts all pages. With ``format`` csv, geojson or plover: the selection as a
        file to download."""
        if format != "json":
            if format not in DOWNLOAD_FORMATS:
                choices = ", ".join(["json", *DOWNLOAD_FORMATS])
                raise ApiError(
                    422,
                    f"query.format: unknown format {format!r}; choose one of {choices}",
                    "validation_error",
                )
            return download(store, selection, format, limit or MAX_DOWNLOAD, include_negated=include_negated)
        if limit is not None and limit > analysis.MAX_PAGE_LIMIT:
            raise ApiError(
                422,
                f"query.limit: at most {analysis.MAX_PAGE_LIMIT} events a page (a download takes more)",
                "validation_error",
            )
        return analysis.find_events(
            store, selection, limit=limit or analysis.PAGE_LIMIT, offset=offset, sort=sort
        )

    @app.get(
        "/api/articles/{article_id:path}",
        response_model=ArticleDocument,
        responses=ERROR_RESPONSES,
        tags=["articles"],
    )
    def get_article(store: StoreDependency, article_id: str) -> ArticleDocument:
        """One stored article: its exact text and every record coded from it, with character offsets."""
        return analysis.article_document(store, article_id)

    @app.post(
        "/api/articles",
        status_code=201,
        response_model=ArticleDocument,
        responses=WRITE_ERROR_RESPONSES,
        dependencies=[Depends(require_writer)],
        tags=["articles"],
    )
    def post_article(store: StoreDependency, body: ArticleRequest) -> ArticleDocument:
        """Code an article and store it (needs the bearer token; refused when the server has none)."""
        # A plain ``def``: FastAPI runs it in its thread pool, so coding never stalls the event loop.
        # eventcoder.code_text loads spaCy on first use, so a server that only reads starts light.
        document = eventcoder.code_text(
            body.text, body.published, id=body.id, title=body.title, source=body.source, url=body.url
        )
        analysis.save_document(store, document)
        return document

    @app.get(
        "/api/counts", response_model=list[analysis.Count], responses=ERROR_RESPONSES, tags=["analytics"]
    )
    def counts(
        store: StoreDependency,
        selection: FilterDependency,
        by: Literal["type", "day", "dyad"] = "type",
        interval: Annotated[
            Literal["day", "week", "month"],
            Query(description="by=day: count by day, week (Monday) or month."),
        ] = "day",
    ) -> list[analysis.Count]:
        """Event counts by PLOVER type, by day (or week, or month), or by country pair (dyad ``SOURCE>TARGET``)."""
        return analysis.event_counts(store, by, selection, interval=interval)

    @app.get(
        "/api/dyads", response_model=list[analysis.DyadSeries], responses=ERROR_RESPONSES, tags=["analytics"]
    )
    def dyads(
        store: StoreDependency,
        selection: FilterDependency,
        interval: Literal["day", "week", "month"] = "day",
        top: Annotated[int, Query(ge=1, le=200)] = 10,
        source: Annotated[str | None, Query(pattern=DYAD_CODE_PATTERN)] = None,
        target: Annotated[str | None, Query(pattern=DYAD_CODE_PATTERN)] = None,
        recent_days: RecentDays = analysis.RECENT_DAYS,
        baseline_days: BaselineDays = analysis.BASELINE_DAYS,
        threshold: Threshold = analysis.ESCALATION_THRESHOLD,
        min_events: MinEvents = analysis.ESCALATION_MIN_EVENTS,
    ) -> list[analysis.DyadSeries]:
        """Conflict-cooperation series of the dyads with most events: intensity sum and quad-class counts per
        period, and the days on which the escalation signal raised an alert."""
        return analysis.dyad_series(
            store,
            selection,
            interval=interval,
            top=top,
            source=source,
            target=target,
            recent_days=recent_days,
            baseline_days=baseline_days,
            threshold=threshold,
            min_events=min_events,
        )

    @app.get(
        "/api/escalation", response_model=analysis.Escalation, responses=ERROR_RESPONSES, tags=["analytics"]
    )
    def escalation(
        store: StoreDependency,
        selection: FilterDependency,
        as_of: Annotated[
            Day | None, Query(description="Last day of the recent window (default: last event day).")
        ] = None,
        recent_days: RecentDays = analysis.RECENT_DAYS,
        baseline_days: BaselineDays = analysis.BASELINE_DAYS,
        threshold: Threshold = analysis.ESCALATION_THRESHOLD,
        min_events: MinEvents = analysis.ESCALATION_MIN_EVENTS,
        alerts_only: bool = False,
    ) -> analysis.Escalation:
        """Escalation signal per dyad and per country: mean daily intensity of the recent window against
        the baseline window before it; an alert when it fell by ``threshold`` with ``min_events`` conflict events."""
        return analysis.escalation(
            store,
            selection,
            as_of=as_of,
            recent_days=recent_days,
            baseline_days=baseline_days,
            threshold=threshold,
            min_events=min_events,
            alerts_only=alerts_only,
        )

    @app.get("/api/network", response_model=analysis.Network, responses=ERROR_RESPONSES, tags=["analytics"])
    def network(
        store: StoreDependency,
        selection: FilterDependency,
        max_nodes: Annotated[int, Query(ge=1, le=1000)] = analysis.NETWORK_MAX_NODES,
    ) -> analysis.Network:
        """Who acts on whom: actors as nodes, a link from source to target weighted by their events."""
        return analysis.network_record(analysis.actor_network(store, selection), max_nodes=max_nodes)

    @app.get(
        "/api/speakers",
        response_model=list[analysis.SpeakerGroup],
        responses=ERROR_RESPONSES,
        tags=["analytics"],
    )
    def speakers(
        store: StoreDependency,
        selection: FilterDependency,
        top: Annotated[int, Query(ge=1, le=200)] = 10,
        per_actor: Annotated[int, Query(ge=1, le=100)] = 5,
    ) -> list[analysis.SpeakerGroup]:
        """The most quoted speakers per actor (country or organisation); filters: since, until, country."""
        return analysis.quoted_speakers(store, selection, top=top, per_actor=per_actor)

    @app.get("/api/stats", response_model=analysis.Summary, responses=ERROR_RESPONSES, tags=["analytics"])
    def stats(
        store: StoreDependency, selection: FilterDependency, top: Annotated[int, Query(ge=1, le=200)] = 10
    ) -> analysis.Summary:
        """What the selection holds: events counted, real-world events, articles, actors, places, quotes,
        the most frequent event types and dyads; ``counting`` says which events are counted."""
        return analysis.summary(store, selection, top=top)
