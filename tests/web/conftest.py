import pytest

from eventcoder.web import create_app

from ..analysis.corpus_db import build_database, coded_articles

TOKEN = "test-token-8c1f"


@pytest.fixture(scope="session")
def documents():
    return coded_articles()


@pytest.fixture(scope="session")
def database(tmp_path_factory, documents):
    """A database of the coded Wikinews articles that read-only tests share."""
    return build_database(tmp_path_factory.mktemp("web") / "events.db")


@pytest.fixture()
def writable_database(tmp_path, documents):
    return build_database(tmp_path / "events.db")


@pytest.fixture(scope="session")
def app(database):
    return create_app(str(database), token="")
