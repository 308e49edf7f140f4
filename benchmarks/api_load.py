"""Load benchmark of the REST API at a million events: the dashboard's requests from 8 concurrent clients,
p50/p99 latency per endpoint and requests per second overall.

The database is built once: real Wikinews articles are coded with the real pipeline and stored (their
clusters and aggregate rows made as in any write), then REPLICATED in SQL (``INSERT ... SELECT``: new
ids, dates shifted by 7k days modulo two years for copy k, copies of their real-world events, event
actors, cluster countries and cluster keys; an article's copy keeps its title but not its text) until the events
table holds ``--events`` rows; the aggregate tables are replicated the same way (each seed row once
per shift, its counts times the copies with that shift) and the database ANALYZEd. ``--check`` counts
the aggregates of the copies again from their events and compares (slow: use it at 100,000 events).
The search-index triggers index the copies' sentences as they are inserted.

The API runs in a uvicorn subprocess on 127.0.0.1 (one process, as ``eventcoder serve``; the rate
limit off, the load comes from one address); ``--clients`` threads each send ``--requests`` requests
over loopback, cycling through the dashboard's mix (:func:`dashboard_mix`) from different starting
points. Three runs: with the answer cache (what a dashboard's repeated requests cost: one warm-up pass
first), without it (every request computed from the database), and with the cache while an ingest
writes ``--write-rate`` articles a second into the same database for ``--ingest-seconds`` (real
coded articles stored again under new ids, in another process; the cache reads the database version
again every 5 s and computes stale answers again in the background).

    .venv/bin/python benchmarks/api_load.py --events 1000000 --db /tmp/api-load-1m.db
    .venv/bin/python benchmarks/api_load.py --events 1000000 --db /tmp/api-load-1m.db --runs ingest --write-rate 5
    .venv/bin/python benchmarks/api_load.py --events 200000 --db postgresql://postgres@127.0.0.1:5432/test \\
        --schema api_load
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx
from sqlalchemy import func, select, text

from eventcoder.api import code_articles
from eventcoder.ingest import article_from_mapping
from eventcoder.records import ArticleDocument
from eventcoder.store import EventRow, open_store
from eventcoder.store.aggregates import count_rows, rebuild

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / ".." / "shared" / "corpora" / "wikinews_2019_2020" / "articles.jsonl"
IN_REPOSITORY = REPO / "tests" / "data" / "wikinews" / "articles.jsonl"
SEED_ARTICLES = 80
MAX_SEED_CHARS = 4000
SPREAD_DAYS = 730  # copy k is shifted by 7k days modulo two years: 730 different shifts
STARTUP_SECONDS = 120
TARGET_P99_MS = 100.0
TARGET_RATE = 50.0


def seed_documents(count: int) -> list[ArticleDocument]:
    corpus = CORPUS if CORPUS.exists() else IN_REPOSITORY
    items = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if len(record["text"]) <= MAX_SEED_CHARS and record.get("published"):
                items.append(article_from_mapping(record, record["id"]))
            if len(items) == count:
                break
    return [document for document in code_articles(items) if isinstance(document, ArticleDocument)]


# --------------------------------------------------------------------------------------------------
# Replication in SQL


def _sql(dialect: str) -> dict[str, str]:
    """Dialect pieces: a day shifted by c.shift days, the copy number as text, a 6-digit prefix."""
    if dialect == "sqlite":
        return {
            "shift": "CASE WHEN length({0}) = 10 THEN date({0}, '+' || c.shift || ' days') ELSE {0} END",
            "k": "CAST(c.k AS TEXT)",
            "prefix": "substr('000000' || c.k, -6)",
        }
    return {
        "shift": "CASE WHEN length({0}) = 10 THEN to_char(CAST({0} AS date) + c.shift, 'YYYY-MM-DD') ELSE {0} END",
        "k": "CAST(c.k AS TEXT)",
        "prefix": "lpad(CAST(c.k AS TEXT), 6, '0')",
    }


def replicate(connection, copies: int, spread_days: int | None = SPREAD_DAYS) -> None:
    """Copies 1..``copies`` of the seed articles and their clusters, events and actors, and of the
    aggregate rows they made."""
    sql = _sql(connection.dialect.name)
    shift, k = sql["shift"].format, sql["k"]
    connection.execute(text("CREATE TEMPORARY TABLE copies (k INTEGER PRIMARY KEY, shift INTEGER)"))
    connection.execute(
        text("INSERT INTO copies (k, shift) VALUES (:k, :shift)"),
        [
            {"k": n, "shift": 7 * n if spread_days is None else (7 * n) % spread_days}
            for n in range(1, copies + 1)
        ],
    )
    # an event's copy: "<article id>~<copy>:e<n>"; a cluster's id is its first event's
    new_id = "{a}.article_id || '~' || " + k + " || substr({a}.id, length({a}.article_id) + 1)"
    seeds = "(SELECT id FROM articles WHERE origin = 'benchmark seed')"
    statements = {
        # the title and metadata; a short text (the copies are never read as documents)
        "articles": f"""INSERT INTO articles (id, text_hash, title, published, source, url, language, text,
                coder_version, coder_model, origin, coded_at)
            SELECT a.id || '~' || {k}, {sql["prefix"]} || substr(a.text_hash, 1, 10), a.title,
                {shift("a.published")}, a.source, a.url, a.language, '[benchmark copy ' || {k} || ']',
                a.coder_version, a.coder_model, 'benchmark copy', a.coded_at
            FROM articles a CROSS JOIN copies c WHERE a.id IN {seeds}""",
        "event_clusters": f"""INSERT INTO event_clusters (id, event_type, event_date, date_value, date_precision,
                source_countries, target_countries, location_name, location_country, lat, lon, cameo,
                intensity, report_count, event_count, outlets)
            SELECT {new_id.format(a="m")}, cl.event_type, {shift("cl.event_date")}, {shift("cl.date_value")},
                cl.date_precision, cl.source_countries, cl.target_countries, cl.location_name,
                cl.location_country, cl.lat, cl.lon, cl.cameo, cl.intensity, cl.report_count, cl.event_count,
                cl.outlets
            FROM event_clusters cl JOIN events m ON m.id = cl.id CROSS JOIN copies c
            WHERE m.article_id IN {seeds}""",
        "event_cluster_countries": f"""INSERT INTO event_cluster_countries (cluster_id, role, country)
            SELECT {new_id.format(a="m")}, cc.role, cc.country
            FROM event_cluster_countries cc JOIN events m ON m.id = cc.cluster_id CROSS JOIN copies c
            WHERE m.article_id IN {seeds}""",
        "events": f"""INSERT INTO events (id, article_id, position, event_type, content_type, mode, context, cameo,
                intensity, modality, event_date, date_basis, date_value, date_precision, date_text,
                location_name, location_text, lat, lon, location_country, location_kind, location_geonameid,
                location_feature_class, location_feature_code, location_admin1, trigger_text, trigger_start,
                trigger_end, sentence_index, sentence_start, sentence_end, sentence_text, attributed,
                attribution_outlet, evidence_method, evidence_confidence, cluster_id)
            SELECT {new_id.format(a="e")}, e.article_id || '~' || {k}, e.position, e.event_type, e.content_type,
                e.mode, e.context, e.cameo, e.intensity, e.modality, {shift("e.event_date")}, e.date_basis,
                {shift("e.date_value")}, e.date_precision, e.date_text, e.location_name, e.location_text, e.lat,
                e.lon, e.location_country, e.location_kind, e.location_geonameid, e.location_feature_class,
                e.location_feature_code, e.location_admin1, e.trigger_text, e.trigger_start, e.trigger_end,
                e.sentence_index, e.sentence_start, e.sentence_end, e.sentence_text, e.attributed,
                e.attribution_outlet, e.evidence_method, e.evidence_confidence, {new_id.format(a="m")}
            FROM events e JOIN events m ON m.id = e.cluster_id CROSS JOIN copies c
            WHERE e.article_id IN {seeds}""",
        "event_actors": f"""INSERT INTO event_actors (event_id, role, position, text, start_char, end_char, name,
                country, sector, org, kind, method, office)
            SELECT {new_id.format(a="e")}, ea.role, ea.position, ea.text, ea.start_char, ea.end_char, ea.name,
                ea.country, ea.sector, ea.org, ea.kind, ea.method, ea.office
            FROM event_actors ea JOIN events e ON e.id = ea.event_id CROSS JOIN copies c
            WHERE e.article_id IN {seeds}""",
        # what an arriving event finds its candidate reports through
        "event_cluster_keys": f"""INSERT INTO event_cluster_keys (event_id, event_type, source, target, day_start,
                day_end)
            SELECT {new_id.format(a="e")}, ck.event_type, ck.source, ck.target, {shift("ck.day_start")},
                {shift("ck.day_end")}
            FROM event_cluster_keys ck JOIN events e ON e.id = ck.event_id CROSS JOIN copies c
            WHERE e.article_id IN {seeds}""",
    }
    for table, statement in statements.items():
        started = time.perf_counter()
        connection.execute(text(statement))
        print(f"  {table:24s} {time.perf_counter() - started:7.1f} s", flush=True)
    # the aggregates: each seed row once per shift, its counts times the copies with that shift (the
    # seed itself is copy 0, shift 0)
    connection.execute(text("INSERT INTO copies (k, shift) VALUES (0, 0)"))
    per_shift = "(SELECT shift, COUNT(*) AS n FROM copies GROUP BY shift)"
    for table, key, sums in (
        ("event_aggregates", "kind, scope, key, day, precise, event_type, modality", "events, intensity"),
        ("cluster_aggregates", "kind, scope, key, day, event_type, modalities", "clusters"),
    ):
        started = time.perf_counter()
        connection.execute(text(f"CREATE TEMPORARY TABLE seed_{table} AS SELECT * FROM {table}"))
        connection.execute(text(f"DELETE FROM {table}"))
        columns = ", ".join(shift("a.day") if name == "day" else f"a.{name}" for name in key.split(", "))
        totals = ", ".join(f"SUM(a.{name} * c.n)" for name in sums.split(", "))
        connection.execute(
            text(
                f"INSERT INTO {table} ({key}, {sums}) SELECT {columns}, {totals} "
                f"FROM seed_{table} a CROSS JOIN {per_shift} c GROUP BY {columns}"
            )
        )
        print(f"  {table:24s} {time.perf_counter() - started:7.1f} s", flush=True)
    connection.execute(text("UPDATE database_version SET version = version + 1"))


def build_database(
    url: str, target_events: int, seed_count: int, check: bool, spread_days: int | None = SPREAD_DAYS
) -> int:
    """A database of about ``target_events`` events; copy k of the seeds is shifted by 7k days modulo
    ``spread_days`` (None: not wrapped, so that the copies of an event stay a week apart however many
    there are)."""
    started = time.perf_counter()
    documents = seed_documents(seed_count)
    print(f"coded {len(documents)} real articles in {time.perf_counter() - started:.1f} s", flush=True)
    with open_store(url) as store:
        for document in documents:
            store.write_document(document, origin="benchmark seed")
        with store.engine.connect() as connection:
            seeds = connection.execute(select(func.count()).select_from(EventRow)).scalar_one()
        if not seeds:
            raise SystemExit("the seed articles yield no event: nothing to replicate")
        copies = -(-target_events // seeds) - 1
        print(f"{seeds} seed events; {copies:,} copies", flush=True)
        started = time.perf_counter()
        with store.engine.begin() as connection:
            replicate(connection, copies, spread_days)
        with store.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        with store.engine.connect() as connection:
            total = connection.execute(select(func.count()).select_from(EventRow)).scalar_one()
            print(f"aggregate rows: {count_rows(connection)}", flush=True)
        print(f"database of {total:,} events built in {time.perf_counter() - started:.1f} s", flush=True)
        if check:
            check_aggregates(store)
    return total


def check_aggregates(store) -> None:
    """The replicated aggregates equal those counted again from the replicated events."""

    def rows(connection):
        found = {}
        for table in ("event_aggregates", "cluster_aggregates"):
            found[table] = sorted(
                tuple(round(value, 6) if isinstance(value, float) else value for value in row)
                for row in connection.execute(text(f"SELECT * FROM {table}"))
            )
        return found

    with store.engine.begin() as connection:
        replicated = rows(connection)
        started = time.perf_counter()
        rebuild(connection)
        counted = rows(connection)
        print(
            f"aggregates counted again from the events in {time.perf_counter() - started:.1f} s", flush=True
        )
    for table in replicated:
        same = replicated[table] == counted[table]
        print(f"check {table}: {len(replicated[table]):,} rows replicated, {len(counted[table]):,} counted: "
              f"{'equal' if same else 'DIFFERENT'}")  # fmt: skip
        if not same:
            raise SystemExit("the replicated aggregates differ from the counted ones")


# --------------------------------------------------------------------------------------------------
# An ingest beside the load


def write_loop(url: str, documents_path: str, rate: float, written_path: str) -> None:
    """Store the coded articles of ``documents_path`` again and again under new ids, ``rate`` a second,
    until terminated; the count written so far is kept in ``written_path``."""
    import signal

    documents = [
        ArticleDocument.model_validate_json(line)
        for line in Path(documents_path).read_text(encoding="utf-8").splitlines()
    ]
    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    written = 0
    started = time.monotonic()
    with open_store(url, create=False) as store:
        while running:
            source = documents[written % len(documents)]
            name = f"{source.article.id}~ingest{written}"
            article = source.article.model_copy(
                update={"id": name, "text": f"{source.article.text}\n({written})"}
            )
            events = [
                event.model_copy(update={"id": name + event.id[len(source.article.id) :]})
                for event in source.events
            ]
            quotes = [quote.model_copy(update={"id": name + quote.id[len(source.article.id) :]})
                      for quote in source.quotes]  # fmt: skip
            store.write_document(
                source.model_copy(update={"article": article, "events": events, "quotes": quotes})
            )
            written += 1
            Path(written_path).write_text(str(written))
            time.sleep(max(0.0, started + written / rate - time.monotonic()))


def start_writer(url: str, rate: float, scratch: Path) -> tuple[subprocess.Popen, Path]:
    documents = scratch / "documents.jsonl"
    written = scratch / "written"
    fresh = seed_documents(SEED_ARTICLES + 40)[SEED_ARTICLES:]
    documents.write_text("".join(document.model_dump_json() + "\n" for document in fresh), encoding="utf-8")
    writer = subprocess.Popen(
        [sys.executable, __file__, "--write-loop", str(documents), "--db", url, "--write-rate", str(rate),
         "--written", str(written)]
    )  # fmt: skip
    return writer, written


# --------------------------------------------------------------------------------------------------
# The load


def dashboard_mix(url: str) -> list[tuple[str, str, dict]]:
    """(endpoint, path, params) of the dashboard's requests, with a country, a dyad and an actor that
    the data holds."""
    with open_store(url, create=False) as store, store.engine.connect() as connection:
        country = connection.execute(
            text(
                "SELECT scope FROM event_aggregates WHERE kind = 'all' AND scope != '' "
                "GROUP BY scope ORDER BY SUM(events) DESC LIMIT 1"
            )
        ).scalar_one()
        dyad = connection.execute(
            text(
                "SELECT key FROM event_aggregates WHERE kind = 'dyad' AND scope = '' "
                "GROUP BY key ORDER BY SUM(events) DESC LIMIT 1"
            )
        ).scalar_one()
        last = connection.execute(
            text("SELECT MAX(day) FROM event_aggregates WHERE kind = 'all'")
        ).scalar_one()
    source, target = dyad.split("\x1f")
    month = last[:7]
    return [  # as the dashboard asks (web/static/js): its overview, map, network, dyads, tables, pages
        ("events", "/api/events", {"limit": 50}),
        ("events", "/api/events", {"country": country, "limit": 50}),
        ("events", "/api/events", {"type": "ASSAULT,COERCE", "since": last[:4], "limit": 50}),
        ("events", "/api/events", {"since": month, "until": month, "modality": "all", "limit": 1}),
        ("events", "/api/events", {"q": "police", "limit": 50}),
        ("clusters", "/api/clusters", {"limit": 50}),
        ("counts by day", "/api/counts", {"by": "day"}),
        ("counts by day", "/api/counts", {"by": "day", "interval": "week", "country": country}),
        ("dyads", "/api/dyads", {"top": 20, "interval": "week"}),
        ("network", "/api/network", {}),
        ("map", "/api/map", {}),
        ("map", "/api/map", {"country": country}),
        ("change", "/api/change", {}),
        ("change", "/api/change", {"level": "admin1"}),
        ("series", "/api/series", {"interval": "day"}),
        ("series", "/api/series", {"country": country, "interval": "week"}),
        ("series", "/api/series", {"source": source, "target": target, "interval": "month"}),
        ("countries", "/api/countries", {}),
        ("country page", f"/api/countries/{country}", {}),
        ("stats", "/api/stats", {}),
        ("stats", "/api/stats", {"since": month}),
        ("escalation", "/api/escalation", {}),
    ]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, port: int, cache: bool) -> subprocess.Popen:
    code = (
        "import sys, uvicorn; from eventcoder.web import create_app; "
        "app = create_app(sys.argv[1], token='', rate_limit='off', cache=sys.argv[3] == 'cache'); "
        "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')"
    )
    server = subprocess.Popen([sys.executable, "-c", code, url, str(port), "cache" if cache else "none"])
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/countries", timeout=60)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the API server did not start")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_load(port: int, mix: list, clients: int, requests: int, warm: bool, seconds: float = 0.0) -> dict:
    """Each client sends ``requests`` requests, or as many as it can in ``seconds`` when given."""
    latencies: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    answers: dict[str, int] = defaultdict(int)  # how the cache answered: hit, stale, miss
    versions: set[str] = set()  # the database versions the answers reflect
    lock = threading.Lock()
    base = f"http://127.0.0.1:{port}"
    if warm:
        with httpx.Client(base_url=base, timeout=120) as client:
            for _, path, params in mix:
                client.get(path, params=params).raise_for_status()
    barrier = threading.Barrier(clients + 1)

    def client_loop(number: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as client:
            barrier.wait()
            deadline = time.perf_counter() + seconds
            count = 0
            while (count < requests) if not seconds else (time.perf_counter() < deadline):
                name, path, params = mix[(number * 3 + count) % len(mix)]
                count += 1
                sent = time.perf_counter()
                response = client.get(path, params=params)
                elapsed = (time.perf_counter() - sent) * 1000
                with lock:
                    latencies[name].append(elapsed)
                    answers[response.headers.get("x-eventcoder-cache", "no cache")] += 1
                    versions.add(response.headers.get("x-eventcoder-version", ""))
                    if response.status_code != 200:
                        failures.append(f"{path} {params}: {response.status_code}")

    threads = [threading.Thread(target=client_loop, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "latencies": latencies,
        "elapsed": elapsed,
        "failures": failures,
        "answers": answers,
        "versions": versions,
    }


def report(title: str, result: dict) -> None:
    print(f"\n{title}")
    everything = []
    for name, values in sorted(result["latencies"].items()):
        everything += values
        p99 = percentile(values, 0.99)
        print(f"  {name:16s} n={len(values):5d}  p50 {statistics.median(values):7.1f} ms  p99 {p99:7.1f} ms"
              f"{'' if p99 < TARGET_P99_MS else '  (over 100 ms)'}")  # fmt: skip
    rate = len(everything) / result["elapsed"]
    print(f"  {'all':16s} n={len(everything):5d}  p50 {statistics.median(everything):7.1f} ms  "
          f"p99 {percentile(everything, 0.99):7.1f} ms  {rate:.1f} requests/s")  # fmt: skip
    slow = [name for name, values in result["latencies"].items() if percentile(values, 0.99) >= TARGET_P99_MS]
    print(f"  targets: every endpoint p99 < {TARGET_P99_MS:.0f} ms: {'met' if not slow else 'NOT met (' + ', '.join(sorted(slow)) + ')'}; "
          f">= {TARGET_RATE:.0f} requests/s: {'met' if rate >= TARGET_RATE else 'NOT met'}")  # fmt: skip
    if result["answers"].keys() != {"no cache"}:
        how = ", ".join(f"{count} {kind}" for kind, count in sorted(result["answers"].items()))
        print(f"  answers: {how}; {len(result['versions'] - {''})} database versions seen")
    if result["failures"]:
        print(f"  {len(result['failures'])} failed requests, e.g. {result['failures'][0]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the benchmark database")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=250, help="requests per client and run")
    parser.add_argument("--seed-articles", type=int, default=SEED_ARTICLES, help="real articles to code")
    parser.add_argument("--db", default=None, help="SQLite file or PostgreSQL URL: built once, then reused")
    parser.add_argument("--schema", default=None, help="PostgreSQL: the schema to build in (dropped first)")
    parser.add_argument("--check", action="store_true", help="count the aggregates again and compare")
    parser.add_argument("--runs", default="cache,none,ingest", help="cache, none, ingest (comma-separated)")
    parser.add_argument(
        "--write-rate", type=float, default=5.0, help="articles a second written in the ingest run"
    )
    parser.add_argument("--ingest-seconds", type=float, default=60.0, help="how long the ingest run lasts")
    parser.add_argument("--write-loop", help=argparse.SUPPRESS)
    parser.add_argument("--written", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write_loop:
        write_loop(options.db, options.write_loop, options.write_rate, options.written)
        return

    url = options.db or str(Path("/tmp") / f"eventcoder-api-load-{options.events}.db")
    if options.schema:
        import psycopg
        from sqlalchemy.engine import make_url

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "{options.schema}" CASCADE')
            connection.execute(f'CREATE SCHEMA "{options.schema}"')
        url = make_url(url).update_query_dict({"options": f"-csearch_path={options.schema}"})
        url = url.render_as_string(hide_password=False)
    fresh = options.schema or ("://" not in url and not Path(url).exists())
    if fresh:
        total = build_database(url, options.events, options.seed_articles, options.check)
    else:
        with open_store(url, create=False) as store, store.engine.connect() as connection:
            total = connection.execute(select(func.count()).select_from(EventRow)).scalar_one()
        print(f"reusing {url}: {total:,} events", flush=True)
    mix = dashboard_mix(url)
    database = "PostgreSQL" if "://" in url else "SQLite"
    for run in options.runs.split(","):
        port = free_port()
        server = start_server(url, port, cache=run != "none")
        writer = None
        try:
            if run == "ingest":
                scratch = Path(tempfile.mkdtemp())
                writer, written = start_writer(url, options.write_rate, scratch)
                time.sleep(2)  # the writer has opened the store and begun
            seconds = options.ingest_seconds if run == "ingest" else 0.0
            result = run_load(
                port, mix, options.clients, options.requests, warm=run != "none", seconds=seconds
            )
        finally:
            if writer is not None:
                writer.terminate()
                writer.wait(timeout=60)
            server.terminate()
            server.wait(timeout=60)
        what = {
            "cache": "answers cached per database version (after one warm-up pass)",
            "none": "no cache: every request computed",
            "ingest": "answers cached, while an ingest writes",
        }[run]
        if run == "ingest":
            count = int(written.read_text()) if written.exists() else 0
            what += f" {count} articles ({count / result['elapsed']:.1f} a second during the load)"
        report(
            f"{database}, {total:,} events, {options.clients} concurrent clients, {len(mix)} requests in the mix; {what}",
            result,
        )


if __name__ == "__main__":
    main()
