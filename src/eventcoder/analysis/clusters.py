"""Real-world events: pages of event clusters, newest first."""

from __future__ import annotations

from sqlalchemy import func, select

from ..codebook import quad_class
from ..store.core import Store, cluster_records
from ..store.filters import EventFilter
from ..store.schema import EventClusterRow, EventRow
from .dashboard_models import ClusterPage, ClusterRecord
from .events import NEWEST_FIRST, PAGE_LIMIT, sort_order

CLUSTER_FIELDS = tuple(ClusterRecord.model_fields)
# The orders a page of real-world events may be asked in: a column, "-" before it for descending.
CLUSTER_SORTS = {
    "date": "event_date",
    "reports": "report_count",
    "intensity": "intensity",
    "type": "event_type",
}


def find_clusters(
    store: Store, selection: EventFilter, limit: int = PAGE_LIMIT, offset: int = 0, sort: str = NEWEST_FIRST
) -> ClusterPage:
    """One page of the real-world events with a report matching every filter (of any modality unless
    one is asked for, as the events table), newest first (by the cluster's day, then id) or in the
    order ``sort`` names (a key of :data:`CLUSTER_SORTS`, "-" before it for descending), and how many
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
        order = sort_order(sort, CLUSTER_SORTS, clusters)
        page = list(connection.scalars(page_query.order_by(*order).limit(limit).offset(offset)))
        records = cluster_records(connection, page, order) if page else []
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
