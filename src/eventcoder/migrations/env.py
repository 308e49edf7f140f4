"""Alembic environment for eventcoder's database, run programmatically by :func:`store.upgrade`.

The caller hands over an open connection in ``config.attributes["connection"]``; there is no
alembic.ini. Developers make a new revision with ``python -m eventcoder.migrations revision "message"``.
"""

from alembic import context
from sqlalchemy import create_engine

from eventcoder.store import Base, in_models

config = context.config
connection = config.attributes.get("connection")


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things: later migrations rewrite the table instead
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=in_models,  # the search indexes of migration 0003 are not in the models
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).begin() as own_connection:
        run(own_connection)
