"""Export formats: events (or event clusters) as JSON lines, CSV, Parquet, PLOVER JSON or dyadic TSV.

:data:`WRITERS` maps each format's name to its writers; :meth:`..core.Store.export` reads the records
and hands them to one of them. The modules:

- :mod:`.common` — codes, days, quad classes, country names, report counts;
- :mod:`.streams` — where the output goes;
- :mod:`.tables` — CSV, Parquet and dyadic TSV, with one typed column set each;
- :mod:`.plover` — PLOVER JSON records and their schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import NamedTuple

from ...records import Event
from ..rows import event_report
from .common import actor_code, add_report_counts, country_names
from .plover import (
    AUXILIARY_MODES,
    NEGATED_MODALITIES,
    PLOVER_CODEBOOK,
    PLOVER_RESOLUTION,
    SCHEMA_PATH,
    plover_cluster,
    plover_record,
)
from .streams import write_lines
from .tables import (
    CLUSTER_COLUMNS,
    DYADIC_COLUMNS,
    EVENT_COLUMNS,
    dyadic_cluster_rows,
    dyadic_rows,
    flat_cluster,
    flat_event,
    write_table,
)

__all__ = [
    "AUXILIARY_MODES",
    "CLUSTER_COLUMNS",
    "DYADIC_COLUMNS",
    "EVENT_COLUMNS",
    "EXPORT_FORMATS",
    "NEGATED_MODALITIES",
    "PLOVER_CODEBOOK",
    "PLOVER_RESOLUTION",
    "SCHEMA_PATH",
    "WRITERS",
    "Writer",
    "actor_code",
    "add_report_counts",
    "country_names",
    "dyadic_cluster_rows",
    "dyadic_rows",
    "flat_cluster",
    "flat_event",
    "plover_cluster",
    "plover_record",
]

Items = list[tuple[Event, dict]]


def _json_event(event: Event, context: dict) -> dict:
    return event_report(event, context).model_dump(mode="json")


def _json_lines(output, records) -> int:
    return write_lines(output, (json.dumps(record, ensure_ascii=False) for record in records if record))


# --------------------------------------------------------------------------------------------------
# The writers of each format: (output, records) -> how many records or rows were written.
# ``include_negated`` is PLOVER's: the other formats keep every event, with its modality.


def _events_jsonl(output, items: Items, include_negated: bool = False) -> int:
    return _json_lines(output, (_json_event(*item) for item in items))


def _events_plover(output, items: Items, include_negated: bool = False) -> int:
    kept = (item for item in items if include_negated or item[0].modality not in NEGATED_MODALITIES)
    return _json_lines(output, (plover_record(*item) for item in kept))


def _events_dyadic(output, items: Items, include_negated: bool = False) -> int:
    return write_table(output, [row for item in items for row in dyadic_rows(*item)], DYADIC_COLUMNS, "\t")


def _events_csv(output, items: Items, include_negated: bool = False) -> int:
    return write_table(output, [flat_event(*item) for item in items], EVENT_COLUMNS, ",")


def _events_parquet(output, items: Items, include_negated: bool = False) -> int:
    return write_table(output, [flat_event(*item) for item in items], EVENT_COLUMNS, None)


def _clusters_jsonl(output, records: list[dict]) -> int:
    return _json_lines(output, records)


def _clusters_plover(output, records: list[dict]) -> int:
    return _json_lines(output, (plover_cluster(record) for record in records))


def _clusters_dyadic(output, records: list[dict]) -> int:
    rows = [row for record in records for row in dyadic_cluster_rows(record)]
    return write_table(output, rows, DYADIC_COLUMNS, "\t")


def _clusters_csv(output, records: list[dict]) -> int:
    return write_table(output, [flat_cluster(record) for record in records], CLUSTER_COLUMNS, ",")


def _clusters_parquet(output, records: list[dict]) -> int:
    return write_table(output, [flat_cluster(record) for record in records], CLUSTER_COLUMNS, None)


class Writer(NamedTuple):
    """How one format writes (event, context) pairs, and how it writes event-cluster records."""

    events: Callable[..., int]  # (output, items, include_negated=False)
    clusters: Callable[[object, list[dict]], int]


WRITERS: dict[str, Writer] = {
    "jsonl": Writer(events=_events_jsonl, clusters=_clusters_jsonl),
    "csv": Writer(events=_events_csv, clusters=_clusters_csv),
    "parquet": Writer(events=_events_parquet, clusters=_clusters_parquet),
    "plover": Writer(events=_events_plover, clusters=_clusters_plover),
    "dyadic-tsv": Writer(events=_events_dyadic, clusters=_clusters_dyadic),
}
EXPORT_FORMATS = tuple(WRITERS)
