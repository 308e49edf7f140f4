"""The dashboard's API contract over the database coded from real Wikinews articles: downloads, real-world
events, the map, series, countries, actors and change detection, through FastAPI's TestClient."""

import csv
import io
import json

import jsonschema
import pytest
from fastapi.testclient import TestClient

from eventcoder import analysis
from eventcoder.store import EVENT_COLUMNS
from eventcoder.store.exports import SCHEMA_PATH as PLOVER_SCHEMA

from .test_app import all_events, assert_error


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as test_client:
        yield test_client


def happened(documents):
    return [event for event in all_events(documents) if event.modality in analysis.ANALYSED_MODALITIES]


# ---- /api/events: modalities and downloads


def test_views_events_take_a_list_of_modalities_or_all(client, documents):
    events = all_events(documents)
    both = client.get("/api/events", params={"modality": "negated, Future"}).json()
    assert both["total"] == sum(event.modality in ("negated", "future") for event in events)
    assert client.get("/api/events", params={"modality": "all"}).json()["total"] == len(events)
    error = assert_error(
        client.get("/api/events", params={"modality": "asserted,rumoured"}), 422, "validation_error"
    )
    assert error["message"].startswith("query.modality") and "rumoured" in error["message"]


def test_views_events_csv_download(client, documents):
    response = client.get("/api/events", params={"format": "csv", "type": "ASSAULT,ACCUSE"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="eventcoder-events.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == list(EVENT_COLUMNS)
    page = client.get("/api/events", params={"type": "ASSAULT,ACCUSE", "limit": 1000}).json()
    assert [row["event_id"] for row in rows] == [report["event"]["id"] for report in page["events"]]
    assert len(rows) == sum(event.event_type in ("ASSAULT", "ACCUSE") for event in all_events(documents))
    limited = client.get("/api/events", params={"format": "csv", "limit": 3}).text
    assert len(list(csv.DictReader(io.StringIO(limited)))) == 3
    nothing = client.get("/api/events", params={"format": "csv", "since": "2099"}).text
    assert nothing.strip() == ",".join(EVENT_COLUMNS)


def test_views_events_geojson_download(client, documents):
    response = client.get("/api/events", params={"format": "geojson"})
    assert response.headers["content-type"].startswith("application/geo+json")
    assert response.headers["content-disposition"] == 'attachment; filename="eventcoder-events.geojson"'
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    located = {event.id: event for event in all_events(documents) if event.location is not None}
    assert {feature["properties"]["id"] for feature in collection["features"]} == set(located)
    for feature in collection["features"]:
        event = located[feature["properties"]["id"]]
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [event.location.lon, event.location.lat],
        }
        assert feature["properties"]["location_name"] == event.location.name
        assert feature["properties"]["source_names"] == list(dict.fromkeys(a.name for a in event.sources))


def test_views_events_plover_download(client, documents):
    validator = jsonschema.Draft202012Validator(json.loads(PLOVER_SCHEMA.read_text()))
    response = client.get("/api/events", params={"format": "plover"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert response.headers["content-disposition"] == 'attachment; filename="eventcoder-events.jsonl"'
    records = [json.loads(line) for line in response.text.splitlines()]
    assert all(not list(validator.iter_errors(record)) for record in records)
    dated = list(all_events(documents))
    kept = {event.id for event in dated if event.modality not in ("negated", "prevented")}
    assert {record["id"] for record in records} <= kept
    assert any(event.modality in ("negated", "prevented") for event in dated)
    everything = client.get("/api/events", params={"format": "plover", "include_negated": "true"}).text
    assert len(everything.splitlines()) > len(records)


def test_views_events_bad_format_and_limits(client):
    error = assert_error(client.get("/api/events", params={"format": "xlsx"}), 422, "validation_error")
    assert error["message"].startswith("query.format")
    assert_error(
        client.get("/api/events", params={"format": "csv", "limit": 100_001}), 422, "validation_error"
    )
    assert client.get("/api/events", params={"format": "csv", "limit": 100_000}).status_code == 200


# ---- the views


def test_views_clusters(client):
    body = client.get("/api/clusters", params={"limit": 5}).json()
    assert set(body) == {"clusters", "total"} and body["total"] == client.app.state.store.cluster_count()
    assert set(body["clusters"][0]) == set(analysis.ClusterRecord.model_fields)
    assert set(body["clusters"][0]["events"][0]) == {
        "event_id",
        "article_id",
        "article_title",
        "outlet",
        "url",
    }
    assert (
        body == analysis.find_clusters(client.app.state.store, analysis.EventFilter(), limit=5).model_dump()
    )


def test_views_clusters_name_the_articles_of_their_reports(client, documents):
    titles = {document.article.id: document.article.title for document in documents}
    reports = [
        report for cluster in client.get("/api/clusters").json()["clusters"] for report in cluster["events"]
    ]
    assert reports and all(report["article_title"] == titles[report["article_id"]] for report in reports)


def pages(client, path: str, sort: str, key: str, size: int = 7) -> tuple[list[dict], int]:
    """Every page of ``path`` in the order ``sort``, and the total the pages say."""
    found, offset = [], 0
    while True:
        body = client.get(
            path, params={"sort": sort, "limit": size, "offset": offset, "modality": "all"}
        ).json()
        found += body[key]
        offset += size
        if offset >= body["total"]:
            return found, body["total"]


@pytest.mark.parametrize(
    "sort, value",
    [
        ("-intensity", lambda report: report["event"]["intensity"]),
        ("type", lambda report: report["event"]["event_type"]),
        ("date", lambda report: report["event_date"] or "9999"),
    ],
)
def test_views_events_sorted_by_the_server_over_every_page(client, documents, sort, value):
    found, total = pages(client, "/api/events", sort, "events")
    ids = [report["event"]["id"] for report in found]
    assert total == len(all_events(documents)) and sorted(ids) == sorted(
        event.id for event in all_events(documents)
    )
    values = [value(report) for report in found]
    assert values == sorted(values, reverse=sort.startswith("-")) and values[0] != values[-1]


@pytest.mark.parametrize("sort, key", [("-reports", "report_count"), ("intensity", "intensity")])
def test_views_clusters_sorted_by_the_server_over_every_page(client, sort, key):
    found, total = pages(client, "/api/clusters", sort, "clusters")
    assert len({cluster["id"] for cluster in found}) == total == client.app.state.store.cluster_count()
    values = [cluster[key] for cluster in found]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_views_unknown_sort_is_refused(client):
    for path in ("/api/events", "/api/clusters"):
        error = assert_error(client.get(path, params={"sort": "loudness"}), 422, "E013")
        assert "unknown sort 'loudness'" in error["message"]


def test_views_map(client, documents):
    places = client.get("/api/map").json()
    assert places and set(places[0]) == {
        "name", "country", "lat", "lon", "events", "clusters", "quad_class", "by_quad"
    }  # fmt: skip
    assert sum(place["events"] for place in places) == sum(
        event.location is not None for event in happened(documents)
    )
    assert client.get("/api/map", params={"modality": "all"}).json() != places


def test_views_series(client):
    body = client.get("/api/series", params={"country": "usa", "interval": "week"}).json()
    assert body["key"] == "USA" and body["interval"] == "week" and body["points"]
    assert set(body["points"][0]) == set(analysis.PeriodPoint.model_fields)
    assert client.get("/api/series").json()["key"] == "all"
    error = assert_error(client.get("/api/series", params={"source": "USA"}), 422, "validation_error")
    assert "source and target" in error["message"]
    assert_error(client.get("/api/series", params={"interval": "year"}), 422, "validation_error")


def test_views_series_of_one_actor(client, documents):
    """An actor's series: the ``actor`` filter (part of a name, or an organisation code) over its events
    as a source or target."""
    events = happened(documents)
    name = max(
        {actor.name for event in events for actor in event.sources},
        key=lambda n: sum(
            any(actor.name == n for actor in event.sources + event.targets) for event in events
        ),
    )
    body = client.get("/api/series", params={"actor": name, "interval": "month"}).json()
    expected = sum(
        any(name.lower() in actor.name.lower() for actor in event.sources + event.targets) for event in events
    )
    assert 0 < sum(point["events"] for point in body["points"]) == expected < len(events)


def test_views_countries(client):
    countries = client.get("/api/countries").json()
    assert {
        "code": "IRN",
        "name": "Iran",
        "events": countries[[c["code"] for c in countries].index("IRN")]["events"],
    } in countries
    assert all(set(item) == {"code", "name", "events"} for item in countries)
    busiest = max(countries, key=lambda item: item["events"])
    profile = client.get(f"/api/countries/{busiest['code'].lower()}").json()
    assert set(profile) == set(analysis.CountryProfile.model_fields)
    assert profile["code"] == busiest["code"] and profile["events"] == busiest["events"]
    assert len(profile["recent"]) <= 10
    assert_error(client.get("/api/countries/XYZ"), 404, "not_found")
    assert_error(client.get("/api/countries/IRAN"), 422, "validation_error")


def test_views_actors(client, documents):
    name = next(actor.name for event in happened(documents) for actor in event.sources if actor.country)
    profile = client.get(f"/api/actors/{name}").json()
    assert set(profile) == set(analysis.ActorProfile.model_fields)
    assert profile["name"] == name and profile["events"] >= 1
    assert_error(client.get("/api/actors/Nobody At All"), 404, "not_found")


def test_views_actor_partners_say_what_they_are(client, documents):
    """A partner carries the kind, country and sector the coder gave it most often in these events, so
    that the page links a state to its country page and a person or group to its own."""
    events = happened(documents)
    pairs = [(source, target) for event in events for source in event.sources for target in event.targets]
    name = max(
        {source.name for source, _ in pairs}, key=lambda n: sum(source.name == n for source, _ in pairs)
    )
    partners = client.get(f"/api/actors/{name}").json()["partners"]
    coded = {target.name: target for source, target in pairs if source.name == name and target.name != name}
    assert partners and coded
    for partner in partners:
        if partner["name"] in coded and partner["as_target"] == 0:  # only ever acted on by this actor
            actor = coded[partner["name"]]
            assert (partner["kind"], partner["country"]) == (actor.kind, actor.country)
    assert all(partner["kind"] for partner in partners)


def test_views_change(client):
    body = client.get("/api/change", params={"min_events": 1}).json()
    assert body["level"] == "country" and body["min_events"] == 1 and body["rows"]
    assert set(body["rows"][0]) == set(analysis.ChangeRow.model_fields)
    regions = client.get("/api/change", params={"level": "admin1", "as_of": body["as_of"]}).json()
    assert all(row["admin1"] for row in regions["rows"])
    for params in ({"level": "city"}, {"increase": -1}, {"recent_days": 0}, {"as_of": "0001-01-01"}):
        assert_error(client.get("/api/change", params=params), 422, "validation_error")


def test_views_counts_by_week_and_month(client):
    days = client.get("/api/counts", params={"by": "day"}).json()
    for interval in ("week", "month"):
        periods = client.get("/api/counts", params={"by": "day", "interval": interval}).json()
        assert sum(count["events"] for count in periods) == sum(count["events"] for count in days)
        assert [count["key"] for count in periods] == sorted(count["key"] for count in periods)
