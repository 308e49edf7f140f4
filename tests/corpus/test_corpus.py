"""Batch ingest of real Wikinews articles: idempotent, crash-safe, bad input skipped, parallel, Dask."""

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import psycopg
import pytest

from eventcoder import analysis, corpus, store
from eventcoder.api import code_articles
from eventcoder.ingest import article_from_mapping, article_id
from eventcoder.ingest.language import language_identifier
from eventcoder.nlp import load
from eventcoder.render import plural

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

    language_identifier.cache_clear()
    first = corpus.ingest([str(folder)], db=db_url, progress=False)
    assert (first.new, first.skipped, first.failed) == (7, 1, 0)
    # Loaded before the first batch although these articles are plainly English: see corpus._warm_up.
    assert language_identifier.cache_info().currsize == 1
    counts = table_counts(db_url)
    assert counts["articles"] == 7 and counts["events"] == first.events
    assert str(first).startswith(
        f"7 new articles coded with {first.events} events; 1 article skipped (already stored). "
        f"The database holds {first.clusters} real-world events"
    )

    language_identifier.cache_clear()
    again = corpus.ingest(
        [str(folder / "2019" / "wikinews.jsonl"), str(folder / "extra" / "*.txt")], db=db_url, progress=False
    )
    assert (again.new, again.skipped, again.failed, again.events) == (0, 8, 0, 0)
    assert language_identifier.cache_info().currsize == 0  # nothing to code: nothing loaded
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
    last = errors.strip().splitlines()[-1]
    assert last.startswith(f"{plural(8 - len(survived), 'new article')} coded with ")
    assert f"; {plural(len(survived), 'article')} skipped (already stored)." in last
    assert documents(killed_db) == expected
    assert table_counts(killed_db) == table_counts(clean_db)


@pytest.mark.slow
def test_corpus_resume_after_sigkill_postgresql(postgres_url, tmp_path, wikinews):
    """The same on PostgreSQL: a killed run leaves whole articles, a second run adds only the rest."""
    source = write_jsonl(tmp_path / "wikinews.jsonl", wikinews(8, skip=29))
    process = _run(postgres_url, source)
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
    assert re.match(
        r"2 new articles coded with \d+ events?\. The database holds \d+ real-world events? ", ingested.stderr
    )
    again = run("ingest", str(source), "--db", db, "--no-progress")
    assert again.stderr.startswith(
        "0 new articles coded with 0 events; 2 articles skipped (already stored). "
    )
    counted = run("stats", "--db", db, "--format", "json")
    with store.open_store(db) as opened:
        assert json.loads(counted.stdout) == analysis.summary(opened).model_dump()
    output = tmp_path / "events.tsv"
    exported = run("export", "--db", db, "--format", "dyadic-tsv", "--output", str(output))
    rows = output.read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == list(store.DYADIC_COLUMNS)
    assert exported.stderr == (
        f"exported {plural(len(rows) - 1, 'row')} (one per source-target pair of each event) to {output}\n"
    )
    refused = run("export", "--db", db, "--format", "parquet", "--output", "-")
    assert refused.returncode == 2
    assert refused.stderr == "eventcoder: E013 Parquet is written to a file: give an output path\n"


# ---- kills at the points that matter, derived data repaired, no orphans, one-line errors


def cluster_membership(db) -> list[tuple[str, str | None]]:
    with store.open_store(db) as events_db, events_db.engine.connect() as connection:
        return [
            tuple(row) for row in connection.exec_driver_sql("SELECT id, cluster_id FROM events ORDER BY id")
        ]


def user_tables(path: Path) -> set[str]:
    # Read-write: after a kill the file may hold a hot journal that SQLite rolls back on opening (a
    # read-only connection cannot, and fails), as the next ingest's open does.
    assert path.exists()
    with sqlite3.connect(path, timeout=30) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.mark.slow
