"""Change detection in the manner of ACLED's: where did real-world events jump this week?

For each country (or first-level region), the real-world events (clusters) of the recent window — the
last ``recent_days`` up to ``as_of`` — against their average per window of that length over the
``short_weeks`` and the ``long_weeks`` before it. Counted are real-world events with a report that
happened (modality asserted or historical, unless a modality is asked for), each once per place on its
own day, not the reports: a story told by twenty outlets is one event.

Where an event happened (ACLED counts by place): its place's country when it has a place; an event
without one counts for each country of its sources and targets (the only place the text gives). A
region needs a place with its first-level region: events without one count at the country level only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ..errors import BadOption
from ..store.core import Store
from ..store.filters import ALL_EVENTS, EventFilter
from .codes import country_name
from .dashboard_models import Change, ChangeRow
from .facts import cluster_facts, last_cluster_day
from .filters import ANALYSED_MODALITIES

CHANGE_LEVELS = ("country", "admin1")
RECENT_DAYS = 7
SHORT_WEEKS = 4
LONG_WEEKS = 52
INCREASE = 0.25  # "large increase": more than 25 % above the short average
SURGE = 1.0  # "surge": at least double the short average
MIN_EVENTS = 5  # a quiet place with one event does not surge
FLAG_ORDER = {"surge": 0, "large_increase": 1, None: 2}


def windows(
    as_of: dt.date, recent_days: int, short_weeks: int, long_weeks: int
) -> dict[str, tuple[str, str]]:
    """The recent window ending ``as_of`` and the two baselines just before it (first and last days)."""
    recent_first = as_of.toordinal() - (recent_days - 1)

    def day(ordinal: int) -> str:
        return dt.date.fromordinal(max(1, ordinal)).isoformat()

    return {
        "recent": (day(recent_first), as_of.isoformat()),
        "short": (day(recent_first - 7 * short_weeks), day(recent_first - 1)),
        "long": (day(recent_first - 7 * long_weeks), day(recent_first - 1)),
    }


def change_row(
    key: Sequence[str | None],
    counts: Mapping[str, int],
    *,
    recent_days: int = RECENT_DAYS,
    short_weeks: int = SHORT_WEEKS,
    long_weeks: int = LONG_WEEKS,
    increase: float = INCREASE,
    surge: float = SURGE,
    min_events: int = MIN_EVENTS,
) -> ChangeRow:
    """The row of one place (country, admin1) from its counts in the windows of :func:`windows`."""
    recent = counts.get("recent", 0)
    short_average = counts.get("short", 0) * recent_days / (7 * short_weeks)
    long_average = counts.get("long", 0) * recent_days / (7 * long_weeks)
    flag = None
    if recent >= max(min_events, 1):
        if short_average == 0 or recent >= (1 + surge) * short_average:
            flag = "surge"
        elif recent > (1 + increase) * short_average:
            flag = "large_increase"
    country = key[0] if key else None
    return ChangeRow(
        country=country,
        country_name=country_name(country),
        admin1=key[1] if len(key) > 1 else None,
        recent=recent,
        short_average=round(short_average, 4),
        long_average=round(long_average, 4),
        short_ratio=round(recent / short_average, 4) if short_average else None,
        long_ratio=round(recent / long_average, 4) if long_average else None,
        flag=flag,
    )


def change(
    store: Store,
    selection: EventFilter = ALL_EVENTS,
    *,
    level: str = "country",
    as_of: dt.date | str | None = None,
    recent_days: int = RECENT_DAYS,
    short_weeks: int = SHORT_WEEKS,
    long_weeks: int = LONG_WEEKS,
    increase: float = INCREASE,
    surge: float = SURGE,
    min_events: int = MIN_EVENTS,
    scan: bool = False,
) -> Change:
    """The change row of every country (``level="country"``) or region (``"admin1"``) with real-world
    events in one of the windows; ``as_of`` defaults to the last day of a counted real-world event.
    Surges first, then large increases, then the rest, each by recent events."""
    if level not in CHANGE_LEVELS:
        raise BadOption(f"unknown level {level!r}; choose one of {', '.join(CHANGE_LEVELS)}")
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    if as_of is None:
        last = last_cluster_day(store, selection, scan=scan)
        as_of = dt.date.fromisoformat(last) if last else None
    parameters = {
        "recent_days": recent_days, "short_weeks": short_weeks, "long_weeks": long_weeks,
        "increase": increase, "surge": surge, "min_events": min_events,
    }  # fmt: skip
    rows = []
    if as_of is not None:
        kind = "where" if level == "country" else "admin1"
        spans = windows(as_of, recent_days, short_weeks, long_weeks)
        counted = cluster_facts(store, kind, selection, windows=spans, scan=scan)
        rows = [change_row(key, counts, **parameters) for key, counts in counted.items()]
        rows.sort(key=lambda row: (FLAG_ORDER[row.flag], -row.recent, row.country or "", row.admin1 or ""))
    asked = selection.modalities(ANALYSED_MODALITIES)
    counting = (
        "real-world events (clusters) with a report of modality "
        + (" or ".join(asked) if asked else "any")
        + ", each on its own day, by where it happened"
    )
    return Change(
        as_of=as_of.isoformat() if as_of else None, level=level, counting=counting, rows=rows, **parameters
    )
