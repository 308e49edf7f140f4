"""Facts (:mod:`.facts`) read from the aggregate tables the store keeps up to date
(``store.aggregates``): a few rows per day and key instead of every event.

They answer the filters ``since``, ``until``, ``country``, ``type`` and ``modality``; the ``actor`` and
``q`` filters need the events themselves (:func:`can_answer` says so, and the facts are scanned).
``EVENTCODER_AGGREGATES=0`` in the environment turns them off: everything is scanned.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from itertools import combinations

from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement

from ..records import MODALITIES
from ..store.aggregates import CLUSTER_KINDS, EVENT_KINDS, decode, encode
from ..store.core import Store
from ..store.filters import EventFilter
from ..store.schema import ClusterAggregateRow, EventAggregateRow
from .facts import KINDS, ClusterFact, Fact, window_counts
from .filters import ANALYSED_MODALITIES
from .keyed import quad_of

SWITCH = "EVENTCODER_AGGREGATES"
# every set of modalities a real-world event can have, as stored
MODALITY_SETS = tuple(
    ",".join(chosen) for size in range(1, len(MODALITIES) + 1) for chosen in combinations(MODALITIES, size)
)


def enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def can_answer(store: Store, kind: str, selection: EventFilter, clusters: bool = False) -> bool:
    """Whether the aggregate tables hold the facts of ``kind`` under ``selection``."""
    if not enabled() or selection.actor or selection.q:
        return False
    if kind == "involved":  # the scopes of the events: with no country asked for
        return not clusters and not selection.country
    return kind in (CLUSTER_KINDS if clusters else EVENT_KINDS)


def _common(table, kind: str, selection: EventFilter) -> list[ColumnElement[bool]]:
    """The clauses of the selection over an aggregate table (the modalities are the caller's)."""
    stored_kind = "all" if kind == "involved" else kind
    clauses = [table.c.kind == stored_kind]
    if kind == "involved":
        clauses.append(table.c.scope != "")
    else:
        clauses.append(table.c.scope == (selection.country or ""))
    if selection.since or selection.until:
        clauses.append(table.c.day != "")  # undated events are in no range of days
        clauses += selection.day_range(table.c.day)
    if selection.event_types:
        clauses.append(table.c.event_type.in_(selection.event_types))
    return clauses


def _key_clauses(table, kind: str, key: Mapping[str, str] | None) -> tuple[list, dict]:
    """A clause for a key whose parts are all given; else the parts to test after reading."""
    if not key:
        return [], {}
    parts = KINDS[kind]
    if all(part in key for part in parts):
        return [table.c.key == encode([key[part] for part in parts])], {}
    return [], dict(key)


def _keyed(kind: str, table):
    """The column that holds the key: the scope for "involved", else the key."""
    return table.c.scope if kind == "involved" else table.c.key


def _columns(kind: str, table, group: Sequence[str]) -> list:
    columns = []
    for name in group:
        if name == "key":
            columns.append(_keyed(kind, table))
        elif name == "quad":
            columns.append(quad_of(table.c.event_type))
        else:
            columns.append(table.c[name])
    return columns


def _decoded(kind: str, value: str) -> tuple:
    return (value,) if kind == "involved" else decode(kind, value, len(KINDS[kind]))


def _wanted(kind: str, key: tuple, rest: dict) -> bool:
    return all(key[KINDS[kind].index(part)] == value for part, value in rest.items())


def event_facts(
    store: Store,
    kind: str,
    selection: EventFilter,
    group: Sequence[str],
    *,
    key: Mapping[str, str] | None = None,
    keys: Sequence[tuple] | None = None,
) -> list[Fact]:
    table = EventAggregateRow.__table__
    clauses = _common(table, kind, selection)
    asked = selection.modalities(ANALYSED_MODALITIES)
    if asked:
        clauses.append(table.c.modality.in_(asked))
    exact, rest = _key_clauses(table, kind, key)
    if keys is not None:
        exact.append(_keyed(kind, table).in_([encode(whole) for whole in keys]))
    columns = _columns(kind, table, group)
    statement = (
        select(
            *columns, func.sum(table.c.events).label("events"), func.sum(table.c.intensity).label("intensity")
        )
        .where(*clauses, *exact)
        .group_by(*columns)
    )
    with store.engine.connect() as connection:
        rows = connection.execute(statement).all()
    read = _reader(kind, group, rest)
    facts = []
    for row in rows:
        if row[-2]:
            fields = read(row)
            if fields is not None:
                facts.append(Fact(**fields, events=int(row[-2]), intensity=float(row[-1] or 0)))
    return facts


def _key_decoder(kind: str):
    known: dict[str, tuple] = {}  # a key comes back on many rows: decoded once

    def key_of(value: str) -> tuple:
        if value not in known:
            known[value] = _decoded(kind, value)
        return known[value]

    return key_of


def _reader(kind: str, group: Sequence[str], rest: dict):
    """row -> the grouped fields of a fact (None for a key that ``rest`` leaves out)."""
    decoders = []
    for name in group:
        if name == "key":
            decoders.append((name, _key_decoder(kind)))
        elif name == "day":
            decoders.append((name, lambda value: value or None))
        elif name == "precise":
            decoders.append((name, bool))
        else:
            decoders.append((name, None))

    def read(row) -> dict | None:
        fields = {}
        for index, (name, decoder) in enumerate(decoders):
            value = row[index] if decoder is None else decoder(row[index])
            if name == "key" and rest and not _wanted(kind, value, rest):
                return None
            fields[name] = value
        return fields

    return read


def _modality_clause(table, selection: EventFilter) -> list[ColumnElement[bool]]:
    """Real-world events with a report of an asked modality: the stored sets that hold one."""
    asked = set(selection.modalities(ANALYSED_MODALITIES))
    if not asked:
        return []
    return [table.c.modalities.in_([sets for sets in MODALITY_SETS if asked & set(sets.split(","))])]


def cluster_facts(
    store: Store,
    kind: str,
    selection: EventFilter,
    group: Sequence[str],
    *,
    key: Mapping[str, str] | None = None,
    windows: Mapping[str, tuple[str, str]] | None = None,
) -> list[ClusterFact] | dict[tuple, dict[str, int]]:
    table = ClusterAggregateRow.__table__
    clauses = [*_common(table, kind, selection), *_modality_clause(table, selection)]
    exact, rest = _key_clauses(table, kind, key)
    clauses += exact
    if windows is not None:
        found = window_counts(store, table, ["key"], windows, weight=table.c.clusters, where=clauses)
        decoded = {_decoded(kind, stored[0]): counts for stored, counts in found.items()}
        return {k: counts for k, counts in decoded.items() if not rest or _wanted(kind, k, rest)}
    columns = _columns(kind, table, group)
    statement = (
        select(*columns, func.sum(table.c.clusters).label("clusters")).where(*clauses).group_by(*columns)
    )
    with store.engine.connect() as connection:
        rows = connection.execute(statement).all()
    read = _reader(kind, group, rest)
    facts = []
    for row in rows:
        if row[-1]:
            fields = read(row)
            if fields is not None:
                facts.append(ClusterFact(**fields, clusters=int(row[-1])))
    return facts


def last_cluster_day(store: Store, selection: EventFilter) -> str | None:
    table = ClusterAggregateRow.__table__
    clauses = [*_common(table, "all", selection), *_modality_clause(table, selection), table.c.day != ""]
    with store.engine.connect() as connection:
        return connection.execute(select(func.max(table.c.day)).where(*clauses)).scalar_one() or None


def last_event_day(store: Store, kind: str, selection: EventFilter) -> str | None:
    table = EventAggregateRow.__table__
    clauses = [*_common(table, kind, selection), table.c.day != ""]
    asked = selection.modalities(ANALYSED_MODALITIES)
    if asked:
        clauses.append(table.c.modality.in_(asked))
    with store.engine.connect() as connection:
        return connection.execute(select(func.max(table.c.day)).where(*clauses)).scalar_one() or None
