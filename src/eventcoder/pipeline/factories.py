"""Every eventcoder component, registered with spaCy in one place.

spaCy finds these factories through the ``spacy_factories`` entry points in ``pyproject.toml``, so
``spacy.load(model).add_pipe("eventcoder_actors")`` works without importing eventcoder first.
:func:`add_stages` adds all five in their order (``eventcoder.nlp.load`` does it for you).
"""

from __future__ import annotations

from spacy.language import Language

from ..actors import ActorRecognizer
from ..events import EventCoder
from ..geo import PlaceRecognizer
from ..quotes import QuoteRecognizer
from ..time import TimeRecognizer
from .breaks import SentenceBreaks

# The stages in the order they must run: each reads what the ones before it set on the Doc.
STAGES = ("eventcoder_actors", "eventcoder_geo", "eventcoder_time", "eventcoder_quotes", "eventcoder_events")
# Runs before the parser: sentence breaks it must keep.
BREAKS = "eventcoder_breaks"


@Language.factory(BREAKS, assigns=["token.is_sent_start"], requires=[])
def make_breaks(nlp: Language, name: str) -> SentenceBreaks:
    return SentenceBreaks()


@Language.factory(
    "eventcoder_actors",
    default_config={"actors": None},
    assigns=["doc._.actor_mentions"],
    requires=["token.dep", "token.lemma", "doc.ents"],
)
def make_actors(nlp: Language, name: str, actors: str | None) -> ActorRecognizer:
    return ActorRecognizer(nlp, extra_path=actors)


@Language.factory(
    "eventcoder_geo",
    assigns=["doc._.place_mentions"],
    requires=["doc._.actor_mentions", "doc.ents"],
)
def make_geo(nlp: Language, name: str) -> PlaceRecognizer:
    return PlaceRecognizer(nlp)


@Language.factory(
    "eventcoder_time",
    assigns=["doc._.time_mentions"],
    requires=["doc.ents", "doc._.published"],
)
def make_time(nlp: Language, name: str) -> TimeRecognizer:
    return TimeRecognizer(nlp)


@Language.factory(
    "eventcoder_quotes",
    assigns=["doc._.quotes", "doc._.attributions"],
    requires=["doc._.actor_mentions", "token.dep"],
)
def make_quotes(nlp: Language, name: str) -> QuoteRecognizer:
    return QuoteRecognizer(nlp)


@Language.factory(
    "eventcoder_events",
    default_config={"lexicon": None, "typer": True},
    assigns=["doc._.events"],
    requires=["doc._.actor_mentions", "doc._.place_mentions", "doc._.time_mentions", "doc._.attributions"],
)
def make_events(nlp: Language, name: str, lexicon: str | None, typer: bool) -> EventCoder:
    return EventCoder(nlp, lexicon_path=lexicon, typer=typer)


def add_stages(nlp: Language, *, actors: str | None = None, lexicon: str | None = None) -> Language:
    """Add the five stages to a pipeline with a parser and NER, as separate, visible pipes, and the
    sentence breaks before its parser.

    ``actors`` and ``lexicon`` are the user's own YAML files, added to the shipped tables.
    """
    config = {"eventcoder_actors": {"actors": actors}, "eventcoder_events": {"lexicon": lexicon}}
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(BREAKS, before="parser")
    for stage in STAGES:
        nlp.add_pipe(stage, config=config.get(stage, {}))
    return nlp
