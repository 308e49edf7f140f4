"""Speakers and outlets: the actor a speech verb's subject names, and the outlet named in its clause."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..pipeline.doc import ActorMention
from ..records import Actor
from .lexicon import SpeechLexicon

# Parts of a subject phrase that are not the speaker's name: "Kalın, who ..., said".
SPEAKER_CUT_DEPS = frozenset({"relcl", "appos", "acl", "punct", "cc", "conj", "advcl", "parataxis"})
PRONOUN_SENTENCE_WINDOW = 3  # sentences back in which "she said" may find the person named


def speaker_span(subject: Token) -> Span:
    """The subject phrase without relative clauses, appositions and conjuncts: "Ibrahim Kalın"."""
    doc = subject.doc
    keep = {subject.i}
    stack = [subject]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in SPEAKER_CUT_DEPS:
                continue
            keep.add(child.i)
            stack.append(child)
    start, end = min(keep), max(keep) + 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def mention_for(mentions: list[ActorMention], token: Token) -> ActorMention | None:
    for mention in mentions:
        if mention.span.start <= token.i < mention.span.end:
            return mention
    return None


def _mentions_inside(mentions: list[ActorMention], span: Span) -> list[ActorMention]:
    return [m for m in mentions if span.start <= m.span.start and m.span.end <= span.end]


def _anonymous_actor(
    span: Span, head: Token, inner: list[ActorMention], lexicon: SpeechLexicon
) -> Actor | None:
    """An unnamed speaker coded from its words: "a Turkish military source" -> TUR MIL."""
    head_word = head.lower_
    if head_word not in lexicon.anonymous_heads:
        return None
    inner_actor = inner[0].actor if inner else None
    sector = None
    for token in span:
        if token.i != head.i and token.lower_ in lexicon.sector_modifiers:
            sector = lexicon.sector_modifiers[token.lower_]
    if sector is None and inner_actor is not None and inner_actor.sector:
        sector = inner_actor.sector
    if sector is None:
        sector = lexicon.anonymous_heads[head_word]
    country = inner_actor.country if inner_actor is not None else None
    if country is None and sector is None:
        return None
    return Actor(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=span.text,
        country=country,
        sector=sector,
        org=inner_actor.org if inner_actor is not None else None,
        kind="person",
        method="quotes:anonymous",
    )


def subject_actor(span: Span, method: str = "quotes:subject", kind: str = "person") -> Actor:
    return Actor(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=span.text,
        country=None,
        sector=None,
        org=None,
        kind=kind,  # type: ignore[arg-type]
        method=method,
    )


def find_outlet(
    doc: Doc, indices: Iterable[int], mentions: list[ActorMention], lexicon: SpeechLexicon
) -> tuple[str, Span] | None:
    """The first outlet named within the given tokens: a media actor, a known name, "the X paper"."""
    allowed = set(indices)
    if not allowed:
        return None
    for mention in mentions:
        if mention.actor.kind == "media" and mention.span.start in allowed:
            return mention.actor.name, mention.span
    low, high = min(allowed), max(allowed)
    offset = doc[low].idx
    window = doc[low : high + 1].text  # not doc.text, which joins the whole document each time
    found: list[tuple[int, str, int, int]] = []
    for match in lexicon.outlet_pattern.finditer(window):
        found.append((match.start(), match.group(), match.start(), match.end()))
    for match in lexicon.outlet_head_pattern.finditer(window):
        group = next(name for name in ("before", "after", "whole") if match.group(name))
        name = match.group(group)
        if group != "whole" and name.split()[0] in ("The", "A", "An"):
            continue
        found.append((match.start(group), name, match.start(group), match.end(group)))
    for _, name, start, end in sorted(found):
        span = doc.char_span(offset + start, offset + end, alignment_mode="expand")
        if span is not None and span.start in allowed:
            return name, span
    return None


@dataclass
class SpeakerHistory:
    """The speakers met so far in the article, for "he added" and "the official claimed"."""

    last: Actor | None = None
    last_quote_end: int = -1
    last_quote_speaker: Actor | None = None
    last_quote_outlet: str | None = None
    last_quote_verb: str | None = None
    last_quote_sentence: int = -1

    def heard(self, speaker: Actor | None) -> None:
        if speaker is not None and speaker.kind != "media":
            self.last = speaker


def _named_apposition(subject: Token, mentions: list[ActorMention]) -> Token:
    """ "The Senate Minority Leader, Chuck Schumer", "First Minister of Scotland Nicola Sturgeon":
    the person named in a title's phrase speaks."""
    if subject.ent_type_ == "PERSON" or _is_person_mention(mention_for(mentions, subject)):
        return subject
    phrase = _subtree_span(subject)
    for token in phrase:
        if token.dep_ in ("appos", "compound", "nsubj"):  # not "a spokesman for Erdogan"
            if token.ent_type_ == "PERSON" and token.i != subject.i and token.head.ent_type_ != "PERSON":
                return token
            if _is_person_mention(mention_for(mentions, token)) and token.i != subject.i:
                return token
    return subject


