"""The database as SQL tools see it (migration 0005): full-text search that Datasette and sqlite-utils
find on ``events``, the views ``dyad_events`` and ``event_summary``, cluster countries as rows of
``event_cluster_countries``, ``events.date_basis``, and the GeoNames and office fields of the records.

Every database is coded from real Wikinews articles (the corpus of tests/analysis, coded once per
process), on SQLite and, where the feature is not SQLite's own, on PostgreSQL too.
"""

import asyncio
import csv
import re
import shutil
import unicodedata
from collections import Counter
from functools import cache

import pytest
import sqlite_utils
from datasette.app import Datasette
from sqlalchemy import create_engine, inspect, select, text

from eventcoder import code_text, store
from eventcoder.records import Actor, ArticleDocument, Location
from eventcoder.store import rows as store_rows

from ..analysis.corpus_db import coded_articles
from ..paths import REPO
from .test_store import migrate

PLACES = REPO / "src" / "eventcoder" / "data" / "places"


@pytest.fixture(scope="module")
def documents() -> tuple[ArticleDocument, ...]:
    return coded_articles()  # cached per process: shared with tests/analysis and tests/web


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory, documents):
    """A SQLite database of the coded articles, clustered. Tests that change it take ``coded_copy``."""
    path = tmp_path_factory.mktemp("sqlite_tools") / "coded.db"
    with store.open_store(path) as events_db:
        for document in documents:
            assert events_db.write_document(document, origin="wikinews")
        assert events_db.cluster_events() > 0
    return path


@pytest.fixture
def coded_copy(coded_db, tmp_path):
    copy = tmp_path / "coded.db"
    shutil.copyfile(coded_db, copy)  # the store closed it: no write-ahead log is left beside it
    return copy


# ---- full-text search in Datasette and sqlite-utils (SQLite)

TOKEN = re.compile(r"[^\W_]+")  # the unicode61 tokenizer: runs of letters and digits...
# The words Porter stems to "protest" (the query below): the tokens of the corpus it must find.
PROTEST_FORMS = {"protest", "protests", "protested", "protesting", "protester", "protesters"}


def tokens(*texts: str | None) -> set[str]:
    """...lowered, without diacritics (remove_diacritics 2)."""
    return {fold(token) for value in texts if value for token in TOKEN.findall(value)}


def fold(token: str) -> str:
    decomposed = unicodedata.normalize("NFD", token.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def matching(rows, query_tokens: set[str] | None = None, forms: set[str] | None = None) -> set[str]:
    """Ids of the (id, sentence_text, location_name) rows whose words hold every query token, or one
    of ``forms``."""
    found = set()
    for event_id, sentence, place in rows:
        words = tokens(sentence, place)
        if (query_tokens and query_tokens <= words) or (forms and forms & words):
            found.add(event_id)
    return found


def searchable(path) -> list[tuple]:
    with sqlite_utils.Database(path) as db:
        return list(db.execute("SELECT id, sentence_text, location_name FROM events"))


def datasette_get(path, url: str):
    async def get():
        datasette = Datasette(files=[str(path)])
        await datasette.invoke_startup()
        return await datasette.client.get(url)

    return asyncio.run(get())


def datasette_search(path, query: str) -> set[str]:
    response = datasette_get(path, f"/coded/events.json?_search={query}&_shape=array&_size=max&_col=id")
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()}


def sqlite_utils_search(path, query: str) -> set[str]:
    with sqlite_utils.Database(path) as db:
        return {row["id"] for row in db["events"].search(query, columns=["id"], limit=5000)}


def assert_search_index_matches_events(path) -> None:
    """FTS5's own check of the external-content index against the rows of ``events``."""
    with sqlite_utils.Database(path) as db:
        db.execute("INSERT INTO events_search (events_search, rank) VALUES ('integrity-check', 1)")


