"""Code whole corpora into the event database: batches, parallel workers, Dask, resume after a crash.

:func:`ingest` reads files, directories and globs (everything :func:`ingest.iter_articles` reads) a
chunk at a time, skips the articles the database already holds *before* coding them, codes the rest
in batches (in this process, in ``workers`` processes, or on a Dask cluster) and writes each article
with all its records in one transaction, from this process only. A killed run is resumed by running
it again.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from . import errors, tablecache
from .api import code_articles
from .ingest import MAX_CHARS, PAUSE, ArticleInput, arrivals, article_id, iter_articles, watch
from .ingest.language import language_identifier
from .ingest.streams import Pause
from .nlp import load
from .records import ArticleDocument
from .render import plural

if TYPE_CHECKING:  # only the writing process needs the store: SQLAlchemy would cost each worker ~20 MiB
    from .store import Store

BATCH_SIZE = 16  # articles per task sent to a worker: big enough for nlp.pipe, small enough to resume
# Characters per batch: spaCy's working memory grows with the text it parses at once, so a batch of
# long articles is cut short (on Reuters, 12,000 lowers a process's peak by ~45 MiB for ~3 % more time).
BATCH_CHARACTERS = 12_000
IN_FLIGHT_PER_WORKER = 2  # batches queued per worker, so that no worker waits for the writer
# Articles read and checked against the database at a time: a corpus of millions is never held
# in memory whole, and one lookup query serves many articles.
READ_CHUNK = 1000
# A pause in the input this long (a pipe, a feed, a watched folder) codes and stores what has arrived.
IDLE_SECONDS = 1.0


@dataclass(frozen=True)
class CodingFailure:
    """An article that could not be coded; picklable, unlike the exceptions, to cross processes."""

    where: str
    message: str


@dataclass
class IngestSummary:
    db: str
    new: int = 0
    skipped: int = 0
    failed: int = 0
    undated: int = 0  # new articles without a publication date
    events: int = 0  # events of the new articles
    clusters: int = 0  # clusters in the whole database after the run
    elapsed: float = 0.0
    failures: list[CodingFailure] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Articles coded and stored per second."""
        return self.new / self.elapsed if self.elapsed > 0 else 0.0

    def __str__(self) -> str:
        parts = [
            f"{plural(self.new, 'new article')} coded with {plural(self.events, 'event')}",
            f"{plural(self.skipped, 'article')} skipped (already stored)" if self.skipped else "",
            f"{plural(self.failed, 'article')} failed (see the lines above)" if self.failed else "",
            f"{plural(self.undated, 'article')} without a publication date (relative dates left undated)"
            if self.undated
            else "",
        ]
        return (
            "; ".join(filter(None, parts))
            + f". The database holds {plural(self.clusters, 'real-world event')} (clusters of reports)."
            + f" {self.elapsed:.1f} s, {self.rate:.2f} articles/s."
        )

    def as_dict(self) -> dict:
        return {
            "db": self.db,
            "new": self.new,
            "skipped": self.skipped,
            "failed": self.failed,
            "undated": self.undated,
            "events": self.events,
            "clusters": self.clusters,
            "elapsed": round(self.elapsed, 3),
            "rate": round(self.rate, 3),
            "failures": [{"where": failure.where, "message": failure.message} for failure in self.failures],
        }


# --------------------------------------------------------------------------------------------------
# Coding one batch (runs in a worker process, or here)


def code_batch(
    items: Sequence[ArticleInput], model: str | None = None
) -> list[ArticleDocument | CodingFailure]:
    """Code a batch of articles; one result per article, in order. A bad article fails alone."""
    try:
        # The strings and lexemes a batch adds to the vocabulary (new names, numbers) are freed when
        # its memory zone ends, so they do not pile up for as long as the run lasts. The Docs become
        # records inside the zone, and nothing keeps a Doc, Span or Token past it.
        with load(model).memory_zone():
            # Sizes were checked where the articles were read (``max_chars`` of ingest).
            coded = code_articles(items, model=model, batch_size=len(items), max_chars=None)
            return [_result(result) for result in coded]
    except (errors.ModelNotFound, errors.DataFileError):
        raise  # the setup is wrong, not the article: stop the run
    except Exception:
        return [_code_one(item, model) for item in items]


def _result(result: ArticleDocument | errors.InputError) -> ArticleDocument | CodingFailure:
    if isinstance(result, errors.InputError):  # not English: code_articles gives it in the article's place
        return CodingFailure(result.where, str(result))
    return result


def _code_one(item: ArticleInput, model: str | None) -> ArticleDocument | CodingFailure:
    try:
        with load(model).memory_zone():
            return _result(next(code_articles([item], model=model, batch_size=1, max_chars=None)))
    except (errors.ModelNotFound, errors.DataFileError):
        raise
    except Exception as error:
        detail = f"coding failed: {type(error).__name__}: {error}".splitlines()[0]
        return CodingFailure(item.where, str(errors.InputError(item.where, detail)))


