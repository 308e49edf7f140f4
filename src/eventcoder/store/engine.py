"""Opening the event database: its URL, the engine, SQLite's pragmas and the schema migrations."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import NullPool

from ..errors import DatabaseDriverMissing, DatabaseError, DatabaseMissing, NotEventDatabase
from .schema import SEARCH_TABLES, Base

DEFAULT_DB = "eventcoder.db"
MIGRATIONS = Path(__file__).parent.parent / "migrations"


def resolve_url(value: str | os.PathLike | None = None) -> str:
    """A SQLAlchemy URL from a file path or a URL; None means ``$EVENTCODER_DB`` or ``./eventcoder.db``.

    ``postgresql://`` and ``postgres://`` URLs get the psycopg 3 driver.
    """
    value = os.fspath(value) if value is not None else os.environ.get("EVENTCODER_DB") or DEFAULT_DB
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def shown(url: str) -> str:
    """The URL as it may appear in a message: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str, *, migrating: bool = False) -> Engine:
    """The engine on ``url``; ``migrating`` makes a SQLite engine whose transactions hold DDL too."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if not migrating:
                engine = create_engine(url, connect_args={"timeout": 30})
                event.listen(engine, "connect", _sqlite_pragmas)
                return engine
            # pysqlite runs DDL outside any transaction: take its transaction handling away and begin
            # each transaction ourselves, BEGIN IMMEDIATE, so that a migration is all or nothing and
            # holds the write lock from its first read (SQLAlchemy's pysqlite "Transactional DDL" recipe).
            engine = create_engine(url, connect_args={"timeout": 30}, poolclass=NullPool)
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "connect", _sqlite_own_transactions)
            event.listen(engine, "begin", _sqlite_begin_immediate)
            return engine
        return create_engine(url, pool_pre_ping=True, poolclass=NullPool if migrating else None)
    except (ArgumentError, NoSuchModuleError) as error:
        raise DatabaseError(shown(url), f"not a usable database URL ({error})") from None
    except ImportError as error:
        raise DatabaseDriverMissing(
            shown(url), f"its database driver is not installed ({first_line(error)})"
        ) from None


def _sqlite_pragmas(connection, record) -> None:
    cursor = connection.cursor()
    # WAL lets readers (Datasette, the web view) read while a batch writes; NORMAL sync is
    # durable against a killed process, which is the crash a batch run must survive.
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _switch_to_wal(cursor, attempts: int = 50) -> None:
    """Openers of a new database switch it to WAL at the same instant: SQLite answers all but one
    "database is locked" at once, without its busy timeout (waiting could deadlock them), so the
    switch is tried again, for up to 12 s."""
    for attempt in range(attempts):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))


def _sqlite_own_transactions(connection, record) -> None:
    connection.isolation_level = None  # pysqlite issues no BEGIN (nor COMMIT before DDL) of its own


def _sqlite_begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _scripts() -> tuple[Config, ScriptDirectory]:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config, ScriptDirectory.from_config(config)


def upgrade(connection: Connection) -> None:
    """Bring the schema to the newest migration; refuse a database made by a newer eventcoder.

    All of it happens in the transaction of ``connection``: a migration killed half-way leaves the
    database as it was (on SQLite only when ``connection`` comes from ``make_engine(migrating=True)``).
    """
    config, scripts = _scripts()
    config.attributes["connection"] = connection
    current = MigrationContext.configure(connection).get_current_revision()
    if current is not None and current not in {script.revision for script in scripts.walk_revisions()}:
        raise DatabaseError(
            shown(str(connection.engine.url)),
            f"schema version {current} is newer than this eventcoder knows; upgrade eventcoder",
        )
    if current is None:
        _drop_half_made_schema(connection)
    if current != scripts.get_current_head():
        command.upgrade(config, "head")


# Tables an interrupted first migration could leave behind when eventcoder still let pysqlite run
# DDL outside the transaction: besides the models' tables, the FTS5 tables and their shadow tables.
_SEARCH_TABLE_PREFIXES = SEARCH_TABLES


def _drop_half_made_schema(connection: Connection) -> None:
    """A database with no schema version may hold the empty tables of an interrupted first migration:
    drop them, so that the migration starts over. Anything else in it is left alone, and refused."""
    tables = set(inspect(connection).get_table_names())
    if not tables:
        return
    ours = set(Base.metadata.tables) | {"alembic_version"}
    strangers = {name for name in tables - ours if not name.startswith(_SEARCH_TABLE_PREFIXES)}
    filled = [
        name
        for name in sorted(tables & set(Base.metadata.tables))
        if connection.exec_driver_sql(f'SELECT 1 FROM "{name}" LIMIT 1').first()
    ]
    if strangers or filled:
        raise NotEventDatabase(
            shown(str(connection.engine.url)),
            "holds tables but no eventcoder schema version ("
            + ", ".join(sorted(strangers) + sorted(filled))
            + "): not an eventcoder database",
        )
    for name in _SEARCH_TABLE_PREFIXES:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    Base.metadata.drop_all(connection, checkfirst=True)


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


# Key of the PostgreSQL advisory lock that lets one opener at a time migrate (any schema of a database).
_MIGRATION_LOCK = 0x6576_656E_7463  # "eventc"


def _migrate(url: str) -> None:
    """Upgrade the schema in one transaction, one opener at a time: the others wait, then find it done."""
    engine = make_engine(url, migrating=True)
    try:
        with engine.begin() as connection:  # SQLite: BEGIN IMMEDIATE, the write lock, before the first read
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            upgrade(connection)  # reads the version again: another opener may have migrated meanwhile
    finally:
        engine.dispose()


def open_engine(db: str | os.PathLike | None = None, *, create: bool = True) -> Engine:
    """An engine on the database at ``db`` (a file path or a URL), upgraded if needed.

    With ``create`` a missing database is created; without it (the commands that only read) a missing
    SQLite file, or a database without eventcoder's schema, is refused with :class:`DatabaseMissing`
    or :class:`NotEventDatabase`, and nothing is created.
    """
    url = resolve_url(db)
    if not create:
        _require_existing(url)
    engine = make_engine(url)
    try:
        current = _current_revision(engine)
        if current is None and not create:
            raise NotEventDatabase(shown(url), "holds no eventcoder database (run eventcoder ingest first)")
        if current != _scripts()[1].get_current_head():
            _migrate(url)
    except DBAPIError as error:  # unreachable server, locked file, a file that is not a database, ...
        engine.dispose()
        raise DatabaseError(shown(url), first_line(error.orig or error)) from None
    except BaseException:
        engine.dispose()
        raise
    return engine


def _require_existing(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    if parsed.database.startswith("file:"):
        return  # a SQLite URI: its own mode= says whether it may be created
    path = Path(parsed.database)
    if not path.exists():
        raise DatabaseMissing(shown(url), "no such file (give the path of a database eventcoder made)")
    if not path.is_file():
        raise NotEventDatabase(shown(url), "not a file")


def first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
