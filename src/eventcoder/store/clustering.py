"""Cross-article deduplication: which stored events report the same real-world event (pure, over plain values).

Two reports are of one event when :func:`same_event` says so; a real-world event (a cluster) is a
connected group of such reports, named by its smallest event id. The grouping does not depend on the
order in which reports arrive, so it can be kept up to date one article at a time (an arriving report
joins, and may merge, the clusters of the reports it matches) and equals :func:`cluster_reports` over
all of them. Reports that can match share a :func:`cluster_keys` key and lie within
``CLUSTER_MAX_DATE_SPAN_DAYS`` of each other: that is how the candidates are found, through an index.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..records import DateValue
from .rows import event_date_range

# How close two reports must be to be the same real-world event.
CLUSTER_MAX_KM = 50.0
CLUSTER_MAX_DATE_SPAN_DAYS = 31  # coarser dates (a year) are too vague to link reports by


@dataclass
class Report:
    id: str
    article_id: str
    event_type: str
    days: tuple[dt.date, dt.date] | None
    date: DateValue | None
    event_date: str | None
    sources: frozenset[str]
    targets: frozenset[str]
    lat: float | None
    lon: float | None
    location_name: str | None
    location_country: str | None
    location_kind: str | None
    cameo: str | None
    intensity: float
    outlet: str | None
    published: str | None

    @classmethod
    def from_row(cls, row, countries: dict[str, set[str]]) -> Report:
        date = None
        if row.date_value is not None:
            date = DateValue(value=row.date_value, precision=row.date_precision, text=row.date_text)
        return cls(
            id=row.id,
            article_id=row.article_id,
            event_type=row.event_type,
            days=event_date_range(date, row.published),
            date=date,
            event_date=row.event_date,
            sources=frozenset(countries["source"]),
            targets=frozenset(countries["target"]),
            lat=row.lat,
            lon=row.lon,
            location_name=row.location_name,
            location_country=row.location_country,
            location_kind=row.location_kind,
            cameo=row.cameo,
            intensity=row.intensity,
            outlet=row.source,
            published=row.published,
        )


@dataclass
class Cluster:
    reports: list[Report] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Its smallest event id: the same whatever the order its reports arrived in."""
        return min(report.id for report in self.reports)

    def countries(self) -> dict[str, list[str]]:
        """The codes on each side ("source", "target") over all its reports, sorted."""
        return {
            "source": sorted(set().union(*(report.sources for report in self.reports))),
            "target": sorted(set().union(*(report.targets for report in self.reports))),
        }

    def country_rows(self) -> list[dict]:
        """Its rows of the link table ``event_cluster_countries``."""
        return [
            {"cluster_id": self.id, "role": role, "country": country}
            for role, countries in self.countries().items()
            for country in countries
        ]

    def row(self) -> dict:
        self.reports.sort(key=lambda report: report.id)  # the same row whatever the arrival order
        first = self.reports[0]
        located = next((report for report in self.reports if report.lat is not None), None)
        precise = min(
            (report for report in self.reports if report.days is not None),
            key=lambda report: (report.days[1] - report.days[0], report.id),
            default=first,
        )
        cameos = Counter(report.cameo for report in self.reports if report.cameo)
        countries = self.countries()
        return {
            "id": first.id,
            "event_type": first.event_type,
            "event_date": precise.event_date,
            "date_value": precise.date.value if precise.date else None,
            "date_precision": precise.date.precision if precise.date else None,
            # the link table's codes again, for SQL written before it existed
            "source_countries": ";".join(countries["source"]),
            "target_countries": ";".join(countries["target"]),
            "location_name": located.location_name if located else None,
            "location_country": located.location_country if located else None,
            "lat": located.lat if located else None,
            "lon": located.lon if located else None,
            "cameo": cameos.most_common(1)[0][0] if cameos else None,
            "intensity": first.intensity,
            "report_count": len({report.article_id for report in self.reports}),
            "event_count": len(self.reports),
            "outlets": sorted({report.outlet for report in self.reports if report.outlet}),
        }


def _km(a: Report, b: Report) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def same_event(a: Report, b: Report) -> bool:
    """True when two reports describe the same real-world event.

    Same type; dates that overlap within their precision (and are no vaguer than a month); overlapping
    source and target countries; and, when both are located, places within ``CLUSTER_MAX_KM`` (or the
    same country when one is only a country). Reports without countries on a side are linked only
    when both are located at the same place: precision first.
    """
    if a.event_type != b.event_type or a.days is None or b.days is None:
        return False
    for days in (a.days, b.days):
        if (days[1] - days[0]).days > CLUSTER_MAX_DATE_SPAN_DAYS:
            return False
    if a.days[0] > b.days[1] or b.days[0] > a.days[1]:
        return False
    both_located = a.lat is not None and b.lat is not None
    if both_located:
        if "country" in (a.location_kind, b.location_kind) or "region" in (a.location_kind, b.location_kind):
            near = a.location_country is not None and a.location_country == b.location_country
        else:
            near = _km(a, b) <= CLUSTER_MAX_KM
        if not near:
            return False
    for mine, theirs in ((a.sources, b.sources), (a.targets, b.targets)):
        if mine or theirs:
            if not mine & theirs:
                return False
        elif not both_located:
            return False
    return True


def cluster_keys(report: Report) -> list[tuple[str, str]]:
    """(source, target) codes that every report matching ``report`` shares with it ('' for a side
    without codes); none for a report that can match nothing (undated, or dated too vaguely).

    :func:`same_event` asks for a common code on each side that has codes, and no codes on either
    report for a side without: two matching reports have a key in common.
    """
    if not _datable(report):
        return []
    return [
        (source, target)
        for source in sorted(report.sources) or [""]
        for target in sorted(report.targets) or [""]
    ]


def _datable(report: Report) -> bool:
    return report.days is not None and (report.days[1] - report.days[0]).days <= CLUSTER_MAX_DATE_SPAN_DAYS


def candidate_window(report: Report) -> tuple[dt.date, dt.date]:
    """First days a matching report can have: its dates must overlap, and span at most the limit."""
    first, last = report.days
    return first - dt.timedelta(days=CLUSTER_MAX_DATE_SPAN_DAYS), last


def cluster_reports(reports: Iterable[Report]) -> list[Cluster]:
    """Group reports into clusters (connected groups of matching reports), each with its reports in id
    order, sorted by id."""
    reports = sorted(reports, key=lambda report: report.id)
    parent = {report.id: report.id for report in reports}

    def root(report_id: str) -> str:
        while parent[report_id] != report_id:
            parent[report_id] = parent[parent[report_id]]
            report_id = parent[report_id]
        return report_id

    by_key: dict[tuple, list[Report]] = defaultdict(list)
    for report in reports:
        for key in cluster_keys(report):
            by_key[(report.event_type, *key)].append(report)
    for members in by_key.values():
        members.sort(key=lambda report: report.days[0])
        for index, report in enumerate(members):
            first, _ = candidate_window(report)
            for other in reversed(members[:index]):  # the earlier starts, latest first
                if other.days[0] < first:
                    break
                if same_event(report, other):
                    a, b = root(report.id), root(other.id)
                    parent[max(a, b)] = min(a, b)
    clusters: dict[str, Cluster] = {}
    for report in reports:
        clusters.setdefault(root(report.id), Cluster()).reports.append(report)
    return sorted(clusters.values(), key=lambda cluster: cluster.id)
