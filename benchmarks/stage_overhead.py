"""How much each eventcoder stage adds to spaCy's own time on the same text.

Runs the pipeline's components one after the other over real news articles (spaCy's own components
batched, as ``nlp.pipe`` runs them; each eventcoder stage on the Docs the ones before it made),
REPEATS times, and prints the medians and each stage's time as a share of spaCy's. Budgets (issues
#3-#5): actors ≤ 10 %, geo ≤ 10 %, time ≤ 10 %, events ≤ 15 %.

    .venv/bin/python benchmarks/stage_overhead.py [--corpus wikinews|reuters] [--articles 200] [--repeats 3]

``--corpus`` names a file under ``../shared/corpora`` or is a path to JSON Lines of articles.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path

from eventcoder.nlp import STAGES, load

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CORPORA = {"wikinews": "wikinews_2019_2020/articles.jsonl", "reuters": "reuters21578/articles.jsonl"}
BUDGETS = {
    "eventcoder_actors": 0.10,
    "eventcoder_geo": 0.10,
    "eventcoder_time": 0.10,
    "eventcoder_events": 0.15,
}


def load_articles(corpus: str, count: int) -> list[tuple[str, dt.date | None]]:
    path = SHARED / CORPORA[corpus] if corpus in CORPORA else Path(corpus)
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            published = dt.date.fromisoformat(record["published"]) if record.get("published") else None
            articles.append((record["text"], published))
            if len(articles) == count:
                break
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="wikinews", help=f"one of {sorted(CORPORA)}, or a .jsonl path")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()

    nlp = load()
    articles = load_articles(options.corpus, options.articles)
    words = sum(len(text.split()) for text, _ in articles)

    timings: dict[str, list[float]] = {"spacy": [], **{name: [] for name in STAGES}}
    for _ in range(options.repeats):
        docs = []
        for text, published in articles:
            doc = nlp.make_doc(text)
            doc._.published = published
            docs.append(doc)
        spacy_seconds = 0.0
        for name, component in nlp.pipeline:  # in pipeline order, each on the output of the one before
            started = time.perf_counter()
            if name in STAGES:
                docs = [component(doc) for doc in docs]
                timings[name].append(time.perf_counter() - started)
            else:  # spaCy's own components batched, as nlp.pipe runs them; the sentence breaks with them
                pipe = getattr(component, "pipe", None)
                docs = list(pipe(docs, batch_size=32)) if pipe else [component(doc) for doc in docs]
                spacy_seconds += time.perf_counter() - started
        timings["spacy"].append(spacy_seconds)

    spacy_median = statistics.median(timings["spacy"])
    print(f"{len(articles)} {options.corpus} articles, {words} words, {options.repeats} repeats (medians)")
    print(f"{'stage':<20}{'seconds':>10}{'share of spaCy':>16}{'budget':>9}")
    print(
        f"{'spacy (baseline)':<20}{spacy_median:>10.2f}{'100.0 %':>16}{'':>9}   {words / spacy_median:,.0f} words/s"
    )
    total = 0.0
    for name in STAGES:
        median = statistics.median(timings[name])
        total += median
        budget = BUDGETS.get(name)
        print(
            f"{name:<20}{median:>10.3f}{median / spacy_median:>15.1%}{f'{budget:.0%}' if budget else '':>9}"
        )
    print(f"{'all stages':<20}{total:>10.3f}{total / spacy_median:>15.1%}")


if __name__ == "__main__":
    main()
