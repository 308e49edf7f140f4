"""A test database coded from real Wikinews conflict and politics articles (shared by tests/analysis and tests/web).

The articles are coded once per test session with the real pipeline; each test module writes them into
its own SQLite file.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from eventcoder.api import code_articles
from eventcoder.ingest import ArticleInput, article_from_mapping
from eventcoder.records import ArticleDocument
from eventcoder.store import open_store

from ..paths import WIKINEWS

# Titles of conflict and politics stories (Wikinews has no section field).
CONFLICT_POLITICS = re.compile(
    r"protest|troops|attack|bomb|kill|sanction|president|minister|government|parliament|police|military|"
    r"summit|arrest|Iran|Turkey|Hong Kong|court|impeach|election|border|war\b|jet|shoot|stab|leader|"
    r"denounce|ban|sue|resign|poison|rally|violence|oust|subpoena",
    re.IGNORECASE,
)
MAX_CHARS = 4000  # the long interviews add little but time
MAX_ARTICLES = 60


def conflict_politics_articles(limit: int = MAX_ARTICLES) -> list[ArticleInput]:
    chosen = []
    with WIKINEWS.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if CONFLICT_POLITICS.search(record["title"]) and len(record["text"]) <= MAX_CHARS:
                chosen.append(article_from_mapping(record, record["id"]))
    return chosen[:limit]


@functools.lru_cache(maxsize=1)
def coded_articles() -> tuple[ArticleDocument, ...]:
    """The articles coded with the default model, once per process."""
    documents = tuple(code_articles(conflict_politics_articles()))
    problems = [item for item in documents if not isinstance(item, ArticleDocument)]
    assert not problems, problems
    return documents


def build_database(path: Path) -> Path:
    with open_store(path) as store:
        for document in coded_articles():
            store.write_document(document, origin=str(WIKINEWS.name))
    return path
