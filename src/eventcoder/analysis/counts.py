"""Counts: events by PLOVER type, by day (week, month) or by dyad (country pair)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Literal

from ..errors import BadOption
from ..store.core import Store
from ..store.filters import ALL_EVENTS, EventFilter
from .calendar import SERIES_INTERVALS, period_start
from .facts import event_facts
from .models import Count

COUNT_KEYS = ("type", "day", "dyad")
COUNT_SORTS = ("count", "key")


def event_counts(
    store: Store,
    by: Literal["type", "day", "dyad"],
    selection: EventFilter = ALL_EVENTS,
    sort: Literal["count", "key"] | None = None,
    interval: Literal["day", "week", "month"] = "day",
    *,
    scan: bool = False,
) -> list[Count]:
    """Events by PLOVER type, by day or by country pair (source and target codes: the country, else
    the organisation, once per event and pair).

    ``sort``: "count" puts the most frequent first, "key" orders by the key (days most recent first);
    by default types and dyads are sorted by count, days by date, oldest first (a timeline). Counts by
    day leave out events dated only to a month or a year: they did not happen on the 1st. ``interval``
    "week" or "month" adds up the days of each week (keyed by its Monday) or month (by its 1st).
    """
    if by not in COUNT_KEYS:
        raise BadOption(f"cannot count events by {by!r}; choose one of {', '.join(COUNT_KEYS)}")
    if sort not in (None, *COUNT_SORTS):
        raise BadOption(f"cannot sort counts by {sort!r}; choose one of {', '.join(COUNT_SORTS)}")
    if interval not in SERIES_INTERVALS:
        raise BadOption(f"unknown interval {interval!r}; choose one of {', '.join(SERIES_INTERVALS)}")
    if by == "dyad":
        counts = Counter()
        for fact in event_facts(store, "dyad", selection, ("key",), scan=scan):
            counts[fact.key] += fact.events
        if sort == "key":
            dyads = sorted(counts, key=lambda dyad: (dyad, -counts[dyad]))
        else:
            dyads = sorted(counts, key=lambda dyad: (-counts[dyad], dyad))
        return [Count(key=f"{source}>{target}", events=counts[source, target], source=source, target=target)
                for source, target in dyads]  # fmt: skip
    if by == "type":
        counts = Counter()
        for fact in event_facts(store, "all", selection, ("event_type",), scan=scan):
            counts[fact.event_type] += fact.events
        if sort == "key":
            return [Count(key=key, events=counts[key]) for key in sorted(counts)]
        return [
            Count(key=key, events=counts[key]) for key in sorted(counts, key=lambda key: (-counts[key], key))
        ]
    counts = Counter()
    for fact in event_facts(store, "all", selection, ("day", "precise"), scan=scan):
        if fact.day and fact.precise:
            counts[fact.day] += fact.events
    if interval != "day":
        counts = _by_period(counts, interval)
    keys = sorted(counts, reverse=sort in ("key", "count"))  # most recent first, unless a timeline
    if sort == "count":
        keys.sort(key=lambda key: -counts[key])  # stable: ties stay most recent first
    return [Count(key=key, events=counts[key]) for key in keys]


def _by_period(days: Counter, interval: str) -> Counter:
    """Counts by day added up by week (keyed by its Monday) or month (by its 1st)."""
    totals: Counter = Counter()
    for day, n in days.items():
        try:
            totals[period_start(dt.date.fromisoformat(day), interval).isoformat()] += n
        except ValueError:
            continue
    return totals
