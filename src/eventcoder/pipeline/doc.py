"""The Doc attributes the stages share, and the types they hold.

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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..records import Actor, Attribution, DateValue, Place

EXTENSIONS = ("actor_mentions", "place_mentions", "time_mentions", "quotes", "attributions", "events")


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
    """A temporal expression and what the event stage needs to date an event by it.

    ``date`` is the expression read in the tense of the word it modifies. ``governor`` is the index of
    that word (None for a boundary: "since 2011"); ``clause`` the index of the verb whose clause it
    dates (None for a noun's modifier: "the 2016 election"). ``readings`` holds the expression read
    in each tense ("past", "present", "future"; None where it names no valid date), so that an event
    takes the reading in its own trigger's tense ("will meet on Monday" is the next Monday).
    """

    span: Span
    date: DateValue
    governor: int | None = None
    clause: int | None = None
    readings: Mapping[str, DateValue | None] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class AttributedRange:
    """Text (a quote, or the clause of a reporting verb) whose content someone else vouches for."""

    start: int
    end: int
    attribution: Attribution


def register_extensions() -> None:
    """Declare the Doc attributes (idempotent: spaCy keeps extensions per process)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("published"):
        Doc.set_extension("published", default=None)


register_extensions()
