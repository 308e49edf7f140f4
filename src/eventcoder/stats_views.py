"""The views of ``eventcoder stats``: each is rows with named columns, printable as a table, JSON or CSV.

A :class:`View` holds what the analytics returned (``record``, written as JSON as it is) and one or
more tables of rows (written as tables, or as CSV: the first table, with the others' rows after it
when they share its columns). Its ``note`` says what was counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import analysis, render
from .analysis import EventFilter
from .store import Store


@dataclass
class Rows:
    title: str
    columns: tuple[str, ...]
    rows: list[tuple]


@dataclass
class View:
    record: object  # JSON-ready: a dict or a list
    tables: list[Rows]
    note: str = ""
    csv_tables: list[Rows] = field(default_factory=list)  # default: the first table

    def write(self, format: str) -> None:
        if format == "json":
            render.write_json(self.record)
        elif format == "csv":
            for rows in self.csv_tables or self.tables[:1]:
                render.write_csv(rows.columns, rows.rows)
        else:
            tables = [render.table(rows.title, rows.columns, rows.rows) for rows in self.tables]
            render.print_tables(*tables, *([self.note] if self.note else []))


def _with_rule(record: dict, selection: EventFilter) -> dict:
    return {"counting": analysis.counting_rule(selection), **record}


def summary_view(store: Store, selection: EventFilter, top: int) -> View:
    summary = analysis.summary(store, selection, top=top)
    measures = [
        ("events", summary.events),
        ("real-world events (clusters)", summary.real_world_events),
        ("articles reporting them", summary.articles),
        ("outlets", summary.outlets),
        ("distinct actors", summary.actors),
        ("distinct places", summary.places),
        ("quotes in those articles", summary.quotes),
        ("first event date", summary.first_event_date),
        ("last event date", summary.last_event_date),
        ("articles stored", summary.stored_articles),
        *((f"not counted: {modality}", count) for modality, count in summary.not_counted.items()),
    ]
    types = [(count.key, count.events) for count in summary.top_event_types]
    dyads = [(count.source, count.target, count.events) for count in summary.top_dyads]
    tables = [
        Rows("summary", ("measure", "value"), measures),
        Rows("top event types", ("event type", "events"), types),
        Rows("top dyads", ("source", "target", "events"), dyads),
    ]
    csv_rows = [("summary", name, value) for name, value in measures]
    csv_rows += [("event type", key, value) for key, value in types]
    csv_rows += [("dyad", f"{source}>{target}", value) for source, target, value in dyads]
    return View(
        record=summary.model_dump(),
        tables=tables,
        note=f"Counted: {summary.counting}.",
        csv_tables=[Rows("summary", ("section", "key", "value"), csv_rows)],
    )


def counts_view(store: Store, selection: EventFilter, by: str, sort: str | None, top: int) -> View:
    # Days are listed most recent first unless counts are asked for; types and dyads most frequent first.
    sort = sort or ("key" if by == "day" else "count")
    counts = analysis.event_counts(store, by, selection, sort=sort)[:top]
    if by == "dyad":
        rows = Rows(
            "events by dyad", ("source", "target", "events"), [(c.source, c.target, c.events) for c in counts]
        )
    else:
        rows = Rows(f"events by {by}", (by, "events"), [(count.key, count.events) for count in counts])
    note = f"Counted: {analysis.counting_rule(selection)}."
    if by == "day":
        note += " Events dated only to a month or a year are left out."
    record = _with_rule({"by": by, "counts": [count.model_dump() for count in counts]}, selection)
    return View(record=record, tables=[rows], note=note)


ESCALATION_COLUMNS = ("series", "as of", "recent mean", "baseline mean", "change", "recent events",
                      "conflict events", "alert")  # fmt: skip


def escalation_view(store: Store, selection: EventFilter, as_of: dt.date | None, **windows) -> View:
    options = {name: value for name, value in windows.items() if value is not None}
    result = analysis.escalation(store, selection, as_of=as_of, alerts_only=True, **options)

    def row(name: str, signal) -> tuple:
        return (name, signal.as_of, signal.recent_mean, signal.baseline_mean, signal.change, signal.recent_events,
                signal.recent_conflict_events, "yes" if signal.alert else "no")  # fmt: skip

    dyads = [row(f"{item.source}>{item.target}", item.signal) for item in result.dyads]
    countries = [row(item.country, item.signal) for item in result.countries]
    note = (
        f"Counted: {analysis.counting_rule(selection)}. Alert: mean daily intensity over the {result.recent_days} "
        f"days to {result.as_of or '-'} fell by at least {result.threshold:g} against the {result.baseline_days} "
        f"days before, with at least {result.min_events} conflict events."
    )
    return View(
        record=_with_rule(result.model_dump(), selection),
        tables=[
            Rows("dyads in alert", ESCALATION_COLUMNS, dyads),
            Rows("countries in alert", ESCALATION_COLUMNS, countries),
        ],
        note=note,
        csv_tables=[Rows("alerts", ESCALATION_COLUMNS, dyads + countries)],
    )


def speakers_view(store: Store, selection: EventFilter, top: int) -> View:
    groups = analysis.quoted_speakers(store, selection, top=top)
    rows = [
        (group.actor, speaker.name, speaker.sector, speaker.quotes, render.shorten(speaker.example, 60))
        for group in groups
        for speaker in group.speakers
    ]
    return View(
        record=[group.model_dump() for group in groups],
        tables=[
            Rows("most quoted speakers", ("acts for", "speaker", "sector", "quotes", "first quote"), rows)
        ],
        note="Counted: quotes with a resolved speaker, by the article's publication date and the speaker's country.",
    )


def network_view(store: Store, selection: EventFilter, top: int) -> View:
    network = analysis.network_record(analysis.actor_network(store, selection), max_nodes=top)
    links = [
        (link.source, link.target, link.events, link.intensity, link.conflict_events)
        for link in network.links
    ]
    nodes = [(node.name, node.country, node.sector, node.org, node.events) for node in network.nodes]
    return View(
        record=_with_rule(network.model_dump(), selection),
        tables=[
            Rows("links", ("source", "target", "events", "intensity", "conflict events"), links),
            Rows("actors", ("actor", "country", "sector", "organisation", "events"), nodes),
        ],
        note=f"Counted: {analysis.counting_rule(selection)}; the {top} actors with the most events.",
    )
