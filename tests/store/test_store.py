"""The event database on real SQLite and real PostgreSQL: schema, exact round trips, clusters, exports."""

import csv
import io
import json
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pyarrow.parquet as pq
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from eventcoder import analysis, store
from eventcoder.api import code_articles
from eventcoder.errors import (
    BadOption,
    DatabaseDriverMissing,
    DatabaseError,
    DatabaseMissing,
    NotEventDatabase,
)
from eventcoder.ingest import article_from_mapping
from eventcoder.records import (
    Actor,
    Article,
    ArticleDocument,
    Attribution,
    Coder,
    DateValue,
    Event,
    Evidence,
    Location,
    Place,
    Quote,
    SentenceRef,
    Trigger,
)
from eventcoder.store import core as store_core
from eventcoder.store import rows as store_rows

from ..analysis.corpus_db import coded_articles

HK_TITLE = "Hong Kong protesters surround downtown police complex"
# Real Wikinews text (2019-06-23, "Hong Kong protesters surround downtown police complex"), and a real
# Wikinews report of the Magnitogorsk collapse for an unrelated event.
PROTEST = (
    "On Friday, thousands of Hong Kong protesters wearing black clothes, face masks, and helmets gathered "
    "around Hong Kong's principal police complex, blocking the exits as they chanted slogans and threw eggs."
)
QUOTE = '"Whenever there are signs of sending a palm branch," wrote student protester Joshua Wong on Twitter.'
COLLAPSE = "An apartment building collapsed on Monday in Magnitogorsk, a city in the Ural region of Russia."
HONG_KONG = Location(
    name="Hong Kong", text="Hong Kong", lat=22.27832, lon=114.17469, country="HKG", kind="city"
)


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def actor(text: str, part: str, name: str, country, sector, kind: str, after: int = 0) -> Actor:
    start, end = span(text, part, after)
    return Actor(
        text=part,
        start=start,
        end=end,
        name=name,
        country=country,
        sector=sector,
        org=None,
        kind=kind,
        method="test table",
    )


def protest_report(
    article_id: str, outlet: str, lead: str, date: DateValue | None, published: str = "2019-06-23"
) -> ArticleDocument:
    """A report of the 21 June 2019 Hong Kong protest, as one outlet printed it after ``lead``."""
    body = f"{lead}{PROTEST}\n\n{QUOTE}"
    protesters = actor(body, "Hong Kong protesters", "protesters", "HKG", "OPP", "group")
    police = actor(
        body, "Hong Kong's principal police complex", "Hong Kong Police", "HKG", "COP", "organization"
    )
    wong = actor(body, "Joshua Wong", "Joshua Wong", "HKG", "OPP", "person")
    sentence_start = body.index(PROTEST)
    trigger_start, trigger_end = span(body, "gathered")
    place_start, place_end = span(body, "Hong Kong")
    quote_start, quote_end = span(body, '"Whenever there are signs of sending a palm branch,"')
    return ArticleDocument(
        article=Article(
            id=article_id,
            title=HK_TITLE,
            published=published,
            source=outlet,
            url=f"https://news.example/{article_id}",
            language="en",
            text=body,
        ),
        events=[
            Event(
                id=f"{article_id}:e1",
                event_type="PROTEST",
                mode="demonstrate",
                context=["rights", "political"],
                cameo="141",
                intensity=-6.5,
                modality="asserted",
                sources=[protesters],
                targets=[police],
                date=date,
                location=HONG_KONG,
                trigger=Trigger(text="gathered", start=trigger_start, end=trigger_end),
                sentence=SentenceRef(
                    index=0, start=sentence_start, end=sentence_start + len(PROTEST), text=PROTEST
                ),
                attribution=Attribution(speaker=wong, outlet=outlet),
                evidence=Evidence(method="lexicon:gather around", confidence=0.75),
            )
        ],
        quotes=[
            Quote(
                id=f"{article_id}:q1",
                text='"Whenever there are signs of sending a palm branch,"',
                start=quote_start,
                end=quote_end,
                speaker=wong,
                verb="wrote",
                outlet="Twitter",
            ),
            Quote(
                id=f"{article_id}:q2",
                text="signs",
                start=body.index("signs"),
                end=body.index("signs") + 5,
                speaker=None,
                verb=None,
                outlet=None,
            ),
        ],
        mentions=[protesters, police, wong],
        places=[Place(start=place_start, end=place_end, **HONG_KONG.model_dump())],
        coder=Coder(version="0.1.0", model="core_web_sm-3.8.0"),
    )


