"""Shared fixtures: the real model (loaded once per session), real Wikinews articles, real databases.

External services: the database tests need PostgreSQL (``$EVENTCODER_TEST_POSTGRES``, by default
``postgresql://postgres@127.0.0.1:5432/test``) and the browser tests need Chromium
(``$EVENTCODER_TEST_CHROMIUM``, by default ``chromium`` on the PATH). Without one, its tests are
skipped with a line saying what is missing; with ``CI=true`` they fail instead, so that CI never
passes by skipping.
"""

import json
import os
import shutil
import tempfile
import uuid
from itertools import islice

import psycopg
import pytest
from sqlalchemy.engine import make_url

import eventcoder
from eventcoder.nlp import load

from .paths import WIKINEWS

POSTGRES = os.environ.get("EVENTCODER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
CHROMIUM = os.environ.get("EVENTCODER_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


MISSING_SERVICES: set[str] = set()


def pytest_configure(config):
    """Compiled tables (eventcoder.tablecache) go to a folder of this run's own, never the user's cache;
    set before any test loads a table, and inherited by the commands the tests start."""
    config.table_cache = tempfile.TemporaryDirectory(prefix="eventcoder-tablecache-")
    os.environ["EVENTCODER_CACHE_DIR"] = config.table_cache.name


def pytest_unconfigure(config):
    if hasattr(config, "table_cache"):
        config.table_cache.cleanup()


def require_service(message: str) -> None:
    """Skip the test for a missing service, or fail it in CI."""
    if IN_CI:
        pytest.fail(f"CI=true and {message}", pytrace=False)
    MISSING_SERVICES.add(message)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter):
    """One line per missing service at the end of the run, however many tests it skipped."""
    for message in sorted(MISSING_SERVICES):
        terminalreporter.write_line(f"eventcoder: tests skipped: {message}", yellow=True)


@pytest.fixture(scope="session")
def nlp():
    return load()


@pytest.fixture(scope="session")
def code():
    """``code(text, published)`` -> ArticleDocument, with the default model."""
    return eventcoder.code_text


@pytest.fixture(scope="session")
def wikinews():
    """``wikinews(count, skip=0)`` -> the first real Wikinews articles, as JSON Lines records."""

    def records(count: int, skip: int = 0) -> list[dict]:
        with WIKINEWS.open(encoding="utf-8") as lines:
            chosen = [json.loads(line) for line in islice(lines, skip, skip + count)]
        assert len(chosen) == count, f"{WIKINEWS} holds fewer than {skip + count} articles"
        return chosen

    return records


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The PostgreSQL server's URL, once it has answered."""
    try:
        psycopg.connect(POSTGRES, connect_timeout=5).close()
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        require_service(
            f"PostgreSQL is not reachable at {POSTGRES} ({reason}): start it, or point "
            "EVENTCODER_TEST_POSTGRES=postgresql://user@host:port/database at a server"
        )
    return POSTGRES


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh schema on the test PostgreSQL server, dropped after the test."""
    schema = f"eventcoder_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    url = make_url(postgres_server).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium executable for the browser tests."""
    if not os.access(CHROMIUM, os.X_OK):
        require_service(
            f"Chromium is not installed ({CHROMIUM}): apt-get install chromium, or set EVENTCODER_TEST_CHROMIUM"
        )
    return CHROMIUM


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    return request.getfixturevalue("postgres_url")
