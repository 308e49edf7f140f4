"""The spaCy component ``eventcoder_actors``: find every actor mention of a Doc and resolve it to
country, sector and organisation (the stages are described in :mod:`eventcoder.actors`)."""

from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from ..geo import Gazetteer, load_gazetteer
from ..pipeline.doc import ActorMention
from ..records import Actor
from .coreference import resolve_coreference
from .inherit import (
    country_from_surname,
    inherit_from_article,
    inherit_from_place,
    inherit_from_sentence,
    inherit_through_apposition,
    inherit_through_of,
)
from .matching import Piece, find_phrases, index_tokens, noun_phrase_head, person_entities, place_pieces
from .resolution import Found, resolve_group
from .tables import Phrase, Tables, close_person, first_last, load_tables


def find_mentions(doc: Doc, tables: Tables, gazetteer: Gazetteer, date: dt.date | None) -> list[Found]:
    pieces = find_phrases(doc, tables)
    pieces += person_entities(doc, pieces)
    pieces += place_pieces(doc, pieces, tables, gazetteer)
    pieces.sort(key=lambda p: p.start)
    index = index_tokens(pieces)
    groups: dict[int, list[Piece]] = {}
    for piece in pieces:
        piece.head = noun_phrase_head(doc, piece)
        if piece.kind == "person":  # a known person written with other middle names
            key = first_last([token.text for token in doc[piece.start : piece.end]])
            entry = tables.people_by_first_last.get(key) if key else None
            if entry is None and key and piece.start - 1 in index.agent_at:  # only after a title
                entry = close_person(tables, key)
            if entry is not None:
                piece.phrase = Phrase(kind="entry", text=piece.phrase.text, entry=entry)
        groups.setdefault(piece.head, []).append(piece)
    found: list[Found] = []
    for head, group in sorted(groups.items()):
        found.extend(resolve_group(doc, head, group, date, index, tables.act_nouns))
    found = inherit_through_of(doc, _without_overlaps(found))
    found = inherit_through_apposition(doc, inherit_from_place(doc, found, index.country_at))
    found = country_from_surname(doc, found, tables, date)
    found = inherit_from_sentence(doc, found)
    found = resolve_coreference(doc, found, index.agent_at)
    found = inherit_from_article(found, index.country_at)
    return _without_overlaps(found)


def _without_overlaps(found: list[Found]) -> list[Found]:
    """Keep the longer of two overlapping mentions (the earlier one on a tie)."""
    kept: list[Found] = []
    found = [mention for mention in found if mention.end > mention.start]
    for mention in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mention.end <= other.start or mention.start >= other.end for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def to_actor_mention(doc: Doc, mention: Found) -> ActorMention:
    span = doc[mention.start : mention.end]
    codes = mention.codes
    actor = Actor(
        text=span.text, start=span.start_char, end=span.end_char, name=codes.name, country=codes.country,
        sector=codes.sector, org=codes.org, kind=codes.kind, method=codes.method, office=codes.office,
    )  # fmt: skip
    return ActorMention(span=span, actor=actor)


class ActorRecognizer:
    """spaCy component ``eventcoder_actors``: sets ``doc._.actor_mentions``.

    It owns its tables: the actor tables and the gazetteer are loaded here, once, and passed down.
    """

    def __init__(self, nlp: Language, extra_path: str | None = None):
        self.tables = load_tables(str(extra_path) if extra_path else None)
        self.gazetteer = load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        found = find_mentions(doc, self.tables, self.gazetteer, _publication_date(doc._.published))
        doc._.actor_mentions = [to_actor_mention(doc, mention) for mention in found]
        return doc


def _publication_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return None
