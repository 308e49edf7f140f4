"""Modality: whether an event happened, will happen, may happen, did not happen, or is background; and
PLOVER's conventions for the events that have not (yet) happened.

:meth:`ModalityRules.modality` finds negated, future, hypothetical (a condition: "if an offensive began"
is no event; "if ..., Turkey would close its borders" is a threat, asserted), else asserted; the
component marks old events historical (:func:`is_historical`). :meth:`ModalityRules.read` then applies
the PLOVER manual's conventions ("Auxiliary modes": return the single category, not category +
auxiliary), each one a row of a table or a word list of ``data/lexicon.yaml``:

- a stated intention or promise is an AGREE, an announced future retreat a CONCEDE, an announced or
  intended use of force or coercion a THREATEN (:data:`CONVENTIONS`); CONCEDE + future stays so;
- a refused cooperative event is a REJECT (``refusing_verbs``), an invitation an AGREE
  (``inviting_verbs``);
- the content of a demand, a request or a recommendation is no event of its own, the demand is
  (``demanding_verbs``; lexicon verbs with ``complements`` already fold theirs, see
  :meth:`.triggers.Coder.folded_into`);
- a prevented event ("averted", "foiled", "stopped X from") has modality ``prevented`` and its would-be
  actors as sources (``preventing_verbs``, ``stopping_verbs``).

The promise, threat, refusal or invitation has been made: the reading is ``asserted`` and carries the
type of its content (``Event.content_type``). Only asserted and historical events count as having
happened downstream (``analysis.ANALYSED_MODALITIES``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ..pipeline.doc import ActorMention
from ..records import DateValue
from .lexicon import CodeTables, Coding, Lexicon, resolve
from .roles import ActorIndex, is_coded, subjects_of
from .triggers import Coder, complement_of, lemma_in, object_words, obligation_clause, prep_objects

# How a clause hangs from the verbs that can negate it or put it in the future.
CHAIN_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pcomp", "conj"})
# How a content clause hangs from the verb that demands, refuses, prevents or invites it.
CONTENT_DEPS = frozenset({"xcomp", "ccomp", "dobj"})
CONTENT_PREPOSITIONS = frozenset({"for", "on", "upon"})  # "called for [sending]", "insisted on"
NOUN_CONTENT_PREPOSITIONS = frozenset({"for", "on", "upon", "to"})  # "called for talks", "agreed to a truce"
# Events dated this long before publication are background ("historical").
HISTORICAL_DAYS = 365

# PLOVER's single category for a future (announced, intended) event: (modality, quad class of its
# type) -> the lexicon verb whose ``complements`` table codes the reading. "will meet", "will visit",
# "will send aid", "is willing to cooperate" -> AGREE (manual: AGREE; CONSULT; AID; COOPERATE);
# "stands ready to strike", "will boycott the vote", "plans to impose sanctions" -> THREATEN (manual:
# THREATEN, auxiliary modes).
CONVENTIONS: dict[tuple[str, int], str] = {
    ("future", 1): "promise",
    ("future", 2): "promise",
    ("future", 3): "threaten",
    ("future", 4): "threaten",
}
# Types a convention leaves as they are: CONCEDE + future stays CONCEDE future (manual: CONCEDE); AGREE
# and THREATEN already are the reading; a future demand, accusation or rejection is no threat.
KEPT_TYPES = frozenset({"AGREE", "CONCEDE", "THREATEN", "REQUEST", "ACCUSE", "REJECT"})
# Readings whose type is not the governor's: an announced future retreat is a CONCEDE (manual:
# CONCEDE, RETREAT: "announced...would withdraw troops" is RETREAT + future, coded CONCEDE).
READING_TYPES = {"RETREAT": "CONCEDE"}
# The lexicon verbs whose ``complements`` tables code refusals and invitations, and the type each
# governor's reading has.
REFUSAL_GOVERNOR = "refuse"
INVITATION_GOVERNOR = "promise"
GOVERNOR_TYPES = {"promise": "AGREE", "threaten": "THREATEN", "refuse": "REJECT"}
# Types that take a content: promises, demands, refusals, threats; an object noun of a speech-act type
# is what they answer, not their content ("rejected the appeal", "dismissed the accusation").
CONTENT_TYPES = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN"})
SPEECH_ACTS = frozenset({"REQUEST", "ACCUSE"})


@dataclass(frozen=True)
class Reading:
    """An event's modality and coding after PLOVER's conventions."""

    modality: str
    coding: Coding
    content_type: str | None = None  # the type of what was promised, threatened, refused or demanded
    preventer: Token | None = None  # the verb that prevented the event ("averted", "stopped X from")


def verb_key(token: Token) -> str:
    """The lemma with its particle, as word lists write phrasal verbs ("rule out")."""
    particles = [child.lower_ for child in token.children if child.dep_ == "prt"]
    return " ".join([token.lemma_.lower(), *particles])


class ModalityRules:
    """The modality rules over one lexicon and the codebook."""

    def __init__(self, lexicon: Lexicon, tables: CodeTables):
        self.lexicon = lexicon
        self.tables = tables
        self.coder = Coder(lexicon, tables)

    def in_condition(self, token: Token) -> bool:
        """Inside a condition ("if an offensive began"): not an event of its own."""
        markers = self.lexicon.words["condition_markers"]
        for word in [token, *token.ancestors]:
            if word.dep_ != "advcl":
                continue
            if any(child.dep_ == "mark" and child.lower_ in markers for child in word.children):
                return True
        return False

    # --- PLOVER's conventions ------------------------------------------------------------------

    def read(self, token: Token, clause: Token, coding: Coding) -> Reading | None:
        """The event's modality and coding under PLOVER's conventions; None for the content of a
        demand or an invitation, which is no event of its own (the demand or invitation is)."""
        preventer = self.preventer(token, clause)
        if preventer is not None:
            if not self.happened(preventer):  # "to prevent a civil war": no war was under way
                return None
            return Reading("prevented", coding, preventer=preventer)
        if self.governing(clause, ("demanding_verbs", "inviting_verbs")) is not None:
            return None
        modality, read = self.modality(clause, coding)
        if read != coding:  # a conditional threat or promise
            return Reading(modality, read, coding.event_type)
        quad = self.tables.quads[coding.event_type]
        if modality != "negated" and quad <= 2 and coding.event_type != "REJECT":
            governor = self.governing(clause, ("refusing_verbs",))
            if governor is not None and self.coder.is_event_verb(governor):
                return None  # "rejected holding talks": the rejection is the event, with this content
            if governor is not None or self.is_word(token, "refusing_verbs"):
                # "ruled out talks", "spurned a meeting": a REJECT of the content
                return self.reading(modality, coding, REFUSAL_GOVERNOR, "refusal")
        if token.pos_ == "VERB" and self.is_word(token, "inviting_verbs") and coding.event_type != "AGREE":
            invited = Coding(coding.cameo, "CONSULT", None, (), coding.method)
            return self.reading(modality, invited, INVITATION_GOVERNOR, "invitation")
        governor = CONVENTIONS.get((modality, quad))
        forecast = quad > 2 and any(self.is_word(word, "forecast_verbs") for word in self.chain(clause)[1:])
        if governor is not None and coding.event_type not in KEPT_TYPES and not forecast:
            return self.reading("asserted", coding, governor, modality)
        content = self.content_type(token, coding) if token.pos_ in ("VERB", "AUX") else None
        return Reading(modality, coding, content)

    def reading(self, modality: str, coding: Coding, governor: str, convention: str) -> Reading:
        """PLOVER's reading of ``coding`` through a governor verb's complements table."""
        entry = self.lexicon.verbs.get(governor) or {}
        table = entry.get("complements") or {}
        spec = table.get(coding.event_type, table.get("default", entry.get("cameo")))
        method = f"{coding.method}+plover:{convention}"
        read = resolve(spec, method, self.tables.cameo)
        expected = GOVERNOR_TYPES[governor]
        if governor == "promise":
            expected = READING_TYPES.get(coding.event_type, expected)
        if read is None or read.event_type != expected:  # a user lexicon's table, or RETREAT -> CONCEDE
            cameo, context = (read.cameo, read.context) if read is not None else (None, ())
            read = Coding(cameo, expected, None, context, method)
        return Reading(modality, read, coding.event_type)

    def content_type(self, token: Token, coding: Coding) -> str | None:
        """The type of what a promise, demand, refusal or threat is about ("threatened [to strike]",
        "demanded [the withdrawal] of troops"), when it differs from the event's own."""
        if coding.event_type not in CONTENT_TYPES:
            return None
        complement = complement_of(token) or obligation_clause(token, self.lexicon)
        inner = self.coder.inner_coding(complement) if complement is not None else None
        if inner is None:
            preps = NOUN_CONTENT_PREPOSITIONS
            nouns = object_words(token) + [pobj for _p, pobj in prep_objects(token, preps)]
            for noun in nouns:
                entry = self.lexicon.nouns.get(noun.lemma_.lower())
                if entry is not None and (entry.get("cameo") or entry.get("type")):
                    inner = resolve(entry, "content", self.tables.cameo)
                    if inner is not None and inner.event_type in SPEECH_ACTS:
                        inner = None  # "rejected a UN appeal": a reply to a request, not its content
                    if inner is not None:
                        break
        if inner is None or inner.event_type == coding.event_type:
            return None
        return inner.event_type

    def is_word(self, token: Token, words: str) -> bool:
        table = self.lexicon.words[words]
        return verb_key(token) in table or lemma_in(token, table) is not None

    def governing(self, clause: Token, lists: Sequence[str]) -> Token | None:
        """The verb of one of the word lists whose complement (or object, or "for"/"on" clause) is this
        clause: "urged [that the militia disarm]", "called on Israel [to withdraw]", "ruled out [holding]
        talks"."""
        current = clause
        for _ in range(3):
            head = current.head
            if head.i == current.i:
                return None
            if (
                current.dep_ in ("pcomp", "pobj")
                and head.lower_ in CONTENT_PREPOSITIONS
                and head.head.i != head.i
            ):
                governor = head.head
            elif current.dep_ in CONTENT_DEPS:
                governor = head
            else:
                return None
            if governor.pos_ == "VERB" and any(self.is_word(governor, words) for words in lists):
                return governor
            if current.dep_ not in CHAIN_DEPS:
                return None
            current = governor
        return None

    def preventer(self, token: Token, clause: Token) -> Token | None:
        """The verb that prevented this event: the light-verb slot of an event noun ("thwarted a Houthi
        attack"), or a verb whose complement it is ("prevented them from marching")."""
        if clause.i != token.i and self.is_word(clause, "preventing_verbs"):
            return clause
        current = clause
        for _ in range(3):
            head = current.head
            if head.i == current.i:
                return None
            if current.dep_ == "pcomp" and head.lower_ == "from":
                lists = ("preventing_verbs", "stopping_verbs")
                if head.head.pos_ == "VERB" and any(self.is_word(head.head, words) for words in lists):
                    return head.head
                return None
            if (
                current.dep_ in CONTENT_DEPS
                and head.pos_ == "VERB"
                and self.is_word(head, "preventing_verbs")
            ):
                return head
            if current.dep_ not in CHAIN_DEPS:
                return None
            current = head
        return None

    def happened(self, verb: Token) -> bool:
        """A finite verb reported as done: "thwarted", not "to thwart" or "would thwart" (nor "to protect
        them and prevent ...", which shares the "to")."""
        current = verb
        for _ in range(4):
            if any(child.dep_ == "aux" and child.lower_ == "to" for child in current.children):
                return False
            if current.dep_ != "conj" or current.head.i == current.i:
                break
            current = current.head
        return self.modality(verb, Coding(None, "AGREE", None, (), ""))[0] == "asserted"

    def would_be(
        self, preventer: Token, token: Token, sources: list[ActorMention], actors: ActorIndex
    ) -> list[ActorMention]:
        """A prevented event's sources: who would have acted, not who prevented it ("Mediators averted
        an Israeli assault": Israel; "police stopped the protesters from marching": the protesters)."""
        subjects, _passive = subjects_of(preventer)
        preventing = {word.i for subject in subjects for word in subject.subtree}
        kept = [mention for mention in sources if mention.span.start not in preventing]
        if kept:
            return kept
        for child in preventer.children:
            if child.dep_ == "dobj" and token.i not in {word.i for word in child.subtree}:
                return [mention for mention in actors.phrase_actors(child) if is_coded(mention.actor)]
        return []

    # --- modality ------------------------------------------------------------------------------

    def chain(self, verb: Token) -> list[Token]:
        """The verb and the verbs it is the complement of ("will continue to [send] troops")."""
        chain = [verb]
        current = verb
        while current.dep_ in CHAIN_DEPS and current.head.i != current.i and len(chain) < 4:
            current = current.head
            chain.append(current)
        return chain

    def modality(self, verb: Token, coding: Coding) -> tuple[str, Coding]:
        """The event's modality, and its coding (a threat or promise for a conditional one)."""
        words = self.lexicon.words
        chain = self.chain(verb)
        negated = any(child.dep_ == "neg" for child in verb.children)
        negated = negated or any(word.lemma_.lower() in words["negating_verbs"] for word in chain[1:])
        # "did not continue to send troops"; a coordinated verb keeps its own polarity.
        negated = negated or (verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in verb.head.children))
        if negated:
            return "negated", coding
        auxiliaries = [child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")]
        for lower, upper in itertools.pairwise(chain):  # "will continue to send troops"
            if lower.dep_ != "xcomp":
                break
            auxiliaries += [child.lower_ for child in upper.children if child.dep_ == "aux"]
        # "will meet and sign" share "will"; "would not allow ... and accused" do not.
        if verb.dep_ == "conj" and verb.tag_ == "VB":
            auxiliaries += [child.lower_ for child in verb.head.children if child.dep_ in ("aux", "auxpass")]
        conditional = any(
            child.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in words["condition_markers"] for m in child.children)
            for child in verb.children
        )
        if conditional and any(word in ("would", "will", "'d", "'ll") for word in auxiliaries):
            # "If an offensive began, Turkey would close its borders": a threat (or a promise), asserted.
            conditional_coding = self.conditional_coding(coding)
            if conditional_coding is not None:
                return "asserted", conditional_coding
        reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in words["reporting_verbs"]
        if any(word in words["modal_future"] for word in auxiliaries):
            return "future", coding
        if reported and "would" in auxiliaries:  # "said it would send troops": reported intention
            return "future", coding
        if any(word.lemma_.lower() in words["future_verbs"] for word in chain[1:]):
            return "future", coding
        if any(child.lower_ == "going" and child.dep_ in ("aux",) for child in verb.children):
            return "future", coding
        # "stands ready to strike", "is willing to send troops": an intention
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in words["readiness_adjectives"]:
            return "future", coding
        if any(word.lemma_.lower() in words["hypothetical_verbs"] for word in chain[1:]):
            return "hypothetical", coding
        if any(word in words["modal_hypothetical"] or word == "would" for word in auxiliaries):
            return "hypothetical", coding
        # A purpose ("is willing to send material [to help defend] Saudi Arabia") is no more real than
        # the action it is the purpose of.
        top = chain[-1]
        purpose = top.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in top.children)
        if purpose and top.head.i != top.i and top.head.pos_ in ("VERB", "AUX"):
            return self.modality(top.head, coding)[0], coding
        return "asserted", coding

    def conditional_coding(self, coding: Coding) -> Coding | None:
        governor = "threaten" if self.tables.quads[coding.event_type] >= 3 else "promise"
        entry = self.lexicon.verbs.get(governor)
        if entry is None or coding.event_type in ("THREATEN", "AGREE"):
            return None
        table = entry.get("complements") or {}
        spec = table.get(coding.event_type, table.get("default", entry.get("cameo")))
        return resolve(spec, f"{coding.method}+conditional:{governor}", self.tables.cameo)


def is_historical(date: DateValue | None, published: dt.date | None) -> bool:
    """An event dated well before publication is background."""
    if date is None or date.text is None or published is None:
        return False
    try:
        parts = [int(part) for part in date.value.split("-")]
    except ValueError:
        return False
    # The latest day the value can mean: "2011" is historical only if all of 2011 is long past.
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else 28
    try:
        latest = dt.date(year, month, day)
    except ValueError:
        return False
    return (published - latest).days > HISTORICAL_DAYS
