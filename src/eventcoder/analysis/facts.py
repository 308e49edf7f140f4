"""Facts: the numbers the dashboard's analytics are made of, read by scanning the events.

An event fact counts events (reports) and sums their intensity, grouped by some of: a key of one
:data:`KINDS` (a country, a dyad, a place, ...), the day, whether that day is precise, the event type,
the modality. A cluster fact counts real-world events (clusters) instead: a cluster counts once for a
key when at least one of its reports matches the filters and has that key, on the cluster's own day
(``event_clusters.event_date``: its most precise report's), so that cluster counts add up over days
and a merge of clusters only moves whole clusters.

:mod:`.aggregates` reads the same facts from the aggregate tables the store keeps up to date;
:func:`event_facts` and :func:`cluster_facts` choose: the tables when they can answer the filters,
this scan otherwise (the ``actor`` and ``q`` filters, an extra clause).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import and_, case, false, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from ..store.core import Store
from ..store.filters import EventFilter
from ..store.schema import EventClusterRow
from .filters import ANALYSED_MODALITIES
from .keyed import keyed as keyed_rows
from .keyed import quad_of

# The parts of each kind of key.
KINDS: dict[str, tuple[str, ...]] = {
    "all": (),  # every event: one empty key
    "involved": ("country",),  # each country it involves: a source's or target's, or its place's
    "country": ("country",),  # each country of a source or target actor
    "where": ("country",),  # where it happened: its place's country, else its actors' countries
    "admin1": ("country", "admin1"),  # its place's country and first-level region
    "dyad": ("source", "target"),  # source and target codes: country, else organisation
    "place": ("name", "country", "lat", "lon"),  # its place
    "pair": ("source", "target"),  # source and target actor names, the two different
    "actor": ("name", "country", "sector", "org", "kind"),  # each source or target actor row
    "outlet": ("outlet",),  # its article's outlet
}
CLUSTER_KINDS = ("all", "where", "admin1", "place", "dyad")
EVENT_GROUPS = ("key", "day", "precise", "event_type", "quad", "modality")
CLUSTER_GROUPS = ("key", "day", "event_type")


@dataclass(slots=True)
class Fact:
    """Events (reports) of one group; the fields not grouped on are None."""

    key: tuple = ()
    day: str | None = None
    precise: bool | None = None
    event_type: str | None = None
    quad: str | None = None  # the quad class of the type, when grouped by it instead of the type
    modality: str | None = None
    events: int = 0
    intensity: float = 0.0


@dataclass(slots=True)
class ClusterFact:
    """Real-world events (clusters) of one group, each on its own day."""

    key: tuple = ()
    day: str | None = None
    event_type: str | None = None
    clusters: int = 0


# --------------------------------------------------------------------------------------------------
# Choosing the source


def event_facts(
    store: Store,
    kind: str,
    selection: EventFilter,
    group: Sequence[str] = ("key",),
    *,
    key: Mapping[str, str] | None = None,
    keys: Sequence[tuple] | None = None,
    extra: Sequence[ColumnElement[bool]] = (),
    scan: bool = False,
) -> list[Fact]:
    """Events counted under ``selection`` (:data:`ANALYSED_MODALITIES` unless a modality is asked for),
    grouped by ``group``; ``key`` keeps the keys with these parts, ``keys`` these whole keys, ``extra``
    adds clauses over ``events`` (a scan), ``scan`` forces the scan."""
    _check(kind, group, KINDS, EVENT_GROUPS)
    from . import aggregates

    if not scan and not extra and aggregates.can_answer(store, kind, selection):
        return aggregates.event_facts(store, kind, selection, group, key=key, keys=keys)
    return scan_event_facts(store, kind, selection, group, key=key, keys=keys, extra=extra)


def cluster_facts(
    store: Store,
    kind: str,
    selection: EventFilter,
    group: Sequence[str] = ("key",),
    *,
    key: Mapping[str, str] | None = None,
    extra: Sequence[ColumnElement[bool]] = (),
    windows: Mapping[str, tuple[str, str]] | None = None,
    scan: bool = False,
) -> list[ClusterFact] | dict[tuple, dict[str, int]]:
    """Real-world events counted under ``selection``, grouped by ``group``; with ``windows`` (name ->
    first and last day) instead, {key: {window: clusters}} for the keys with clusters in one of them."""
    _check(kind, group, dict.fromkeys((*CLUSTER_KINDS, "involved")), CLUSTER_GROUPS)
    from . import aggregates

    if not scan and not extra and aggregates.can_answer(store, kind, selection, clusters=True):
        return aggregates.cluster_facts(store, kind, selection, group, key=key, windows=windows)
    return scan_cluster_facts(store, kind, selection, group, key=key, extra=extra, windows=windows)


def _check(kind: str, group: Sequence[str], kinds, groups: Sequence[str]) -> None:
    if kind not in kinds:
        raise ValueError(f"no facts of kind {kind!r}")
    unknown = [name for name in group if name not in groups]
    if unknown:
        raise ValueError(f"cannot group facts by {unknown}")


# --------------------------------------------------------------------------------------------------
# The scan


def _key_clauses(
    keyed, kind: str, key: Mapping[str, str] | None, keys: Sequence[tuple] | None = None
) -> list[ColumnElement[bool]]:
    clauses = [keyed.c[part] == value for part, value in (key or {}).items() if part in KINDS[kind]]
    if keys is not None:
        parts = KINDS[kind]
        clauses.append(
            or_(
                false(),
                *[
                    and_(*[keyed.c[part] == value for part, value in zip(parts, whole, strict=True)])
                    for whole in keys
                ],
            )
        )
    return clauses


def scan_event_facts(
    store: Store,
    kind: str,
    selection: EventFilter,
    group: Sequence[str] = ("key",),
    *,
    key: Mapping[str, str] | None = None,
    keys: Sequence[tuple] | None = None,
    extra: Sequence[ColumnElement[bool]] = (),
) -> list[Fact]:
    dialect = store.engine.dialect.name
    keyed = keyed_rows(kind, [*selection.where(ANALYSED_MODALITIES, dialect), *extra])
    parts = KINDS[kind]
    columns = _group_columns(keyed, parts, group)
    statement = (
        select(*columns, func.count().label("events"), func.sum(keyed.c.intensity).label("intensity"))
        .select_from(keyed)
        .where(*_key_clauses(keyed, kind, key, keys))
        .group_by(*columns)
    )
    with store.engine.connect() as connection:
        rows = connection.execute(statement).all()
    return [
        Fact(**_grouped(row, parts, group), events=row.events, intensity=float(row.intensity or 0))
        for row in rows
        if row.events
    ]


def scan_cluster_facts(
    store: Store,
    kind: str,
    selection: EventFilter,
    group: Sequence[str] = ("key",),
    *,
    key: Mapping[str, str] | None = None,
    extra: Sequence[ColumnElement[bool]] = (),
    windows: Mapping[str, tuple[str, str]] | None = None,
) -> list[ClusterFact] | dict[tuple, dict[str, int]]:
    dialect = store.engine.dialect.name
    undated = replace(selection, since=None, until=None)  # the days are the clusters'
    keyed = keyed_rows(kind, [*undated.where(ANALYSED_MODALITIES, dialect), *extra])
    clusters = EventClusterRow.__table__
    parts = KINDS[kind]
    one_per_cluster = (
        select(
            keyed.c.cluster_id,
            *[keyed.c[part] for part in parts],
            clusters.c.event_date.label("day"),
            clusters.c.event_type,
        )
        .join(clusters, clusters.c.id == keyed.c.cluster_id)
        .where(*selection.day_range(clusters.c.event_date), *_key_clauses(keyed, kind, key))
        .distinct()
        .subquery("clustered")
    )
    if windows is not None:
        return window_counts(store, one_per_cluster, parts, windows)
    columns = _group_columns(one_per_cluster, parts, group)
    statement = select(*columns, func.count().label("clusters")).select_from(one_per_cluster)
    statement = statement.group_by(*columns)
    with store.engine.connect() as connection:
        rows = connection.execute(statement).all()
    return [ClusterFact(**_grouped(row, parts, group), clusters=row.clusters) for row in rows if row.clusters]


def window_counts(
    store: Store, source, parts: Sequence[str], windows: Mapping[str, tuple[str, str]], weight=None, where=()
) -> dict[tuple, dict[str, int]]:
    """{key: {window: sum of ``weight`` (1 per row when None)}} over the ``source`` rows (with ``where``)
    whose day lies in a window; keys with nothing in any window are left out."""
    if not windows:
        return {}
    one = literal(1) if weight is None else weight
    sums = [
        func.sum(case((and_(source.c.day >= first, source.c.day <= last), one), else_=0)).label(f"w{index}")
        for index, (first, last) in enumerate(windows.values())
    ]
    first = min(window[0] for window in windows.values())
    last = max(window[1] for window in windows.values())
    keys = [source.c[part] for part in parts]
    statement = select(*keys, *sums).where(source.c.day >= first, source.c.day <= last, *where)
    if keys:
        statement = statement.group_by(*keys)
    names = list(windows)
    with store.engine.connect() as connection:
        rows = connection.execute(statement).all()
    found = {}
    for row in rows:
        counts = {name: int(row[len(keys) + index] or 0) for index, name in enumerate(names)}
        if any(counts.values()):
            found[tuple(row[: len(keys)])] = counts
    return found


def _group_columns(source, parts: Sequence[str], group: Sequence[str]) -> list:
    columns = []
    for name in group:
        if name == "key":
            columns += [source.c[part] for part in parts]
        elif name == "quad":
            columns.append(quad_of(source.c.event_type))
        else:
            columns.append(source.c[name])
    return columns


def _grouped(row, parts: Sequence[str], group: Sequence[str]) -> dict:
    values = dict(row._mapping)
    found = {}
    for name in group:
        if name == "key":
            found["key"] = tuple(values[part] for part in parts)
        elif name == "precise":
            found["precise"] = bool(values["precise"])
        else:
            found[name] = values[name]
    return found


def last_cluster_day(store: Store, selection: EventFilter, *, scan: bool = False) -> str | None:
    """The last day of a real-world event counted under ``selection``."""
    from . import aggregates

    if not scan and aggregates.can_answer(store, "all", selection, clusters=True):
        return aggregates.last_cluster_day(store, selection)
    dialect = store.engine.dialect.name
    undated = replace(selection, since=None, until=None)
    keyed = keyed_rows("all", undated.where(ANALYSED_MODALITIES, dialect))
    clusters = EventClusterRow.__table__
    statement = (
        select(func.max(clusters.c.event_date))
        .join(keyed, keyed.c.cluster_id == clusters.c.id)
        .where(*selection.day_range(clusters.c.event_date))
    )
    with store.engine.connect() as connection:
        return connection.execute(statement).scalar_one()


def last_event_day(store: Store, kind: str, selection: EventFilter, *, scan: bool = False) -> str | None:
    """The last day of an event counted under ``selection`` with a key of ``kind``."""
    from . import aggregates

    if not scan and aggregates.can_answer(store, kind, selection):
        return aggregates.last_event_day(store, kind, selection)
    keyed = keyed_rows(kind, selection.where(ANALYSED_MODALITIES, store.engine.dialect.name))
    with store.engine.connect() as connection:
        return connection.execute(select(func.max(keyed.c.day))).scalar_one()
