"""Syntax helpers over a parsed Doc that more than one stage needs."""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc, Span, Token

Tense = Literal["past", "present", "future"]
TENSES: tuple[Tense, ...] = ("past", "present", "future")

LOCATIVE_PREPOSITIONS = frozenset(
    [
        "in",
        "near",
        "at",
        "into",
        "inside",
        "outside",
        "around",
        "across",
        "throughout",
        "within",
        "towards",
        "toward",
        "via",
        "off",
        "along",
        "over",
        "north",
        "south",
        "east",
        "west",
    ]
)

TEXT_KEY = "eventcoder.text"

FUTURE_AUXILIARIES = frozenset(["will", "shall", "'ll", "wo"])
PAST_TAGS = frozenset(["VBD", "VBN"])
# Governors of an infinitive that points ahead: "is to", "is due to", "plans to", "is scheduled to".
INTENT_LEMMAS = frozenset(
    [
        "be",
        "due",
        "plan",
        "schedule",
        "expect",
        "go",
        "set",
        "intend",
        "aim",
        "hope",
        "want",
        "prepare",
    ]
)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins all the tokens again on every access (~1 ms for a
    wire story), and several stages need the whole text."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def is_locative(span: Span) -> bool:
    """True when a place name is used as a place ("in Moscow"), not as an actor ("Moscow said").

    The actor and geo stages share this decision, so that a name is an actor or a place; only after a
    preposition of motion ("sent an envoy to Lebanon") is it both (see ``geo.used_as_place``).
    """
    token = span.root
    # A name inside a compound, apposition or list belongs to the noun it hangs from.
    while token.dep_ in ("compound", "appos", "conj") and token.head.i != token.i:
        token = token.head
    if token.dep_ != "pobj":
        return False
    preposition = token.head
    if preposition.lower_ == "of":  # "the Russian resort town of Sochi", "the province of Idlib"
        governor = preposition.head
        return governor.i != token.i and is_locative(span.doc[governor.i : governor.i + 1])
    return preposition.lower_ in LOCATIVE_PREPOSITIONS


def clause_head(token: Token) -> Token:
    """The verb of the clause a token is in (the token itself when it is a verb)."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


def tense_of(token: Token) -> Tense:
    """The tense of the clause ``token`` heads (or sits in): future, past or present.

    The time stage reads an expression in its governor's tense; the event stage picks, for each event,
    the reading in its trigger's tense.
    """
    verb = clause_head(token)
    # "is scheduled to remain ... and return on Friday": a second verb shares the first one's tense.
    while verb.dep_ == "conj" and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    words = {child.lower_ for child in auxiliaries}
    if words & FUTURE_AUXILIARIES:
        return "future"
    # "is to be sentenced", "is due to meet", "plans to visit": an infinitive under such a verb
    # looks ahead from its governor's time; from a present governor, that is the future.
    if "to" in words and verb.dep_ in ("xcomp", "ccomp", "advcl", "acomp") and verb.head.i != verb.i:
        governor = verb.head
        if governor.lemma_ in INTENT_LEMMAS or governor.lower_ in INTENT_LEMMAS:
            return "past" if tense_of(governor) == "past" else "future"
    tags = {verb.tag_} | {child.tag_ for child in auxiliaries}
    if tags & PAST_TAGS and not (verb.tag_ == "VBN" and {"is", "are", "am"} & words):
        return "past"
    return "present"
