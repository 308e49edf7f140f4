"""How eventcoder scales: throughput and memory per process, and the cost of an article as the database grows.

    .venv/bin/python benchmarks/scale.py --reuters PATH/reuters21578/articles.jsonl \\
        --wikinews PATH/wikinews_2019_2020/articles.jsonl --count 400 --repeat 3 \\
        --db-sizes 10000,100000,1000000

1. Throughput, each measurement in a fresh process, runs interleaved, medians of ``--repeat``, on
   ``--count`` English Reuters-21578 articles: raw spaCy ``nlp.pipe`` (the baseline; model load not
   timed), eventcoder's pipeline ``nlp.pipe``, ``ingest`` with one process (model loaded before the
   clock), ``--workers 2`` and ``--dask local`` with 2 workers (their start and model loads timed);
   ingest is end to end: reading, language check, coding, storing in SQLite with clusters. Prints
   articles/s, the ratio to raw spaCy, the efficiency against one process, and the peak RSS of each
   process that coded.
2. Memory on whole corpora: ``ingest`` (one process, and two workers) over every Wikinews article
   (the longest is 104,000 characters) and over the Reuters articles; the peak RSS per coding process.
3. The cost of storing one article (its rows, its search index, its clusters and aggregate rows) with
   the database already holding 10k, 100k and 1M events: a SQLite database is built as
   ``api_load.py`` builds it (80 real coded Wikinews articles replicated in SQL with new ids and
   dates spread over two years: articles, events, actors, real-world events, cluster keys and
   aggregate rows), then 50-odd other coded Wikinews articles are written one at a time; median and
   p90 milliseconds per article.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
REUTERS = CORPORA / "reuters21578" / "articles.jsonl"
WIKINEWS = CORPORA / "wikinews_2019_2020" / "articles.jsonl"

KINDS = ("spacy", "pipeline", "ingest-1", "ingest-2", "dask-2")


def english_records(count: int, path: str | Path | None = None) -> list[dict]:
    from eventcoder import errors
    from eventcoder.ingest import check_language

    chosen = []
    with Path(path or REUTERS).open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            try:
                check_language(record["text"], record["id"])
            except errors.NotEnglish:
                continue
            chosen.append(record)
            if len(chosen) == count:
                break
    return chosen


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def vm_mib(pid: int | str = "self") -> dict[str, float]:
    """A process's ``Vm*`` lines of ``/proc/PID/status`` (VmRSS, VmHWM, ...), in MiB."""
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {line.split(":")[0]: int(line.split()[1]) / 1024 for line in lines if line.startswith("Vm")}


class ChildMemory:
    """The peak RSS of this process's descendants (the workers), by pid: the kernel's high-water mark
    (``VmHWM``), read until each process ends, so that no short peak is missed between two polls."""

    def __init__(self, interval: float = 0.2):
        import psutil

        self.me = psutil.Process()
        self.interval = interval
        self.peaks: dict[int, float] = {}
        self.running = True
        self.thread = threading.Thread(target=self.poll, daemon=True)

    def poll(self) -> None:
        while self.running:
            for child in self.me.children(recursive=True):
                try:
                    peak = vm_mib(child.pid)["VmHWM"]
                except (OSError, KeyError):  # it ended between listing and reading
                    continue
                self.peaks[child.pid] = max(peak, self.peaks.get(child.pid, 0.0))
            time.sleep(self.interval)

    def __enter__(self) -> ChildMemory:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.running = False
        self.thread.join()


def measure(kind: str, source: Path) -> dict:
    """One throughput measurement in this (fresh) process."""
    texts = [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines()]
    if kind == "spacy":
        import spacy

        from eventcoder.nlp import DEFAULT_MODEL

        nlp = spacy.load(DEFAULT_MODEL)
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        return {"seconds": time.perf_counter() - started, "articles": len(texts), "rss_mib": [peak_rss_mib()]}
    if kind == "pipeline":
        from eventcoder import tablecache
        from eventcoder.nlp import load

        tablecache.build_in_memory()
        nlp = load()
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        return {"seconds": time.perf_counter() - started, "articles": len(texts), "rss_mib": [peak_rss_mib()]}
    from eventcoder import corpus, tablecache
    from eventcoder.nlp import load

    mode, workers = kind.split("-")
    with tempfile.TemporaryDirectory() as scratch:
        if workers == "1":
            tablecache.build_in_memory()  # as ingest does
            load()  # loaded before the clock starts, as the baseline's model is
        started = time.perf_counter()
        with ChildMemory() as memory:
            summary = corpus.ingest(
                [str(source)],
                db=Path(scratch) / "events.db",
                workers=int(workers),
                dask="local" if mode == "dask" else None,
                progress=False,
            )
        seconds = time.perf_counter() - started
    coders = sorted(memory.peaks.values(), reverse=True)[: int(workers)] if workers != "1" else []
    return {
        "seconds": seconds,
        "articles": summary.new,
        "failed": summary.failed,
        "rss_mib": [peak_rss_mib()] if workers == "1" else coders,
    }


