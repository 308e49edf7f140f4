"""The actor network: who acts on whom, as a weighted directed graph."""

from __future__ import annotations

import networkx as nx
from sqlalchemy import and_, func, select

from ..codebook import is_conflict
from ..store.core import Store
from ..store.filters import ALL_EVENTS, SPEAKER_ROLE, EventFilter
from ..store.schema import EventActorRow, EventRow
from .filters import ANALYSED_MODALITIES
from .models import Network, NetworkLink, NetworkNode

NETWORK_MAX_NODES = 60


def actor_network(store: Store, selection: EventFilter = ALL_EVENTS) -> nx.DiGraph:
    """Who acts on whom: an edge from each source actor to each target actor of an event.

    Nodes are canonical actor names (with country, sector, organisation and kind); an edge's ``events``
    counts the events between the two, ``intensity`` sums their intensity and ``conflict_events``
    counts those in a conflict quad class.
    """
    events = EventRow.__table__
    dialect = store.engine.dialect.name
    actors = EventActorRow.__table__
    source, target = actors.alias("source_actor"), actors.alias("target_actor")
    pairs = (
        select(
            events.c.id,
            events.c.event_type,
            events.c.intensity,
            source.c.name.label("source_name"),
            target.c.name.label("target_name"),
        )
        .join(source, and_(source.c.event_id == events.c.id, source.c.role == "source"))
        .join(target, and_(target.c.event_id == events.c.id, target.c.role == "target"))
        .where(*selection.where(ANALYSED_MODALITIES, dialect), source.c.name != target.c.name)
        .distinct()
    )
    involved = (
        select(
            actors.c.name,
            actors.c.country,
            actors.c.sector,
            actors.c.org,
            actors.c.kind,
            func.count().label("n"),
        )
        .join(events, events.c.id == actors.c.event_id)
        .where(*selection.where(ANALYSED_MODALITIES, dialect), actors.c.role != SPEAKER_ROLE)
        .group_by(actors.c.name, actors.c.country, actors.c.sector, actors.c.org, actors.c.kind)
    )
    graph = nx.DiGraph()
    with store.engine.connect() as connection:
        pair_rows = connection.execute(pairs).all()
        actor_rows = connection.execute(involved).all()
    linked = {row.source_name for row in pair_rows} | {row.target_name for row in pair_rows}
    # an actor name may come with several codes (a person's sector changes): keep the most frequent
    for row in sorted(actor_rows, key=lambda row: row.n):
        if row.name in linked:
            previous = graph.nodes[row.name]["events"] if row.name in graph else 0
            graph.add_node(
                row.name,
                country=row.country,
                sector=row.sector,
                org=row.org,
                kind=row.kind,
                events=previous + row.n,
            )
    for row in pair_rows:
        if graph.has_edge(row.source_name, row.target_name):
            edge = graph.edges[row.source_name, row.target_name]
        else:
            graph.add_edge(row.source_name, row.target_name, events=0, intensity=0.0, conflict_events=0)
            edge = graph.edges[row.source_name, row.target_name]
        edge["events"] += 1
        edge["intensity"] = round(edge["intensity"] + row.intensity, 4)
        edge["conflict_events"] += is_conflict(row.event_type)
    return graph


def network_record(graph: nx.DiGraph, max_nodes: int = NETWORK_MAX_NODES) -> Network:
    """The graph as nodes and links, keeping the ``max_nodes`` actors with the most weighted links."""
    strength = dict(graph.degree(weight="events"))
    kept = sorted(graph.nodes, key=lambda node: (-strength[node], node))[:max_nodes]
    subgraph = graph.subgraph(kept)
    nodes = [
        NetworkNode(
            id=node,
            name=node,
            country=data.get("country"),
            sector=data.get("sector"),
            org=data.get("org"),
            kind=data.get("kind") or "person",
            events=data.get("events", 0),
        )
        for node, data in sorted(subgraph.nodes(data=True))
    ]
    links = [
        NetworkLink(source=source, target=target, **data)
        for source, target, data in sorted(subgraph.edges(data=True))
    ]
    return Network(nodes=nodes, links=links)
