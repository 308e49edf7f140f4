"""Request parameters shared by the routes: dates in range, the event filters, the store."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import AfterValidator

from .. import analysis
from ..errors import BadOption
from ..store import Store
from .edge import ApiError

# Dates every route accepts: far enough from the calendar's ends (years 1 and 9999) that no date
# arithmetic (relative dates in an article, escalation windows of years) can leave the calendar.
EARLIEST_DAY = dt.date(1000, 1, 1)
LATEST_DAY = dt.date(8999, 12, 31)
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
COUNTRY_PATTERN = r"^[A-Za-z]{3}$"
DYAD_CODE_PATTERN = r"^[A-Za-z0-9]{2,40}$"


# --------------------------------------------------------------------------------------------------
# Dates in range


def day_in_range(day: dt.date) -> dt.date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(
            f"date {day.isoformat()} is outside {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"
        )
    return day


def day_prefix_in_range(value: str | None) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD (DATE_PATTERN) that names a real year, month or day in range."""
    if value is None:
        return None
    parts = [int(part) for part in value.split("-")] + [1, 1]
    try:
        day = dt.date(parts[0], parts[1], parts[2])
    except ValueError as error:
        raise ValueError(f"{value!r} is not a date ({error})") from None
    day_in_range(day)
    return value


Day = Annotated[dt.date, AfterValidator(day_in_range)]
DayPrefix = Annotated[str | None, AfterValidator(day_prefix_in_range)]


# --------------------------------------------------------------------------------------------------
# Dependencies


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDependency = Annotated[Store, Depends(get_store)]


def invalid(parameter: str, error: BadOption) -> ApiError:
    """A 422 naming the query parameter, as the validation errors do."""
    return ApiError(422, f"query.{parameter}: {error.fields['detail']}", "validation_error")


Since = Annotated[DayPrefix, Query(pattern=DATE_PATTERN, description="First event day: YYYY, YYYY-MM or YYYY-MM-DD.")]  # fmt: skip
Until = Annotated[DayPrefix, Query(pattern=DATE_PATTERN, description="Last event day (a month or year takes all of it).")]  # fmt: skip
Actor = Annotated[str | None, Query(min_length=1, max_length=200, description="Part of an actor's name, or an organisation code.")]  # fmt: skip
Types = Annotated[str | None, Query(max_length=400, description="PLOVER event types, comma-separated: ASSAULT,COERCE.")]  # fmt: skip
Modalities = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Modalities, comma-separated (asserted, future, hypothetical, negated, prevented, "
        "historical), or 'all'. Default: every event in the events table, the events that happened "
        "(asserted, historical) in the analytics.",
    ),
]
Text = Annotated[str | None, Query(min_length=1, max_length=200, description="Words in the event's sentence.")]  # fmt: skip
Country = Annotated[str | None, Query(pattern=COUNTRY_PATTERN, description="ISO 3166-1 alpha-3 code of an actor or of the place.")]  # fmt: skip


def make_filter(since, until, country, actor, type, modality, q) -> analysis.EventFilter:
    try:
        event_types = analysis.parse_event_types(type)
    except BadOption as error:
        raise invalid("type", error) from None
    try:
        modalities = analysis.parse_modalities(modality)
    except BadOption as error:
        raise invalid("modality", error) from None
    return analysis.EventFilter(
        since=since,
        until=until,
        country=country.upper() if country else None,
        actor=actor,
        event_types=event_types,
        modality=modalities,
        q=q,
    )


def event_filter(
    since: Since = None,
    until: Until = None,
    country: Country = None,
    actor: Actor = None,
    type: Types = None,
    modality: Modalities = None,
    q: Text = None,
) -> analysis.EventFilter:
    return make_filter(since, until, country, actor, type, modality, q)


def event_filter_without_country(
    since: Since = None,
    until: Until = None,
    actor: Actor = None,
    type: Types = None,
    modality: Modalities = None,
    q: Text = None,
) -> analysis.EventFilter:
    """The filters of a route that is about countries itself (the list of countries, one country)."""
    return make_filter(since, until, None, actor, type, modality, q)


FilterDependency = Annotated[analysis.EventFilter, Depends(event_filter)]
FilterWithoutCountry = Annotated[analysis.EventFilter, Depends(event_filter_without_country)]
RecentDays = Annotated[int, Query(ge=1, le=366, description="Length of the recent window, in days.")]
BaselineDays = Annotated[
    int, Query(ge=1, le=3660, description="Length of the baseline window before it, in days.")
]
Threshold = Annotated[
    float, Query(ge=0, le=20, description="Fall of the mean daily intensity that raises an alert.")
]
MinEvents = Annotated[
    int, Query(ge=0, le=10_000, description="Conflict events the recent window needs for an alert.")
]
AsOf = Annotated[
    Day | None, Query(description="Last day of the recent window (default: the last event day).")
]
