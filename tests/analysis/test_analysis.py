"""Analytics over a database coded from real Wikinews articles: every number is checked against the
coded documents themselves, so the tests hold for whatever the stages find today."""

import datetime as dt
import re
import string
from collections import Counter, defaultdict

import networkx as nx
import pytest
from sqlalchemy import func, or_, select

from eventcoder import analysis
from eventcoder.analysis import (
    ANALYSED_MODALITIES,
    DayTotals,
    EventFilter,
    escalation_signal,
)
from eventcoder.codebook import QUAD_CLASSES, quad_class
from eventcoder.errors import BadOption
from eventcoder.records import EVENT_TYPES, ArticleRef
from eventcoder.store import EventActorRow, EventRow, event_date_range, open_store


def all_events(documents):
    return [(document, event) for document in documents for event in document.events]


def analysed(documents):
    return [
        (document, event)
        for document, event in all_events(documents)
        if event.modality in ANALYSED_MODALITIES
    ]


def code(actor):
    return actor.country or actor.org


def event_day(document, event):
    """The day the store files an event under: the first day of its date, else the publication day."""
    days = event_date_range(event.date, None)
    return days[0].isoformat() if event.date and days else document.article.published


def dyads_of(event):
    return {
        (code(source), code(target))
        for source in event.sources
        for target in event.targets
        if code(source) and code(target)
    }


# ---- the quad classes


@pytest.mark.parametrize(
    "event_type, quad",
    [
        ("AGREE", "verbal_cooperation"),
        ("CONSULT", "verbal_cooperation"),
        ("SUPPORT", "verbal_cooperation"),
        ("CONCEDE", "verbal_cooperation"),
        ("COOPERATE", "material_cooperation"),
        ("AID", "material_cooperation"),
        ("RETREAT", "material_cooperation"),
        ("REQUEST", "verbal_conflict"),
        ("ACCUSE", "verbal_conflict"),
        ("REJECT", "verbal_conflict"),
        ("THREATEN", "verbal_conflict"),
        ("SANCTION", "verbal_conflict"),
        ("PROTEST", "material_conflict"),
        ("MOBILIZE", "material_conflict"),
        ("COERCE", "material_conflict"),
        ("ASSAULT", "material_conflict"),
    ],
)
def test_analysis_quad_class_of_plover_type(event_type, quad):
    assert quad_class(event_type) == quad


def test_analysis_quad_classes_cover_every_plover_type():
    assert {event_type for event_type in EVENT_TYPES if quad_class(event_type)} == set(EVENT_TYPES)


# ---- the escalation signal (a pure function over daily totals)


def days(start: str, values: list[tuple[int, float, int]]) -> dict[dt.date, DayTotals]:
    """Daily totals from ``start`` on: (events, intensity sum, conflict events) per day."""
    first = dt.date.fromisoformat(start)
    return {
        first + dt.timedelta(days=offset): DayTotals(
            events=events, intensity=intensity, conflict_events=conflicts
        )
        for offset, (events, intensity, conflicts) in enumerate(values)
        if events
    }


QUIET = [(0, 0.0, 0)]
AGREEMENT = [(1, 6.0, 0)]
ASSAULT = [(1, -10.0, 1)]
PROTEST = [(1, -6.5, 1)]


@pytest.mark.parametrize(
    "history, alert, change",
    [
        # calm month, then three assaults in the last week: alert
        (QUIET * 30 + ASSAULT + QUIET * 2 + ASSAULT + QUIET * 2 + ASSAULT, True, 4.2857),
        # the same week after a month of violence almost as heavy: a small change, no alert
        ((ASSAULT + QUIET * 2) * 10 + ASSAULT + QUIET * 2 + ASSAULT + QUIET * 2 + ASSAULT, False, 0.9524),
        # one report is not a trend (min_events=2)
        (QUIET * 36 + ASSAULT, False, 1.4286),
        # cooperation in the last week: the series moved away from conflict
        (QUIET * 30 + AGREEMENT * 7, False, -6.0),
        # an agreement before, two protests now: the daily mean falls from 0.2 to -1.857
        (AGREEMENT + QUIET * 29 + PROTEST + QUIET * 5 + PROTEST, True, 2.0571),
    ],
)
def test_analysis_escalation_signal(history, alert, change):
    daily = days("2019-01-01", history)
    as_of = dt.date(2019, 1, 1) + dt.timedelta(days=len(history) - 1)
    signal = escalation_signal(daily, as_of, recent_days=7, baseline_days=30, threshold=1.0, min_events=2)
    assert signal.alert is alert
    assert signal.change == pytest.approx(change, abs=1e-3)
    assert signal.as_of == as_of.isoformat()