def _warm_up(model: str | None) -> None:
    """Load the model and the language identifier once, before the first batch rather than inside one,
    where what their loading takes for a moment would add to the batch's peak memory. The tables are
    built from the data files, which keeps a long-running coder's memory lower than the cache."""
    tablecache.build_in_memory()
    load(model)
    language_identifier()


def _start_worker(model: str | None, parent_alive: Connection) -> None:
    """A worker process's start: watch the parent, then load the model."""
    threading.Thread(target=_exit_with_parent, args=(parent_alive,), name="parent-watch", daemon=True).start()
    _warm_up(model)


def _exit_with_parent(parent_alive: Connection) -> None:
    """End this worker when the ingest process is gone, however it died (SIGKILL included).

    ``parent_alive`` is the read end of a pipe whose only write end the ingest process holds: the kernel
    closes it when that process ends, and the read ends at once. (The worker's parent is the forkserver,
    not the ingest process, so ``os.getppid()`` cannot tell; the forkserver and the resource tracker
    end by themselves once no worker holds their pipes.)
    """
    with suppress(EOFError, OSError):
        parent_alive.recv_bytes()  # nothing is ever sent: this returns only by raising
    os._exit(1)


# --------------------------------------------------------------------------------------------------
# Backends: each maps batches to (batch, results), in order, keeping a few batches in flight


def _serial(batches: Iterable[list[ArticleInput] | Pause], model: str | None) -> Iterator[tuple[list, list]]:
    warm = False
    for batch in batches:
        if batch is PAUSE:
            yield PAUSE, []
            continue
        if not warm:  # at the first article to code: a run with nothing new loads nothing
            _warm_up(model)
            warm = True
        yield batch, code_batch(batch, model)


def _bounded(
    submit: Callable[[list[ArticleInput]], Future], batches: Iterable[list], in_flight: int
) -> Iterator[tuple[list, list]]:
    """Submit batches, at most ``in_flight`` at once, and yield them with their results in submission order;
    at a :data:`PAUSE`, wait for every batch submitted and pass the pause on."""
    pending: deque = deque()
    for batch in batches:
        if batch is PAUSE:
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
            yield PAUSE, []
            continue
        pending.append((batch, submit(batch)))
        if len(pending) >= in_flight:
            batch, future = pending.popleft()
            yield batch, future.result()
    while pending:
        batch, future = pending.popleft()
        yield batch, future.result()


def _processes(
    batches: Iterable[list[ArticleInput]], model: str | None, workers: int, stack: ExitStack
) -> Iterator[tuple[list, list]]:
    # forkserver: each worker starts clean and loads its own model, rather than inheriting this
    # process's threads (the progress bar, database pools) through fork
    context = get_context("forkserver")
    parent_alive, alive = context.Pipe(
        duplex=False
    )  # workers exit when ``alive`` closes: see _exit_with_parent
    stack.callback(alive.close)
    stack.callback(parent_alive.close)
    executor = stack.enter_context(
        ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(model, parent_alive)
        )
    )
    stack.callback(executor.shutdown, wait=False, cancel_futures=True)  # on Ctrl-C: drop queued batches
    return _bounded(
        lambda batch: executor.submit(code_batch, batch, model), batches, workers * IN_FLIGHT_PER_WORKER
    )


def _dask(
    batches: Iterable[list[ArticleInput]], model: str | None, address: str, workers: int, stack: ExitStack
) -> Iterator[tuple[list, list]]:
    from distributed import Client, LocalCluster

    if address == "local":
        cluster = stack.enter_context(
            LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None)
        )
        client = stack.enter_context(Client(cluster))
    else:
        client = stack.enter_context(Client(address))
    # one model per worker process: nlp.load is cached per process, so later batches reuse it
    client.run(_warm_up, model)
    slots = max(1, sum(info.get("nthreads", 1) for info in client.scheduler_info()["workers"].values()))
    return _bounded(
        lambda batch: client.submit(code_batch, batch, model, pure=False),
        batches,
        slots * IN_FLIGHT_PER_WORKER,
    )


def _batches(items: Iterable[ArticleInput | Pause], size: int) -> Iterator[list[ArticleInput] | Pause]:
    """Batches of at most ``size`` articles and, unless one article is longer, BATCH_CHARACTERS; a
    :data:`PAUSE` ends the batch and is passed on."""
    batch: list[ArticleInput] = []
    characters = 0
    for item in items:
        if item is PAUSE or (
            batch and (len(batch) == size or characters + len(item.text) > BATCH_CHARACTERS)
        ):
            if batch:
                yield batch
            batch, characters = [], 0
        if item is PAUSE:
            yield PAUSE
            continue
        batch.append(item)
        characters += len(item.text)
    if batch:
        yield batch