def test_datasette_and_sqlite_utils_find_search_on_events(coded_db):
    rows = searchable(coded_db)
    with sqlite_utils.Database(coded_db) as db:
        assert db["events"].detect_fts() == "events_search"
        assert db["event_actors"].detect_fts() is None  # its index is the actor filter's, contentless
    page = datasette_get(coded_db, "/coded/events")
    assert page.status_code == 200 and 'name="_search"' in page.text  # the search box
    hong_kong = matching(rows, {"hong", "kong"})
    protests = matching(rows, forms=PROTEST_FORMS)
    assert len(hong_kong) >= 5
    # stemming: "protest" finds "protesters" in sentences that do not say "protest"
    assert any(
        "protest" not in tokens(sentence, place) for event_id, sentence, place in rows if event_id in protests
    )
    for query, expected in (("Hong Kong", hong_kong), ("protest", protests), ("HONG kong", hong_kong)):
        assert datasette_search(coded_db, query.replace(" ", "+")) == expected, query
        assert sqlite_utils_search(coded_db, query) == expected, query


def test_datasette_reads_the_views(coded_db, documents):
    dyads = expected_dyads(documents)
    country = Counter(key[9] for key in dyads.elements() if key[9]).most_common(1)[0][0]
    response = datasette_get(
        coded_db, f"/coded/dyad_events.json?source_country={country}&_shape=array&_size=max"
    )
    assert response.status_code == 200, response.text
    assert Counter(row["event_id"] for row in response.json()) == Counter(
        key[0] for key in dyads.elements() if key[9] == country
    )
    response = datasette_get(coded_db, "/coded/event_summary.json?_shape=array&_size=max")
    assert response.status_code == 200, response.text
    summary = expected_summary(documents)
    assert {row["event_id"]: row["source_names"] for row in response.json()} == {
        event_id: columns[9] for event_id, columns in summary.items()
    }


@pytest.mark.parametrize("view", ["dyad_events", "event_summary"])
def test_sqlite_views_read_event_actors_by_event(coded_db, view):
    """Each event's actors come through the index on event_id, not the one on role (which SQLite,
    without statistics, would otherwise take, reading every source of every event)."""
    with sqlite_utils.Database(coded_db) as db:
        plan = " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN SELECT * FROM {view}"))
    assert "ix_event_actors_event_id" in plan and "ix_event_actors_role" not in plan, plan


def test_search_index_follows_writes_survives_vacuum_and_rebuilds(coded_copy, documents):
    with store.open_store(coded_copy) as events_db:
        gone = next(document for document in documents if len(document.events) >= 3)
        with events_db.engine.begin() as connection:  # the foreign keys cascade to its events
            connection.execute(text("DELETE FROM articles WHERE id = :id"), {"id": gone.article.id})
            connection.execute(
                text(
                    "UPDATE events SET sentence_text = 'Police in Gdańsk said so.', location_name = 'Gdańsk' "
                    "WHERE id IN (SELECT id FROM events ORDER BY id LIMIT 2)"
                )
            )
        assert events_db.write_document(gone)  # rowids after the gap
    assert_search_index_matches_events(coded_copy)
    gdansk = matching(searchable(coded_copy), {"gdansk"})
    assert len(gdansk) >= 2 and datasette_search(coded_copy, "Gdańsk") == gdansk

    with sqlite_utils.Database(coded_copy) as db:
        before = list(db.execute("SELECT rowid, id FROM events ORDER BY rowid"))
        db.vacuum()
        # VACUUM copies the rowids of a table with an index, and events always has its primary key's
        assert list(db.execute("SELECT rowid, id FROM events ORDER BY rowid")) == before
    assert_search_index_matches_events(coded_copy)
    expected = matching(searchable(coded_copy), {"hong", "kong"})
    assert datasette_search(coded_copy, "Hong+Kong") == expected

    # What VACUUM does not do but a dump reloaded without --preserve-rowids may: renumber the rows.
    with sqlite_utils.Database(coded_copy) as db:
        db.execute("UPDATE events SET rowid = rowid + 1000000")
        db.conn.commit()
    with pytest.raises(Exception, match="malformed"):
        assert_search_index_matches_events(coded_copy)
    # the q filter reads its own index, keyed by the event id: renumbering cannot touch it
    with store.open_store(coded_copy) as events_db, events_db.engine.connect() as connection:
        said = set(
            connection.scalars(select(store.EventRow.id).where(*store.EventFilter(q="Hong Kong").where()))
        )
    assert said and said == {
        event_id for event_id, sentence, _ in searchable(coded_copy) if "hong kong" in sentence.lower()
    }
    with sqlite_utils.Database(coded_copy) as db:
        db["events"].rebuild_fts()  # the repair: the index is rebuilt from events alone
    assert_search_index_matches_events(coded_copy)
    assert (
        datasette_search(coded_copy, "Hong+Kong") == sqlite_utils_search(coded_copy, "Hong Kong") == expected
    )


