"""The coded output of known inputs, kept in tests/data/snapshot.jsonl to show that a change of code
layout leaves every output as it was.

When a change is meant to alter the output (a new rule, new data), rewrite the file and read its diff:
``python -m tests.snapshot`` from the repository root.
"""

from __future__ import annotations

import json

from eventcoder.api import code_articles
from eventcoder.ingest import iter_articles
from eventcoder.records import ArticleDocument

from .analysis.corpus_db import coded_articles
from .paths import DATA, EXAMPLES

SNAPSHOT = DATA / "snapshot.jsonl"


def example_documents() -> list[ArticleDocument]:
    """The bundled examples, as `make run` codes them."""
    inputs = iter_articles([str(EXAMPLES / "wikinews.jsonl"), str(EXAMPLES / "germany-bans-mahan-air.txt")])
    return [item for item in code_articles(inputs) if isinstance(item, ArticleDocument)]


def snapshot_record(document: ArticleDocument) -> dict:
    """Everything coded from an article, without the text and the coder's version."""
    record = document.model_dump(mode="json", exclude={"coder": True, "article": {"text"}})
    return json.loads(json.dumps(record, sort_keys=True))


def current_records(examples: list[ArticleDocument], corpus: tuple[ArticleDocument, ...]) -> list[dict]:
    return [snapshot_record(document) for document in [*examples, *corpus]]


if __name__ == "__main__":
    records = current_records(example_documents(), coded_articles())
    with SNAPSHOT.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} documents to {SNAPSHOT}")
