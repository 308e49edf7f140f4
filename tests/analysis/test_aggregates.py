"""The aggregate tables against the scan they replace, on real coded news (SQLite and PostgreSQL): every
analytic gives the same answer read from the tables as computed from the events, before and after more
articles are written; the tables kept article by article equal the tables counted again from scratch,
through merges of real-world events; every write raises the database version."""

import datetime as dt

import pytest
from sqlalchemy import select

from eventcoder import analysis
from eventcoder.analysis import EventFilter, aggregates
from eventcoder.records import DateValue
from eventcoder.store import open_store
from eventcoder.store.schema import ClusterAggregateRow, EventAggregateRow

from .test_analysis import analysed, dyads_of, most_common


def selections(documents) -> list[EventFilter]:
    events = [event for _, event in analysed(documents)]
    country = most_common(a.country for e in events for a in e.sources + e.targets if a.country)
    days = sorted(d.article.published for d in documents if d.article.published)
    middle = days[len(days) // 2]
    return [
        EventFilter(),
        EventFilter(country=country),
        EventFilter(since=middle),
        EventFilter(until=middle[:7]),
        EventFilter(since=days[0][:4], until=middle, country=country),
        EventFilter(event_types=("ACCUSE", "ASSAULT", "PROTEST", "CONSULT")),
        EventFilter(modality="all"),
        EventFilter(modality="negated,future,hypothetical"),
        EventFilter(modality="asserted", event_types=(most_common(e.event_type for e in events),)),
    ]


def answers(store, selection, dyad, country, scan):
    """Every analytic the aggregate tables serve, as plain data."""
    graph = analysis.actor_network(store, selection, scan=scan)
    found = {
        "network": (sorted(graph.nodes(data=True)), sorted(graph.edges(data=True))),
        "summary": analysis.summary(store, selection, scan=scan),
        "dyads": analysis.dyad_series(store, selection, top=1000, min_events=1, scan=scan),
        "escalation": analysis.escalation(store, selection, min_events=1, scan=scan),
        "map": analysis.event_map(store, selection, scan=scan),
        "series": analysis.period_series(store, selection, interval="week", scan=scan),
        "dyad series": analysis.period_series(store, selection, source=dyad[0], target=dyad[1], scan=scan),
        "change": analysis.change(store, selection, min_events=1, scan=scan),
        "regions": analysis.change(store, selection, level="admin1", min_events=0, scan=scan),
    }
    for by in ("type", "day", "dyad"):
        for sort in (None, "count", "key"):
            found[f"counts {by} {sort}"] = analysis.event_counts(store, by, selection, sort=sort, scan=scan)
    found["counts month"] = analysis.event_counts(store, "day", selection, interval="month", scan=scan)
    if not selection.country:
        found["countries"] = analysis.country_list(store, selection, scan=scan)
        found["profile"] = analysis.country_profile(store, country, selection, scan=scan)
    return found


def assert_same_answers(store, documents):
    events = [event for _, event in analysed(documents)]
    dyad = most_common(dyad for event in events for dyad in dyads_of(event))
    country = most_common(a.country for e in events for a in e.sources + e.targets if a.country)
    for selection in selections(documents):
        assert aggregates.can_answer(store, "all", selection)
        read = answers(store, selection, dyad, country, scan=False)
        scanned = answers(store, selection, dyad, country, scan=True)
        for name in scanned:
            assert read[name] == scanned[name], (name, selection)


def aggregate_rows(store) -> tuple[list, list]:
    with store.engine.connect() as connection:
        events = [
            (*row[:-2], row.events, round(row.intensity, 6))
            for row in connection.execute(select(EventAggregateRow.__table__))
        ]
        clusters = [tuple(row) for row in connection.execute(select(ClusterAggregateRow.__table__))]
    return sorted(events), sorted(clusters)


def test_aggregates_answer_as_the_scan_before_and_after_more_articles(db_url, documents):
    first, second = list(documents[::2]), list(documents[1::2])
    with open_store(db_url) as store:
        for document in first:
            assert store.write_document(document)
        assert_same_answers(store, first)
        version = store.version()
        for document in second:
            assert store.write_document(document)
        assert store.version() == version + len(second)
        assert_same_answers(store, documents)
        kept = aggregate_rows(store)
        assert kept[0] and kept[1]
        store.rebuild_aggregates()
        assert aggregate_rows(store) == kept


def test_aggregates_do_not_answer_the_actor_and_text_filters(store):
    assert not aggregates.can_answer(store, "all", EventFilter(actor="police"))
    assert not aggregates.can_answer(store, "all", EventFilter(q="protest"))
    assert not aggregates.can_answer(store, "involved", EventFilter(country="USA"))
    assert aggregates.can_answer(store, "all", EventFilter(country="USA", since="2019"))


def test_aggregates_off_by_the_environment(store, monkeypatch):
    monkeypatch.setenv(aggregates.SWITCH, "0")
    assert not aggregates.can_answer(store, "all", EventFilter())


# ---- merges of real-world events


def reports_of_one_event(documents):
    """Three reports of one real coded event, dated by three outlets: the 10th, the 13th, and "the week
    of the 10th" — the third links the first two, which do not match each other."""
    document, event = next(
        (document, event)
        for document, event in analysed(documents)
        if dyads_of(event) and event.location is not None
    )
    day = dt.date(2019, 6, 10)
    reports = []
    for name, value, precision in (
        ("a", day, "day"),
        ("c", day + dt.timedelta(days=3), "day"),
        ("b", day, "week"),
    ):
        article_id = f"{document.article.id}-{name}"
        copy = event.model_copy(
            update={
                "id": f"{article_id}:e1",
                "date": DateValue(value=value.isoformat(), precision=precision, text=None),
            }
        )
        article = document.article.model_copy(
            update={
                "id": article_id,
                "text": document.article.text + f"\n\n(outlet {name})",
                "source": f"Outlet {name}",
            }
        )
        reports.append(document.model_copy(update={"article": article, "events": [copy], "quotes": []}))
    return reports


@pytest.mark.parametrize("order", ["merging", "joining"])
def test_aggregates_follow_a_merge_of_real_world_events(db_url, documents, order):
    a, c, b = reports_of_one_event(documents)
    with open_store(db_url) as store:
        written = (a, c, b) if order == "merging" else (b, a, c)
        clusters = []
        for document in written:
            assert store.write_document(document)
            assert_same_answers(store, [a, b, c])
            clusters.append(store.cluster_count())
        assert clusters == ([1, 2, 1] if order == "merging" else [1, 1, 1])
        summary = analysis.summary(store, EventFilter(modality="all"))
        assert (summary.events, summary.real_world_events) == (3, 1)
        kept = aggregate_rows(store)
        store.rebuild_aggregates()
        assert aggregate_rows(store) == kept
        store.cluster_events()
        assert aggregate_rows(store) == kept
