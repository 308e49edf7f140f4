"""Countries and actors: the list for autocomplete, and one country's or actor's page."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import select

from ..store.core import Store
from ..store.filters import ALL_EVENTS, SPEAKER_ROLE, EventFilter
from ..store.schema import ArticleRow, EventActorRow, EventRow, QuoteRow
from .change_detection import LONG_WEEKS, RECENT_DAYS, SHORT_WEEKS, change_row, windows
from .codes import country_name, country_table
from .dashboard_models import (
    ActorPartner,
    ActorProfile,
    ChangeRow,
    CountryItem,
    CountryProfile,
    Partner,
    QuoteItem,
    TypeCount,
)
from .events import find_events, page_reports
from .facts import cluster_facts, event_facts, last_cluster_day
from .filters import ANALYSED_MODALITIES
from .periods import points

PROFILE_RECENT = 10
PROFILE_QUOTES = 10
PROFILE_PARTNERS = 20
P = TypeVar("P", Partner, ActorPartner)


def country_list(
    store: Store, selection: EventFilter = ALL_EVENTS, *, scan: bool = False
) -> list[CountryItem]:
    """Every country of the codebook with the events counted that involve it (0 for none), by name."""
    counts = Counter()
    for fact in event_facts(store, "involved", replace(selection, country=None), scan=scan):
        counts[fact.key[0]] += fact.events
    return sorted(
        (CountryItem(code=code, name=name, events=counts[code]) for code, name in country_table().items()),
        key=lambda item: (item.name.casefold(), item.code),
    )


def _types(facts) -> list[TypeCount]:
    counts = Counter()
    for fact in facts:
        counts[fact.event_type] += fact.events
    return [
        TypeCount(event_type=name, events=n)
        for name, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    ]


def _counted(selection: EventFilter) -> EventFilter:
    """The selection with the counted modalities spelled out, for the readers that show every event."""
    return replace(selection, modality=",".join(selection.modalities(ANALYSED_MODALITIES)) or "all")


def _quotes(store: Store, selection: EventFilter, clause) -> list[QuoteItem]:
    """The newest quotes whose speaker ``clause`` picks; since and until apply to the publication date."""
    quotes = QuoteRow.__table__
    published = ArticleRow.__table__.c.published
    statement = (
        select(quotes.c.speaker_name, quotes.c.text, quotes.c.article_id, published)
        .join(ArticleRow.__table__, ArticleRow.__table__.c.id == quotes.c.article_id)
        .where(clause, quotes.c.speaker_name.is_not(None), *selection.day_range(published))
        .order_by(published.desc().nulls_last(), quotes.c.id)
        .limit(PROFILE_QUOTES)
    )
    with store.engine.connect() as connection:
        rows = connection.execute(statement).all()
    return [
        QuoteItem(speaker=row.speaker_name, text=row.text, article_id=row.article_id, published=row.published)
        for row in rows
    ]


def _change(store, kind, selection, as_of, *, key=None, extra=(), label=(), scan=False) -> ChangeRow | None:
    if as_of is None:
        last = last_cluster_day(store, selection, scan=scan)
        as_of = dt.date.fromisoformat(last) if last else None
    if as_of is None:
        return None
    spans = windows(as_of, RECENT_DAYS, SHORT_WEEKS, LONG_WEEKS)
    found = cluster_facts(store, kind, selection, key=key, extra=extra, windows=spans, scan=scan)
    counts = next(iter(found.values()), None)
    return change_row(label, counts) if counts else None


def _ranked_partners(facts, subject: str, partner_of: Callable[[str], P]) -> list[P]:
    """The partners of ``subject`` in facts keyed (source, target): events in each direction and their
    intensity summed, most events first (then by code or name), at most :data:`PROFILE_PARTNERS`;
    ``partner_of(other)`` makes a partner's record with zero counts."""
    partners: dict[str, P] = {}
    for fact in facts:
        source, target = fact.key
        if source == target or subject not in (source, target):
            continue
        other = target if source == subject else source
        partner = partners.get(other)
        if partner is None:
            partner = partners[other] = partner_of(other)
        if source == subject:
            partner.as_source += fact.events
        else:
            partner.as_target += fact.events
        partner.intensity = round(partner.intensity + fact.intensity, 4)
    ranked = sorted(partners.items(), key=lambda item: (-(item[1].as_source + item[1].as_target), item[0]))
    return [partner for _, partner in ranked[:PROFILE_PARTNERS]]


