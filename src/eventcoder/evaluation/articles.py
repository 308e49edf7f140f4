"""Scoring the events stage against the project's article-level event gold (``eventcoder eval articles``).

The gold (``tests/data/events/articles.jsonl``, see its README) is one JSON line per Wikinews article:
``text``, ``published``, ``split`` (tune|frozen) and the ``events`` an analyst coded in it. Each article
is coded whole, with its publication date, and its events are compared with the gold's:

- counted predictions: not negated, typed the way the PLOVER gold reads them
  (:func:`evaluation.plover.gold_reading`: a future or hypothetical act is the AGREE or THREATEN it
  implies); counted gold events: all but the negated ones;
- a prediction *matches* a gold event of the same article when the types are equal and the source
  countries are compatible: the gold names no source country, or the country sets intersect, or both
  name an international body (gold ``IGO``; predicted: an organisation without a country). Countries
  are ISO3 codes read with :func:`evaluation.plover.country_code`; IGO is never a country;
- matching is one-to-one and greedy, best pair first: same sentence, then sharing a target country,
  then the nearest sentence (characters between the two sentences);
- "same sentence": the predicted event's sentence overlaps the gold sentence or a passage the gold
  lists as restating the event (``also_in``). ``*_same_sentence`` scores match with it required;
  ``event_found_recall`` counts gold events with a counted prediction of any type in their sentence;
- over matched pairs: target countries agree (intersect, or both international) where the gold has a
  target; the date agrees (equal ISO value) where the gold has one.

Frozen articles are scored, never read for errors: example ``misses`` and ``false_events`` are in the
result only for ``split="tune"``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadOption
from ..records import EVENT_TYPES, Event
from .plover import code_sentences, country_code, gold_reading
from .splits import SPLITS, Split

EXAMPLES_SHOWN = 40
INTERNATIONAL = "IGO"
FAR = 10**9  # the distance to a gold sentence that cannot be found in the text


# ---------------------------------------------------------------------------------------------------
# Actors and places of both sides


@dataclass(frozen=True)
class Side:
    """The countries of one role, and whether an international body takes part."""

    countries: frozenset[str]
    international: bool

    def agrees(self, other: Side) -> bool:
        return bool(self.countries & other.countries) or (self.international and other.international)

    @property
    def empty(self) -> bool:
        return not self.countries and not self.international


def gold_side(value: str | list[str] | None) -> Side:
    codes = [value] if isinstance(value, str) else list(value or [])
    countries = frozenset(country_code(code) for code in codes) - {None}
    return Side(countries, any((code or "").upper() == INTERNATIONAL for code in codes))


def predicted_side(actors) -> Side:
    countries = frozenset(country_code(actor.country) for actor in actors) - {None}
    international = any(a.country is None and a.org and a.kind == "organization" for a in actors)
    return Side(countries, international)


@dataclass
class GoldEvent:
    event_type: str
    source: Side
    target: Side
    date: str | None
    spans: list[tuple[int, int]]  # the gold sentence, then the passages restating the event
    record: dict


def read_gold_event(record: dict, text: str) -> GoldEvent:
    passages = [record["sentence"], *(record.get("also_in") or [])]
    spans = []
    for passage in passages:
        start = text.find(passage)
        if start >= 0:
            spans.append((start, start + len(passage)))
    return GoldEvent(
        event_type=record["event_type"],
        source=gold_side(record.get("source_country")),
        target=gold_side(record.get("target_country")),
        date=record.get("date"),
        spans=spans,
        record=record,
    )


def distance(gold: GoldEvent, event: Event) -> int:
    """Characters between the predicted event's sentence and the nearest gold passage (0: overlap)."""
    start, end = event.sentence.start, event.sentence.end
    gaps = [max(span_start - end, start - span_end, 0) for span_start, span_end in gold.spans]
    return min(gaps, default=FAR)


def same_sentence(gold: GoldEvent, event: Event) -> bool:
    start, end = event.sentence.start, event.sentence.end
    return any(span_start < end and start < span_end for span_start, span_end in gold.spans)


