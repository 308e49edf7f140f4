"""Accuracy of event dates and geocoding on the hand-annotated Wikinews set (tests/data/dates_places.jsonl)."""

import pytest

from eventcoder.evaluation.dates_places import evaluate_dates_places

from ..paths import DATES_PLACES, WIKINEWS

DATE_TARGET = 0.90
PLACE_TARGET = 0.90


@pytest.fixture(scope="module")
def scores(nlp):
    return evaluate_dates_places(DATES_PLACES, WIKINEWS)


@pytest.mark.slow
def test_dates_places_gold_set_size(scores):
    assert scores["dates"] >= 60 and scores["places"] >= 60


@pytest.mark.slow
def test_dates_places_date_accuracy(scores):
    assert scores["date_accuracy"] >= DATE_TARGET


@pytest.mark.slow
def test_dates_places_place_accuracy(scores):
    assert scores["place_accuracy"] >= PLACE_TARGET
