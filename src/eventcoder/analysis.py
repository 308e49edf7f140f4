"""Analytics over the event database: the library behind ``eventcoder stats``, the REST API and the dashboard.

Every function takes an open :class:`store.Store` and an :class:`EventFilter`, reads the tables with
SQLAlchemy expressions (every filter value is a bound parameter) and returns plain records:

- :func:`find_events` — one page of events with the filters of the events table, and the total;
- :func:`event_counts` — events by type, day or country pair;
- :func:`dyad_series` — a conflict-cooperation series per dyad (sum of intensity, quad-class counts),
  with the days on which its escalation signal raised an alert;
- :func:`escalation` — the escalation signal per dyad and per country on one day;
- :func:`actor_network` — who acts on whom, as a weighted :class:`networkx.DiGraph`;
- :func:`quoted_speakers` — the most quoted speakers, grouped by the actor (country or organisation)
  they speak for.

Analytics count only what the text says happened (:data:`ANALYSED_MODALITIES`) unless a modality is
asked for; the events table shows every event.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import networkx as nx
from pydantic import BaseModel, Field
from sqlalchemy import Select, and_, column, exists, func, literal, or_, select, table
from sqlalchemy.sql.elements import ColumnElement

from .errors import ArticleExists, ArticleNotFound, BadOption
from .ingest import article_id as text_hash
from .records import EVENT_TYPES, Actor, ArticleDocument, Location, Trigger
from .store import (
    PLOVER_QUAD,
    ArticleRow,
    EventActorRow,
    EventRow,
    ExportFilter,
    QuoteRow,
    Store,
    actor_from_row,
    event_location,
)

# The four PLOVER quad classes, in the codebook's order (quad code 1..4).
QUAD_CLASSES = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
# PLOVER event type -> quad class (PLOVER codebook, "Quad categories in PLOVER").
QUAD_OF_TYPE = {event_type: QUAD_CLASSES[code - 1] for event_type, code in PLOVER_QUAD.items()}
CONFLICT_QUADS = frozenset({"verbal_conflict", "material_conflict"})
# event_actors also holds the speakers who vouch for an event. Written as role != 'speaker' (not as
# role IN ('source', 'target')): SQLite would otherwise pick the weak index on role over event_id's.
SPEAKER_ROLE = "speaker"

# Events the text reports as having happened; future, hypothetical and negated ones are not counted.
ANALYSED_MODALITIES = ("asserted", "historical")

# Escalation: mean daily intensity in the recent window against the baseline window just before it.
RECENT_DAYS = 7
BASELINE_DAYS = 30
# An alert needs the mean daily intensity to fall by this much (PLOVER intensity runs -10..10) ...
ESCALATION_THRESHOLD = 1.0
# ... and at least this many conflict events in the recent window: one report is not a trend.
ESCALATION_MIN_EVENTS = 2

PAGE_LIMIT = 50
MAX_PAGE_LIMIT = 1000
NETWORK_MAX_NODES = 60
SERIES_INTERVALS = ("day", "week", "month")
COUNT_KEYS = ("type", "day", "dyad")
SPEAKER_EXAMPLE_CHARS = 200


# --------------------------------------------------------------------------------------------------
# Records returned by the analytics (also the REST API's response bodies)


class EventSummary(BaseModel):
    """One event as a row of the events table, with what explains it."""

    id: str
    article_id: str
    article_title: str | None
    outlet: str | None
    published: str | None
    event_date: str | None = Field(description="First day the event may have happened on, else the publication date.")
    event_type: str
    quad_class: str | None
    cameo: str | None
    intensity: float
    modality: str
    mode: str | None
    trigger: Trigger
    sentence: str
    sources: list[Actor]
    targets: list[Actor]
    location: Location | None
    method: str = Field(description="The rule or model that produced the event (evidence.method).")
    confidence: float


class EventPage(BaseModel):
    events: list[EventSummary]
    total: int = Field(description="How many events match the filters, over all pages.")


class Count(BaseModel):
    key: str = Field(description="The event type, the day, or the dyad as 'SOURCE>TARGET'.")
    events: int
    source: str | None = None
    target: str | None = None


class SeriesPoint(BaseModel):
    period: str = Field(description="First day of the period (ISO date).")
    events: int
    intensity: float = Field(description="Sum of the events' PLOVER intensity: below 0 is conflict.")
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0


class Signal(BaseModel):
    """The escalation signal of one series on one day."""

    as_of: str
    recent_mean: float = Field(description="Mean daily intensity over the recent window.")
    baseline_mean: float = Field(description="Mean daily intensity over the baseline window before it.")
    change: float = Field(description="baseline_mean - recent_mean: above 0 the series turned more conflictual.")
    recent_events: int
    recent_conflict_events: int
    alert: bool


class DyadSeries(BaseModel):
    source: str = Field(description="Country (ISO 3166-1 alpha-3) or organisation code of the source actors.")
    target: str
    events: int
    intensity: float
    points: list[SeriesPoint]
    alerts: list[Signal] = Field(description="Days on which the escalation signal raised an alert.")


class EscalationRow(BaseModel):
    source: str | None = Field(description="Source code for a dyad; null for a country.")
    target: str | None = None
    country: str | None = Field(default=None, description="The country for a per-country row.")
    signal: Signal


class Escalation(BaseModel):
    as_of: str | None
    recent_days: int
    baseline_days: int
    threshold: float
    min_events: int
    dyads: list[EscalationRow]
    countries: list[EscalationRow]


class NetworkNode(BaseModel):
    id: str
    name: str
    country: str | None
    sector: str | None
    org: str | None
    kind: str
    events: int = Field(description="Events the actor takes part in, as source or target.")


class NetworkLink(BaseModel):
    source: str
    target: str
    events: int
    intensity: float
    conflict_events: int


class Network(BaseModel):
    nodes: list[NetworkNode]
    links: list[NetworkLink]


class Speaker(BaseModel):
    name: str
    sector: str | None
    kind: str | None
    quotes: int
    example: str = Field(description="The first of the speaker's quotes, shortened.")


class SpeakerGroup(BaseModel):
    actor: str | None = Field(description="Country or organisation code the speakers act for; null if unknown.")
    quotes: int
    speakers: list[Speaker]


# --------------------------------------------------------------------------------------------------
# Filters


@dataclass(frozen=True)
class EventFilter:
    """The filters of the events table; every value ends up as a bound parameter."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    actor: str | None = None
    event_types: tuple[str, ...] = ()
    modality: str | None = None
    q: str | None = None

    def where(self, modalities: Sequence[str] = (), dialect: str = "sqlite") -> list[ColumnElement[bool]]:
        """WHERE clauses over ``events``; ``modalities`` applies when no modality was asked for."""
        event_id = EventRow.__table__.c.id
        return self.row_clauses(modalities) + [event_id.in_(ids) for ids in self.id_sets(dialect)]

    def row_clauses(self, modalities: Sequence[str] = ()) -> list[ColumnElement[bool]]:
        """The filters on the event row's own columns: days, types, modality."""
        events = EventRow.__table__.c
        dates_types = ExportFilter(since=self.since, until=self.until, event_types=self.event_types)
        clauses = dates_types.where()  # the same day and type semantics as ``eventcoder export``
        if self.modality:
            clauses.append(events.modality == self.modality)
        elif modalities:
            clauses.append(events.modality.in_(modalities))
        return clauses

    def id_sets(self, dialect: str) -> list[Select]:
        """The country, actor and text filters as sets of event ids, each read from its own indexes.

        Each set holds an id once, and only ids of stored events."""
        sets = []
        if self.country:
            sets.append(_events_of_country(self.country))
        if self.actor:
            sets.append(_events_with_actor(self.actor, dialect))
        if self.q:
            sets.append(_events_saying(self.q, dialect))
        return sets

    def row_tests(self, dialect: str) -> list[ColumnElement[bool]]:
        """Every filter but the days as a test of one event row, for reading down the date index newest
        first: cheaper than building the id sets when the first matches come early."""
        events = EventRow.__table__.c
        actors = EventActorRow.__table__.c
        tests = []
        if self.event_types:
            # ``|| ''`` keeps SQLite from reading the type's index instead and sorting every match
            tests.append(events.event_type.concat("").in_(self.event_types))
        if self.modality:
            tests.append(events.modality == self.modality)
        if self.country:
            acting = exists().where(
                actors.event_id == events.id, actors.country == self.country, actors.role != SPEAKER_ROLE
            )
            tests.append(or_(events.location_country == self.country, acting))
        if self.actor:
            tests.append(
                exists().where(actors.event_id == events.id, actors.role != SPEAKER_ROLE, _names_actor(self.actor, dialect))
            )
        if self.q:
            tests.append(contains(events.sentence_text, self.q, dialect))
        return tests


