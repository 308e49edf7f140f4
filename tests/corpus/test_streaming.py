"""Input coded as it arrives: JSON Lines through a pipe that stays open, and a watched folder."""

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from ..analysis.corpus_db import conflict_politics_articles
from ..paths import REPO

pytestmark = pytest.mark.slow


def stored(db) -> set[str]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
            return {row[0] for row in connection.execute("SELECT id FROM articles")}
    except sqlite3.OperationalError:  # not made yet
        return set()


def wait_for(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def lines(articles):
    return [
        json.dumps({"id": a.id, "text": a.text, "published": str(a.published), "title": a.title}) + "\n"
        for a in articles
    ]


def ingest(*args, **popen):
    return subprocess.Popen(
        [sys.executable, "-m", "eventcoder", "ingest", "--no-progress", *map(str, args)],
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        **popen,
    )


def test_streaming_stdin_articles_are_stored_while_the_pipe_is_still_open(tmp_path):
    articles = conflict_politics_articles()[:3]
    db = tmp_path / "events.db"
    process = ingest("-", "--db", db, stdin=subprocess.PIPE)
    try:
        for line in lines(articles[:2]):
            process.stdin.write(line)
        process.stdin.flush()
        # nothing more has been written and the pipe is open: the two are coded and stored anyway
        assert wait_for(lambda: stored(db) == {a.id for a in articles[:2]}), process.stderr
        process.stdin.write(lines(articles[2:])[0])
        process.stdin.flush()
        assert wait_for(lambda: len(stored(db)) == 3)
        process.stdin.close()
        assert process.wait(timeout=120) == 0
        assert process.stderr.read().startswith("3 new articles coded with ")
    finally:
        process.kill()


def test_streaming_follow_codes_files_dropped_into_a_folder_until_interrupted(tmp_path):
    first, second = conflict_politics_articles()[:2]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.jsonl").write_text(lines([first])[0], encoding="utf-8")
    db = tmp_path / "events.db"
    process = ingest("--follow", "--every", "0.3", inbox, "--db", db)
    try:
        assert wait_for(lambda: stored(db) == {first.id})
        (inbox / "second.txt").write_text(second.text, encoding="utf-8")
        assert wait_for(lambda: len(stored(db)) == 2)
        assert process.poll() is None  # still watching
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 130
        assert "interrupted; every article stored so far is kept" in process.stderr.read()
    finally:
        process.kill()
