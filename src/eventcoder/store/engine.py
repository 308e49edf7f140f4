"""Opening the event database: its URL, the engine, SQLite's pragmas and the schema migrations."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from ..errors import DatabaseError

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


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as error:
        raise DatabaseError(shown(url), f"not a usable database URL ({error})") from None


def _sqlite_pragmas(connection, record) -> None:
    cursor = connection.cursor()
    # WAL lets readers (Datasette, the web view) read while a batch writes; NORMAL sync is
    # durable against a killed process, which is the crash a batch run must survive.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def upgrade(connection: Connection) -> None:
    """Bring the schema to the newest migration; refuse a database made by a newer eventcoder."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    current = MigrationContext.configure(connection).get_current_revision()
    scripts = ScriptDirectory.from_config(config)
    if current is not None and current not in {script.revision for script in scripts.walk_revisions()}:
        raise DatabaseError(
            shown(str(connection.engine.url)),
            f"schema version {current} is newer than this eventcoder knows; upgrade eventcoder",
        )
    if current != scripts.get_current_head():
        command.upgrade(config, "head")


def open_engine(db: str | os.PathLike | None = None) -> Engine:
    """An engine on the database at ``db`` (a file path or a URL), created or upgraded if needed."""
    url = resolve_url(db)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            upgrade(connection)
    except OperationalError as error:
        engine.dispose()
        raise DatabaseError(shown(url), first_line(error.orig or error)) from None
    return engine


def first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
