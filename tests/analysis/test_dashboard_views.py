"""The dashboard's views over the database coded from real Wikinews articles: every number is checked
against the coded documents (and, for real-world events, the clusters the store made of them)."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from sqlalchemy import select

from eventcoder import analysis
from eventcoder.analysis import ANALYSED_MODALITIES, EventFilter
from eventcoder.analysis.change_detection import change_row, windows
from eventcoder.analysis.codes import country_table
from eventcoder.codebook import QUAD_CLASSES, quad_class
from eventcoder.errors import BadOption
from eventcoder.store import EventClusterRow, EventRow, QuoteRow

from .test_analysis import all_events, analysed, dyads_of, event_day, most_common


def involved(event):
    countries = {actor.country for actor in event.sources + event.targets if actor.country}
    if event.location is not None and event.location.country:
        countries.add(event.location.country)
    return countries


def where(event):
    """Where an event happened, as change detection counts it."""
    if event.location is not None and event.location.country:
        return {event.location.country}
    return {actor.country for actor in event.sources + event.targets if actor.country}


@pytest.fixture(scope="module")
def cluster_of(store):
    """event id -> (cluster id, the cluster's day)."""
    events, clusters = EventRow.__table__, EventClusterRow.__table__
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(events.c.id, clusters.c.id, clusters.c.event_date).join(
                clusters, clusters.c.id == events.c.cluster_id
            )
        ).all()
    return {event_id: (cluster_id, day) for event_id, cluster_id, day in rows}


def week(day: str) -> str:
    date = dt.date.fromisoformat(day)
    return (date - dt.timedelta(days=date.weekday())).isoformat()


# ---- real-world events


def test_dashboard_clusters_pages_are_every_cluster_newest_first(store, cluster_of):
    total = store.cluster_count()
    assert total == len({cluster for cluster, _ in cluster_of.values()})
    seen = []
    for offset in range(0, total, 40):
        page = analysis.find_clusters(store, EventFilter(), limit=40, offset=offset)
        assert page.total == total
        seen += page.clusters
    assert len({cluster.id for cluster in seen}) == total
    days = [cluster.event_date or "" for cluster in seen]
    assert days == sorted(days, reverse=True)
    for cluster in seen:
        members = [event.event_id for event in cluster.events]
        assert {cluster_of[member][0] for member in members} == {cluster.id}
        assert cluster.event_count == len(members) and cluster.quad_class == quad_class(cluster.event_type)


def test_dashboard_clusters_filters(store, documents, cluster_of):
    event_type = most_common(event.event_type for _, event in all_events(documents))
    page = analysis.find_clusters(store, EventFilter(event_types=(event_type,)), limit=1000)
    expected = {
        cluster_of[event.id][0] for _, event in all_events(documents) if event.event_type == event_type
    }
    assert page.total == len(expected) and {cluster.id for cluster in page.clusters} == expected
    negated = analysis.find_clusters(store, EventFilter(modality="negated,prevented"), limit=1000)
    assert negated.total == len(
        {cluster_of[e.id][0] for _, e in all_events(documents) if e.modality in ("negated", "prevented")}
    )


# ---- the map


def test_dashboard_map_counts_each_place(store, documents, cluster_of):
    expected = defaultdict(list)
    for _, event in analysed(documents):
        if event.location is not None:
            place = event.location
            expected[place.name, place.country, place.lat, place.lon].append(event)
    places = analysis.event_map(store)
    assert len(places) == len(expected) > 0
    for place in places:
        members = expected[place.name, place.country, place.lat, place.lon]
        assert place.events == len(members)
        assert place.clusters == len({cluster_of[event.id][0] for event in members})
        assert place.by_quad == {
            quad: sum(quad_class(e.event_type) == quad for e in members) for quad in QUAD_CLASSES
        }
        assert place.by_quad[place.quad_class] == max(place.by_quad.values())
    assert [place.events for place in places] == sorted((place.events for place in places), reverse=True)


# ---- series