# The FTS5 tables of migration 0003 (SQLite). They index lower(text) as trigrams, case-sensitively:
# lower(query) as one phrase finds exactly what LIKE '%query%' finds. FTS5 takes the table's name as
# the left side of MATCH. Not models: the migrations own them.
EVENTS_FTS = table("events_fts", column("event_id"), column("events_fts"))
EVENT_ACTORS_FTS = table("event_actors_fts", column("rowid"), column("event_actors_fts"))
TRIGRAM = 3  # a shorter query has no trigram to look up


def _events_of_country(country: str) -> Select:
    """Events with a source or target of ``country``, or located in it."""
    events = EventRow.__table__.c
    actors = EventActorRow.__table__.c
    # a UNION, not an OR: each side can use its own index
    acting = select(actors.event_id).where(actors.country == country, actors.role != SPEAKER_ROLE)
    located = select(events.id).where(events.location_country == country)
    return acting.union(located)


def _events_with_actor(text: str, dialect: str) -> Select:
    """Events with a source or target whose name contains ``text`` or whose organisation code is ``text``."""
    actors = EventActorRow.__table__.c
    if dialect == "sqlite" and len(text) >= TRIGRAM:
        indexed = select(EVENT_ACTORS_FTS.c.rowid).where(EVENT_ACTORS_FTS.c.event_actors_fts.match(_phrase(text)))
        name_contains = actors.id.in_(indexed)
    else:
        name_contains = contains(actors.name, text, dialect)
    # a UNION, not an OR: each side can use its own index
    named = select(actors.event_id).where(name_contains, actors.role != SPEAKER_ROLE)
    coded = select(actors.event_id).where(actors.org == text.upper(), actors.role != SPEAKER_ROLE)
    return named.union(coded)


