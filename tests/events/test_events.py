"""The events stage: PLOVER type, CAMEO code, roles and modality of real news sentences."""

from __future__ import annotations

import pytest

from eventcoder.codebook import cameo_codes as load_cameo
from eventcoder.codebook import plover_score
from eventcoder.codebook import plover_types as load_plover
from eventcoder.errors import DataFileError
from eventcoder.events import EventCoder, load_lexicon
from eventcoder.events.component import repeat_key
from eventcoder.records import EVENT_TYPES


def summary(event) -> dict:
    """The parts of an event these tests pin down."""
    return {
        "type": event.event_type,
        "cameo_root": event.cameo[:2] if event.cameo else None,
        "sources": [(actor.country, actor.sector) for actor in event.sources],
        "targets": [(actor.country, actor.sector) for actor in event.targets],
        "modality": event.modality,
        "trigger": event.trigger.text,
    }


# The project's running example (wire text, 6 September 2019), one sentence at a time.
RUNNING_EXAMPLE = [
    (
        "Russian, Turkish, German and French officials met yesterday in Istanbul.",
        [
            {
                "type": "CONSULT",
                "cameo_root": "04",
                "sources": [("RUS", "GOV"), ("TUR", "GOV"), ("DEU", "GOV"), ("FRA", "GOV")],
                "targets": [],
                "modality": "asserted",
                "trigger": "met",
            }
        ],
    ),
    # A future meeting is an AGREE, and the commitment has been made (PLOVER manual, CONSULT: "references
    # to future meetings ... should be coded as AGREE").
    (
        "Putin and Erdogan will meet on Monday in Sochi.",
        [
            {
                "type": "AGREE",
                "cameo_root": "03",
                "sources": [("RUS", "GOV"), ("TUR", "GOV")],
                "targets": [],
                "modality": "asserted",
                "trigger": "meet",
            }
        ],
    ),
    (
        "Turkey continued to send Special Forces troops and tanks to reinforce its military posts.",
        [
            {
                "type": "MOBILIZE",
                "cameo_root": "15",
                "sources": [("TUR", None)],
                "targets": [],
                "modality": "asserted",
                "trigger": "send",
            }
        ],
    ),
    # A postponed offensive with no named attacker is not an event (precision first).
    ("Moscow announced yesterday the postponement of a planned offensive in Idlib.", []),
]


@pytest.mark.parametrize(("text", "expected"), RUNNING_EXAMPLE)
def test_events_running_example(code, text, expected):
    document = code(text, "2019-09-06")
    assert [summary(event) for event in document.events] == expected


ROLE_CASES = [
    # Passive with coordinated agents (Wikinews, 10 January 2020).
    pytest.param(
        "Because of its drilling operations there, Turkey is already under EU sanctions, and was condemned in a "
        "joint statement by Egypt, Greece and Cyprus on October 8.",
        "2020-01-10",
        [
            {
                "type": "ACCUSE",
                "cameo_root": "11",
                "sources": [("EGY", None), ("GRC", None), ("CYP", None)],
                "targets": [("TUR", None)],
                "modality": "asserted",
                "trigger": "condemned",
            }
        ],
        marks=pytest.mark.xfail(
            strict=False, reason="the actor stage does not yet find 'Cyprus' in this list"
        ),
    ),
    # Control: the strike is what is threatened, not an attack (wording of issue #4).
    (
        "Turkish President Recep Tayyip Erdogan threatened on Tuesday to strike Syrian forces in Idlib province.",
        "2019-09-06",
        [
            {
                "type": "THREATEN",
                "cameo_root": "13",
                "sources": [("TUR", "GOV")],
                "targets": [("SYR", "MIL")],
                "modality": "asserted",
                "trigger": "threatened",
            }
        ],
    ),
    # Passive with an agent.
    (
        "Syria was struck by US warplanes on Friday.",
        "2019-09-06",
        [
            {
                "type": "ASSAULT",
                "cameo_root": "19",
                "sources": [("USA", "MIL")],
                "targets": [("SYR", None)],
                "modality": "asserted",
                "trigger": "struck",
            }
        ],
    ),
    # A light verb carries an event noun: the noun's type, the verb's subject, "on" gives the target.
    (
        "The United States imposed sanctions on Iran on Monday.",
        "2019-09-06",
        [
            {
                "type": "SANCTION",
                "cameo_root": "16",
                "sources": [("USA", None)],
                "targets": [("IRN", None)],
                "modality": "asserted",
                "trigger": "sanctions",
            }
        ],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), ROLE_CASES)
