"""Finding the pieces of a Doc: table phrases, the people and organisations spaCy's entities add,
places of one country from the gazetteer, and the noun phrase each piece belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..geo import Gazetteer
from ..pipeline.syntax import doc_text
from .tables import Agent, Phrase, Tables, lowered

# Dependency labels that attach a modifier to the noun phrase head on its right.
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod", "appos", "det", "case"})
NER_PERSON, NER_ORG = "PERSON", "ORG"
HEAD_WALK_LIMIT = 8
COUNTRY_KINDS = frozenset({"name", "adjective", "demonym", "metonym"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_DOMINANCE = 10  # a place name is of one country when its most populous bearer is 10x the next
CONJOINED_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "conj"})
ACRONYM_MAX = 6


@dataclass
class Piece:
    """A matched phrase as a token span, with what it stands for."""

    start: int  # token indices
    end: int
    phrase: Phrase
    head: int = -1  # token index of the noun-phrase head this piece belongs to

    @property
    def kind(self) -> str:
        return self.phrase.kind


@dataclass(frozen=True)
class TokenIndex:
    """What the pieces of one Doc say about its tokens, for the rules that look around a phrase."""

    covered: set[int]  # tokens inside a piece
    agent_at: dict[int, Agent]  # token index -> the role noun there
    country_at: dict[int, str]  # token index -> the country (alpha-3) of a place name there


def index_tokens(pieces: list[Piece]) -> TokenIndex:
    places = [p for p in pieces if p.kind in ("name", "metonym", "place") and p.phrase.country]
    return TokenIndex(
        covered={i for p in pieces for i in range(p.start, p.end)},
        agent_at={i: p.phrase.agent for p in pieces if p.kind == "agent" for i in range(p.start, p.end)},
        country_at={i: p.phrase.country.iso3 for p in places for i in range(p.start, p.end)},
    )


def _case_fits(written: str, found: str) -> bool:
    """A capitalised table phrase needs a capital in the text; a short acronym needs exact case."""
    letters = [char for char in written if char.isalpha()]
    if letters and all(char.isupper() for char in letters) and len(letters) <= ACRONYM_MAX:
        return found == written
    if written[:1].isupper():
        return found[:1].isupper() or not found[:1].isalpha()
    return True


def _choose(phrases: tuple[Phrase, ...], found: str) -> Phrase | None:
    fitting = [phrase for phrase in phrases if _case_fits(phrase.text, found)]
    if not fitting:
        return None
    # Prefer actors and countries to role nouns ("Congress" the body over "congress" the noun).
    return min(fitting, key=lambda phrase: phrase.kind == "agent")


def find_phrases(doc: Doc, tables: Tables) -> list[Piece]:
    """Every table phrase in the text, leftmost-longest, as token spans."""
    text = doc_text(doc)
    found = []
    for end_char, phrases in tables.automaton.iter(lowered(text)):
        start_char, end_char = end_char - len(phrases[0].text) + 1, end_char + 1
        if start_char > 0 and text[start_char - 1].isalnum():
            continue
        if end_char < len(text) and text[end_char].isalnum():
            continue
        phrase = _choose(phrases, text[start_char:end_char])
        if phrase is not None:
            found.append((start_char, end_char, phrase))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0]), item[2].kind == "agent"))
    pieces, last_end = [], -1
    for start_char, end_char, phrase in found:
        if start_char < last_end:
            continue
        span = doc.char_span(start_char, end_char, alignment_mode="strict")
        if span is None or not len(span):
            continue
        pieces.append(Piece(span.start, span.end, phrase))
        last_end = end_char
    return pieces


def person_entities(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """spaCy PERSON and ORG entities that no table phrase covers."""
    covered = {i for piece in pieces for i in range(piece.start, piece.end)}
    extra = []
    for ent in doc.ents:
        if ent.label_ not in (NER_PERSON, NER_ORG):
            continue
        tokens = [
            token for token in ent if token.pos_ in ("PROPN", "NOUN", "ADJ", "X", "NUM") or token.text == "-"
        ]
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        # "Archbishop Desmond Tutu": a title the tables matched leaves the rest of the name to NER.
        while start < ent.end and start in covered and ent.label_ == NER_PERSON:
            start += 1
        if not tokens or any(i in covered for i in range(start, ent.end)) or doc[start].pos_ != "PROPN":
            continue
        end = ent.end - (1 if ent[-1].tag_ == "POS" else 0)
        if end <= start:
            continue
        kind = "person" if ent.label_ == NER_PERSON else "org"
        extra.append(Piece(start, end, Phrase(kind=kind, text=doc[start:end].text)))
    return extra


def place_pieces(doc: Doc, pieces: list[Piece], tables: Tables, gazetteer: Gazetteer) -> list[Piece]:
    """Places of one country that the tables do not hold ("Darfur", "Sindh", "Hebron"): never actors
    themselves, they lend their country to the groups and offices they name ("Darfur rebels", "the
    government of Sindh province")."""
    covered = {i for piece in pieces for i in range(piece.start, piece.end)}
    extra = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS or any(i in covered for i in range(ent.start, ent.end)):
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        alpha2 = dominant_country(gazetteer.lookup(doc[start : ent.end].text))
        country = tables.countries.get(gazetteer.iso3.get(alpha2, ""))
        if country is not None:
            extra.append(
                Piece(start, ent.end, Phrase(kind="place", text=doc[start : ent.end].text, country=country))
            )
    return extra


def dominant_country(candidates) -> str | None:
    """The alpha-2 country of a place name: the one country of its bearers, or that of a bearer far
    more populous than any bearer elsewhere ("Hebron" the Palestinian city, not the Kentucky one).
    Names of countries (the tables have them) and of regions across borders give none."""
    candidates = [candidate for candidate in candidates if candidate.primary]
    if not candidates or any(
        candidate.country is None or candidate.kind == "country" for candidate in candidates
    ):
        return None
    by_country: dict[str, int] = {}
    for candidate in candidates:
        by_country[candidate.country] = max(by_country.get(candidate.country, 0), candidate.population)
    ranked = sorted(by_country.items(), key=lambda item: -item[1])
    if len(ranked) == 1 or ranked[0][1] >= PLACE_DOMINANCE * max(ranked[1][1], 1):
        return ranked[0][0]
    return None


def noun_phrase_head(doc: Doc, piece: Piece) -> int:
    """The token a matched phrase modifies: the head of its noun phrase."""
    root = token = doc[piece.start : piece.end].root
    if piece.kind in COUNTRY_KINDS:
        # "Russian, Turkish ... officials", "U.S. and Russian negotiators": conjoined modifiers share a head
        while token.dep_ == "conj" and token.head.i < token.i and token.head.dep_ in CONJOINED_MODIFIER_DEPS:
            token = token.head
    for _ in range(HEAD_WALK_LIMIT):
        head = token.head
        if head.i == token.i:
            break
        if token.dep_ == "poss" and (token.i != root.i or piece.kind not in COUNTRY_KINDS):
            break  # "Putin's spokesman", "the government's refusal": the possessor heads its own phrase
        if token.dep_ in MODIFIER_DEPS and head.i > token.i:
            token = head
            continue
        if token.dep_ == "punct" and head.i > token.i:
            token = head
            continue
        break
    return token.i


def sentences(doc: Doc) -> list[Span]:
    return list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
