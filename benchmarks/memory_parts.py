"""What sets a coding process's memory: each part measured alone, in a fresh process.

    .venv/bin/python benchmarks/memory_parts.py --wikinews PATH/wikinews_2019_2020/articles.jsonl

Resident memory is read from ``/proc/self/status`` after glibc has given back what it can
(``malloc_trim``), so a difference is what a part keeps; ``peak`` is the kernel's high-water mark
(``VmHWM``) during the part, above what the process held before it. Parts:

- ``tables``: the actor tables, the gazetteer and the event lexicon, each built from the data files
  (as ``ingest`` builds them);
- ``language``: the language identifier (langid.py's model), kept and at its peak while read, and how
  many Wikinews articles need it;
- ``store``: importing the store, opening (migrating) a new SQLite database, writing 40 coded articles;
- ``tok2vec``: the Python heap's peak (``tracemalloc``, which sees numpy's arrays) while spaCy's
  ``tok2vec`` runs on 2,500, 5,000 and 10,000 characters of Wikinews text at once;
- ``vectors``: the model's token vectors (``Doc.tensor``) of the pieces of the longest Wikinews article,
  which ``pipeline.pieces`` drops before joining them.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

from scale import WIKINEWS, vm_mib

PARTS = ("tables", "language", "store", "tok2vec", "vectors")
MiB = 2**20


def status() -> dict[str, float]:
    """VmRSS and VmHWM in MiB, after glibc returns its free memory."""
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    return vm_mib()


def kept(load) -> dict[str, float]:
    before = status()
    load()
    after = status()
    return {
        "kept MiB": round(after["VmRSS"] - before["VmRSS"], 1),
        "peak MiB": round(after["VmHWM"] - before["VmRSS"], 1),
    }


def texts(source: Path) -> list[str]:
    return [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines()]


def measure(part: str, source: Path) -> dict:
    from eventcoder import tablecache

    tablecache.build_in_memory()
    if part == "tables":
        import spacy  # noqa: F401  (imported by every coder: not the tables' cost)

        from eventcoder.actors.tables import load_tables
        from eventcoder.events.lexicon import load_lexicon
        from eventcoder.geo import load_gazetteer

        return {name: kept(loader) for name, loader in
                (("actor tables", load_tables), ("gazetteer", load_gazetteer), ("event lexicon", load_lexicon))}  # fmt: skip
    if part == "language":
        import numpy  # noqa: F401  (imported by every coder: not the identifier's cost)

        from eventcoder.errors import NotEnglish
        from eventcoder.ingest.language import check_language, language_identifier

        results = {"language identifier": kept(language_identifier)}
        asked = sum(language_identifier.cache_info()[:2])
        for text in texts(source):
            with contextlib.suppress(NotEnglish):
                check_language(text, "-")
        results["language identifier"]["Wikinews articles that need it"] = (
            sum(language_identifier.cache_info()[:2]) - asked
        )
        return results
    if part == "store":
        from eventcoder.corpus import code_batch
        from eventcoder.ingest import ArticleInput

        documents = code_batch([ArticleInput(text=text) for text in texts(source)[:40]])
        results = {"import": kept(lambda: __import__("eventcoder.store"))}
        from eventcoder.store import open_store

        with tempfile.TemporaryDirectory() as scratch:
            opened = []
            results["open a new database"] = kept(
                lambda: opened.append(open_store(Path(scratch) / "events.db"))
            )
            results["write 40 articles"] = kept(
                lambda: [opened[0].write_document(document) for document in documents]
            )
            opened[0].close()
        return results
    from eventcoder.nlp import load

    nlp = load()
    joined = "\n\n".join(texts(source))
    if part == "tok2vec":
        nlp(joined[:1000])
        results = {}
        for size in (2_500, 5_000, 10_000):
            tracemalloc.start()
            with nlp.select_pipes(enable=["tok2vec"]):
                doc = nlp(joined[:size])
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            results[f"{size:,} characters"] = {"tokens": len(doc), "peak MiB": round(peak / MiB, 1),
                                               "KB per token": round(peak / len(doc) / 1000, 1)}  # fmt: skip
        return results
    from eventcoder.pipeline import pieces

    longest = max(texts(source), key=len)
    split = [nlp.make_doc(text) for text in pieces.split_text(longest)]
    with nlp.select_pipes(enable=[name for name in nlp.pipe_names if pieces.is_piecewise(name)]):
        parsed = list(nlp.pipe(split, batch_size=1))
    return {"longest article": {"characters": len(longest), "pieces": len(parsed),
                                "tokens": sum(len(doc) for doc in parsed),
                                "token vectors MB": round(sum(doc.tensor.nbytes for doc in parsed) / 1e6, 1)}}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wikinews", default=str(WIKINEWS), help="Wikinews articles.jsonl")
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, Path(arguments.wikinews))))
        return
    for part in arguments.parts.split(","):
        output = subprocess.run(
            [sys.executable, __file__, "--measure", part, "--wikinews", arguments.wikinews],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        for name, values in json.loads(output.strip().splitlines()[-1]).items():
            print(f"{part:<9} {name:<22} " + ", ".join(f"{key} {value}" for key, value in values.items()))


if __name__ == "__main__":
    main()