# ---- views, cluster countries and date basis (SQLite and PostgreSQL)


def date_basis(document: ArticleDocument, event) -> str | None:
    if event.date is not None:
        return "event"
    return "publication" if document.article.published else None


def undated_copy(document: ArticleDocument) -> ArticleDocument:
    """The article coded again as if its publication date were unknown: events without a date of
    their own then have no date at all. Its text is made distinct, as a copy is not stored twice."""
    return code_text(
        document.article.text + "\n\n(Republished without its date.)",
        None,
        id=document.article.id + "-undated",
        title=document.article.title,
    )


@pytest.fixture(scope="module")
def written_documents(documents) -> list[ArticleDocument]:
    """The corpus, one article of it again without a publication date."""
    undated = next(
        copy
        for copy in (undated_copy(document) for document in documents[:8])
        if any(event.date is None for event in copy.events)
    )
    assert undated.article.published is None
    return [*documents, undated]


def fill(db_url: str, documents) -> None:
    with store.open_store(db_url) as events_db:
        for document in documents:
            assert events_db.write_document(document, origin="wikinews")
        events_db.cluster_events()


def query(db_url: str, sql: str) -> list[tuple]:
    engine = create_engine(store.resolve_url(db_url))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def actor_columns(actor: Actor | None) -> tuple:
    return (actor.name, actor.country, actor.sector, actor.org) if actor else (None, None, None, None)


def location_columns(location: Location | None) -> tuple:
    if location is None:
        return (None, None, None, None)
    return (location.name, location.country, location.lat, location.lon)


def expected_dyads(documents) -> Counter:
    dyads = Counter()
    for document in documents:
        for position, event in enumerate(document.events):
            event_date = store_rows.event_to_rows(event, position, document.article)[0]["event_date"]
            for source in event.sources or [None]:
                for target in event.targets or [None]:
                    dyads[
                        (
                            *(event.id, document.article.id, event_date, date_basis(document, event)),
                            *(event.event_type, event.cameo, event.modality, event.intensity),
                            *actor_columns(source),
                            *actor_columns(target),
                            *location_columns(event.location),
                        )
                    ] += 1
    return dyads


DYAD_COLUMNS = (
    "event_id, article_id, event_date, date_basis, event_type, cameo, modality, intensity, "
    "source_name, source_country, source_sector, source_org, target_name, target_country, target_sector, "
    "target_org, location_name, location_country, lat, lon"
)
SUMMARY_COLUMNS = (
    "event_id, title, outlet, published, url, event_date, date_basis, event_type, modality, "
    "source_names, source_countries, target_names, target_countries, location_name, location_country"
)


def joined_names(actors: list[Actor]) -> str | None:
    return "; ".join(dict.fromkeys(actor.name for actor in actors)) or None


def joined_countries(actors: list[Actor]) -> str | None:
    return ";".join(sorted({actor.country for actor in actors if actor.country})) or None


