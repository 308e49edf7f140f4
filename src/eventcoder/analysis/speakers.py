"""Quoted speakers: the most quoted speakers, grouped by the actor they speak for."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from ..store.core import Store
from ..store.filters import ALL_EVENTS, EventFilter
from ..store.schema import ArticleRow, EventRow, QuoteRow
from .models import Speaker, SpeakerGroup

SPEAKER_EXAMPLE_CHARS = 200


def quoted_speakers(
    store: Store,
    selection: EventFilter = ALL_EVENTS,
    *,
    top: int = 10,
    per_actor: int = 5,
) -> list[SpeakerGroup]:
    """The most quoted speakers per actor: speakers grouped by the country (or organisation) they act for.

    ``since`` and ``until`` apply to the article's publication date, ``country`` to the speaker's;
    ``event_types`` and ``modality`` keep the quotes of articles that report such events. Quotes
    without a resolved speaker are left out.
    """
    quotes = QuoteRow.__table__
    code = func.coalesce(quotes.c.speaker_country, quotes.c.speaker_org)
    clauses = [quotes.c.speaker_name.is_not(None)]
    clauses += selection.day_range(ArticleRow.published)
    if selection.country:
        clauses.append(quotes.c.speaker_country == selection.country)
    if selection.event_types or selection.modality:
        # quotes are not events: these filters keep the quotes of articles that report such events
        events = EventRow.__table__
        reporting = select(events.c.article_id).where(*selection.row_clauses())
        clauses.append(quotes.c.article_id.in_(reporting))
    n = func.count().label("n")
    statement = (
        select(code.label("actor"), quotes.c.speaker_name, quotes.c.speaker_sector, quotes.c.speaker_kind, n,
               func.min(quotes.c.id).label("first_quote"))
        .join(ArticleRow, ArticleRow.id == quotes.c.article_id)
        .where(*clauses)
        .group_by(code, quotes.c.speaker_name, quotes.c.speaker_sector, quotes.c.speaker_kind)
        .order_by(n.desc(), quotes.c.speaker_name)
    )  # fmt: skip
    with store.engine.connect() as connection:
        rows = connection.execute(statement).all()
        first_ids = [row.first_quote for row in rows]
        examples = dict(
            connection.execute(select(quotes.c.id, quotes.c.text).where(quotes.c.id.in_(first_ids))).all()
        )
    # one speaker per actor and name; a name coded with two sectors keeps the more frequent one
    merged: dict[tuple[str | None, str], Speaker] = {}
    for row in rows:  # most quoted first
        key = (row.actor, row.speaker_name)
        if key in merged:
            merged[key].quotes += row.n
            continue
        example = examples.get(row.first_quote, "")
        if len(example) > SPEAKER_EXAMPLE_CHARS:
            example = example[: SPEAKER_EXAMPLE_CHARS - 1].rstrip() + "…"
        merged[key] = Speaker(
            name=row.speaker_name,
            sector=row.speaker_sector,
            kind=row.speaker_kind,
            quotes=row.n,
            example=example,
        )
    groups: dict[str | None, list[Speaker]] = defaultdict(list)
    for (actor, _), speaker in merged.items():
        groups[actor].append(speaker)
    for speakers in groups.values():
        speakers.sort(key=lambda speaker: (-speaker.quotes, speaker.name))
    ranked = sorted(
        groups.items(), key=lambda item: (-sum(s.quotes for s in item[1]), item[0] is None, item[0] or "")
    )
    return [
        SpeakerGroup(
            actor=actor, quotes=sum(speaker.quotes for speaker in speakers), speakers=speakers[:per_actor]
        )
        for actor, speakers in ranked[:top]
    ]
