"""Scoring the events stage: the readers of the reference files and the dev-split floor."""

from __future__ import annotations

import pytest

from eventcoder.evaluation.plover import (
    country_code,
    evaluate_plover,
    gold_reading,
    read_petrarch,
    read_plover_gold,
)
from eventcoder.records import Actor, Event, Evidence, SentenceRef, Trigger

from ..paths import PLOVER_DEV

# The shape of PETRARCH-2's PETR2_GSR_validation.xml, which is not well-formed XML: most <Sentence/>
# tags are self-closed and still followed by </Sentence>, and its header comment holds the string
# "<EventCoding". The sentences are from Wikinews (CC BY 2.5), not from the file.
MALFORMED_PETRARCH = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
#   ... then the addition of <EventCoding...> records based on the PETR-2 output ...
<Sentences>
<Sentence category="GOLD" date="20190104" id="WIKINEWS_1" evaluate="true"/>
<EventCoding eventcode="111" sourcecode="DEU" targetcode="IRN" />
<EventCoding eventcode="163" sourcecode="DEU" targetcode="IRNBUS" />
<Text>
Germany has banned the Iranian airline Mahan Air from
its airspace, citing security concerns.
</Text>
<Parse>
1	Germany	Germany	PROPN	NNP	_	3	nsubj	_	_
</Parse>
</Sentence>
<Sentence category="OTHER" date="20190105" id="WIKINEWS_2" evaluate="true">
<EventCoding noevents="True" />
<Text>
Voracious fish defend coral reefs against warming, say scientists.
</Text>
</Sentence>
<Sentence category="OTHER" date="20190106" id="WIKINEWS_3" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="PRK" />
</Sentence>
</Sentences>
</Validation>
"""


def test_plover_reads_gold_split():
    records = read_plover_gold(PLOVER_DEV)
    assert len(records) == 191
    assert all(record["event"] != "DOCUMENT" for record in records)


def test_plover_reads_malformed_petrarch_xml(tmp_path):
    path = tmp_path / "PETR2_GSR_validation.xml"
    path.write_text(MALFORMED_PETRARCH, encoding="utf-8")
    records = read_petrarch(path)
    # The third sentence has no text and is left out; the header comment's "<EventCoding" is no coding.
    assert [record["id"] for record in records] == ["WIKINEWS_1", "WIKINEWS_2"]
    assert records[0]["codings"] == [
        {"eventcode": "111", "sourcecode": "DEU", "targetcode": "IRN"},
        {"eventcode": "163", "sourcecode": "DEU", "targetcode": "IRNBUS"},
    ]
    assert records[0]["date"] == "20190104"
    assert records[0]["text"] == (
        "Germany has banned the Iranian airline Mahan Air from its airspace, citing security concerns."
    )
    assert records[1]["codings"] == [{"noevents": "True"}]


@pytest.mark.parametrize(("code", "expected"), [("JAP", "JPN"), ("TUR", "TUR"), ("IGO", None), ("", None)])
def test_plover_country_code(code, expected):
    assert country_code(code) == expected


def _event(event_type: str, modality: str) -> Event:
    actor = Actor(
        text="Turkey",
        start=0,
        end=6,
        name="Turkey",
        country="TUR",
        sector=None,
        org=None,
        kind="state",
        method="test",
    )
    return Event(
        id="e1", event_type=event_type, mode=None, context=[], cameo=None, intensity=0, modality=modality,
        sources=[actor], targets=[], date=None, location=None, trigger=Trigger(text="x", start=0, end=1),
        sentence=SentenceRef(index=0, start=0, end=1, text="x"), attribution=None,
        evidence=Evidence(method="test", confidence=0.9),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("event_type", "content_type", "modality", "expected"),
    [
        ("CONSULT", None, "asserted", "CONSULT"),
        ("CONSULT", None, "future", "AGREE"),  # "will meet": PLOVER codes the commitment
        ("COERCE", None, "future", "THREATEN"),  # "will extend the curfew"
        ("AID", None, "hypothetical", "AGREE"),
        ("ASSAULT", None, "negated", None),
        ("ASSAULT", None, "prevented", None),  # "averted an assault": it did not happen
        ("ASSAULT", None, "historical", "ASSAULT"),
        # Already read by the coder's conventions: taken as coded.
        ("AGREE", "AID", "asserted", "AGREE"),  # "will send aid"
        ("CONCEDE", "RETREAT", "asserted", "CONCEDE"),  # "announced it would withdraw its troops"
        ("REJECT", "CONSULT", "asserted", "REJECT"),  # "refused to meet"
        ("THREATEN", "ASSAULT", "asserted", "THREATEN"),  # "stands ready to strike"
        ("CONCEDE", None, "future", "CONCEDE"),  # "will pardon": CONCEDE + future stays (manual, CONCEDE)
    ],
)
def test_plover_gold_reading(event_type, content_type, modality, expected):
    event = _event(event_type, modality).model_copy(update={"content_type": content_type})
    assert gold_reading(event) == expected


def test_plover_dev_split_floor(nlp):
    """A regression floor on the development split (the targets are 0.80 accuracy, 0.75 precision)."""
    result = evaluate_plover(PLOVER_DEV, nlp)
    assert result["sentences"] == 191
    assert result["type_accuracy"] >= 0.75
    assert result["type_precision"] >= 0.80
    assert result["type_accuracy_first"] <= result["type_accuracy"]
