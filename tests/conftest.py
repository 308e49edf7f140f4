"""Shared fixtures: the real model (loaded once per session), real Wikinews articles, real databases.

PostgreSQL must be running on 127.0.0.1:5432 (user postgres, database test, trust auth); when it is
not, the database tests fail rather than skip.
"""

import json
import uuid
from itertools import islice
from pathlib import Path

import psycopg
import pytest

import eventcoder
from eventcoder.nlp import load

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
WIKINEWS = SHARED / "corpora" / "wikinews_2019_2020" / "articles.jsonl"
POSTGRES = "host=127.0.0.1 port=5432 user=postgres dbname=test"


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
            return [json.loads(line) for line in islice(lines, skip, skip + count)]

    return records


@pytest.fixture
def postgres_url():
    """A fresh schema on the local PostgreSQL, dropped after the test."""
    schema = f"eventcoder_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    yield f"postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    return request.getfixturevalue("postgres_url")