def test_analysis_escalation_signal_windows_do_not_overlap():
    # an event on the first day of the recent window counts there, not in the baseline
    daily = days("2019-03-01", [(1, -10.0, 1)])
    signal = escalation_signal(daily, dt.date(2019, 3, 7), recent_days=7, baseline_days=30)
    assert (signal.recent_events, signal.baseline_mean) == (1, 0.0)
    signal = escalation_signal(daily, dt.date(2019, 3, 8), recent_days=7, baseline_days=30)
    assert (signal.recent_events, signal.baseline_mean) == (0, pytest.approx(-10.0 / 30, abs=1e-3))


# ---- the coded corpus


def test_analysis_corpus_has_events(documents):
    # the Wikinews conflict stories must yield events, or every test below checks nothing
    assert len(all_events(documents)) >= 10
    assert any(dyads_of(event) for _, event in analysed(documents))


def test_analysis_find_events_total_is_every_event(store, documents):
    page = analysis.find_events(store, EventFilter(), limit=5)
    assert page.total == len(all_events(documents))
    assert len(page.events) == min(5, page.total)


def test_analysis_find_events_pages_cover_all_once(store, documents):
    seen = []
    for offset in range(0, len(all_events(documents)), 7):
        seen += [
            report.event.id
            for report in analysis.find_events(store, EventFilter(), limit=7, offset=offset).events
        ]
    assert sorted(seen) == sorted(event.id for _, event in all_events(documents))
    dates = [
        report.event_date or "" for report in analysis.find_events(store, EventFilter(), limit=1000).events
    ]
    assert dates == sorted(dates, reverse=True)


def test_analysis_find_events_gives_the_stored_event_and_its_article(store, documents):
    by_id = {event.id: (document, event) for document, event in all_events(documents)}
    for report in analysis.find_events(store, EventFilter(), limit=1000).events:
        document, event = by_id[report.event.id]
        assert report.event == event  # the whole record: date, attribution, evidence, location
        assert report.article.model_dump() == document.article.model_dump(
            include=set(ArticleRef.model_fields)
        )
        assert report.quad_class == quad_class(event.event_type)
        assert report.date_basis == ("event" if event.date else "publication" if report.event_date else None)


def most_common(values):
    counts = Counter(values)
    assert counts, "the corpus yields no value to filter on"
    return counts.most_common(1)[0][0]


def test_analysis_find_events_filter_by_type(store, documents):
    event_type = most_common(event.event_type for _, event in all_events(documents))
    page = analysis.find_events(store, EventFilter(event_types=(event_type,)), limit=1000)
    assert sorted(report.event.id for report in page.events) == sorted(
        event.id for _, event in all_events(documents) if event.event_type == event_type
    )


def test_analysis_find_events_filter_by_modality(store, documents):
    for modality in {event.modality for _, event in all_events(documents)}:
        page = analysis.find_events(store, EventFilter(modality=modality), limit=1000)
        assert page.total == sum(event.modality == modality for _, event in all_events(documents))


def test_analysis_find_events_filter_by_dates(store, documents):
    day = sorted(event_day(document, event) for document, event in all_events(documents))[
        len(all_events(documents)) // 2
    ]
    since = analysis.find_events(store, EventFilter(since=day), limit=1000)
    until = analysis.find_events(store, EventFilter(until=day), limit=1000)
    assert since.total == sum(event_day(d, e) >= day for d, e in all_events(documents))
    assert until.total == sum(event_day(d, e) <= day for d, e in all_events(documents))
    month = analysis.find_events(store, EventFilter(since=day[:7], until=day[:7]), limit=1000)
    assert month.total == sum(event_day(d, e)[:7] == day[:7] for d, e in all_events(documents))


def test_analysis_find_events_filter_by_country(store, documents):
    country = most_common(
        actor.country
        for _, event in all_events(documents)
        for actor in event.sources + event.targets
        if actor.country
    )
    expected = {
        event.id
        for _, event in all_events(documents)
        if any(actor.country == country for actor in event.sources + event.targets)
        or (event.location is not None and event.location.country == country)
    }
    page = analysis.find_events(store, EventFilter(country=country), limit=1000)
    assert {report.event.id for report in page.events} == expected


