"""The tabular formats: CSV and Parquet (one row per event or cluster), dyadic TSV (one row per dyad).

Every column has one type in every format (:data:`EVENT_COLUMNS`, :data:`CLUSTER_COLUMNS`,
:data:`DYADIC_COLUMNS`): Parquet stores it as that type (``date32`` days, ``list<string>`` for the
columns that hold one value per actor, CAMEO codes as strings); CSV writes days as ``YYYY-MM-DD`` and
joins a list with ``;`` (an actor without a country leaves its place empty, so the lists of one side
stay aligned). The quad class is the PLOVER name everywhere (``material_conflict``) with its number in
``quad_code``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping, Sequence

from ...errors import BadOption
from ...records import Actor, Event
from .common import actor_code, cameo_root, country_names, day, first_day, quad
from .streams import open_text

# name -> type, in column order. Types: string, date32, int64, float64, list<string>.
EVENT_COLUMNS = {
    "event_id": "string", "article_id": "string", "event_date": "date32", "date_start": "date32",
    "date_value": "string", "date_precision": "string", "event_type": "string", "content_type": "string",
    "mode": "string", "context": "list<string>", "cameo": "string", "cameo_root": "string",
    "quad_class": "string", "quad_code": "int64", "intensity": "float64", "modality": "string",
    "source_name": "list<string>", "source_code": "list<string>", "source_country": "list<string>",
    "source_sector": "list<string>", "target_name": "list<string>", "target_code": "list<string>",
    "target_country": "list<string>", "target_sector": "list<string>",
    "location_name": "string", "location_country": "string", "location_admin1": "string",
    "location_kind": "string", "geonameid": "int64", "feature_class": "string", "feature_code": "string",
    "lat": "float64", "lon": "float64", "trigger": "string", "trigger_start": "int64", "trigger_end": "int64",
    "sentence_index": "int64", "sentence": "string", "speaker": "string", "attribution_outlet": "string",
    "method": "string", "confidence": "float64", "outlet": "string", "url": "string", "title": "string",
    "published": "date32", "cluster_id": "string", "report_count": "int64",
}  # fmt: skip

CLUSTER_COLUMNS = {
    "cluster_id": "string", "event_type": "string", "event_date": "date32", "date_start": "date32",
    "date_value": "string", "date_precision": "string", "source_country": "list<string>",
    "target_country": "list<string>", "location_name": "string", "location_country": "string",
    "lat": "float64", "lon": "float64", "cameo": "string", "cameo_root": "string", "quad_class": "string",
    "quad_code": "int64", "intensity": "float64", "report_count": "int64", "event_count": "int64",
    "outlets": "list<string>", "event_ids": "list<string>",
}  # fmt: skip

DYADIC_COLUMNS = (
    "event_id", "event_date", "source_code", "source_name", "source_country", "source_sector",
    "target_code", "target_name", "target_country", "target_sector", "event_type", "cameo", "cameo_root",
    "quad_class", "quad_code", "intensity", "modality", "location_name", "lat", "lon", "report_count",
    "outlet", "url",
)  # fmt: skip


def _side(prefix: str, actors: list[Actor]) -> dict:
    """One side's actors as aligned lists: the i-th name, code, country and sector are one actor's."""
    return {
        f"{prefix}_name": [actor.name for actor in actors],
        f"{prefix}_code": [actor_code(actor) for actor in actors],
        f"{prefix}_country": [actor.country for actor in actors],
        f"{prefix}_sector": [actor.sector for actor in actors],
    }


def flat_event(event: Event, context: Mapping) -> dict:
    """One event as one row of :data:`EVENT_COLUMNS` (CSV, Parquet); days as dates, lists as lists."""
    location = event.location
    attribution = event.attribution
    return {
        "event_id": event.id,
        "article_id": context["article_id"],
        "event_date": day(context["event_date"]),
        "date_start": first_day(event.date.value) if event.date else None,
        "date_value": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "event_type": event.event_type,
        "content_type": event.content_type,
        "mode": event.mode,
        "context": list(event.context),
        "cameo": event.cameo,
        "cameo_root": cameo_root(event.cameo),
        **quad(event.event_type),
        "intensity": event.intensity,
        "modality": event.modality,
        **_side("source", event.sources),
        **_side("target", event.targets),
        "location_name": location.name if location else None,
        "location_country": location.country if location else None,
        "location_admin1": location.admin1 if location else None,
        "location_kind": location.kind if location else None,
        "geonameid": location.geonameid if location else None,
        "feature_class": location.feature_class if location else None,
        "feature_code": location.feature_code if location else None,
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "trigger": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "sentence_index": event.sentence.index,
        "sentence": event.sentence.text,
        "speaker": attribution.speaker.name if attribution and attribution.speaker else None,
        "attribution_outlet": attribution.outlet if attribution else None,
        "method": event.evidence.method,
        "confidence": event.evidence.confidence,
        "outlet": context["source"],
        "url": context["url"],
        "title": context["title"],
        "published": day(context["published"]),
        "cluster_id": context["cluster_id"],
        "report_count": context.get("report_count"),
    }


def _known_country(code: str) -> str | None:
    """A cluster's side code as a country: the code itself when it is one, None for an organisation's."""
    return code if code in country_names() else None


def flat_cluster(record: Mapping) -> dict:
    """One event cluster as one row of :data:`CLUSTER_COLUMNS`.

    A cluster keeps one code per actor on each side: its ISO country, or its organisation's code
    for an actor without a country (``source_country`` holds these codes, as the clustering compares
    them)."""
    return {
        "cluster_id": record["id"],
        "event_type": record["event_type"],
        "event_date": day(record["event_date"]),
        "date_start": first_day(record["date_value"]),
        "date_value": record["date_value"],
        "date_precision": record["date_precision"],
        "source_country": list(record["source_countries"]),
        "target_country": list(record["target_countries"]),
        "location_name": record["location_name"],
        "location_country": record["location_country"],
        "lat": record["lat"],
        "lon": record["lon"],
        "cameo": record["cameo"],
        "cameo_root": cameo_root(record["cameo"]),
        **quad(record["event_type"]),
        "intensity": record["intensity"],
        "report_count": record["report_count"],
        "event_count": record["event_count"],
        "outlets": list(record["outlets"]),
        "event_ids": [member["event_id"] for member in record["events"]],
    }


def _no_actor(prefix: str) -> dict:
    return {f"{prefix}_{part}": None for part in ("code", "name", "country", "sector")}


def _actor_columns(prefix: str, actor: Actor) -> dict:
    return {
        f"{prefix}_code": actor_code(actor),
        f"{prefix}_name": actor.name,
        f"{prefix}_country": actor.country,
        f"{prefix}_sector": actor.sector,
    }


def dyadic_rows(event: Event, context: Mapping) -> list[dict]:
    """One row per source-target pair, GDELT/Phoenix style; a side without actors is left empty."""
    common = {
        "event_id": event.id,
        "event_date": context["event_date"],
        "event_type": event.event_type,
        "cameo": event.cameo,
        "cameo_root": cameo_root(event.cameo),
        **quad(event.event_type),
        "intensity": event.intensity,
        "modality": event.modality,
        "location_name": event.location.name if event.location else None,
        "lat": event.location.lat if event.location else None,
        "lon": event.location.lon if event.location else None,
        "report_count": context.get("report_count"),
        "outlet": context["source"],
        "url": context["url"],
    }
    sources = [_actor_columns("source", actor) for actor in event.sources] or [_no_actor("source")]
    targets = [_actor_columns("target", actor) for actor in event.targets] or [_no_actor("target")]
    return [{**common, **source, **target} for source in sources for target in targets]


def _code_columns(prefix: str, code: str | None) -> dict:
    return {**_no_actor(prefix), f"{prefix}_code": code, f"{prefix}_country": code and _known_country(code)}


def dyadic_cluster_rows(record: Mapping) -> list[dict]:
    """One row per pair of the cluster's source and target codes (no names or sectors: a cluster keeps
    only codes); ``outlet`` joins its outlets with ';', ``url`` is its first event's."""
    common = {
        "event_id": record["id"],
        "event_date": record["event_date"],
        "event_type": record["event_type"],
        "cameo": record["cameo"],
        "cameo_root": cameo_root(record["cameo"]),
        **quad(record["event_type"]),
        "intensity": record["intensity"],
        "modality": None,
        "location_name": record["location_name"],
        "lat": record["lat"],
        "lon": record["lon"],
        "report_count": record["report_count"],
        "outlet": ";".join(record["outlets"]),
        "url": record["events"][0]["url"] if record["events"] else None,
    }
    sources = [_code_columns("source", code) for code in record["source_countries"]] or [
        _code_columns("source", None)
    ]
    targets = [_code_columns("target", code) for code in record["target_countries"]] or [
        _code_columns("target", None)
    ]
    return [{**common, **source, **target} for source in sources for target in targets]


