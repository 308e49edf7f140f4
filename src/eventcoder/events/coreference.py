"""Roles across sentences, and events told twice.

- :class:`Antecedents`: a source written as a pronoun or a definite description ("they", "it", "he",
  "the ministry", "the militants", "the two ministers") takes the codes of the nearest compatible actor
  named in the sentences before it (its own paragraph first). Built once per Doc over the actor stage's
  mentions; it refuses to guess when the nearest sentence with a compatible actor names several and
  none of them is that sentence's subject.
- :func:`drop_restatements`: an article that tells the same event again in a later sentence (same type,
  modality, source and target countries, and the same date or none) yields it once.

The actor stage already gives "he"/"she" and "the <agent>" an antecedent when exactly one candidate is
near (``actors.coreference``); what is left here is the rest: "they", "it", descriptions the actor
stage does not know as agents ("the ministry", "the two delegations"), descriptions it left without a
country ("the militants" after "Houthi rebels"), and the choice of the subject when several fit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..pipeline.doc import ActorMention
from ..records import Actor, Event

# How many sentences back an antecedent is looked for.
SENTENCE_WINDOW = 3
CONTEXT_METHOD = "coref:context"
DEFINITE_DETERMINERS = frozenset({"the", "this", "these", "that", "those"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
# The subject of a sentence: an antecedent there is the one a later pronoun most likely takes up.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Inside a subject's phrase, where the actor names hang ("Russian and Turkish officials").
PHRASE_DEPS = frozenset({"compound", "amod", "poss", "conj", "appos", "nmod", "nummod"})
ARMED_SECTORS = frozenset({"REB", "UAF", "INS", "MIL", "CRM"})
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "ELI"})
# Outlets are not among them: they carry what others say and do ("they" after "told Wikinews" is not
# Wikinews), so a pronoun never makes an outlet an event's party.
COLLECTIVE_KINDS = frozenset({"state", "organization", "group"})
# Modifiers that single out an actor not named before: "the official who ...", "the first minister to ...".
SINGLING_DEPS = frozenset({"relcl", "acl"})
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "both": 2}
SINGLING_WORDS = frozenset({"other", "new", "former", "next", "last", "first", "same", "previous"})


@dataclass(frozen=True)
class Wanted:
    """What an anaphor can take up: actor kinds, sectors (None: any; the empty string: no sector) and
    grammatical number (None: either); ``sector``: the sector the description itself names ("the
    government" of "Iran" is Iran's government)."""

    kinds: frozenset[str]
    sectors: frozenset[str] | None = None
    plural: bool | None = None
    sector: str | None = None


PERSON = frozenset({"person"})
# "the official(s)": a person, or a state organ named as a group ("Iranian officials"); not a bare state
OFFICIAL = Wanted(
    frozenset({"person", "state", "organization"}), STATE_SECTORS | {"IGO", "NGO", "OPP", "PTY", "REB"}
)
MINISTER = Wanted(frozenset({"person", "state"}), STATE_SECTORS)
GOVERNMENT = Wanted(frozenset({"state"}), frozenset({"GOV", ""}), sector="GOV")
DELEGATION = Wanted(frozenset({"state", "organization", "person"}), frozenset({"GOV", "IGO", ""}))
GROUP = Wanted(frozenset({"group", "organization"}))
ARMED = Wanted(frozenset({"group", "organization"}), ARMED_SECTORS)
MILITARY = Wanted(frozenset({"state", "group"}), frozenset({"MIL"}), sector="MIL")
POLICE = Wanted(frozenset({"state", "group"}), frozenset({"COP"}), sector="COP")

PRONOUNS: dict[str, Wanted] = {
    "he": Wanted(PERSON, plural=False),
    "she": Wanted(PERSON, plural=False),
    "it": Wanted(COLLECTIVE_KINDS, plural=False),
    # "they": a plural phrase or list, or a collective (a state, a group: "the government ... they")
    "they": Wanted(COLLECTIVE_KINDS | PERSON, plural=True),
}
# Head nouns of definite descriptions ("the ministry", "the two ministers") and what they take up.
DESCRIPTIONS: dict[str, Wanted] = {
    "official": OFFICIAL, "spokesman": OFFICIAL, "spokeswoman": OFFICIAL, "spokesperson": OFFICIAL,
    "diplomat": OFFICIAL, "envoy": OFFICIAL, "leader": OFFICIAL,
    "minister": MINISTER, "president": MINISTER, "premier": MINISTER, "chancellor": MINISTER,
    "ambassador": MINISTER, "secretary": MINISTER,
    "ministry": GOVERNMENT, "government": GOVERNMENT, "administration": GOVERNMENT,
    "authority": GOVERNMENT, "cabinet": GOVERNMENT, "regime": GOVERNMENT, "country": GOVERNMENT,
    "delegation": DELEGATION, "side": DELEGATION,
    "group": GROUP, "organisation": GROUP, "organization": GROUP, "movement": GROUP,
    "militant": ARMED, "rebel": ARMED, "insurgent": ARMED, "fighter": ARMED, "gunman": ARMED,
    "militia": ARMED, "jihadist": ARMED,
    "army": MILITARY, "military": MILITARY, "troop": MILITARY, "soldier": MILITARY, "force": MILITARY,
    "police": POLICE,
}  # fmt: skip


class Antecedents:
    """The actor mentions of a Doc by sentence and paragraph, to resolve anaphoric sources."""

    def __init__(self, doc: Doc, mentions: Iterable[ActorMention]):
        self.doc = doc
        self.sentences: list[Span] = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.sentence_of = {}
        for number, sentence in enumerate(self.sentences):
            for i in range(sentence.start, sentence.end):
                self.sentence_of[i] = number
        text = doc.text
        # A paragraph starts after a blank line; each sentence's paragraph is the count of those before it.
        self.paragraph = [text.count("\n\n", 0, sentence.start_char) for sentence in self.sentences]
        self.by_sentence: dict[int, list[ActorMention]] = {}
        for mention in mentions:
            if mention.actor.country or mention.actor.org:
                self.by_sentence.setdefault(self.sentence_of.get(mention.span.start, 0), []).append(mention)

    def resolve(self, word: Token, exclude: frozenset[str] = frozenset()) -> list[ActorMention]:
        """The antecedents of an anaphoric word, as mentions over the anaphor; [] when it is not
        anaphoric, nothing compatible precedes it, or the choice would be a guess. ``exclude``: countries
        it cannot stand for (a target's, the event's sources)."""
        wanted, count = anaphor(word)
        if wanted is None:
            return []
        here = self.sentence_of.get(word.i)
        if here is None:
            return []
        for number in self.search_order(here):
            found = [
                m
                for m in self.by_sentence.get(number, ())
                if m.span.end <= word.i and compatible(m, wanted) and m.actor.country not in exclude
            ]
            if not found:
                continue
            chosen = choose(found, wanted, count)
            span = anaphor_span(word)
            return [taken_up(span, mention, wanted) for mention in chosen]
        return []

    def search_order(self, here: int) -> list[int]:
        """The anaphor's sentence (what precedes it), then the sentences before within the window: its
        own paragraph first, nearest first."""
        before = list(range(here - 1, max(-1, here - 1 - SENTENCE_WINDOW), -1))
        same = [n for n in before if self.paragraph[n] == self.paragraph[here]]
        return [here, *same, *(n for n in before if n not in same)]


def anaphor(word: Token) -> tuple[Wanted | None, int | None]:
    """What a subject word takes up, and how many actors ("the two ministers": 2); (None, None) when it
    is no anaphor (a name, an indefinite "militants", a description with its own modifiers)."""
    if word.pos_ == "PRON":
        return PRONOUNS.get(word.lower_), None
    if word.pos_ not in ("NOUN", "PROPN"):
        return None, None
    wanted = DESCRIPTIONS.get(word.lemma_.lower())
    if wanted is None or not any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in word.children):
        return None, None
    if any(c.dep_ in ("compound", "amod", "poss") and c.pos_ == "PROPN" for c in word.children):
        return None, None  # "the Iranian ministry" names its own actor
    # "the third official to serve in that office", "the other group": a new actor, no anaphor
    singling = (
        c.dep_ in SINGLING_DEPS or c.lower_ in SINGLING_WORDS or c.ent_type_ == "ORDINAL"
        for c in word.children
    )
    if any(singling):
        return None, None
    count = next((_number(c) for c in word.children if c.dep_ == "nummod"), None)
    # "the two ministers" take up two actors, each of them one
    plural = None if count is not None else word.tag_ in PLURAL_TAGS
    return Wanted(wanted.kinds, wanted.sectors, plural, wanted.sector), count


