"""The event database: articles and everything coded from them, in plain relational tables.

SQLite by default (``./eventcoder.db``, or ``$EVENTCODER_DB``), PostgreSQL with a ``postgresql://`` URL.
The schema is managed by the Alembic migrations shipped in ``eventcoder/migrations``, applied when a
database is opened. The tables read well in Datasette or sqlite-utils:

=================  ======================================================================
table              one row per
=================  ======================================================================
``articles``       coded article (its exact text, the outlet, the coder that coded it)
``events``         event, with its trigger, sentence, date, location and evidence
``event_actors``   actor of an event, ``role`` = source, target or speaker (attribution)
``mentions``       actor mention anywhere in an article
``quotes``         quote, with its speaker
``places``         geocoded place name
``event_clusters`` real-world event: the events that report it, from one or more outlets
=================  ======================================================================

Every field of an :class:`records.ArticleDocument` is stored, so :meth:`Store.load_document` gives
back the very document that was written. Each document is written in one transaction: after a crash an
article is either there with all its records, or not there at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DataError, IntegrityError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .errors import BadOption, DatabaseError
from .ingest import article_id as text_hash
from .records import (
    Actor,
    Article,
    ArticleDocument,
    Attribution,
    Coder,
    DateValue,
    Event,
    Evidence,
    Location,
    Place,
    Quote,
    SentenceRef,
    Trigger,
)

DEFAULT_DB = "eventcoder.db"
MIGRATIONS = Path(__file__).with_name("migrations")
EXPORT_FORMATS = ("jsonl", "csv", "parquet", "plover", "dyadic-tsv")
LOOKUP_CHUNK = 500  # ids per IN (...) query: well under SQLite's bound-parameter limit

# PLOVER quad categories (codebook table "Quad categories in PLOVER"). Always from the PLOVER type:
# CAMEO-based datasets disagree on where the roots split (GDELT puts PROTEST in material conflict,
# Phoenix in verbal conflict), and the PLOVER type is what eventcoder codes first.
PLOVER_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
# PLOVER location "resolution": 5=sub-city, 4=city, 3=district, 2=province, 1=country.
PLOVER_RESOLUTION = {"site": 5, "city": 4, "admin1": 2, "country": 1, "region": 1, "water": None}
PLOVER_CODEBOOK = "plover-base"

# Cross-article deduplication: how close two reports must be to be the same real-world event.
CLUSTER_MAX_KM = 50.0
CLUSTER_MAX_DATE_SPAN_DAYS = 31  # coarser dates (a year) are too vague to link reports by
ARTICLE_DATE_LEEWAY_DAYS = 2  # an event dated only by its article happened up to 2 days before it


# --------------------------------------------------------------------------------------------------
# Tables


class Base(DeclarativeBase):
    """Columns are Text unless the value has a fixed form (ISO dates, hashes): the stages own their
    codes and names, and PostgreSQL would refuse a value longer than a VARCHAR bound."""


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(16), unique=True, comment="ingest.article_id of the text")
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    source: Mapped[str | None] = mapped_column(Text, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    coder_version: Mapped[str] = mapped_column(Text)
    coder_model: Mapped[str] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text, comment="file (and line) the article was read from")
    coded_at: Mapped[str] = mapped_column(String(32), comment="UTC time of coding, ISO 8601")


class EventClusterRow(Base):
    __tablename__ = "event_clusters"

    id: Mapped[str] = mapped_column(Text, primary_key=True, comment="id of its first event")
    event_type: Mapped[str] = mapped_column(Text, index=True)
    event_date: Mapped[str | None] = mapped_column(String(10), index=True)
    date_value: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(Text)
    source_countries: Mapped[str] = mapped_column(Text, comment="';'-joined ISO codes")
    target_countries: Mapped[str] = mapped_column(Text, comment="';'-joined ISO codes")
    location_name: Mapped[str | None] = mapped_column(Text)
    location_country: Mapped[str | None] = mapped_column(Text, index=True)
    lat: Mapped[float | None] = mapped_column(Double)
    lon: Mapped[float | None] = mapped_column(Double)
    cameo: Mapped[str | None] = mapped_column(Text)
    intensity: Mapped[float] = mapped_column(Double)
    report_count: Mapped[int] = mapped_column(Integer, comment="distinct articles reporting it")
    event_count: Mapped[int] = mapped_column(Integer)
    outlets: Mapped[list] = mapped_column(JSON)


class EventRow(Base):
    __tablename__ = "events"
    # Pages of filtered events, newest first, read down this index (analysis.find_events).
    __table_args__ = (Index("ix_events_event_date_id", "event_date", "id"),)

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(Text, index=True)
    mode: Mapped[str | None] = mapped_column(Text)
    context: Mapped[list] = mapped_column(JSON)
    cameo: Mapped[str | None] = mapped_column(Text, index=True)
    intensity: Mapped[float] = mapped_column(Double)
    modality: Mapped[str] = mapped_column(Text)
    event_date: Mapped[str | None] = mapped_column(
        String(10), index=True, comment="first day of the event's date, else the publication date"
    )
    date_value: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(Text)
    date_text: Mapped[str | None] = mapped_column(Text)
    location_name: Mapped[str | None] = mapped_column(Text)
    location_text: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Double)
    lon: Mapped[float | None] = mapped_column(Double)
    location_country: Mapped[str | None] = mapped_column(Text, index=True)
    location_kind: Mapped[str | None] = mapped_column(Text)
    trigger_text: Mapped[str] = mapped_column(Text)
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    sentence_index: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence_text: Mapped[str] = mapped_column(Text)
    attributed: Mapped[bool] = mapped_column(Boolean, comment="true when someone else vouches for it")
    attribution_outlet: Mapped[str | None] = mapped_column(Text)
    evidence_method: Mapped[str] = mapped_column(Text)
    evidence_confidence: Mapped[float] = mapped_column(Double)
    cluster_id: Mapped[str | None] = mapped_column(ForeignKey("event_clusters.id"), index=True)


class ActorColumns:
    """The fields of :class:`records.Actor`, shared by the tables that hold actors."""

    text: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text, index=True)
    sector: Mapped[str | None] = mapped_column(Text)
    org: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(Text)


class EventActorRow(ActorColumns, Base):
    __tablename__ = "event_actors"
    # The country filter and the organisation-code side of the actor filter of the API read event ids
    # from these indexes alone (the actor names have a substring index, see SEARCH_INDEXES).
    __table_args__ = (
        Index("ix_event_actors_country_role_event_id", "country", "role", "event_id"),
        Index("ix_event_actors_org_role_event_id", "org", "role", "event_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(Text, index=True, comment="source, target or speaker")
    position: Mapped[int] = mapped_column(Integer)


class MentionRow(ActorColumns, Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    verb: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_start_char: Mapped[int | None] = mapped_column(Integer)
    speaker_end_char: Mapped[int | None] = mapped_column(Integer)
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_country: Mapped[str | None] = mapped_column(Text, index=True)
    speaker_sector: Mapped[str | None] = mapped_column(Text)
    speaker_org: Mapped[str | None] = mapped_column(Text)
    speaker_kind: Mapped[str | None] = mapped_column(Text)
    speaker_method: Mapped[str | None] = mapped_column(Text)


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    lat: Mapped[float] = mapped_column(Double)
    lon: Mapped[float] = mapped_column(Double)
    country: Mapped[str | None] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(Text)


ACTOR_FIELDS = ("text", "start_char", "end_char", "name", "country", "sector", "org", "kind", "method")

# Substring indexes of the events table's text and actor filters, made by migration 0003 and not
# described by the models above: FTS5 tables (and their shadow tables) in SQLite, trigram indexes in
# PostgreSQL. Alembic's comparison of models and database must leave them out (``in_models``).
SEARCH_TABLES = ("events_fts", "event_actors_fts")
SEARCH_INDEXES = ("ix_events_sentence_text_trgm", "ix_event_actors_name_trgm")


def in_models(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic ``include_name`` hook: False for the search indexes that the models do not describe."""
    if type_ == "table":
        return not any(name == table or name.startswith(table + "_") for table in SEARCH_TABLES)
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True