def _arrow_type(name: str):
    import pyarrow as pa

    if name == "list<string>":
        return pa.list_(pa.string())
    return getattr(pa, name)()


def _text_row(row: dict, columns: Mapping[str, str] | Sequence[str]) -> dict:
    """A row for CSV: lists joined with ';' (a missing value as an empty part), days as YYYY-MM-DD."""
    if not isinstance(columns, Mapping):
        return row
    return {
        name: ";".join(part or "" for part in row[name]) if kind == "list<string>" else row[name]
        for name, kind in columns.items()
    }


def write_table(
    output,
    rows: list[dict],
    columns: Mapping[str, str] | Sequence[str],
    delimiter: str | None,
    header: bool = True,
) -> int:
    """CSV/TSV with a header row (unless ``header`` is False: a later part of the same table), or
    Parquet when ``delimiter`` is None."""
    names = list(columns)
    if delimiter is None:
        if output == "-" or output is None or hasattr(output, "write"):
            raise BadOption("Parquet is written to a file: give an output path")
        # pyarrow takes a third of a second to import: only Parquet exports pay for it.
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(name, _arrow_type(columns[name])) for name in names])
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), os.fspath(output))
        return len(rows)
    stream, owned = open_text(output)
    try:
        writer = csv.DictWriter(
            stream, fieldnames=names, delimiter=delimiter, lineterminator="\n", extrasaction="raise"
        )
        if header:
            writer.writeheader()
        writer.writerows(_text_row(row, columns) for row in rows)
    finally:
        if owned:
            stream.close()
    return len(rows)
