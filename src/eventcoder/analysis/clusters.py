"""Real-world events: pages of event clusters, newest first."""

from __future__ import annotations

from sqlalchemy import func, select

from ..codebook import quad_class
from ..store.core import Store, cluster_records
from ..store.filters import EventFilter
from ..store.schema import EventClusterRow, EventRow
from .dashboard_models import ClusterPage, ClusterRecord
from .events import PAGE_LIMIT

CLUSTER_FIELDS = tuple(ClusterRecord.model_fields)


def find_clusters(
    store: Store, selection: EventFilter, limit: int = PAGE_LIMIT, offset: int = 0
) -> ClusterPage:
    """One page of the real-world events with a report matching every filter (of any modality unless
    one is asked for, as the events table), newest first (by the cluster's day, then id), and how many
    match in all."""
    events = EventRow.__table__
    clusters = EventClusterRow.__table__
    dialect = store.engine.dialect.name
    matching = selection.where(dialect=dialect)
    with store.engine.connect() as connection:
        if matching:
            chosen = select(events.c.cluster_id).where(*matching, events.c.cluster_id.is_not(None))
            total = connection.execute(
                select(func.count()).select_from(chosen.distinct().subquery())
            ).scalar_one()
            page_query = select(clusters.c.id).where(clusters.c.id.in_(chosen))
        else:  # every cluster has a report: no need to look at the events
            total = connection.execute(select(func.count()).select_from(clusters)).scalar_one()
            page_query = select(clusters.c.id)
        newest_first = (clusters.c.event_date.desc().nulls_last(), clusters.c.id.desc())
        page = list(connection.scalars(page_query.order_by(*newest_first).limit(limit).offset(offset)))
        records = cluster_records(connection, page, newest_first) if page else []
    return ClusterPage(
        clusters=[
            ClusterRecord(
                **{name: record[name] for name in CLUSTER_FIELDS if name in record},
                quad_class=quad_class(record["event_type"]),
            )
            for record in records
        ],
        total=total,
    )