# --------------------------------------------------------------------------------------------------
# Opening


def resolve_url(value: str | os.PathLike | None = None) -> str:
    """A SQLAlchemy URL from a file path or a URL; None means ``$EVENTCODER_DB`` or ``./eventcoder.db``.

    ``postgresql://`` and ``postgres://`` URLs get the psycopg 3 driver.
    """
    value = os.fspath(value) if value is not None else os.environ.get("EVENTCODER_DB") or DEFAULT_DB
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _shown(url: str) -> str:
    """The URL as it may appear in a message: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as error:
        raise DatabaseError(_shown(url), f"not a usable database URL ({error})") from None


def _sqlite_pragmas(connection, record) -> None:
    cursor = connection.cursor()
    # WAL lets readers (Datasette, the web view) read while a batch writes; NORMAL sync is
    # durable against a killed process, which is the crash a batch run must survive.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def upgrade(connection: Connection) -> None:
    """Bring the schema to the newest migration; refuse a database made by a newer eventcoder."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    current = MigrationContext.configure(connection).get_current_revision()
    scripts = ScriptDirectory.from_config(config)
    if current is not None and current not in {script.revision for script in scripts.walk_revisions()}:
        raise DatabaseError(
            _shown(str(connection.engine.url)),
            f"schema version {current} is newer than this eventcoder knows; upgrade eventcoder",
        )
    if current != scripts.get_current_head():
        command.upgrade(config, "head")


def open_store(db: str | os.PathLike | None = None) -> Store:
    """Open (creating or upgrading if needed) the database at ``db``, a file path or a URL."""
    url = resolve_url(db)
    engine = _make_engine(url)
    try:
        with engine.begin() as connection:
            upgrade(connection)
    except OperationalError as error:
        engine.dispose()
        raise DatabaseError(_shown(url), _first_line(error.orig or error)) from None
    return Store(engine)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


# --------------------------------------------------------------------------------------------------
# Rows from records and back


def _actor_row(actor: Actor, prefix: str = "") -> dict:
    values = (actor.text, actor.start, actor.end, actor.name, actor.country, actor.sector, actor.org, actor.kind, actor.method)
    return {prefix + name: value for name, value in zip(ACTOR_FIELDS, values)}


def actor_from_row(row, prefix: str = "") -> Actor:
    """The actor of a stored row (columns ``ACTOR_FIELDS``, after ``prefix``)."""
    get = row._mapping if hasattr(row, "_mapping") else row
    return Actor(
        text=get[prefix + "text"],
        start=get[prefix + "start_char"],
        end=get[prefix + "end_char"],
        name=get[prefix + "name"],
        country=get[prefix + "country"],
        sector=get[prefix + "sector"],
        org=get[prefix + "org"],
        kind=get[prefix + "kind"],
        method=get[prefix + "method"],
    )


