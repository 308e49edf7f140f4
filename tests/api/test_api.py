"""The library API and the spaCy component give the same records as the CLI."""

import datetime as dt

import pytest
import spacy

import eventcoder
from eventcoder import errors
from eventcoder.ingest import ArticleInput
from eventcoder.nlp import DEFAULT_MODEL
from eventcoder.pipeline.factories import add_stages

# Wikinews, 2020-07-02 (CC BY 2.5).
IRAN = (
    "On Monday, state-owned Iranian news agency Fars reported Iran had issued arrest warrants for 36 people, "
    "including US President Donald Trump, over the killing of General Qasem Soleimani. "
    "Iran asked Interpol to issue a red notice for Trump."
)
GERMAN = (
    "Die Bundesregierung hat am Mittwoch erklärt, der russische Oppositionspolitiker Alexej Nawalny sei "
    "mit einem Nervenkampfstoff aus der Nowitschok-Gruppe vergiftet worden."
)


def test_api_code_text_returns_a_full_document():
    document = eventcoder.code_text(
        IRAN, "2020-07-02", title="Iran issues arrest warrants", source="Wikinews"
    )
    assert document.article.published == "2020-07-02"
    assert document.article.title == "Iran issues arrest warrants"
    assert document.article.id == eventcoder.code_text(IRAN).article.id
    assert document.events and document.mentions
    assert document.coder.version == eventcoder.__version__


def test_api_code_text_refuses_other_languages():
    with pytest.raises(errors.NotEnglish):
        eventcoder.code_text(GERMAN)


def test_api_code_articles_keeps_order_and_passes_errors_through():
    missing = errors.FileMissing("gone.txt", "no such file or directory")
    items = [
        ArticleInput(text=IRAN, published=dt.date(2020, 7, 2), id="iran"),
        missing,
        ArticleInput(text=GERMAN, id="german", where="german.txt"),
        ArticleInput(text=IRAN, published=dt.date(2020, 7, 2), id="iran-again"),
    ]
    results = list(eventcoder.code_articles(items))
    assert [getattr(r, "article", r).id if hasattr(r, "article") else type(r).__name__ for r in results] == [
        "iran",
        "FileMissing",
        "NotEnglish",
        "iran-again",
    ]
    assert results[1] is missing
    assert all(event.id.startswith("iran:e") for event in results[0].events)
    assert [e.event_type for e in results[0].events] == [e.event_type for e in results[3].events]


def test_api_spacy_components_set_the_records_on_the_doc():
    nlp = add_stages(spacy.load(DEFAULT_MODEL))
    doc = nlp.make_doc(IRAN)
    doc._.published = dt.date(2020, 7, 2)
    doc = nlp(doc)
    document = eventcoder.code_text(IRAN, "2020-07-02")
    assert [e.event_type for e in doc._.events] == [e.event_type for e in document.events]
    assert [m.actor for m in doc._.actor_mentions] == document.mentions
