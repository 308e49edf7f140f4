"""Downloads of a selection of events: CSV (the export's columns), GeoJSON (located events) and PLOVER
JSON Lines (the export's records), streamed a chunk of events at a time."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from fastapi.responses import StreamingResponse

from ..codebook import quad_class
from ..records import Event
from ..store import EVENT_COLUMNS, WRITERS, EventFilter, Store, flat_event
from ..store.exports.tables import write_table

# format -> (media type, file extension)
DOWNLOAD_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "plover": ("application/x-ndjson", "jsonl"),
}
MAX_DOWNLOAD = 100_000  # events in one download, and the default


def download(
    store: Store, selection: EventFilter, format: str, limit: int, *, include_negated: bool = False
) -> StreamingResponse:
    """The events of ``selection``, newest first, at most ``limit``, as a file in ``format``."""
    media_type, extension = DOWNLOAD_FORMATS[format]
    chunks = store.event_chunks(selection, limit=limit, located=format == "geojson")
    if format == "csv":
        body = _csv(chunks)
    elif format == "geojson":
        body = _geojson(chunks)
    else:
        body = _plover(chunks, include_negated)
    headers = {"Content-Disposition": f'attachment; filename="eventcoder-events.{extension}"'}
    # a plain generator: Starlette runs it in its thread pool, off the event loop
    return StreamingResponse(body, media_type=media_type, headers=headers)


def _csv(chunks) -> Iterator[str]:
    first = True
    for items in chunks:
        buffer = io.StringIO()
        write_table(buffer, [flat_event(*item) for item in items], EVENT_COLUMNS, ",", header=first)
        first = False
        yield buffer.getvalue()
    if first:  # nothing matched: the header alone
        buffer = io.StringIO()
        write_table(buffer, [], EVENT_COLUMNS, ",")
        yield buffer.getvalue()


def _plover(chunks, include_negated: bool) -> Iterator[str]:
    for items in chunks:
        buffer = io.StringIO()
        WRITERS["plover"].events(buffer, items, include_negated=include_negated)
        yield buffer.getvalue()


def _geojson(chunks) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    separator = ""
    for items in chunks:
        parts = [json.dumps(feature(*item), ensure_ascii=False) for item in items if item[0].location]
        if parts:
            yield separator + ",\n".join(parts)
            separator = ",\n"
    yield "]}\n"


def _once(values) -> list:
    return list(dict.fromkeys(value for value in values if value))


def feature(event: Event, context: dict) -> dict:
    """A located event as a GeoJSON Feature: a Point [lon, lat] and the event's main fields."""
    location = event.location
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
        "properties": {
            "id": event.id,
            "event_date": context["event_date"],
            "event_type": event.event_type,
            "quad_class": quad_class(event.event_type),
            "modality": event.modality,
            "source_names": _once(actor.name for actor in event.sources),
            "source_countries": _once(actor.country for actor in event.sources),
            "target_names": _once(actor.name for actor in event.targets),
            "target_countries": _once(actor.country for actor in event.targets),
            "location_name": location.name,
            "location_country": location.country,
            "cluster_id": context["cluster_id"],
            "article_id": context["article_id"],
            "title": context["title"],
            "url": context["url"],
        },
    }
