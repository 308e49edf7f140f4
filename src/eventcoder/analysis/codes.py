"""Country codes and names: the countries of the actor codebook (``data/actors/countries.tsv``)."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

COUNTRIES_TSV = Path(__file__).resolve().parents[1] / "data" / "actors" / "countries.tsv"


@functools.cache
def country_table() -> dict[str, str]:
    """ISO 3166-1 alpha-3 code -> the country's name (its first name in the codebook), by code."""
    with COUNTRIES_TSV.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        rows = csv.DictReader(lines, delimiter="\t")
        return {row["iso3"]: row["names"].split("|")[0] for row in rows}


def country_name(code: str | None) -> str | None:
    return country_table().get(code) if code else None
