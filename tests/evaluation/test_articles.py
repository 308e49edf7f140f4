"""Scoring the events stage against the article-level event gold: matching, counting, the splits.

The article below is the opening of a real Wikinews story (CC BY 2.5), "Arrest made as mayor of Gdańsk,
Poland stabbed on stage" (2019-01-14), with the sentence on Germany's ban of Mahan Air (Wikinews,
2019-01-21) appended so that one article holds two countries.
"""

from __future__ import annotations

import json

import pytest

from eventcoder.evaluation.articles import (
    ArticleScores,
    compatible,
    evaluate_articles,
    match_events,
    read_articles,
    read_gold_event,
)
from eventcoder.records import Actor, DateValue, Event, Evidence, SentenceRef, Trigger

from ..paths import EVENT_GOLD

STABBED = (
    "An individual has been arrested after Paweł Adamowicz, mayor of the Polish city of Gdańsk, was "
    "stabbed last night whilst on stage at a fundraising event."
)
CONDEMNED = 'Interior Minister Joachim Brudziński called the stabbing "an act of inexplicable barbarity."'
BANNED = "Germany has banned the Iranian airline Mahan Air from its airspace, citing security concerns."
TEXT = f"Monday, January 14, 2019 \n\n{STABBED} He died today.\n\n{CONDEMNED}\n\n{BANNED}"


def _actor(text: str, country: str | None, org: str | None = None, kind: str = "state") -> Actor:
    start = TEXT.index(text)
    return Actor(
        text=text, start=start, end=start + len(text), name=text, country=country, sector=None, org=org,
        kind=kind, method="test",
    )  # fmt: skip


def _event(
    event_type: str,
    sentence: str,
    trigger: str,
    sources: list[Actor],
    targets: list[Actor] | None = None,
    modality: str = "asserted",
    date: str | None = None,
) -> Event:
    start = TEXT.index(sentence)
    at = TEXT.index(trigger, start)
    return Event(
        id="e", event_type=event_type, mode=None, context=[], cameo=None, intensity=0, modality=modality,
        sources=sources, targets=targets or [],
        date=DateValue(value=date, precision="day", text=None) if date else None, location=None,
        trigger=Trigger(text=trigger, start=at, end=at + len(trigger)),
        sentence=SentenceRef(index=0, start=start, end=start + len(sentence), text=sentence),
        attribution=None, evidence=Evidence(method="test", confidence=0.9),
    )  # fmt: skip


def _gold(
    event_type: str,
    sentence: str,
    trigger: str,
    source_country: str | list[str] | None,
    target_country: str | list[str] | None = None,
    modality: str = "asserted",
    date: str | None = None,
) -> dict:
    return {
        "sentence": sentence, "trigger": trigger, "event_type": event_type, "mode": None,
        "modality": modality, "source_text": None, "source_country": source_country, "source_sector": None,
        "target_text": None, "target_country": target_country, "target_sector": None, "date": date,
        "date_precision": "day" if date else None, "place": None, "place_country": None,
    }  # fmt: skip


def _article(events: list[dict], split: str = "tune") -> dict:
    return {"id": "wikinews-test", "published": "2019-01-14", "split": split, "text": TEXT, "events": events}


POLICE = _actor("An individual", "POL")  # stands in for a Polish actor in the stabbing sentence
GERMANY = _actor("Germany", "DEU")
MAHAN_AIR = _actor("Mahan Air", "IRN")


def test_articles_match_same_type_overlapping_source():
    gold = [read_gold_event(_gold("COERCE", BANNED, "banned", "DEU", "IRN"), TEXT)]
    predicted = [_event("COERCE", BANNED, "banned", [GERMANY], [MAHAN_AIR])]
    assert match_events(gold, predicted) == [(0, 0)]


def test_articles_match_needs_same_type():
    gold = [read_gold_event(_gold("COERCE", BANNED, "banned", "DEU", "IRN"), TEXT)]
    predicted = [_event("SANCTION", BANNED, "banned", [GERMANY], [MAHAN_AIR])]
    assert match_events(gold, predicted) == []