def _names_actor(text: str, dialect: str) -> ColumnElement[bool]:
    """An event_actors row whose name contains ``text`` or whose organisation code is ``text``."""
    actors = EventActorRow.__table__.c
    return or_(contains(actors.name, text, dialect), actors.org == text.upper())


def _events_saying(text: str, dialect: str) -> Select:
    """Events whose sentence contains ``text``."""
    if dialect == "sqlite" and len(text) >= TRIGRAM:
        return select(EVENTS_FTS.c.event_id).where(EVENTS_FTS.c.events_fts.match(_phrase(text)))
    events = EventRow.__table__.c
    return select(events.id).where(contains(events.sentence_text, text, dialect))


def _phrase(text: str) -> ColumnElement[str]:
    """An FTS5 phrase of lower(``text``), built in SQL so that it is lowered as the index was."""
    quote = literal('"')
    return quote.concat(func.replace(func.lower(literal(text)), quote, literal('""'))).concat(quote)


def contains(column, text: str, dialect: str) -> ColumnElement[bool]:
    """``column`` contains ``text``, ignoring case: SQLite's LIKE already does (for ASCII), and is faster
    than the ``lower(...) LIKE lower(...)`` that ``ilike`` becomes there."""
    pattern = f"%{escape_like(text)}%"
    if dialect == "sqlite":
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")