def _number(token: Token) -> int | None:
    if token.lower_ in NUMBER_WORDS:
        return NUMBER_WORDS[token.lower_]
    return int(token.text) if token.text.isdigit() else None


def anaphor_span(word: Token) -> Span:
    """The anaphor as written: the pronoun, or the description from its determiner."""
    start = min([word.i] + [c.i for c in word.children if c.dep_ in ("det", "nummod", "amod", "compound")])
    return word.doc[start : word.i + 1]


def is_plural(mention: ActorMention) -> bool:
    root = mention.span.root
    return root.tag_ in PLURAL_TAGS or root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)


def compatible(mention: ActorMention, wanted: Wanted) -> bool:
    actor = mention.actor
    if actor.kind not in wanted.kinds:
        return False
    if wanted.sectors is not None and (actor.sector or "") not in wanted.sectors:
        return False
    if actor.kind == "person":
        # one of a list of people is still one person ("he"), but "they" wants the list
        return not wanted.plural or is_plural(mention)
    # "it", "the ministry": not one of a list of states ("Russia and Turkey")
    return wanted.plural is not False or not is_plural(mention)


def _codes(mention: ActorMention) -> tuple:
    return (mention.actor.country, mention.actor.sector, mention.actor.org)


def in_subject(mention: ActorMention) -> bool:
    """True when the mention is (inside) its sentence's or clause's subject phrase."""
    token = mention.span.root
    for _ in range(4):
        if token.dep_ in SUBJECT_DEPS:
            return True
        if token.dep_ not in PHRASE_DEPS or token.head.i == token.i:
            return False
        token = token.head
    return False


