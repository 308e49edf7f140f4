"""Score the actors stage against the PLOVER gold-standard records (``eventcoder eval actors PATH``).

The gold file is a JSON array: a DOCUMENT header, then sentences with ``text``, ``date`` (the
reference date) and ``source``/``target`` lists of ``{actorText, code, sector}``. Scoring is per
mention, separately for gold sources and gold targets:

- each gold ``actorText`` is located in the sentence (exactly, else ignoring case, else by its
  first word: "U.S. ... negotiators"); texts that cannot be found are listed as
  ``unlocated`` and left out of the scores;
- a located gold actor is matched to the predicted mention that overlaps it most;
- country: gold codes are ISO 3166-1 alpha-3, with a few old CAMEO codes mapped to ISO (JAP -> JPN,
  VTN -> VNM, ITL -> ITA, KOS -> XKX). The transnational codes IGO, NGO, IMG (and PLOVER's UNO, EUR,
  ISM, MNC) mean "no country, an international body": a prediction is right for them when it has
  no country and names an organisation (``org``). A predicted mention *claims* a country when it has
  a country or an organisation code; precision = right claims / claims among the predicted mentions
  that overlap a gold actor; recall = right claims / located gold actors;
- sector: over matched pairs whose gold sector is given (``***`` means unknown and is skipped),
  comparing the first three letters (gold ``CVLalb`` counts as CVL, ``CIV`` as CVL).
  ``sector_accuracy_with_none`` also scores the pairs whose gold sector is empty (the country
  itself): those are right when the prediction has no sector, or IGO/NGO for an international body.
- places: PLOVER codes a place in a locative phrase as a target ("an energy research center in
  Tokyo" -> JPN), while eventcoder leaves it to the geo stage (``pipeline.syntax.is_locative``). Such unmatched
  gold actors are counted as ``locative_places``; ``country_recall_without_places`` and
  ``country_f1_without_places`` leave them out of the recall.

``split`` scores the tuning or the frozen part of the gold (:mod:`evaluation.splits`), or all of it
(None); example ``misses`` are in the result only for the tuning part.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from spacy.language import Language

from ..nlp import STAGES, load
from ..pipeline.syntax import is_locative
from .splits import Split, select

OLD_CODES = {"JAP": "JPN", "VTN": "VNM", "ITL": "ITA", "KOS": "XKX", "KSV": "XKX", "ROM": "ROU", "DRC": "COD"}
INTERNATIONAL = frozenset({"IGO", "NGO", "IMG", "UNO", "EUR", "ISM", "MNC"})
SECTOR_ALIASES = {"CIV": "CVL"}
UNKNOWN_SECTOR = "***"
ROLES = ("source", "target")
MISSES_SHOWN = 40
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def gold_actors(record: dict, role: str) -> list[dict]:
    value = record.get(role)
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return []
    return [actor for actor in value if isinstance(actor, dict) and (actor.get("actorText") or "").strip()]


def locate(text: str, actor_text: str) -> tuple[int, int] | None:
    """Character span of ``actor_text`` in ``text``."""
    wanted = " ".join(actor_text.split())
    for haystack, needle in ((text, wanted), (text.lower(), wanted.lower())):
        found = haystack.find(needle)
        if found >= 0:
            return found, found + len(needle)
    words = [word for word in re.split(r"[\s.]+", wanted) if len(word) > 1]
    if not words:
        return None
    # An elided gold text ("U.S. ... negotiators") is located by its first word, which names the actor.
    first = text.lower().find(words[0].lower())
    return (first, first + len(words[0])) if first >= 0 else None


def gold_country(code: str | None) -> str | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    if code in INTERNATIONAL:
        return "INTERNATIONAL"
    return OLD_CODES.get(code, code)


def predicted_country(actor) -> str | None:
    if actor.country:
        return actor.country
    return "INTERNATIONAL" if actor.org else None


def gold_sector(sector: str | None) -> str | None:
    if not sector or sector == UNKNOWN_SECTOR:
        return sector or None
    return SECTOR_ALIASES.get(sector[:3].upper(), sector[:3].upper())


def _new_counts() -> dict:
    keys = ("gold", "unlocated", "located", "locative_places", "matched", "claims", "correct", "sector_scored",
            "sector_correct", "sector_scored_with_none", "sector_correct_with_none")  # fmt: skip
    return dict.fromkeys(keys, 0)


def _finish(counts: dict) -> dict:
    precision = counts["correct"] / counts["claims"] if counts["claims"] else 0.0
    recall = counts["correct"] / counts["located"] if counts["located"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    actors = counts["located"] - counts["locative_places"]
    recall_actors = counts["correct"] / actors if actors else 0.0
    f1_actors = (
        2 * precision * recall_actors / (precision + recall_actors) if precision + recall_actors else 0.0
    )
    scored, scored_all = counts["sector_scored"], counts["sector_scored_with_none"]
    return {
        **counts,
        "country_precision": round(precision, 4),
        "country_recall": round(recall, 4),
        "country_f1": round(f1, 4),
        "country_recall_without_places": round(recall_actors, 4),
        "country_f1_without_places": round(f1_actors, 4),
        "sector_accuracy": round(counts["sector_correct"] / scored, 4) if scored else 0.0,
        "sector_accuracy_with_none": round(counts["sector_correct_with_none"] / scored_all, 4)
        if scored_all
        else 0.0,
    }


def score_actor(counts: dict, misses: list, record: dict, role: str, gold: dict, doc) -> None:
    mentions = doc._.actor_mentions or []
    counts["gold"] += 1
    span = locate(record["text"], gold["actorText"])
    if span is None:
        counts["unlocated"] += 1
        misses.append({"id": record.get("id"), "role": role, "gold": gold, "why": "unlocated"})
        return
    counts["located"] += 1
    overlapping = [m for m in mentions if m.actor.start < span[1] and m.actor.end > span[0]]
    want_country, want_sector = gold_country(gold.get("code")), gold_sector(gold.get("sector"))
    if not overlapping:
        place = doc.char_span(*span, alignment_mode="expand")
        if place is not None and place.root.ent_type_ in PLACE_LABELS and is_locative(place):
            # "in Tokyo": a place by the project's rule (pipeline.syntax.is_locative)
            counts["locative_places"] += 1
        misses.append({"id": record.get("id"), "role": role, "gold": gold, "why": "no mention"})
        return
    best = max(overlapping, key=lambda m: min(m.actor.end, span[1]) - max(m.actor.start, span[0])).actor
    counts["matched"] += 1
    got_country = predicted_country(best)
    counts["claims"] += got_country is not None
    counts["correct"] += got_country is not None and got_country == want_country
    if want_sector != UNKNOWN_SECTOR:
        if want_sector is not None:
            counts["sector_scored"] += 1
            counts["sector_correct"] += best.sector == want_sector
        counts["sector_scored_with_none"] += 1
        right_none = want_sector is None and (
            best.sector is None or (want_country == "INTERNATIONAL" and best.sector in ("IGO", "NGO"))
        )
        counts["sector_correct_with_none"] += best.sector == want_sector or right_none
    if got_country != want_country or (
        want_sector not in (None, UNKNOWN_SECTOR) and best.sector != want_sector
    ):
        misses.append({
            "id": record.get("id"), "role": role, "gold": gold, "why": "wrong codes",
            "predicted": {"text": best.text, "country": best.country, "sector": best.sector, "org": best.org,
                          "method": best.method},
        })  # fmt: skip


def evaluate_actors(gold_path: str | Path, nlp: Language | None = None, split: Split | None = None) -> dict:
    """Country precision/recall/F1 and sector accuracy of the actor mentions, per gold role."""
    records = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    records = [r for r in records if isinstance(r, dict) and r.get("text") and r.get("event") != "DOCUMENT"]
    records = select(records, split)
    nlp = nlp or load()
    # What this evaluation measures is the actors stage alone; the later stages do not change it.
    after_actors = [name for name in STAGES if name != "eventcoder_actors"]
    counts = {role: _new_counts() for role in ROLES}
    misses: list[dict] = []
    for record in records:
        doc = nlp.make_doc(record["text"])
        doc._.published = dt.date.fromisoformat(record["date"]) if record.get("date") else None
        doc = nlp(doc, disable=after_actors)
        for role in ROLES:
            for gold in gold_actors(record, role):
                score_actor(counts[role], misses, record, role, gold, doc)
    total = {key: counts["source"][key] + counts["target"][key] for key in counts["source"]}
    result = {
        "split": split or "all",
        "records": len(records),
        "source": _finish(counts["source"]),
        "target": _finish(counts["target"]),
        "all": _finish(total),
        "misses": misses[:MISSES_SHOWN],
        "misses_total": len(misses),
    }
    if split != "tune":
        del result["misses"]
    return result


if __name__ == "__main__":  # python -m eventcoder.evaluation.actors GOLD.json
    import sys

    print(json.dumps(evaluate_actors(sys.argv[1]), indent=1, ensure_ascii=False))
