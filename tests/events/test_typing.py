"""Where the rules leave the type open, the learned typer decides; verbs of attack are words or force."""

import pytest

from eventcoder.events import EventCoder


def summary(event):
    return (event.event_type, event.trigger.text, [actor.country for actor in event.sources])


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        # The object settles it: a policy is criticised, a checkpoint is attacked.
        (
            "Turkish President Recep Tayyip Erdogan attacked the European Union's migration policy on Tuesday.",
            ("ACCUSE", "attacked", ["TUR"]),
            "lexicon:verb:attack+verbal:attack",
        ),
        (
            "Taliban fighters attacked an army checkpoint in Kunduz province on Sunday, the Afghan defence "
            "ministry said.",
            ("ASSAULT", "attacked", ["AFG"]),
            "lexicon:verb:attack",
        ),
    ],
)
def test_typing_verbal_or_material_attack(code, text, expected, method):
    events = [event for event in code(text, "2019-09-06").events if event.trigger.text == expected[1]]
    assert [summary(event) for event in events] == [expected]
    assert events[0].evidence.method == method


def test_typing_open_vocabulary_decided_by_the_typer(code):
    """A verb only PETRARCH's dictionary knows, with no pattern: the typer types it, and says so."""
    [event] = code("Syrian government forces razed the village of Kfar Nabl on Monday.", "2019-09-06").events
    assert (event.event_type, event.trigger.text, event.sources[0].country) == ("ASSAULT", "razed", "SYR")
    assert event.evidence.method == "petrarch:verb:raze+typer:ASSAULT"
    assert 0.0 < event.evidence.confidence < 1.0  # the typer's probability of ASSAULT


def test_typing_rules_alone_keep_the_dictionary_code(nlp):
    """Without the typer (``typer: false``), a converted verb keeps its PETRARCH block's code."""
    doc = nlp(
        "Syrian government forces razed the village of Kfar Nabl on Monday.", disable=["eventcoder_events"]
    )
    [event] = EventCoder(nlp, typer=False)(doc)._.events
    assert (event.event_type, event.cameo, event.evidence.method) == ("ASSAULT", "190", "petrarch:verb:raze")