def test_events_roles(code, text, published, expected):
    document = code(text, published)
    assert [summary(event) for event in document.events] == expected


def test_events_first_person_speaker(code):
    text = '"We will send more troops to Idlib," a Turkish military official told Reuters on Thursday.'
    (event,) = code(text, "2019-09-06").events
    # An announced deployment is a THREATEN, not MOBILIZE + future (PLOVER manual, auxiliary modes: "return
    # the single event category, not a category+auxiliary").
    assert summary(event) == {
        "type": "THREATEN",
        "cameo_root": "13",
        "sources": [("TUR", "MIL")],
        "targets": [],
        "modality": "asserted",
        "trigger": "send",
    }
    assert event.content_type == "MOBILIZE"
    assert event.evidence.method == "lexicon:verb:send+object:troop+plover:future+speaker"
    assert event.attribution.speaker.text == "Turkish military official"
    assert event.attribution.outlet == "Reuters"


def test_events_event_noun_symmetric(code):
    text = "The talks between Russia and Turkey on Idlib ended without agreement on Tuesday."
    assert [summary(event) for event in code(text, "2019-09-06").events] == [
        {
            "type": "CONSULT",
            "cameo_root": "04",
            "sources": [("RUS", None), ("TUR", None)],
            "targets": [],
            "modality": "asserted",
            "trigger": "talks",
        }
    ]


MODALITY_CASES = [
    # Negation stays with its own verb, not the one coordinated with it.
    (
        "Turkish Foreign Minister Mevlut Cavusoglu said on Thursday that Ankara would not allow a new wave of "
        "refugees and accused Damascus of violating the ceasefire.",
        "2019-09-06",
        [("CONCEDE", "negated"), ("ACCUSE", "asserted")],
    ),
    # BBC, 2005: a negated intention.
    (
        "The European Commission acknowledged last month that it would not impose sanctions on countries who "
        "break the rules.",
        "2005-02-01",
        [("SANCTION", "negated")],
    ),
    ("Turkey denied sending troops to Idlib.", "2019-09-06", [("MOBILIZE", "negated")]),
    ("Russia did not attack Turkish troops in Idlib.", "2019-09-06", [("ASSAULT", "negated")]),
    # PLOVER manual, CONSULT: a future meeting is an AGREE (the commitment, asserted).
    ("Putin and Erdogan will meet on Monday in Sochi.", "2019-09-06", [("AGREE", "asserted")]),
    # The condition is no event; the consequence is a threat, asserted.
    ("If an offensive began, Turkey would close its borders.", "2019-09-06", [("THREATEN", "asserted")]),
    # Background: dated years before publication.
    ("Russia invaded Georgia in 2008.", "2019-09-06", [("ASSAULT", "historical")]),
]


@pytest.mark.parametrize(("text", "published", "expected"), MODALITY_CASES)
def test_events_modality(code, text, published, expected):
    document = code(text, published)
    assert [(event.event_type, event.modality) for event in document.events] == expected


DISCARD_CASES = [
    # BBC sport, 2004.
    ("In the other Group B match, the United States defeated Australia 2-1.", "2004-11-20"),
    ("Russia beat Turkey 2-1 in the Champions League on Tuesday.", "2019-09-06"),
]


@pytest.mark.parametrize(("text", "published"), DISCARD_CASES)
def test_events_discard_sports(code, text, published):
    assert code(text, published).events == []


def test_events_record_fields(code):
    text = "Russian, Turkish, German and French officials met yesterday in Istanbul."
    event = code(text, "2019-09-06").events[0]
    assert event.mode is None
    assert event.cameo == "040"
    assert event.intensity == 2.5
    assert (event.trigger.start, event.trigger.end) == (text.index("met"), text.index("met") + 3)
    assert (event.sentence.index, event.sentence.start, event.sentence.end) == (0, 0, len(text))
    assert event.evidence.method == "lexicon:verb:meet"
    assert 0 < event.evidence.confidence <= 1


def test_events_user_lexicon_extends(nlp, tmp_path):
    lexicon = tmp_path / "extra.yaml"
    lexicon.write_text('verbs:\n  snub: {cameo: "125"}\n', encoding="utf-8")
    doc = nlp("Greece snubbed the talks with Turkey.")
    # The open vocabulary (PETRARCH's, checked by the typer) codes the snub as disapproval; the user's entry wins.
    assert [(e.event_type, e.cameo, e.evidence.method) for e in doc._.events] == [
        ("ACCUSE", "111", "petrarch:verb:snub+typer:ACCUSE")
    ]
    doc = EventCoder(nlp, lexicon_path=str(lexicon))(doc)
    assert [(e.event_type, e.cameo, e.evidence.method) for e in doc._.events] == [
        ("REJECT", "125", "lexicon:verb:snub")
    ]


