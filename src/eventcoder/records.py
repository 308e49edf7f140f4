"""The record types every output of eventcoder follows.

One article in, one :class:`ArticleDocument` out. ``docs/schema.md`` describes these types and
``record_schema.json`` (generated from them by ``python -m eventcoder.records``) is their JSON
Schema. Every character offset points into ``ArticleDocument.article.text``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
MODALITIES = ("asserted", "future", "hypothetical", "negated", "prevented", "historical")
Modality = Literal[MODALITIES]  # type: ignore[valid-type]
ActorKind = Literal["state", "person", "organization", "group", "media"]
PlaceKind = Literal["city", "admin1", "country", "region", "water", "site"]
DatePrecision = Literal["day", "week", "month", "year", "article"]

SCHEMA_PATH = Path(__file__).with_name("record_schema.json")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Actor(Record):
    """One mention of an actor, resolved to codes."""

    text: str = Field(description="The mention as written.")
    start: int = Field(ge=0, description="Character offset of the mention in the article text.")
    end: int = Field(ge=0)
    name: str = Field(description="Canonical name of the actor.")
    country: str | None = Field(description="ISO 3166-1 alpha-3 code, or null.")
    sector: str | None = Field(description="PLOVER/CAMEO agent code: GOV, MIL, REB, OPP, ...")
    org: str | None = Field(description="Short code of an organisation or armed group: NATO, UN, HTS, ...")
    kind: ActorKind
    method: str = Field(description="The rule or table that recognised and resolved the mention.")
    office: str | None = Field(
        default=None,
        description="Office or official position when the text or the knowledge base gives it "
        "('President', 'Foreign Minister'), else null (PLOVER's actor 'office').",
    )


class DateValue(Record):
    value: str = Field(description="ISO date, YYYY-MM or YYYY.")
    precision: DatePrecision
    text: str | None = Field(description="The temporal expression, or null for the publication date.")


class Location(Record):
    name: str
    text: str
    lat: float
    lon: float
    country: str | None = Field(description="ISO 3166-1 alpha-3 code.")
    kind: PlaceKind
    geonameid: int | None = Field(
        default=None, description="GeoNames id of the place, when the gazetteer row came from GeoNames."
    )
    feature_class: str | None = Field(
        default=None, description="GeoNames feature class: P populated place, A administrative, H water, ..."
    )
    feature_code: str | None = Field(
        default=None,
        description="GeoNames feature code where the table tells it (PCLI, ADM1, ADM2), else null.",
    )
    admin1: str | None = Field(default=None, description="Name of the first-level region the place lies in.")


class Place(Location):
    """A place name found in the text, geocoded."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Trigger(Record):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class SentenceRef(Record):
    index: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Attribution(Record):
    speaker: Actor | None
    outlet: str | None


class Evidence(Record):
    method: str = Field(description="The rule or model that produced the event.")
    confidence: float = Field(ge=0, le=1)


class Event(Record):
    id: str
    event_type: EventType
    content_type: EventType | None = Field(
        default=None,
        description="The type of the promised, threatened, refused or demanded event when event_type is "
        "PLOVER's reading of it (AGREE for 'will send aid': AID), else null.",
    )
    mode: str | None
    context: list[str]
    cameo: str | None
    intensity: float = Field(ge=-10, le=10, description="PLOVER conflict-cooperation score.")
    modality: Modality
    sources: list[Actor]
    targets: list[Actor]
    date: DateValue | None
    location: Location | None
    trigger: Trigger
    sentence: SentenceRef
    attribution: Attribution | None
    evidence: Evidence


class Quote(Record):
    id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    speaker: Actor | None
    verb: str | None
    outlet: str | None


class Article(Record):
    id: str
    title: str | None
    published: str | None = Field(description="ISO date of publication, or null.")
    source: str | None = Field(description="The outlet that published the article.")
    url: str | None
    language: str
    text: str = Field(description="The exact text that was coded.")


class Coder(Record):
    version: str
    model: str


class ArticleDocument(Record):
    """Everything eventcoder found in one article."""

    article: Article
    events: list[Event]
    quotes: list[Quote]
    mentions: list[Actor]
    places: list[Place]
    coder: Coder


class ArticleRef(Record):
    """The article that reported an event: :class:`Article` without its text."""

    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None


class EventReport(Record):
    """One stored event with the article that reported it: a line of ``export -f jsonl``, an item of
    the API's ``/api/events``."""

    event: Event
    article: ArticleRef
    event_date: str | None = Field(
        description="The day the event is counted on: the first day of its date, else the publication date."
    )
    date_basis: Literal["event", "publication"] | None = Field(
        description="Whether event_date is the event's own date or the article's publication date."
    )
    quad_class: str | None = Field(description="PLOVER quad class of the event type.")
    cluster_id: str | None = Field(description="The real-world event (cluster of reports) it belongs to.")


def json_schema() -> dict:
    """One schema for every output: an article document, an array of them (``code -f json`` on several
    articles), or an event report."""
    _, schema = models_json_schema(
        [(ArticleDocument, "validation"), (EventReport, "validation")], ref_template="#/$defs/{model}"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://eventcoder.invalid/record_schema.json",
        "title": "eventcoder output",
        "anyOf": [
            {"$ref": "#/$defs/ArticleDocument"},
            {"type": "array", "items": {"$ref": "#/$defs/ArticleDocument"}},
            {"$ref": "#/$defs/EventReport"},
        ],
        "$defs": schema["$defs"],
    }


if __name__ == "__main__":  # regenerate the shipped schema file
    SCHEMA_PATH.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")
