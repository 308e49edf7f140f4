"""Events and articles: pages of the events table, and one article's stored document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import Select, func, select

from ..errors import ArticleExists, ArticleNotFound, BadOption
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
NEWEST_FIRST = "-date"
# The orders a page of events may be asked in: a column, "-" before it for descending.
EVENT_SORTS = {"date": "event_date", "intensity": "intensity", "type": "event_type"}


def sort_order(sort: str, columns: dict, table) -> tuple:
    """ORDER BY clauses for ``sort`` ("key" or "-key", the key one of ``columns``), the id last so that
    pages never overlap; an empty value (an undated event) last either way. Raises :class:`BadOption`
    for an unknown key."""
    key = sort.removeprefix("-")
    if key not in columns:
        choices = ", ".join(f"{name}, -{name}" for name in columns)
        raise BadOption(f"unknown sort {sort!r}; choose one of {choices}")
    column = table.c[columns[key]]
    if sort.startswith("-"):  # read down an index on (column, id) backwards
        first = column.desc().nulls_last() if column.nullable else column.desc()
        return first, table.c.id.desc()
    return (column.asc().nulls_last() if column.nullable else column.asc()), table.c.id.asc()


def find_events(
    store: Store,
    selection: EventFilter,
    limit: int = PAGE_LIMIT,
    offset: int = 0,
    *,
    total: int | None = None,
    sort: str = NEWEST_FIRST,
) -> EventPage:
    """One page of the events that match, newest first (or in the order ``sort`` names: a key of
    :data:`EVENT_SORTS`, "-" before it for descending), and how many match in all (``total`` when the
    caller knows it already)."""
    order = sort_order(sort, EVENT_SORTS, EventRow.__table__)
    dialect = store.engine.dialect.name
    if total is None and aggregates.can_answer(store, "all", selection):
        # every modality unless one is asked for, as the events table shows
        shown = replace(selection, modality=selection.modality or ALL_MODALITIES)
        total = sum(fact.events for fact in aggregates.event_facts(store, "all", shown, ()))
    with store.engine.connect() as connection:
        if total is None:
            total = connection.execute(_count_matches(selection, dialect)).scalar_one()
        page = _page_ids(connection, selection, dialect, total, order, limit, offset)
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
    connection, selection: EventFilter, dialect: str, total: int, order: tuple, limit: int, offset: int
) -> list[str]:
    """The ids of one page of matching events in ``order``, read the cheaper of two ways.

    When matches are frequent, reading down the index of the order (event_date, intensity or
    event_type, then id) and testing each event finds a page after about (offset + limit) * events /
    total rows. When they are rare, looking up all ``total`` matches from their own indexes and sorting
    them costs less."""
    events = EventRow.__table__
    if offset >= total:
        return []
    ordered = select(events.c.id).order_by(*order).limit(limit).offset(offset)
    stored = connection.execute(select(func.count()).select_from(events)).scalar_one()
    if total * total >= (offset + limit) * stored:
        days = selection.day_clauses()
        return list(connection.scalars(ordered.where(*days, *selection.row_tests(dialect))))
    return list(connection.scalars(ordered.where(*selection.where(dialect=dialect))))


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