def run_fresh(*arguments: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def throughput(records: list[dict], repeat: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "reuters.jsonl"
        source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
        results: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        for _ in range(repeat):
            for kind in KINDS:  # interleaved: a busy machine slows every kind alike
                results[kind].append(run_fresh("--measure", kind, "--source", str(source)))
    rates = {
        kind: statistics.median(r["articles"] / r["seconds"] for r in runs) for kind, runs in results.items()
    }
    print(f"\n1. Throughput: {len(records)} Reuters articles, medians of {repeat}")
    print(
        f"{'run':<10} {'articles/s':>10} {'vs spaCy':>9} {'vs 1 process':>13} {'peak RSS MiB per coding process':>32}"
    )
    for kind, runs in results.items():
        peaks = [
            max(run["rss_mib"][i] for run in runs) for i in range(min(len(run["rss_mib"]) for run in runs))
        ]
        efficiency = rates[kind] / rates["ingest-1"]
        print(
            f"{kind:<10} {rates[kind]:>10.2f} {rates[kind] / rates['spacy']:>8.2f}x {efficiency:>12.2f}x"
            f" {', '.join(f'{peak:.0f}' for peak in peaks):>32}"
        )


def memory(corpora: dict[str, Path]) -> None:
    print("\n2. Memory on whole corpora (peak RSS per coding process)")
    for name, source in corpora.items():
        lines = source.read_text(encoding="utf-8").splitlines()
        longest = max(len(json.loads(line)["text"]) for line in lines)
        for kind in ("ingest-1", "ingest-2"):
            result = run_fresh("--measure", kind, "--source", str(source))
            peaks = ", ".join(f"{peak:.0f}" for peak in result["rss_mib"])
            print(f"{name:<10} {len(lines):>5} articles, longest {longest:,} characters, {kind}: {peaks} MiB")


def write_cost(fresh: list, sizes: list[int]) -> None:
    """Each size with the copies of an event a week apart (the same number of candidate reports per
    event at every size: an archive that grows in time), then the largest with all copies within two
    years (the api_load database: many more candidates per event)."""
    from api_load import SEED_ARTICLES, SPREAD_DAYS, build_database

    from eventcoder.store import cluster_index, open_store

    print("\n3. Cost of storing one article (rows, search index, clusters, aggregates) as the database grows")
    print(
        f"{'stored events':>14} {'copies span':>11} {'ms per article (median)':>24} {'p90':>8} {'candidates per event':>21}"
    )
    counted: list[int] = []
    find = cluster_index._candidates

    def candidates(connection, report):  # counted: what an event is compared with
        found = find(connection, report)
        counted.append(len(found))
        return found

    cluster_index._candidates = candidates
    for size, spread in [(size, None) for size in sizes] + [(max(sizes), SPREAD_DAYS)]:
        with tempfile.TemporaryDirectory() as scratch:
            db = Path(scratch) / "events.db"
            stored = build_database(str(db), size, SEED_ARTICLES, check=False, spread_days=spread)
            counted.clear()
            with open_store(db) as store:
                with store.engine.connect() as connection:
                    seeds = connection.exec_driver_sql(
                        "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
                        "WHERE a.origin = 'benchmark seed'"
                    ).scalar_one()
                times = []
                for document in fresh:
                    started = time.perf_counter()
                    store.write_document(document)
                    times.append((time.perf_counter() - started) * 1000)
            times.sort()
            days = 7 * (stored // seeds - 1)  # copy k of the seeds is shifted by 7k days (modulo the spread)
            span = f"{min(days, spread or days) / 365.25:.0f} years"
            print(f"{stored:>14,} {span:>11} {statistics.median(times):>24.1f} {times[int(len(times) * 0.9)]:>8.1f}"
                  f" {statistics.mean(counted) if counted else 0:>21.1f}", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reuters", default=str(REUTERS), help="Reuters-21578 articles.jsonl (parts 1 and 2)"
    )
    parser.add_argument("--wikinews", default=str(WIKINEWS), help="Wikinews articles.jsonl (part 2)")
    parser.add_argument("--count", type=int, default=400, help="Reuters articles for part 1")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db-sizes", default="10000,100000,1000000", help="stored events for part 3")
    parser.add_argument("--parts", default="1,2,3")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, Path(arguments.source))))
        return
    parts = arguments.parts.split(",")
    if "1" in parts:
        throughput(english_records(arguments.count, arguments.reuters), arguments.repeat)
    if "2" in parts:
        with tempfile.TemporaryDirectory() as scratch:
            reuters = Path(scratch) / "reuters.jsonl"
            records = english_records(2000, arguments.reuters)
            reuters.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
            memory({"wikinews": Path(arguments.wikinews), "reuters": reuters})
    if "3" in parts:
        from api_load import SEED_ARTICLES, seed_documents

        fresh = [
            document for document in seed_documents(SEED_ARTICLES + 60)[SEED_ARTICLES:] if document.events
        ]
        write_cost(fresh, [int(size) for size in arguments.db_sizes.split(",")])


if __name__ == "__main__":
    main()