def test_dashboard_series_of_a_country(store, documents, cluster_of):
    country = most_common(c for _, event in analysed(documents) for c in involved(event))
    members = [(d, e) for d, e in analysed(documents) if country in involved(e)]
    series = analysis.period_series(store, EventFilter(country=country), interval="week")
    assert series.key == country and series.interval == "week"
    assert sum(point.events for point in series.points) == len(members)
    assert sum(point.clusters for point in series.points) == len({cluster_of[e.id][0] for _, e in members})
    by_week = Counter(week(event_day(d, e)) for d, e in members)
    assert {point.period: point.events for point in series.points if point.events} == dict(by_week)
    for point in series.points:
        assert sum(getattr(point, quad) for quad in QUAD_CLASSES) == point.events
    by_month = analysis.period_series(store, EventFilter(country=country), interval="month")
    assert all(point.period.endswith("-01") for point in by_month.points)
    assert sum(point.events for point in by_month.points) == len(members)


def test_dashboard_series_of_a_dyad(store, documents):
    dyad = most_common(dyad for _, event in analysed(documents) for dyad in dyads_of(event))
    members = [(d, e) for d, e in analysed(documents) if dyad in dyads_of(e)]
    series = analysis.period_series(store, source=dyad[0].lower(), target=dyad[1], interval="day")
    assert series.key == f"{dyad[0]}>{dyad[1]}"
    assert {point.period: point.events for point in series.points if point.events} == dict(
        Counter(event_day(d, e) for d, e in members)
    )
    assert sum(point.intensity for point in series.points) == pytest.approx(
        sum(e.intensity for _, e in members)
    )
    with pytest.raises(BadOption):
        analysis.period_series(store, source=dyad[0])
    with pytest.raises(BadOption):
        analysis.period_series(store, interval="year")


# ---- countries and actors


def test_dashboard_country_list(store, documents):
    items = analysis.country_list(store)
    assert [item.code for item in items] != sorted(item.code for item in items)  # by name, not code
    assert [item.name.casefold() for item in items] == sorted(item.name.casefold() for item in items)
    assert {item.code for item in items} == set(country_table())
    expected = Counter(c for _, event in analysed(documents) for c in involved(event))
    assert {item.code: item.events for item in items if item.events} == {
        code: n for code, n in expected.items() if code in country_table()
    }
    assert any(item.events == 0 for item in items)


def test_dashboard_country_profile(store, documents, cluster_of):
    country = most_common(c for _, event in analysed(documents) for c in involved(event))
    members = [e for _, e in analysed(documents) if country in involved(e)]
    profile = analysis.country_profile(store, country.lower())
    assert (profile.code, profile.name) == (country, country_table()[country])
    assert profile.events == len(members) == sum(point.events for point in profile.series)
    assert profile.clusters == len({cluster_of[e.id][0] for e in members})
    assert {t.event_type: t.events for t in profile.types} == dict(Counter(e.event_type for e in members))
    as_source, as_target = Counter(), Counter()
    for event in members:
        for source, target in dyads_of(event):
            if source == country and target != country:
                as_source[target] += 1
            elif target == country and source != country:
                as_target[source] += 1
    shown = {p.code: (p.as_source, p.as_target) for p in profile.partners}
    for code in set(as_source) | set(as_target):
        if code in shown:
            assert shown[code] == (as_source[code], as_target[code])
    assert len(shown) == min(len(set(as_source) | set(as_target)), 20)
    assert 0 < len(profile.recent) <= 10
    assert all(country in involved(report.event) for report in profile.recent)
    assert all(report.event.modality in ANALYSED_MODALITIES for report in profile.recent)
    with store.engine.connect() as connection:
        spoken = connection.execute(
            select(QuoteRow.text).where(
                QuoteRow.speaker_country == country, QuoteRow.speaker_name.is_not(None)
            )
        ).scalars()
        assert {quote.text for quote in profile.quotes} <= set(spoken)
    assert analysis.country_profile(store, "XYZ") is None


