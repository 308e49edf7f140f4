"""Real-world events kept up to date in the database, one article at a time.

:func:`cluster_new_events` runs in the transaction that writes an article: each of its events is
compared only with the stored events that share one of its keys (type, source and target codes) and
may overlap it in time, found through the index ``event_cluster_keys``; it joins their clusters,
merging them if it links several. The cost of an article does not grow with the database, and a
clustering is never left half done. The real-world events the clusters touched made in the aggregate
tables are taken out and put back as they now are (``store.aggregates``). :func:`recluster_all` computes the same clusters over every
stored event at once (a repair, and migration 0006).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from .aggregates import (
    EventFacts,
    add_events,
    apply_cluster_change,
    bump_version,
    cluster_counts,
    facts_of_clusters,
    facts_of_events,
    facts_of_rows,
    stored_clusters,
)
from .clustering import Cluster, Report, candidate_window, cluster_keys, cluster_reports, same_event
from .rows import chunks
from .schema import (
    ArticleRow,
    EventActorRow,
    EventClusterCountryRow,
    EventClusterKeyRow,
    EventClusterRow,
    EventRow,
)

SPEAKER = "speaker"


def load_reports(connection: Connection, event_ids: Sequence[str] | None = None) -> list[Report]:
    """The stored events as :class:`Report` values: ``event_ids``, else all of them."""
    events = EventRow.__table__.c
    actors = EventActorRow.__table__.c
    columns = select(
        events.id, events.article_id, events.event_type, events.date_value, events.date_precision,
        events.date_text, events.event_date, events.lat, events.lon, events.location_name,
        events.location_country, events.location_kind, events.cameo, events.intensity,
        ArticleRow.published, ArticleRow.source,
    ).join(ArticleRow, ArticleRow.id == events.article_id)  # fmt: skip
    codes = select(actors.event_id, actors.role, func.coalesce(actors.country, actors.org)).where(
        actors.role != SPEAKER
    )
    if event_ids is None:
        rows = connection.execute(columns).all()
        coded = connection.execute(codes).all()
    else:
        rows, coded = [], []
        for chunk in chunks(list(event_ids)):
            rows += connection.execute(columns.where(events.id.in_(chunk))).all()
            coded += connection.execute(codes.where(actors.event_id.in_(chunk))).all()
    countries: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"source": set(), "target": set()})
    for event_id, role, code in coded:
        if code:
            countries[event_id][role].add(code)
    return [Report.from_row(row, countries[row.id]) for row in rows]


def key_rows(reports: Iterable[Report]) -> list[dict]:
    return [
        {"event_id": report.id, "event_type": report.event_type, "source": source, "target": target,
         "day_start": report.days[0].isoformat(), "day_end": report.days[1].isoformat()}
        for report in reports
        for source, target in cluster_keys(report)
    ]  # fmt: skip


def _candidates(connection: Connection, report: Report) -> list[str]:
    """Ids of the stored events that share a key with ``report`` and may overlap it in time."""
    if not cluster_keys(report):  # it can match nothing: undated, or dated too vaguely
        return []
    keys = EventClusterKeyRow.__table__.c
    first, last = candidate_window(report)
    pairs = [and_(keys.source == source, keys.target == target) for source, target in cluster_keys(report)]
    statement = select(keys.event_id).where(
        keys.event_type == report.event_type,
        or_(*pairs),
        keys.day_start >= first.isoformat(),
        keys.day_start <= last.isoformat(),
        keys.day_end >= report.days[0].isoformat(),
        keys.event_id != report.id,
    )
    return sorted(set(connection.scalars(statement)))


def cluster_new_events(
    connection: Connection, event_ids: Sequence[str], written: tuple[list, list, str | None] | None = None
) -> None:
    """Everything the store derives from an article's events, in the transaction that writes them:
    index them and put each into its real-world event, merging those it links; count them into the
    aggregate tables; raise the database version (also for an article without events). ``written``:
    the event rows, actor rows and outlet just written, else they are read back."""
    if event_ids:
        facts = facts_of_rows(*written) if written else facts_of_events(connection, event_ids)
        _cluster(connection, event_ids, facts)
        add_events(connection, facts)
    bump_version(connection)  # last: PostgreSQL holds the row's lock until the commit


def _cluster(connection: Connection, event_ids: Sequence[str], facts: list[EventFacts]) -> None:
    reports = sorted(load_reports(connection, event_ids), key=lambda report: report.id)
    keys = key_rows(reports)
    if keys:
        connection.execute(insert(EventClusterKeyRow.__table__), keys)
    cluster_of: dict[str, str | None] = {report.id: None for report in reports}
    renamed: dict[str, str] = {}  # a cluster merged into another -> that one

    def current(cluster_id: str) -> str:
        while cluster_id in renamed:
            cluster_id = renamed[cluster_id]
        return cluster_id

    for report in reports:
        candidates = load_reports(connection, _candidates(connection, report))
        matches = [other.id for other in candidates if same_event(report, other)]
        cluster_of.update(
            _stored_clusters(connection, [match for match in matches if match not in cluster_of])
        )
        joined = {current(cluster_of[match]) for match in matches if cluster_of[match]}
        home = min(joined | {report.id})
        for cluster_id in joined - {home}:
            renamed[cluster_id] = home
        cluster_of[report.id] = home
    assigned = {report.id: current(cluster_of[report.id]) for report in reports}
    # the aggregate rows of the clusters touched, before and after: their stored members move to the
    # surviving clusters, the new events join theirs
    touched = set(renamed) | set(assigned.values())
    stored = stored_clusters(connection, sorted(touched)) if touched - set(assigned) else {}
    members = facts_of_clusters(connection, sorted(stored)) if stored else []
    before = cluster_counts(stored, members)
    _write_clusters(connection, assigned, renamed, current)
    members = [replace(member, cluster_id=current(member.cluster_id)) for member in members]
    members += [replace(event, cluster_id=assigned[event.id]) for event in facts]
    after = cluster_counts(stored_clusters(connection, sorted(set(assigned.values()))), members)
    apply_cluster_change(connection, before, after)


def _stored_clusters(connection: Connection, event_ids: Sequence[str]) -> dict[str, str | None]:
    events = EventRow.__table__.c
    found: dict[str, str | None] = {}
    for chunk in chunks(list(event_ids)):
        found.update(
            connection.execute(select(events.id, events.cluster_id).where(events.id.in_(chunk))).all()
        )
    return found


def _write_clusters(
    connection: Connection, assigned: dict[str, str], renamed: dict[str, str], current
) -> None:
    """Rewrite the clusters that the new events (``assigned``: event -> cluster) joined or made, from
    all their members: rows of the clusters that stay are replaced, members of merged clusters move,
    merged clusters are deleted."""
    events = EventRow.__table__
    clusters = EventClusterRow.__table__
    countries = EventClusterCountryRow.__table__
    members = dict(assigned)  # event id -> its cluster from now on
    for chunk in chunks(sorted(set(renamed) | set(assigned.values()))):
        for event_id, cluster_id in connection.execute(
            select(events.c.id, events.c.cluster_id).where(events.c.cluster_id.in_(chunk))
        ):
            members[event_id] = current(cluster_id)
    grouped: dict[str, Cluster] = defaultdict(Cluster)
    for report in load_reports(connection, sorted(members)):
        grouped[members[report.id]].reports.append(report)
    rows = [grouped[cluster_id].row() for cluster_id in sorted(grouped)]
    existing = set()
    for chunk in chunks(sorted(grouped)):
        existing.update(connection.scalars(select(clusters.c.id).where(clusters.c.id.in_(chunk))))
        connection.execute(delete(countries).where(countries.c.cluster_id.in_(chunk)))
    for row in rows:
        if row["id"] in existing:
            connection.execute(update(clusters).where(clusters.c.id == row["id"]).values(**row))
        else:
            connection.execute(insert(clusters), [row])
    country_rows = [row for cluster_id in sorted(grouped) for row in grouped[cluster_id].country_rows()]
    if country_rows:
        connection.execute(insert(countries), country_rows)
    connection.execute(
        update(events).where(events.c.id == bindparam("member")).values(cluster_id=bindparam("cluster")),
        [{"member": event_id, "cluster": cluster_id} for event_id, cluster_id in sorted(members.items())],
    )
    gone = sorted(set(renamed) - set(grouped))
    for chunk in chunks(gone):
        connection.execute(delete(countries).where(countries.c.cluster_id.in_(chunk)))
        connection.execute(delete(clusters).where(clusters.c.id.in_(chunk)))


def _insert_clusters(connection: Connection, clusters: Sequence[Cluster]) -> None:
    if not clusters:
        return
    connection.execute(insert(EventClusterRow.__table__), [cluster.row() for cluster in clusters])
    countries = [row for cluster in clusters for row in cluster.country_rows()]
    if countries:
        connection.execute(insert(EventClusterCountryRow.__table__), countries)


def recluster_all(connection: Connection) -> int:
    """Index every stored event and compute every cluster again; returns how many there are."""
    events = EventRow.__table__
    reports = load_reports(connection)
    connection.execute(delete(EventClusterKeyRow.__table__))
    keys = key_rows(reports)
    for start in range(0, len(keys), 10_000):
        connection.execute(insert(EventClusterKeyRow.__table__), keys[start : start + 10_000])
    clusters = cluster_reports(reports)
    connection.execute(update(events).values(cluster_id=None))
    connection.execute(delete(EventClusterCountryRow.__table__))
    connection.execute(delete(EventClusterRow.__table__))
    _insert_clusters(connection, clusters)
    assignments = [
        {"member": report.id, "cluster": cluster.id} for cluster in clusters for report in cluster.reports
    ]
    if assignments:
        connection.execute(
            update(events).where(events.c.id == bindparam("member")).values(cluster_id=bindparam("cluster")),
            assignments,
        )
    return len(clusters)
