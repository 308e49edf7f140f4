"""Series of events and real-world events by day, week or month: of everything, of a country, of a dyad."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..codebook import QUAD_CLASSES, quad_class
from ..errors import BadOption
from ..store.core import Store
from ..store.filters import ALL_EVENTS, EventFilter
from .dashboard_models import PeriodPoint, Series
from .facts import ClusterFact, Fact, cluster_facts, event_facts
from .series import SERIES_INTERVALS, period_start


def points(facts: Iterable[Fact], clusters: Iterable[ClusterFact], interval: str) -> list[PeriodPoint]:
    """Points from facts grouped by day and quad class (or type) and cluster facts grouped by day;
    periods with neither events nor real-world events are left out."""
    periods: dict[str, str | None] = {}  # day -> its period (None for a day that is no date)

    def period(day: str | None) -> str | None:
        if day not in periods:
            try:
                periods[day] = period_start(dt.date.fromisoformat(day), interval).isoformat() if day else None
            except ValueError:
                periods[day] = None
        return periods[day]

    quads = {quad: index for index, quad in enumerate(QUAD_CLASSES)}
    totals: dict[str, list] = {}  # period -> [events, clusters, intensity, quad counts...]
    for fact in facts:
        start = period(fact.day)
        if start is None:
            continue
        cell = totals.setdefault(start, [0, 0, 0.0, 0, 0, 0, 0])
        cell[0] += fact.events
        cell[2] += fact.intensity
        quad = fact.quad or quad_class(fact.event_type)
        if quad:
            cell[3 + quads[quad]] += fact.events
    for fact in clusters:
        start = period(fact.day)
        if start is not None:
            totals.setdefault(start, [0, 0, 0.0, 0, 0, 0, 0])[1] += fact.clusters
    return [
        PeriodPoint(
            period=start,
            events=cell[0],
            clusters=cell[1],
            intensity=round(cell[2], 4),
            **{quad: cell[3 + index] for quad, index in quads.items()},
        )
        for start, cell in sorted(totals.items())
    ]


def period_series(
    store: Store,
    selection: EventFilter = ALL_EVENTS,
    *,
    interval: str = "week",
    source: str | None = None,
    target: str | None = None,
    scan: bool = False,
) -> Series:
    """The events counted under ``selection`` by period (the country filter makes a country's series),
    or those of one dyad (``source`` and ``target`` codes): events, real-world events, intensity and
    events by quad class per period."""
    if interval not in SERIES_INTERVALS:
        raise BadOption(f"unknown interval {interval!r}; choose one of {', '.join(SERIES_INTERVALS)}")
    if (source is None) != (target is None):
        raise BadOption("a dyad needs both source and target")
    if source is not None:
        kind, key, name = "dyad", {"source": source.upper(), "target": target.upper()}, None
        name = f"{source.upper()}>{target.upper()}"
    else:
        kind, key, name = "all", None, selection.country or "all"
    facts = event_facts(store, kind, selection, ("day", "quad"), key=key, scan=scan)
    clusters = cluster_facts(store, kind, selection, ("day",), key=key, scan=scan)
    return Series(key=name, interval=interval, points=points(facts, clusters, interval))