def test_dashboard_actor_profile(store, documents):
    name = most_common(actor.name for _, e in analysed(documents) for actor in e.sources + e.targets)
    members = [e for _, e in analysed(documents) if any(a.name == name for a in e.sources + e.targets)]
    profile = analysis.actor_profile(store, name)
    assert profile.name == name and profile.events == len(members)
    codes = Counter(
        (a.country, a.sector)
        for _, e in all_events(documents)
        for a in e.sources + e.targets
        if a.name == name
    )
    best = min(codes, key=lambda pair: (-codes[pair], pair[0] or "", pair[1] or ""))
    assert (profile.country, profile.sector) == best
    assert all(
        any(a.name == name for a in report.event.sources + report.event.targets) for report in profile.recent
    )
    pairs = Counter()
    for event in members:
        for source in {a.name for a in event.sources}:
            for target in {a.name for a in event.targets}:
                if source != target and name in (source, target):
                    pairs[target if source == name else source] += 1
    assert len(profile.partners) == min(len(pairs), 20)
    assert all(p.as_source + p.as_target == pairs[p.name] for p in profile.partners)
    assert analysis.actor_profile(store, "no such actor anywhere") is None


# ---- change detection


def test_dashboard_change_row_flags():
    def flag(recent, short, min_events=5):
        return change_row(("SYR",), {"recent": recent, "short": short, "long": 0}, min_events=min_events).flag

    assert flag(10, 20) == "surge"  # 10 against a weekly average of 5: double
    assert flag(9, 20) == "large_increase"  # short of double, more than 25 % above 5
    assert flag(7, 20) == "large_increase"
    assert flag(6, 20) is None  # 20 % above: no flag
    assert flag(4, 0) is None  # a quiet place with a few events does not surge
    assert flag(5, 0) == "surge"  # from nothing to min_events
    assert flag(1, 0, min_events=0) == "surge"  # never from zero events, whatever min_events
    assert flag(0, 0, min_events=0) is None
    row = change_row(("SYR", "Idlib"), {"recent": 6, "short": 8, "long": 52})
    assert (row.short_average, row.long_average, row.short_ratio, row.long_ratio) == (2.0, 1.0, 3.0, 6.0)
    assert (row.country_name, row.admin1) == ("Syria", "Idlib")


def test_dashboard_change_windows_touch_and_do_not_overlap():
    spans = windows(dt.date(2019, 10, 13), 7, 4, 52)
    assert spans["recent"] == ("2019-10-07", "2019-10-13")
    assert spans["short"] == ("2019-09-09", "2019-10-06")
    assert spans["long"] == ("2018-10-08", "2019-10-06")


@pytest.mark.parametrize("level", ["country", "admin1"])
def test_dashboard_change_counts_real_world_events_where_they_happened(store, documents, cluster_of, level):
    result = analysis.change(store, level=level, min_events=1)
    assert result.as_of == max(day for _, day in cluster_of.values())
    spans = windows(dt.date.fromisoformat(result.as_of), 7, 4, 52)
    expected = defaultdict(lambda: defaultdict(set))
    for _, event in analysed(documents):
        cluster, day = cluster_of[event.id]
        if level == "country":
            keys = [(country, None) for country in where(event)]
        else:
            location = event.location
            keys = (
                [(location.country, location.admin1)]
                if location and location.country and location.admin1
                else []
            )
        for key in keys:
            for name, (first, last) in spans.items():
                if first <= day <= last:
                    expected[key][name].add(cluster)
    got = {(row.country, row.admin1): row for row in result.rows}
    assert set(got) == set(expected) and got
    for key, row in got.items():
        counts = {name: len(expected[key][name]) for name in spans}
        assert row == change_row(key if level == "admin1" else key[:1], counts, min_events=1)
    order = [(row.flag is None, row.flag == "large_increase") for row in result.rows]
    assert order == sorted(order)
    with pytest.raises(BadOption):
        analysis.change(store, level="city")
