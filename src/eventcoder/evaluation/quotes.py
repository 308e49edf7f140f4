"""Score the quotes stage against hand-annotated articles (``tests/data/quotes/*.json``).

Each gold file holds one article (``text``) and its quotes: ``text``, ``start``, ``end``, ``speaker``
(``name``, ``as_written``, ``country``, ``sector``), ``verb`` and ``outlet``. :func:`evaluate_quotes`
codes every article with the full pipeline and reports:

- quote recall: a gold quote is found when a predicted quote overlaps it substantially (the overlap
  covers at least half of each);
- quote precision: predicted quotes that overlap a gold quote;
- speaker accuracy over found quotes: the predicted speaker names the gold speaker (a shared
  capitalised name word, or any word for a gold speaker without one; accents ignored) and, where
  both are coded, has the same country;
- outlet and verb accuracy over found quotes.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from spacy.language import Language

from ..nlp import load
from ..records import Actor, Quote

MIN_OVERLAP = 0.5
NOT_READ_BY_QUOTES = ("eventcoder_geo", "eventcoder_time", "eventcoder_events")
COUNTS = ("gold", "predicted", "matched_predictions", "found", "speakers", "outlets", "verbs")
NAME_STOPWORDS = frozenset(["the", "a", "an", "of", "and", "for", "in", "on", "at", "to"])


def _overlap(start: int, end: int, other_start: int, other_end: int) -> int:
    return max(0, min(end, other_end) - max(start, other_start))


def matches(gold: dict, predicted: Quote) -> bool:
    """Whether a predicted quote covers a gold quote substantially (and not much more)."""
    shared = _overlap(gold["start"], gold["end"], predicted.start, predicted.end)
    gold_length = max(1, gold["end"] - gold["start"])
    predicted_length = max(1, predicted.end - predicted.start)
    return shared >= MIN_OVERLAP * gold_length and shared >= MIN_OVERLAP * predicted_length


def _name_words(text: str | None) -> set[str]:
    if not text:
        return set()
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = "".join(c.lower() if c.isalnum() else " " for c in plain).split()
    return {word for word in words if word not in NAME_STOPWORDS and len(word) > 1}


def speaker_correct(gold: dict, predicted: Actor | None) -> bool:
    """Whether the predicted speaker is the gold speaker (see the module docstring)."""
    name = gold.get("name")
    if name is None:
        return predicted is None
    if predicted is None:
        return False
    # Proper names decide when the gold name has them ("Kyriakos Mitsotakis" ~ "Mitsotakis");
    # otherwise its plain words do ("a Turkish military source").
    capitalised = " ".join(word for word in name.split() if word[:1].isupper())
    if not _name_words(capitalised or name) & (_name_words(predicted.text) | _name_words(predicted.name)):
        return False
    country = gold.get("country")
    return country is None or predicted.country is None or predicted.country == country


def _outlet_correct(gold: str | None, predicted: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is predicted
    return bool(_name_words(gold) & _name_words(predicted))


def load_gold(path: str | Path) -> list[dict]:
    """The gold articles in a directory tree of JSON files (or one file)."""
    path = Path(path)
    files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
    return [json.loads(file.read_text(encoding="utf-8")) for file in files]


def score_article(gold: dict, predicted: list[Quote]) -> dict:
    """Per-article counts and the misses, for :func:`evaluate_quotes`."""
    unused = list(predicted)
    found = speakers = outlets = verbs = 0
    misses: list[dict] = []
    for quote in gold["quotes"]:
        match = next((candidate for candidate in unused if matches(quote, candidate)), None)
        if match is None:
            misses.append({"kind": "quote missed", "gold": quote["text"][:80]})
            continue
        unused.remove(match)
        found += 1
        if speaker_correct(quote["speaker"], match.speaker):
            speakers += 1
        else:
            misses.append(
                {
                    "kind": "wrong speaker",
                    "gold": quote["speaker"]["name"],
                    "predicted": match.speaker.text if match.speaker else None,
                    "quote": quote["text"][:60],
                }
            )
        outlets += _outlet_correct(quote.get("outlet"), match.outlet)
        verbs += quote.get("verb") == match.verb
    matched_predictions = len(predicted) - len(unused)
    for extra in unused:
        misses.append({"kind": "extra quote", "predicted": extra.text[:80]})
    return {
        "gold": len(gold["quotes"]),
        "predicted": len(predicted),
        "matched_predictions": matched_predictions,
        "found": found,
        "speakers": speakers,
        "outlets": outlets,
        "verbs": verbs,
        "misses": misses,
    }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def evaluate_quotes(path: str | Path, nlp: Language | None = None) -> dict:
    """Quote recall, precision and speaker accuracy on the gold articles at ``path``.

    ``nlp`` defaults to the eventcoder pipeline; the stages quotes do not read are left out.
    """
    nlp = nlp or load()
    golds = load_gold(path)
    totals = dict.fromkeys(COUNTS, 0)
    articles = {}
    for gold, doc in zip(golds, nlp.pipe((gold["text"] for gold in golds), disable=NOT_READ_BY_QUOTES)):
        scores = score_article(gold, doc._.quotes or [])
        articles[gold["article_id"]] = scores
        for key in totals:
            totals[key] += scores[key]
    return {
        "articles": len(articles),
        "gold_quotes": totals["gold"],
        "predicted_quotes": totals["predicted"],
        "quote_recall": _ratio(totals["found"], totals["gold"]),
        "quote_precision": _ratio(totals["matched_predictions"], totals["predicted"]),
        "speaker_accuracy": _ratio(totals["speakers"], totals["found"]),
        "outlet_accuracy": _ratio(totals["outlets"], totals["found"]),
        "verb_accuracy": _ratio(totals["verbs"], totals["found"]),
        "per_article": articles,
    }


if __name__ == "__main__":  # python -m eventcoder.evaluation.quotes tests/data/quotes
    import sys

    print(json.dumps(evaluate_quotes(sys.argv[1]), indent=1, ensure_ascii=False))
