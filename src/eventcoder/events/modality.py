"""Modality: whether an event happened, will happen, may happen, did not happen, or is background.

Negated, future, hypothetical (a condition: "if an offensive began" is no event; "if ..., Turkey would
close its borders" is a threat, asserted), historical (dated well before publication), else asserted.
"""

from __future__ import annotations

import datetime as dt
import itertools

from spacy.tokens import Token

from ..records import DateValue
from .lexicon import CodeTables, Coding, Lexicon, resolve

# How a clause hangs from the verbs that can negate it or put it in the future.
CHAIN_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pcomp", "conj"})
# Events dated this long before publication are background ("historical").
HISTORICAL_DAYS = 365


class ModalityRules:
    """The modality rules over one lexicon and the codebook."""

    def __init__(self, lexicon: Lexicon, tables: CodeTables):
        self.lexicon = lexicon
        self.tables = tables

    def in_condition(self, token: Token) -> bool:
        """Inside a condition ("if an offensive began"): not an event of its own."""
        markers = self.lexicon.words["condition_markers"]
        for word in [token, *token.ancestors]:
            if word.dep_ != "advcl":
                continue
            if any(child.dep_ == "mark" and child.lower_ in markers for child in word.children):
                return True
        return False

    def modality(self, verb: Token, coding: Coding) -> tuple[str, Coding]:
        """The event's modality, and its coding (a threat or promise for a conditional one)."""
        words = self.lexicon.words
        chain = [verb]
        current = verb
        while current.dep_ in CHAIN_DEPS and current.head.i != current.i and len(chain) < 4:
            current = current.head
            chain.append(current)
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
        if any(word.lemma_.lower() in words["hypothetical_verbs"] for word in chain[1:]):
            return "hypothetical", coding
        if any(word in words["modal_hypothetical"] or word == "would" for word in auxiliaries):
            return "hypothetical", coding
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
