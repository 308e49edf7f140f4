"""Scoring the events stage against PLOVER gold, CAMEO codebook examples and PETRARCH-2 silver.

Each function takes the path of one reference file and returns a dict of numbers plus a few example
misses; the CLI prints them (``eventcoder eval plover|cameo|petrarch PATH``). The PLOVER gold is split
into a tuning and a frozen part (:mod:`evaluation.splits`): ``evaluate_plover(path, split=...)`` scores
one part and shows example misses only for ``split="tune"``: the frozen part (alone or within the
whole gold) is scored, never read for errors.

Conventions (the same for all three):

- A sentence is coded alone, with the record's date (or none) as the publication date.
- Predicted types of a sentence are the types of its events, read the way the gold codes them:
  negated events are dropped (the gold codes what happened), and a future or hypothetical event
  becomes the intention the gold codes instead ("will give a grant" is AGREE, "would blockade" is
  THREATEN: cooperative quads become AGREE, conflictual ones THREATEN). ``*_raw`` numbers skip this
  reading and use the coder's types as they are.
- Countries are compared as sets of ISO 3166-1 alpha-3 codes; gold codes that are not countries
  (IGO, NGO, IMG, ...) are left out of the country scores, and the CAMEO spellings JAP, VTN, ITL
  are read as JPN, VNM, ITA.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pycountry

from ..codebook import cameo_codes, quad_code
from ..nlp import load
from ..records import EVENT_TYPES, Event
from .splits import Split, select

OLD_TYPE_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
CAMEO_COUNTRY_SPELLINGS = {"JAP": "JPN", "VTN": "VNM", "ITL": "ITA", "ROM": "ROU", "ZAR": "COD", "BUR": "MMR"}
EXAMPLE_MISSES = 12


# ---------------------------------------------------------------------------------------------------
# Coding sentences


def _pipeline(nlp=None):
    return nlp if nlp is not None else load()


def code_sentences(items: Iterable[tuple[str, dt.date | None]], nlp=None) -> list[list[Event]]:
    """The events of each (text, publication date), coded one sentence at a time."""
    nlp = _pipeline(nlp)
    docs = []
    for text, published in items:
        doc = nlp.make_doc(text)
        doc._.published = published
        docs.append(doc)
    return [list(doc._.events or []) for doc in nlp.pipe(docs, batch_size=32)]


def gold_reading(event: Event) -> str | None:
    """The event's type as the PLOVER gold codes it (see the module notes).

    An event the coder already read by PLOVER's conventions (with a ``content_type``: "will send aid" as
    AGREE, "refused to meet" as REJECT) is read as coded, and so is CONCEDE + future, which the manual
    leaves as it is (CONCEDE, "Potential ambiguities"); a negated or prevented event did not happen.
    """
    if event.modality in ("negated", "prevented"):
        return None
    if event.content_type is not None or (event.event_type == "CONCEDE" and event.modality == "future"):
        return event.event_type
    if event.modality in ("future", "hypothetical") and event.event_type not in ("AGREE", "THREATEN"):
        return "AGREE" if quad_code(event.event_type) <= 2 else "THREATEN"
    return event.event_type


def ranked_types(events: list[Event], reading: Callable[[Event], str | None]) -> list[str]:
    """Distinct predicted types, most confident first (ties keep text order)."""
    ordered = sorted(enumerate(events), key=lambda pair: (-pair[1].evidence.confidence, pair[0]))
    types: list[str] = []
    for _index, event in ordered:
        event_type = reading(event)
        if event_type is not None and event_type not in types:
            types.append(event_type)
    return types


def country_code(code: str | None) -> str | None:
    if not code:
        return None
    code = CAMEO_COUNTRY_SPELLINGS.get(code.upper(), code.upper())
    return code if pycountry.countries.get(alpha_3=code) is not None else None


# ---------------------------------------------------------------------------------------------------
# Scores


class TypeScores:
    """Accumulates sentence-level type and country agreement."""

    def __init__(self) -> None:
        self.sentences = 0
        self.lenient = 0
        self.strict = 0
        self.predicted_types = 0
        self.predicted_in_gold = 0
        self.per_type = {name: Counter() for name in EVENT_TYPES}
        self.roles = {"source": Counter(), "target": Counter()}
        self.misses: list[dict] = []

    def add(self, text: str, gold_type: str, predicted: list[str], roles: dict[str, tuple[set, set]]) -> None:
        self.sentences += 1
        self.lenient += gold_type in predicted
        self.strict += bool(predicted) and predicted[0] == gold_type
        self.predicted_types += len(predicted)
        self.predicted_in_gold += gold_type in predicted
        for name in EVENT_TYPES:
            counts = self.per_type[name]
            if name == gold_type and name in predicted:
                counts["tp"] += 1
            elif name in predicted:
                counts["fp"] += 1
            elif name == gold_type:
                counts["fn"] += 1
        for role, (gold, found) in roles.items():
            self.roles[role]["tp"] += len(gold & found)
            self.roles[role]["fp"] += len(found - gold)
            self.roles[role]["fn"] += len(gold - found)
        if gold_type not in predicted and len(self.misses) < EXAMPLE_MISSES:
            self.misses.append({"text": text, "gold": gold_type, "predicted": predicted})

    def result(self) -> dict:
        f1s = [_f1(counts) for name, counts in self.per_type.items() if counts["tp"] + counts["fn"] > 0]
        return {
            "sentences": self.sentences,
            "type_accuracy": _ratio(self.lenient, self.sentences),
            "type_accuracy_first": _ratio(self.strict, self.sentences),
            "type_macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
            "type_precision": _ratio(self.predicted_in_gold, self.predicted_types),
            "over_generation": round(1 - self.predicted_in_gold / self.predicted_types, 4)
            if self.predicted_types
            else 0.0,
            "coverage": None,
            "source_country_f1": _f1(self.roles["source"]),
            "target_country_f1": _f1(self.roles["target"]),
            "per_type_f1": {
                name: _f1(counts) for name, counts in self.per_type.items() if sum(counts.values())
            },
            "misses": self.misses,
        }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _f1(counts: Counter) -> float:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    return round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0


def role_countries(
    events: list[Event], gold_type: str, reading: Callable[[Event], str | None]
) -> tuple[set, set]:
    """Source and target countries of the events read as the gold type (else of all events)."""
    chosen = [event for event in events if reading(event) == gold_type] or [e for e in events if reading(e)]
    sources = {country_code(actor.country) for event in chosen for actor in event.sources} - {None}
    targets = {country_code(actor.country) for event in chosen for actor in event.targets} - {None}
    return sources, targets


# ---------------------------------------------------------------------------------------------------
# PLOVER gold


def read_plover_gold(path: str | Path) -> list[dict]:
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    return [record for record in records if record.get("event") not in (None, "DOCUMENT")]


def _gold_countries(actors: object) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {country_code(actor.get("code")) for actor in actors if isinstance(actor, dict)} - {None}


def evaluate_plover(path: str | Path, nlp=None, split: Split | None = None) -> dict:
    """Event type, type precision and source/target countries against the PLOVER gold records.

    ``type_accuracy``: a sentence is right when its gold type is among the predicted types (after
    the gold reading, see the module notes); ``type_accuracy_first``: when the most confident
    predicted type is the gold type. ``type_precision``: predicted distinct types per sentence that
    are the gold type, over all predicted distinct types. Country F1 is micro-averaged over
    sentences, on the events of the gold type (else all events of the sentence).

    ``split``: the tuning or frozen part of the gold, or None for all of it; ``misses`` are in the
    result only for the tuning part.
    """
    records = select(read_plover_gold(path), split)
    items = [(record["text"], _date(record.get("date"))) for record in records]
    coded = code_sentences(items, nlp)
    scores, raw = TypeScores(), TypeScores()
    for record, events in zip(records, coded):
        gold_type = OLD_TYPE_NAMES.get(record["event"], record["event"])
        gold_roles = (_gold_countries(record.get("source")), _gold_countries(record.get("target")))
        for accumulator, reading in ((scores, gold_reading), (raw, _as_coded)):
            found = role_countries(events, gold_type, reading)
            roles = {"source": (gold_roles[0], found[0]), "target": (gold_roles[1], found[1])}
            accumulator.add(record["text"], gold_type, ranked_types(events, reading), roles)
    result = scores.result()
    result["coverage"] = _ratio(
        sum(1 for events in coded if any(gold_reading(e) for e in events)), len(coded)
    )
    raw_result = raw.result()
    for key in ("type_accuracy", "type_accuracy_first", "type_macro_f1", "type_precision"):
        result[f"{key}_raw"] = raw_result[key]
    if split != "tune":
        del result["misses"]
    return {"split": split or "all", **result}


def _as_coded(event: Event) -> str | None:
    return event.event_type


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------
# CAMEO codebook examples


def evaluate_cameo(path: str | Path, nlp=None) -> dict:
    """Root-code and PLOVER-type accuracy on the example sentences of the CAMEO codebook.

    A sentence is right at root level when the gold code's 2-digit root is among the roots of the
    predicted CAMEO codes; at PLOVER level when the gold code's crosswalk type is among the predicted
    types. Examples whose code has no PLOVER type (01x statements) count only for the root score.
    """
    examples = []
    with Path(path).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            example = (row.get("example") or "").strip()
            if example and example != "NA":
                examples.append((row["code"], example))
    coded = code_sentences(((text, None) for _code, text in examples), nlp)
    crosswalk = cameo_codes()
    root_right = plover_right = plover_total = with_events = 0
    misses = []
    for (code, text), events in zip(examples, coded):
        kept = [event for event in events if event.modality != "negated"]
        roots = {event.cameo[:2] for event in kept if event.cameo}
        with_events += bool(kept)
        root_right += code[:2] in roots
        gold_type = crosswalk[code].event_type if code in crosswalk else None
        if gold_type is not None:
            plover_total += 1
            plover_right += gold_type in {gold_reading(event) for event in kept}
        if code[:2] not in roots and len(misses) < EXAMPLE_MISSES:
            misses.append({"text": text, "gold": code, "predicted": sorted(e.cameo or "-" for e in kept)})
    return {
        "sentences": len(examples),
        "root_accuracy": _ratio(root_right, len(examples)),
        "plover_type_accuracy": _ratio(plover_right, plover_total),
        "plover_sentences": plover_total,
        "coverage": _ratio(with_events, len(examples)),
        "misses": misses,
    }


# ---------------------------------------------------------------------------------------------------
# PETRARCH-2 validation records (silver)

SENTENCE = re.compile(r"<Sentence\b(?P<attributes>[^>]*?)/?>(?P<body>.*?)(?=<Sentence\b|\Z)", re.S)
TEXT = re.compile(r"<Text>\s*(.*?)\s*</Text>", re.S)
CODING = re.compile(r"<EventCoding\b([^>]*)/?>", re.S)
ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def read_petrarch(path: str | Path) -> list[dict]:
    """The records of PETR2_GSR_validation.xml, read with regular expressions: the file is not
    well-formed XML (self-closed <Sentence/> tags followed by </Sentence>)."""
    records = []
    for found in SENTENCE.finditer(Path(path).read_text(encoding="utf-8", errors="replace")):
        attributes = dict(ATTRIBUTE.findall(found.group("attributes")))
        text = TEXT.search(found.group("body"))
        if text is None:
            continue
        codings = [dict(ATTRIBUTE.findall(coding)) for coding in CODING.findall(found.group("body"))]
        records.append(
            {
                "id": attributes.get("id"),
                "date": attributes.get("date"),
                "text": " ".join(text.group(1).split()),
                "codings": codings,
            }
        )
    return records


def _petrarch_date(value: str | None) -> dt.date | None:
    if value and re.fullmatch(r"\d{8}", value):
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    return None


def evaluate_petrarch(path: str | Path, nlp=None) -> dict:
    """Agreement with PETRARCH-2's codings (silver): root code and source/target country.

    For each coding with an event code (noevents records are checked for no predicted event): the
    root agrees when one predicted event has the same 2-digit root; countries agree when that event's
    source (target) countries include the first three letters of PETRARCH's actor code.
    """
    records = read_petrarch(path)
    coded = code_sentences(((r["text"], _petrarch_date(r["date"])) for r in records), nlp)
    codings = root_agree = source_agree = target_agree = 0
    noevent_records = noevent_agree = 0
    misses = []
    for record, events in zip(records, coded):
        kept = [event for event in events if event.modality != "negated"]
        event_codings = [c for c in record["codings"] if c.get("eventcode")]
        if not event_codings:
            noevent_records += 1
            noevent_agree += not kept
            continue
        for coding in event_codings:
            codings += 1
            root = coding["eventcode"][:2]
            matching = [event for event in kept if event.cameo and event.cameo[:2] == root]
            root_agree += bool(matching)
            source = country_code(coding.get("sourcecode", "")[:3])
            target = country_code(coding.get("targetcode", "")[:3])
            source_agree += any(source in {a.country for a in e.sources} for e in matching) if source else 0
            target_agree += any(target in {a.country for a in e.targets} for e in matching) if target else 0
            if not matching and len(misses) < EXAMPLE_MISSES:
                misses.append(
                    {
                        "text": record["text"],
                        "gold": coding["eventcode"],
                        "predicted": sorted(e.cameo or "-" for e in kept),
                    }
                )
    return {
        "sentences": len(records),
        "codings": codings,
        "root_agreement": _ratio(root_agree, codings),
        "source_country_agreement": _ratio(source_agree, codings),
        "target_country_agreement": _ratio(target_agree, codings),
        "noevent_records": noevent_records,
        "noevent_agreement": _ratio(noevent_agree, noevent_records),
        "misses": misses,
    }
