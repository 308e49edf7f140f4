"""The map: events and real-world events per place."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..codebook import QUAD_CLASSES, quad_class
from ..store.core import Store
from ..store.filters import ALL_EVENTS, EventFilter
from .dashboard_models import MapPlace
from .facts import cluster_facts, event_facts


def event_map(store: Store, selection: EventFilter = ALL_EVENTS, *, scan: bool = False) -> list[MapPlace]:
    """One record per place (location name and coordinates) with counted events: their number, the
    real-world events there, and the events by quad class; the busiest places first."""
    by_quad: dict[tuple, Counter] = defaultdict(Counter)
    events: Counter = Counter()
    for fact in event_facts(store, "place", selection, ("key", "event_type"), scan=scan):
        events[fact.key] += fact.events
        quad = quad_class(fact.event_type)
        if quad:
            by_quad[fact.key][quad] += fact.events
    clusters = {
        fact.key: fact.clusters for fact in cluster_facts(store, "place", selection, ("key",), scan=scan)
    }
    places = []
    for key in set(events) | set(clusters):
        name, country, lat, lon = key
        quads = by_quad[key]
        most = max(QUAD_CLASSES, key=lambda quad: (quads[quad], -QUAD_CLASSES.index(quad)))
        places.append(
            MapPlace(
                name=name,
                country=country,
                lat=float(lat),
                lon=float(lon),
                events=events[key],
                clusters=clusters.get(key, 0),
                quad_class=most if quads[most] else None,
                by_quad={quad: quads[quad] for quad in QUAD_CLASSES},
            )
        )
    return sorted(
        places, key=lambda place: (-place.events, -place.clusters, place.name, place.lat, place.lon)
    )