def escape_like(value: str) -> str:
    """``value`` taken literally inside a LIKE pattern (escape character ``\\``)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parse_event_types(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """'ASSAULT,coerce' -> ('ASSAULT', 'COERCE'); raises BadOption on an unknown type."""
    if value is None:
        return ()
    parts = value.split(",") if isinstance(value, str) else list(value)
    types = tuple(part.strip().upper() for part in parts if part.strip())
    unknown = [event_type for event_type in types if event_type not in EVENT_TYPES]
    if unknown:
        raise BadOption(f"unknown event type {', '.join(unknown)}; PLOVER types are {', '.join(EVENT_TYPES)}")
    return types


# --------------------------------------------------------------------------------------------------
# Events and articles


def find_events(store: Store, selection: EventFilter, limit: int = PAGE_LIMIT, offset: int = 0) -> EventPage:
    """One page of the events that match, newest first, and how many match in all."""
    events = EventRow.__table__
    dialect = store.engine.dialect.name
    with store.engine.connect() as connection:
        total = connection.execute(_count_matches(selection, dialect)).scalar_one()
        page = _page_ids(connection, selection, dialect, total, limit, offset)
        rows = connection.execute(
            select(events, ArticleRow.title, ArticleRow.source, ArticleRow.published)
            .join(ArticleRow, ArticleRow.id == events.c.article_id)
            .where(events.c.id.in_(page))
        ).all()
        actors = _actors_by_event(connection, page)
    by_id = {row.id: row for row in rows}
    return EventPage(events=[_summary(by_id[event_id], actors.get(event_id, {})) for event_id in page], total=total)


def _count_matches(selection: EventFilter, dialect: str) -> Select:
    """The exact number of events that match."""
    events = EventRow.__table__
    rows, id_sets = selection.row_clauses(), selection.id_sets(dialect)
    if id_sets and not rows:
        # Each set holds only ids of stored events, once: count the ids without looking up each event.
        first, *others = id_sets
        ids = first.subquery()
        event_id = ids.c[0]
        return select(func.count()).select_from(ids).where(*[event_id.in_(other) for other in others])
    return select(func.count()).select_from(events).where(*rows, *[events.c.id.in_(ids) for ids in id_sets])


def _page_ids(connection, selection: EventFilter, dialect: str, total: int, limit: int, offset: int) -> list[str]:
    """The ids of one page of matching events, newest first, read the cheaper of two ways.

    When matches are frequent, reading down the (event_date, id) index newest first and testing each
    event finds a page after about (offset + limit) * events / total rows. When they are rare, looking
    up all ``total`` matches from their own indexes and sorting them costs less."""
    events = EventRow.__table__
    if offset >= total:
        return []
    newest_first = select(events.c.id).order_by(events.c.event_date.desc(), events.c.id.desc()).limit(limit).offset(offset)
    stored = connection.execute(select(func.count()).select_from(events)).scalar_one()
    if total * total >= (offset + limit) * stored:
        days = ExportFilter(since=selection.since, until=selection.until).where()
        return list(connection.scalars(newest_first.where(*days, *selection.row_tests(dialect))))
    return list(connection.scalars(newest_first.where(*selection.where(dialect=dialect))))


def _actors_by_event(connection, event_ids: Sequence[str]) -> dict[str, dict[str, list[Actor]]]:
    table = EventActorRow.__table__
    by_event: dict[str, dict[str, list[Actor]]] = defaultdict(lambda: defaultdict(list))
    if not event_ids:
        return by_event
    rows = connection.execute(
        select(table).where(table.c.event_id.in_(event_ids), table.c.role != SPEAKER_ROLE).order_by(table.c.position)
    )
    for row in rows:
        by_event[row.event_id][row.role].append(actor_from_row(row))
    return by_event


def _summary(row, actors: Mapping[str, list[Actor]]) -> EventSummary:
    return EventSummary(
        id=row.id,
        article_id=row.article_id,
        article_title=row.title,
        outlet=row.source,
        published=row.published,
        event_date=row.event_date,
        event_type=row.event_type,
        quad_class=QUAD_OF_TYPE.get(row.event_type),
        cameo=row.cameo,
        intensity=row.intensity,
        modality=row.modality,
        mode=row.mode,
        trigger=Trigger(text=row.trigger_text, start=row.trigger_start, end=row.trigger_end),
        sentence=row.sentence_text,
        sources=actors.get("source", []),
        targets=actors.get("target", []),
        location=event_location(row),
        method=row.evidence_method,
        confidence=row.evidence_confidence,
    )


def article_document(store: Store, article_id: str) -> ArticleDocument:
    """The stored document of one article; raises :class:`ArticleNotFound`."""
    try:
        return store.load_document(article_id)
    except KeyError:
        raise ArticleNotFound(article_id) from None


def save_document(store: Store, document: ArticleDocument) -> None:
    """Store a newly coded article; raises :class:`ArticleExists` when its id or its text is stored."""
    ids, hashes = store.known([document.article.id], [text_hash(document.article.text)])
    if ids or hashes:
        raise ArticleExists(document.article.id)
    store.write_document(document, origin="api")


# --------------------------------------------------------------------------------------------------
# Counts


def _code(actors) -> ColumnElement:
    """An actor's dyad code: its country, else its organisation."""
    return func.coalesce(actors.c.country, actors.c.org)