def _is_person_mention(mention: ActorMention | None) -> bool:
    return mention is not None and mention.actor.kind == "person" and mention.actor.method != "coref:pronoun"


def _subtree_span(subject: Token) -> Span:
    """The subject phrase up to its relative clause: where an inner actor mention may be found."""
    cut = {t.i for child in subject.children if child.dep_ == "relcl" for t in child.subtree}
    indices = [token.i for token in subject.subtree if token.i not in cut]
    return subject.doc[min(indices) : max(indices) + 1]


def _previous_subject(token: Token, mentions: list[ActorMention]) -> Actor | None:
    """The state, organisation or group that was the subject of the sentence before: "They" of
    "USCIRF also criticized the move. They released a statement which said ..."."""
    sentence = token.sent
    if sentence.start == 0:
        return None
    previous = token.doc[sentence.start - 1].sent
    subject = next((child for child in previous.root.children if child.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or not (subject.tag_ in ("NNS", "NNPS") or subject.pos_ == "PROPN"):
        return None  # "the Italian foreign minister" is not "they"
    inside = _mentions_inside(mentions, _subtree_span(subject))
    found = mention_for(mentions, subject) or (inside[0] if inside else None)
    if found is None:
        # A name the actor stage does not know: "the United States Commission on ... (USCIRF)".
        return subject_actor(speaker_span(subject), kind="organization") if subject.pos_ == "PROPN" else None
    return None if found.actor.kind == "person" else found.actor


def _antecedent_by_head(subject: Token, mentions: list[ActorMention]) -> Actor | None:
    """The latest named person before a definite noun whose mention has that noun in it."""
    for mention in reversed(mentions):
        if mention.span.end > subject.i or not _is_person_mention(mention):
            continue
        if any(token.lower_ == subject.lower_ for token in mention.span):
            return mention.actor
    return None


def nearest_person(verb: Token, mentions: list[ActorMention], context: set[int]) -> Actor | None:
    """The person named nearest a verb in its clause, for a parse that lost the subject
    ('Calling it "just another apology", Anna Franowska of ... told Reuters')."""
    candidates = [m for m in mentions if m.span.start in context and _is_person_mention(m)]
    if not candidates:
        return None
    return min(candidates, key=lambda m: min(abs(m.span.start - verb.i), abs(m.span.end - 1 - verb.i))).actor


def _person_named_before(pronoun: Token, mentions: list[ActorMention]) -> Actor | None:
    """No speaker yet: the person named last in the sentences just before the pronoun."""
    doc = pronoun.doc
    window_start = pronoun.sent.start
    for _ in range(PRONOUN_SENTENCE_WINDOW):
        if window_start == 0:
            break
        window_start = doc[window_start - 1].sent.start
    earlier = [m for m in mentions if window_start <= m.span.start < pronoun.i and _is_person_mention(m)]
    if earlier:
        return earlier[-1].actor
    people = [ent for ent in doc.ents if ent.label_ == "PERSON" and window_start <= ent.start < pronoun.i]
    return subject_actor(people[-1]) if people else None


def _pronoun_speaker(
    pronoun: Token, mentions: list[ActorMention], history: SpeakerHistory, lexicon: SpeechLexicon
) -> Actor | None:
    """ "he added": the last speaker if it can be a person; "they said": the organisation just named."""
    last = history.last
    if pronoun.lower_ in lexicon.person_pronouns:
        if last is not None and last.kind == "person":
            return last
        mention = mention_for(mentions, pronoun)
        if mention is not None:
            return mention.actor
        return _person_named_before(pronoun, mentions)
    previous = _previous_subject(pronoun, mentions)
    if previous is not None:
        return previous
    return last if last is not None and last.kind != "person" else None


def resolve_speaker(
    subject: Token | None, mentions: list[ActorMention], history: SpeakerHistory, lexicon: SpeechLexicon
) -> Actor | None:
    """The actor who speaks as ``subject``: its actor mention, an anonymous source, or an earlier speaker."""
    if subject is None:
        return None
    word = subject.lower_
    if word in lexicon.pronoun_speakers:
        return _pronoun_speaker(subject, mentions, history, lexicon)
    subject = _named_apposition(subject, mentions)
    mention = mention_for(mentions, subject)
    if mention is not None:
        return mention.actor
    span = speaker_span(subject)
    definite = any(child.lower_ in ("the", "this", "that") for child in subject.children)
    if definite and subject.pos_ == "NOUN":
        antecedent = _antecedent_by_head(subject, mentions)
        if antecedent is not None:
            return antecedent  # "The commissioner said": "commissioner Albert Muchanga" before
    if subject.lower_ in lexicon.role_speakers and definite and len(span) <= 2 and history.last is not None:
        return history.last  # "the official claimed": the official named before
    inner = _mentions_inside(mentions, _subtree_span(subject))
    anonymous = _anonymous_actor(span, subject, inner, lexicon)
    if anonymous is not None:
        return anonymous
    if inner:
        # "the head of the Syrian Observatory" speaks for the Observatory; "a protester using the
        # pseudonym Katya" is Katya.
        return inner[0].actor
    if subject.pos_ == "PRON":
        return None
    return subject_actor(span)