# ---------------------------------------------------------------------------------------------------
# Matching


def compatible(gold: GoldEvent, event: Event) -> bool:
    """Same type (as the gold reads it) and compatible source countries."""
    return gold_reading(event) == gold.event_type and (
        not gold.source.countries or gold.source.agrees(predicted_side(event.sources))
    )


def match_events(
    gold: list[GoldEvent], predicted: list[Event], *, require_sentence: bool = False
) -> list[tuple[int, int]]:
    """One-to-one greedy matching, best pair first: (gold index, predicted index) pairs.

    ``predicted`` are the counted predictions (see :func:`counted`).
    """
    candidates = []
    for g, gold_event in enumerate(gold):
        for p, event in enumerate(predicted):
            if not compatible(gold_event, event):
                continue
            in_sentence = same_sentence(gold_event, event)
            if require_sentence and not in_sentence:
                continue
            shares_target = gold_event.target.agrees(predicted_side(event.targets))
            candidates.append((not in_sentence, not shares_target, distance(gold_event, event), g, p))
    pairs, used_gold, used_predicted = [], set(), set()
    for *_rank, g, p in sorted(candidates):
        if g not in used_gold and p not in used_predicted:
            pairs.append((g, p))
            used_gold.add(g)
            used_predicted.add(p)
    return sorted(pairs)


def counted(events: list[Event]) -> list[Event]:
    """The predictions scored: what happened or is coded under PLOVER conventions (not negated)."""
    return [event for event in events if gold_reading(event) is not None]


# ---------------------------------------------------------------------------------------------------
# Scores