def _dyad_rows(selection: EventFilter, dialect: str):
    """(event id, day, type, intensity, source code, target code), once per event and dyad."""
    events = EventRow.__table__
    actors = EventActorRow.__table__
    source, target = actors.alias("source_actor"), actors.alias("target_actor")
    source_code, target_code = _code(source), _code(target)
    return (
        select(
            events.c.id.label("event_id"),
            events.c.event_date,
            events.c.event_type,
            events.c.intensity,
            source_code.label("source"),
            target_code.label("target"),
        )
        .join(source, and_(source.c.event_id == events.c.id, source.c.role == "source"))
        .join(target, and_(target.c.event_id == events.c.id, target.c.role == "target"))
        .where(*selection.where(ANALYSED_MODALITIES, dialect), source_code.is_not(None), target_code.is_not(None))
        .distinct()
        .subquery("dyad_events")
    )


def event_counts(store: Store, by: Literal["type", "day", "dyad"], selection: EventFilter = EventFilter()) -> list[Count]:
    """Events by PLOVER type, by day or by country pair, most frequent first (days in order)."""
    if by not in COUNT_KEYS:
        raise BadOption(f"cannot count events by {by!r}; choose one of {', '.join(COUNT_KEYS)}")
    events = EventRow.__table__
    dialect = store.engine.dialect.name
    with store.engine.connect() as connection:
        if by == "dyad":
            dyads = _dyad_rows(selection, store.engine.dialect.name)
            n = func.count().label("n")
            rows = connection.execute(
                select(dyads.c.source, dyads.c.target, n)
                .group_by(dyads.c.source, dyads.c.target)
                .order_by(n.desc(), dyads.c.source, dyads.c.target)
            ).all()
            return [Count(key=f"{row.source}>{row.target}", events=row.n, source=row.source, target=row.target) for row in rows]
        column = events.c.event_type if by == "type" else events.c.event_date
        n = func.count().label("n")
        order = (n.desc(), column) if by == "type" else (column,)
        rows = connection.execute(
            select(column.label("key"), n)
            .where(*selection.where(ANALYSED_MODALITIES, dialect), column.is_not(None))
            .group_by(column)
            .order_by(*order)
        ).all()
    return [Count(key=row.key, events=row.n) for row in rows]


# --------------------------------------------------------------------------------------------------
# Conflict-cooperation series and escalation


@dataclass
class DayTotals:
    events: int = 0
    intensity: float = 0.0
    conflict_events: int = 0


