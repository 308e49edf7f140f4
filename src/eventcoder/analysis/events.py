"""Events and articles: pages of the events table, and one article's stored document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import Select, func, select

from ..errors import ArticleExists, ArticleNotFound
from ..ingest import article_id as text_hash
from ..records import ArticleDocument, EventReport
from ..store.core import Store
from ..store.filters import ALL_MODALITIES, EventFilter
from ..store.rows import event_from_row, event_report
from ..store.schema import ArticleRow, EventActorRow, EventRow
from . import aggregates
from .models import EventPage

PAGE_LIMIT = 50
MAX_PAGE_LIMIT = 1000


def find_events(
    store: Store,
    selection: EventFilter,
    limit: int = PAGE_LIMIT,
    offset: int = 0,
    *,
    total: int | None = None,
) -> EventPage:
    """One page of the events that match, newest first, and how many match in all (``total`` when the
    caller knows it already)."""
    dialect = store.engine.dialect.name
    if total is None and aggregates.can_answer(store, "all", selection):
        # every modality unless one is asked for, as the events table shows
        shown = replace(selection, modality=selection.modality or ALL_MODALITIES)
        total = sum(fact.events for fact in aggregates.event_facts(store, "all", shown, ()))
    with store.engine.connect() as connection:
        if total is None:
            total = connection.execute(_count_matches(selection, dialect)).scalar_one()
        page = _page_ids(connection, selection, dialect, total, limit, offset)
        return EventPage(events=page_reports(connection, page), total=total)


def page_reports(connection, page: Sequence[str]) -> list[EventReport]:
    """The event reports of these event ids, in their order."""
    events = EventRow.__table__
    rows = connection.execute(
        select(events, ArticleRow.title, ArticleRow.source, ArticleRow.published, ArticleRow.url)
        .join(ArticleRow, ArticleRow.id == events.c.article_id)
        .where(events.c.id.in_(page))
    ).all()
    actors = _actors_by_event(connection, page)
    by_id = {row.id: row for row in rows}
    return [
        event_report(event_from_row(by_id[event_id], actors.get(event_id, [])), by_id[event_id]._mapping)
        for event_id in page
    ]


def _count_matches(selection: EventFilter, dialect: str) -> Select:
    """The exact number of events that match."""
    events = EventRow.__table__
    rows, id_sets = selection.row_clauses(), selection.id_sets(dialect)
    if id_sets and not rows:
        # Each set holds only ids of stored events, once: count the ids without looking up each event.
        first, *others = id_sets
        ids = first.subquery()
        event_id = ids.c[0]
        return select(func.count()).select_from(ids).where(*[event_id.in_(other) for other in others])
    return select(func.count()).select_from(events).where(*rows, *[events.c.id.in_(ids) for ids in id_sets])


def _page_ids(
    connection, selection: EventFilter, dialect: str, total: int, limit: int, offset: int
) -> list[str]:
    """The ids of one page of matching events, newest first, read the cheaper of two ways.

    When matches are frequent, reading down the (event_date, id) index newest first and testing each
    event finds a page after about (offset + limit) * events / total rows. When they are rare, looking
    up all ``total`` matches from their own indexes and sorting them costs less."""
    events = EventRow.__table__
    if offset >= total:
        return []
    newest_first = (
        select(events.c.id)
        .order_by(events.c.event_date.desc(), events.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    stored = connection.execute(select(func.count()).select_from(events)).scalar_one()
    if total * total >= (offset + limit) * stored:
        days = selection.day_clauses()
        return list(connection.scalars(newest_first.where(*days, *selection.row_tests(dialect))))
    return list(connection.scalars(newest_first.where(*selection.where(dialect=dialect))))


def _actors_by_event(connection, event_ids: Sequence[str]) -> dict[str, list]:
    """The event_actors rows (sources, targets and speakers) of each event."""
    table = EventActorRow.__table__
    by_event: dict[str, list] = defaultdict(list)
    if event_ids:
        for row in connection.execute(select(table).where(table.c.event_id.in_(event_ids))):
            by_event[row.event_id].append(row)
    return by_event


def article_document(store: Store, article_id: str) -> ArticleDocument:
    """The stored document of one article; raises :class:`ArticleNotFound`."""
    try:
        return store.load_document(article_id)
    except KeyError:
        raise ArticleNotFound(article_id) from None


def save_document(store: Store, document: ArticleDocument) -> None:
    """Store a newly coded article; raises :class:`ArticleExists` when its id or its text is stored."""
    ids, hashes = store.known([document.article.id], [text_hash(document.article.text)])
    if ids or hashes:
        raise ArticleExists(document.article.id)
    store.write_document(document, origin="api")
