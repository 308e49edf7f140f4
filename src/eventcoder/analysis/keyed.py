"""The events as rows of one kind of key, in SQL: what :mod:`.facts` scans (one row per event and key),
and the quad class of a type."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, case, func, select, union
from sqlalchemy.sql.elements import ColumnElement

from ..codebook import quad_class
from ..records import EVENT_TYPES
from ..store.filters import SPEAKER_ROLE
from ..store.schema import ArticleRow, EventActorRow, EventRow

COARSE_PRECISIONS = ("month", "year")  # dates that did not happen on one day


def keyed(kind: str, clauses: Sequence[ColumnElement[bool]]):
    """One row per event and key of ``kind`` (per actor row for "actor"), with the event's day,
    precision, type, modality, intensity and cluster."""
    events = EventRow.__table__
    actors = EventActorRow.__table__
    precise = case((func.coalesce(events.c.date_precision, "day").in_(COARSE_PRECISIONS), 0), else_=1)
    base = (
        events.c.id.label("event_id"),
        events.c.event_date.label("day"),
        precise.label("precise"),
        events.c.event_type,
        events.c.modality,
        events.c.intensity,
        events.c.cluster_id,
    )
    acting = and_(actors.c.event_id == events.c.id, actors.c.role != SPEAKER_ROLE)
    located = events.c.location_country
    if kind == "all":
        return select(*base).where(*clauses).subquery("keyed")
    if kind in ("country", "involved", "where"):
        by_actor = (
            select(*base, actors.c.country.label("country"))
            .join(actors, and_(acting, actors.c.country.is_not(None)))
            .where(*clauses)
        )
        if kind == "country":
            return by_actor.distinct().subquery("keyed")
        if kind == "where":
            by_actor = by_actor.where(located.is_(None))
        by_place = select(*base, located.label("country")).where(*clauses, located.is_not(None))
        return union(by_actor, by_place).subquery("keyed")  # UNION: each (event, country) once
    if kind == "admin1":
        region = events.c.location_admin1
        return (
            select(*base, located.label("country"), region.label("admin1"))
            .where(*clauses, located.is_not(None), region.is_not(None))
            .subquery("keyed")
        )
    if kind == "place":
        return (
            select(
                *base,
                events.c.location_name.label("name"),
                located.label("country"),
                events.c.lat.label("lat"),
                events.c.lon.label("lon"),
            )
            .where(*clauses, events.c.location_name.is_not(None))
            .subquery("keyed")
        )
    if kind in ("dyad", "pair"):
        source, target = actors.alias("source_actor"), actors.alias("target_actor")
        if kind == "dyad":
            first = func.coalesce(source.c.country, source.c.org)
            second = func.coalesce(target.c.country, target.c.org)
            wanted = (first.is_not(None), second.is_not(None))
        else:
            first, second = source.c.name, target.c.name
            wanted = (first != second,)
        return (
            select(*base, first.label("source"), second.label("target"))
            .join(source, and_(source.c.event_id == events.c.id, source.c.role == "source"))
            .join(target, and_(target.c.event_id == events.c.id, target.c.role == "target"))
            .where(*clauses, *wanted)
            .distinct()
            .subquery("keyed")
        )
    if kind == "actor":
        return (
            select(
                *base,
                actors.c.id.label("actor_row"),
                actors.c.name,
                actors.c.country,
                actors.c.sector,
                actors.c.org,
                actors.c.kind,
            )
            .join(actors, acting)
            .where(*clauses)
            .subquery("keyed")
        )
    if kind == "outlet":
        outlet = ArticleRow.__table__.c.source
        return (
            select(*base, outlet.label("outlet"))
            .join(ArticleRow.__table__, ArticleRow.__table__.c.id == events.c.article_id)
            .where(*clauses, outlet.is_not(None))
            .subquery("keyed")
        )
    raise ValueError(f"no facts of kind {kind!r}")


def quad_of(event_type) -> ColumnElement[str]:
    """The quad class of an event type column, in SQL."""
    return case(
        *[(event_type == name, quad_class(name)) for name in EVENT_TYPES if quad_class(name)], else_=None
    ).label("quad")