def collapse_report() -> ArticleDocument:
    body = f"Friday, January 4, 2019\n\n{COLLAPSE}"
    start = body.index(COLLAPSE)
    trigger_start, trigger_end = span(body, "collapsed")
    place_start, place_end = span(body, "Magnitogorsk")
    magnitogorsk = Location(
        name="Magnitogorsk", text="Magnitogorsk", lat=53.4186, lon=59.0472, country="RUS", kind="city"
    )
    return ArticleDocument(
        article=Article(
            id="wikinews-magnitogorsk",
            title=None,
            published="2019-01-04",
            source=None,
            url=None,
            language="en",
            text=body,
        ),
        events=[
            Event(
                id="wikinews-magnitogorsk:e1",
                event_type="ASSAULT",
                mode=None,
                context=[],
                cameo=None,
                intensity=-9.0,
                modality="hypothetical",
                sources=[],
                targets=[],
                date=DateValue(value="2018-12-31", precision="day", text="Monday"),
                location=magnitogorsk,
                trigger=Trigger(text="collapsed", start=trigger_start, end=trigger_end),
                sentence=SentenceRef(index=1, start=start, end=start + len(COLLAPSE), text=COLLAPSE),
                attribution=Attribution(speaker=None, outlet=None),
                evidence=Evidence(method="test", confidence=0.1),
            )
        ],
        quotes=[],
        mentions=[],
        places=[Place(start=place_start, end=place_end, **magnitogorsk.model_dump())],
        coder=Coder(version="0.1.0", model="core_web_sm-3.8.0"),
    )


FRIDAY = DateValue(value="2019-06-21", precision="day", text="On Friday")
REPORTS = {
    "wikinews": lambda: protest_report("wikinews-hk", "Wikinews", "Sunday, June 23, 2019\n\n", FRIDAY),
    "wire": lambda: protest_report("wire-hk", "Reuters", "HONG KONG (Reuters) - ", FRIDAY, "2019-06-21"),
    "undated": lambda: protest_report("daily-hk", "The Standard", "HONG KONG - ", None, "2019-06-22"),
    "a week later": lambda: protest_report(
        "later-hk",
        "Wikinews",
        "Sunday, June 30, 2019\n\n",
        DateValue(value="2019-06-28", precision="day", text="On Friday"),
        "2019-06-30",
    ),
    "collapse": collapse_report,
}


def fill(db_url: str) -> list[ArticleDocument]:
    documents = [make() for make in REPORTS.values()]
    with store.open_store(db_url) as events_db:
        for document in documents:
            assert events_db.write_document(document, origin="test")
        events_db.cluster_events()
    return documents