def expected_summary(documents) -> dict[str, tuple]:
    summary = {}
    for document in documents:
        article = document.article
        for position, event in enumerate(document.events):
            event_date = store_rows.event_to_rows(event, position, article)[0]["event_date"]
            summary[event.id] = (
                *(event.id, article.title, article.source, article.published, article.url, event_date),
                *(date_basis(document, event), event.event_type, event.modality),
                *(joined_names(event.sources), joined_countries(event.sources)),
                *(joined_names(event.targets), joined_countries(event.targets)),
                *location_columns(event.location)[:2],
            )
    return summary


def test_views_cluster_countries_and_date_basis(db_url, written_documents):
    fill(db_url, written_documents)
    events = [event for document in written_documents for event in document.events]
    # the corpus holds every case the views and the date basis must tell apart
    assert {date_basis(document, event) for document in written_documents for event in document.events} == {
        "event",
        "publication",
        None,
    }
    assert any(not event.targets for event in events) and any(not event.sources for event in events)
    assert any(len(event.sources) * len(event.targets) > 1 for event in events)

    assert Counter(query(db_url, f"SELECT {DYAD_COLUMNS} FROM dyad_events")) == expected_dyads(
        written_documents
    )
    summary = query(db_url, f"SELECT {SUMMARY_COLUMNS} FROM event_summary")
    assert {row[0]: row for row in summary} == expected_summary(written_documents)
    assert len(summary) == len(events)
    assert dict(query(db_url, "SELECT id, date_basis FROM events")) == {
        event.id: date_basis(document, event) for document in written_documents for event in document.events
    }

    links = query(db_url, "SELECT cluster_id, role, country FROM event_cluster_countries")
    joined = query(db_url, "SELECT id, source_countries, target_countries FROM event_clusters")
    assert sorted(links) == sorted(
        (cluster_id, role, code)
        for cluster_id, sources, targets in joined
        for role, codes in (("source", sources), ("target", targets))
        for code in codes.split(";")
        if code
    )
    assert {role for _, role, _ in links} == {"source", "target"}
    # what the link table is for: the clusters with a country on one side, without string matching
    country = Counter(code for _, role, code in links if role == "source").most_common(1)[0][0]
    by_country = query(
        db_url,
        f"SELECT cluster_id FROM event_cluster_countries WHERE country = '{country}' AND role = 'source'",
    )
    assert {row[0] for row in by_country} == {
        cluster_id for cluster_id, sources, _ in joined if country in sources.split(";")
    }


def test_migration_0005_fills_the_rows_stored_before_it(db_url, documents):
    chosen = documents[:20]
    fill(db_url, chosen)
    links = sorted(query(db_url, "SELECT cluster_id, role, country FROM event_cluster_countries"))
    assert links
    migrate(db_url, "0004", downgrade=True)
    engine = create_engine(store.resolve_url(db_url))
    with engine.connect() as connection:
        schema = inspect(connection)
        assert "date_basis" not in {column["name"] for column in schema.get_columns("events")}
        assert "event_cluster_countries" not in schema.get_table_names()
        assert not {"dyad_events", "event_summary"} & set(schema.get_view_names())
    engine.dispose()
    with store.open_store(db_url) as events_db:  # upgraded again on opening
        for document in chosen:  # the columns of 0005 came back empty
            assert events_db.load_document(document.article.id) == without_fields_of_0005(document)
    assert sorted(query(db_url, "SELECT cluster_id, role, country FROM event_cluster_countries")) == links
    assert dict(query(db_url, "SELECT id, date_basis FROM events")) == {
        event.id: date_basis(document, event) for document in chosen for event in document.events
    }
    assert Counter(query(db_url, f"SELECT {DYAD_COLUMNS} FROM dyad_events")) == expected_dyads(chosen)
    if "://" not in db_url:  # SQLite: the rows stored before are in the search index
        assert_search_index_matches_events(db_url)
        assert sqlite_utils_search(db_url, "police") == matching(searchable(db_url), {"police"}) != set()


# ---- the GeoNames fields of locations and the office of actors: stored and read back


