"""A database that SQL tools understand: full-text search Datasette finds, views, cluster countries as
rows, the basis of each event's date, and the GeoNames and office fields of the records.

Both databases:

- ``events.date_basis``: 'event' when ``event_date`` is the first day of the event's own date,
  'publication' when it is the article's publication date (the event has none), null when there is
  no date at all. Stored rows get it from ``date_value``: an event with a date is 'event'. (The store
  also says 'publication' for a date it cannot read as days and so files under the publication date;
  the coder makes no such date.)
- ``events.location_geonameid``, ``location_feature_class``, ``location_feature_code``,
  ``location_admin1``, the same four on ``places`` (without the prefix), ``office`` on
  ``event_actors`` and ``mentions``, ``speaker_office`` on ``quotes``: the fields that
  ``records.Location`` and ``records.Actor`` gained. Null in the rows stored before.
- ``event_cluster_countries`` (cluster_id, role 'source' or 'target', country): one row per code on
  each side of a cluster, written by clustering, filled here from the ';'-joined
  ``event_clusters.source_countries`` and ``target_countries``, which stay, for the SQL that reads them.
- Views ``dyad_events`` (one row per event and source-target pair; an event without sources or
  without targets has one row per actor of the other side with nulls on the empty side, an event
  with neither one row of nulls) and ``event_summary`` (one row per event, with its article and its
  sources' and targets' names and countries aggregated).

SQLite only: ``events_search``, an FTS5 table whose content is ``events`` itself
(``content="events"``), which is how Datasette and sqlite-utils recognise that ``events`` can be
searched. It indexes ``sentence_text`` and ``location_name`` as words (porter stemming, case and
diacritics folded), keyed by the rowid of ``events``; triggers keep it in step with every insert,
update and delete. Because it holds no copy of the text, ``INSERT INTO events_search(events_search)
VALUES('rebuild')`` (``sqlite-utils rebuild-fts``) rebuilds it from ``events`` alone: the repair for
anything that renumbers the rowids of ``events``, whose TEXT primary key leaves the rowid implicit.
VACUUM keeps them (SQLite copies the rowids of a table that has an index, and ``events`` always has
its primary key index), but a ``.dump`` reloaded without ``--preserve-rowids`` or a table rebuild
(``batch_alter_table``) does not: a later migration that rebuilds ``events`` must rebuild this index
too, and drop and remake the views and triggers around it.

The ``q`` and ``actor`` filters of the events table keep the substring indexes of migration 0003,
keyed by the event id and the event actor's INTEGER PRIMARY KEY, which nothing renumbers: they find
exactly what LIKE finds, which a word index cannot. PostgreSQL keeps its trigram indexes.

Plain ALTER TABLE (as in 0004): a batch migration in SQLite would drop the triggers on ``events``.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LOCATION_COLUMNS = [  # (name on places; on events after "location_", type)
    ("geonameid", sa.Integer()),
    ("feature_class", sa.Text()),
    ("feature_code", sa.Text()),
    ("admin1", sa.Text()),
]
DATE_BASIS_COMMENT = "what event_date comes from: 'event' (its own date), 'publication', or null"

# ---- SQLite: the full-text index that Datasette and sqlite-utils find for events

SEARCH_COLUMNS = "sentence_text, location_name"
SEARCH_NEW = "new.rowid, new.sentence_text, new.location_name"
SEARCH_OLD = "'delete', old.rowid, old.sentence_text, old.location_name"
SQLITE_SEARCH = [
    # content="events" (double quotes, as Datasette's and sqlite-utils' detect_fts look for it)
    f"""CREATE VIRTUAL TABLE events_search USING fts5({SEARCH_COLUMNS}, content="events",
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_search (rowid, {SEARCH_COLUMNS}) VALUES ({SEARCH_NEW});
    END""",
    f"""CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_search (events_search, rowid, {SEARCH_COLUMNS}) VALUES ({SEARCH_OLD});
    END""",
    f"""CREATE TRIGGER events_search_update AFTER UPDATE OF {SEARCH_COLUMNS} ON events BEGIN
        INSERT INTO events_search (events_search, rowid, {SEARCH_COLUMNS}) VALUES ({SEARCH_OLD});
        INSERT INTO events_search (rowid, {SEARCH_COLUMNS}) VALUES ({SEARCH_NEW});
    END""",
    "INSERT INTO events_search (events_search) VALUES ('rebuild')",
]
SQLITE_SEARCH_DROP = [
    "DROP TRIGGER IF EXISTS events_search_update",
    "DROP TRIGGER IF EXISTS events_search_delete",
    "DROP TRIGGER IF EXISTS events_search_insert",
    "DROP TABLE IF EXISTS events_search",
]

# ---- views, both databases


# The actors of an event are read through the index on event_actors.event_id. SQLite, without
# statistics, would read them through the weak index on role instead (every source of every event):
# in SQLite ``+`` before the role column keeps that index out. PostgreSQL's planner needs no help.
def role_test(alias: str, role: str, dialect: str) -> str:
    return f"{'+' if dialect == 'sqlite' else ''}{alias}.role = '{role}'"


DYAD_EVENTS = """
CREATE VIEW dyad_events AS
SELECT
    e.id AS event_id,
    e.article_id,
    e.event_date,
    e.date_basis,
    e.event_type,
    e.cameo,
    e.modality,
    e.intensity,
    s.name AS source_name,
    s.country AS source_country,
    s.sector AS source_sector,
    s.org AS source_org,
    t.name AS target_name,
    t.country AS target_country,
    t.sector AS target_sector,
    t.org AS target_org,
    e.location_name,
    e.location_country,
    e.lat,
    e.lon
FROM events AS e
LEFT JOIN event_actors AS s ON s.event_id = e.id AND {source}
LEFT JOIN event_actors AS t ON t.event_id = e.id AND {target}
"""


def dyad_events(dialect: str) -> str:
    return DYAD_EVENTS.format(
        source=role_test("s", "source", dialect), target=role_test("t", "target", dialect)
    )


# The names of one side, each once, in the order the event lists them; its countries, each once,
# sorted. Null when the side is empty. SQLite's group_concat keeps the order of an ordered subquery.
SQLITE_AGGREGATES = {
    "names": """(SELECT group_concat(name, '; ') FROM (
        SELECT a.name FROM event_actors AS a WHERE a.event_id = e.id AND {role}
        GROUP BY a.name ORDER BY min(a.position), a.name))""",
    "countries": """(SELECT group_concat(country, ';') FROM (
        SELECT DISTINCT a.country FROM event_actors AS a
        WHERE a.event_id = e.id AND {role} AND a.country IS NOT NULL ORDER BY a.country))""",
}
POSTGRESQL_AGGREGATES = {
    "names": """(SELECT string_agg(n.name, '; ' ORDER BY n.first, n.name) FROM (
        SELECT a.name, min(a.position) AS first FROM event_actors AS a
        WHERE a.event_id = e.id AND {role} GROUP BY a.name) AS n)""",
    "countries": """(SELECT string_agg(DISTINCT a.country, ';' ORDER BY a.country) FROM event_actors AS a
        WHERE a.event_id = e.id AND {role})""",
}


def event_summary(dialect: str) -> str:
    aggregates = POSTGRESQL_AGGREGATES if dialect == "postgresql" else SQLITE_AGGREGATES
    sides = ",\n    ".join(
        f"{aggregates[kind].format(role=role_test('a', role, dialect))} AS {role}_{kind}"
        for role in ("source", "target")
        for kind in ("names", "countries")
    )
    return f"""
CREATE VIEW event_summary AS
SELECT
    e.id AS event_id,
    e.article_id,
    ar.title,
    ar.source AS outlet,
    ar.published,
    ar.url,
    e.event_date,
    e.date_basis,
    e.date_text,
    e.event_type,
    e.content_type,
    e.cameo,
    e.modality,
    e.intensity,
    {sides},
    e.location_name,
    e.location_country,
    e.lat,
    e.lon,
    e.sentence_text,
    e.cluster_id
FROM events AS e
JOIN articles AS ar ON ar.id = e.article_id
"""


VIEWS = ("event_summary", "dyad_events")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("events", sa.Column("date_basis", sa.Text(), nullable=True, comment=DATE_BASIS_COMMENT))
    for name, type_ in LOCATION_COLUMNS:
        op.add_column("events", sa.Column(f"location_{name}", type_, nullable=True))
        op.add_column("places", sa.Column(name, type_, nullable=True))
    op.add_column("event_actors", sa.Column("office", sa.Text(), nullable=True))
    op.add_column("mentions", sa.Column("office", sa.Text(), nullable=True))
    op.add_column("quotes", sa.Column("speaker_office", sa.Text(), nullable=True))
    op.execute(
        "UPDATE events SET date_basis = CASE WHEN date_value IS NOT NULL THEN 'event' ELSE 'publication' END "
        "WHERE event_date IS NOT NULL"
    )

    op.create_table(
        "event_cluster_countries",
        sa.Column("cluster_id", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False, comment="source or target"),
        sa.Column(
            "country",
            sa.Text(),
            nullable=False,
            comment="ISO 3166-1 alpha-3 code of an actor's country, else its organisation code",
        ),
        sa.CheckConstraint("role IN ('source', 'target')", name="ck_event_cluster_countries_role"),
        sa.ForeignKeyConstraint(["cluster_id"], ["event_clusters.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cluster_id", "role", "country"),
    )
    op.create_index(
        "ix_event_cluster_countries_country_role_cluster_id",
        "event_cluster_countries",
        ["country", "role", "cluster_id"],
    )
    fill_cluster_countries()

    if dialect == "sqlite":
        for statement in SQLITE_SEARCH:
            op.execute(statement)
    op.execute(dyad_events(dialect))
    op.execute(event_summary(dialect))


def fill_cluster_countries() -> None:
    """The link rows of the clusters already stored, from their ';'-joined columns."""
    connection = op.get_bind()
    clusters = connection.execute(
        sa.text("SELECT id, source_countries, target_countries FROM event_clusters")
    ).all()
    links = [
        {"cluster_id": cluster_id, "role": role, "country": country}
        for cluster_id, sources, targets in clusters
        for role, joined in (("source", sources), ("target", targets))
        for country in sorted(set((joined or "").split(";")) - {""})
    ]
    if links:
        connection.execute(
            sa.text(
                "INSERT INTO event_cluster_countries (cluster_id, role, country) VALUES (:cluster_id, :role, :country)"
            ),
            links,
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for view in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")
    if dialect == "sqlite":
        for statement in SQLITE_SEARCH_DROP:
            op.execute(statement)
    op.drop_index("ix_event_cluster_countries_country_role_cluster_id", table_name="event_cluster_countries")
    op.drop_table("event_cluster_countries")
    op.drop_column("quotes", "speaker_office")
    op.drop_column("mentions", "office")
    op.drop_column("event_actors", "office")
    for name, _ in reversed(LOCATION_COLUMNS):
        op.drop_column("places", name)
        op.drop_column("events", f"location_{name}")
    op.drop_column("events", "date_basis")
