import pytest

from eventcoder.store import open_store

from .corpus_db import build_database, coded_articles


@pytest.fixture(scope="session")
def documents():
    return coded_articles()


@pytest.fixture(scope="session")
def store(tmp_path_factory, documents):
    path = build_database(tmp_path_factory.mktemp("analysis") / "events.db")
    with open_store(path) as opened:
        yield opened
