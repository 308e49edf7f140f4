"""Ingest throughput on Reuters-21578 against raw spaCy ``nlp.pipe`` over the same texts, and peak RSS.

    .venv/bin/python benchmarks/ingest_throughput.py --count 2000 --repeat 3

Each measurement runs in a fresh process, so that no model or cache carries over:

- ``spacy``: the bare spaCy model, ``nlp.pipe`` over the texts (model load not timed);
- ``pipeline``: eventcoder's full pipeline (spaCy + the five stages), ``nlp.pipe`` (load not timed);
- ``ingest-1``: :func:`corpus.ingest` with one worker into a fresh SQLite file, model loaded before
  the clock starts: reading, skip check, coding, one transaction per article, clustering;
- ``ingest-N``: the same with N worker processes; their model loading is inside the timing.

Only texts that pass the language check are used, so that every measurement codes the same set.
Prints the median of ``--repeat`` runs, articles per second, the ratios, and the peak RSS of each
process that coded (the worker processes for ``ingest-N``).
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

REUTERS = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "reuters21578" / "articles.jsonl"
)
BATCH_SIZE = 16


def english_records(count: int) -> list[dict]:
    from eventcoder import errors
    from eventcoder.ingest import check_language

    chosen = []
    with REUTERS.open(encoding="utf-8") as lines:
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


class ChildMemory:
    """Polls the RSS of this process's descendants; the workers' peaks, by pid."""

    def __init__(self, interval: float = 0.2):
        import psutil

        self.me = psutil.Process()
        self.interval = interval
        self.peaks: dict[int, float] = {}
        self.running = True
        self.thread = threading.Thread(target=self.poll, daemon=True)

    def poll(self) -> None:
        import psutil

        while self.running:
            for child in self.me.children(recursive=True):
                try:
                    rss = child.memory_info().rss / 2**20
                except psutil.Error:  # it ended between listing and reading
                    continue
                self.peaks[child.pid] = max(rss, self.peaks.get(child.pid, 0.0))
            time.sleep(self.interval)

    def __enter__(self) -> ChildMemory:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.running = False
        self.thread.join()


def measure(kind: str, source: Path) -> dict:
    """One measurement in this (fresh) process."""
    texts = [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines()]
    if kind == "spacy":
        import spacy

        from eventcoder.nlp import DEFAULT_MODEL

        nlp = spacy.load(DEFAULT_MODEL)
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        return {"seconds": time.perf_counter() - started, "articles": len(texts), "rss_mib": [peak_rss_mib()]}
    if kind == "pipeline":
        from eventcoder.nlp import load

        nlp = load()
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        return {"seconds": time.perf_counter() - started, "articles": len(texts), "rss_mib": [peak_rss_mib()]}
    from eventcoder import corpus
    from eventcoder.nlp import load

    workers = int(kind.split("-")[1])
    with tempfile.TemporaryDirectory() as scratch:
        if workers == 1:
            load()  # the model is loaded before the clock starts
        started = time.perf_counter()
        with ChildMemory() as memory:
            summary = corpus.ingest(
                [str(source)], db=Path(scratch) / "events.db", workers=workers, progress=False
            )
        seconds = time.perf_counter() - started
    rss = [peak_rss_mib()] if workers == 1 else sorted(memory.peaks.values(), reverse=True)[:workers]
    return {
        "seconds": seconds,
        "articles": summary.new,
        "failed": summary.failed,
        "events": summary.events,
        "rss_mib": rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="Reuters articles to code")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; medians are printed")
    parser.add_argument("--workers", default="1,2", help="worker counts for ingest, comma-separated")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, Path(arguments.source))))
        return

    kinds = ["spacy", "pipeline"] + [f"ingest-{n}" for n in arguments.workers.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "reuters.jsonl"
        records = english_records(arguments.count)
        source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
        characters = sum(len(record["text"]) for record in records)
        print(
            f"{len(records)} Reuters-21578 articles ({characters:,} characters), {arguments.repeat} run(s) each"
        )
        results: dict[str, list[dict]] = {kind: [] for kind in kinds}
        for _ in range(arguments.repeat):
            for kind in kinds:  # interleaved, so that a busy machine slows every kind alike
                output = subprocess.run(
                    [sys.executable, __file__, "--measure", kind, "--source", str(source)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[kind].append(json.loads(output.strip().splitlines()[-1]))

    rates = {
        kind: statistics.median(run["articles"] / run["seconds"] for run in runs)
        for kind, runs in results.items()
    }
    print(
        f"{'measurement':<12} {'articles/s':>11} {'vs spaCy':>9} {'vs pipeline':>12} {'peak RSS MiB per process':>26}"
    )
    for kind, runs in results.items():
        peaks = [
            max(run["rss_mib"][i] for run in runs) for i in range(min(len(run["rss_mib"]) for run in runs))
        ]
        print(
            f"{kind:<12} {rates[kind]:>11.2f} {rates[kind] / rates['spacy']:>8.2f}x {rates[kind] / rates['pipeline']:>11.2f}x"
            f" {', '.join(f'{peak:.0f}' for peak in peaks):>26}"
        )
    for kind in kinds[2:]:
        runs = results[kind]
        print(f"{kind}: {runs[0]['articles']} stored, {runs[0]['failed']} failed, {runs[0]['events']} events")


if __name__ == "__main__":
    main()
