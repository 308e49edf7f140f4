"""Export formats: events (or event clusters) as JSON lines, CSV, Parquet, PLOVER JSON or dyadic TSV.

:data:`WRITERS` maps each format's name to its writers; :meth:`core.Store.export` reads the records and
hands them to one of them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from ..codebook import quad_code
from ..errors import BadOption
from ..records import Actor, Event, Location

# PLOVER location "resolution": 5=sub-city, 4=city, 3=district, 2=province, 1=country.
PLOVER_RESOLUTION = {"site": 5, "city": 4, "admin1": 2, "country": 1, "region": 1, "water": None}
PLOVER_CODEBOOK = "plover-base"


def actor_code(actor: Actor) -> str:
    """A Phoenix-style code: country (or organisation) then sector, e.g. ``TURMIL``, ``NATO``."""
    return (actor.country or actor.org or "") + (actor.sector or "")


def _json_event(event: Event, context: dict) -> dict:
    return {
        "event": event.model_dump(mode="json"),
        "article": {
            "id": context["article_id"],
            **{name: context[name] for name in ("title", "published", "source", "url")},
        },
        "event_date": context["event_date"],
        "cluster_id": context["cluster_id"],
    }


def _plover_actor(actor: Actor) -> dict:
    return {
        "code": actor.country or actor.org,
        "sector": actor.sector,
        "entity_text": actor.text,
        "identifier_text": actor.name,
    }


def _plover_location(location: Location | None) -> dict | None:
    if location is None:
        return None
    return {
        "extracted_place": location.text,
        "resolved_place": location.name,
        "lat": location.lat,
        "lon": location.lon,
        "country_code": location.country,
        "resolution": PLOVER_RESOLUTION.get(location.kind),
    }


def plover_record(event: Event, context: dict) -> dict:
    """One event as a PLOVER JSON record (the codebook's "JSON data fields"), plus eventcoder's extras."""
    return {
        "id": event.id,
        "date": context["event_date"],
        "date_precision": event.date.precision if event.date else "article",
        "actor": [_plover_actor(actor) for actor in event.sources],
        "recipient": [_plover_actor(actor) for actor in event.targets],
        "event": [event.event_type],
        "mode": [event.mode] if event.mode else [],
        "context": list(event.context),
        "event_loc": _plover_location(event.location),
        "event_text": [event.trigger.text],
        "quad_code": quad_code(event.event_type),
        "event_scale": event.intensity,
        "cameo": event.cameo,
        "modality": event.modality,
        "content_type": event.content_type,
        "link": context["cluster_id"],
        "text": event.sentence.text,
        "text_info": {
            "sequence": event.sentence.index,
            "start": event.sentence.start,
            "end": event.sentence.end,
        },
        "cite_info": {
            "citation": context["article_id"],
            "url": context["url"],
            "title": context["title"],
            "language": context["language"],
            "publication": context["source"],
            "coder": context["coder"],
            "codebook": PLOVER_CODEBOOK,
        },
        "coder": context["coder"],
        "coded_date": context["coded_date"],
        "comment": f"{event.evidence.method} (confidence {event.evidence.confidence:g})",
    }


def _plover_cluster(record: dict) -> dict:
    return {
        "id": record["id"],
        "date": record["event_date"],
        "date_precision": record["date_precision"] or "article",
        "actor": [{"code": code} for code in record["source_countries"]],
        "recipient": [{"code": code} for code in record["target_countries"]],
        "event": [record["event_type"]],
        "event_loc": None
        if record["lat"] is None
        else {
            "resolved_place": record["location_name"],
            "lat": record["lat"],
            "lon": record["lon"],
            "country_code": record["location_country"],
        },
        "quad_code": quad_code(record["event_type"]),
        "event_scale": record["intensity"],
        "cameo": record["cameo"],
        "link": record["id"],
        "reports": record["report_count"],
        "outlets": record["outlets"],
        "events": [member["event_id"] for member in record["events"]],
    }


DYADIC_COLUMNS = (
    "event_id", "date", "source", "target", "cameo", "root", "quad_class", "intensity", "lat", "lon", "outlet", "url",
)  # fmt: skip


def dyadic_rows(event: Event, context: dict) -> list[dict]:
    """One row per source-target pair, GDELT/Phoenix style; an event without one side keeps an empty code."""
    common = {
        "event_id": event.id,
        "date": context["event_date"],
        "cameo": event.cameo,
        "root": event.cameo[:2] if event.cameo else None,
        "quad_class": quad_code(event.event_type),
        "intensity": event.intensity,
        "lat": event.location.lat if event.location else None,
        "lon": event.location.lon if event.location else None,
        "outlet": context["source"],
        "url": context["url"],
    }
    sources = [actor_code(actor) for actor in event.sources] or [""]
    targets = [actor_code(actor) for actor in event.targets] or [""]
    return [{**common, "source": source, "target": target} for source in sources for target in targets]


def _dyadic_cluster_rows(record: dict) -> list[dict]:
    common = {
        "event_id": record["id"],
        "date": record["event_date"],
        "cameo": record["cameo"],
        "root": record["cameo"][:2] if record["cameo"] else None,
        "quad_class": quad_code(record["event_type"]),
        "intensity": record["intensity"],
        "lat": record["lat"],
        "lon": record["lon"],
        "outlet": ";".join(record["outlets"]),
        "url": record["events"][0]["url"] if record["events"] else None,
    }
    sources = record["source_countries"] or [""]
    targets = record["target_countries"] or [""]
    return [{**common, "source": source, "target": target} for source in sources for target in targets]


# name -> pyarrow type name, in column order
EVENT_COLUMNS = {
    "event_id": "string", "article_id": "string", "event_date": "string", "date_value": "string",
    "date_precision": "string", "event_type": "string", "content_type": "string", "mode": "string",
    "context": "string", "cameo": "string", "quad_class": "int64", "intensity": "float64", "modality": "string",
    "source_names": "string", "source_codes": "string", "target_names": "string", "target_codes": "string",
    "location_name": "string", "location_country": "string", "lat": "float64", "lon": "float64",
    "trigger": "string", "trigger_start": "int64", "trigger_end": "int64", "sentence_index": "int64",
    "sentence": "string", "speaker": "string", "attribution_outlet": "string", "method": "string",
    "confidence": "float64", "outlet": "string", "url": "string", "title": "string", "published": "string",
    "cluster_id": "string",
}  # fmt: skip

CLUSTER_COLUMNS = {
    "cluster_id": "string", "event_type": "string", "event_date": "string", "date_value": "string",
    "date_precision": "string", "source_countries": "string", "target_countries": "string",
    "location_name": "string", "location_country": "string", "lat": "float64", "lon": "float64",
    "cameo": "string", "quad_class": "int64", "intensity": "float64", "report_count": "int64",
    "event_count": "int64", "outlets": "string", "event_ids": "string",
}  # fmt: skip


def flat_event(event: Event, context: dict) -> dict:
    """One event as one flat row (CSV, Parquet); lists are joined with ';'."""
    return {
        "event_id": event.id,
        "article_id": context["article_id"],
        "event_date": context["event_date"],
        "date_value": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "event_type": event.event_type,
        "content_type": event.content_type,
        "mode": event.mode,
        "context": ";".join(event.context),
        "cameo": event.cameo,
        "quad_class": quad_code(event.event_type),
        "intensity": event.intensity,
        "modality": event.modality,
        "source_names": ";".join(actor.name for actor in event.sources),
        "source_codes": ";".join(actor_code(actor) for actor in event.sources),
        "target_names": ";".join(actor.name for actor in event.targets),
        "target_codes": ";".join(actor_code(actor) for actor in event.targets),
        "location_name": event.location.name if event.location else None,
        "location_country": event.location.country if event.location else None,
        "lat": event.location.lat if event.location else None,
        "lon": event.location.lon if event.location else None,
        "trigger": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "sentence_index": event.sentence.index,
        "sentence": event.sentence.text,
        "speaker": event.attribution.speaker.name
        if event.attribution and event.attribution.speaker
        else None,
        "attribution_outlet": event.attribution.outlet if event.attribution else None,
        "method": event.evidence.method,
        "confidence": event.evidence.confidence,
        "outlet": context["source"],
        "url": context["url"],
        "title": context["title"],
        "published": context["published"],
        "cluster_id": context["cluster_id"],
    }


def _flat_cluster(record: dict) -> dict:
    row = {name: record.get(name) for name in CLUSTER_COLUMNS}
    row["cluster_id"] = record["id"]
    row["source_countries"] = ";".join(record["source_countries"])
    row["target_countries"] = ";".join(record["target_countries"])
    row["quad_class"] = quad_code(record["event_type"])
    row["outlets"] = ";".join(record["outlets"])
    row["event_ids"] = ";".join(member["event_id"] for member in record["events"])
    return row


def _open_text(output) -> tuple[io.TextIOBase, bool]:
    if output == "-" or output is None:
        return sys.stdout, False
    if hasattr(output, "write"):
        return output, False
    return open(output, "w", encoding="utf-8", newline=""), True


def _write_lines(output, lines: Iterable[str]) -> int:
    stream, owned = _open_text(output)
    count = 0
    try:
        for line in lines:
            stream.write(line + "\n")
            count += 1
    finally:
        if owned:
            stream.close()
    return count


def _write_table(output, rows: list[dict], columns: dict | Sequence[str], delimiter: str | None) -> int:
    """CSV/TSV with a header row, or Parquet when ``delimiter`` is None."""
    names = list(columns)
    if delimiter is None:
        if output == "-" or output is None or hasattr(output, "write"):
            raise BadOption("Parquet is written to a file: give an output path")
        # pyarrow takes a third of a second to import: only Parquet exports pay for it.
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(name, getattr(pa, columns[name])()) for name in names])
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), os.fspath(output))
        return len(rows)
    stream, owned = _open_text(output)
    try:
        writer = csv.DictWriter(
            stream, fieldnames=names, delimiter=delimiter, lineterminator="\n", extrasaction="raise"
        )
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if owned:
            stream.close()
    return len(rows)


# --------------------------------------------------------------------------------------------------
# The writers of each format: (output, records) -> how many records or rows were written


def _events_jsonl(output, items: list[tuple[Event, dict]]) -> int:
    return _write_lines(output, (json.dumps(_json_event(*item), ensure_ascii=False) for item in items))


def _events_plover(output, items: list[tuple[Event, dict]]) -> int:
    return _write_lines(output, (json.dumps(plover_record(*item), ensure_ascii=False) for item in items))


def _events_dyadic(output, items: list[tuple[Event, dict]]) -> int:
    return _write_table(output, [row for item in items for row in dyadic_rows(*item)], DYADIC_COLUMNS, "\t")


def _events_csv(output, items: list[tuple[Event, dict]]) -> int:
    return _write_table(output, [flat_event(*item) for item in items], EVENT_COLUMNS, ",")


def _events_parquet(output, items: list[tuple[Event, dict]]) -> int:
    return _write_table(output, [flat_event(*item) for item in items], EVENT_COLUMNS, None)


def _clusters_jsonl(output, records: list[dict]) -> int:
    return _write_lines(output, (json.dumps(record, ensure_ascii=False) for record in records))


def _clusters_plover(output, records: list[dict]) -> int:
    return _write_lines(
        output, (json.dumps(_plover_cluster(record), ensure_ascii=False) for record in records)
    )


def _clusters_dyadic(output, records: list[dict]) -> int:
    rows = [row for record in records for row in _dyadic_cluster_rows(record)]
    return _write_table(output, rows, DYADIC_COLUMNS, "\t")


def _clusters_csv(output, records: list[dict]) -> int:
    return _write_table(output, [_flat_cluster(record) for record in records], CLUSTER_COLUMNS, ",")


def _clusters_parquet(output, records: list[dict]) -> int:
    return _write_table(output, [_flat_cluster(record) for record in records], CLUSTER_COLUMNS, None)


class Writer(NamedTuple):
    """How one format writes (event, context) pairs, and how it writes event-cluster records."""

    events: Callable[[object, list[tuple[Event, dict]]], int]
    clusters: Callable[[object, list[dict]], int]


WRITERS: dict[str, Writer] = {
    "jsonl": Writer(events=_events_jsonl, clusters=_clusters_jsonl),
    "csv": Writer(events=_events_csv, clusters=_clusters_csv),
    "parquet": Writer(events=_events_parquet, clusters=_clusters_parquet),
    "plover": Writer(events=_events_plover, clusters=_clusters_plover),
    "dyadic-tsv": Writer(events=_events_dyadic, clusters=_clusters_dyadic),
}
EXPORT_FORMATS = tuple(WRITERS)
