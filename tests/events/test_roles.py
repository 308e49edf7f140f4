"""Roles across sentences and the rules for missing actors and targets (events.roles, events.coreference).

Sentences are news sentences about real events (wire style), each with the event record fields the rule
decides written out: type, source and target (country, sector), and whether the source was taken from
the context (``+source-from-context`` in the evidence method). Modality is left to the modality tests.
"""

from __future__ import annotations

import pytest

from eventcoder.events.coreference import drop_restatements


def roles_of(document, trigger: str) -> list[dict]:
    """The events of one trigger word, as the fields the role rules decide."""
    return [
        {
            "type": event.event_type,
            "sources": [(actor.country, actor.sector) for actor in event.sources],
            "targets": [(actor.country, actor.sector) for actor in event.targets],
            "from_context": "+source-from-context" in event.evidence.method,
        }
        for event in document.events
        if event.trigger.text == trigger
    ]


# A pronoun or a definite description as source takes up the nearest compatible actor before it.
CONTEXT_SOURCE_CASES = [
    # "they": the armed group of the sentence before (Houthi attacks on Saudi tankers, 2018)
    (
        "Houthi rebels seized the port of Hodeidah in 2014. They attacked a Saudi oil tanker in the Red Sea "
        "on Tuesday.",
        "attacked",
        [{"type": "ASSAULT", "sources": [("YEM", "REB")], "targets": [("SAU", "BUS")], "from_context": True}],
    ),
    # "it": a state organ, not the ambassador it summoned (Turkey and the US, 2018)
    (
        "The Turkish foreign ministry summoned the US ambassador on Monday. It condemned the sanctions imposed "
        "by Washington.",
        "condemned",
        [{"type": "ACCUSE", "sources": [("TUR", "GOV")], "targets": [], "from_context": True}],
    ),
    # "the ministry": a GOV actor
    (
        "The Turkish foreign ministry summoned the US ambassador on Monday. The ministry condemned the "
        "sanctions imposed by Washington.",
        "condemned",
        [{"type": "ACCUSE", "sources": [("TUR", "GOV")], "targets": [], "from_context": True}],
    ),
    # "the militants": an armed group, which the actor stage left without a country (Mogadishu, 2019)
    (
        "Al-Shabaab fighters stormed a hotel in Mogadishu on Saturday. The militants killed at least 15 people.",
        "killed",
        [{"type": "ASSAULT", "sources": [("SOM", "REB")], "targets": [], "from_context": True}],
    ),
    # "the government" of a state named bare: that state's government
    (
        "Iran rejected the European proposal on Monday. The government accused Britain of piracy.",
        "accused",
        [{"type": "ACCUSE", "sources": [("IRN", "GOV")], "targets": [("GBR", None)], "from_context": True}],
    ),
    # "he" with two people before: the subject of the sentence before (Abe's visit to Tehran, June 2019)
    (
        "Iranian President Hassan Rouhani met Japanese Prime Minister Shinzo Abe in Tehran. He rejected talks "
        "with the United States.",
        "rejected",
        [{"type": "REJECT", "sources": [("IRN", "GOV")], "targets": [("USA", None)], "from_context": True}],
    ),
    # "the two ministers": both people of the sentence before
    (
        "Russian Foreign Minister Sergei Lavrov met Turkish Foreign Minister Mevlut Cavusoglu in Ankara on "
        "Monday. The two ministers agreed to expand trade.",
        "agreed",
        [{"type": "AGREE", "sources": [("RUS", "GOV"), ("TUR", "GOV")], "targets": [], "from_context": True}],
    ),
    # Two people before and neither is the subject: "he" is a guess, and the event has no source.
    (
        "A meeting between Iranian President Hassan Rouhani and Japanese Prime Minister Shinzo Abe took place "
        "in Tehran. He rejected talks with the United States.",
        "rejected",
        [],
    ),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), CONTEXT_SOURCE_CASES)
def test_roles_source_from_context(code, text, trigger, expected):
    document = code(text, "2019-06-14")
    assert roles_of(document, trigger) == expected


def test_roles_source_from_context_costs_confidence(code):
    text = (
        "Houthi rebels seized the port of Hodeidah in 2014. They attacked a Saudi oil tanker in the Red Sea."
    )
    [event] = [event for event in code(text, "2018-07-26").events if event.trigger.text == "attacked"]
    assert event.evidence.method == "lexicon:verb:attack+source-from-context"
    assert event.evidence.confidence == pytest.approx(0.8)
    assert event.sources[0].text == "They"
    assert event.sources[0].method.endswith("+coref:context")


# Appositions and adjectives of readiness.
PHRASE_CASES = [
    # "Y, a spokesman for Z": Z speaks (Taliban spokesman Zabihullah Mujahid)
    (
        "Zabihullah Mujahid, a spokesman for the Taliban, condemned the US air strike.",
        "condemned",
        [{"type": "ACCUSE", "sources": [("AFG", "REB")], "targets": [("USA", None)], "from_context": False}],
    ),
    # "Y, Z's foreign minister": one actor, not two
    (
        "Sergei Lavrov, Russia's foreign minister, condemned the strikes.",
        "condemned",
        [{"type": "ACCUSE", "sources": [("RUS", "GOV")], "targets": [], "from_context": False}],
    ),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), PHRASE_CASES)
def test_roles_apposition(code, text, trigger, expected):
    assert roles_of(code(text, "2019-09-06"), trigger) == expected


# "X is ready / willing to V": X is V's source (the type and modality are the modality rules' business).
READINESS_CASES = [
    (
        "The North Korean army is ready to attack South Korea, the agency said.",
        "attack",
        ([("PRK", "MIL")], [("KOR", None)]),
    ),
    ("Iran is willing to negotiate with the United States.", "negotiate", ([("IRN", None)], [("USA", None)])),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), READINESS_CASES)