def event_date_range(date: DateValue | None, published: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day an event may have happened on, from its date and precision."""
    if date is not None:
        value, precision = date.value, date.precision
    elif published:
        value, precision = published, "article"
    else:
        return None
    try:
        if precision == "year":
            return dt.date(int(value[:4]), 1, 1), dt.date(int(value[:4]), 12, 31)
        if precision == "month":
            first = dt.date(int(value[:4]), int(value[5:7]), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    if precision == "week":
        return day, day + dt.timedelta(days=6)
    if precision == "article":
        return day - dt.timedelta(days=ARTICLE_DATE_LEEWAY_DAYS), day
    return day, day


def _event_rows(event: Event, position: int, article: Article) -> tuple[dict, list[dict]]:
    # filed under the first day it may have happened on; an undated event under its article's day
    first = event_date_range(event.date, None)
    row = {
        "id": event.id,
        "article_id": article.id,
        "position": position,
        "event_type": event.event_type,
        "mode": event.mode,
        "context": list(event.context),
        "cameo": event.cameo,
        "intensity": event.intensity,
        "modality": event.modality,
        "event_date": first[0].isoformat() if event.date and first else article.published,
        "date_value": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "date_text": event.date.text if event.date else None,
        "location_name": event.location.name if event.location else None,
        "location_text": event.location.text if event.location else None,
        "lat": event.location.lat if event.location else None,
        "lon": event.location.lon if event.location else None,
        "location_country": event.location.country if event.location else None,
        "location_kind": event.location.kind if event.location else None,
        "trigger_text": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "sentence_index": event.sentence.index,
        "sentence_start": event.sentence.start,
        "sentence_end": event.sentence.end,
        "sentence_text": event.sentence.text,
        "attributed": event.attribution is not None,
        "attribution_outlet": event.attribution.outlet if event.attribution else None,
        "evidence_method": event.evidence.method,
        "evidence_confidence": event.evidence.confidence,
        "cluster_id": None,
    }
    actors = [
        {"event_id": event.id, "role": role, "position": number, **_actor_row(actor)}
        for role, group in (("source", event.sources), ("target", event.targets))
        for number, actor in enumerate(group)
    ]
    if event.attribution is not None and event.attribution.speaker is not None:
        actors.append({"event_id": event.id, "role": "speaker", "position": 0, **_actor_row(event.attribution.speaker)})
    return row, actors


def event_location(row) -> Location | None:
    """The place of a stored ``events`` row."""
    get = row._mapping
    if get["location_name"] is None:
        return None
    return Location(
        name=get["location_name"],
        text=get["location_text"],
        lat=get["lat"],
        lon=get["lon"],
        country=get["location_country"],
        kind=get["location_kind"],
    )


def _event(row, actors: Sequence) -> Event:
    get = row._mapping
    by_role: dict[str, list[Actor]] = defaultdict(list)
    for actor in sorted(actors, key=lambda actor: (actor.role, actor.position)):
        by_role[actor.role].append(actor_from_row(actor))
    attribution = None
    if get["attributed"]:
        speakers = by_role.get("speaker") or [None]
        attribution = Attribution(speaker=speakers[0], outlet=get["attribution_outlet"])
    location = event_location(row)
    date = None
    if get["date_value"] is not None:
        date = DateValue(value=get["date_value"], precision=get["date_precision"], text=get["date_text"])
    return Event(
        id=get["id"],
        event_type=get["event_type"],
        mode=get["mode"],
        context=list(get["context"] or []),
        cameo=get["cameo"],
        intensity=get["intensity"],
        modality=get["modality"],
        sources=by_role.get("source", []),
        targets=by_role.get("target", []),
        date=date,
        location=location,
        trigger=Trigger(text=get["trigger_text"], start=get["trigger_start"], end=get["trigger_end"]),
        sentence=SentenceRef(
            index=get["sentence_index"], start=get["sentence_start"], end=get["sentence_end"], text=get["sentence_text"]
        ),
        attribution=attribution,
        evidence=Evidence(method=get["evidence_method"], confidence=get["evidence_confidence"]),
    )


def _quote_row(quote: Quote, position: int, article_id: str) -> dict:
    speaker = _actor_row(quote.speaker, "speaker_") if quote.speaker else {f"speaker_{name}": None for name in ACTOR_FIELDS}
    return {
        "id": quote.id,
        "article_id": article_id,
        "position": position,
        "text": quote.text,
        "start_char": quote.start,
        "end_char": quote.end,
        "verb": quote.verb,
        "outlet": quote.outlet,
        **speaker,
    }


def _quote(row) -> Quote:
    get = row._mapping
    return Quote(
        id=get["id"],
        text=get["text"],
        start=get["start_char"],
        end=get["end_char"],
        speaker=actor_from_row(row, "speaker_") if get["speaker_name"] is not None else None,
        verb=get["verb"],
        outlet=get["outlet"],
    )


def _place(row) -> Place:
    get = row._mapping
    return Place(
        name=get["name"],
        text=get["text"],
        start=get["start_char"],
        end=get["end_char"],
        lat=get["lat"],
        lon=get["lon"],
        country=get["country"],
        kind=get["kind"],
    )


def _chunks(values: Sequence, size: int = LOOKUP_CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --------------------------------------------------------------------------------------------------
# The store


@dataclass
class ExportFilter:
    since: str | None = None
    until: str | None = None
    country: str | None = None
    event_types: tuple[str, ...] = ()

    def where(self) -> list:
        events = EventRow.__table__.c
        clauses = []
        if self.since:
            clauses.append(events.event_date >= self.since)
        if self.until:
            # "until 2019-03" takes in every day of March 2019: pad to the last possible day
            clauses.append(events.event_date <= self.until + "-12-31"[len(self.until) - 4 :])
        if self.country:
            actors = EventActorRow.__table__.c
            with_country = select(actors.event_id).where(actors.country == self.country, actors.role != "speaker")
            clauses.append(or_(events.id.in_(with_country), events.location_country == self.country))
        if self.event_types:
            clauses.append(events.event_type.in_(self.event_types))
        return clauses


class Store:
    """An open event database. Use :func:`open_store` to get one."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.url = str(engine.url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # ---- writing

    def known(self, ids: Iterable[str], hashes: Iterable[str]) -> tuple[set[str], set[str]]:
        """Which of these article ids, and which of these text hashes, are already stored."""
        articles = ArticleRow.__table__.c
        found_ids: set[str] = set()
        found_hashes: set[str] = set()
        with self.engine.connect() as connection:
            for chunk in _chunks(sorted(set(ids))):
                found_ids.update(connection.scalars(select(articles.id).where(articles.id.in_(chunk))))
            for chunk in _chunks(sorted(set(hashes))):
                found_hashes.update(connection.scalars(select(articles.text_hash).where(articles.text_hash.in_(chunk))))
        return found_ids, found_hashes

    def write_document(self, document: ArticleDocument, origin: str | None = None) -> bool:
        """Store one article and everything coded from it, in one transaction.

        Returns False, writing nothing, when the article (its id or its text) is already stored.
        """
        article = document.article
        event_rows, actor_rows = [], []
        for position, coded in enumerate(document.events):
            row, actors = _event_rows(coded, position, article)
            event_rows.append(row)
            actor_rows.extend(actors)
        article_row = {
            "id": article.id,
            "text_hash": text_hash(article.text),
            "title": article.title,
            "published": article.published,
            "source": article.source,
            "url": article.url,
            "language": article.language,
            "text": article.text,
            "coder_version": document.coder.version,
            "coder_model": document.coder.model,
            "origin": origin,
            "coded_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        mention_rows = [
            {"article_id": article.id, "position": position, **_actor_row(actor)}
            for position, actor in enumerate(document.mentions)
        ]
        quote_rows = [_quote_row(quote, position, article.id) for position, quote in enumerate(document.quotes)]
        place_rows = [
            {
                "article_id": article.id,
                "position": position,
                "name": place.name,
                "text": place.text,
                "start_char": place.start,
                "end_char": place.end,
                "lat": place.lat,
                "lon": place.lon,
                "country": place.country,
                "kind": place.kind,
            }
            for position, place in enumerate(document.places)
        ]
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(ArticleRow.__table__), [article_row])
                for model, rows in (
                    (EventRow, event_rows),
                    (EventActorRow, actor_rows),
                    (MentionRow, mention_rows),
                    (QuoteRow, quote_rows),
                    (PlaceRow, place_rows),
                ):
                    if rows:
                        connection.execute(insert(model.__table__), rows)
        except IntegrityError:
            # another writer (or an earlier line of this input) stored it first; anything else is a bug
            known_ids, known_hashes = self.known([article.id], [article_row["text_hash"]])
            if known_ids or known_hashes:
                return False
            raise
        except DataError as error:  # a value this database cannot hold, e.g. NUL in PostgreSQL text
            raise DatabaseError(_shown(self.url), f"cannot store article {article.id}: {_first_line(error.orig or error)}") from None
        return True

    # ---- reading

    def article_ids(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))

    def load_document(self, article_id: str) -> ArticleDocument:
        """The stored document of one article, exactly as it was written."""
        with self.engine.connect() as connection:
            article = connection.execute(select(ArticleRow.__table__).where(ArticleRow.id == article_id)).first()
            if article is None:
                raise KeyError(article_id)
            events = connection.execute(
                select(EventRow.__table__).where(EventRow.article_id == article_id).order_by(EventRow.position)
            ).all()
            actors = self._actors_of(connection, [row.id for row in events])
            mentions = connection.execute(
                select(MentionRow.__table__).where(MentionRow.article_id == article_id).order_by(MentionRow.position)
            ).all()
            quotes = connection.execute(
                select(QuoteRow.__table__).where(QuoteRow.article_id == article_id).order_by(QuoteRow.position)
            ).all()
            places = connection.execute(
                select(PlaceRow.__table__).where(PlaceRow.article_id == article_id).order_by(PlaceRow.position)
            ).all()
        return ArticleDocument(
            article=Article(
                id=article.id,
                title=article.title,
                published=article.published,
                source=article.source,
                url=article.url,
                language=article.language,
                text=article.text,
            ),
            events=[_event(row, actors.get(row.id, [])) for row in events],
            quotes=[_quote(row) for row in quotes],
            mentions=[actor_from_row(row) for row in mentions],
            places=[_place(row) for row in places],
            coder=Coder(version=article.coder_version, model=article.coder_model),
        )

    @staticmethod
    def _actors_of(connection: Connection, event_ids: Sequence[str]) -> dict[str, list]:
        by_event: dict[str, list] = defaultdict(list)
        table = EventActorRow.__table__
        for chunk in _chunks(list(event_ids)):
            for row in connection.execute(select(table).where(table.c.event_id.in_(chunk))):
                by_event[row.event_id].append(row)
        return by_event

    def stats(self, top: int = 10) -> dict:
        """Counts of everything stored, and the most frequent dyads and event types.

        ``actors`` counts distinct actors (name and country) over all mentions, ``mentions`` the
        mentions themselves; a dyad is a (source, target) pair of country codes (an organisation's
        code when the actor has no country), counted once per event.
        """
        events = EventRow.__table__
        actors = EventActorRow.__table__
        mentions = MentionRow.__table__
        with self.engine.connect() as connection:

            def count(statement) -> int:
                return connection.execute(statement).scalar_one()

            source, target = actors.alias("source"), actors.alias("target")
            source_code = func.coalesce(source.c.country, source.c.org)
            target_code = func.coalesce(target.c.country, target.c.org)
            dyads = connection.execute(
                select(source_code, target_code, func.count(func.distinct(events.c.id)).label("n"))
                .select_from(events)
                .join(source, (source.c.event_id == events.c.id) & (source.c.role == "source"))
                .join(target, (target.c.event_id == events.c.id) & (target.c.role == "target"))
                .where(source_code.is_not(None), target_code.is_not(None))
                .group_by(source_code, target_code)
                .order_by(func.count(func.distinct(events.c.id)).desc(), source_code, target_code)
                .limit(top)
            ).all()
            types = connection.execute(
                select(events.c.event_type, func.count().label("n"))
                .group_by(events.c.event_type)
                .order_by(func.count().desc(), events.c.event_type)
                .limit(top)
            ).all()
            distinct_actors = select(mentions.c.name, mentions.c.country).distinct().subquery()
            published = connection.execute(
                select(func.min(ArticleRow.published), func.max(ArticleRow.published))
            ).one()
            return {
                "articles": count(select(func.count()).select_from(ArticleRow)),
                "events": count(select(func.count()).select_from(events)),
                "quotes": count(select(func.count()).select_from(QuoteRow)),
                "actors": count(select(func.count()).select_from(distinct_actors)),
                "mentions": count(select(func.count()).select_from(mentions)),
                "places": count(select(func.count()).select_from(PlaceRow)),
                "event_clusters": count(select(func.count()).select_from(EventClusterRow)),
                "outlets": count(select(func.count(func.distinct(ArticleRow.source)))),
                "first_published": published[0],
                "last_published": published[1],
                "top_dyads": [{"source": row[0], "target": row[1], "events": row[2]} for row in dyads],
                "top_event_types": [{"event_type": row[0], "events": row[1]} for row in types],
            }

    # ---- cross-article deduplication

    def cluster_count(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(EventClusterRow)).scalar_one()

    def cluster_events(self) -> int:
        """Link the events that report the same real-world event into clusters; returns how many.

        Recomputed whole, in one transaction, so that the result does not depend on the order in which
        articles arrived.
        """
        events = EventRow.__table__
        actors = EventActorRow.__table__
        with self.engine.begin() as connection:
            rows = connection.execute(
                select(
                    events.c.id,
                    events.c.article_id,
                    events.c.event_type,
                    events.c.date_value,
                    events.c.date_precision,
                    events.c.date_text,
                    events.c.event_date,
                    events.c.lat,
                    events.c.lon,
                    events.c.location_name,
                    events.c.location_country,
                    events.c.location_kind,
                    events.c.cameo,
                    events.c.intensity,
                    ArticleRow.published,
                    ArticleRow.source,
                ).join(ArticleRow, ArticleRow.id == events.c.article_id)
            ).all()
            countries: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"source": set(), "target": set()})
            for event_id, role, country in connection.execute(
                select(actors.c.event_id, actors.c.role, func.coalesce(actors.c.country, actors.c.org)).where(
                    actors.c.role != "speaker"
                )
            ):
                if country:
                    countries[event_id][role].add(country)
            reports = [_Report.from_row(row, countries[row.id]) for row in rows]
            clusters = cluster_reports(reports)
            connection.execute(update(events).values(cluster_id=None))
            connection.execute(delete(EventClusterRow.__table__))
            if clusters:
                connection.execute(insert(EventClusterRow.__table__), [cluster.row() for cluster in clusters])
                connection.execute(
                    update(events).where(events.c.id == bindparam("member")).values(cluster_id=bindparam("cluster")),
                    [{"member": report.id, "cluster": cluster.id} for cluster in clusters for report in cluster.reports],
                )
        return len(clusters)

    # ---- export

    def export(
        self,
        format: str,
        output: str | os.PathLike | io.IOBase,
        *,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        country: str | None = None,
        event_type: str | Sequence[str] | None = None,
        clusters: bool = False,
    ) -> int:
        """Write events (or event clusters) in ``format`` to ``output`` ("-" for stdout); returns the count."""
        if format not in EXPORT_FORMATS:
            raise BadOption(f"unknown export format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        if isinstance(event_type, str):
            event_type = tuple(part.strip().upper() for part in event_type.split(",") if part.strip())
        selection = ExportFilter(
            since=since.isoformat() if isinstance(since, dt.date) else since,
            until=until.isoformat() if isinstance(until, dt.date) else until,
            country=country.upper() if country else None,
            event_types=tuple(event_type or ()),
        )
        if clusters:
            records = list(self._clusters(selection))
            if format == "jsonl":
                lines = (json.dumps(record, ensure_ascii=False) for record in records)
            elif format == "plover":
                lines = (json.dumps(_plover_cluster(record), ensure_ascii=False) for record in records)
            elif format == "dyadic-tsv":
                return _write_table(output, [row for record in records for row in _dyadic_cluster_rows(record)], DYADIC_COLUMNS, "\t")
            else:
                rows = [_flat_cluster(record) for record in records]
                return _write_table(output, rows, CLUSTER_COLUMNS, "," if format == "csv" else None)
            return _write_lines(output, lines)
        items = list(self._events(selection))
        if format == "jsonl":
            return _write_lines(output, (json.dumps(_json_event(*item), ensure_ascii=False) for item in items))
        if format == "plover":
            return _write_lines(output, (json.dumps(plover_record(*item), ensure_ascii=False) for item in items))
        if format == "dyadic-tsv":
            rows = [row for item in items for row in dyadic_rows(*item)]
            _write_table(output, rows, DYADIC_COLUMNS, "\t")
            return len(rows)
        rows = [flat_event(*item) for item in items]
        return _write_table(output, rows, EVENT_COLUMNS, "," if format == "csv" else None)

    def _events(self, selection: ExportFilter) -> Iterator[tuple[Event, dict]]:
        """(event, context) pairs; the context holds the article's metadata and the cluster id."""
        events = EventRow.__table__
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(
                    events,
                    ArticleRow.title,
                    ArticleRow.published,
                    ArticleRow.source,
                    ArticleRow.url,
                    ArticleRow.language,
                    ArticleRow.coder_version,
                    ArticleRow.coder_model,
                    ArticleRow.coded_at,
                )
                .join(ArticleRow, ArticleRow.id == events.c.article_id)
                .where(*selection.where())
                .order_by(events.c.event_date, events.c.article_id, events.c.position)
            ).all()
            actors = self._actors_of(connection, [row.id for row in rows])
        for row in rows:
            get = row._mapping
            context = {
                "article_id": get["article_id"],
                "event_date": get["event_date"],
                "cluster_id": get["cluster_id"],
                **{name: get[name] for name in ("title", "published", "source", "url", "language")},
                "coder": f"eventcoder {get['coder_version']} ({get['coder_model']})",
                "coded_date": get["coded_at"][:10],
            }
            yield _event(row, actors.get(row.id, [])), context

    def _clusters(self, selection: ExportFilter) -> Iterator[dict]:
        events = EventRow.__table__
        clusters = EventClusterRow.__table__
        with self.engine.connect() as connection:
            chosen = select(events.c.cluster_id).where(*selection.where(), events.c.cluster_id.is_not(None))
            rows = connection.execute(
                select(clusters).where(clusters.c.id.in_(chosen)).order_by(clusters.c.event_date, clusters.c.id)
            ).all()
            members: dict[str, list[dict]] = defaultdict(list)
            for member in connection.execute(
                select(events.c.cluster_id, events.c.id, events.c.article_id, ArticleRow.source, ArticleRow.url)
                .join(ArticleRow, ArticleRow.id == events.c.article_id)
                .where(events.c.cluster_id.in_(select(clusters.c.id).where(clusters.c.id.in_(chosen))))
                .order_by(events.c.id)
            ):
                members[member.cluster_id].append(
                    {"event_id": member.id, "article_id": member.article_id, "outlet": member.source, "url": member.url}
                )
        for row in rows:
            record = dict(row._mapping)
            record["source_countries"] = _split(record["source_countries"])
            record["target_countries"] = _split(record["target_countries"])
            record["events"] = members.get(record["id"], [])
            yield record


