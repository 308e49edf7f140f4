"""Conflict-cooperation series per dyad, and the escalation signal per dyad and per country."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..codebook import QUAD_CLASSES, is_conflict, quad_class
from ..errors import BadOption
from ..store.core import Store
from ..store.filters import ALL_EVENTS, EventFilter, last_day
from .calendar import SERIES_INTERVALS, period_start
from .facts import event_facts, last_event_day
from .models import DyadSeries, Escalation, EscalationRow, SeriesPoint, Signal

# Escalation: mean daily intensity in the recent window against the baseline window just before it.
RECENT_DAYS = 7
BASELINE_DAYS = 30
# An alert needs the mean daily intensity to fall by this much (PLOVER intensity runs -10..10) ...
ESCALATION_THRESHOLD = 1.0
# ... and at least this many conflict events in the recent window: one report is not a trend.
ESCALATION_MIN_EVENTS = 2


@dataclass
class DayTotals:
    events: int = 0
    intensity: float = 0.0
    conflict_events: int = 0


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
    recent_first, baseline_first = _windows(as_of, recent_days, baseline_days)
    recent = [totals for day, totals in daily.items() if recent_first <= day <= as_of]
    baseline = [totals for day, totals in daily.items() if baseline_first <= day < recent_first]
    return _signal(recent, baseline, as_of, recent_days, baseline_days, threshold, min_events)


def _windows(as_of: dt.date, recent_days: int, baseline_days: int) -> tuple[dt.date, dt.date]:
    """The first days of the recent and of the baseline window."""
    # Windows that would reach before 1 January of year 1 (a stored date at the calendar's start) stop there.
    first = max(1, as_of.toordinal() - (recent_days - 1))
    return dt.date.fromordinal(first), dt.date.fromordinal(max(1, first - baseline_days))


def _signal(recent, baseline, as_of, recent_days, baseline_days, threshold, min_events) -> Signal:
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


def alerts_on_days(
    daily: Mapping[dt.date, DayTotals],
    recent_days: int = RECENT_DAYS,
    baseline_days: int = BASELINE_DAYS,
    threshold: float = ESCALATION_THRESHOLD,
    min_events: int = ESCALATION_MIN_EVENTS,
) -> list[Signal]:
    """The alerts :func:`escalation_signal` raises on the days of ``daily`` (windows found by bisection)."""
    days = sorted(daily)
    values = [daily[day] for day in days]
    # running sums: a window's sum is a difference of two (PLOVER's intensities are halves: exact)
    intensity, conflicts = [0.0], [0]
    for totals in values:
        intensity.append(intensity[-1] + totals.intensity)
        conflicts.append(conflicts[-1] + totals.conflict_events)
    alerts = []
    for as_of in days:
        recent_first, baseline_first = _windows(as_of, recent_days, baseline_days)
        start, middle = bisect_left(days, baseline_first), bisect_left(days, recent_first)
        end = bisect_right(days, as_of)
        recent_sum, baseline_sum = intensity[end] - intensity[middle], intensity[middle] - intensity[start]
        change = baseline_sum / baseline_days - recent_sum / recent_days
        if change >= threshold and conflicts[end] - conflicts[middle] >= min_events:  # as _signal says
            recent, baseline = values[middle:end], values[start:middle]
            alerts.append(_signal(recent, baseline, as_of, recent_days, baseline_days, threshold, min_events))
    return alerts


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _add(totals: DayTotals, event_type: str, intensity: float, count: int = 1) -> None:
    totals.events += count
    totals.intensity += intensity
    if is_conflict(event_type):
        totals.conflict_events += count


def _daily_by_dyad(
    store: Store, selection: EventFilter, scan: bool = False, keys: list | None = None
) -> tuple[dict, dict]:
    """{(source, target): {day: DayTotals}} and {(source, target): {(day, type): (events, intensity)}}."""
    daily: dict[tuple[str, str], dict[dt.date, DayTotals]] = defaultdict(lambda: defaultdict(DayTotals))
    by_type: dict[tuple[str, str], dict[tuple[dt.date, str], list]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0.0])
    )
    for fact in event_facts(store, "dyad", selection, ("key", "day", "event_type"), keys=keys, scan=scan):
        day = _day(fact.day)
        if day is None:
            continue
        _add(daily[fact.key][day], fact.event_type, fact.intensity, fact.events)
        cell = by_type[fact.key][day, fact.event_type]
        cell[0] += fact.events
        cell[1] += fact.intensity
    return daily, by_type


def dyad_series(
    store: Store,
    selection: EventFilter = ALL_EVENTS,
    *,
    interval: str = "day",
    top: int = 10,
    source: str | None = None,
    target: str | None = None,
    recent_days: int = RECENT_DAYS,
    baseline_days: int = BASELINE_DAYS,
    threshold: float = ESCALATION_THRESHOLD,
    min_events: int = ESCALATION_MIN_EVENTS,
    scan: bool = False,
) -> list[DyadSeries]:
    """The conflict-cooperation series of the ``top`` dyads with most events (or of one dyad).

    Each point sums the intensity of a period's events and counts them by quad class; ``alerts`` lists
    the days with events on which the escalation signal (see :func:`escalation_signal`) raised an alert.
    """
    if interval not in SERIES_INTERVALS:
        raise BadOption(f"unknown interval {interval!r}; choose one of {', '.join(SERIES_INTERVALS)}")
    wanted = {"source": source.upper()} if source else {}
    if target:
        wanted["target"] = target.upper()
    totals = Counter()
    dated = replace(selection, since=max(selection.since or "", "0000"))  # the days a series has
    for fact in event_facts(store, "dyad", dated, ("key",), key=wanted or None, scan=scan):
        totals[fact.key] += fact.events
    chosen = sorted(totals, key=lambda dyad: (-totals[dyad], dyad))[:top]
    daily, by_type = _daily_by_dyad(store, selection, scan, keys=chosen)
    quads = {quad: index for index, quad in enumerate(QUAD_CLASSES)}
    result = []
    for dyad in chosen:
        cells: dict[dt.date, list] = {}  # period -> [events, intensity, quad counts...]
        for (day, event_type), (count, intensity) in sorted(by_type[dyad].items()):
            cell = cells.setdefault(period_start(day, interval), [0, 0.0, 0, 0, 0, 0])
            cell[0] += count
            cell[1] = round(cell[1] + intensity, 4)
            quad = quad_class(event_type)
            if quad:
                cell[2 + quads[quad]] += count
        points = [
            SeriesPoint(
                period=start.isoformat(),
                events=cell[0],
                intensity=cell[1],
                **{quad: cell[2 + index] for quad, index in quads.items()},
            )
            for start, cell in sorted(cells.items())
        ]
        result.append(
            DyadSeries(
                source=dyad[0],
                target=dyad[1],
                events=sum(point.events for point in points),
                intensity=round(sum(point.intensity for point in points), 4),
                points=points,
                alerts=alerts_on_days(daily[dyad], recent_days, baseline_days, threshold, min_events),
            )
        )
    return result


def _daily_by_country(
    store: Store, selection: EventFilter, scan: bool = False
) -> dict[str, dict[dt.date, DayTotals]]:
    """{country: {day: DayTotals}} over the events in which the country is a source or a target."""
    daily: dict[str, dict[dt.date, DayTotals]] = defaultdict(lambda: defaultdict(DayTotals))
    for fact in event_facts(store, "country", selection, ("key", "day", "event_type"), scan=scan):
        day = _day(fact.day)
        if day is not None:
            _add(daily[fact.key[0]][day], fact.event_type, fact.intensity, fact.events)
    return daily


def escalation(
    store: Store,
    selection: EventFilter = ALL_EVENTS,
    *,
    as_of: dt.date | str | None = None,
    recent_days: int = RECENT_DAYS,
    baseline_days: int = BASELINE_DAYS,
    threshold: float = ESCALATION_THRESHOLD,
    min_events: int = ESCALATION_MIN_EVENTS,
    alerts_only: bool = False,
    scan: bool = False,
) -> Escalation:
    """The escalation signal of every dyad and every country on ``as_of`` (default: the last event day).

    Rows are sorted by how much the series turned towards conflict, strongest first; only series with
    events in the two windows are listed.
    """
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    if as_of is None:
        days = [_day(last_event_day(store, kind, selection, scan=scan)) for kind in ("country", "dyad")]
        as_of = max((day for day in days if day is not None), default=None)
    daily_dyads: dict = {}
    daily_countries: dict = {}
    if as_of is not None:  # only the days of the two windows are read
        _, baseline_first = _windows(as_of, recent_days, baseline_days)
        since = max(selection.since or "", baseline_first.isoformat())
        until = min(last_day(selection.until) if selection.until else as_of.isoformat(), as_of.isoformat())
        window = replace(selection, since=since, until=until)
        daily_dyads, _ = _daily_by_dyad(store, window, scan)
        daily_countries = _daily_by_country(store, window, scan)
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
        return sorted(
            found, key=lambda row: (-row.signal.change, row.source or "", row.target or "", row.country or "")
        )

    if as_of is None:
        dyads, countries = [], []
    else:
        dyads = rows(
            daily_dyads, lambda key, signal: EscalationRow(source=key[0], target=key[1], signal=signal)
        )
        countries = rows(
            daily_countries, lambda key, signal: EscalationRow(source=None, country=key, signal=signal)
        )
    return Escalation(
        as_of=as_of.isoformat() if as_of else None,
        recent_days=recent_days,
        baseline_days=baseline_days,
        threshold=threshold,
        min_events=min_events,
        dyads=dyads,
        countries=countries,
    )
