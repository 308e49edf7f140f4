"""Batch ingest of real Wikinews articles: idempotent, crash-safe, bad input skipped, parallel, Dask."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventcoder import corpus, store
from eventcoder.api import code_articles
from eventcoder.ingest import article_from_mapping, article_id
from eventcoder.nlp import load

from ..paths import REPO

TABLES = ("articles", "events", "event_actors", "mentions", "quotes", "places")


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def documents(db) -> dict:
    with store.open_store(db) as events_db:
        return {article_id: events_db.load_document(article_id) for article_id in events_db.article_ids()}


def table_counts(db) -> dict:
    with store.open_store(db) as events_db, events_db.engine.connect() as connection:
        return {
            table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
            for table in TABLES
        }


@pytest.fixture(scope="module")
def serial_reference(tmp_path_factory, wikinews):
    """Six Wikinews articles coded in this process, one by one: what every other path must give."""
    folder = tmp_path_factory.mktemp("reference")
    source = write_jsonl(folder / "wikinews.jsonl", wikinews(6, skip=9))
    summary = corpus.ingest([str(source)], db=folder / "events.db", progress=False)
    assert (summary.new, summary.skipped, summary.failed) == (6, 0, 0)
    return source, documents(folder / "events.db")


def test_corpus_ingest_is_idempotent(db_url, tmp_path, wikinews):
    records = wikinews(7)
    folder = tmp_path / "corpus"
    write_jsonl(
        folder / "2019" / "wikinews.jsonl", records[:6]
    )  # read first: directories are read in sorted order
    (folder / "extra").mkdir()
    (folder / "extra" / "seventh.txt").write_text(records[6]["text"], encoding="utf-8")
    # the first article again, re-spaced and without its id: the same text, so the same article
    (folder / "extra" / "copy.txt").write_text("  " + records[0]["text"].replace(" ", "  "), encoding="utf-8")

    first = corpus.ingest([str(folder)], db=db_url, progress=False)
    assert (first.new, first.skipped, first.failed) == (7, 1, 0)
    counts = table_counts(db_url)
    assert counts["articles"] == 7 and counts["events"] == first.events
    assert str(first).startswith(f"7 new, 1 skipped, 0 failed articles; {first.events} events in ")

    again = corpus.ingest(
        [str(folder / "2019" / "wikinews.jsonl"), str(folder / "extra" / "*.txt")], db=db_url, progress=False
    )
    assert (again.new, again.skipped, again.failed, again.events) == (0, 8, 0, 0)
    assert table_counts(db_url) == counts
    stored = documents(db_url)
    assert sorted(stored) == sorted(
        [record["id"] for record in records[:6]] + [article_id(records[6]["text"])]
    )
    assert stored[article_id(records[6]["text"])].article.text == records[6]["text"]


def test_corpus_reports_bad_files_and_goes_on(tmp_path, wikinews, capsys):
    good, other = wikinews(2, skip=30)
    folder = tmp_path / "inbox"
    lines = [
        json.dumps(good),
        '{"id": "broken", "text": "Protesters gathered',
        json.dumps({"id": "no-text", "title": "Empty"}),
        json.dumps(other),
    ]
    (folder / "nested").mkdir(parents=True)
    (folder / "nested" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "scan.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")

    summary = corpus.ingest(
        [str(folder), str(tmp_path / "missing.jsonl")], db=tmp_path / "events.db", progress=False
    )

    assert (summary.new, summary.skipped, summary.failed) == (2, 0, 5)
    feed = folder / "nested" / "feed.jsonl"
    assert [failure.where for failure in summary.failures] == [
        str(folder / "empty.txt"),
        f"{feed}:2",
        f"{feed}:3",
        str(folder / "scan.txt"),
        str(tmp_path / "missing.jsonl"),
    ]
    error_lines = capsys.readouterr().err.splitlines()
    assert error_lines == [failure.message for failure in summary.failures]
    assert error_lines[1].startswith(f"E006 {feed}:2: not valid JSON")
    assert error_lines[2] == f"E006 {feed}:3: missing 'text' field"
    assert error_lines[3] == f"E004 {folder / 'scan.txt'}: binary data, not text"
    assert error_lines[4] == f"E002 {tmp_path / 'missing.jsonl'}: no such file or directory"
    assert sorted(documents(tmp_path / "events.db")) == sorted([good["id"], other["id"]])


@pytest.mark.parametrize("batch_size", [1, 16])
def test_corpus_reads_in_chunks_and_skips_copies_across_them(tmp_path, wikinews, monkeypatch, batch_size):
    """Input is read and checked against the database a chunk at a time; a copy in a later chunk is
    skipped whether its original is stored by then (batches of 1) or still being coded (of 16)."""
    monkeypatch.setattr(corpus, "READ_CHUNK", 2)
    records = wikinews(4, skip=50)
    copy = dict(records[0], id="copy")  # the same text under another id: the same article
    source = write_jsonl(
        tmp_path / "wikinews.jsonl", [records[0], records[1], records[2], copy, records[1], records[3]]
    )

    summary = corpus.ingest([str(source)], db=tmp_path / "events.db", batch_size=batch_size, progress=False)

    assert (summary.new, summary.skipped, summary.failed) == (4, 2, 0)
    stored = documents(tmp_path / "events.db")
    assert sorted(stored) == sorted(record["id"] for record in records)
    assert table_counts(tmp_path / "events.db")["events"] == summary.events


def test_corpus_batches_leave_the_vocabulary_as_they_found_it(wikinews):
    """Each batch is coded in a spaCy memory zone: the names and numbers it adds to the string store
    are freed after it, so a long run does not grow, and its records are those coded without one."""
    items = [article_from_mapping(record, record["id"]) for record in wikinews(3, skip=250)]
    strings = load().vocab.strings
    before = len(strings)

    coded = corpus.code_batch(items)

    assert len(strings) == before
    assert coded == list(code_articles(items))
    assert len(strings) > before  # outside a zone the same articles do add strings


def test_corpus_batches_are_cut_by_characters_too(wikinews):
    """spaCy's working memory grows with the text of a batch: long articles travel in smaller batches."""
    items = [article_from_mapping(record, record["id"]) for record in wikinews(40)]
    batches = list(corpus._batches(items, 16))
    assert [item for batch in batches for item in batch] == items  # all, once, in order
    for batch in batches:
        assert len(batch) <= 16
        assert len(batch) == 1 or sum(len(item.text) for item in batch) <= corpus.BATCH_CHARACTERS
    assert max(len(batch) for batch in batches) < 16  # Wikinews articles are long: the characters decide


