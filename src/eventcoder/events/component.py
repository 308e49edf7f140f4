"""The EVENTS stage: PLOVER events with their CAMEO codes, roles and modality, from the parse.

``EventCoder`` sets ``doc._.events``. For each sentence it

1. finds triggers (:func:`~.triggers.find_triggers`): verbs and event nouns whose lemma is in the
   lexicon (``data/lexicon.yaml``, plus a user lexicon merged over it);
2. codes each trigger (:class:`~.triggers.Coder`): the lexicon entry, refined by its object ("sent
   troops"), a preposition ("called for"), a modifier ("air strike") or the event it governs
   ("threatened to strike" is a THREATEN, the strike is not an event of its own);
3. finds the roles (:mod:`.roles`): subject/agent → sources, object or prepositional complement →
   targets, through passives, coordination, control, relative clauses and appositions;
4. sets modality (:mod:`.modality`): negated, future, hypothetical (a condition: "if an offensive
   began" is no event), prevented, historical (dated well before publication), else asserted; and
   applies PLOVER's conventions (a promise is an AGREE, an announced retreat a CONCEDE, an announced
   use of force a THREATEN, a refusal a REJECT, each with its ``content_type``; a demand's content is
   no event of its own);
5. takes the event's date and place from what the time and geo stages put on the Doc (:mod:`.context`);
6. drops what event-data analysts would not want: no source actor (except an attack by an unknown
   perpetrator on a known target), or a sentence about sports, markets or weather (``data/discards.txt``).

PLOVER types, modes and contexts come from the CAMEO code through the crosswalk in ``data/cameo.tsv``
unless the lexicon entry sets them; ``intensity`` is the PLOVER score of the type and mode
(``data/plover.yaml``), both read through :mod:`eventcoder.codebook`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..codebook import plover_types
from ..records import Event, Evidence, SentenceRef, Trigger
from .context import attribution_of, date_for, location_for
from .coreference import drop_restatements
from .lexicon import CodeTables, Coding, load_discards, load_lexicon
from .modality import ModalityRules, is_historical
from .roles import (
    LOCATION_TARGET_TYPES,
    ActorIndex,
    RoleFinder,
    location_target,
    placed,
    unidentified_attacker,
    without_self_targets,
)
from .triggers import Candidate, Coder, find_triggers
from .typer import EventTyper
from .typing import Prediction, TypeDecider

# A sports score ("beat Turkey 2-1", "a 3–0 win"): the sentence is a result, not an event.
SCORE = re.compile(r"(?<![\d/.-])\d{1,2}\s?[-–]\s?\d{1,2}(?![\d/-]|\.\d)")

CONFIDENCE_VERB = 0.9
CONFIDENCE_NOUN = 0.8
CONFIDENCE_PENALTY = 0.1  # each inference beyond the parse: pronoun, speaker, unknown perpetrator


class EventCoder:
    """spaCy component: sets ``doc._.events``."""

    def __init__(self, nlp: Language, lexicon_path: str | None = None, typer: bool = True):
        self.lexicon = load_lexicon(lexicon_path)
        self.tables = CodeTables.load()
        self.coder = Coder(self.lexicon, self.tables)
        # typer=False: the rules alone, PETRARCH's default codes included (to compare, or for speed)
        self.decider = (
            TypeDecider(EventTyper(), plover_types(), self.tables.cameo, self.lexicon) if typer else None
        )
        self.role_finder = RoleFinder(self.lexicon, self.coder)
        self.modality_rules = ModalityRules(self.lexicon, self.tables)
        self.discards = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.discards.add("DISCARD", [nlp.make_doc(phrase) for phrase in load_discards()])

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = list(self.events(doc))
        return doc

    # --- whole document -----------------------------------------------------------------------

    def events(self, doc: Doc) -> Iterator[Event]:
        actors = ActorIndex(doc)
        discarded = {doc[start].sent.start for _id, start, _end in self.discards(doc)}
        seen: set[tuple] = set()
        coded: list[Event] = []
        # First the rules' coding of every trigger, then one batch for the typer, then the events.
        sentences = []
        for index, sentence in enumerate(doc.sents):
            if sentence.start in discarded or SCORE.search(sentence.text):
                continue
            reference = SentenceRef(
                index=index, start=sentence.start_char, end=sentence.end_char, text=sentence.text
            )
            sentences.append((reference, self.triggers(sentence, actors)))
        codings = {
            trigger.token.i: self.rule_coding(trigger) for _, triggers in sentences for trigger in triggers
        }
        typed = {}
        if self.decider is not None:
            # Only where an event can have a party (an actor in its sentence, an argument that can name
            # one); elsewhere the dictionary's own code stands, for the rules' unknown-attacker cases.
            with_actors = {mention.span.sent.start for mention in doc._.actor_mentions or []}
            undecided = [
                trigger.token
                for _, triggers in sentences
                for trigger in triggers
                if codings[trigger.token.i] is not None
                and trigger.token.sent.start in with_actors
                and self.decider.needs_typer(codings[trigger.token.i][0], trigger)
                and self.decider.has_party(trigger.token, actors)
            ]
            typed = self.decider.predict(doc, undecided)
        for reference, triggers in sentences:
            for trigger in triggers:
                found = codings[trigger.token.i]
                if found is None:
                    continue
                event = self.event_for(doc, trigger, found, typed.get(trigger.token.i), actors, reference)
                if event is None:
                    continue
                key = repeat_key(reference.index, event)
                if key in seen:  # "attacked and killed": one event
                    continue
                seen.add(key)
                coded.append(event)
        yield from drop_restatements(coded)  # the same event told again later in the article: once

    # --- one trigger --------------------------------------------------------------------------

    def triggers(self, sentence: Span, actors: ActorIndex) -> list[Candidate]:
        """The lexicon's triggers, and the verbs between two actors that only the typer can code."""
        found = list(find_triggers(sentence, self.lexicon))
        if self.decider is not None:
            triggered = {trigger.token.i for trigger in found}
            found += self.decider.open_candidates(sentence, actors, triggered)
            found.sort(key=lambda trigger: trigger.token.i)
        return found

    def rule_coding(self, trigger: Candidate) -> tuple[Coding | None, Token] | None:
        """What the rules make of a trigger: its coding (None: undecided) and the clause it heads; None
        when it is no event of its own."""
        token = trigger.token
        if self.modality_rules.in_condition(token):  # "if an offensive began": not an event of its own
            return None
        if trigger.kind == "noun":
            return self.coder.noun_coding(token, trigger.entry)
        if self.coder.folded_into(token) is not None:
            return None
        coding = self.coder.code_verb(token, trigger.entry)
        if coding is None and token.lemma_.lower() in self.lexicon.words["light_verbs"]:
            return None
        return coding, token

    def event_for(
        self,
        doc: Doc,
        trigger: Candidate,
        found: tuple[Coding | None, Token],
        prediction: Prediction | None,
        actors: ActorIndex,
        reference: SentenceRef,
    ) -> Event | None:
        token = trigger.token
        coding, clause = found
        typer_confidence = None
        if self.decider is not None:
            coding, typer_confidence = self.decider.decide(coding, token, prediction)
        if coding is None:
            return None
        roles = self.role_finder.roles(doc, token, clause, trigger, actors, coding)
        if roles is None:
            return None
        reading = self.modality_rules.read(token, clause, coding)
        if reading is None:  # the content of a demand or an invitation: the demand is the event
            return None
        modality, coding = reading.modality, reading.coding
        if reading.preventer is not None:  # who would have acted, not who prevented it
            roles.sources = self.modality_rules.would_be(reading.preventer, token, roles.sources, actors)
            if not roles.sources:
                return None
        date = date_for(doc, clause)
        if modality == "asserted" and is_historical(date, doc._.published):
            modality = "historical"
        location = location_for(doc, clause)
        sources = [placed(mention.actor, location) for mention in roles.sources]
        targets = [placed(mention.actor, location) for mention in roles.targets]
        mentions = roles.sources + roles.targets
        if any(actor.country != mention.actor.country for actor, mention in zip(sources + targets, mentions)):
            roles.notes.append("country-from-location")
        targets = without_self_targets(coding, sources, targets)
        if not sources and "unknown-source" in roles.notes:
            stand_in = unidentified_attacker(doc, token, clause, coding.event_type)
            if stand_in is not None:
                sources = [stand_in]
            elif coding.event_type != "ASSAULT" or not targets:
                return None  # a protest or an arrest with no actor and no place: nothing to code
        if not targets and sources and coding.event_type in LOCATION_TARGET_TYPES:
            population = location_target(doc, token, clause, coding, sources)
            if population is not None:
                targets = [population]
                roles.notes.append("location-as-target")
        base = CONFIDENCE_VERB if trigger.kind == "verb" else CONFIDENCE_NOUN
        if typer_confidence is not None:
            base = typer_confidence
        confidence = base - CONFIDENCE_PENALTY * len(roles.notes)
        method = "+".join([coding.method, *roles.notes])
        return Event(
            id="",
            event_type=coding.event_type,
            content_type=reading.content_type,
            mode=coding.mode,
            context=list(coding.context),
            cameo=coding.cameo,
            intensity=self.tables.intensity(coding.event_type, coding.mode),
            modality=modality,
            sources=sources,
            targets=targets,
            date=date,
            location=location,
            trigger=Trigger(text=token.text, start=token.idx, end=token.idx + len(token.text)),
            sentence=reference,
            attribution=attribution_of(doc, token),
            evidence=Evidence(method=method, confidence=max(0.1, min(1.0, confidence))),
        )


def repeat_key(sentence_index: int, event: Event) -> tuple:
    """What two triggers of one sentence share when they code one event ("attacked and killed"). A
    pronoun may stand for two actors, one without a sector: None sorts as ''."""

    def parties(actors) -> tuple:
        return tuple(sorted((actor.start, actor.country or "", actor.sector or "") for actor in actors))

    return (sentence_index, event.event_type, parties(event.sources), parties(event.targets), event.modality)
