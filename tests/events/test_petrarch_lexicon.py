"""The lexicon converted from PETRARCH-2's CAMEO verb dictionary (data/petrarch_lexicon.yaml).

Whether the shipped file is what ``scripts/build_petrarch_lexicon.py`` makes of the reference file is
checked by the script itself (``--check``), not here: the reference lives outside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from eventcoder.events import CodeTables, EventCoder, load_lexicon, resolve
from eventcoder.events.lexicon import DATA, LEXICON_PATH

PETRARCH_LEXICON = DATA / "petrarch_lexicon.yaml"


def converted() -> dict:
    return yaml.safe_load(Path(PETRARCH_LEXICON).read_text(encoding="utf-8"))


def test_petrarch_lexicon_passes_the_lexicon_checker():
    # load_lexicon checks a user lexicon's sections, entries and CAMEO codes and raises DataFileError.
    lexicon = load_lexicon(str(PETRARCH_LEXICON))
    table = converted()
    assert set(table) == {"verbs", "nouns"}
    assert len(table["verbs"]) > 1000
    assert set(table["verbs"]) <= set(lexicon.verbs)
    assert set(table["nouns"]) <= set(lexicon.nouns)


def test_petrarch_lexicon_leaves_hand_entries_out():
    # Hand entries take precedence by omission: no lemma is in both files.
    hand = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    table = converted()
    assert not set(table["verbs"]) & set(hand["verbs"])
    assert not set(table["nouns"]) & set(hand["nouns"])


def test_petrarch_lexicon_header_names_source_and_licence():
    header = PETRARCH_LEXICON.read_text(encoding="utf-8").split("\nverbs:", 1)[0]
    assert "openeventdata/petrarch2 @ 676801cd9cb2924bbbad09f86d15c9323e7097bf" in header
    assert "Copyright (c) 2015 Open Event Data Alliance" in header
    assert "MIT" in header
    assert "scripts/build_petrarch_lexicon.py" in header
    assert "DO NOT EDIT BY HAND" in header


@pytest.mark.parametrize(
    ("lemma", "table", "key", "cameo", "event_type"),
    [
        ("pound", None, None, "190", "ASSAULT"),  # ATTACK block
        ("raze", None, None, "190", "ASSAULT"),
        ("slaughter", None, None, "202", "ASSAULT"),  # mass killings
        ("lambaste", None, None, "111", "ACCUSE"),  # CRITICIZE block
        ("castigate", None, None, "111", "ACCUSE"),
        ("evict", None, None, "174", "COERCE"),  # EXPEL block: 174 expel or deport
        ("banish", None, None, "174", "COERCE"),
        ("cede", None, None, "080", "CONCEDE"),
        ("disengage", None, None, "080", "CONCEDE"),
        ("raze", "objects", "home", "1712", "ASSAULT"),  # DESTROY block pattern "- * HOMES [1712]"
        ("side", "preps", "with", "050", "SUPPORT"),  # compound verb "+SIDE_WITH"
        ("bridle", "preps", "at", "140", "PROTEST"),  # compound verb "+BRIDLE_AT"
    ],
)
def test_petrarch_lexicon_codes_verbs_where_cameo_puts_them(lemma, table, key, cameo, event_type):
    entry = converted()["verbs"][lemma]
    spec = entry[table][key] if table else entry
    coding = resolve(spec, f"lexicon:verb:{lemma}", CodeTables.load().cameo)
    assert (coding.cameo, coding.event_type) == (cameo, event_type)


def test_petrarch_lexicon_nouns_take_their_verbs_code():
    nouns = converted()["nouns"]
    assert nouns["expulsion"] == {"cameo": "166"}  # the hand lexicon's "expel"
    assert nouns["deportation"] == {"cameo": "174"}
    assert nouns["kidnapping"] == {"cameo": "181"}


# Wire-style sentences whose trigger only the converted lexicon knows. The file is given as a user
# lexicon: as it shares no lemma with the hand lexicon, merging it over the hand lexicon is the same
# as loading it beneath.
SENTENCES = [
    (
        "Syrian government forces pounded rebel positions in Idlib province on Tuesday.",
        "pounded",
        "ASSAULT",
        "190",
    ),
    # the object refines the verb's 190: PETRARCH's "- * HOMES [1712]" (destroy property)
    ("The Israeli army razed two Palestinian homes in the West Bank on Monday.", "razed", "ASSAULT", "1712"),
    (
        "Turkey's foreign minister lambasted the European Union over its refugee policy.",
        "lambasted",
        "ACCUSE",
        "111",
    ),
    ("Kuwait banished three Iranian diplomats over a spy ring.", "banished", "COERCE", "174"),
]


@pytest.mark.parametrize(("text", "trigger", "event_type", "cameo"), SENTENCES)
def test_petrarch_lexicon_codes_news_sentences(nlp, text, trigger, event_type, cameo):
    coder = EventCoder(nlp, lexicon_path=str(PETRARCH_LEXICON))
    events = [(e.trigger.text, e.event_type, e.cameo) for e in coder(nlp(text))._.events]
    assert (trigger, event_type, cameo) in events
