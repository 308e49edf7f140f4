"""Substring search indexes for the events table's ``q`` and ``actor`` filters.

SQLite: two FTS5 tables with the trigram tokenizer, which find a substring from an index:
``events_fts`` (each event's id and sentence) and ``event_actors_fts`` (each event actor's name, keyed
by ``event_actors.id``). Triggers keep both in step with every insert, update and delete, foreign-key
cascades included; the rows already stored are indexed here.

PostgreSQL: trigram GIN indexes (extension pg_trgm) on ``events.sentence_text`` and
``event_actors.name``, which ILIKE uses as they are. A server without pg_trgm gets no index, and a
warning that says why: the filters still work, by scanning.

Both: an index on (org, role, event_id) for the actor filter's organisation-code side.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import warnings

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Both index lower(text) with a case-sensitive tokenizer, and are searched for lower(query) as one
# phrase: exactly SQLite's LIKE '%query%', which ignores the case of ASCII letters only (as lower()
# does), and with no wildcard to escape. Queries of under 3 characters have no trigram and use LIKE.

# events.id is TEXT, so events has no rowid that VACUUM keeps: events_fts stores the event id itself.
# Its delete trigger finds the row through the index with a phrase of the old sentence's start, then
# picks the event; a sentence too short to have a trigram is looked for by scanning.
EVENTS_FTS_FIND_OLD = """
    DELETE FROM events_fts
    WHERE events_fts MATCH '"' || replace(substr(lower(old.sentence_text), 1, 64), '"', '""') || '"'
      AND event_id = old.id;
    DELETE FROM events_fts WHERE length(old.sentence_text) < 3 AND event_id = old.id;
"""
SQLITE_EVENTS = [
    "CREATE VIRTUAL TABLE events_fts USING fts5(event_id UNINDEXED, sentence, tokenize='trigram case_sensitive 1')",
    """CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts (event_id, sentence) VALUES (new.id, lower(new.sentence_text));
    END""",
    f"""CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN {EVENTS_FTS_FIND_OLD} END""",
    f"""CREATE TRIGGER events_fts_update AFTER UPDATE OF id, sentence_text ON events BEGIN
        {EVENTS_FTS_FIND_OLD}
        INSERT INTO events_fts (event_id, sentence) VALUES (new.id, lower(new.sentence_text));
    END""",
    "INSERT INTO events_fts (event_id, sentence) SELECT id, lower(sentence_text) FROM events",
]

# event_actors.id is an INTEGER PRIMARY KEY, a rowid that VACUUM keeps: a contentless index keyed by it.
SQLITE_ACTORS = [
    "CREATE VIRTUAL TABLE event_actors_fts USING fts5(name, content='', tokenize='trigram case_sensitive 1')",
    """CREATE TRIGGER event_actors_fts_insert AFTER INSERT ON event_actors BEGIN
        INSERT INTO event_actors_fts (rowid, name) VALUES (new.id, lower(new.name));
    END""",
    """CREATE TRIGGER event_actors_fts_delete AFTER DELETE ON event_actors BEGIN
        INSERT INTO event_actors_fts (event_actors_fts, rowid, name) VALUES ('delete', old.id, lower(old.name));
    END""",
    """CREATE TRIGGER event_actors_fts_update AFTER UPDATE OF id, name ON event_actors BEGIN
        INSERT INTO event_actors_fts (event_actors_fts, rowid, name) VALUES ('delete', old.id, lower(old.name));
        INSERT INTO event_actors_fts (rowid, name) VALUES (new.id, lower(new.name));
    END""",
    "INSERT INTO event_actors_fts (rowid, name) SELECT id, lower(name) FROM event_actors",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS event_actors_fts_update",
    "DROP TRIGGER IF EXISTS event_actors_fts_delete",
    "DROP TRIGGER IF EXISTS event_actors_fts_insert",
    "DROP TABLE IF EXISTS event_actors_fts",
    "DROP TRIGGER IF EXISTS events_fts_update",
    "DROP TRIGGER IF EXISTS events_fts_delete",
    "DROP TRIGGER IF EXISTS events_fts_insert",
    "DROP TABLE IF EXISTS events_fts",
]

TRIGRAM_INDEXES = {  # name: (table, column)
    "ix_events_sentence_text_trgm": ("events", "sentence_text"),
    "ix_event_actors_name_trgm": ("event_actors", "name"),
}


def upgrade() -> None:
    op.create_index("ix_event_actors_org_role_event_id", "event_actors", ["org", "role", "event_id"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_EVENTS + SQLITE_ACTORS:
            op.execute(statement)
    elif dialect == "postgresql":
        create_trigram_indexes()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_DROP:
            op.execute(statement)
    elif dialect == "postgresql":
        for name in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index("ix_event_actors_org_role_event_id", table_name="event_actors")


def create_trigram_indexes() -> None:
    schema = trigram_schema()
    if schema is None:
        return
    operator_class = f"{quoted(schema)}.gin_trgm_ops"
    for name, (table, column) in TRIGRAM_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} {operator_class})")


def trigram_schema() -> str | None:
    """The schema that holds pg_trgm, installing it if needed; None (with a warning) when it cannot be had."""
    connection = op.get_bind()
    installed = (
        "SELECT nspname FROM pg_extension JOIN pg_namespace ON pg_namespace.oid = extnamespace WHERE extname = 'pg_trgm'"
    )
    schema = connection.execute(sa.text(installed)).scalar()
    if schema is not None:
        return schema
    available = connection.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).scalar()
    if available is None:
        return skipped("this PostgreSQL server does not ship the pg_trgm extension (the contrib package)")
    # An extension exists once per database: install it in public when there is one, not in an
    # application schema whose DROP ... CASCADE would take other schemas' indexes with it.
    target = connection.execute(
        sa.text("SELECT coalesce((SELECT nspname FROM pg_namespace WHERE nspname = 'public'), current_schema())")
    ).scalar()
    try:
        with connection.begin_nested():
            connection.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA {quoted(target)}"))
    except sa.exc.DBAPIError as error:
        return skipped(f"cannot install the pg_trgm extension: {str(error.orig).strip().splitlines()[0]}")
    return connection.execute(sa.text(installed)).scalar()


def quoted(name: str) -> str:
    return op.get_context().impl.dialect.identifier_preparer.quote_schema(name)


def skipped(reason: str) -> None:
    warnings.warn(
        f"no trigram indexes for the events table's q and actor filters: {reason}; "
        "these filters will scan every row (run CREATE EXTENSION pg_trgm as a superuser, then "
        "create the indexes of migration 0003 by hand or downgrade to 0002 and upgrade again)",
        stacklevel=2,
    )
    return None
