"""The actor network: who acts on whom, as a weighted directed graph."""

from __future__ import annotations

import networkx as nx

from ..codebook import is_conflict
from ..store.core import Store
from ..store.filters import ALL_EVENTS, EventFilter
from .facts import event_facts
from .models import Network, NetworkLink, NetworkNode

NETWORK_MAX_NODES = 60


def actor_network(store: Store, selection: EventFilter = ALL_EVENTS, *, scan: bool = False) -> nx.DiGraph:
    """Who acts on whom: an edge from each source actor to each target actor of an event.

    Nodes are canonical actor names (with country, sector, organisation and kind); an edge's ``events``
    counts the events between the two, ``intensity`` sums their intensity and ``conflict_events``
    counts those in a conflict quad class.
    """
    edges: dict[tuple[str, str], dict] = {}
    for fact in event_facts(store, "pair", selection, ("key", "event_type"), scan=scan):
        edge = edges.setdefault(fact.key, {"events": 0, "intensity": 0.0, "conflict_events": 0})
        edge["events"] += fact.events
        edge["intensity"] += fact.intensity
        edge["conflict_events"] += fact.events if is_conflict(fact.event_type) else 0
    linked = {name for pair in edges for name in pair}
    graph = nx.DiGraph()
    actors = [
        fact for fact in event_facts(store, "actor", selection, ("key",), scan=scan) if fact.key[0] in linked
    ]
    # an actor name may come with several codes (a person's sector changes): keep the most frequent
    for fact in sorted(actors, key=lambda fact: (fact.events, [part or "" for part in fact.key])):
        name, country, sector, org, kind = fact.key
        previous = graph.nodes[name]["events"] if name in graph else 0
        graph.add_node(
            name, country=country, sector=sector, org=org, kind=kind, events=previous + fact.events
        )
    for (source, target), data in sorted(edges.items()):
        graph.add_edge(source, target, **{**data, "intensity": round(data["intensity"], 4)})
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
