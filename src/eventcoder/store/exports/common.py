"""What the export formats share: codes, dates, quad classes, country names and report counts."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ...codebook import quad_class, quad_code
from ...records import Actor
from ..rows import chunks
from ..schema import EventClusterRow

COUNTRIES_TSV = Path(__file__).resolve().parents[2] / "data" / "places" / "countries.tsv"


def actor_code(actor: Actor) -> str:
    """A Phoenix-style code: country (or organisation) then sector, e.g. ``TURMIL``, ``NATO``."""
    return (actor.country or actor.org or "") + (actor.sector or "")


def day(value: str | None) -> dt.date | None:
    """The date of an ISO ``YYYY-MM-DD`` string (a longer timestamp's day), None for anything else."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def first_day(value: str | None) -> dt.date | None:
    """The first day of an ISO date of any precision: ``2019-06-21``, ``2019-06`` (1 June), ``2019``."""
    if not value:
        return None
    found = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if found is None:
        return None
    year, month, date = found.groups()
    try:
        return dt.date(int(year), int(month or 1), int(date or 1))
    except ValueError:
        return None


def cameo_root(cameo: str | None) -> str | None:
    """The two-character root of a CAMEO code, kept as text: ``"04"`` for ``"045"``."""
    return cameo[:2] if cameo else None


def quad(event_type: str) -> dict:
    """The quad class of a type as its PLOVER name (as the analytics and the API name it) and number."""
    return {"quad_class": quad_class(event_type), "quad_code": quad_code(event_type)}


@functools.cache
def country_names() -> dict[str, str]:
    """Country names by ISO 3166-1 alpha-3 code, as the gazetteer's country table writes them."""
    with COUNTRIES_TSV.open(encoding="utf-8") as handle:
        return {row["iso3"]: row["name"] for row in csv.DictReader(handle, delimiter="\t")}


def add_report_counts(engine: Engine, items: list[tuple[object, dict]]) -> list[tuple[object, dict]]:
    """Give each (event, context) pair the number of articles that report its event cluster, as the
    context's ``report_count`` (None while the events are not clustered)."""
    wanted = sorted({context["cluster_id"] for _, context in items if context.get("cluster_id")})
    table = EventClusterRow.__table__
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        for chunk in chunks(wanted):
            found = connection.execute(select(table.c.id, table.c.report_count).where(table.c.id.in_(chunk)))
            counts.update((row.id, row.report_count) for row in found)
    for _, context in items:
        context.setdefault("report_count", counts.get(context.get("cluster_id")))
    return items
