"""The aggregate tables: events and real-world events counted per day, kept up to date in the transaction
that writes each article, so that the analytics read a few rows per day instead of every event.

``event_aggregates`` counts events (reports) and sums their intensity per kind of key, scope, key,
day, precision, type and modality; ``cluster_aggregates`` counts real-world events (clusters) per kind,
scope, key, the cluster's day, type and the set of modalities of its reports with that key in that
scope. The kinds of key (the same as :data:`analysis.facts.KINDS`):

- ``all`` (the empty key), ``country`` (each source's or target's country), ``where`` (the place's
  country, else the actors' countries), ``admin1`` (the place's country and region), ``dyad`` (source
  and target codes: country, else organisation), ``place`` (name, country, lat, lon), ``pair`` (source
  and target names, the two different), ``actor`` (name, country, sector, organisation and kind of each
  source and target row), ``outlet`` (the article's outlet);
- a key's parts are joined by U+001F (``SEPARATOR``), an empty part for a null, coordinates as
  Python writes floats;
- the scope is '' for every event, else a country the event involves (an actor's country or the
  place's): the rows a ``country`` filter reads. An event counts once in each of its scopes.

A real-world event counts on its own day (``event_clusters.event_date``), once per key that one of
its reports has. When an article's events join or merge clusters, the rows of the clusters touched
are taken out as they were and put back as they are (:func:`apply_cluster_change`): counts by cluster
stay exact through merges without keeping a row per cluster.

``database_version`` holds one number, raised by every write: what the web app's cache is keyed by.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection

from .aggregate_keys import (  # noqa: F401 (the keys are read from here too)
    CLUSTER_KEY,
    CLUSTER_KINDS,
    EVENT_KEY,
    EVENT_KINDS,
    SEPARATOR,
    SPEAKER,
    EventFacts,
    cluster_counts,
    decode,
    encode,
    event_counts,
    modality_set,
)
from .rows import chunks
from .schema import (
    ArticleRow,
    Base,
    ClusterAggregateRow,
    DatabaseVersionRow,
    EventActorRow,
    EventAggregateRow,
    EventClusterRow,
    EventRow,
)

FLUSH_ROWS = 50_000  # rows counted in memory before they are written, when filling the tables
READ_CHUNK = 5_000  # events (or clusters) read at a time when filling the tables


# --------------------------------------------------------------------------------------------------
# Reading events


def _facts(connection: Connection, where) -> list[EventFacts]:
    events = EventRow.__table__
    actors = EventActorRow.__table__
    rows = connection.execute(
        select(
            events.c.id,
            events.c.event_date,
            events.c.date_precision,
            events.c.event_type,
            events.c.modality,
            events.c.intensity,
            events.c.location_name,
            events.c.location_country,
            events.c.location_admin1,
            events.c.lat,
            events.c.lon,
            events.c.cluster_id,
            ArticleRow.__table__.c.source,
        )
        .join(ArticleRow.__table__, ArticleRow.__table__.c.id == events.c.article_id)
        .where(where)
    ).all()
    by_event: dict[str, list[tuple]] = defaultdict(list)
    for part in chunks([row.id for row in rows]):
        for actor in connection.execute(
            select(
                actors.c.event_id,
                actors.c.role,
                actors.c.name,
                actors.c.country,
                actors.c.sector,
                actors.c.org,
                actors.c.kind,
            )
            .where(actors.c.event_id.in_(part), actors.c.role != SPEAKER)
            .order_by(actors.c.id)
        ):
            by_event[actor.event_id].append(tuple(actor)[1:])
    return [EventFacts.from_row(row._mapping, row.source, by_event[row.id]) for row in rows]


def facts_of_rows(event_rows: list[dict], actor_rows: list[dict], outlet: str | None) -> list[EventFacts]:
    """The facts of events about to be written, from their rows (``rows.event_to_rows``)."""
    actors: dict[str, list[tuple]] = defaultdict(list)
    for row in actor_rows:
        if row["role"] != SPEAKER:
            actors[row["event_id"]].append(
                (row["role"], row["name"], row["country"], row["sector"], row["org"], row["kind"])
            )
    return [EventFacts.from_row(row, outlet, actors[row["id"]]) for row in event_rows]


def facts_of_events(connection: Connection, event_ids: Sequence[str]) -> list[EventFacts]:
    found = []
    for part in chunks(list(event_ids)):
        found += _facts(connection, EventRow.__table__.c.id.in_(part))
    return found


def facts_of_clusters(connection: Connection, cluster_ids: Sequence[str]) -> list[EventFacts]:
    found = []
    for part in chunks(list(cluster_ids)):
        found += _facts(connection, EventRow.__table__.c.cluster_id.in_(part))
    return found


def stored_clusters(connection: Connection, cluster_ids: Sequence[str]) -> dict[str, tuple[str | None, str]]:
    """{id: (day, type)} of the stored clusters among ``cluster_ids``."""
    clusters = EventClusterRow.__table__
    found = {}
    for part in chunks(list(cluster_ids)):
        for row in connection.execute(
            select(clusters.c.id, clusters.c.event_date, clusters.c.event_type).where(clusters.c.id.in_(part))
        ):
            found[row.id] = (row.event_date, row.event_type)
    return found


def cluster_state(connection: Connection, cluster_ids: Sequence[str]) -> Counter:
    """The cluster_aggregates rows these clusters make, as stored now."""
    clusters = stored_clusters(connection, cluster_ids)
    return cluster_counts(clusters, facts_of_clusters(connection, sorted(clusters)))


# --------------------------------------------------------------------------------------------------
# Writing


@functools.cache
def _upsert(dialect: str, table_name: str, key: tuple[str, ...], counters: tuple[str, ...]):
    """INSERT ... ON CONFLICT (key) DO UPDATE adding to the counters, made once per table and dialect."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = Base.metadata.tables[table_name]
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=list(key), set_={name: table.c[name] + statement.excluded[name] for name in counters}
    )


