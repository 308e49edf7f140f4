"""Rows from records and back: what :class:`core.Store` writes for each record, and reads it back from."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from ..codebook import quad_class
from ..records import (
    Actor,
    Article,
    ArticleRef,
    Attribution,
    DateValue,
    Event,
    EventReport,
    Evidence,
    Location,
    Place,
    Quote,
    SentenceRef,
    Trigger,
)
from .schema import ACTOR_FIELDS, GEONAMES_FIELDS

LOOKUP_CHUNK = 500  # ids per IN (...) query: well under SQLite's bound-parameter limit
ARTICLE_DATE_LEEWAY_DAYS = 2  # an event dated only by its article happened up to 2 days before it


def actor_row(actor: Actor, prefix: str = "") -> dict:
    values = (
        actor.text,
        actor.start,
        actor.end,
        actor.name,
        actor.country,
        actor.sector,
        actor.org,
        actor.kind,
        actor.method,
        actor.office,
    )
    return {prefix + name: value for name, value in zip(ACTOR_FIELDS, values, strict=True)}


def actor_from_row(row, prefix: str = "") -> Actor:
    """The actor of a stored row (columns ``ACTOR_FIELDS``, after ``prefix``)."""
    get = row._mapping if hasattr(row, "_mapping") else row
    return Actor(
        text=get[prefix + "text"],
        start=get[prefix + "start_char"],
        end=get[prefix + "end_char"],
        name=get[prefix + "name"],
        country=get[prefix + "country"],
        sector=get[prefix + "sector"],
        org=get[prefix + "org"],
        kind=get[prefix + "kind"],
        method=get[prefix + "method"],
        office=get[prefix + "office"],
    )


def event_date_range(date: DateValue | None, published: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day an event may have happened on, from its date and precision."""
    if date is not None:
        value, precision = date.value, date.precision
    elif published:
        value, precision = published, "article"
    else:
        return None
    try:
        if precision == "year":
            return dt.date(int(value[:4]), 1, 1), dt.date(int(value[:4]), 12, 31)
        if precision == "month":
            first = dt.date(int(value[:4]), int(value[5:7]), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        day = dt.date.fromisoformat(value[:10])
        if precision == "week":
            return day, day + dt.timedelta(days=6)
        if precision == "article":
            return day - dt.timedelta(days=ARTICLE_DATE_LEEWAY_DAYS), day
    except (ValueError, OverflowError):  # December 9999 has no following month; year 1 no leeway
        return None
    return day, day


def date_basis(event_date: str | None, own_date: bool) -> str | None:
    """``events.date_basis``: 'event' when ``event_date`` comes from the event's own date,
    'publication' when from its article's, None when there is no date."""
    if event_date is None:
        return None
    return "event" if own_date else "publication"


def geonames_row(location: Location | None, prefix: str = "") -> dict:
    """The GeoNames fields of a location (None for each when there is no location)."""
    return {prefix + name: getattr(location, name) if location else None for name in GEONAMES_FIELDS}


def event_to_rows(event: Event, position: int, article: Article) -> tuple[dict, list[dict]]:
    # filed under the first day it may have happened on; an undated event (or one whose date cannot
    # be read as days) under its article's day
    first = event_date_range(event.date, None)
    own_date = event.date is not None and first is not None
    event_date = first[0].isoformat() if own_date else article.published
    row = {
        "id": event.id,
        "article_id": article.id,
        "position": position,
        "event_type": event.event_type,
        "content_type": event.content_type,
        "mode": event.mode,
        "context": list(event.context),
        "cameo": event.cameo,
        "intensity": event.intensity,
        "modality": event.modality,
        "event_date": event_date,
        "date_basis": date_basis(event_date, own_date),
        "date_value": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "date_text": event.date.text if event.date else None,
        "location_name": event.location.name if event.location else None,
        "location_text": event.location.text if event.location else None,
        "lat": event.location.lat if event.location else None,
        "lon": event.location.lon if event.location else None,
        "location_country": event.location.country if event.location else None,
        "location_kind": event.location.kind if event.location else None,
        **geonames_row(event.location, "location_"),
        "trigger_text": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "sentence_index": event.sentence.index,
        "sentence_start": event.sentence.start,
        "sentence_end": event.sentence.end,
        "sentence_text": event.sentence.text,
        "attributed": event.attribution is not None,
        "attribution_outlet": event.attribution.outlet if event.attribution else None,
        "evidence_method": event.evidence.method,
        "evidence_confidence": event.evidence.confidence,
        "cluster_id": None,
    }
    actors = [
        {"event_id": event.id, "role": role, "position": number, **actor_row(actor)}
        for role, group in (("source", event.sources), ("target", event.targets))
        for number, actor in enumerate(group)
    ]
    if event.attribution is not None and event.attribution.speaker is not None:
        actors.append(
            {"event_id": event.id, "role": "speaker", "position": 0, **actor_row(event.attribution.speaker)}
        )
    return row, actors


def event_location(row) -> Location | None:
    """The place of a stored ``events`` row."""
    get = row._mapping
    if get["location_name"] is None:
        return None
    return Location(
        name=get["location_name"],
        text=get["location_text"],
        lat=get["lat"],
        lon=get["lon"],
        country=get["location_country"],
        kind=get["location_kind"],
        **{name: get["location_" + name] for name in GEONAMES_FIELDS},
    )


def event_from_row(row, actors: Sequence) -> Event:
    get = row._mapping
    by_role: dict[str, list[Actor]] = defaultdict(list)
    for actor in sorted(actors, key=lambda actor: (actor.role, actor.position)):
        by_role[actor.role].append(actor_from_row(actor))
    attribution = None
    if get["attributed"]:
        speakers = by_role.get("speaker") or [None]
        attribution = Attribution(speaker=speakers[0], outlet=get["attribution_outlet"])
    location = event_location(row)
    date = None
    if get["date_value"] is not None:
        date = DateValue(value=get["date_value"], precision=get["date_precision"], text=get["date_text"])
    return Event(
        id=get["id"],
        event_type=get["event_type"],
        content_type=get["content_type"],
        mode=get["mode"],
        context=list(get["context"] or []),
        cameo=get["cameo"],
        intensity=get["intensity"],
        modality=get["modality"],
        sources=by_role.get("source", []),
        targets=by_role.get("target", []),
        date=date,
        location=location,
        trigger=Trigger(text=get["trigger_text"], start=get["trigger_start"], end=get["trigger_end"]),
        sentence=SentenceRef(
            index=get["sentence_index"],
            start=get["sentence_start"],
            end=get["sentence_end"],
            text=get["sentence_text"],
        ),
        attribution=attribution,
        evidence=Evidence(method=get["evidence_method"], confidence=get["evidence_confidence"]),
    )


def event_report(event: Event, stored: Mapping) -> EventReport:
    """A stored event with its article: ``stored`` holds the events row's ``article_id``, ``event_date``,
    ``date_basis`` and ``cluster_id`` and the article's ``title``, ``published``, ``source``, ``url``."""
    return EventReport(
        event=event,
        article=ArticleRef(
            id=stored["article_id"],
            **{name: stored[name] for name in ("title", "published", "source", "url")},
        ),
        event_date=stored["event_date"],
        date_basis=stored["date_basis"],
        quad_class=quad_class(event.event_type),
        cluster_id=stored["cluster_id"],
    )


def quote_row(quote: Quote, position: int, article_id: str) -> dict:
    speaker = (
        actor_row(quote.speaker, "speaker_")
        if quote.speaker
        else {f"speaker_{name}": None for name in ACTOR_FIELDS}
    )
    return {
        "id": quote.id,
        "article_id": article_id,
        "position": position,
        "text": quote.text,
        "start_char": quote.start,
        "end_char": quote.end,
        "verb": quote.verb,
        "outlet": quote.outlet,
        **speaker,
    }


def quote_from_row(row) -> Quote:
    get = row._mapping
    return Quote(
        id=get["id"],
        text=get["text"],
        start=get["start_char"],
        end=get["end_char"],
        speaker=actor_from_row(row, "speaker_") if get["speaker_name"] is not None else None,
        verb=get["verb"],
        outlet=get["outlet"],
    )


def place_row(place: Place, position: int, article_id: str) -> dict:
    return {
        "article_id": article_id,
        "position": position,
        "name": place.name,
        "text": place.text,
        "start_char": place.start,
        "end_char": place.end,
        "lat": place.lat,
        "lon": place.lon,
        "country": place.country,
        "kind": place.kind,
        **geonames_row(place),
    }


def place_from_row(row) -> Place:
    get = row._mapping
    return Place(
        name=get["name"],
        text=get["text"],
        start=get["start_char"],
        end=get["end_char"],
        lat=get["lat"],
        lon=get["lon"],
        country=get["country"],
        kind=get["kind"],
        **{name: get[name] for name in GEONAMES_FIELDS},
    )


def chunks(values: Sequence, size: int = LOOKUP_CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