def every_actor(document: ArticleDocument) -> list[Actor]:
    actors = list(document.mentions)
    for event in document.events:
        actors += event.sources + event.targets
        if event.attribution is not None and event.attribution.speaker is not None:
            actors.append(event.attribution.speaker)
    return actors + [quote.speaker for quote in document.quotes if quote.speaker is not None]


def every_location(document: ArticleDocument) -> list[Location]:
    return [event.location for event in document.events if event.location] + list(document.places)


def without_fields_of_0005(document: ArticleDocument) -> ArticleDocument:
    """The document as a database from before migration 0005 held it."""
    copy = document.model_copy(deep=True)
    for location in every_location(copy):
        location.geonameid = location.feature_class = location.feature_code = location.admin1 = None
    for actor in every_actor(copy):
        actor.office = None
    return copy


@cache
def gazetteer() -> tuple[dict, dict]:
    """GeoNames rows of the bundled tables: cities by (name, lat, lon), countries by ISO alpha-3."""
    with (PLACES / "cities.tsv").open(encoding="utf-8") as lines:
        cities = {
            (row["name"], float(row["lat"]), float(row["lon"])): row
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        }
    with (PLACES / "countries.tsv").open(encoding="utf-8") as lines:
        countries = {
            row["iso3"]: row for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        }
    return cities, countries


OFFICE = re.compile(
    r"\b((?:Vice |Prime |Interior |Foreign )?(?:President|Minister|Secretary|Senator|Governor|Mayor))\b"
)


def with_geonames_and_offices(document: ArticleDocument) -> ArticleDocument:
    """The document with the fields the geo and actor stages do not fill yet, as GeoNames and the text
    give them: a city's or country's GeoNames id, class, code and region; a person's title."""
    copy = document.model_copy(deep=True)
    cities, countries = gazetteer()

    def locate(location: Location) -> None:
        city = cities.get((location.name, location.lat, location.lon))
        if city is not None:
            location.geonameid, location.feature_class = int(city["geonameid"]), "P"
            location.admin1 = city["admin1"] or None
        elif location.kind == "country" and location.country in countries:
            location.geonameid = int(countries[location.country]["geonameid"])
            location.feature_class, location.feature_code = "A", "PCLI"

    def title(actor: Actor) -> None:
        if actor.kind == "person":
            # "President Andrzej Duda", "The Vice President, Mike Pence"
            found = OFFICE.search(actor.text) or OFFICE.search(
                copy.article.text[max(0, actor.start - 20) : actor.start]
            )
            actor.office = found.group(1) if found else None

    for location in every_location(copy):
        locate(location)
    for actor in every_actor(copy):
        title(actor)
    return copy


def test_geonames_fields_and_offices_round_trip(db_url, documents):
    filled = [with_geonames_and_offices(document) for document in documents]
    chosen = [
        copy
        for copy, document in zip(filled, documents, strict=True)
        if copy != document and any(event.location and event.location.geonameid for event in copy.events)
    ][:4]
    located = [event.location for copy in chosen for event in copy.events if event.location]
    assert {location.feature_class for location in located} >= {"P"}
    assert any(location.admin1 for location in located)
    assert any(place.feature_code == "PCLI" for copy in chosen for place in copy.places)
    offices = {actor.office for copy in chosen for actor in copy.mentions} - {None}
    assert offices
    with store.open_store(db_url) as events_db:
        for copy in chosen:
            assert events_db.write_document(copy)
        for copy in chosen:
            assert events_db.load_document(copy.article.id) == copy
        exported = {event.id: event for event, _ in events_db._events(store.EventFilter())}
    assert exported == {event.id: event for copy in chosen for event in copy.events}
    stored = query(db_url, "SELECT DISTINCT speaker_office FROM quotes WHERE speaker_office IS NOT NULL")
    expected = {quote.speaker.office for copy in chosen for quote in copy.quotes if quote.speaker} - {None}
    assert {row[0] for row in stored} == expected
