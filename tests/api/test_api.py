"""The library API and the spaCy component give the same records as the CLI."""

import datetime as dt

import pytest
import spacy

import eventcoder
from eventcoder import errors
from eventcoder.ingest import ArticleInput
from eventcoder.nlp import DEFAULT_MODEL
from eventcoder.pipeline.factories import add_stages
from eventcoder.records import ArticleDocument

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


# ---------------------------------------------------------------- one guard per article

# Wikinews, 2020-09-05 (CC BY 2.5).
NAVALNY = (
    "On Wednesday, the German government said Russian opposition leader Alexei Navalny had been poisoned "
    "with a nerve agent from the Novichok group, citing tests by a German military laboratory."
)


def outcome(result) -> str:
    return result.article.id if isinstance(result, ArticleDocument) else str(result)


def around(bad: ArticleInput, count: int = 2) -> list[ArticleInput]:
    good = [
        ArticleInput(text=IRAN, published=dt.date(2020, 7, 2), id=f"good{n}", where=f"b:{n}")
        for n in range(count)
    ]
    return [*good, bad, *(ArticleInput(text=NAVALNY, id=f"after{n}", where=f"a:{n}") for n in range(count))]


def test_api_code_articles_refuses_an_article_over_max_chars_before_any_work():
    huge = " ".join([NAVALNY] * 5_300)  # over 1,000,000 characters of a real paragraph
    assert len(huge) > 1_000_000
    results = [outcome(r) for r in eventcoder.code_articles(around(ArticleInput(text=huge, where="big.txt")))]
    assert results == [
        "good0",
        "good1",
        f"E009 big.txt: article has {len(huge):,} characters, more than the limit of 500,000 (--max-chars)",
        "after0",
        "after1",
    ]


def test_api_code_articles_turns_spacy_refusals_into_one_error_in_place():
    huge = " ".join([NAVALNY] * 5_300)
    items = around(ArticleInput(text=huge, where="big.txt"))
    results = [outcome(r) for r in eventcoder.code_articles(items, max_chars=None)]
    assert results[:2] == ["good0", "good1"] and results[3:] == ["after0", "after1"]
    assert results[2].startswith("E008 big.txt: coding failed: ValueError: [E088] Text of length")


def test_api_code_articles_isolates_an_article_that_makes_a_stage_raise(monkeypatch):
    from eventcoder.time import TimeRecognizer

    match = TimeRecognizer.match

    def failing(self, doc):
        if "Qasem" in doc.text:
            raise RuntimeError("stage bug")
        return match(self, doc)

    monkeypatch.setattr(TimeRecognizer, "match", failing)
    items = [ArticleInput(text=NAVALNY, id=f"n{n}", where=f"n:{n}") for n in range(5)]
    items[2] = ArticleInput(text=IRAN, id="bad", where="bad.jsonl:3")
    results = [outcome(r) for r in eventcoder.code_articles(items, batch_size=8)]
    assert results == ["n0", "n1", "E008 bad.jsonl:3: coding failed: RuntimeError: stage bug", "n3", "n4"]


@pytest.mark.parametrize(
    "published, text",
    [
        (dt.date(1, 1, 1), "Russian and Turkish officials met yesterday in Istanbul. " + NAVALNY),
        (dt.date(9999, 12, 31), "Putin and Erdogan will meet next Monday in Sochi. " + NAVALNY),
        (dt.date(9999, 12, 31), "Putin and Erdogan will meet next month in Sochi, and next year in Ankara."),
    ],
)
def test_api_code_articles_leaves_dates_past_the_calendar_unresolved(published, text):
    items = around(ArticleInput(text=text, published=published, id="edge", where="edge.jsonl:3"))
    results = list(eventcoder.code_articles(items))
    assert [outcome(r) for r in results] == ["good0", "good1", "edge", "after0", "after1"]
    edge = results[2]
    assert edge.article.published == published.isoformat()
    assert all(event.date is None or "0000" not in event.date.value for event in edge.events)
