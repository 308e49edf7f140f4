"""Every output follows the shipped JSON Schema, and every offset points at what it names."""

import json

import jsonschema
import pytest

import eventcoder
from eventcoder.ingest import iter_articles
from eventcoder.records import SCHEMA_PATH, ArticleDocument, json_schema

from ..paths import REPO


def test_records_shipped_schema_is_generated_from_the_record_types():
    assert json.loads(SCHEMA_PATH.read_text()) == json_schema(), "run: python -m eventcoder.records"


@pytest.fixture(scope="module")
def example_documents() -> list[ArticleDocument]:
    inputs = iter_articles([str(REPO / "examples")])
    return [d for d in eventcoder.code_articles(inputs) if isinstance(d, ArticleDocument)]


@pytest.mark.slow
def test_records_example_output_validates_against_the_schema(example_documents):
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    assert len(example_documents) == 4
    for document in example_documents:
        errors = sorted(validator.iter_errors(json.loads(document.model_dump_json())), key=str)
        assert not errors, errors[:3]


def spans(document: ArticleDocument):
    """Every (record, text) pair that claims to be a slice of the article text."""
    for actor in document.mentions:
        yield actor, actor.text
    for place in document.places:
        yield place, place.text
    for quote in document.quotes:
        yield quote, quote.text
        if quote.speaker:
            yield quote.speaker, quote.speaker.text
    for event in document.events:
        yield event.trigger, event.trigger.text
        yield event.sentence, event.sentence.text
        for actor in event.sources + event.targets:
            yield actor, actor.text


@pytest.mark.slow
def test_records_offsets_point_into_the_article_text(example_documents):
    checked = 0
    for document in example_documents:
        text = document.article.text
        for record, surface in spans(document):
            assert text[record.start : record.end] == surface, (record, surface)
            checked += 1
    assert checked > 50


@pytest.mark.slow
def test_records_every_event_is_explained(example_documents):
    events = [event for document in example_documents for event in document.events]
    assert len(events) >= 8
    for event in events:
        assert event.evidence.method and 0 < event.evidence.confidence <= 1
        assert event.sentence.start <= event.trigger.start < event.trigger.end <= event.sentence.end
        assert event.sources or event.event_type == "ASSAULT", "no event without a source, except attacks"
    ids = [event.id for event in events]
    assert len(ids) == len(set(ids))