def _split(joined: str | None) -> list[str]:
    return [part for part in (joined or "").split(";") if part]


# --------------------------------------------------------------------------------------------------
# Clustering (pure, over plain values)


@dataclass
class _Report:
    id: str
    article_id: str
    event_type: str
    days: tuple[dt.date, dt.date] | None
    date: DateValue | None
    event_date: str | None
    sources: frozenset[str]
    targets: frozenset[str]
    lat: float | None
    lon: float | None
    location_name: str | None
    location_country: str | None
    location_kind: str | None
    cameo: str | None
    intensity: float
    outlet: str | None
    published: str | None

    @classmethod
    def from_row(cls, row, countries: dict[str, set[str]]) -> _Report:
        date = None
        if row.date_value is not None:
            date = DateValue(value=row.date_value, precision=row.date_precision, text=row.date_text)
        return cls(
            id=row.id,
            article_id=row.article_id,
            event_type=row.event_type,
            days=event_date_range(date, row.published),
            date=date,
            event_date=row.event_date,
            sources=frozenset(countries["source"]),
            targets=frozenset(countries["target"]),
            lat=row.lat,
            lon=row.lon,
            location_name=row.location_name,
            location_country=row.location_country,
            location_kind=row.location_kind,
            cameo=row.cameo,
            intensity=row.intensity,
            outlet=row.source,
            published=row.published,
        )


