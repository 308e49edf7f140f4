"""Load benchmark of ``GET /api/events``: p50/p99 latency and requests per second at 100,000+ events.

The database is built once into a temporary directory: real Wikinews articles are coded with the real
pipeline, then their articles, events and event actors are REPLICATED (new ids, dates shifted by up to
two years, a copy marker appended to the text) until the events table holds ``--events`` rows; the
triggers of the search indexes (migration 0003) index the copies as they are inserted. Mentions,
quotes and places are not replicated: ``/api/events`` does not read them. The API runs in a uvicorn
subprocess on 127.0.0.1; requests go over loopback only, their number is bounded by ``--requests``.

    .venv/bin/python benchmarks/api_load.py --events 100000 --requests 400
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select

from eventcoder.api import code_articles
from eventcoder.ingest import article_from_mapping
from eventcoder.records import ArticleDocument
from eventcoder.store import ArticleRow, EventActorRow, EventRow, open_store

REPO = Path(__file__).resolve().parents[1]
WIKINEWS = REPO / ".." / "shared" / "corpora" / "wikinews_2019_2020" / "articles.jsonl"
SEED_ARTICLES = 80
MAX_SEED_CHARS = 4000
SHIFT_DAYS = 730  # copies spread the events over two years
INSERT_CHUNK = 5000
STARTUP_SECONDS = 60
TARGET_P99_MS = 100.0

# The filter mix of the events table (cycled), each with the first page of 50.
QUERIES = [
    {},
    {"offset": 500},
    {"country": "USA"},
    {"type": "ASSAULT"},
    {"type": "REQUEST,ACCUSE", "country": "GBR"},
    {"since": "2019-06", "until": "2019-06"},
    {"since": "2020-01-01", "country": "CHN"},
    {"modality": "asserted", "type": "PROTEST"},
    {"actor": "Trump"},
    {"q": "police"},
    {"q": "protest", "since": "2020"},
    {"actor": "police", "type": "ASSAULT,COERCE"},
]


def seed_documents(count: int) -> list[ArticleDocument]:
    items = []
    with WIKINEWS.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if len(record["text"]) <= MAX_SEED_CHARS and record["published"]:
                items.append(article_from_mapping(record, record["id"]))
            if len(items) == count:
                break
    return [document for document in code_articles(items) if isinstance(document, ArticleDocument)]


def shifted(day: str | None, days: int) -> str | None:
    if not day or len(day) != 10:
        return day
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def build_database(path: Path, target_events: int, seed_count: int) -> int:
    """Code the seed articles, store them, replicate them until ``target_events``; returns the event count."""
    started = time.perf_counter()
    documents = seed_documents(seed_count)
    print(f"coded {len(documents)} real articles in {time.perf_counter() - started:.1f} s", flush=True)
    with open_store(path) as store:
        for document in documents:
            store.write_document(document, origin="benchmark seed")
        with store.engine.begin() as connection:
            articles = [dict(row._mapping) for row in connection.execute(select(ArticleRow.__table__))]
            events = [dict(row._mapping) for row in connection.execute(select(EventRow.__table__))]
            actors = [dict(row._mapping) for row in connection.execute(select(EventActorRow.__table__))]
            if not events:
                raise SystemExit("the seed articles yield no event: nothing to replicate")
            copies = -(-target_events // len(events)) - 1
            pending: dict = {ArticleRow: [], EventRow: [], EventActorRow: []}

            def flush(force: bool = False) -> None:
                if not force and all(len(rows) < INSERT_CHUNK for rows in pending.values()):
                    return
                for model, rows in pending.items():  # parents first: foreign keys are on
                    if rows:
                        connection.execute(insert(model.__table__), rows)
                        rows.clear()

            for copy in range(1, copies + 1):
                suffix, days = f"~{copy}", (copy * 7) % SHIFT_DAYS
                for article in articles:
                    pending[ArticleRow].append(
                        {
                            **article,
                            "id": article["id"] + suffix,
                            "text_hash": f"{copy:06d}{article['text_hash']}"[:16],
                            "text": article["text"] + f"\n[benchmark copy {copy}]",
                            "published": shifted(article["published"], days),
                        }
                    )
                for event in events:
                    pending[EventRow].append(
                        {
                            **event,
                            "id": event["article_id"] + suffix + event["id"][len(event["article_id"]) :],
                            "article_id": event["article_id"] + suffix,
                            "event_date": shifted(event["event_date"], days),
                            "cluster_id": None,
                        }
                    )
                for actor in actors:
                    article_id = actor["event_id"].rsplit(":", 1)[0]
                    row = {key: value for key, value in actor.items() if key != "id"}
                    row["event_id"] = article_id + suffix + actor["event_id"][len(article_id) :]
                    pending[EventActorRow].append(row)
                flush()
            flush(force=True)
        with store.engine.connect() as connection:
            total = connection.execute(select(func.count()).select_from(EventRow)).scalar_one()
    print(f"database of {total:,} events built in {time.perf_counter() - started:.1f} s", flush=True)
    return total


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    code = (
        "import uvicorn, sys; from eventcoder.web import create_app; "
        "uvicorn.run(create_app(sys.argv[1], token=''), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')"
    )
    server = subprocess.Popen([sys.executable, "-c", code, str(db), str(port)])
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the API server did not start")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_load(port: int, requests: int) -> dict:
    latencies: dict[int, list[float]] = {index: [] for index in range(len(QUERIES))}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        for params in QUERIES:  # warm-up: one of each
            client.get("/api/events", params=params).raise_for_status()
        started = time.perf_counter()
        for _, (index, params) in zip(range(requests), itertools.cycle(enumerate(QUERIES))):
            sent = time.perf_counter()
            response = client.get("/api/events", params=params)
            latencies[index].append((time.perf_counter() - sent) * 1000)
            response.raise_for_status()
        elapsed = time.perf_counter() - started
    everything = [value for values in latencies.values() for value in values]
    return {"latencies": latencies, "all": everything, "elapsed": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000, help="events in the benchmark database")
    parser.add_argument("--requests", type=int, default=600, help="requests to send (bounded)")
    parser.add_argument(
        "--seed-articles", type=int, default=SEED_ARTICLES, help="real articles to code and replicate"
    )
    parser.add_argument(
        "--db", type=Path, help="reuse (or build once into) this SQLite file instead of a temp dir"
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="eventcoder-api-load-") as folder:
        db = options.db or Path(folder) / "events.db"
        if db.exists():
            with open_store(db) as store:
                total = store.stats()["events"]
            print(f"reusing {db}: {total:,} events", flush=True)
        else:
            total = build_database(db, options.events, options.seed_articles)
        port = free_port()
        server = start_server(db, port)
        try:
            result = run_load(port, options.requests)
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(
        f"\nGET /api/events on 127.0.0.1, {total:,} events (real coded events replicated), sequential requests"
    )
    for index, params in enumerate(QUERIES):
        values = result["latencies"][index]
        if values:
            print(f"  {json.dumps(params):55s} n={len(values):4d}  p50 {statistics.median(values):7.1f} ms"
                  f"  p99 {percentile(values, 0.99):7.1f} ms")  # fmt: skip
    everything = result["all"]
    p50, p99 = statistics.median(everything), percentile(everything, 0.99)
    print(f"all: n={len(everything)}  p50 {p50:.1f} ms  p99 {p99:.1f} ms  "
          f"{len(everything) / result['elapsed']:.1f} requests/s")  # fmt: skip
    print(f"target p99 < {TARGET_P99_MS:.0f} ms: {'met' if p99 < TARGET_P99_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
