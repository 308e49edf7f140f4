"""The store: an open event database, written one article at a time and read back as records."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, IntegrityError

from ..errors import BadOption, DatabaseError
from ..ingest import article_id as text_hash
from ..records import Article, ArticleDocument, Coder, Event
from .aggregates import read_version, rebuild
from .cluster_index import cluster_new_events, recluster_all
from .engine import first_line, open_engine, shown
from .exports import EXPORT_FORMATS, WRITERS, add_report_counts
from .filters import EventFilter
from .rows import (
    actor_from_row,
    actor_row,
    chunks,
    event_from_row,
    event_to_rows,
    place_from_row,
    place_row,
    quote_from_row,
    quote_row,
)
from .schema import (
    ArticleRow,
    EventActorRow,
    EventClusterCountryRow,
    EventClusterRow,
    EventRow,
    MentionRow,
    PlaceRow,
    QuoteRow,
)


def open_store(db: str | os.PathLike | None = None, *, create: bool = True) -> Store:
    """Open (upgrading if needed) the database at ``db``, a file path or a URL.

    ``create=False`` (for whatever only reads) refuses a database that does not exist or holds no
    eventcoder schema, with :class:`errors.DatabaseMissing` or :class:`errors.NotEventDatabase`.
    """
    return Store(open_engine(db, create=create))


class Store:
    """An open event database. Use :func:`open_store` to get one."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.url = str(engine.url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # ---- writing

    def known(self, ids: Iterable[str], hashes: Iterable[str]) -> tuple[set[str], set[str]]:
        """Which of these article ids, and which of these text hashes, are already stored."""
        articles = ArticleRow.__table__.c
        found_ids: set[str] = set()
        found_hashes: set[str] = set()
        with self.engine.connect() as connection:
            for chunk in chunks(sorted(set(ids))):
                found_ids.update(connection.scalars(select(articles.id).where(articles.id.in_(chunk))))
            for chunk in chunks(sorted(set(hashes))):
                found_hashes.update(
                    connection.scalars(select(articles.text_hash).where(articles.text_hash.in_(chunk)))
                )
        return found_ids, found_hashes

    def write_document(self, document: ArticleDocument, origin: str | None = None) -> bool:
        """Store one article and everything coded from it, and put its events into their real-world
        events (clusters), in one transaction.

        Returns False, writing nothing, when the article (its id or its text) is already stored.
        """
        article = document.article
        event_rows, actor_rows = [], []
        for position, coded in enumerate(document.events):
            row, actors = event_to_rows(coded, position, article)
            event_rows.append(row)
            actor_rows.extend(actors)
        article_row = {
            "id": article.id,
            "text_hash": text_hash(article.text),
            "title": article.title,
            "published": article.published,
            "source": article.source,
            "url": article.url,
            "language": article.language,
            "text": article.text,
            "coder_version": document.coder.version,
            "coder_model": document.coder.model,
            "origin": origin,
            "coded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        mention_rows = [
            {"article_id": article.id, "position": position, **actor_row(actor)}
            for position, actor in enumerate(document.mentions)
        ]
        quote_rows = [
            quote_row(quote, position, article.id) for position, quote in enumerate(document.quotes)
        ]
        place_rows = [
            place_row(place, position, article.id) for position, place in enumerate(document.places)
        ]
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(ArticleRow.__table__), [article_row])
                for model, rows in (
                    (EventRow, event_rows),
                    (EventActorRow, actor_rows),
                    (MentionRow, mention_rows),
                    (QuoteRow, quote_rows),
                    (PlaceRow, place_rows),
                ):
                    if rows:
                        connection.execute(insert(model.__table__), rows)
                # clusters, aggregate tables and the database version, in this transaction
                written = (event_rows, actor_rows, article.source)
                cluster_new_events(connection, [row["id"] for row in event_rows], written)
        except IntegrityError:
            # another writer (or an earlier line of this input) stored it first; anything else is a bug
            known_ids, known_hashes = self.known([article.id], [article_row["text_hash"]])
            if known_ids or known_hashes:
                return False
            raise
        except DataError as error:  # a value this database cannot hold, e.g. NUL in PostgreSQL text
            raise DatabaseError(
                shown(self.url), f"cannot store article {article.id}: {first_line(error.orig or error)}"
            ) from None
        return True

    # ---- reading

    def article_ids(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))

    def load_document(self, article_id: str) -> ArticleDocument:
        """The stored document of one article, exactly as it was written."""
        with self.engine.connect() as connection:
            article = connection.execute(
                select(ArticleRow.__table__).where(ArticleRow.id == article_id)
            ).first()
            if article is None:
                raise KeyError(article_id)
            events = connection.execute(
                select(EventRow.__table__)
                .where(EventRow.article_id == article_id)
                .order_by(EventRow.position)
            ).all()
            actors = self._actors_of(connection, [row.id for row in events])
            mentions = connection.execute(
                select(MentionRow.__table__)
                .where(MentionRow.article_id == article_id)
                .order_by(MentionRow.position)
            ).all()
            quotes = connection.execute(
                select(QuoteRow.__table__)
                .where(QuoteRow.article_id == article_id)
                .order_by(QuoteRow.position)
            ).all()
            places = connection.execute(
                select(PlaceRow.__table__)
                .where(PlaceRow.article_id == article_id)
                .order_by(PlaceRow.position)
            ).all()
        return ArticleDocument(
            article=Article(
                id=article.id,
                title=article.title,
                published=article.published,
                source=article.source,
                url=article.url,
                language=article.language,
                text=article.text,
            ),
            events=[event_from_row(row, actors.get(row.id, [])) for row in events],
            quotes=[quote_from_row(row) for row in quotes],
            mentions=[actor_from_row(row) for row in mentions],
            places=[place_from_row(row) for row in places],
            coder=Coder(version=article.coder_version, model=article.coder_model),
        )

    @staticmethod
    def _actors_of(connection: Connection, event_ids: Sequence[str]) -> dict[str, list]:
        by_event: dict[str, list] = defaultdict(list)
        table = EventActorRow.__table__
        for chunk in chunks(list(event_ids)):
            for row in connection.execute(select(table).where(table.c.event_id.in_(chunk))):
                by_event[row.event_id].append(row)
        return by_event

    # ---- cross-article deduplication

    def cluster_count(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(EventClusterRow)).scalar_one()

    def clusters_missing(self) -> bool:
        """True when some event is in no cluster: clustering was interrupted (every event, alone or
        not, belongs to one once :meth:`cluster_events` has run)."""
        events = EventRow.__table__.c
        with self.engine.connect() as connection:
            return (
                connection.execute(select(events.id).where(events.cluster_id.is_(None)).limit(1)).first()
                is not None
            )

    def cluster_events(self) -> int:
        """Compute every real-world event (cluster) again from all stored events; returns how many.

        Articles are clustered as they are written (:func:`cluster_index.cluster_new_events`): this is
        the repair for a database whose clusters are missing, and gives the same clusters.
        """
        with self.engine.begin() as connection:
            count = recluster_all(connection)
            rebuild(connection)  # events written while clustering was off were not counted either
            return count

    def version(self) -> int:
        """A number raised by every write: the same number, the same data."""
        with self.engine.connect() as connection:
            return read_version(connection)

    def rebuild_aggregates(self) -> None:
        """Count every event and real-world event into the aggregate tables again (a repair: they are
        kept up to date as articles are written)."""
        with self.engine.begin() as connection:
            rebuild(connection)

    # ---- export

    def export(
        self,
        format: str,
        output: str | os.PathLike | io.IOBase,
        *,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        country: str | None = None,
        event_type: str | Sequence[str] | None = None,
        modality: str | None = None,
        clusters: bool = False,
        include_negated: bool = False,
    ) -> int:
        """Write events (or event clusters) in ``format`` to ``output`` ("-" for stdout); returns how many
        records (events, clusters, or rows of the dyadic format) were written. ``modality`` keeps events of
        these modalities (comma-separated; default: every one).

        ``include_negated`` keeps negated and prevented events in a PLOVER export, which leaves them out
        by default (the manual's "negation" auxiliary mode); the other formats keep every event with its
        modality."""
        if format not in EXPORT_FORMATS:
            raise BadOption(f"unknown export format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        if isinstance(event_type, str):
            event_type = tuple(part.strip().upper() for part in event_type.split(",") if part.strip())
        selection = EventFilter(
            since=since.isoformat() if isinstance(since, dt.date) else since,
            until=until.isoformat() if isinstance(until, dt.date) else until,
            country=country.upper() if country else None,
            event_types=tuple(event_type or ()),
            modality=modality,
        )
        if clusters:
            return WRITERS[format].clusters(output, list(self._clusters(selection)))
        items = add_report_counts(self.engine, list(self._events(selection)))
        return WRITERS[format].events(output, items, include_negated=include_negated)

    def _events(self, selection: EventFilter) -> Iterator[tuple[Event, dict]]:
        """(event, context) pairs; the context holds the article's metadata and the cluster id."""
        events = EventRow.__table__
        with self.engine.connect() as connection:
            rows = connection.execute(
                _with_article(select(events))
                .where(*selection.where(dialect=self.engine.dialect.name))
                .order_by(events.c.event_date, events.c.article_id, events.c.position)
            ).all()
            actors = self._actors_of(connection, [row.id for row in rows])
        for row in rows:
            yield event_from_row(row, actors.get(row.id, [])), _event_context(row._mapping)

    def event_chunks(
        self, selection: EventFilter, *, limit: int, located: bool = False, chunk: int = 1000
    ) -> Iterator[list[tuple[Event, dict]]]:
        """The (event, context) pairs of the matching events (only those with a place if ``located``),
        newest first (as the events table), at most ``limit``, ``chunk`` at a time; each context as an
        export's, with its ``report_count``."""
        events = EventRow.__table__
        placed = [events.c.lat.is_not(None)] if located else []
        with self.engine.connect() as connection:
            ids = list(
                connection.scalars(
                    select(events.c.id)
                    .where(*selection.where(dialect=self.engine.dialect.name), *placed)
                    .order_by(events.c.event_date.desc(), events.c.id.desc())
                    .limit(limit)
                )
            )
        for part in chunks(ids, chunk):
            with self.engine.connect() as connection:
                rows = {
                    row.id: row
                    for row in connection.execute(_with_article(select(events)).where(events.c.id.in_(part)))
                }
                actors = self._actors_of(connection, part)
            items = [
                (
                    event_from_row(rows[event_id], actors.get(event_id, [])),
                    _event_context(rows[event_id]._mapping),
                )
                for event_id in part
            ]
            yield add_report_counts(self.engine, items)

    def _clusters(self, selection: EventFilter) -> Iterator[dict]:
        """The clusters with a matching event, each with its countries (from event_cluster_countries)
        and its events."""
        events = EventRow.__table__
        clusters = EventClusterRow.__table__
        with self.engine.connect() as connection:
            matching = selection.where(dialect=self.engine.dialect.name)
            chosen = select(events.c.cluster_id).where(*matching, events.c.cluster_id.is_not(None))
            yield from cluster_records(connection, chosen, (clusters.c.event_date, clusters.c.id))


def _with_article(statement):
    """``statement`` over events, with the columns of the event's article an event context needs."""
    return statement.add_columns(
        ArticleRow.title,
        ArticleRow.published,
        ArticleRow.source,
        ArticleRow.url,
        ArticleRow.language,
        ArticleRow.coder_version,
        ArticleRow.coder_model,
        ArticleRow.coded_at,
    ).join(ArticleRow, ArticleRow.id == EventRow.__table__.c.article_id)


def _event_context(get) -> dict:
    """The context of an event row read with :func:`_with_article`: its article's metadata and cluster."""
    return {
        "article_id": get["article_id"],
        "event_date": get["event_date"],
        "date_basis": get["date_basis"],
        "cluster_id": get["cluster_id"],
        **{name: get[name] for name in ("title", "published", "source", "url", "language")},
        "coder": f"eventcoder {get['coder_version']} ({get['coder_model']})",
        "coded_date": get["coded_at"][:10],
    }


def cluster_records(connection: Connection, chosen, order_by: Sequence) -> list[dict]:
    """The rows of the clusters whose ids ``chosen`` selects (a SELECT of ids, or a list), in the order
    ``order_by``, each with its countries (from event_cluster_countries) and its events."""
    events = EventRow.__table__
    clusters = EventClusterRow.__table__
    links = EventClusterCountryRow.__table__
    rows = connection.execute(select(clusters).where(clusters.c.id.in_(chosen)).order_by(*order_by)).all()
    countries: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"source": [], "target": []})
    for link in connection.execute(
        select(links.c.cluster_id, links.c.role, links.c.country)
        .where(links.c.cluster_id.in_(chosen))
        .order_by(links.c.cluster_id, links.c.role, links.c.country)
    ):
        countries[link.cluster_id][link.role].append(link.country)
    members: dict[str, list[dict]] = defaultdict(list)
    for member in connection.execute(
        select(
            events.c.cluster_id,
            events.c.id,
            events.c.article_id,
            ArticleRow.title,
            ArticleRow.source,
            ArticleRow.url,
        )
        .join(ArticleRow, ArticleRow.id == events.c.article_id)
        .where(events.c.cluster_id.in_(select(clusters.c.id).where(clusters.c.id.in_(chosen))))
        .order_by(events.c.id)
    ):
        members[member.cluster_id].append(
            {
                "event_id": member.id,
                "article_id": member.article_id,
                "article_title": member.title,
                "outlet": member.source,
                "url": member.url,
            }
        )
    records = []
    for row in rows:
        record = dict(row._mapping)
        record["source_countries"] = countries[record["id"]]["source"]
        record["target_countries"] = countries[record["id"]]["target"]
        record["events"] = members.get(record["id"], [])
        records.append(record)
    return records
