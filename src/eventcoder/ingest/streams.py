"""Inputs that arrive over time: a pipe, a feed, a folder that fills up.

:func:`arrivals` reads a stream of articles in a thread and, when nothing has arrived for a while,
says so with :data:`PAUSE`, so that the loader codes and stores what it holds instead of waiting for
a full batch. :func:`watch` lists the files of some folders again and again, each new or changed
file once.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Iterable, Iterator

from .. import errors
from .paths import expand


class Pause:
    """Nothing has arrived for a while: code and store what is waiting."""

    def __repr__(self) -> str:
        return "PAUSE"


PAUSE = Pause()
_END = object()


class _Raised:
    def __init__(self, error: BaseException):
        self.error = error


def arrivals(items: Iterable, idle: float, buffered: int) -> Iterator:
    """The items of ``items`` in order, read by a thread at most ``buffered`` ahead, with :data:`PAUSE`
    after every ``idle`` seconds in which none arrived. An exception of the reader is raised here."""
    waiting: queue.Queue = queue.Queue(maxsize=buffered)

    def read() -> None:
        try:
            for item in items:
                waiting.put(item)
        except BaseException as error:  # re-raised in the consuming thread
            waiting.put(_Raised(error))
        waiting.put(_END)

    threading.Thread(target=read, name="input-reader", daemon=True).start()
    while True:
        try:
            item = waiting.get(timeout=idle)
        except queue.Empty:
            yield PAUSE
            continue
        if item is _END:
            return
        if isinstance(item, _Raised):
            raise item.error
        yield item


def watch(paths: Iterable[str], interval: float) -> Iterator[str | errors.InputError]:
    """The files in ``paths`` (folders, globs, files), then every file that appears or changes there,
    looked for every ``interval`` seconds; forever. A file is taken once it has not changed for
    ``interval`` seconds; a changed file is given again whole (the loader skips what it stored)."""
    paths = list(paths)
    seen: dict[str, tuple[int, int]] = {}
    reported: set[str] = set()
    while True:
        for path in paths:
            for source in expand(path):
                if isinstance(source, errors.InputError):
                    if str(source) not in reported:  # a bad path is said once, not every interval
                        reported.add(str(source))
                        yield source
                    continue
                try:
                    stat = os.stat(source)
                except OSError:
                    continue  # gone since it was listed
                if time.time() - stat.st_mtime < interval:
                    continue  # still being written, maybe: taken at the next look
                if seen.get(source) != (stat.st_mtime_ns, stat.st_size):
                    seen[source] = (stat.st_mtime_ns, stat.st_size)
                    yield source
        time.sleep(interval)