def test_roles_readiness_adjective(code, text, trigger, expected):
    [found] = roles_of(code(text, "2019-09-06"), trigger)
    assert (found["sources"], found["targets"]) == expected


# No named source: kept with a stand-in of the place's country when the place (or a target) is known.
UNKNOWN_SOURCE_CASES = [
    # Serbian protests, July 2020: civilians of the place protest
    (
        "Thousands protested in Belgrade on Saturday against the government.",
        "protested",
        [{"type": "PROTEST", "sources": [("SRB", "CVL")], "targets": [("SRB", None)], "from_context": False}],
    ),
    # Belarus, August 2020: the police of the place arrest
    (
        "Dozens of protesters were arrested in Minsk on Sunday.",
        "arrested",
        [{"type": "COERCE", "sources": [("BLR", "COP")], "targets": [("BLR", "CVL")], "from_context": False}],
    ),
    # Neither actor, nor place, nor a known target: nothing to code.
    ("An individual has been arrested after the stabbing.", "arrested", []),
    ("Thousands protested on Saturday.", "protested", []),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), UNKNOWN_SOURCE_CASES)
def test_roles_unknown_source(code, text, trigger, expected):
    assert roles_of(code(text, "2020-08-10"), trigger) == expected


TARGET_CASES = [
    # A state's own troops, placed where it deploys them at home, are no target of its mobilisation ...
    (
        "Russia deployed troops in Belgorod on Monday.",
        "deployed",
        [{"type": "MOBILIZE", "sources": [("RUS", None)], "targets": [], "from_context": False}],
    ),
    (
        "The Pakistani army deployed soldiers in Karachi after the riots.",
        "deployed",
        [{"type": "MOBILIZE", "sources": [("PAK", "MIL")], "targets": [], "from_context": False}],
    ),
    # ... but the population is the target of a curfew at home.
    (
        "Sri Lanka imposed a curfew in Colombo on Sunday.",
        "curfew",
        [{"type": "COERCE", "sources": [("LKA", None)], "targets": [("LKA", None)], "from_context": False}],
    ),
    # The one accused, blamed or urged is the target (Zaporizhzhia, August 2022).
    (
        "Russia accused Kyiv of shelling the Zaporizhzhia nuclear plant.",
        "accused",
        [{"type": "ACCUSE", "sources": [("RUS", None)], "targets": [("UKR", "GOV")], "from_context": False}],
    ),
    (
        "Ukraine blamed Russia for the shelling of the plant.",
        "blamed",
        [{"type": "ACCUSE", "sources": [("UKR", None)], "targets": [("RUS", None)], "from_context": False}],
    ),
    (
        "The United Nations urged Israel to halt the demolitions.",
        "urged",
        [{"type": "REQUEST", "sources": [(None, "IGO")], "targets": [("ISR", None)], "from_context": False}],
    ),
    # A definite description as target takes up an actor before it, not the source itself (Stena Impero,
    # July 2019).
    (
        "Iran seized a British oil tanker in the Strait of Hormuz on Friday. Britain condemned the government's "
        "action.",
        "condemned",
        [{"type": "ACCUSE", "sources": [("GBR", None)], "targets": [("IRN", "GOV")], "from_context": False}],
    ),
    # "the attack on X": X is the target of the attack, also when the attack is told by "killed" ...
    (
        "The attack on the Iraqi embassy killed two guards.",
        "killed",
        [{"type": "ASSAULT", "sources": [], "targets": [("IRQ", "GOV")], "from_context": False}],
    ),
    # ... and not of the condemnation of the attack.
    (
        "Iran condemned the attack on the Saudi embassy in Tehran.",
        "condemned",
        [{"type": "ACCUSE", "sources": [("IRN", None)], "targets": [], "from_context": False}],
    ),
    (
        "Saudi Arabia launched air strikes against Houthi rebels.",
        "strikes",
        [{"type": "ASSAULT", "sources": [("SAU", None)], "targets": [("YEM", "REB")], "from_context": False}],
    ),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), TARGET_CASES)
def test_roles_targets(code, text, trigger, expected):
    assert roles_of(code(text, "2022-08-10"), trigger) == expected


# The same event told again later in the article is one event; other targets or dates stay apart.
RESTATEMENT_CASES = [
    (
        "Russia accused Ukraine of shelling the plant on Monday. Moscow again accused Kyiv of shelling the plant.",
        [("ACCUSE", ("RUS",), ("UKR",))],
    ),
    (
        "Russia accused Ukraine of shelling the plant. Russia also accused the United States of supplying the "
        "weapons.",
        [("ACCUSE", ("RUS",), ("UKR",)), ("ACCUSE", ("RUS",), ("USA",))],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RESTATEMENT_CASES)
def test_roles_restatements_dropped(code, text, expected):
    events = code(text, "2022-08-10").events
    found = [
        (e.event_type, tuple(a.country for a in e.sources), tuple(a.country for a in e.targets))
        for e in events
    ]
    assert found == expected


def test_roles_restatement_keeps_the_first_with_the_later_date(code):
    first, later = (
        code(text, "2022-08-10").events[0]
        for text in (
            "Russia accused Ukraine of shelling the nuclear plant.",
            "Russia on Monday accused Ukraine of shelling the nuclear plant.",
        )
    )
    later = later.model_copy(update={"sentence": later.sentence.model_copy(update={"index": 1})})
    [kept] = drop_restatements([first, later])
    assert kept.trigger == first.trigger
    assert kept.date == later.date
    other_day = later.model_copy(update={"date": later.date.model_copy(update={"value": "2022-08-01"})})
    assert len(drop_restatements([later, other_day])) == 2