def period_start(day: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def escalation_signal(
    daily: Mapping[dt.date, DayTotals],
    as_of: dt.date,
    recent_days: int = RECENT_DAYS,
    baseline_days: int = BASELINE_DAYS,
    threshold: float = ESCALATION_THRESHOLD,
    min_events: int = ESCALATION_MIN_EVENTS,
) -> Signal:
    """Mean daily intensity over the ``recent_days`` ending ``as_of`` against the ``baseline_days`` before.

    Days without events count as 0 (neither conflict nor cooperation). The signal raises an alert when
    the mean fell by at least ``threshold`` and the recent window holds ``min_events`` conflict events.
    """
    recent_first = as_of - dt.timedelta(days=recent_days - 1)
    baseline_first = recent_first - dt.timedelta(days=baseline_days)
    recent = [totals for day, totals in daily.items() if recent_first <= day <= as_of]
    baseline = [totals for day, totals in daily.items() if baseline_first <= day < recent_first]
    recent_mean = sum(totals.intensity for totals in recent) / recent_days
    baseline_mean = sum(totals.intensity for totals in baseline) / baseline_days
    change = baseline_mean - recent_mean
    conflict_events = sum(totals.conflict_events for totals in recent)
    return Signal(
        as_of=as_of.isoformat(),
        recent_mean=round(recent_mean, 4),
        baseline_mean=round(baseline_mean, 4),
        change=round(change, 4),
        recent_events=sum(totals.events for totals in recent),
        recent_conflict_events=conflict_events,
        alert=change >= threshold and conflict_events >= min_events,
    )


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _add(totals: DayTotals, event_type: str, intensity: float, count: int = 1) -> None:
    totals.events += count
    totals.intensity += intensity
    if QUAD_OF_TYPE.get(event_type) in CONFLICT_QUADS:
        totals.conflict_events += count


def _daily_by_dyad(store: Store, selection: EventFilter) -> tuple[dict, dict]:
    """{(source, target): {day: DayTotals}} and {(source, target): {(day, type): (events, intensity)}}."""
    dyads = _dyad_rows(selection, store.engine.dialect.name)
    daily: dict[tuple[str, str], dict[dt.date, DayTotals]] = defaultdict(lambda: defaultdict(DayTotals))
    by_type: dict[tuple[str, str], dict[tuple[dt.date, str], list]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(
                dyads.c.source,
                dyads.c.target,
                dyads.c.event_date,
                dyads.c.event_type,
                func.count().label("n"),
                func.sum(dyads.c.intensity).label("intensity"),
            ).group_by(dyads.c.source, dyads.c.target, dyads.c.event_date, dyads.c.event_type)
        ).all()
    for row in rows:
        day = _day(row.event_date)
        if day is None:
            continue
        _add(daily[row.source, row.target][day], row.event_type, row.intensity, row.n)
        cell = by_type[row.source, row.target][day, row.event_type]
        cell[0] += row.n
        cell[1] += row.intensity
    return daily, by_type


def dyad_series(
    store: Store,
    selection: EventFilter = EventFilter(),
    *,
    interval: str = "day",
    top: int = 10,
    source: str | None = None,
    target: str | None = None,
    recent_days: int = RECENT_DAYS,
    baseline_days: int = BASELINE_DAYS,
    threshold: float = ESCALATION_THRESHOLD,
    min_events: int = ESCALATION_MIN_EVENTS,
) -> list[DyadSeries]:
    """The conflict-cooperation series of the ``top`` dyads with most events (or of one dyad).

    Each point sums the intensity of a period's events and counts them by quad class; ``alerts`` lists
    the days with events on which the escalation signal (see :func:`escalation_signal`) raised an alert.
    """
    if interval not in SERIES_INTERVALS:
        raise BadOption(f"unknown interval {interval!r}; choose one of {', '.join(SERIES_INTERVALS)}")
    daily, by_type = _daily_by_dyad(store, selection)
    chosen = [
        dyad for dyad in daily
        if (source is None or dyad[0] == source.upper()) and (target is None or dyad[1] == target.upper())
    ]  # fmt: skip
    chosen.sort(key=lambda dyad: (-sum(totals.events for totals in daily[dyad].values()), dyad))
    result = []
    for dyad in chosen[:top]:
        points: dict[dt.date, SeriesPoint] = {}
        for (day, event_type), (count, intensity) in sorted(by_type[dyad].items()):
            start = period_start(day, interval)
            point = points.setdefault(start, SeriesPoint(period=start.isoformat(), events=0, intensity=0.0))
            point.events += count
            point.intensity = round(point.intensity + intensity, 4)
            quad = QUAD_OF_TYPE.get(event_type)
            if quad:
                setattr(point, quad, getattr(point, quad) + count)
        signals = [
            escalation_signal(daily[dyad], day, recent_days, baseline_days, threshold, min_events)
            for day in sorted(daily[dyad])
        ]
        result.append(
            DyadSeries(
                source=dyad[0],
                target=dyad[1],
                events=sum(point.events for point in points.values()),
                intensity=round(sum(point.intensity for point in points.values()), 4),
                points=[points[start] for start in sorted(points)],
                alerts=[signal for signal in signals if signal.alert],
            )
        )
    return result


def _daily_by_country(store: Store, selection: EventFilter) -> dict[str, dict[dt.date, DayTotals]]:
    """{country: {day: DayTotals}} over the events in which the country is a source or a target."""
    events = EventRow.__table__
    dialect = store.engine.dialect.name
    actors = EventActorRow.__table__
    involved = (
        select(actors.c.country, events.c.id, events.c.event_date, events.c.event_type, events.c.intensity)
        .join(actors, actors.c.event_id == events.c.id)
        .where(*selection.where(ANALYSED_MODALITIES, dialect), actors.c.role != SPEAKER_ROLE, actors.c.country.is_not(None))
        .distinct()
        .subquery("country_events")
    )
    daily: dict[str, dict[dt.date, DayTotals]] = defaultdict(lambda: defaultdict(DayTotals))
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(
                involved.c.country,
                involved.c.event_date,
                involved.c.event_type,
                func.count().label("n"),
                func.sum(involved.c.intensity).label("intensity"),
            ).group_by(involved.c.country, involved.c.event_date, involved.c.event_type)
        ).all()
    for row in rows:
        day = _day(row.event_date)
        if day is not None:
            _add(daily[row.country][day], row.event_type, row.intensity, row.n)
    return daily


