"""Records returned by the analytics (also the REST API's response bodies), and the quad classes they count."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..records import EventReport


class EventPage(BaseModel):
    events: list[EventReport]
    total: int = Field(description="How many events match the filters, over all pages.")


class Count(BaseModel):
    key: str = Field(description="The event type, the day, or the dyad as 'SOURCE>TARGET'.")
    events: int
    source: str | None = None
    target: str | None = None


class Summary(BaseModel):
    """What a selection of events holds (``eventcoder stats``, ``/api/stats``)."""

    counting: str = Field(description="Which events the counts below count, in words.")
    events: int = Field(description="Events counted: reports, one per article that tells them.")
    real_world_events: int = Field(
        description="Real-world events (event clusters) with a report among them, the same event told by "
        "several articles counting once, on its own day (its most precise report's)."
    )
    articles: int = Field(description="Articles reporting the events counted.")
    outlets: int = Field(description="Distinct outlets of those articles.")
    actors: int = Field(description="Distinct actors (name and country) among the sources and targets.")
    places: int = Field(description="Distinct places of the events.")
    quotes: int = Field(description="Quotes in the articles reporting the events.")
    first_event_date: str | None
    last_event_date: str | None
    stored_articles: int = Field(description="Every article in the database, with events or not.")
    not_counted: dict[str, int] = Field(description="Events of the selection left out, by modality.")
    top_event_types: list[Count]
    top_dyads: list[Count]


class SeriesPoint(BaseModel):
    period: str = Field(description="First day of the period (ISO date).")
    events: int
    intensity: float = Field(description="Sum of the events' PLOVER intensity: below 0 is conflict.")
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0


class Signal(BaseModel):
    """The escalation signal of one series on one day."""

    as_of: str
    recent_mean: float = Field(description="Mean daily intensity over the recent window.")
    baseline_mean: float = Field(description="Mean daily intensity over the baseline window before it.")
    change: float = Field(
        description="baseline_mean - recent_mean: above 0 the series turned more conflictual."
    )
    recent_events: int
    recent_conflict_events: int
    alert: bool


class DyadSeries(BaseModel):
    source: str = Field(description="Country (ISO 3166-1 alpha-3) or organisation code of the source actors.")
    target: str
    events: int
    intensity: float
    points: list[SeriesPoint]
    alerts: list[Signal] = Field(description="Days on which the escalation signal raised an alert.")


class EscalationRow(BaseModel):
    source: str | None = Field(description="Source code for a dyad; null for a country.")
    target: str | None = None
    country: str | None = Field(default=None, description="The country for a per-country row.")
    signal: Signal


class Escalation(BaseModel):
    as_of: str | None
    recent_days: int
    baseline_days: int
    threshold: float
    min_events: int
    dyads: list[EscalationRow]
    countries: list[EscalationRow]


class NetworkNode(BaseModel):
    id: str
    name: str
    country: str | None
    sector: str | None
    org: str | None
    kind: str
    events: int = Field(description="Events the actor takes part in, as source or target.")


class NetworkLink(BaseModel):
    source: str
    target: str
    events: int
    intensity: float
    conflict_events: int


class Network(BaseModel):
    nodes: list[NetworkNode]
    links: list[NetworkLink]


class Speaker(BaseModel):
    name: str
    sector: str | None
    kind: str | None
    quotes: int
    example: str = Field(description="The first of the speaker's quotes, shortened.")


class SpeakerGroup(BaseModel):
    actor: str | None = Field(
        description="Country or organisation code the speakers act for; null if unknown."
    )
    quotes: int
    speakers: list[Speaker]