@pytest.mark.parametrize(
    ("gold_source", "sources", "expected"),
    [
        ("DEU", [GERMANY], True),
        (["DEU", "FRA"], [GERMANY], True),  # the sets intersect
        ("IRN", [GERMANY], False),
        (None, [GERMANY], True),  # the gold names no source country
        (None, [], True),
        ("DEU", [], False),
        ("IGO", [GERMANY], True),  # an international body is no country: nothing to compare
        (["IGO", "IRN"], [_actor("Mahan Air", None, org="UN", kind="organization")], True),
        (["IGO", "IRN"], [GERMANY], False),
    ],
)
def test_articles_match_source_countries(gold_source, sources, expected):
    gold = read_gold_event(_gold("COERCE", BANNED, "banned", gold_source), TEXT)
    assert compatible(gold, _event("COERCE", BANNED, "banned", sources)) is expected


def test_articles_match_one_prediction_to_one_gold_event():
    # The gold names no one for the arrest, so Germany's ban is compatible with both gold events; it
    # goes to the one in its own sentence, and only to that one.
    gold = [
        read_gold_event(_gold("COERCE", STABBED, "arrested", None, "POL"), TEXT),
        read_gold_event(_gold("COERCE", BANNED, "banned", "DEU", "IRN"), TEXT),
    ]
    ban = _event("COERCE", BANNED, "banned", [GERMANY], [MAHAN_AIR])
    assert match_events(gold, [ban]) == [(1, 0)]
    arrest = _event("COERCE", STABBED, "arrested", [], [POLICE])
    assert match_events(gold, [ban, arrest]) == [(0, 1), (1, 0)]


def test_articles_match_restatement_counts_as_same_sentence():
    gold = [
        read_gold_event(
            {**_gold("ASSAULT", STABBED, "stabbed", None, "POL"), "also_in": ["called the stabbing"]}, TEXT
        )
    ]
    restated = _event("ASSAULT", CONDEMNED, "stabbing", [], [POLICE])
    assert match_events(gold, [restated], require_sentence=True) == [(0, 0)]
    elsewhere = _event("ASSAULT", BANNED, "banned", [], [POLICE])
    assert match_events(gold, [elsewhere]) == [(0, 0)]
    assert match_events(gold, [elsewhere], require_sentence=True) == []


def test_articles_match_prefers_shared_target_then_nearest_sentence():
    # Neither prediction is in the gold sentence: the nearer one wins, unless the other shares the target.
    gold = [read_gold_event(_gold("ASSAULT", STABBED, "stabbed", "POL", "POL"), TEXT)]
    near = _event("ASSAULT", CONDEMNED, "stabbing", [POLICE])
    far = _event("ASSAULT", BANNED, "banned", [POLICE])
    assert match_events(gold, [far, near]) == [(0, 1)]
    far_on_target = _event("ASSAULT", BANNED, "banned", [POLICE], [POLICE])
    assert match_events(gold, [near, far_on_target]) == [(0, 1)]


def test_articles_scores_count_out_negated_events():
    scores = ArticleScores(show_examples=True)
    gold = [
        _gold("COERCE", BANNED, "banned", "DEU", "IRN"),
        _gold("ASSAULT", CONDEMNED, "stabbing", "POL", modality="negated"),
    ]
    predicted = [
        _event("COERCE", BANNED, "banned", [GERMANY], [MAHAN_AIR]),
        _event("COERCE", STABBED, "arrested", [POLICE], modality="negated"),
    ]
    scores.add(_article(gold), predicted)
    result = scores.result()
    assert (result["gold_events"], result["gold_negated_left_out"], result["predicted_events"]) == (1, 1, 1)
    assert (result["event_precision"], result["event_recall"], result["event_f1"]) == (1.0, 1.0, 1.0)
    assert result["misses"] == []
    assert result["false_events"] == []


def test_articles_scores_read_future_events_as_the_gold_does():
    scores = ArticleScores(show_examples=True)
    # "will ban" is coded COERCE future; the gold codes the stated plan as THREATEN.
    scores.add(
        _article([_gold("THREATEN", BANNED, "banned", "DEU")]),
        [_event("COERCE", BANNED, "banned", [GERMANY], modality="future")],
    )
    assert scores.result()["per_type"] == {"THREATEN": {"gold": 1, "predicted": 1, "matched": 1}}