def country_profile(
    store: Store, code: str, selection: EventFilter = ALL_EVENTS, *, as_of=None, scan: bool = False
) -> CountryProfile | None:
    """One country's page: its events and real-world events, weekly series, partners (countries and
    organisations it acted on, or that acted on it), event types, newest events, its speakers' newest
    quotes and its change row; None for a code the codebook does not know."""
    code = code.upper()
    name = country_name(code)
    if name is None:
        return None
    chosen = replace(selection, country=code)
    daily = event_facts(store, "all", chosen, ("day", "event_type"), scan=scan)
    clusters = cluster_facts(store, "all", chosen, ("day",), scan=scan)
    ranked = _ranked_partners(
        event_facts(store, "dyad", chosen, ("key",), scan=scan),
        code,
        lambda other: Partner(
            code=other, name=country_name(other) or other, as_source=0, as_target=0, intensity=0.0
        ),
    )
    events = sum(fact.events for fact in daily)
    return CountryProfile(
        code=code,
        name=name,
        events=events,
        clusters=sum(fact.clusters for fact in cluster_facts(store, "all", chosen, (), scan=scan)),
        series=points(daily, clusters, "week"),
        partners=ranked,
        types=_types(daily),
        recent=find_events(store, _counted(chosen), limit=PROFILE_RECENT, total=events).events,
        quotes=_quotes(store, selection, QuoteRow.__table__.c.speaker_country == code),
        change=_change(store, "where", replace(selection, country=None), as_of, key={"country": code},
                       label=(code,), scan=scan),
    )  # fmt: skip


def _acting(name: str):
    """Events with a source or target actor of exactly this name."""
    actors = EventActorRow.__table__
    named = select(actors.c.event_id).where(actors.c.name == name, actors.c.role != SPEAKER_ROLE)
    return EventRow.__table__.c.id.in_(named)


def actor_profile(
    store: Store, name: str, selection: EventFilter = ALL_EVENTS, *, as_of=None
) -> ActorProfile | None:
    """One actor's page (by its exact canonical name), as a country's; None when no event has it."""
    actors = EventActorRow.__table__
    with store.engine.connect() as connection:
        known = connection.execute(
            select(actors.c.id).where(actors.c.name == name, actors.c.role != SPEAKER_ROLE).limit(1)
        ).first()
    if known is None:
        return None
    extra = [_acting(name)]
    daily = event_facts(store, "all", selection, ("day", "event_type"), extra=extra)
    clusters = cluster_facts(store, "all", selection, ("day",), extra=extra)
    codes: dict[str, Counter] = defaultdict(Counter)
    for fact in event_facts(store, "actor", selection, ("key",), extra=extra):
        actor_name, country, sector, _, kind = fact.key
        codes[actor_name][(country, sector, kind)] += fact.events

    def partner_of(other: str) -> ActorPartner:
        country, sector, kind = codes[other].most_common(1)[0][0] if codes[other] else (None, None, None)
        return ActorPartner(
            name=other, country=country, sector=sector, kind=kind, as_source=0, as_target=0, intensity=0.0
        )

    ranked = _ranked_partners(event_facts(store, "pair", selection, ("key",), extra=extra), name, partner_of)
    country, sector = _most_frequent(store, name)
    with store.engine.connect() as connection:
        recent = page_reports(connection, _newest(connection, store, selection, name))
    return ActorProfile(
        name=name,
        country=country,
        sector=sector,
        events=sum(fact.events for fact in daily),
        clusters=sum(fact.clusters for fact in cluster_facts(store, "all", selection, (), extra=extra)),
        series=points(daily, clusters, "week"),
        partners=ranked,
        types=_types(daily),
        recent=recent,
        quotes=_quotes(store, selection, QuoteRow.__table__.c.speaker_name == name),
        change=_change(store, "all", selection, as_of, extra=extra, label=(country,)),
    )


def _most_frequent(store: Store, name: str) -> tuple[str | None, str | None]:
    """The actor's most frequent (country, sector) over all its source and target rows."""
    actors = EventActorRow.__table__
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(actors.c.country, actors.c.sector).where(
                actors.c.name == name, actors.c.role != SPEAKER_ROLE
            )
        ).all()
    counts = Counter((row.country, row.sector) for row in rows)
    return (
        min(counts, key=lambda pair: (-counts[pair], pair[0] or "", pair[1] or ""))
        if counts
        else (None, None)
    )


def _newest(connection, store: Store, selection: EventFilter, name: str) -> list[str]:
    events = EventRow.__table__
    clauses = _counted(selection).where(dialect=store.engine.dialect.name)
    return list(
        connection.scalars(
            select(events.c.id)
            .where(*clauses, _acting(name))
            .order_by(events.c.event_date.desc(), events.c.id.desc())
            .limit(PROFILE_RECENT)
        )
    )