def _count_articles(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _run(db, source: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "eventcoder",
        "ingest",
        str(source),
        "--db",
        str(db),
        "--no-progress",
        "--batch-size",
        "1",
    ]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_corpus_resume_after_sigkill(tmp_path, wikinews):
    """kill -9 after a few articles are committed; the next run finishes the job, no partial article."""
    records = wikinews(8, skip=10)
    source = write_jsonl(tmp_path / "wikinews.jsonl", records)
    clean_db = tmp_path / "clean.db"
    clean = corpus.ingest([str(source)], db=clean_db, progress=False)
    assert clean.new == 8
    expected = documents(clean_db)

    killed_db = tmp_path / "killed.db"
    process = _run(killed_db, source)
    deadline = time.monotonic() + 300
    while _count_articles(killed_db) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    survived = documents(killed_db)
    assert 3 <= len(survived) < 8, "the run was to be killed in the middle"
    assert survived == {article_id: expected[article_id] for article_id in survived}  # each one whole

    resumed = _run(killed_db, source)
    _, errors = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, errors
    assert (
        errors.strip()
        .splitlines()[-1]
        .startswith(f"{8 - len(survived)} new, {len(survived)} skipped, 0 failed articles")
    )
    assert documents(killed_db) == expected
    assert table_counts(killed_db) == table_counts(clean_db)


@pytest.mark.slow
def test_corpus_resume_after_sigkill_postgresql(postgres_url, tmp_path, wikinews):
    """The same on PostgreSQL: a killed run leaves whole articles, a second run adds only the rest."""
    source = write_jsonl(tmp_path / "wikinews.jsonl", wikinews(8, skip=29))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "eventcoder",
            "ingest",
            str(source),
            "--db",
            postgres_url,
            "--no-progress",
            "--batch-size",
            "1",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300
    with store.open_store(postgres_url) as events_db:
        while len(events_db.article_ids()) < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    survived = documents(postgres_url)
    assert 2 <= len(survived) < 8, "the run was to be killed in the middle"

    summary = corpus.ingest([str(source)], db=postgres_url, progress=False)
    assert (summary.new, summary.skipped, summary.failed) == (8 - len(survived), len(survived), 0)
    clean_db = tmp_path / "clean.db"
    corpus.ingest([str(source)], db=clean_db, progress=False)
    assert documents(postgres_url) == documents(clean_db)
    assert table_counts(postgres_url) == table_counts(clean_db)


@pytest.mark.slow
def test_corpus_two_worker_processes_match_serial(tmp_path, serial_reference):
    source, expected = serial_reference
    summary = corpus.ingest([str(source)], db=tmp_path / "events.db", workers=2, batch_size=2, progress=False)
    assert (summary.new, summary.failed) == (6, 0)
    assert documents(tmp_path / "events.db") == expected


@pytest.mark.slow
def test_corpus_dask_local_cluster_matches_serial(tmp_path, serial_reference):
    source, expected = serial_reference
    summary = corpus.ingest(
        [str(source)], db=tmp_path / "events.db", workers=2, dask="local", batch_size=2, progress=False
    )
    assert (summary.new, summary.failed) == (6, 0)
    assert documents(tmp_path / "events.db") == expected


def test_corpus_cli_ingest_stats_and_export(tmp_path, wikinews):
    source = write_jsonl(tmp_path / "wikinews.jsonl", wikinews(2, skip=30))
    db = str(tmp_path / "events.db")

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "eventcoder", *args], capture_output=True, text=True, timeout=300
        )

    ingested = run("ingest", str(source), "--db", db, "--no-progress")
    assert ingested.returncode == 0
    assert ingested.stderr.startswith("2 new, 0 skipped, 0 failed articles; ")
    counted = run("stats", "--db", db, "--format", "json")
    with store.open_store(db) as opened:
        assert json.loads(counted.stdout) == opened.stats()
    output = tmp_path / "events.tsv"
    exported = run("export", "--db", db, "--format", "dyadic-tsv", "--output", str(output))
    rows = output.read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == list(store.DYADIC_COLUMNS)
    assert exported.stderr == f"exported {len(rows) - 1:,} events to {output}\n"
    refused = run("export", "--db", db, "--format", "parquet", "--output", "-")
    assert refused.returncode == 2
    assert refused.stderr == "eventcoder: E013 Parquet is written to a file: give an output path\n"
