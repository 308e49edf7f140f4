"""``eventcoder stats`` as an analyst runs it: every view takes every filter and every format, and says
what it counts. The database is coded from real Wikinews articles; expected numbers are read from it
with plain SQL, independently of the analytics."""

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from ..analysis.corpus_db import build_database
from ..paths import REPO
from .tables import broken_words

pytestmark = pytest.mark.slow
HAPPENED = ("asserted", "historical")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_database(tmp_path_factory.mktemp("stats") / "events.db")


def stats(db, *args, columns=100):
    run = subprocess.run(
        [sys.executable, "-m", "eventcoder", "stats", "--db", str(db), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={**os.environ, "COLUMNS": str(columns)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    return run.stdout


def stats_json(db, *args):
    return json.loads(stats(db, *args, "-f", "json"))


def sql(db, query, *parameters):
    with sqlite3.connect(db) as connection:
        return connection.execute(query, parameters).fetchall()


def counted_events(db, where="1=1", *parameters, modalities=HAPPENED):
    marks = ",".join("?" * len(modalities))
    return sql(
        db, f"SELECT count(*) FROM events WHERE modality IN ({marks}) AND {where}", *modalities, *parameters
    )[0][0]


IRN = "(location_country = ? OR id IN (SELECT event_id FROM event_actors WHERE country = ? AND role != 'speaker'))"


def test_stats_summary_counts_what_it_says_and_honours_every_filter(db):
    everything = stats_json(db)
    assert everything["counting"].startswith("events that happened")
    assert everything["events"] == counted_events(db)
    assert everything["stored_articles"] == sql(db, "SELECT count(*) FROM articles")[0][0]
    assert (
        sum(count["events"] for count in stats_json(db, "--by", "type", "--top", "50")["counts"])
        == (everything["events"])
    )
    # the events of other modalities are not silently dropped: the summary says how many were left out
    left_out = dict(
        sql(db, "SELECT modality, count(*) FROM events WHERE modality NOT IN (?, ?) GROUP BY 1", *HAPPENED)
    )
    assert everything["not_counted"] == left_out and left_out

    iran = stats_json(db, "--country", "irn")
    assert 0 < iran["events"] < everything["events"]
    assert iran["events"] == counted_events(db, IRN, "IRN", "IRN")
    assert all("IRN" in (dyad["source"], dyad["target"]) for dyad in iran["top_dyads"])

    assault = stats_json(db, "--type", "ASSAULT")
    assert [count["key"] for count in assault["top_event_types"]] == ["ASSAULT"]
    assert assault["events"] == counted_events(db, "event_type = 'ASSAULT'")

    window = stats_json(db, "--since", "2019-06-01", "--until", "2019-12-31")
    assert window["events"] == counted_events(db, "event_date BETWEEN '2019-06-01' AND '2019-12-31'")
    assert "2019-06-01" <= window["first_event_date"] <= window["last_event_date"] <= "2019-12-31"

    every = stats_json(db, "--modality", "all")
    assert every["events"] == sql(db, "SELECT count(*) FROM events")[0][0] > everything["events"]
    assert every["not_counted"] == {}
    negated = stats_json(db, "--modality", "negated")
    assert negated["events"] == counted_events(db, modalities=("negated",))
    assert negated["counting"].startswith("events of modality negated")


def test_stats_by_day_lists_the_most_recent_days_first_and_only_real_days(db):
    days = stats_json(db, "--by", "day", "--top", "5")["counts"]
    expected = sql(
        db,
        "SELECT event_date, count(*) FROM events WHERE modality IN (?, ?) AND event_date IS NOT NULL "
        "AND coalesce(date_precision, 'day') NOT IN ('month', 'year') GROUP BY 1 ORDER BY 1 DESC LIMIT 5",
        *HAPPENED,
    )
    assert [(day["key"], day["events"]) for day in days] == expected
    by_count = [
        day["events"] for day in stats_json(db, "--by", "day", "--sort", "count", "--top", "20")["counts"]
    ]
    assert by_count == sorted(by_count, reverse=True) and by_count[0] > by_count[-1]


def test_stats_every_view_prints_a_table_json_and_csv(db):
    views = [[], ["--by", "type"], ["--by", "day"], ["--by", "dyad"], ["--escalation", "--min-events", "0",
             "--threshold", "0"], ["--speakers"], ["--network"]]  # fmt: skip
    for view in views:
        table = stats(db, *view, "--top", "5")
        assert not table.lstrip().startswith(("{", "[")), view
        assert "Counted:" in table, view
        rows = list(csv.reader(io.StringIO(stats(db, *view, "--top", "5", "-f", "csv"))))
        assert len(rows) >= 2 and len({len(row) for row in rows}) == 1, (view, rows[:3])
        json.loads(stats(db, *view, "--top", "5", "-f", "json"))
    speakers = stats(db, "--speakers", "--top", "5")
    assert len(speakers.splitlines()) < 60  # a table of five, not 250 lines of JSON


def test_stats_escalation_takes_the_options_the_api_has(db):
    chosen = stats_json(db, "--escalation", "--as-of", "2019-10-20", "--recent-days", "14", "--baseline-days",
                        "60", "--threshold", "0", "--min-events", "0")  # fmt: skip
    assert (chosen["as_of"], chosen["recent_days"], chosen["baseline_days"]) == ("2019-10-20", 14, 60)
    assert chosen["dyads"] or chosen["countries"]
    assert all(row["signal"]["as_of"] == "2019-10-20" for row in chosen["dyads"] + chosen["countries"])


def test_stats_help_states_the_escalation_defaults_of_the_library():
    from eventcoder.analysis import BASELINE_DAYS, ESCALATION_MIN_EVENTS, ESCALATION_THRESHOLD, RECENT_DAYS

    run = subprocess.run(
        [sys.executable, "-m", "eventcoder", "stats", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "300"},
    )
    for value in (RECENT_DAYS, BASELINE_DAYS, ESCALATION_THRESHOLD, ESCALATION_MIN_EVENTS):
        assert f"(default {value})" in run.stdout


@pytest.mark.parametrize("columns", [60, 80, 140])
def test_stats_tables_never_break_a_word(db, columns):
    table = stats(db, "--network", "--top", "8", columns=columns)
    record = stats(db, "--network", "--top", "8", "-f", "json")
    headings = "links actors source target events intensity conflict actor country sector organisation"
    note = "Counted: the 8 actors with the most events."
    assert not broken_words(table, f"{record} {headings} {note}")
    assert max(map(len, table.splitlines())) <= columns
    assert "None" not in table


def export(db, tmp_path, *args) -> tuple[list[dict], str]:
    output = tmp_path / "out.jsonl"
    run = subprocess.run(
        [sys.executable, "-m", "eventcoder", "export", "--db", str(db), "-o", str(output), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()], run.stderr


def test_export_plover_leaves_negations_out_unless_asked_and_takes_the_modality_filter(db, tmp_path):
    default, said = export(db, tmp_path, "-f", "plover")
    every, _ = export(db, tmp_path, "-f", "plover", "--include-negated")
    not_happened = sql(
        db,
        "SELECT count(*) FROM events WHERE modality IN ('negated', 'prevented') AND event_date IS NOT NULL",
    )[0][0]
    assert not_happened and len(every) - len(default) == not_happened
    assert not any("negation" in record.get("context", []) for record in default)
    assert said == f"exported {len(default):,} events to {tmp_path / 'out.jsonl'}\n"
    negated, _ = export(db, tmp_path, "-f", "jsonl", "--modality", "negated")
    assert len(negated) == counted_events(db, modalities=("negated",))
    assert {report["event"]["modality"] for report in negated} == {"negated"}
