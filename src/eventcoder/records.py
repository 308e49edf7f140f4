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

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Modality = Literal["asserted", "future", "hypothetical", "negated", "prevented", "historical"]
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


def json_schema() -> dict:
    schema = ArticleDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://eventcoder.invalid/record_schema.json"
    return schema


if __name__ == "__main__":  # regenerate the shipped schema file
    SCHEMA_PATH.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")
