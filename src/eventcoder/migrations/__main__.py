"""Write a new migration from the difference between the models in ``store/schema.py`` and the newest revision.

    python -m eventcoder.migrations "add a column"

It builds a scratch SQLite database at the current head and lets Alembic compare; review the
generated file in ``versions/`` before committing it.
"""

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from eventcoder.store import MIGRATIONS, open_store


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'head.db'}"
        if any((MIGRATIONS / "versions").glob("*.py")):
            open_store(url).close()
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", url)
        number = len(list((MIGRATIONS / "versions").glob("[0-9]*.py"))) + 1
        command.revision(config, message=message, autogenerate=True, rev_id=f"{number:04d}")


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "schema change")