# --------------------------------------------------------------------------------------------------
# The batch driver


def _progress(enabled: bool):
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class ArticlesPerSecond(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.1f} articles/s" if task.speed else "- articles/s")

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        ArticlesPerSecond(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


def _select_new(store: Store, items: list[ArticleInput], summary: IngestSummary) -> list[ArticleInput]:
    """The articles not stored yet, nor earlier in this chunk: keyed by id (if given) and by text hash.

    A copy in an earlier chunk that is still being coded is not stored yet: it is coded twice, and
    :meth:`Store.write_document` refuses the second copy, which is counted as skipped all the same.
    """
    keys = [(item.id or article_id(item.text), article_id(item.text)) for item in items]
    known_ids, known_hashes = store.known([key for key, _ in keys], [digest for _, digest in keys])
    fresh = []
    for item, (key, digest) in zip(items, keys):
        if key in known_ids or digest in known_hashes:
            summary.skipped += 1
            continue
        known_ids.add(key)
        known_hashes.add(digest)
        fresh.append(item)
    return fresh


def ingest(
    paths: Iterable[str],
    db: str | os.PathLike | None = None,
    workers: int = 1,
    dask: str | None = None,
    progress: bool = True,
    model: str | None = None,
    *,
    published: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    max_chars: int | None = MAX_CHARS,
    report: Callable[[str], None] | None = None,
    follow: float | None = None,
) -> IngestSummary:
    """Code every article in ``paths`` into the database ``db``; returns what happened.

    ``workers`` processes code in parallel (``dask``: "local" starts a LocalCluster of that many
    workers, "tcp://host:port" uses a running scheduler). Each bad file, line or article is reported
    as one line through ``report`` (default: stderr) and counted, never raised. Input is read a chunk
    at a time as it arrives; when it stops for :data:`IDLE_SECONDS`, what has arrived is coded and
    stored. ``follow`` (seconds) keeps looking for new files in ``paths`` until interrupted.
    """
    from .store import open_store

    started = time.perf_counter()
    with open_store(db) as store, ExitStack() as stack:
        stack.enter_context(tablecache.built_in_memory())  # this process may code too: see _warm_up
        summary = IngestSummary(db=store.url)
        # Each article is clustered as it is written; a database whose events lack clusters (written by
        # an eventcoder that clustered at the end of a run, and killed before) is repaired first.
        if store.clusters_missing():
            store.cluster_events()
        bar = stack.enter_context(_progress(progress))
        say = report or (lambda line: bar.console.print(line, markup=False, highlight=False, soft_wrap=True))

        def fail(failure: CodingFailure) -> None:
            summary.failed += 1
            summary.failures.append(failure)
            say(failure.message)

        task = bar.add_task("coding", total=0)
        selected = 0

        def fresh() -> Iterator[ArticleInput | Pause]:
            chunk: list[ArticleInput] = []
            sources = watch(paths, follow) if follow else paths
            articles = iter_articles(sources, published=published, max_chars=max_chars)
            for item in arrivals(articles, idle=IDLE_SECONDS, buffered=READ_CHUNK):
                if isinstance(item, errors.InputError):
                    fail(CodingFailure(item.where, str(item)))
                    continue
                if item is PAUSE:  # the input is idle: code what has arrived rather than wait for more
                    yield from select(chunk)
                    chunk = []
                    yield PAUSE
                    continue
                chunk.append(item)
                if len(chunk) == READ_CHUNK:
                    yield from select(chunk)
                    chunk = []
            yield from select(chunk)

        def select(chunk: list[ArticleInput]) -> list[ArticleInput]:
            nonlocal selected
            todo = _select_new(store, chunk, summary)
            selected += len(todo)
            bar.update(task, total=selected)  # known a chunk ahead, not for the whole corpus
            return todo

        batches = _batches(fresh(), max(1, batch_size))
        if dask:
            results = _dask(batches, model, dask, max(1, workers), stack)
        elif workers > 1:
            results = _processes(batches, model, workers, stack)
        else:
            results = _serial(batches, model)
        for batch, batch_results in results:
            if batch is PAUSE:
                continue
            for item, result in zip(batch, batch_results):
                if isinstance(result, CodingFailure):
                    fail(result)
                else:
                    _store(store, result, item.where, summary, fail)
                bar.advance(task)
        summary.clusters = store.cluster_count()
    summary.elapsed = time.perf_counter() - started
    return summary


def _store(store: Store, document: ArticleDocument, origin: str | None, summary: IngestSummary, fail) -> None:
    try:
        written = store.write_document(document, origin=origin)
    except errors.DatabaseError as error:  # this article only: the database refused one of its values
        fail(CodingFailure(origin or document.article.id, str(error)))
        return
    if written:
        summary.new += 1
        summary.events += len(document.events)
        summary.undated += document.article.published is None
    else:  # another run stored it meanwhile
        summary.skipped += 1