@dataclass
class _Cluster:
    reports: list[_Report] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.reports[0].id

    def row(self) -> dict:
        first = self.reports[0]
        located = next((report for report in self.reports if report.lat is not None), None)
        precise = min(
            (report for report in self.reports if report.days is not None),
            key=lambda report: (report.days[1] - report.days[0], report.id),
            default=first,
        )
        cameos = Counter(report.cameo for report in self.reports if report.cameo)
        return {
            "id": first.id,
            "event_type": first.event_type,
            "event_date": precise.event_date,
            "date_value": precise.date.value if precise.date else None,
            "date_precision": precise.date.precision if precise.date else None,
            "source_countries": ";".join(sorted(set().union(*(report.sources for report in self.reports)))),
            "target_countries": ";".join(sorted(set().union(*(report.targets for report in self.reports)))),
            "location_name": located.location_name if located else None,
            "location_country": located.location_country if located else None,
            "lat": located.lat if located else None,
            "lon": located.lon if located else None,
            "cameo": cameos.most_common(1)[0][0] if cameos else None,
            "intensity": first.intensity,
            "report_count": len({report.article_id for report in self.reports}),
            "event_count": len(self.reports),
            "outlets": sorted({report.outlet for report in self.reports if report.outlet}),
        }


def _km(a: _Report, b: _Report) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def same_event(a: _Report, b: _Report) -> bool:
    """True when two reports describe the same real-world event.

    Same type; dates that overlap within their precision (and are no vaguer than a month); overlapping
    source and target countries; and, when both are located, places within ``CLUSTER_MAX_KM`` (or the
    same country when one is only a country). Reports without countries on a side are linked only
    when both are located at the same place: precision first.
    """
    if a.event_type != b.event_type or a.days is None or b.days is None:
        return False
    for days in (a.days, b.days):
        if (days[1] - days[0]).days > CLUSTER_MAX_DATE_SPAN_DAYS:
            return False
    if a.days[0] > b.days[1] or b.days[0] > a.days[1]:
        return False
    both_located = a.lat is not None and b.lat is not None
    if both_located:
        if "country" in (a.location_kind, b.location_kind) or "region" in (a.location_kind, b.location_kind):
            near = a.location_country is not None and a.location_country == b.location_country
        else:
            near = _km(a, b) <= CLUSTER_MAX_KM
        if not near:
            return False
    for mine, theirs in ((a.sources, b.sources), (a.targets, b.targets)):
        if mine or theirs:
            if not mine & theirs:
                return False
        elif not both_located:
            return False
    return True