def test_analysis_find_events_filter_by_actor_name_part(store, documents):
    name = most_common(
        actor.name for _, event in all_events(documents) for actor in event.sources + event.targets
    )
    part = name.split()[-1].lower()
    expected = {
        event.id
        for _, event in all_events(documents)
        if any(
            part in actor.name.lower() or actor.org == part.upper() for actor in event.sources + event.targets
        )
    }
    page = analysis.find_events(store, EventFilter(actor=part), limit=1000)
    assert {report.event.id for report in page.events} == expected


def test_analysis_find_events_full_text(store, documents):
    word = most_common(event.trigger.text.lower() for _, event in all_events(documents))
    page = analysis.find_events(store, EventFilter(q=word.upper()), limit=1000)
    assert {report.event.id for report in page.events} == {
        event.id for _, event in all_events(documents) if word in event.sentence.text.lower()
    }


@pytest.mark.parametrize("text", ["%", "_", "'; DROP TABLE events; --", "\\"])
def test_analysis_filters_are_literal(store, documents, text):
    page = analysis.find_events(store, EventFilter(q=text, actor=text), limit=1000)
    assert page.total == sum(
        text in event.sentence.text
        and any(text.lower() in actor.name.lower() for actor in event.sources + event.targets)
        for _, event in all_events(documents)
    )
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(EventRow)).scalar_one() == len(
            all_events(documents)
        )


# ---- the substring indexes of the text and actor filters against a plain LIKE

ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def search_texts(documents) -> list[str]:
    """What a user might type: words and word parts of the coded sentences and actor names, slices
    across words and punctuation, other cases, LIKE wildcards, quotes, and texts under 3 characters."""
    sentences = sorted({event.sentence.text for _, event in all_events(documents)})
    names = sorted(
        {actor.name for _, event in all_events(documents) for actor in event.sources + event.targets}
    )
    texts = {"%", "_", "\\", '"', "'", "po", "PO", "a", '"police', "%police", "1_0", "e.", "s, "}
    for text in sentences[::5] + names[::3]:
        words = re.findall(r"\w{3,}", text)
        texts.update(words[:2])
        texts.update(word.upper() for word in words[2:3])
        texts.update(word[1:-1] for word in words[3:4])
        texts.update({text[4:11], text[-8:], text[:3].swapcase()})
    # non-ASCII letters: LIKE ignores the case of ASCII letters only, and so must the index
    for text in sentences + names:
        for match in re.finditer(r"\w*[^\x00-\x7f]\w*", text):
            texts.update({match.group(), match.group().upper(), match.group().lower()})
    return sorted(text for text in texts if text.strip(" ,."))


def events_like(store, text: str) -> tuple[set[str], set[str]]:
    """(events whose sentence contains ``text``, events with an actor named so) by a plain (I)LIKE scan."""
    dialect = store.engine.dialect.name
    events, actors = EventRow.__table__.c, EventActorRow.__table__.c
    named = or_(analysis.contains(actors.name, text, dialect), actors.org == text.upper())
    with store.engine.connect() as connection:
        said = set(
            connection.scalars(
                select(events.id).where(analysis.contains(events.sentence_text, text, dialect))
            )
        )
        acted = set(connection.scalars(select(actors.event_id).where(actors.role != "speaker", named)))
    return said, acted


def assert_filters_match_like(store, documents):
    texts = search_texts(documents)
    assert len(texts) > 50 and any(len(text) < 3 for text in texts)
    found_any = 0
    for text in texts:
        said, acted = events_like(store, text)
        by_text = analysis.find_events(store, EventFilter(q=text), limit=1000)
        by_actor = analysis.find_events(store, EventFilter(actor=text), limit=1000)
        assert ({report.event.id for report in by_text.events}, by_text.total) == (said, len(said)), text
        assert ({report.event.id for report in by_actor.events}, by_actor.total) == (acted, len(acted)), text
        found_any += bool(said) + bool(acted)
    assert found_any > len(texts)  # most texts are found: the comparison is not between empty sets


def test_analysis_text_and_actor_filters_find_what_like_finds(store, documents):
    assert_filters_match_like(store, documents)


