"""Conflict-cooperation series per dyad, and the escalation signal per dyad and per country."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from ..codebook import is_conflict, quad_class
from ..errors import BadOption
from ..store.core import Store
from ..store.filters import ALL_EVENTS, SPEAKER_ROLE, EventFilter
from ..store.schema import EventActorRow, EventRow
from .counts import dyad_rows
from .filters import ANALYSED_MODALITIES
from .models import DyadSeries, Escalation, EscalationRow, SeriesPoint, Signal

# Escalation: mean daily intensity in the recent window against the baseline window just before it.
RECENT_DAYS = 7
BASELINE_DAYS = 30
# An alert needs the mean daily intensity to fall by this much (PLOVER intensity runs -10..10) ...
ESCALATION_THRESHOLD = 1.0
# ... and at least this many conflict events in the recent window: one report is not a trend.
ESCALATION_MIN_EVENTS = 2
SERIES_INTERVALS = ("day", "week", "month")


@dataclass
class DayTotals:
    events: int = 0
    intensity: float = 0.0
    conflict_events: int = 0


def period_start(day: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


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
    # Windows that would reach before 1 January of year 1 (a stored date at the calendar's start) stop there.
    first = max(1, as_of.toordinal() - (recent_days - 1))
    recent_first = dt.date.fromordinal(first)
    baseline_first = dt.date.fromordinal(max(1, first - baseline_days))
    recent = [totals for day, totals in daily.items() if recent_first <= day <= as_of]
    baseline = [totals for day, totals in daily.items() if baseline_first <= day < recent_first]
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


def _daily_by_dyad(store: Store, selection: EventFilter) -> tuple[dict, dict]:
    """{(source, target): {day: DayTotals}} and {(source, target): {(day, type): (events, intensity)}}."""
    dyads = dyad_rows(selection, store.engine.dialect.name)
    daily: dict[tuple[str, str], dict[dt.date, DayTotals]] = defaultdict(lambda: defaultdict(DayTotals))
    by_type: dict[tuple[str, str], dict[tuple[dt.date, str], list]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0.0])
    )
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(
                dyads.c.source,
                dyads.c.target,
                dyads.c.event_date,
                dyads.c.event_type,
                func.count().label("n"),
                func.sum(dyads.c.intensity).label("intensity"),
            ).group_by(dyads.c.source, dyads.c.target, dyads.c.event_date, dyads.c.event_type)
        ).all()
    for row in rows:
        day = _day(row.event_date)
        if day is None:
            continue
        _add(daily[row.source, row.target][day], row.event_type, row.intensity, row.n)
        cell = by_type[row.source, row.target][day, row.event_type]
        cell[0] += row.n
        cell[1] += row.intensity
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
) -> list[DyadSeries]:
    """The conflict-cooperation series of the ``top`` dyads with most events (or of one dyad).

    Each point sums the intensity of a period's events and counts them by quad class; ``alerts`` lists
    the days with events on which the escalation signal (see :func:`escalation_signal`) raised an alert.
    """
    if interval not in SERIES_INTERVALS:
        raise BadOption(f"unknown interval {interval!r}; choose one of {', '.join(SERIES_INTERVALS)}")
    daily, by_type = _daily_by_dyad(store, selection)
    chosen = [
        dyad for dyad in daily
        if (source is None or dyad[0] == source.upper()) and (target is None or dyad[1] == target.upper())
    ]  # fmt: skip
    chosen.sort(key=lambda dyad: (-sum(totals.events for totals in daily[dyad].values()), dyad))
    result = []
    for dyad in chosen[:top]:
        points: dict[dt.date, SeriesPoint] = {}
        for (day, event_type), (count, intensity) in sorted(by_type[dyad].items()):
            start = period_start(day, interval)
            point = points.setdefault(start, SeriesPoint(period=start.isoformat(), events=0, intensity=0.0))
            point.events += count
            point.intensity = round(point.intensity + intensity, 4)
            quad = quad_class(event_type)
            if quad:
                setattr(point, quad, getattr(point, quad) + count)
        signals = [
            escalation_signal(daily[dyad], day, recent_days, baseline_days, threshold, min_events)
            for day in sorted(daily[dyad])
        ]
        result.append(
            DyadSeries(
                source=dyad[0],
                target=dyad[1],
                events=sum(point.events for point in points.values()),
                intensity=round(sum(point.intensity for point in points.values()), 4),
                points=[points[start] for start in sorted(points)],
                alerts=[signal for signal in signals if signal.alert],
            )
        )
    return result


def _daily_by_country(store: Store, selection: EventFilter) -> dict[str, dict[dt.date, DayTotals]]:
    """{country: {day: DayTotals}} over the events in which the country is a source or a target."""
    events = EventRow.__table__
    dialect = store.engine.dialect.name
    actors = EventActorRow.__table__
    involved = (
        select(actors.c.country, events.c.id, events.c.event_date, events.c.event_type, events.c.intensity)
        .join(actors, actors.c.event_id == events.c.id)
        .where(
            *selection.where(ANALYSED_MODALITIES, dialect),
            actors.c.role != SPEAKER_ROLE,
            actors.c.country.is_not(None),
        )
        .distinct()
        .subquery("country_events")
    )
    daily: dict[str, dict[dt.date, DayTotals]] = defaultdict(lambda: defaultdict(DayTotals))
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(
                involved.c.country,
                involved.c.event_date,
                involved.c.event_type,
                func.count().label("n"),
                func.sum(involved.c.intensity).label("intensity"),
            ).group_by(involved.c.country, involved.c.event_date, involved.c.event_type)
        ).all()
    for row in rows:
        day = _day(row.event_date)
        if day is not None:
            _add(daily[row.country][day], row.event_type, row.intensity, row.n)
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
) -> Escalation:
    """The escalation signal of every dyad and every country on ``as_of`` (default: the last event day).

    Rows are sorted by how much the series turned towards conflict, strongest first; only series with
    events in the two windows are listed.
    """
    daily_dyads, _ = _daily_by_dyad(store, selection)
    daily_countries = _daily_by_country(store, selection)
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    if as_of is None:
        days = [day for series in daily_countries.values() for day in series]
        days += [day for series in daily_dyads.values() for day in series]
        as_of = max(days, default=None)
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