def test_articles_scores_in_full():
    scores = ArticleScores(show_examples=True)
    gold = [
        _gold("ASSAULT", STABBED, "stabbed", "POL", "POL", date="2019-01-13"),
        _gold("ACCUSE", CONDEMNED, "called", "POL", None),
        _gold("COERCE", BANNED, "banned", "DEU", "IRN"),
    ]
    predicted = [
        _event("ASSAULT", STABBED, "stabbed", [POLICE], [POLICE], date="2019-01-14"),
        _event("ACCUSE", BANNED, "citing", [GERMANY]),  # in the wrong sentence and from the wrong country
        _event("COERCE", BANNED, "banned", [GERMANY], [GERMANY]),
    ]
    scores.add(_article(gold), predicted)
    result = scores.result()
    assert {key: result[key] for key in (
        "articles", "gold_events", "predicted_events", "matched", "event_precision", "event_recall",
        "event_precision_same_sentence", "event_found_recall", "target_country_agreement", "target_pairs",
        "date_agreement", "date_pairs",
    )} == {
        "articles": 1, "gold_events": 3, "predicted_events": 3, "matched": 2, "event_precision": 0.6667,
        "event_recall": 0.6667, "event_precision_same_sentence": 0.6667, "event_found_recall": 0.6667,
        "target_country_agreement": 0.5, "target_pairs": 2, "date_agreement": 0.0, "date_pairs": 1,
    }  # fmt: skip
    assert result["per_type"] == {
        "ACCUSE": {"gold": 1, "predicted": 1, "matched": 0},
        "COERCE": {"gold": 1, "predicted": 1, "matched": 1},
        "ASSAULT": {"gold": 1, "predicted": 1, "matched": 1},
    }
    assert result["per_article"] == [
        {
            "id": "wikinews-test",
            "gold": 3,
            "predicted": 3,
            "matched": 2,
            "precision": 0.6667,
            "recall": 0.6667,
        }
    ]
    assert [(miss["gold"], miss["trigger"]) for miss in result["misses"]] == [("ACCUSE", "called")]
    assert [(false["predicted"], false["trigger"]) for false in result["false_events"]] == [
        ("ACCUSE", "citing")
    ]


def test_articles_frozen_split_shows_no_examples(tmp_path, nlp):
    path = tmp_path / "articles.jsonl"
    header = {"_source": "test"}
    articles = [
        {**_article([_gold("COERCE", BANNED, "banned", "DEU", "IRN")], split), "id": f"wikinews-{split}"}
        for split in ("tune", "frozen")
    ]
    path.write_text("\n".join(json.dumps(record) for record in (header, *articles)) + "\n", encoding="utf-8")
    frozen = evaluate_articles(path, split="frozen", nlp=nlp)
    whole = evaluate_articles(path, nlp=nlp)
    tune = evaluate_articles(path, split="tune", nlp=nlp)
    assert (frozen["articles"], whole["articles"], tune["articles"]) == (1, 2, 1)
    for result in (frozen, whole):
        assert "misses" not in result
        assert "false_events" not in result
    assert "misses" in tune
    assert "false_events" in tune


def test_articles_reads_gold_splits():
    assert len(read_articles(EVENT_GOLD)) == 26
    assert len(read_articles(EVENT_GOLD, "tune")) == 13
    assert len(read_articles(EVENT_GOLD, "frozen")) == 13


@pytest.mark.slow
def test_articles_tune_split_of_the_gold(nlp):
    result = evaluate_articles(EVENT_GOLD, split="tune", nlp=nlp)
    assert result["split"] == "tune"
    assert result["articles"] == 13
    assert len(result["per_article"]) == 13
    assert result["gold_events"] + result["gold_negated_left_out"] == 111
    assert result["predicted_events"] > 0
    for key, value in result.items():
        if key.startswith(("event_", "target_country_agreement", "date_agreement")):
            assert 0.0 <= value <= 1.0, key
    assert result["event_precision_same_sentence"] <= result["event_precision"]
    assert result["event_recall_same_sentence"] <= result["event_recall"]
    assert sum(counts["matched"] for counts in result["per_type"].values()) == result["matched"]
    assert len(result["misses"]) <= 40
    assert len(result["false_events"]) <= 40
