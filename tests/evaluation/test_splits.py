"""The tuning and frozen parts of the PLOVER gold, as the evaluations use them."""

from __future__ import annotations

import pytest

from eventcoder.evaluation.plover import evaluate_plover, read_plover_gold
from eventcoder.evaluation.splits import select

from ..paths import PLOVER_DEV


def test_splits_cover_the_plover_gold_once():
    records = read_plover_gold(PLOVER_DEV)
    tune, frozen = select(records, "tune"), select(records, "frozen")
    assert len(tune) + len(frozen) == len(records) == 191
    assert not {r["id"] for r in tune} & {r["id"] for r in frozen}


@pytest.mark.slow
def test_splits_plover_misses_only_for_tune(nlp):
    tune = evaluate_plover(PLOVER_DEV, nlp, split="tune")
    frozen = evaluate_plover(PLOVER_DEV, nlp, split="frozen")
    assert tune["sentences"] + frozen["sentences"] == 191
    assert (tune["split"], frozen["split"]) == ("tune", "frozen")
    assert "misses" in tune
    assert "misses" not in frozen
    assert "misses" not in evaluate_plover(PLOVER_DEV, nlp)