def test_corpus_resume_after_kills_during_the_first_migration(tmp_path, wikinews):
    """kill -9 as the new database file appears, and a little later: inside the first migration or just
    around it. Every kill leaves no schema or the whole schema, never a part; then two runs started at
    once finish the job, and the database is the one a clean run makes."""
    source = write_jsonl(tmp_path / "wikinews.jsonl", wikinews(3, skip=30))
    clean_db = tmp_path / "clean.db"
    assert _run(clean_db, source).wait(timeout=300) == 0  # the same code as the runs killed below
    complete = user_tables(clean_db)

    killed_db = tmp_path / "killed.db"
    before_commit = 0
    for delay in (0.0, 0.01, 0.03, 0.08):
        process = _run(killed_db, source)
        deadline = time.monotonic() + 60
        while not killed_db.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        tables = user_tables(killed_db)
        assert tables in (set(), complete), sorted(tables)  # nothing half-made
        before_commit += tables == set()
    assert before_commit, "no kill landed before the first migration committed"

    runs = [_run(killed_db, source) for _ in range(2)]  # at once, on a database with no schema yet
    for run in runs:
        _, errors = run.communicate(timeout=300)
        assert run.returncode == 0, errors
    assert documents(killed_db) == documents(clean_db)
    assert table_counts(killed_db) == table_counts(clean_db)
    assert cluster_membership(killed_db) == cluster_membership(clean_db)


def _ingest_waiting_on(connection, table: str) -> bool:
    return bool(
        connection.execute(
            "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE %s",
            (f"%{table}%",),
        ).fetchone()
    )


@pytest.mark.slow
def test_corpus_kill_while_an_article_is_clustered_leaves_it_unwritten(postgres_url, tmp_path, wikinews):
    """kill -9 while an article's events are being put into clusters: the test holds a SHARE lock on
    event_clusters, so the article's transaction waits there every time. The article is clustered in
    the transaction that writes it: it is not stored at all, and the next run codes it whole."""
    source = write_jsonl(tmp_path / "wikinews.jsonl", wikinews(3, skip=30))
    store.open_store(postgres_url).close()
    with psycopg.connect(postgres_url) as locker:
        locker.execute("LOCK TABLE event_clusters IN SHARE MODE")
        process = _run(postgres_url, source)
        deadline = time.monotonic() + 300
        with psycopg.connect(postgres_url, autocommit=True) as watcher:
            while not _ingest_waiting_on(watcher, "event_clusters"):
                assert process.poll() is None and time.monotonic() < deadline, process.communicate()
                time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        locker.rollback()
    assert len(documents(postgres_url)) < 3  # the waiting article, and those after it, are not there
    with store.open_store(postgres_url) as events_db:
        assert not events_db.clusters_missing()  # and those that are have their clusters

    resumed = _run(postgres_url, source)
    _, errors = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, errors
    assert " new article" in errors.strip().splitlines()[-1]
    clean_db = tmp_path / "clean.db"
    assert _run(clean_db, source).wait(timeout=300) == 0  # the same code as the runs above
    assert all(cluster for _, cluster in cluster_membership(clean_db))
    assert documents(postgres_url) == documents(clean_db)
    assert table_counts(postgres_url) == table_counts(clean_db)
    assert cluster_membership(postgres_url) == cluster_membership(clean_db)


def test_corpus_rerun_rebuilds_missing_clusters(tmp_path, wikinews):
    """Clusters are derived data: a run with nothing new still rebuilds them when events have none."""
    source = write_jsonl(tmp_path / "wikinews.jsonl", wikinews(2, skip=30))
    db = tmp_path / "events.db"
    first = corpus.ingest([str(source)], db=db, progress=False)
    clustered = cluster_membership(db)
    assert first.clusters > 0 and all(cluster for _, cluster in clustered)
    with store.open_store(db) as events_db, events_db.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE events SET cluster_id = NULL"
        )  # as a kill before clustering leaves it
        connection.exec_driver_sql("DELETE FROM event_clusters")

    again = corpus.ingest([str(source)], db=db, progress=False)

    assert (again.new, again.skipped, again.clusters) == (0, 2, first.clusters)
    assert cluster_membership(db) == clustered


