"""An event's context, taken from the Doc: its date, its place and who vouches for it.

The time and geo stages publish what they found (``doc._.time_mentions``, ``doc._.place_mentions``);
here each event chooses among them by the syntax of its trigger. When a stage did not run (its
attribute is None), events have no date or place: nothing is recomputed.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..pipeline.doc import TimeMention
from ..pipeline.syntax import clause_head, tense_of
from ..records import Attribution, DateValue, Location

# Within a clause the most precise date wins ("next month on August 2" is August 2).
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "article": 4}
# Among the places of a clause, the most specific wins (a city over its country).
KIND_SPECIFICITY = {"site": 0, "city": 1, "admin1": 2, "region": 3, "water": 4, "country": 5}


def date_for(doc: Doc, token: Token) -> DateValue | None:
    """The date of the event triggered by ``token``: its clause's expression, else its sentence's,
    read in the trigger's tense.

    Within a clause the most precise expression wins ("next month on August 2" is August 2).
    """
    if doc._.time_mentions is None:
        return None
    sentence = token.sent
    own_clause = clause_head(token)
    tense = tense_of(token)
    own: list[TimeMention] = []
    governing: list[TimeMention] = []
    elsewhere: list[TimeMention] = []
    ancestors = {ancestor.i for ancestor in own_clause.ancestors}
    for mention in doc._.time_mentions:
        if not (sentence.start <= mention.span.start < sentence.end):
            continue
        direct, clause = mention.governor, mention.clause
        if direct is not None and (direct == token.i or (clause is not None and clause == own_clause.i)):
            own.append(mention)
        elif clause is not None and clause in ancestors:
            governing.append(mention)
        elif clause is not None:
            elsewhere.append(mention)
    for group in (own, governing):
        dates = [date for mention in group if (date := mention.readings.get(tense)) is not None]
        if dates:
            return min(dates, key=lambda date: PRECISION_RANK[date.precision])
    for mention in sorted(elsewhere, key=lambda mention: abs(mention.span.start - token.i)):
        if (date := mention.readings.get(tense)) is not None:
            return date
    return None


def location_for(doc: Doc, token: Token) -> Location | None:
    """The place of the event triggered by ``token``: in its clause, else in its sentence."""
    sentence = token.sent
    mentions = [
        mention
        for mention in doc._.place_mentions or []
        if sentence.start <= mention.span.start < sentence.end
    ]
    if not mentions:
        return None
    own_clause = clause_head(token)
    attachments = [(mention, _attachment(mention.span, token)) for mention in mentions]
    own = [mention for mention, head in attachments if head.i in (token.i, own_clause.i)]
    if not own:
        ancestors = {ancestor.i for ancestor in own_clause.ancestors}
        own = [mention for mention, head in attachments if head.i in ancestors]
    if not own:
        own = mentions
    best = min(
        own, key=lambda mention: (KIND_SPECIFICITY[mention.place.kind], abs(mention.span.start - token.i))
    )
    # the place found in the text, without its offsets (the event's location is a Location, not a Place)
    return Location(**best.place.model_dump(exclude={"start", "end"}))


def _attachment(span: Span, trigger: Token) -> Token:
    """The trigger, or else the first verb, above a place name in the dependency tree."""
    current = span.root
    while current.head.i != current.i:
        current = current.head
        if current.i == trigger.i or current.pos_ in ("VERB", "AUX"):
            return current
    return current


def attribution_of(doc: Doc, token: Token) -> Attribution | None:
    """Who vouches for the text a token is in (a quote's speaker, a reporting verb's subject)."""
    for attributed in doc._.attributions or ():
        if attributed.start <= token.idx < attributed.end:
            return attributed.attribution
    return None
