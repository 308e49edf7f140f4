"""Every output as it was: the bundled examples and the 60 Wikinews test articles code exactly as the
snapshot in tests/data/snapshot.jsonl says (rewrite it with ``python -m tests.snapshot`` when a change
is meant to alter the output, and read the diff)."""

import json

import pytest

from ..analysis.corpus_db import coded_articles
from ..snapshot import SNAPSHOT, current_records, example_documents


@pytest.mark.slow
def test_snapshot_outputs_unchanged():
    expected = [json.loads(line) for line in SNAPSHOT.read_text(encoding="utf-8").splitlines()]
    current = current_records(example_documents(), coded_articles())
    assert [record["article"]["id"] for record in current] == [record["article"]["id"] for record in expected]
    for now, before in zip(current, expected):
        assert now == before, f"output changed for {before['article']['id']}"
