"""Counts: events by PLOVER type, by day or by dyad (country pair)."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import and_, func, select
from sqlalchemy.sql.elements import ColumnElement

from ..errors import BadOption
from ..store.core import Store
from ..store.filters import ALL_EVENTS, EventFilter
from ..store.schema import EventActorRow, EventRow
from .filters import ANALYSED_MODALITIES
from .models import Count

COUNT_KEYS = ("type", "day", "dyad")
COUNT_SORTS = ("count", "key")
# Dates too coarse to count on a day.
COARSE_PRECISIONS = ("month", "year")


def _code(actors) -> ColumnElement:
    """An actor's dyad code: its country, else its organisation."""
    return func.coalesce(actors.c.country, actors.c.org)


def dyad_rows(selection: EventFilter, dialect: str):
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
        .where(
            *selection.where(ANALYSED_MODALITIES, dialect), source_code.is_not(None), target_code.is_not(None)
        )
        .distinct()
        .subquery("dyad_events")
    )


def event_counts(
    store: Store,
    by: Literal["type", "day", "dyad"],
    selection: EventFilter = ALL_EVENTS,
    sort: Literal["count", "key"] | None = None,
) -> list[Count]:
    """Events by PLOVER type, by day or by country pair.

    ``sort``: "count" puts the most frequent first, "key" orders by the key (days most recent first);
    by default types and dyads are sorted by count, days by date, oldest first (a timeline). Counts by
    day leave out events dated only to a month or a year: they did not happen on the 1st.
    """
    if by not in COUNT_KEYS:
        raise BadOption(f"cannot count events by {by!r}; choose one of {', '.join(COUNT_KEYS)}")
    if sort not in (None, *COUNT_SORTS):
        raise BadOption(f"cannot sort counts by {sort!r}; choose one of {', '.join(COUNT_SORTS)}")
    events = EventRow.__table__
    dialect = store.engine.dialect.name
    n = func.count().label("n")
    with store.engine.connect() as connection:
        if by == "dyad":
            dyads = dyad_rows(selection, dialect)
            keys = (dyads.c.source, dyads.c.target)
            rows = connection.execute(
                select(*keys, n)
                .group_by(*keys)
                .order_by(*((*keys, n.desc()) if sort == "key" else (n.desc(), *keys)))
            ).all()
            return [
                Count(key=f"{row.source}>{row.target}", events=row.n, source=row.source, target=row.target)
                for row in rows
            ]
        column = events.c.event_type if by == "type" else events.c.event_date
        clauses = [*selection.where(ANALYSED_MODALITIES, dialect), column.is_not(None)]
        if by == "day":
            clauses.append(func.coalesce(events.c.date_precision, "day").not_in(COARSE_PRECISIONS))
        if sort == "count" or (sort is None and by == "type"):
            order = (n.desc(), column.desc() if by == "day" else column)
        elif by == "day":
            order = (column.desc(),) if sort == "key" else (column,)
        else:
            order = (column,)
        rows = connection.execute(
            select(column.label("key"), n).where(*clauses).group_by(column).order_by(*order)
        ).all()
    return [Count(key=row.key, events=row.n) for row in rows]
