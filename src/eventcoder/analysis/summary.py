"""The summary of a selection of events: what ``eventcoder stats`` and ``/api/stats`` print first."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import exists, func, select
from sqlalchemy.sql.elements import ColumnElement

from ..store.core import Store
from ..store.filters import ALL_EVENTS, ALL_MODALITIES, EventFilter
from ..store.schema import ArticleRow, EventRow, QuoteRow
from .counts import event_counts
from .facts import cluster_facts, event_facts
from .filters import ANALYSED_MODALITIES, counting_rule
from .models import Summary


def summary(
    store: Store, selection: EventFilter = ALL_EVENTS, *, top: int = 10, scan: bool = False
) -> Summary:
    """Counts over the events of ``selection`` that the analytics count (see :func:`counting_rule`).

    Every count but ``stored_articles`` is over those events: the real-world events with a report
    among them (each on its own day), the articles and outlets that report them, the distinct actors
    (name and country) among their sources and targets, their distinct places, and the quotes in their
    articles. ``not_counted`` gives, per modality, the selected events left out.
    """
    days = list(event_facts(store, "all", selection, ("day",), scan=scan))
    dated = [fact.day for fact in days if fact.day]
    actors = {fact.key[:2] for fact in event_facts(store, "actor", selection, ("key",), scan=scan)}
    places = {fact.key[0] for fact in event_facts(store, "place", selection, ("key",), scan=scan)}
    outlets = event_facts(store, "outlet", selection, ("key",), scan=scan)
    asked = set(selection.modalities(ANALYSED_MODALITIES))
    everything = replace(selection, modality=ALL_MODALITIES)
    left_out = {
        fact.modality: fact.events
        for fact in event_facts(store, "all", everything, ("modality",), scan=scan)
        if asked and fact.modality not in asked
    }
    events = sum(fact.events for fact in days)
    articles, quotes, stored = _articles(store, selection, events)
    return Summary(
        counting=counting_rule(selection),
        events=events,
        real_world_events=sum(
            fact.clusters for fact in cluster_facts(store, "all", selection, (), scan=scan)
        ),
        articles=articles,
        outlets=len(outlets),
        actors=len(actors),
        places=len(places),
        quotes=quotes,
        first_event_date=min(dated, default=None),
        last_event_date=max(dated, default=None),
        stored_articles=stored,
        not_counted=dict(sorted(left_out.items(), key=lambda item: (-item[1], item[0]))),
        top_event_types=event_counts(store, "type", selection, scan=scan)[:top],
        top_dyads=event_counts(store, "dyad", selection, scan=scan)[:top],
    )


def _articles(store: Store, selection: EventFilter, counted_events: int) -> tuple[int, int, int]:
    """The articles reporting the events counted, the quotes in them, and every stored article: read
    from the events (a distinct count, which the aggregate tables cannot add up). Few events counted:
    their articles are found from them; many: each article (and quote) looks its events up."""
    events = EventRow.__table__
    articles = ArticleRow.__table__
    quotes = QuoteRow.__table__
    counted = selection.where(ANALYSED_MODALITIES, store.engine.dialect.name)
    with store.engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(articles)).scalar_one()
        if counted_events < stored:
            # count(DISTINCT ...) and a plain IN: SQLite then reads the events by their filters' indexes
            reported = connection.execute(
                select(func.count(func.distinct(events.c.article_id))).where(*counted)
            ).scalar_one()
            in_them = quotes.c.article_id.in_(select(events.c.article_id).where(*counted))
        else:
            reported = connection.execute(
                select(func.count()).select_from(articles).where(_reporting(articles.c.id, counted))
            ).scalar_one()
            in_them = _reporting(quotes.c.article_id, counted)
        quoted = connection.execute(select(func.count()).select_from(quotes).where(in_them)).scalar_one()
    return reported, quoted, stored


def _reporting(article_id, counted) -> ColumnElement[bool]:
    """The article ``article_id`` reports an event counted."""
    events = EventRow.__table__
    return exists().where(events.c.article_id == article_id, *counted)