def _session_processes(session: int) -> list[psutil.Process]:
    alive = []
    for process in psutil.process_iter(["status"]):
        try:
            if os.getsid(process.pid) == session and process.info["status"] != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except (ProcessLookupError, PermissionError, psutil.Error):
            continue
    return alive


@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM])
def test_corpus_workers_exit_when_ingest_dies(tmp_path, wikinews, signal_number):
    """ingest --workers 2 killed once its workers run: the workers, the forkserver and the resource
    tracker are all gone within 10 s (each worker watches a pipe only the ingest process writes to)."""
    source = write_jsonl(tmp_path / "wikinews.jsonl", wikinews(20, skip=60))
    command = [sys.executable, "-m", "eventcoder", "ingest", str(source), "--db", str(tmp_path / "events.db")]
    process = subprocess.Popen(
        [*command, "--no-progress", "--workers", "2", "--batch-size", "1"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        parent = psutil.Process(process.pid)
        deadline = time.monotonic() + 120
        while len(parent.children(recursive=True)) < 4:  # resource tracker, forkserver, two workers
            assert process.poll() is None and time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.05)
        descendants = parent.children(recursive=True)
        time.sleep(1)  # the workers are loading the model, or coding
        os.kill(process.pid, signal_number)
        process.wait()
        deadline = time.monotonic() + 10
        while _session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _session_processes(process.pid) == []
        assert not [child for child in descendants if child.is_running() and child.status() != "zombie"]
    finally:
        for leftover in _session_processes(process.pid):
            leftover.kill()


def test_corpus_cli_errors_are_one_line(tmp_path):
    """What a user can get wrong about the database or the output path: one line, exit 2, nothing made."""
    db = tmp_path / "events.db"
    store.open_store(db).close()
    not_a_database = write_jsonl(tmp_path / "articles.jsonl", [{"id": "a", "text": "Police arrested him."}])
    missing = tmp_path / "missing.db"
    cases = [
        (["stats", "--db", str(missing)], "E021 database sqlite:///"),
        (["export", "-f", "csv", "-o", str(tmp_path / "out.csv"), "--db", str(missing)], "E021 database"),
        (["serve", "--db", str(missing)], "E021 database"),
        (["stats", "--db", str(not_a_database)], "E020 database sqlite:///"),
        (["ingest", str(not_a_database), "--db", str(not_a_database)], "E020 database sqlite:///"),
        (["stats", "--db", "mysql://u@db/events"], "E023 database mysql://u@db/events: its database driver"),
        (
            ["export", "-f", "csv", "-o", str(tmp_path / "no" / "out.csv"), "--db", str(db)],
            "E030 cannot write",
        ),
        (
            ["export", "-f", "parquet", "-o", str(tmp_path / "no" / "x.parquet"), "--db", str(db)],
            "E030 cannot",
        ),
    ]
    for args, start in cases:
        run = subprocess.run(
            [sys.executable, "-m", "eventcoder", *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
        assert run.returncode == 2, (args, run.stderr)
        assert run.stderr.startswith(f"eventcoder: {start}"), (args, run.stderr)
        assert run.stderr.count("\n") == 1, (args, run.stderr)
    assert not missing.exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_corpus_dask_scheduler_and_two_workers_write_to_postgresql(postgres_url, tmp_path, serial_reference):
    """The README's multi-machine recipe on one machine: a `dask scheduler`, two `dask worker` processes
    joined to it over TCP, and `eventcoder ingest --dask tcp://...` writing to PostgreSQL."""
    from distributed import Client

    source, expected = serial_reference
    dask = Path(sys.executable).with_name("dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = []
    try:
        started.append(subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        for _ in range(2):
            started.append(subprocess.Popen(
                [dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            assert len(client.scheduler_info()["workers"]) == 2
        run = subprocess.run(
            [sys.executable, "-m", "eventcoder", "ingest", str(source), "--db", postgres_url, "--dask", address,
             "--batch-size", "2", "--no-progress"],
            capture_output=True, text=True, timeout=600, cwd=REPO,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert run.stderr.startswith("6 new articles coded with ")
        assert documents(postgres_url) == expected
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