@pytest.mark.parametrize(
    "value, expected",
    [
        ("events.db", "sqlite:///{cwd}/events.db"),
        ("/data/news/events.db", "sqlite:////data/news/events.db"),
        ("postgresql://postgres@127.0.0.1:5432/test", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
        ("postgres://u:p@db/events", "postgresql+psycopg://u:p@db/events"),
        ("postgresql+psycopg://u@db/events", "postgresql+psycopg://u@db/events"),
        ("sqlite:///relative.db", "sqlite:///relative.db"),
    ],
)
def test_store_resolve_url(value, expected, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert store.resolve_url(value) == expected.format(cwd=tmp_path.resolve())


def test_store_resolve_url_default_and_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVENTCODER_DB", raising=False)
    assert store.resolve_url(None) == f"sqlite:///{tmp_path.resolve()}/eventcoder.db"
    monkeypatch.setenv("EVENTCODER_DB", "postgresql://postgres@127.0.0.1/test")
    assert store.resolve_url(None) == "postgresql+psycopg://postgres@127.0.0.1/test"


def test_store_migrations_match_models(db_url):
    with store.open_store(db_url) as events_db, events_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": store.in_models})
        assert compare_metadata(context, store.Base.metadata) == []
        tables = set(events_db.engine.dialect.get_table_names(connection))
    assert tables >= {
        "articles",
        "events",
        "event_actors",
        "mentions",
        "quotes",
        "places",
        "event_clusters",
        "alembic_version",
    }


def test_store_sqlite_is_wal_with_foreign_keys(tmp_path):
    with store.open_store(tmp_path / "events.db") as events_db, events_db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1


def test_store_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "events.db"
    with store.open_store(path) as events_db, events_db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseError, match="schema version 9999 is newer"):
        store.open_store(path)


def test_store_bad_url_is_a_database_error():
    with pytest.raises(DatabaseError, match="E020 database nosuchdriver://x"):
        store.open_store("nosuchdriver://x")


@pytest.mark.parametrize("name", list(REPORTS))
def test_store_document_round_trip(db_url, name):
    document = REPORTS[name]()
    with store.open_store(db_url) as events_db:
        assert events_db.write_document(document, origin="articles.jsonl:1")
        assert events_db.write_document(document) is False  # same id: nothing written
        assert events_db.load_document(document.article.id) == document
        assert table_count(db_url, "articles") == 1


def test_store_same_text_under_another_id_is_not_stored_twice(tmp_path):
    original = REPORTS["wire"]()
    copy = original.model_copy(deep=True)
    copy.article.id = "syndicated-copy"
    copy.article.text = "  " + original.article.text.upper()  # the same text once normalised
    with store.open_store(tmp_path / "events.db") as events_db:
        assert events_db.write_document(original)
        assert events_db.write_document(copy) is False
        assert events_db.article_ids() == ["wire-hk"]


def test_store_coded_wikinews_round_trip(db_url, wikinews):
    items = [
        article_from_mapping(record, f"wikinews.jsonl:{n}") for n, record in enumerate(wikinews(4), start=1)
    ]
    documents = list(code_articles(items))
    with store.open_store(db_url) as events_db:
        for document in documents:
            assert events_db.write_document(document)
        for document in documents:
            assert events_db.load_document(document.article.id) == document


def test_store_clusters_link_reports_of_one_event(db_url):
    fill(db_url)
    with store.open_store(db_url) as events_db:
        records = list(events_db._clusters(store.EventFilter()))
    # Wikinews and Reuters date it to Friday 21 June; The Standard gives no date but printed it on the
    # 22nd, within the two days an article-dated event may lie before publication: one protest, three
    # outlets. The protest a week later and the Magnitogorsk collapse stay alone.
    assert records == [
        {
            "id": "wikinews-magnitogorsk:e1", "event_type": "ASSAULT", "event_date": "2018-12-31",
            "date_value": "2018-12-31", "date_precision": "day", "source_countries": [], "target_countries": [],
            "location_name": "Magnitogorsk", "location_country": "RUS", "lat": 53.4186, "lon": 59.0472,
            "cameo": None, "intensity": -9.0, "report_count": 1, "event_count": 1, "outlets": [],
            "events": [{"event_id": "wikinews-magnitogorsk:e1", "article_id": "wikinews-magnitogorsk", "article_title": None, "outlet": None, "url": None}],
        },
        {
            "id": "daily-hk:e1", "event_type": "PROTEST", "event_date": "2019-06-21", "date_value": "2019-06-21",
            "date_precision": "day", "source_countries": ["HKG"], "target_countries": ["HKG"],
            "location_name": "Hong Kong", "location_country": "HKG", "lat": 22.27832, "lon": 114.17469,
            "cameo": "141", "intensity": -6.5, "report_count": 3, "event_count": 3,
            "outlets": ["Reuters", "The Standard", "Wikinews"],
            "events": [
                {"event_id": "daily-hk:e1", "article_id": "daily-hk", "article_title": HK_TITLE, "outlet": "The Standard", "url": "https://news.example/daily-hk"},
                {"event_id": "wikinews-hk:e1", "article_id": "wikinews-hk", "article_title": HK_TITLE, "outlet": "Wikinews", "url": "https://news.example/wikinews-hk"},
                {"event_id": "wire-hk:e1", "article_id": "wire-hk", "article_title": HK_TITLE, "outlet": "Reuters", "url": "https://news.example/wire-hk"},
            ],
        },
        {
            "id": "later-hk:e1", "event_type": "PROTEST", "event_date": "2019-06-28", "date_value": "2019-06-28",
            "date_precision": "day", "source_countries": ["HKG"], "target_countries": ["HKG"],
            "location_name": "Hong Kong", "location_country": "HKG", "lat": 22.27832, "lon": 114.17469,
            "cameo": "141", "intensity": -6.5, "report_count": 1, "event_count": 1, "outlets": ["Wikinews"],
            "events": [{"event_id": "later-hk:e1", "article_id": "later-hk", "article_title": HK_TITLE, "outlet": "Wikinews", "url": "https://news.example/later-hk"}],
        },
    ]  # fmt: skip


def test_store_summary(db_url):
    """The summary of the fixture reports: what it counts is said, and every count is over those events."""
    fill(db_url)
    with store.open_store(db_url) as opened:
        summary = analysis.summary(opened).model_dump()
    assert summary == {
        "counting": "events that happened: modality asserted or historical (reports, not de-duplicated)",
        "events": 4,
        "real_world_events": 2,
        "articles": 4,
        "outlets": 3,
        "actors": 2,
        "places": 1,
        "quotes": 8,
        "first_event_date": "2019-06-21",
        "last_event_date": "2019-06-28",
        "stored_articles": 5,
        "not_counted": {"hypothetical": 1},
        "top_event_types": [{"key": "PROTEST", "events": 4, "source": None, "target": None}],
        "top_dyads": [{"key": "HKG>HKG", "events": 4, "source": "HKG", "target": "HKG"}],
    }


def read_back(format: str, path) -> list[dict]:
    if format in ("jsonl", "plover"):
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if format == "parquet":
        return pq.read_table(path).to_pylist()
    delimiter = "\t" if format == "dyadic-tsv" else ","
    with path.open(encoding="utf-8", newline="") as lines:
        return list(csv.DictReader(lines, delimiter=delimiter))


# The round trips of every export format are in test_exports.py.


def test_store_export_to_a_stream_and_unknown_format(tmp_path):
    path = tmp_path / "events.db"
    fill(str(path))
    stream = io.StringIO()
    assert export_from(str(path), "dyadic-tsv", stream, country="RUS") == 1
    assert stream.getvalue().splitlines()[1].split("\t")[:4] == [
        "wikinews-magnitogorsk:e1",
        "2018-12-31",
        "",
        "",
    ]
    with pytest.raises(BadOption, match="unknown export format 'xml'"):
        export_from(str(path), "xml", stream)


def test_store_value_postgresql_cannot_hold_is_a_database_error(postgres_url):
    document = REPORTS["wire"]()
    document.article.title = "Hong Kong\x00protesters"  # PostgreSQL text cannot hold NUL
    with store.open_store(postgres_url) as events_db:
        with pytest.raises(DatabaseError, match="cannot store article wire-hk: "):
            events_db.write_document(document)
        assert events_db.article_ids() == []  # nothing of it was written


def table_count(db, table: str) -> int:
    with store.open_store(db) as opened, opened.engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def export_from(db, format, output, **filters) -> int:
    with store.open_store(db) as opened:
        return opened.export(format, output, **filters)


# ---- the substring indexes of the text and actor filters (migration 0003)

ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def coded_wikinews(wikinews, count: int) -> list[ArticleDocument]:
    items = [
        article_from_mapping(record, f"wikinews.jsonl:{n}")
        for n, record in enumerate(wikinews(count), start=1)
    ]
    return list(code_articles(items))


def assert_sqlite_search_indexes_match_tables(events_db, names: set[str]) -> None:
    """events_fts holds each event's id and lowered sentence once; event_actors_fts finds, for each of
    ``names``, exactly the event_actors rows whose lowered name contains it."""
    with events_db.engine.connect() as connection:
        events = connection.execute(text("SELECT id, sentence_text FROM events")).all()
        indexed = connection.execute(text("SELECT event_id, sentence FROM events_fts")).all()
        assert sorted(indexed) == sorted(
            (event_id, sentence.translate(ASCII_LOWER)) for event_id, sentence in events
        )
        actors = connection.execute(text("SELECT id, name FROM event_actors")).all()
        for name in names:
            phrase = '"' + name.translate(ASCII_LOWER).replace('"', '""') + '"'
            found = connection.scalars(
                text("SELECT rowid FROM event_actors_fts WHERE event_actors_fts MATCH :phrase"),
                {"phrase": phrase},
            )
            lowered = name.translate(ASCII_LOWER)
            assert set(found) == {id for id, other in actors if lowered in other.translate(ASCII_LOWER)}, name


def test_store_sqlite_search_indexes_follow_writes_updates_and_deletes(tmp_path, wikinews):
    documents = coded_wikinews(wikinews, 5)
    names = {
        actor.name
        for document in documents
        for event in document.events
        for actor in event.sources + event.targets
    }
    assert len(names) >= 3
    with store.open_store(tmp_path / "events.db") as events_db:
        for document in documents:
            events_db.write_document(document)
        assert_sqlite_search_indexes_match_tables(events_db, names)
        gone = next(document for document in documents if document.events)
        with (
            events_db.engine.begin() as connection
        ):  # the foreign keys cascade to its events and their actors
            connection.execute(text("DELETE FROM articles WHERE id = :id"), {"id": gone.article.id})
        assert_sqlite_search_indexes_match_tables(events_db, names)
        with events_db.engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE events SET sentence_text = 'Police in Gdańsk said so.' WHERE id IN (SELECT id FROM events LIMIT 2)"
                )
            )
            connection.execute(
                text(
                    "UPDATE event_actors SET name = 'Paweł Adamowicz' WHERE id IN (SELECT id FROM event_actors LIMIT 2)"
                )
            )
        assert_sqlite_search_indexes_match_tables(
            events_db, names | {"Paweł Adamowicz", "adam", "AWEŁ", "gdańsk"}
        )
        with events_db.engine.begin() as connection:
            connection.execute(text("DELETE FROM articles"))
        assert_sqlite_search_indexes_match_tables(events_db, names | {"Paweł Adamowicz"})
        with events_db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM events_fts")).scalar_one() == 0