def test_analysis_text_filter_ignores_the_case_of_ascii_letters_only(store, documents):
    for text in search_texts(documents):
        page = analysis.find_events(store, EventFilter(q=text), limit=1000)
        expected = {
            event.id
            for _, event in all_events(documents)
            if text.translate(ASCII_LOWER) in event.sentence.text.translate(ASCII_LOWER)
        }
        assert {report.event.id for report in page.events} == expected, text


def test_analysis_text_and_actor_filters_on_postgresql(postgres_url, documents):
    with open_store(postgres_url) as pg_store:
        for document in documents:
            pg_store.write_document(document)
        assert_filters_match_like(pg_store, documents)


def test_analysis_find_events_pages_are_newest_first_under_every_filter(store, documents):
    by_id = {event.id: (document, event) for document, event in all_events(documents)}
    country = most_common(
        actor.country
        for _, event in all_events(documents)
        for actor in event.sources + event.targets
        if actor.country
    )
    name = most_common(
        actor.name for _, event in all_events(documents) for actor in event.sources + event.targets
    )
    word = most_common(event.trigger.text.lower() for _, event in all_events(documents))
    event_type = most_common(event.event_type for _, event in all_events(documents))
    type_of_name = most_common(
        event.event_type
        for _, event in all_events(documents)
        if any(actor.name == name for actor in event.sources + event.targets)
    )
    day = sorted(event_day(d, e) for d, e in all_events(documents))[len(by_id) // 2]
    selections = [
        EventFilter(),
        EventFilter(country=country),
        EventFilter(actor=name.split()[-1]),
        EventFilter(q=word),
        EventFilter(q=word, since=day),
        EventFilter(actor=name.split()[-1], event_types=(type_of_name,)),
        EventFilter(country=country, q="the"),
        EventFilter(event_types=(event_type,), modality="asserted"),
    ]
    for selection in selections:
        everything = analysis.find_events(store, selection, limit=1000)
        newest_first = sorted(
            everything.events, key=lambda e: (event_day(*by_id[e.event.id]), e.event.id), reverse=True
        )
        assert [r.event.id for r in everything.events] == [r.event.id for r in newest_first]
        assert everything.total == len(everything.events) > 0, selection
        for limit in (1, 3):  # small pages read down the date index, later ones look every match up
            pages = [
                analysis.find_events(store, selection, limit=limit, offset=offset)
                for offset in range(0, everything.total + limit, limit)
            ]
            assert [report.event.id for page in pages for report in page.events] == [
                report.event.id for report in newest_first
            ]
            assert {page.total for page in pages} == {everything.total}


# ---- counts


def test_analysis_counts_by_type(store, documents):
    counts = {count.key: count.events for count in analysis.event_counts(store, "type")}
    assert counts == dict(Counter(event.event_type for _, event in analysed(documents)))


def test_analysis_counts_by_day(store, documents):
    """Days in order, each counting the events on it; events dated only to a month or a year are left out."""
    counts = analysis.event_counts(store, "day")
    assert [count.key for count in counts] == sorted(count.key for count in counts)
    on_days = [
        (d, e) for d, e in analysed(documents) if not (e.date and e.date.precision in ("month", "year"))
    ]
    assert len(on_days) < len(analysed(documents))  # the corpus has some: the rule is exercised
    assert {count.key: count.events for count in counts} == dict(Counter(event_day(d, e) for d, e in on_days))
    recent = analysis.event_counts(store, "day", sort="key")
    assert [count.key for count in recent] == [count.key for count in reversed(counts)]
    busiest = analysis.event_counts(store, "day", sort="count")
    assert [count.events for count in busiest] == sorted((count.events for count in counts), reverse=True)


def test_analysis_counts_by_dyad(store, documents):
    expected = Counter(dyad for _, event in analysed(documents) for dyad in dyads_of(event))
    counts = analysis.event_counts(store, "dyad")
    assert {(count.source, count.target): count.events for count in counts} == dict(expected)
    assert all(count.key == f"{count.source}>{count.target}" for count in counts)


def test_analysis_counts_refuse_unknown_key(store):
    with pytest.raises(BadOption, match="cannot count events by 'outlet'"):
        analysis.event_counts(store, "outlet")


# ---- dyad series and escalation


def test_analysis_dyad_series_adds_up(store, documents):
    events_of = defaultdict(list)
    for document, event in analysed(documents):
        for dyad in dyads_of(event):
            events_of[dyad].append((document, event))
    series = analysis.dyad_series(store, top=1000, min_events=1, threshold=0.5)
    assert {(item.source, item.target) for item in series} == set(events_of)
    for item in series:
        members = events_of[item.source, item.target]
        assert item.events == len(members) == sum(point.events for point in item.points)
        assert item.intensity == pytest.approx(sum(event.intensity for _, event in members), abs=1e-3)
        for point in item.points:
            quads = [getattr(point, quad) for quad in QUAD_CLASSES]
            assert sum(quads) == point.events
        assert [point.period for point in item.points] == sorted({event_day(d, e) for d, e in members})
        assert all(alert.alert and alert.change >= 0.5 for alert in item.alerts)


def test_analysis_dyad_series_by_month(store):
    for item in analysis.dyad_series(store, interval="month", top=1000):
        assert all(point.period.endswith("-01") for point in item.points)


def test_analysis_escalation_rows_match_the_signal(store):
    result = analysis.escalation(store, min_events=1, threshold=0.5)
    assert result.as_of is not None
    series = {(item.source, item.target): item for item in analysis.dyad_series(store, top=1000)}
    for row in result.dyads:
        assert (row.source, row.target) in series
        assert row.signal.as_of == result.as_of
        assert row.signal.alert == (row.signal.change >= 0.5 and row.signal.recent_conflict_events >= 1)
    changes = [row.signal.change for row in result.countries]
    assert changes == sorted(changes, reverse=True)
    alerts_only = analysis.escalation(store, min_events=1, threshold=0.5, alerts_only=True)
    assert [row for row in result.countries if row.signal.alert] == alerts_only.countries


# ---- network and speakers


def test_analysis_actor_network_edges(store, documents):
    expected = Counter()
    for _, event in analysed(documents):
        for pair in {(s.name, t.name) for s in event.sources for t in event.targets if s.name != t.name}:
            expected[pair] += 1
    graph = analysis.actor_network(store)
    assert isinstance(graph, nx.DiGraph)
    assert {edge: data["events"] for edge, data in ((e[:2], e[2]) for e in graph.edges(data=True))} == dict(
        expected
    )
    # outlets carry what others say: never a party of the network (the pronoun "they" after "told
    # Wikinews" made Wikinews one), nor are days
    assert not [node for node, data in graph.nodes(data=True) if data.get("kind") == "media"]
    assert not set(graph.nodes) & {
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    }
    record = analysis.network_record(graph, max_nodes=5)
    assert len(record.nodes) == min(5, graph.number_of_nodes())
    kept = {node.id for node in record.nodes}
    assert all(link.source in kept and link.target in kept for link in record.links)


def test_analysis_quoted_speakers(store, documents):
    expected = Counter(
        (code(quote.speaker), quote.speaker.name)
        for document in documents
        for quote in document.quotes
        if quote.speaker is not None
    )
    groups = analysis.quoted_speakers(store, top=1000, per_actor=1000)
    found = Counter(
        {(group.actor, speaker.name): speaker.quotes for group in groups for speaker in group.speakers}
    )
    assert found == expected
    totals = [group.quotes for group in groups]
    assert totals == sorted(totals, reverse=True)


# ---- articles


def test_analysis_article_document_round_trip(store, documents):
    document = max(documents, key=lambda item: len(item.events))
    assert analysis.article_document(store, document.article.id) == document


def test_analysis_article_document_unknown(store):
    with pytest.raises(analysis.ArticleNotFound, match="E040 no article with id 'wikinews-nope'"):
        analysis.article_document(store, "wikinews-nope")


def test_analysis_save_document_refuses_a_stored_article(store, documents):
    with pytest.raises(analysis.ArticleExists, match="E041"):
        analysis.save_document(store, documents[0])
    renamed = documents[0].model_copy(
        update={"article": documents[0].article.model_copy(update={"id": "copy"})}
    )
    with pytest.raises(analysis.ArticleExists):
        analysis.save_document(store, renamed)  # same text under another id


@pytest.mark.parametrize(
    "value, types",
    [("ASSAULT", ("ASSAULT",)), ("assault, coerce", ("ASSAULT", "COERCE")), ("", ()), (None, ())],
)
def test_analysis_parse_event_types(value, types):
    assert analysis.parse_event_types(value) == types


def test_analysis_parse_event_types_unknown():
    with pytest.raises(BadOption, match="unknown event type BOMB"):
        analysis.parse_event_types("ASSAULT,BOMB")
