"""PLOVER's conventions for events that have not (yet) happened: promises, threats, refusals, demands,
prevented and weighed events, in real news wording (PLOVER manual: "Auxiliary modes"; AGREE; CONCEDE;
RETREAT; THREATEN; REJECT; REQUEST)."""

from __future__ import annotations

import pytest

from eventcoder.analysis import ANALYSED_MODALITIES


def reading(event) -> dict:
    """The parts of an event the conventions decide."""
    return {
        "type": event.event_type,
        "content": event.content_type,
        "modality": event.modality,
        "sources": [actor.country for actor in event.sources],
        "targets": [actor.country for actor in event.targets],
    }


def expected(event_type, content, modality, sources, targets) -> dict:
    return {
        "type": event_type,
        "content": content,
        "modality": modality,
        "sources": sources,
        "targets": targets,
    }


CASES = [
    # A promise of aid is an AGREE (manual, AID: "broad promises of future AID should be coded as
    # AGREE"); the promise has been made: asserted.
    pytest.param(
        "Japan will send emergency aid to Nepal, the Japanese foreign ministry said on Monday.",
        [expected("AGREE", "AID", "asserted", ["JPN"], ["NPL"])],
        id="future-aid-agree",
    ),
    # Manual, CONSULT: "references to future meetings, summits, state visits ... should be coded as AGREE".
    pytest.param(
        "Indian Prime Minister Narendra Modi will visit Washington next month.",
        [expected("AGREE", "CONSULT", "asserted", ["IND"], ["USA"])],
        id="future-visit-agree",
    ),
    # Manual, CONSULT: invitations for state visits are AGREE; the visit is not an event of its own.
    pytest.param(
        "Chinese President Xi Jinping invited Russian President Vladimir Putin to visit Beijing.",
        [expected("AGREE", "CONSULT", "asserted", ["CHN"], ["RUS"])],
        id="invitation-agree",
    ),
    # Manual, RETREAT and CONCEDE: "announced...would withdraw troops" is RETREAT + future, coded CONCEDE.
    pytest.param(
        "Turkey announced on Sunday that it would withdraw its troops from northern Syria.",
        [expected("CONCEDE", "RETREAT", "asserted", ["TUR"], ["SYR"])],
        id="announced-withdrawal-concede",
    ),
    # Manual, CONCEDE: CONCEDE + future is left as it is, and has not happened.
    pytest.param(
        "Pakistan will pardon the jailed Indian fishermen, officials said.",
        [expected("CONCEDE", None, "future", ["PAK"], ["IND"])],
        id="future-concede-stays",
    ),
    # Readiness to strike is a threat of force (manual, auxiliary modes: THREATEN, not ASSAULT + future).
    pytest.param(
        "The Russian army stands ready to strike Ukrainian positions, the defence ministry said.",
        [expected("THREATEN", "ASSAULT", "asserted", ["RUS"], ["UKR"])],
        id="ready-to-strike-threaten",
    ),
    # An announced boycott threatens a restriction (manual, THREATEN mode "restrict": boycotts, strikes).
    pytest.param(
        "Bangladesh's main opposition party BNP said it would boycott the parliamentary elections.",
        [expected("THREATEN", "PROTEST", "asserted", ["BGD"], [])],
        id="announced-boycott-threaten",
    ),
    # A conditional threat of force: the threat happened, the strike did not.
    pytest.param(
        "North Korea threatened to strike Japan if the joint drills continued.",
        [expected("THREATEN", "ASSAULT", "asserted", ["PRK"], ["JPN"])],
        id="conditional-threat",
    ),
    # Manual, REJECT: all rejections and refusals; the refused meeting is its content.
    pytest.param(
        "The Iranian foreign minister refused to meet the French delegation in Tehran.",
        [expected("REJECT", "CONSULT", "asserted", ["IRN"], ["FRA"])],
        id="refused-meeting-reject",
    ),
    pytest.param(
        "Russia declined to send aid to Venezuela.",
        [expected("REJECT", "AID", "asserted", ["RUS"], ["VEN"])],
        id="declined-aid-reject",
    ),
    pytest.param(
        "Iran ruled out talks with the United States.",
        [expected("REJECT", "CONSULT", "asserted", ["IRN"], ["USA"])],
        id="ruled-out-talks-reject",
    ),
    # Manual, REQUEST: the demand is the event (by the demander); its content did not happen.
    pytest.param(
        "The United States called on Israel to withdraw its troops from Gaza.",
        [expected("REQUEST", "RETREAT", "asserted", ["USA"], ["ISR"])],
        id="demand-content-folded",
    ),
    pytest.param(
        "The United Nations urged the Somali government to release the detained journalists.",
        [expected("REQUEST", "RETREAT", "asserted", [None], ["SOM", "SOM"])],
        id="urged-content-folded",
    ),
    # A prevented attack: the would-be attackers are the sources, not those who stopped them.
    pytest.param(
        "Saudi forces thwarted a Houthi attack on Riyadh.",
        [expected("ASSAULT", None, "prevented", ["YEM"], ["SAU"])],
        id="thwarted-attack-prevented",
    ),
    pytest.param(
        "Egyptian police prevented Coptic protesters from marching on the presidential palace.",
        [expected("PROTEST", None, "prevented", ["EGY"], [])],
        id="prevented-from-marching",
    ),
    # An averted assault is no assault by the mediators (nor by anyone: "avert" carries no event noun).
    pytest.param("Egyptian mediators averted an Israeli assault on Gaza.", [], id="averted-assault"),
    # Weighed, not decided: hypothetical, and not a threat.
    pytest.param(
        "The Pentagon is considering launching air strikes against Syrian government forces.",
        [expected("ASSAULT", None, "hypothetical", ["USA"], ["SYR"])],
        id="considering-hypothetical",
    ),
]


@pytest.mark.parametrize(("text", "events"), CASES)
def test_modality_conventions(code, text, events):
    document = code(text, "2020-03-01")
    assert [reading(event) for event in document.events] == events


def test_modality_readings_count_as_happened_only_when_made(code):
    """Promises, threats and refusals happened; prevented, weighed and future events did not."""
    happened = {
        "Japan will send emergency aid to Nepal, the Japanese foreign ministry said on Monday.": True,
        "The Iranian foreign minister refused to meet the French delegation in Tehran.": True,
        "Saudi forces thwarted a Houthi attack on Riyadh.": False,
        "The Pentagon is considering launching air strikes against Syrian government forces.": False,
        "Pakistan will pardon the jailed Indian fishermen, officials said.": False,
    }
    for text, expected_happened in happened.items():
        (event,) = code(text, "2020-03-01").events
        assert (event.modality in ANALYSED_MODALITIES) is expected_happened, text


def test_modality_reading_codes(code):
    """The reading's CAMEO code and method name the convention that made it."""
    (agree,) = code(
        "Japan will send emergency aid to Nepal, the Japanese foreign ministry said.", None
    ).events
    assert (agree.cameo, agree.evidence.method) == ("033", "lexicon:verb:send+object:aid+plover:future")
    (concede,) = code("Turkey announced on Sunday that it would withdraw its troops from Syria.", None).events
    assert (concede.event_type, concede.cameo, concede.mode) == ("CONCEDE", "035", None)
    assert concede.intensity == 4.5  # PLOVER score of CONCEDE