# The columns that migration 0005 added: the rows of an older store lack them.
EVENT_COLUMNS_OF_0005 = {
    "date_basis",
    "location_geonameid",
    "location_feature_class",
    "location_feature_code",
    "location_admin1",
}
PLACE_COLUMNS_OF_0005 = {"geonameid", "feature_class", "feature_code", "admin1"}


def without(row: dict, columns) -> dict:
    return {name: value for name, value in row.items() if name not in columns}


def rows_before_0004(event, position, article) -> tuple[dict, list[dict]]:
    """The rows of an event as the store wrote them before migration 0004 added ``content_type``."""
    row, actors = store_rows.event_to_rows(event, position, article)
    return (
        without(row, {"content_type", *EVENT_COLUMNS_OF_0005}),
        [without(actor, {"office"}) for actor in actors],
    )


def write_as_before_0004(patch) -> None:
    """Make ``Store.write_document`` write the rows of the store of migrations 0002 and 0003."""
    patch.setattr(store_core, "event_to_rows", rows_before_0004)
    patch.setattr(store_core, "actor_row", lambda *args: without(store_rows.actor_row(*args), {"office"}))
    patch.setattr(
        store_core, "quote_row", lambda *args: without(store_rows.quote_row(*args), {"speaker_office"})
    )
    patch.setattr(
        store_core, "place_row", lambda *args: without(store_rows.place_row(*args), PLACE_COLUMNS_OF_0005)
    )
    patch.setattr(store_core, "cluster_new_events", lambda *args: None)  # clustered after a run, before 0006