def cluster_reports(reports: Iterable[_Report]) -> list[_Cluster]:
    """Group reports into clusters; each report joins the first cluster whose first report it matches."""
    ordered = sorted(reports, key=lambda report: (report.event_type, report.days or (dt.date.max, dt.date.max), report.id))
    clusters: list[_Cluster] = []
    open_clusters: dict[str, list[_Cluster]] = defaultdict(list)
    for report in ordered:
        candidates = open_clusters[report.event_type]
        if report.days is not None:
            # clusters whose first report ended before this one can start are closed for good
            candidates[:] = [
                cluster for cluster in candidates
                if cluster.reports[0].days is None or cluster.reports[0].days[1] >= report.days[0]
            ]  # fmt: skip
        home = next((cluster for cluster in candidates if same_event(cluster.reports[0], report)), None)
        if home is None:
            home = _Cluster()
            clusters.append(home)
            candidates.append(home)
        home.reports.append(report)
    return clusters


# --------------------------------------------------------------------------------------------------
# Export formats


def quad_class(event_type: str) -> int | None:
    """The PLOVER quad category: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    return PLOVER_QUAD.get(event_type)


def actor_code(actor: Actor) -> str:
    """A Phoenix-style code: country (or organisation) then sector, e.g. ``TURMIL``, ``NATO``."""
    return (actor.country or actor.org or "") + (actor.sector or "")


def _json_event(event: Event, context: dict) -> dict:
    return {
        "event": event.model_dump(mode="json"),
        "article": {
            "id": context["article_id"],
            **{name: context[name] for name in ("title", "published", "source", "url")},
        },
        "event_date": context["event_date"],
        "cluster_id": context["cluster_id"],
    }


def _plover_actor(actor: Actor) -> dict:
    return {
        "code": actor.country or actor.org,
        "sector": actor.sector,
        "entity_text": actor.text,
        "identifier_text": actor.name,
    }


def _plover_location(location: Location | None) -> dict | None:
    if location is None:
        return None
    return {
        "extracted_place": location.text,
        "resolved_place": location.name,
        "lat": location.lat,
        "lon": location.lon,
        "country_code": location.country,
        "resolution": PLOVER_RESOLUTION.get(location.kind),
    }


def plover_record(event: Event, context: dict) -> dict:
    """One event as a PLOVER JSON record (the codebook's "JSON data fields"), plus eventcoder's extras."""
    return {
        "id": event.id,
        "date": context["event_date"],
        "date_precision": event.date.precision if event.date else "article",
        "actor": [_plover_actor(actor) for actor in event.sources],
        "recipient": [_plover_actor(actor) for actor in event.targets],
        "event": [event.event_type],
        "mode": [event.mode] if event.mode else [],
        "context": list(event.context),
        "event_loc": _plover_location(event.location),
        "event_text": [event.trigger.text],
        "quad_code": quad_class(event.event_type),
        "event_scale": event.intensity,
        "cameo": event.cameo,
        "modality": event.modality,
        "link": context["cluster_id"],
        "text": event.sentence.text,
        "text_info": {"sequence": event.sentence.index, "start": event.sentence.start, "end": event.sentence.end},
        "cite_info": {
            "citation": context["article_id"],
            "url": context["url"],
            "title": context["title"],
            "language": context["language"],
            "publication": context["source"],
            "coder": context["coder"],
            "codebook": PLOVER_CODEBOOK,
        },
        "coder": context["coder"],
        "coded_date": context["coded_date"],
        "comment": f"{event.evidence.method} (confidence {event.evidence.confidence:g})",
    }


def _plover_cluster(record: dict) -> dict:
    return {
        "id": record["id"],
        "date": record["event_date"],
        "date_precision": record["date_precision"] or "article",
        "actor": [{"code": code} for code in record["source_countries"]],
        "recipient": [{"code": code} for code in record["target_countries"]],
        "event": [record["event_type"]],
        "event_loc": None
        if record["lat"] is None
        else {
            "resolved_place": record["location_name"],
            "lat": record["lat"],
            "lon": record["lon"],
            "country_code": record["location_country"],
        },
        "quad_code": quad_class(record["event_type"]),
        "event_scale": record["intensity"],
        "cameo": record["cameo"],
        "link": record["id"],
        "reports": record["report_count"],
        "outlets": record["outlets"],
        "events": [member["event_id"] for member in record["events"]],
    }


DYADIC_COLUMNS = (
    "event_id", "date", "source", "target", "cameo", "root", "quad_class", "intensity", "lat", "lon", "outlet", "url",
)  # fmt: skip


def dyadic_rows(event: Event, context: dict) -> list[dict]:
    """One row per source-target pair, GDELT/Phoenix style; an event without one side keeps an empty code."""
    common = {
        "event_id": event.id,
        "date": context["event_date"],
        "cameo": event.cameo,
        "root": event.cameo[:2] if event.cameo else None,
        "quad_class": quad_class(event.event_type),
        "intensity": event.intensity,
        "lat": event.location.lat if event.location else None,
        "lon": event.location.lon if event.location else None,
        "outlet": context["source"],
        "url": context["url"],
    }
    sources = [actor_code(actor) for actor in event.sources] or [""]
    targets = [actor_code(actor) for actor in event.targets] or [""]
    return [{**common, "source": source, "target": target} for source in sources for target in targets]


def _dyadic_cluster_rows(record: dict) -> list[dict]:
    common = {
        "event_id": record["id"],
        "date": record["event_date"],
        "cameo": record["cameo"],
        "root": record["cameo"][:2] if record["cameo"] else None,
        "quad_class": quad_class(record["event_type"]),
        "intensity": record["intensity"],
        "lat": record["lat"],
        "lon": record["lon"],
        "outlet": ";".join(record["outlets"]),
        "url": record["events"][0]["url"] if record["events"] else None,
    }
    sources = record["source_countries"] or [""]
    targets = record["target_countries"] or [""]
    return [{**common, "source": source, "target": target} for source in sources for target in targets]


# name -> pyarrow type name, in column order
EVENT_COLUMNS = {
    "event_id": "string", "article_id": "string", "event_date": "string", "date_value": "string",
    "date_precision": "string", "event_type": "string", "mode": "string", "context": "string",
    "cameo": "string", "quad_class": "int64", "intensity": "float64", "modality": "string",
    "source_names": "string", "source_codes": "string", "target_names": "string", "target_codes": "string",
    "location_name": "string", "location_country": "string", "lat": "float64", "lon": "float64",
    "trigger": "string", "trigger_start": "int64", "trigger_end": "int64", "sentence_index": "int64",
    "sentence": "string", "speaker": "string", "attribution_outlet": "string", "method": "string",
    "confidence": "float64", "outlet": "string", "url": "string", "title": "string", "published": "string",
    "cluster_id": "string",
}  # fmt: skip

CLUSTER_COLUMNS = {
    "cluster_id": "string", "event_type": "string", "event_date": "string", "date_value": "string",
    "date_precision": "string", "source_countries": "string", "target_countries": "string",
    "location_name": "string", "location_country": "string", "lat": "float64", "lon": "float64",
    "cameo": "string", "quad_class": "int64", "intensity": "float64", "report_count": "int64",
    "event_count": "int64", "outlets": "string", "event_ids": "string",
}  # fmt: skip


def flat_event(event: Event, context: dict) -> dict:
    """One event as one flat row (CSV, Parquet); lists are joined with ';'."""
    return {
        "event_id": event.id,
        "article_id": context["article_id"],
        "event_date": context["event_date"],
        "date_value": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "event_type": event.event_type,
        "mode": event.mode,
        "context": ";".join(event.context),
        "cameo": event.cameo,
        "quad_class": quad_class(event.event_type),
        "intensity": event.intensity,
        "modality": event.modality,
        "source_names": ";".join(actor.name for actor in event.sources),
        "source_codes": ";".join(actor_code(actor) for actor in event.sources),
        "target_names": ";".join(actor.name for actor in event.targets),
        "target_codes": ";".join(actor_code(actor) for actor in event.targets),
        "location_name": event.location.name if event.location else None,
        "location_country": event.location.country if event.location else None,
        "lat": event.location.lat if event.location else None,
        "lon": event.location.lon if event.location else None,
        "trigger": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "sentence_index": event.sentence.index,
        "sentence": event.sentence.text,
        "speaker": event.attribution.speaker.name if event.attribution and event.attribution.speaker else None,
        "attribution_outlet": event.attribution.outlet if event.attribution else None,
        "method": event.evidence.method,
        "confidence": event.evidence.confidence,
        "outlet": context["source"],
        "url": context["url"],
        "title": context["title"],
        "published": context["published"],
        "cluster_id": context["cluster_id"],
    }


def _flat_cluster(record: dict) -> dict:
    row = {name: record.get(name) for name in CLUSTER_COLUMNS}
    row["cluster_id"] = record["id"]
    row["source_countries"] = ";".join(record["source_countries"])
    row["target_countries"] = ";".join(record["target_countries"])
    row["quad_class"] = quad_class(record["event_type"])
    row["outlets"] = ";".join(record["outlets"])
    row["event_ids"] = ";".join(member["event_id"] for member in record["events"])
    return row


def _open_text(output) -> tuple[io.TextIOBase, bool]:
    if output == "-" or output is None:
        return sys.stdout, False
    if hasattr(output, "write"):
        return output, False
    return open(output, "w", encoding="utf-8", newline=""), True


def _write_lines(output, lines: Iterable[str]) -> int:
    stream, owned = _open_text(output)
    count = 0
    try:
        for line in lines:
            stream.write(line + "\n")
            count += 1
    finally:
        if owned:
            stream.close()
    return count


def _write_table(output, rows: list[dict], columns: dict | Sequence[str], delimiter: str | None) -> int:
    """CSV/TSV with a header row, or Parquet when ``delimiter`` is None."""
    names = list(columns)
    if delimiter is None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if output == "-" or output is None or hasattr(output, "write"):
            raise BadOption("Parquet is written to a file: give an output path")
        schema = pa.schema([(name, getattr(pa, columns[name])()) for name in names])
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), os.fspath(output))
        return len(rows)
    stream, owned = _open_text(output)
    try:
        writer = csv.DictWriter(stream, fieldnames=names, delimiter=delimiter, lineterminator="\n", extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if owned:
            stream.close()
    return len(rows)


# --------------------------------------------------------------------------------------------------
# Module-level shortcuts, for the CLI and the web layer


__all__ = [
    "EXPORT_FORMATS",
    "Store",
    "open_store",
    "resolve_url",
]
