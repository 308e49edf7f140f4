"""Score event dates and geocoding against the hand-annotated Wikinews set.

``python -m eventcoder.evaluation.dates_places [tests/data/dates_places.jsonl]`` prints the scores.

Each line of the gold file is one case from a real article (the article id, its publication date,
the sentence): a ``date`` case names an event trigger word and the expected date (value and
precision); a ``place`` case names a place as written and the expected place. The paragraph that
holds the sentence is coded (whitespace collapsed, as in the gold sentences), so disambiguation sees
the paragraph's context but not the whole article's.

Scores: ``date_accuracy`` (value and precision both right); ``place_accuracy`` (right country, and
for cities and sites within 30 km of the expected point; for countries, regions, seas and
first-level regions the country alone is scored); ``place_country_accuracy``;
``place_within_30km`` (over cities and sites only).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
from pathlib import Path

from spacy.tokens import Doc

from ..events.context import date_for
from ..nlp import load

REPO = Path(__file__).resolve().parents[3]
DEFAULT_GOLD = REPO / "tests" / "data" / "dates_places.jsonl"
# The Wikinews articles the gold sentences come from (a copy of those the tests need; CC BY 2.5).
ARTICLES = REPO / "tests" / "data" / "wikinews" / "articles.jsonl"
POINT_KINDS = frozenset(["city", "site"])
MAX_KM = 30.0
EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def read_gold(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as handle:
        return [case for case in map(json.loads, handle) if "kind" in case]


def read_articles(path: Path = ARTICLES) -> dict[str, dict]:
    with path.open(encoding="utf-8") as handle:
        return {article["id"]: article for article in map(json.loads, handle)}


def _paragraph(article_text: str, sentence: str) -> str:
    """The paragraph holding the sentence, whitespace collapsed (coding whole interviews is too slow)."""
    for paragraph in re.split(r"\n\s*\n", article_text):
        flat = re.sub(r"\s+", " ", paragraph).strip()
        if sentence in flat:
            return flat
    flat = re.sub(r"\s+", " ", article_text).strip()
    if sentence not in flat:
        raise ValueError(f"sentence not found: {sentence[:60]}")
    return sentence  # it runs across paragraphs: code it alone


def _doc_for(case: dict, articles: dict[str, dict], cache: dict[str, Doc]) -> Doc:
    text = _paragraph(articles[case["article"]]["text"], case["sentence"])
    if text not in cache:
        nlp = load()
        doc = nlp.make_doc(text)
        doc._.published = dt.date.fromisoformat(case["published"])
        cache[text] = nlp(doc)
    return cache[text]


def score_date(case: dict, doc: Doc) -> dict:
    start = doc.text.find(case["sentence"])
    if start < 0:
        raise ValueError(f"sentence not found in {case['article']}: {case['sentence'][:60]}")
    end = start + len(case["sentence"])
    trigger = next((t for t in doc if start <= t.idx < end and t.text == case["trigger"]), None)
    if trigger is None:
        raise ValueError(f"trigger {case['trigger']!r} not found in {case['sentence'][:60]}")
    found = date_for(doc, trigger)
    expected = case["expected"]
    correct = (
        found is not None and found.value == expected["value"] and found.precision == expected["precision"]
    )
    return {"correct": correct, "found": found.model_dump() if found else None}


def score_place(case: dict, doc: Doc) -> dict:
    # "occurrence" picks among repeats of the name in the sentence (0 = first, -1 = last).
    offsets = [m.start() for m in re.finditer(re.escape(case["text"]), case["sentence"])]
    start = doc.text.find(case["sentence"]) + offsets[case.get("occurrence", 0)]
    end = start + len(case["text"])
    mention = next(
        (m for m in doc._.place_mentions or [] if m.span.start_char < end and start < m.span.end_char), None
    )
    expected = case["expected"]
    if mention is None:
        return {"correct": False, "country": False, "within": False, "found": None}
    place = mention.place
    right_country = place.country == expected["country"]
    within = distance_km(place.lat, place.lon, expected["lat"], expected["lon"]) <= MAX_KM
    point = expected["kind"] in POINT_KINDS
    return {
        "correct": right_country and (within or not point),
        "country": right_country,
        "within": within,
        "found": place.model_dump(),
    }


def evaluate_dates_places(path: str | Path = DEFAULT_GOLD, articles_path: Path = ARTICLES) -> dict:
    """Date and geocoding accuracy over the gold file, with the failed cases listed."""
    articles = read_articles(articles_path)
    cache: dict[str, Doc] = {}
    dates, places, failures = [], [], []
    for case in read_gold(Path(path)):
        doc = _doc_for(case, articles, cache)
        result = score_date(case, doc) if case["kind"] == "date" else score_place(case, doc)
        (dates if case["kind"] == "date" else places).append((case, result))
        if not result["correct"]:
            failures.append({"case": case, "found": result["found"]})
    points = [result for case, result in places if case["expected"]["kind"] in POINT_KINDS]

    def share(results: list, key: str = "correct") -> float:
        return round(sum(bool(result[key]) for result in results) / len(results), 3) if results else 0.0

    return {
        "dates": len(dates),
        "date_accuracy": share([result for _, result in dates]),
        "places": len(places),
        "place_accuracy": share([result for _, result in places]),
        "place_country_accuracy": share([result for _, result in places], "country"),
        "point_places": len(points),
        "place_within_30km": share(points, "within"),
        "failures": failures,
    }


if __name__ == "__main__":
    scores = evaluate_dates_places(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_GOLD)
    failures = scores.pop("failures")
    print(json.dumps(scores, indent=2))
    for failure in failures:
        case = failure["case"]
        wanted = case["expected"]
        print(
            f"- {case['kind']} {case.get('trigger') or case.get('text')!r}: want {wanted} got {failure['found']}"
        )