def migrate(url: str, revision: str, downgrade: bool = False) -> None:
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    engine = create_engine(store.resolve_url(url))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if downgrade else command.upgrade)(config, revision)
    engine.dispose()


def search_objects(events_db) -> set[str]:
    with events_db.engine.connect() as connection:
        if events_db.engine.dialect.name == "sqlite":
            query = (
                "SELECT name FROM sqlite_master WHERE name LIKE '%fts%' OR name LIKE 'ix_event_actors_org%'"
            )
        else:
            query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND (indexname LIKE '%trgm' OR indexname LIKE 'ix_event_actors_org%')"
        return set(connection.scalars(text(query)))


def test_store_upgrade_to_0003_indexes_the_stored_rows(db_url, wikinews, monkeypatch):
    documents = coded_wikinews(wikinews, 3)
    migrate(db_url, "0002")
    engine = create_engine(store.resolve_url(db_url))
    with (
        monkeypatch.context() as patch
    ):  # written by the eventcoder of migration 0002: no content_type (0004)
        write_as_before_0004(patch)
        for document in documents:
            assert store.Store(engine).write_document(document)
    engine.dispose()
    events = [event for document in documents for event in document.events]
    assert events
    with store.open_store(db_url) as events_db:
        assert "ix_event_actors_org_role_event_id" in search_objects(events_db)
        for event in events:
            said = analysis.find_events(
                events_db, analysis.EventFilter(q=event.sentence.text[2:20].upper()), limit=1000
            )
            assert event.id in {found.event.id for found in said.events}
            for actor in event.sources + event.targets:
                acted = analysis.find_events(
                    events_db, analysis.EventFilter(actor=actor.name[1:]), limit=1000
                )
                assert event.id in {found.event.id for found in acted.events}


