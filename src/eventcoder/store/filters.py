"""Which events to read: the one filter of the exports, the events table, the REST API and the analytics.

Every value of an :class:`EventFilter` ends up as a bound parameter of a SQLAlchemy expression.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, column, exists, func, literal, or_, select, table
from sqlalchemy.sql.elements import ColumnElement

from .schema import EventActorRow, EventRow

# event_actors also holds the speakers who vouch for an event. Written as role != 'speaker' (not as
# role IN ('source', 'target')): SQLite would otherwise pick the weak index on role over event_id's.
SPEAKER_ROLE = "speaker"
# The value of EventFilter.modality that asks for events of every modality.
ALL_MODALITIES = "all"


@dataclass(frozen=True)
class EventFilter:
    """The filters of the events table and of ``eventcoder export``."""

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

    def day_clauses(self) -> list[ColumnElement[bool]]:
        """The ``since`` and ``until`` filters on the event's day."""
        return self.day_range(EventRow.__table__.c.event_date)

    def day_range(self, column) -> list[ColumnElement[bool]]:
        """The ``since`` and ``until`` filters on any column of ISO days."""
        clauses = []
        if self.since:
            clauses.append(column >= self.since)
        if self.until:
            clauses.append(column <= last_day(self.until))
        return clauses

    def row_clauses(self, modalities: Sequence[str] = ()) -> list[ColumnElement[bool]]:
        """The filters on the event row's own columns: days, types, modality."""
        events = EventRow.__table__.c
        clauses = self.day_clauses()
        if self.event_types:
            clauses.append(events.event_type.in_(self.event_types))
        asked = self.modalities(modalities)
        if asked:
            clauses.append(events.modality.in_(asked))
        return clauses

    def modalities(self, default: Sequence[str] = ()) -> tuple[str, ...]:
        """The modalities asked for (comma-separated; 'all' for every one, which is no clause), else
        ``default``."""
        if not self.modality:
            return tuple(default)
        if self.modality == ALL_MODALITIES:
            return ()
        return tuple(self.modality.split(","))

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
        if self.modalities():
            tests.append(events.modality.in_(self.modalities()))
        if self.country:
            acting = exists().where(
                actors.event_id == events.id, actors.country == self.country, actors.role != SPEAKER_ROLE
            )
            tests.append(or_(events.location_country == self.country, acting))
        if self.actor:
            tests.append(
                exists().where(
                    actors.event_id == events.id,
                    actors.role != SPEAKER_ROLE,
                    _names_actor(self.actor, dialect),
                )
            )
        if self.q:
            tests.append(contains(events.sentence_text, self.q, dialect))
        return tests


def last_day(until: str) -> str:
    """The last day ``until`` takes in: "until 2019-03" means every day of March 2019."""
    return until + "-12-31"[len(until) - 4 :]


# The filter that lets every event through: the default of the analytics.
ALL_EVENTS = EventFilter()


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
        indexed = select(EVENT_ACTORS_FTS.c.rowid).where(
            EVENT_ACTORS_FTS.c.event_actors_fts.match(_phrase(text))
        )
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
