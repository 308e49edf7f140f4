"""The keys of the aggregate tables: what of each event they count, under which keys and scopes
(pure, over plain values; ``store.aggregates`` reads and writes the tables)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..records import MODALITIES

SEPARATOR = "\x1f"
SPEAKER = "speaker"
COARSE_PRECISIONS = ("month", "year")
EVENT_KINDS = ("all", "country", "where", "admin1", "dyad", "place", "pair", "actor", "outlet")
CLUSTER_KINDS = ("all", "where", "admin1", "place", "dyad")
FLOAT_PARTS = {"place": (2, 3)}  # lat and lon
EVENT_KEY = ("kind", "scope", "key", "day", "precise", "event_type", "modality")
CLUSTER_KEY = ("kind", "scope", "key", "day", "event_type", "modalities")


def encode(parts: Sequence) -> str:
    return SEPARATOR.join(
        "" if part is None else repr(part) if isinstance(part, float) else str(part) for part in parts
    )


def decode(kind: str, key: str, size: int) -> tuple:
    """The parts of a stored key (None for an empty part; floats for coordinates)."""
    if size == 0:
        return ()
    parts: list = [part or None for part in key.split(SEPARATOR)]
    for index in FLOAT_PARTS.get(kind, ()):
        parts[index] = float(parts[index]) if parts[index] is not None else None
    return tuple(parts)


def modality_set(modalities: Iterable[str]) -> str:
    """A set of modalities as stored: comma-joined in the order of :data:`records.MODALITIES`."""
    present = set(modalities)
    return ",".join(modality for modality in MODALITIES if modality in present)


@dataclass
class EventFacts:
    """What the aggregates read of one stored event."""

    id: str
    day: str
    precise: int
    event_type: str
    modality: str
    intensity: float
    location_name: str | None
    location_country: str | None
    location_admin1: str | None
    lat: float | None
    lon: float | None
    cluster_id: str | None
    outlet: str | None
    actors: list[tuple] = field(default_factory=list)  # (role, name, country, sector, org, kind)

    @classmethod
    def from_row(cls, row: Mapping, outlet: str | None, actors: list[tuple]) -> EventFacts:
        return cls(
            id=row["id"],
            day=row["event_date"] or "",
            precise=int((row["date_precision"] or "day") not in COARSE_PRECISIONS),
            event_type=row["event_type"],
            modality=row["modality"],
            intensity=row["intensity"],
            location_name=row["location_name"],
            location_country=row["location_country"],
            location_admin1=row["location_admin1"],
            lat=row["lat"],
            lon=row["lon"],
            cluster_id=row["cluster_id"],
            outlet=outlet,
            actors=actors,
        )

    def scopes(self) -> list[str]:
        """'' and every country it involves: a source's or target's, or its place's."""
        countries = {actor[2] for actor in self.actors if actor[2]}
        if self.location_country:
            countries.add(self.location_country)
        return ["", *sorted(countries)]

    def keys(self, kind: str) -> list[tuple]:
        """Its keys of ``kind``, each once (for "actor": one per source or target row)."""
        sources = [actor for actor in self.actors if actor[0] == "source"]
        targets = [actor for actor in self.actors if actor[0] == "target"]
        acting = sources + targets
        countries = sorted({actor[2] for actor in acting if actor[2]})
        if kind == "all":
            return [()]
        if kind == "country":
            return [(country,) for country in countries]
        if kind == "where":
            return [(self.location_country,)] if self.location_country else [(c,) for c in countries]
        if kind == "admin1":
            located = self.location_country and self.location_admin1
            return [(self.location_country, self.location_admin1)] if located else []
        if kind == "place":
            return (
                [(self.location_name, self.location_country, self.lat, self.lon)]
                if self.location_name
                else []
            )
        if kind == "dyad":
            codes = {
                (source[2] or source[4], target[2] or target[4])
                for source in sources
                for target in targets
                if (source[2] or source[4]) and (target[2] or target[4])
            }
            return sorted(codes)
        if kind == "pair":
            names = {(s[1], t[1]) for s in sources for t in targets if s[1] != t[1]}
            return sorted(names)
        if kind == "actor":
            return [actor[1:] for actor in acting]
        if kind == "outlet":
            return [(self.outlet,)] if self.outlet else []
        raise ValueError(f"no aggregates of kind {kind!r}")


def event_counts(events: Iterable[EventFacts]) -> dict[tuple, list]:
    """{row key (:data:`EVENT_KEY`): [events, intensity]} of these events."""
    counts: dict[tuple, list] = defaultdict(lambda: [0, 0.0])
    for event in events:
        scopes = event.scopes()
        for kind in EVENT_KINDS:
            for key in event.keys(kind):
                encoded = encode(key)
                for scope in scopes:
                    cell = counts[
                        kind, scope, encoded, event.day, event.precise, event.event_type, event.modality
                    ]
                    cell[0] += 1
                    cell[1] += event.intensity
    return counts


def cluster_counts(clusters: Mapping[str, tuple[str | None, str]], members: Iterable[EventFacts]) -> Counter:
    """Counter of row keys (:data:`CLUSTER_KEY`) of these clusters ({id: (day, type)}) from their members."""
    modalities: dict[tuple, set[str]] = defaultdict(set)
    for event in members:
        if event.cluster_id not in clusters:
            continue
        scopes = event.scopes()
        for kind in CLUSTER_KINDS:
            for key in event.keys(kind):
                for scope in scopes:
                    modalities[event.cluster_id, kind, scope, encode(key)].add(event.modality)
    counts: Counter = Counter()
    for (cluster_id, kind, scope, key), found in modalities.items():
        day, event_type = clusters[cluster_id]
        counts[kind, scope, key, day or "", event_type, modality_set(found)] += 1
    return counts