class ArticleScores:
    """Accumulates the counts of the articles scored."""

    def __init__(self, show_examples: bool) -> None:
        self.show_examples = show_examples
        self.totals: Counter = Counter()
        self.per_type = {name: Counter() for name in EVENT_TYPES}
        self.articles: list[dict] = []
        self.misses: list[dict] = []
        self.false_events: list[dict] = []

    def add(self, article: dict, events: list[Event]) -> None:
        text = article["text"]
        gold = [read_gold_event(e, text) for e in article["events"] if e.get("modality") != "negated"]
        predicted = counted(events)
        pairs = match_events(gold, predicted)
        strict = match_events(gold, predicted, require_sentence=True)
        found = sum(any(same_sentence(g, event) for event in predicted) for g in gold)
        totals = self.totals
        totals["gold_negated_left_out"] += len(article["events"]) - len(gold)
        totals["gold"] += len(gold)
        totals["predicted"] += len(predicted)
        totals["matched"] += len(pairs)
        totals["matched_same_sentence"] += len(strict)
        totals["found"] += found
        for gold_event in gold:
            self.per_type[gold_event.event_type]["gold"] += 1
        for event in predicted:
            self.per_type[gold_reading(event)]["predicted"] += 1
        for g, p in pairs:
            self.per_type[gold[g].event_type]["matched"] += 1
            self._score_pair(gold[g], predicted[p])
        self.articles.append(
            {
                "id": article["id"],
                "gold": len(gold),
                "predicted": len(predicted),
                "matched": len(pairs),
                "precision": _ratio(len(pairs), len(predicted)),
                "recall": _ratio(len(pairs), len(gold)),
            }
        )
        if self.show_examples:
            self._examples(article["id"], gold, predicted, pairs)

    def _score_pair(self, gold: GoldEvent, event: Event) -> None:
        if not gold.target.empty:
            self.totals["target_pairs"] += 1
            self.totals["target_agree"] += gold.target.agrees(predicted_side(event.targets))
        if gold.date:
            self.totals["date_pairs"] += 1
            self.totals["date_agree"] += event.date is not None and event.date.value == gold.date

    def _examples(self, article_id: str, gold: list[GoldEvent], predicted: list[Event], pairs) -> None:
        matched_gold, matched_predicted = {g for g, _ in pairs}, {p for _, p in pairs}
        for g, gold_event in enumerate(gold):
            if g not in matched_gold and len(self.misses) < EXAMPLES_SHOWN:
                in_sentence = [e for e in predicted if same_sentence(gold_event, e)]
                self.misses.append(
                    {
                        "article": article_id,
                        "sentence": gold_event.record["sentence"],
                        "trigger": gold_event.record["trigger"],
                        "gold": gold_event.event_type,
                        "source_country": gold_event.record.get("source_country"),
                        "predicted_in_sentence": [
                            f"{gold_reading(e)} ({e.trigger.text}; {_countries(e.sources)})"
                            for e in in_sentence
                        ],
                    }
                )
        for p, event in enumerate(predicted):
            if p not in matched_predicted and len(self.false_events) < EXAMPLES_SHOWN:
                self.false_events.append(
                    {
                        "article": article_id,
                        "sentence": event.sentence.text,
                        "trigger": event.trigger.text,
                        "predicted": gold_reading(event),
                        "coded": f"{event.event_type} {event.modality}",
                        "source_country": _countries(event.sources),
                        "gold_in_sentence": [g.event_type for g in gold if same_sentence(g, event)],
                    }
                )

    def result(self) -> dict:
        totals = self.totals
        precision = _ratio(totals["matched"], totals["predicted"])
        recall = _ratio(totals["matched"], totals["gold"])
        strict_precision = _ratio(totals["matched_same_sentence"], totals["predicted"])
        strict_recall = _ratio(totals["matched_same_sentence"], totals["gold"])
        result = {
            "articles": len(self.articles),
            "gold_events": totals["gold"],
            "gold_negated_left_out": totals["gold_negated_left_out"],
            "predicted_events": totals["predicted"],
            "matched": totals["matched"],
            "event_precision": precision,
            "event_recall": recall,
            "event_f1": _harmonic(precision, recall),
            "event_precision_same_sentence": strict_precision,
            "event_recall_same_sentence": strict_recall,
            "event_f1_same_sentence": _harmonic(strict_precision, strict_recall),
            "event_found_recall": _ratio(totals["found"], totals["gold"]),
            "target_country_agreement": _ratio(totals["target_agree"], totals["target_pairs"]),
            "target_pairs": totals["target_pairs"],
            "date_agreement": _ratio(totals["date_agree"], totals["date_pairs"]),
            "date_pairs": totals["date_pairs"],
            "per_type": {
                name: {key: counts[key] for key in ("gold", "predicted", "matched")}
                for name, counts in self.per_type.items()
                if counts["gold"] or counts["predicted"]
            },
            "per_article": self.articles,
        }
        if self.show_examples:
            result["misses"] = self.misses
            result["false_events"] = self.false_events
        return result


def _countries(actors) -> str:
    side = predicted_side(actors)
    return " ".join(sorted(side.countries) + ([INTERNATIONAL] if side.international else [])) or "-"


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _harmonic(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


# ---------------------------------------------------------------------------------------------------
# The gold file


def read_articles(path: str | Path, split: Split | None = None) -> list[dict]:
    """The gold's articles (the header line left out), of one split or all of them."""
    if split is not None and split not in SPLITS:
        raise BadOption(f"unknown split {split!r}: expected one of {', '.join(SPLITS)}")
    with Path(path).open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    articles = [record for record in records if "events" in record and "text" in record]
    return [article for article in articles if split is None or article.get("split") == split]


def evaluate_articles(path: str | Path, split: Split | None = None, nlp=None) -> dict:
    """Article-level event precision, recall and F1 against the event gold (see the module notes)."""
    articles = read_articles(path, split)
    items = [(article["text"], _date(article.get("published"))) for article in articles]
    # Each item is coded alone, as one Doc: here an item is a whole article.
    coded = code_sentences(items, nlp)
    scores = ArticleScores(show_examples=split == "tune")
    for article, events in zip(articles, coded):
        scores.add(article, events)
    return {"split": split or "all", **scores.result()}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
