"""Records of the dashboard's views (also the REST API's response bodies): real-world events, the map,
series, countries and actors, change detection."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..records import EventReport
from .models import SeriesPoint


class ClusterEvent(BaseModel):
    """One report of a real-world event: the event record and the article it is in."""

    event_id: str
    article_id: str
    article_title: str | None = Field(description="The title of the article it is in.")
    outlet: str | None
    url: str | None


class ClusterRecord(BaseModel):
    """A real-world event: the reports of it, from one or more articles."""

    id: str = Field(description="Its smallest event id.")
    event_type: str
    event_date: str | None = Field(description="The day of its most precisely dated report.")
    date_precision: str | None
    quad_class: str | None
    source_countries: list[str] = Field(description="Country (else organisation) codes of its sources.")
    target_countries: list[str]
    location_name: str | None
    location_country: str | None
    lat: float | None
    lon: float | None
    cameo: str | None
    intensity: float
    report_count: int = Field(description="Distinct articles reporting it.")
    event_count: int
    outlets: list[str]
    events: list[ClusterEvent]


class ClusterPage(BaseModel):
    clusters: list[ClusterRecord]
    total: int = Field(description="How many real-world events match the filters, over all pages.")


class MapPlace(BaseModel):
    """The events at one place (a location name and its coordinates)."""

    name: str
    country: str | None
    lat: float
    lon: float
    events: int = Field(description="Events counted at this place (reports).")
    clusters: int = Field(description="Real-world events at this place, each on its own day.")
    quad_class: str | None = Field(description="The most frequent quad class of its events.")
    by_quad: dict[str, int]


class PeriodPoint(SeriesPoint):
    clusters: int = Field(description="Real-world events whose day falls in the period.")


class Series(BaseModel):
    key: str = Field(description="The country (ISO3), the dyad 'SOURCE>TARGET', or 'all'.")
    interval: str
    points: list[PeriodPoint] = Field(description="The periods with events, oldest first.")


class CountryItem(BaseModel):
    code: str
    name: str
    events: int = Field(description="Events counted that involve it: an actor's country or the place's.")


class Partner(BaseModel):
    code: str = Field(description="Country (ISO3) or organisation code.")
    name: str
    as_source: int = Field(description="Events in which the country acted on this partner.")
    as_target: int = Field(description="Events in which this partner acted on the country.")
    intensity: float = Field(description="Sum of the intensity of both directions' events.")


class ActorPartner(BaseModel):
    name: str
    country: str | None = Field(description="Its most frequent country, sector and kind in these events.")
    sector: str | None
    kind: str | None = Field(description="person, organisation, country, ... as the actor stage resolved it.")
    as_source: int = Field(description="Events in which the actor acted on this partner.")
    as_target: int = Field(description="Events in which this partner acted on the actor.")
    intensity: float


class TypeCount(BaseModel):
    event_type: str
    events: int


class QuoteItem(BaseModel):
    speaker: str
    text: str
    article_id: str
    published: str | None


class ChangeRow(BaseModel):
    """Real-world events of the recent window at one place against the weekly averages before it."""

    country: str | None = Field(description="ISO 3166-1 alpha-3 code.")
    country_name: str | None
    admin1: str | None = Field(description="First-level region; null for a whole country.")
    recent: int = Field(description="Real-world events in the recent window (the last recent_days).")
    short_average: float = Field(
        description="Average per recent window over the short_weeks before it (the weekly average "
        "when recent_days is 7)."
    )
    long_average: float = Field(description="The same over the long_weeks before the recent window.")
    short_ratio: float | None = Field(description="recent / short_average; null when that is 0.")
    long_ratio: float | None
    flag: str | None = Field(description="'surge', 'large_increase' or null.")


class Change(BaseModel):
    as_of: str | None = Field(description="Last day of the recent window.")
    level: str
    recent_days: int
    short_weeks: int
    long_weeks: int
    increase: float
    surge: float
    min_events: int
    counting: str
    rows: list[ChangeRow]


class CountryProfile(BaseModel):
    code: str
    name: str
    events: int
    clusters: int
    series: list[PeriodPoint] = Field(description="By week.")
    partners: list[Partner]
    types: list[TypeCount]
    recent: list[EventReport]
    quotes: list[QuoteItem] = Field(description="Quotes of speakers of the country, newest first.")
    change: ChangeRow | None


class ActorProfile(BaseModel):
    name: str
    country: str | None
    sector: str | None
    events: int
    clusters: int
    series: list[PeriodPoint]
    partners: list[ActorPartner]
    types: list[TypeCount]
    recent: list[EventReport]
    quotes: list[QuoteItem]
    change: ChangeRow | None = Field(
        description="The actor's real-world events of the recent window against its averages."
    )