def escalation(
    store: Store,
    selection: EventFilter = EventFilter(),
    *,
    as_of: dt.date | str | None = None,
    recent_days: int = RECENT_DAYS,
    baseline_days: int = BASELINE_DAYS,
    threshold: float = ESCALATION_THRESHOLD,
    min_events: int = ESCALATION_MIN_EVENTS,
    alerts_only: bool = False,
) -> Escalation:
    """The escalation signal of every dyad and every country on ``as_of`` (default: the last event day).

    Rows are sorted by how much the series turned towards conflict, strongest first; only series with
    events in the two windows are listed.
    """
    daily_dyads, _ = _daily_by_dyad(store, selection)
    daily_countries = _daily_by_country(store, selection)
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    if as_of is None:
        days = [day for series in daily_countries.values() for day in series]
        days += [day for series in daily_dyads.values() for day in series]
        as_of = max(days, default=None)
    parameters = (recent_days, baseline_days, threshold, min_events)

    def rows(series_by_key: Mapping, make_row) -> list[EscalationRow]:
        found = []
        for key, daily in series_by_key.items():
            signal = escalation_signal(daily, as_of, *parameters)
            if signal.recent_events == 0 and signal.baseline_mean == 0:
                continue  # nothing in either window
            if alerts_only and not signal.alert:
                continue
            found.append(make_row(key, signal))
        return sorted(found, key=lambda row: (-row.signal.change, row.source or "", row.target or "", row.country or ""))

    if as_of is None:
        dyads, countries = [], []
    else:
        dyads = rows(daily_dyads, lambda key, signal: EscalationRow(source=key[0], target=key[1], signal=signal))
        countries = rows(daily_countries, lambda key, signal: EscalationRow(source=None, country=key, signal=signal))
    return Escalation(
        as_of=as_of.isoformat() if as_of else None,
        recent_days=recent_days,
        baseline_days=baseline_days,
        threshold=threshold,
        min_events=min_events,
        dyads=dyads,
        countries=countries,
    )


# --------------------------------------------------------------------------------------------------
# Actor network


def actor_network(store: Store, selection: EventFilter = EventFilter()) -> nx.DiGraph:
    """Who acts on whom: an edge from each source actor to each target actor of an event.

    Nodes are canonical actor names (with country, sector, organisation and kind); an edge's ``events``
    counts the events between the two, ``intensity`` sums their intensity and ``conflict_events``
    counts those in a conflict quad class.
    """
    events = EventRow.__table__
    dialect = store.engine.dialect.name
    actors = EventActorRow.__table__
    source, target = actors.alias("source_actor"), actors.alias("target_actor")
    pairs = (
        select(
            events.c.id,
            events.c.event_type,
            events.c.intensity,
            source.c.name.label("source_name"),
            target.c.name.label("target_name"),
        )
        .join(source, and_(source.c.event_id == events.c.id, source.c.role == "source"))
        .join(target, and_(target.c.event_id == events.c.id, target.c.role == "target"))
        .where(*selection.where(ANALYSED_MODALITIES, dialect), source.c.name != target.c.name)
        .distinct()
    )
    involved = (
        select(actors.c.name, actors.c.country, actors.c.sector, actors.c.org, actors.c.kind, func.count().label("n"))
        .join(events, events.c.id == actors.c.event_id)
        .where(*selection.where(ANALYSED_MODALITIES, dialect), actors.c.role != SPEAKER_ROLE)
        .group_by(actors.c.name, actors.c.country, actors.c.sector, actors.c.org, actors.c.kind)
    )
    graph = nx.DiGraph()
    with store.engine.connect() as connection:
        pair_rows = connection.execute(pairs).all()
        actor_rows = connection.execute(involved).all()
    linked = {row.source_name for row in pair_rows} | {row.target_name for row in pair_rows}
    # an actor name may come with several codes (a person's sector changes): keep the most frequent
    for row in sorted(actor_rows, key=lambda row: row.n):
        if row.name in linked:
            previous = graph.nodes[row.name]["events"] if row.name in graph else 0
            graph.add_node(
                row.name, country=row.country, sector=row.sector, org=row.org, kind=row.kind, events=previous + row.n
            )
    for row in pair_rows:
        if graph.has_edge(row.source_name, row.target_name):
            edge = graph.edges[row.source_name, row.target_name]
        else:
            graph.add_edge(row.source_name, row.target_name, events=0, intensity=0.0, conflict_events=0)
            edge = graph.edges[row.source_name, row.target_name]
        edge["events"] += 1
        edge["intensity"] = round(edge["intensity"] + row.intensity, 4)
        edge["conflict_events"] += QUAD_OF_TYPE.get(row.event_type) in CONFLICT_QUADS
    return graph