def test_events_user_lexicon_overrides(nlp, tmp_path):
    lexicon = tmp_path / "extra.yaml"
    lexicon.write_text('verbs:\n  meet: {cameo: "044"}\n', encoding="utf-8")
    doc = EventCoder(nlp, lexicon_path=str(lexicon))(nlp("Russian and Turkish officials met in Istanbul."))
    assert [(e.event_type, e.mode, e.cameo) for e in doc._.events] == [("CONSULT", "third-party", "044")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("verbs: [threaten, attack]\n", "'verbs' must map lemmas to entries"),
        ("verbs:\n  snub: {cameo: '999'}\n", "unknown CAMEO code"),
        ("verbs:\n  snub: {type: SNUB}\n", "unknown PLOVER type"),
        ("verbs:\n  snub: {cameo: '120'\n", "not valid YAML"),
        ("- just a list\n", "expected a mapping"),
        ("verb:\n  snub: {cameo: '120'}\n", "unknown section"),
    ],
)
def test_events_malformed_lexicon(nlp, tmp_path, content, message):
    lexicon = tmp_path / "bad.yaml"
    lexicon.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        EventCoder(nlp, lexicon_path=str(lexicon))


def test_events_missing_lexicon(nlp, tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        EventCoder(nlp, lexicon_path=str(tmp_path / "absent.yaml"))


def test_events_data_tables_agree():
    cameo = load_cameo()
    plover = load_plover()
    assert set(plover) == set(EVENT_TYPES)
    assert len(cameo) == 312
    assert {code.event_type for code in cameo.values()} - {None} == set(EVENT_TYPES)
    assert plover_score("ASSAULT", "aerial") == -9.5
    assert plover_score("CONSULT", None) == 2.5
    lexicon = load_lexicon()
    assert {"threaten", "meet", "attack", "agree"} <= set(lexicon.verbs)
    assert {"airstrike", "talk", "offensive", "ceasefire"} <= set(lexicon.nouns)


# PLOVER codes the population of the place where an event befalls people as its target; wire text from
# the PLOVER gold-standard records (AFP/AP style), as quoted in the PLOVER coding notes.
LOCATION_TARGET_CASES = [
    # Lifting a curfew is a CONCEDE (PLOVER manual: "removing curfews") aimed at the place's people.
    (
        "Serbia lifted a night curfew in Montenegro where 28 people have been killed in ethnic riots this year "
        "and the province was reported quiet on Sunday.",
        [
            {
                "type": "CONCEDE",
                "cameo_root": "08",
                "sources": [("SRB", None)],
                "targets": [("MNE", None)],
                "modality": "asserted",
                "trigger": "lifted",
            }
        ],
    ),
    (
        "Sudan's government on Sunday lifted a state of emergency in West Darfur State that was imposed six months "
        "ago after bloody tribal clashes there, Omdurman radio reported Sunday.",
        [
            {
                "type": "CONCEDE",
                "cameo_root": "08",
                "sources": [("SDN", "GOV")],
                "targets": [("SDN", None)],
                "modality": "asserted",
                "trigger": "lifted",
            }
        ],
    ),
    (
        "Israel Friday reimposed blockades in the West Bank following the shooting deaths of two Israelis a day "
        "earlier, a military spokesman announced.",
        [
            {
                "type": "COERCE",
                "cameo_root": "19",
                "sources": [("ISR", None)],
                "targets": [("PSE", None)],
                "modality": "asserted",
                "trigger": "blockades",
            }
        ],
    ),
    # The place belongs to the subject ("demonstrators in Baghdad"), not to the event: no target.
    (
        "Demonstrators in Baghdad blocked a road to show their disapproval for the United States' military "
        "policies, a newspaper reported Tuesday.",
        [
            {
                "type": "PROTEST",
                "cameo_root": "14",
                "sources": [("IRQ", "CVL")],
                "targets": [],
                "modality": "asserted",
                "trigger": "blocked",
            }
        ],
    ),
    # An agreement is not done to the people of the place where its centre will be.
    (
        "The Asia-Pacific Economic Cooperation (APEC) forum has agreed to set up an energy research center in "
        "Tokyo to further develop its regional energy projections, officials said Thursday.",
        [
            {
                "type": "AGREE",
                "cameo_root": "03",
                # one source: "(APEC)" restates the organisation's name (was two IGO sources)
                "sources": [(None, "IGO")],
                "targets": [],
                "modality": "asserted",
                "trigger": "agreed",
            }
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), LOCATION_TARGET_CASES)
def test_events_location_as_target(code, text, expected):
    document = code(text, "2000-01-01")
    assert [summary(event) for event in document.events] == expected
    for event in document.events:
        for actor in event.targets:
            assert actor.method == "events:location-as-target"
            assert text[actor.start : actor.end] == actor.text


def test_events_unidentified_attacker_of_the_place(code):
    # PLOVER gold record (wire text): an attack with no named perpetrator is coded, as in CAMEO/ICEWS, to the
    # unidentified armed forces (UAF) of the country where it happens.
    text = "A minefield explosion near the town of Samarra killed two Iraqi youths and wounded five others on Sunday."
    (event,) = code(text, "2000-01-01").events
    assert summary(event) == {
        "type": "ASSAULT",
        "cameo_root": "19",
        "sources": [("IRQ", "UAF")],
        "targets": [("IRQ", "CVL")],
        "modality": "asserted",
        "trigger": "killed",
    }
    (attacker,) = event.sources
    assert (attacker.text, attacker.kind, attacker.method) == (
        "Samarra",
        "group",
        "events:unidentified-attacker",
    )


def test_events_event_noun_in_a_span_of_time(code):
    # PLOVER gold record (wire text): "ten days of war games" is the war games, carried by "launched"; "war" in
    # the compound is no event of its own.
    text = (
        "French and Egyptian warships on Monday launched 10 days of war games in the Mediterranean Sea, expected to "
        "be joined later by Italian and German vessels, the French embassy said Monday."
    )
    assert [summary(event) for event in code(text, "2000-01-01").events] == [
        {
            "type": "COOPERATE",
            "cameo_root": "06",
            "sources": [("FRA", "MIL"), ("EGY", "MIL")],
            "targets": [],
            "modality": "asserted",
            "trigger": "games",
        },
        # Not in the gold record: the vessels expected to join are a second, future cooperation, which the
        # manual codes as AGREE ("references to future meetings ... should be coded as AGREE").
        {
            "type": "AGREE",
            "cameo_root": "03",
            "sources": [("ITA", None), ("DEU", None)],
            "targets": [("FRA", "MIL"), ("EGY", "MIL")],
            "modality": "asserted",
            "trigger": "joined",
        },
    ]


def test_events_stative_passive_is_the_subjects_stance(code):
    # PLOVER gold record (wire text): "is opposed to" states Israel's own opposition, not one done to Israel.
    text = (
        "Israel is opposed to French mediation in peace negotiations with Syria, a close aide to Prime Minister "
        "Ehud Barak said Wednesday."
    )
    assert [summary(event) for event in code(text, "2000-01-01").events] == [
        {
            "type": "REJECT",
            "cameo_root": "12",
            "sources": [("ISR", None)],
            "targets": [("FRA", None)],
            "modality": "asserted",
            "trigger": "opposed",
        },
    ]


def test_events_prevented_event_is_no_event(code):
    # PLOVER gold record (wire text): the ethnic community in south Serbia demands; the civil war it wants to
    # prevent is not one it wages.
    text = (
        "Ethnic Albanians in south Serbia are demanding a U.N. military presence to protect them against a heavily "
        "armed ruling Serb minority and prevent a Bosnia-style civil war, but some foreign monitors are skeptical."
    )
    assert [summary(event)["type"] for event in code(text, "2000-01-01").events] == ["REQUEST"]
    (event,) = code(text, "2000-01-01").events
    assert summary(event)["sources"] == [("SRB", "CVL")]


def test_events_repeat_key_takes_a_pronoun_for_two_actors(code):
    # Reuters-21578 (1987): "they" stood for the U.S. Embassy (USA GOV) and the U.S. (USA, no sector) at one
    # span, and sorting the parties to compare triggers raised TypeError, losing the whole article.
    text = (
        "Israel is opposed to French mediation in peace negotiations with Syria, a close aide to Prime Minister "
        "Ehud Barak said Wednesday."
    )
    (event,) = code(text, "2000-01-01").events
    (source,) = event.sources
    both = event.model_copy(update={"sources": [source, source.model_copy(update={"sector": "GOV"})]})
    reversed_order = event.model_copy(update={"sources": [both.sources[1], source]})
    assert source.sector is None
    assert repeat_key(0, both) == repeat_key(0, reversed_order)
    assert repeat_key(0, both) != repeat_key(0, event)