def test_store_migration_0003_downgrades_and_upgrades_again(db_url):
    with store.open_store(db_url) as events_db:
        made = search_objects(events_db)
    if "://" in db_url:
        assert {"ix_events_sentence_text_trgm", "ix_event_actors_name_trgm"} < made
    else:
        assert {
            "events_fts",
            "event_actors_fts",
            "events_fts_insert",
            "events_fts_delete",
            "event_actors_fts_delete",
        } < made
    migrate(db_url, "0002", downgrade=True)
    with store.open_store(db_url) as events_db:  # upgraded again on opening
        assert search_objects(events_db) == made


def test_store_postgresql_ilike_reads_the_trigram_indexes(postgres_url, wikinews):
    with store.open_store(postgres_url) as events_db, events_db.engine.connect() as connection:
        for document in coded_wikinews(wikinews, 2):
            events_db.write_document(document)
        connection.execute(text("ANALYZE"))
        connection.execute(
            text("SET enable_seqscan = off")
        )  # the tables are tiny: make a scan the last resort
        for table, column, index in (
            ("events", "sentence_text", "ix_events_sentence_text_trgm"),
            ("event_actors", "name", "ix_event_actors_name_trgm"),
        ):
            plan = connection.execute(
                text(f"EXPLAIN SELECT id FROM {table} WHERE {column} ILIKE '%police%'")
            ).scalars()
            assert index in "\n".join(plan)


# ---- the content type of events coded by PLOVER's conventions (migration 0004)

# Real wire wording (AP, 27 April 2015): a promise of aid is an AGREE whose content is AID; a prevented
# attack (AFP, 2017 wording) keeps its type with modality "prevented" and no content type.
PROMISE = "Japan will send emergency relief supplies to Nepal, the Japanese foreign ministry said on Monday."
FOILED = "Saudi air defences thwarted a Houthi missile attack on Riyadh on Saturday."


def convention_report() -> ArticleDocument:
    body = f"{PROMISE} {FOILED}"
    japan = actor(body, "Japan", "Japan", "JPN", None, "state")
    nepal = actor(body, "Nepal", "Nepal", "NPL", None, "state")
    houthi = actor(body, "Houthi", "Houthis", "YEM", "REB", "group")
    riyadh = actor(body, "Riyadh", "Riyadh", "SAU", None, "state")

    def event(number, sentence, index, trigger, **fields) -> Event:
        start = body.index(sentence)
        trigger_start, trigger_end = span(body, trigger, start)
        return Event(
            id=f"ap-nepal:e{number}",
            mode=None,
            context=[],
            date=DateValue(value="2015-04-27", precision="day", text="on Monday"),
            location=None,
            trigger=Trigger(text=trigger, start=trigger_start, end=trigger_end),
            sentence=SentenceRef(index=index, start=start, end=start + len(sentence), text=sentence),
            attribution=None,
            **fields,
        )

    return ArticleDocument(
        article=Article(
            id="ap-nepal",
            title="Aid pledges for Nepal",
            published="2015-04-27",
            source="AP",
            url=None,
            language="en",
            text=body,
        ),
        events=[
            event(
                1,
                PROMISE,
                0,
                "send",
                event_type="AGREE",
                content_type="AID",
                cameo="033",
                intensity=2.5,
                modality="asserted",
                sources=[japan],
                targets=[nepal],
                evidence=Evidence(method="lexicon:verb:send+object:aid+plover:future", confidence=0.9),
            ),
            event(
                2,
                FOILED,
                1,
                "attack",
                event_type="ASSAULT",
                content_type=None,
                cameo="190",
                intensity=-9.0,
                modality="prevented",
                sources=[houthi],
                targets=[riyadh],
                evidence=Evidence(method="lexicon:noun:attack+light:thwart", confidence=0.8),
            ),
        ],
        quotes=[],
        mentions=[japan, nepal, houthi, riyadh],
        places=[],
        coder=Coder(version="0.1.0", model="core_web_sm-3.8.0"),
    )