def _add(
    connection: Connection, table, key: Sequence[str], counters: Sequence[str], rows: list[dict]
) -> None:
    """Add ``rows`` to the counters of ``table``: new keys are inserted, known ones added to."""
    if not rows:
        return
    statement = _upsert(connection.dialect.name, table.name, tuple(key), tuple(counters))
    rows.sort(key=itemgetter(*key))  # one order for every writer: no deadlock
    for start in range(0, len(rows), 5_000):
        connection.execute(statement, rows[start : start + 5_000])


def add_event_counts(connection: Connection, counts: Mapping[tuple, list]) -> None:
    rows = [
        {**dict(zip(EVENT_KEY, key, strict=True)), "events": events, "intensity": intensity}
        for key, (events, intensity) in counts.items()
    ]
    _add(connection, EventAggregateRow.__table__, EVENT_KEY, ("events", "intensity"), rows)


def add_cluster_counts(connection: Connection, counts: Mapping[tuple, int]) -> None:
    """Add (or, with negative counts, take out) real-world events; rows that reach 0 are deleted."""
    table = ClusterAggregateRow.__table__
    rows = [{**dict(zip(CLUSTER_KEY, key, strict=True)), "clusters": n} for key, n in counts.items() if n]
    _add(connection, table, CLUSTER_KEY, ("clusters",), rows)
    emptied = [row for row in rows if row["clusters"] < 0]
    for row in emptied:
        connection.execute(
            delete(table).where(*[table.c[name] == row[name] for name in CLUSTER_KEY], table.c.clusters <= 0)
        )


def add_events(connection: Connection, events: Iterable[EventFacts]) -> None:
    """Count newly written events (their clusters are counted by :func:`apply_cluster_change`)."""
    add_event_counts(connection, event_counts(events))


def apply_cluster_change(connection: Connection, before: Counter, after: Counter) -> None:
    """Replace the rows the touched clusters made (``before``) by those they make now (``after``)."""
    change = {key: after.get(key, 0) - before.get(key, 0) for key in set(before) | set(after)}
    add_cluster_counts(connection, {key: n for key, n in change.items() if n})


def bump_version(connection: Connection) -> None:
    table = DatabaseVersionRow.__table__
    connection.execute(update(table).where(table.c.id == 1).values(version=table.c.version + 1))


def read_version(connection: Connection) -> int:
    table = DatabaseVersionRow.__table__
    return connection.execute(select(table.c.version).where(table.c.id == 1)).scalar_one_or_none() or 0


def rebuild(connection: Connection, *, events: bool = True, clusters: bool = True) -> None:
    """Count every stored event and real-world event again (migration 0007, and the repair)."""
    if events:
        connection.execute(delete(EventAggregateRow.__table__))
        table = EventRow.__table__
        ids = list(connection.scalars(select(table.c.id).order_by(table.c.event_date, table.c.id)))
        pending: dict[tuple, list] = defaultdict(lambda: [0, 0.0])
        for part in chunks(ids, READ_CHUNK):
            for key, (n, intensity) in event_counts(facts_of_events(connection, part)).items():
                pending[key][0] += n
                pending[key][1] += intensity
            if len(pending) >= FLUSH_ROWS:
                add_event_counts(connection, pending)
                pending.clear()
        add_event_counts(connection, pending)
    if clusters:
        connection.execute(delete(ClusterAggregateRow.__table__))
        table = EventClusterRow.__table__
        ids = list(connection.scalars(select(table.c.id).order_by(table.c.event_date, table.c.id)))
        counted: Counter = Counter()
        for part in chunks(ids, READ_CHUNK):
            counted.update(cluster_state(connection, part))
            if len(counted) >= FLUSH_ROWS:
                add_cluster_counts(connection, counted)
                counted.clear()
        add_cluster_counts(connection, counted)
    bump_version(connection)


def count_rows(connection: Connection) -> dict[str, int]:
    """Rows of each aggregate table, by kind (for the benchmark and the docs)."""
    found = {}
    for table in (EventAggregateRow.__table__, ClusterAggregateRow.__table__):
        for kind, n in connection.execute(select(table.c.kind, func.count()).group_by(table.c.kind)):
            found[f"{table.name}.{kind}"] = n
    return found