def network_record(graph: nx.DiGraph, max_nodes: int = NETWORK_MAX_NODES) -> Network:
    """The graph as nodes and links, keeping the ``max_nodes`` actors with the most weighted links."""
    strength = dict(graph.degree(weight="events"))
    kept = sorted(graph.nodes, key=lambda node: (-strength[node], node))[:max_nodes]
    subgraph = graph.subgraph(kept)
    nodes = [
        NetworkNode(
            id=node,
            name=node,
            country=data.get("country"),
            sector=data.get("sector"),
            org=data.get("org"),
            kind=data.get("kind") or "person",
            events=data.get("events", 0),
        )
        for node, data in sorted(subgraph.nodes(data=True))
    ]
    links = [
        NetworkLink(source=source, target=target, **data) for source, target, data in sorted(subgraph.edges(data=True))
    ]
    return Network(nodes=nodes, links=links)


# --------------------------------------------------------------------------------------------------
# Quoted speakers


def quoted_speakers(
    store: Store,
    selection: EventFilter = EventFilter(),
    *,
    top: int = 10,
    per_actor: int = 5,
) -> list[SpeakerGroup]:
    """The most quoted speakers per actor: speakers grouped by the country (or organisation) they act for.

    Only ``since``, ``until`` (the article's publication date) and ``country`` (the speaker's) apply;
    quotes without a resolved speaker are left out.
    """
    quotes = QuoteRow.__table__
    code = func.coalesce(quotes.c.speaker_country, quotes.c.speaker_org)
    clauses = [quotes.c.speaker_name.is_not(None)]
    if selection.since:
        clauses.append(ArticleRow.published >= selection.since)
    if selection.until:
        clauses.append(ArticleRow.published <= selection.until + "-12-31"[len(selection.until) - 4 :])
    if selection.country:
        clauses.append(quotes.c.speaker_country == selection.country)
    n = func.count().label("n")
    statement = (
        select(code.label("actor"), quotes.c.speaker_name, quotes.c.speaker_sector, quotes.c.speaker_kind, n,
               func.min(quotes.c.id).label("first_quote"))
        .join(ArticleRow, ArticleRow.id == quotes.c.article_id)
        .where(*clauses)
        .group_by(code, quotes.c.speaker_name, quotes.c.speaker_sector, quotes.c.speaker_kind)
        .order_by(n.desc(), quotes.c.speaker_name)
    )  # fmt: skip
    with store.engine.connect() as connection:
        rows = connection.execute(statement).all()
        first_ids = [row.first_quote for row in rows]
        examples = dict(connection.execute(select(quotes.c.id, quotes.c.text).where(quotes.c.id.in_(first_ids))).all())
    # one speaker per actor and name; a name coded with two sectors keeps the more frequent one
    merged: dict[tuple[str | None, str], Speaker] = {}
    for row in rows:  # most quoted first
        key = (row.actor, row.speaker_name)
        if key in merged:
            merged[key].quotes += row.n
            continue
        example = examples.get(row.first_quote, "")
        if len(example) > SPEAKER_EXAMPLE_CHARS:
            example = example[: SPEAKER_EXAMPLE_CHARS - 1].rstrip() + "…"
        merged[key] = Speaker(name=row.speaker_name, sector=row.speaker_sector, kind=row.speaker_kind, quotes=row.n, example=example)
    groups: dict[str | None, list[Speaker]] = defaultdict(list)
    for (actor, _), speaker in merged.items():
        groups[actor].append(speaker)
    for speakers in groups.values():
        speakers.sort(key=lambda speaker: (-speaker.quotes, speaker.name))
    ranked = sorted(groups.items(), key=lambda item: (-sum(s.quotes for s in item[1]), item[0] is None, item[0] or ""))
    return [
        SpeakerGroup(actor=actor, quotes=sum(speaker.quotes for speaker in speakers), speakers=speakers[:per_actor])
        for actor, speakers in ranked[:top]
    ]


__all__ = [
    "ANALYSED_MODALITIES",
    "QUAD_CLASSES",
    "QUAD_OF_TYPE",
    "ArticleExists",
    "ArticleNotFound",
    "EventFilter",
    "actor_network",
    "article_document",
    "dyad_series",
    "escalation",
    "escalation_signal",
    "event_counts",
    "find_events",
    "network_record",
    "parse_event_types",
    "quoted_speakers",
    "save_document",
]