@pytest.mark.parametrize("format", ["csv", "parquet", "jsonl", "plover"])
def test_store_content_type_round_trip(db_url, tmp_path, format):
    document = convention_report()
    with store.open_store(db_url) as events_db:
        assert events_db.write_document(document)
        assert events_db.load_document(document.article.id) == document
        with events_db.engine.connect() as connection:
            stored = connection.execute(text("SELECT id, content_type, modality FROM events ORDER BY id"))
            assert [tuple(row) for row in stored] == [
                ("ap-nepal:e1", "AID", "asserted"),
                ("ap-nepal:e2", None, "prevented"),
            ]
    output = tmp_path / f"events.{format}"
    # exports keep every event, prevented ones too (PLOVER when asked: it leaves negations out by default)
    assert export_from(db_url, format, output, include_negated=True) == 2
    rows = read_back(format, output)
    content = {
        "jsonl": lambda row: row["event"]["content_type"],
        "plover": lambda row: row.get("content_type"),  # PLOVER leaves a field without a value out
        "csv": lambda row: row["content_type"] or None,  # CSV writes null as an empty field
    }.get(format, lambda row: row["content_type"])
    assert [content(row) for row in rows] == ["AID", None]


# ---- opening: atomic and serialised migrations, repair, refusals


def user_tables(db_url: str) -> set[str]:
    engine = create_engine(store.resolve_url(db_url))
    try:
        with engine.connect() as connection:
            return set(engine.dialect.get_table_names(connection))
    finally:
        engine.dispose()


def test_store_first_migration_is_all_or_nothing(db_url):
    """A first migration that stops half-way (here: an error in migration 0003, after the tables of 0001
    are made) leaves the database as it was, so that the next open migrates it from the start. On
    SQLite this needs transactional DDL, which pysqlite does not give by default."""

    def interrupt(connection, cursor, statement, *args):
        if "ix_event_actors_org_role_event_id" in statement:
            raise RuntimeError("interrupted in migration 0003")

    event.listen(Engine, "before_cursor_execute", interrupt)
    try:
        with pytest.raises(RuntimeError, match="interrupted"):
            store.open_store(db_url)
    finally:
        event.remove(Engine, "before_cursor_execute", interrupt)
    assert user_tables(db_url) <= {"alembic_version"}  # none of the tables of 0001 and 0002 stayed
    fill(db_url)
    assert table_count(db_url, "articles") == len(REPORTS)


OPEN_AT = """
import sys, time
from eventcoder.store import open_store
start = float(sys.argv[2])
time.sleep(max(0.0, start - time.time()))
open_store(sys.argv[1]).close()
"""


def test_store_concurrent_first_opens_all_succeed(db_url):
    """Openers that start at the same instant on a new database: one migrates, the others wait for it
    (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock) and find the schema made."""
    start = time.time() + 3  # after every interpreter has imported eventcoder
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT, db_url, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    for opener in openers:
        _, errors = opener.communicate(timeout=120)
        assert opener.returncode == 0, errors.decode()
    fill(db_url)
    assert table_count(db_url, "event_clusters") == 3


def test_store_repairs_a_schema_half_made_by_an_older_eventcoder(tmp_path):
    """Before migrations were atomic, a killed first migration could leave some empty tables and no
    schema version: opening drops them and migrates from the start."""
    path = tmp_path / "events.db"
    engine = create_engine(store.resolve_url(path))
    store.ArticleRow.__table__.create(engine)
    store.EventClusterRow.__table__.create(engine)
    engine.dispose()
    fill(str(path))
    assert table_count(path, "event_clusters") == 3


