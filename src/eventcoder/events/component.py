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
   began" is no event), historical (dated well before publication), else asserted;
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
from spacy.tokens import Doc

from ..records import Event, Evidence, SentenceRef, Trigger
from .context import attribution_of, date_for, location_for
from .lexicon import CodeTables, load_discards, load_lexicon
from .modality import ModalityRules, is_historical
from .roles import (
    LOCATION_TARGET_TYPES,
    ActorIndex,
    RoleFinder,
    location_target,
    placed,
    unidentified_attacker,
)
from .triggers import Candidate, Coder, find_triggers

# A sports score ("beat Turkey 2-1", "a 3–0 win"): the sentence is a result, not an event.
SCORE = re.compile(r"(?<![\d/.-])\d{1,2}\s?[-–]\s?\d{1,2}(?![\d/.-])")

CONFIDENCE_VERB = 0.9
CONFIDENCE_NOUN = 0.8
CONFIDENCE_PENALTY = 0.1  # each inference beyond the parse: pronoun, speaker, unknown perpetrator


class EventCoder:
    """spaCy component: sets ``doc._.events``."""

    def __init__(self, nlp: Language, lexicon_path: str | None = None):
        self.lexicon = load_lexicon(lexicon_path)
        self.tables = CodeTables.load()
        self.coder = Coder(self.lexicon, self.tables)
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
        for index, sentence in enumerate(doc.sents):
            if sentence.start in discarded or SCORE.search(sentence.text):
                continue
            reference = SentenceRef(
                index=index, start=sentence.start_char, end=sentence.end_char, text=sentence.text
            )
            for trigger in find_triggers(sentence, self.lexicon):
                event = self.event_for(doc, trigger, actors, reference)
                if event is None:
                    continue
                key = (
                    index,
                    event.event_type,
                    tuple(sorted((a.start, a.country, a.sector) for a in event.sources)),
                    tuple(sorted((a.start, a.country, a.sector) for a in event.targets)),
                    event.modality,
                )
                if key in seen:  # "attacked and killed": one event
                    continue
                seen.add(key)
                yield event

    # --- one trigger --------------------------------------------------------------------------

    def event_for(
        self, doc: Doc, trigger: Candidate, actors: ActorIndex, reference: SentenceRef
    ) -> Event | None:
        token = trigger.token
        if self.modality_rules.in_condition(token):  # "if an offensive began": not an event of its own
            return None
        if trigger.kind == "verb":
            if self.coder.folded_into(token) is not None:
                return None
            coding = self.coder.code_verb(token, trigger.entry)
            clause = token
            if coding is None and token.lemma_.lower() in self.lexicon.words["light_verbs"]:
                return None
        else:
            coding, clause = self.coder.noun_coding(token, trigger.entry)
        if coding is None:
            return None
        roles = self.role_finder.roles(doc, token, clause, trigger, actors)
        if roles is None:
            return None
        modality, coding = self.modality_rules.modality(clause, coding)
        date = date_for(doc, clause)
        if modality == "asserted" and is_historical(date, doc._.published):
            modality = "historical"
        location = location_for(doc, clause)
        sources = [placed(mention.actor, location) for mention in roles.sources]
        targets = [placed(mention.actor, location) for mention in roles.targets]
        mentions = roles.sources + roles.targets
        if any(actor.country != mention.actor.country for actor, mention in zip(sources + targets, mentions)):
            roles.notes.append("country-from-location")
        if not sources and "unknown-source" in roles.notes:
            attacker = unidentified_attacker(doc, token, clause)
            if attacker is not None:
                sources = [attacker]
        if not targets and sources and coding.event_type in LOCATION_TARGET_TYPES:
            population = location_target(doc, token, clause)
            if population is not None:
                targets = [population]
                roles.notes.append("location-as-target")
        base = CONFIDENCE_VERB if trigger.kind == "verb" else CONFIDENCE_NOUN
        confidence = base - CONFIDENCE_PENALTY * len(roles.notes)
        method = "+".join([coding.method, *roles.notes])
        return Event(
            id="",
            event_type=coding.event_type,
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