def choose(found: list[ActorMention], wanted: Wanted, count: int | None) -> list[ActorMention]:
    """Among the compatible mentions of the nearest sentence: the subject's, else the only actor named;
    several for a plural anaphor that the subject's list (or the count) covers; [] when it is a guess."""
    distinct: list[ActorMention] = []
    for mention in found:
        if _codes(mention) not in {_codes(m) for m in distinct}:
            distinct.append(mention)
    subjects = [m for m in distinct if in_subject(m)]
    if count is not None:  # "the two ministers"
        pool = subjects if len(subjects) >= count else distinct
        return pool[-count:] if len(pool) >= count else []
    if wanted.plural and subjects:  # "Russia and Turkey signed ... They": the subject's list
        return subjects
    if len(subjects) == 1:
        return subjects
    return distinct if len(distinct) == 1 else []


def taken_up(span: Span, antecedent: ActorMention, wanted: Wanted) -> ActorMention:
    """The anaphor as a mention of its antecedent's actor (with the sector the description names)."""
    actor = antecedent.actor
    sector = actor.sector
    if wanted.sector is not None and actor.kind == "state" and sector is None:
        sector = wanted.sector  # "Iran ... the government": Iran's government
    copy: Actor = actor.model_copy(
        update={
            "text": span.text,
            "start": span.start_char,
            "end": span.end_char,
            "sector": sector,
            "method": f"{actor.method}+{CONTEXT_METHOD}",
        }
    )
    return ActorMention(span, copy)


# ---------------------------------------------------------------------------------------------------
# Restated events


def restatement_key(event: Event) -> tuple:
    """What makes two events of one article the same event (the date is compared apart)."""

    def countries(actors: list[Actor]) -> frozenset[str]:
        # an actor without country or organisation ("police") is only the same as one of its sector
        return frozenset(
            actor.country or actor.org or f"?{actor.sector}:{actor.text.lower()}" for actor in actors
        )

    key = (event.event_type, event.modality, countries(event.sources), countries(event.targets))
    if not event.targets:  # with no target to tell two events apart, the same actors too (not two officials)
        return (*key, frozenset(actor.name for actor in event.sources))
    return key


def drop_restatements(events: Iterable[Event]) -> list[Event]:
    """The events of one article, each told once: a later event with the key of an earlier one is the
    same event told again (in a later sentence, or in the same one through a pronoun: "suicide bombers
    killed 23 people when they blew themselves up") and is left out, unless both carry a date and the
    dates differ. The first telling keeps its place and takes the date of a restatement when it had
    none ("Russia accuses Ukraine of ..." in a headline, "on Monday accused" in the first sentence)."""
    kept: list[Event] = []
    tellings: dict[tuple, list[int]] = {}  # key -> positions in ``kept``
    for event in events:
        positions = tellings.setdefault(restatement_key(event), [])
        first = next((n for n in positions if _same_date(kept[n], event)), None)
        if first is None:
            positions.append(len(kept))
            kept.append(event)
        elif kept[first].date is None and event.date is not None:
            kept[first] = kept[first].model_copy(update={"date": event.date})
    return kept


def _same_date(first: Event, later: Event) -> bool:
    return first.date is None or later.date is None or first.date.value == later.date.value