def test_store_refuses_tables_it_did_not_make(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE articles (id TEXT)")
        connection.execute("INSERT INTO articles VALUES ('kept')")
    with pytest.raises(NotEventDatabase, match=r"E022 .*holds tables but no eventcoder schema version"):
        store.open_store(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT id FROM articles").fetchall() == [("kept",)]


def test_store_open_without_create_refuses_what_is_not_a_database(tmp_path, monkeypatch):
    missing = tmp_path / "missing.db"
    with pytest.raises(DatabaseMissing, match=r"^E021 database sqlite:///.*missing\.db: no such file"):
        store.open_store(missing, create=False)
    assert not missing.exists()  # a command that only reads creates nothing
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(NotEventDatabase, match="holds no eventcoder database"):
        store.open_store(empty, create=False)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("Protesters gathered in Hong Kong.\n" * 200, encoding="utf-8")
    for create in (True, False):
        with pytest.raises(DatabaseError, match="file is not a database"):
            store.open_store(text_file, create=create)
    with pytest.raises(NotEventDatabase, match="not a file"):
        store.open_store(tmp_path, create=False)
    with pytest.raises(
        DatabaseDriverMissing, match=r"E023 database mysql://u@db/events: its database driver"
    ):
        store.open_store("mysql://u@db/events")
    fill(str(tmp_path / "events.db"))
    with store.open_store(tmp_path / "events.db", create=False) as events_db:
        assert table_count(events_db.url, "articles") == len(REPORTS)


def test_store_clusters_missing_after_interrupted_clustering(db_url):
    fill(db_url)
    with store.open_store(db_url) as events_db:
        assert not events_db.clusters_missing()
        with events_db.engine.begin() as connection:  # what a run killed before clustering committed leaves
            connection.execute(text("UPDATE events SET cluster_id = NULL"))
            connection.execute(text("DELETE FROM event_clusters"))
        assert events_db.clusters_missing()
        assert events_db.cluster_events() == 3
        assert not events_db.clusters_missing()


def test_store_migration_0004_downgrades_and_upgrades_again(db_url):
    document = convention_report()
    with store.open_store(db_url) as events_db:
        assert events_db.write_document(document)
    migrate(db_url, "0003", downgrade=True)
    migrate(db_url, "head")
    with store.open_store(db_url) as events_db:
        # the stored events outlive the column; their content types are null again, as in rows from before 0004
        loaded = events_db.load_document(document.article.id)
    assert [event.content_type for event in loaded.events] == [None, None]
    assert [event.model_copy(update={"content_type": None}) for event in document.events] == loaded.events


def clusters_of(db_url) -> tuple[list, list, list]:
    with store.open_store(db_url) as events_db, events_db.engine.connect() as connection:
        return (
            [tuple(row) for row in connection.execute(text("SELECT id, cluster_id FROM events ORDER BY id"))],
            [tuple(row) for row in connection.execute(text("SELECT * FROM event_clusters ORDER BY id"))],
            [
                tuple(row)
                for row in connection.execute(text("SELECT * FROM event_cluster_countries ORDER BY 1, 2, 3"))
            ],
        )


def test_store_clusters_kept_article_by_article_equal_clusters_computed_at_once(tmp_path):
    """Each article is clustered as it is written: whatever the order of arrival, the clusters are those
    computed over all events at once, merges included."""
    documents = [make() for make in REPORTS.values()]
    orders = [documents, documents[::-1], documents[2:] + documents[:2]]
    results = []
    for number, order in enumerate(orders):
        db = str(tmp_path / f"events{number}.db")
        with store.open_store(db) as events_db:
            for document in order:
                assert events_db.write_document(document)
        results.append(clusters_of(db))
        with store.open_store(db) as events_db:
            events_db.cluster_events()
        assert clusters_of(db) == results[-1]
    assert results[0] == results[1] == results[2]
    memberships = results[0][0]
    assert len({cluster for _, cluster in memberships}) == 3  # the three outlets' protest is one


def test_store_incremental_clusters_on_coded_news_equal_the_batch(tmp_path):
    documents = list(coded_articles())
    shuffled = documents[1::2] + documents[::2][::-1]
    results = []
    for number, order in enumerate([documents, shuffled]):
        db = str(tmp_path / f"news{number}.db")
        with store.open_store(db) as events_db:
            for document in order:
                events_db.write_document(document)
        results.append(clusters_of(db))
    with store.open_store(str(tmp_path / "news0.db")) as events_db:
        events_db.cluster_events()
    assert clusters_of(str(tmp_path / "news0.db")) == results[0] == results[1]
    sizes = Counter(cluster for _, cluster in results[0][0])
    assert max(sizes.values()) >= 2  # some reports were linked
