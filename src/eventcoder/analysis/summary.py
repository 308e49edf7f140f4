"""The summary of a selection of events: what ``eventcoder stats`` and ``/api/stats`` print first."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from ..store.core import Store
from ..store.filters import ALL_EVENTS, ALL_MODALITIES, SPEAKER_ROLE, EventFilter
from ..store.schema import ArticleRow, EventActorRow, EventRow, QuoteRow
from .counts import event_counts
from .filters import ANALYSED_MODALITIES, counting_rule
from .models import Summary


def summary(store: Store, selection: EventFilter = ALL_EVENTS, *, top: int = 10) -> Summary:
    """Counts over the events of ``selection`` that the analytics count (see :func:`counting_rule`).

    Every count but ``stored_articles`` is over those events: the articles and outlets that report them,
    the distinct actors (name and country) among their sources and targets, their distinct places, and
    the quotes in their articles. ``not_counted`` gives, per modality, the selected events left out.
    """
    events = EventRow.__table__
    actors = EventActorRow.__table__
    dialect = store.engine.dialect.name
    counted = select(events.c.id).where(*selection.where(ANALYSED_MODALITIES, dialect)).subquery("counted")
    counted_events = events.join(counted, counted.c.id == events.c.id)
    with store.engine.connect() as connection:
        row = connection.execute(
            select(
                func.count(),
                func.count(func.distinct(events.c.cluster_id)),
                func.count(func.distinct(events.c.article_id)),
                func.count(func.distinct(events.c.location_name)),
                func.min(events.c.event_date),
                func.max(events.c.event_date),
            ).select_from(counted_events)
        ).one()
        articles = select(events.c.article_id).select_from(counted_events).distinct().subquery("articles")
        outlets = connection.execute(
            select(func.count(func.distinct(ArticleRow.source))).where(ArticleRow.id.in_(select(articles)))
        ).scalar_one()
        quotes = connection.execute(
            select(func.count()).select_from(QuoteRow).where(QuoteRow.article_id.in_(select(articles)))
        ).scalar_one()
        distinct_actors = (
            select(actors.c.name, actors.c.country)
            .where(actors.c.event_id.in_(select(counted.c.id)), actors.c.role != SPEAKER_ROLE)
            .distinct()
            .subquery()
        )
        actor_count = connection.execute(select(func.count()).select_from(distinct_actors)).scalar_one()
        everything = replace(selection, modality=ALL_MODALITIES)
        left_out = connection.execute(
            select(events.c.modality, func.count())
            .where(*everything.where((), dialect), events.c.id.not_in(select(counted.c.id)))
            .group_by(events.c.modality)
            .order_by(func.count().desc())
        ).all()
        stored = connection.execute(select(func.count()).select_from(ArticleRow)).scalar_one()
    return Summary(
        counting=counting_rule(selection),
        events=row[0],
        real_world_events=row[1],
        articles=row[2],
        outlets=outlets,
        actors=actor_count,
        places=row[3],
        quotes=quotes,
        first_event_date=row[4],
        last_event_date=row[5],
        stored_articles=stored,
        not_counted=dict(left_out),
        top_event_types=event_counts(store, "type", selection)[:top],
        top_dyads=event_counts(store, "dyad", selection)[:top],
    )
