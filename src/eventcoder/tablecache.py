"""Compiled tables kept on disk, so that a new process does not parse the data files again.

The actor tables (``actors.tables.load_tables``), the gazetteer (``geo.load_gazetteer``) and the event
lexicon (``events.lexicon.load_lexicon``) take a second or more to build from their TSV and YAML
files, and less than half of that to read back from a pickle. :func:`cached` wraps such a loader: the
first call in any process builds the tables and writes them to the cache directory, later processes
read them from there.

- Where: ``$EVENTCODER_CACHE_DIR`` if set (an empty value turns the cache off), else the user's cache
  directory (``$XDG_CACHE_HOME/eventcoder`` or ``~/.cache/eventcoder``; ``~/Library/Caches/eventcoder``
  on macOS, ``%LOCALAPPDATA%\\eventcoder\\Cache`` on Windows).
- Key: the sha256 of every data file the loader reads (a folder stands for all files under it), of the
  source of the loader's module (and of other modules named), the loader's arguments, the eventcoder
  and Python versions and the identity of the compiled libraries named (pyahocorasick's automaton is
  pickled in its own format). Any change gives a new key, hence a rebuild; a user's own file given as
  an argument is part of the key too.
- Safety: a cache file is written to a temporary file in the same folder and moved into place with
  ``os.replace``, so a process never reads a half-written file; a file that cannot be read back
  (truncated, corrupt, of another format) is ignored and rebuilt. An unwritable or missing folder
  means no cache, never a failure: the tables are then built as before.

The cache is local and written by this user only, so pickle is safe here. Frozen dataclasses without
``__post_init__`` are pickled as calls to their constructor, which reads back about twice as fast as
the dataclass's own ``__setstate__``; the garbage collector is paused while a file is read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import inspect
import io
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from . import __version__

ENV_VAR = "EVENTCODER_CACHE_DIR"
FORMAT = b"eventcoder-tablecache-1\n"
SUFFIX = ".pickle"
KEEP_PER_NAME = 4  # versions of one table kept side by side (shipped tables, a user's file, ...)
STALE_SECONDS = 3600  # a temporary file this old belongs to a writer that died

log = logging.getLogger(__name__)
T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None when the cache is off."""
    if _built_in_memory:
        return None
    configured = os.environ.get(ENV_VAR)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no HOME and no password entry
        home = None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "eventcoder" / "Cache" if base else None
    if sys.platform == "darwin" and home is not None:
        return home / "Library" / "Caches" / "eventcoder"
    base = os.environ.get("XDG_CACHE_HOME")
    if base and Path(base).is_absolute():
        return Path(base) / "eventcoder"
    return home / ".cache" / "eventcoder" if home is not None else None


_built_in_memory = False


def build_in_memory() -> None:
    """From now on this process builds its tables from the data files instead of reading the cache.

    For long-running coders (``ingest``'s worker processes): a table read back from the cache takes
    more memory at the process's peak than one built from the files (about 20 MiB in all, measured on
    Reuters), while its faster start (about 1.5 s) only pays off for a command that codes a little and
    exits."""
    global _built_in_memory
    _built_in_memory = True


@contextlib.contextmanager
def built_in_memory() -> Iterator[None]:
    """:func:`build_in_memory` for as long as the block lasts (``ingest`` coding in its own process)."""
    global _built_in_memory
    before, _built_in_memory = _built_in_memory, True
    try:
        yield
    finally:
        _built_in_memory = before


def _files_under(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return [path]


def _digest(parts: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for label, data in parts:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def cache_key(
    name: str,
    files: Iterable[Path | str],
    modules: Iterable[ModuleType | str | Path],
    arguments: tuple = (),
    libraries: Iterable[ModuleType] = (),
) -> str:
    """The key of one table: see the module notes. Raises OSError when a file cannot be read."""
    parts: list[tuple[str, bytes]] = [
        ("name", name.encode()),
        ("eventcoder", __version__.encode()),
        ("python", sys.version.encode()),
        ("arguments", repr(arguments).encode()),
    ]
    for given in files:
        for path in _files_under(Path(given)):
            parts.append((f"file:{path.name}", path.read_bytes()))
    for module in (sys.modules[__name__], *modules):  # this module's pickling is part of the format
        source = Path(module.__file__) if isinstance(module, ModuleType) else Path(module)
        parts.append((f"module:{source.name}", source.read_bytes()))
    for library in libraries:
        stat = os.stat(library.__file__)
        parts.append(
            (f"library:{library.__name__}", f"{library.__file__}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        )
    return _digest(parts)


@functools.cache
def _constructor_fields(cls: type) -> tuple[str, ...] | None:
    """The fields to pass to ``cls(...)`` when a frozen dataclass can be rebuilt by its constructor."""
    if not dataclasses.is_dataclass(cls) or not cls.__dataclass_params__.frozen:
        return None
    if hasattr(cls, "__post_init__"):
        return None
    fields = dataclasses.fields(cls)
    if any(not field.init for field in fields):
        return None
    return tuple(field.name for field in fields)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        names = _constructor_fields(type(obj)) if not isinstance(obj, type) else None
        if names is None:
            return NotImplemented
        return type(obj), tuple(getattr(obj, name) for name in names)  # read back as cls(*values)


def dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def unpickle(stream) -> object:
    """Unpickle from ``stream`` with the garbage collector paused: hundreds of thousands of new objects
    would otherwise set it off again and again. Read from the file as it goes, not from a copy of it
    in memory: that copy would raise the process's peak memory for good."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(stream)
    finally:
        if enabled:
            gc.enable()


def settle() -> None:
    """Move every object alive now, the tables just loaded among them, out of the collector's sight.

    The tables live as long as the process; without this the cyclic garbage collector would walk
    their million objects again in each of its next young and full collections (about 0.3 s at a
    start, and again at each full collection while coding). Frozen objects are still freed by
    reference counting; only cycles alive now and dropped later would be kept.
    """
    gc.freeze()


def cache_path(directory: Path, name: str, key: str) -> Path:
    return directory / f"{name}-{key[:40]}{SUFFIX}"


def read(path: Path, key: str) -> tuple[bool, object]:
    """(True, value) from a cache file of this key; (False, None) when there is none or it is bad."""
    header = FORMAT + key.encode() + b"\n"
    try:
        with path.open("rb") as stream:
            if stream.read(len(header)) != header:
                log.debug("table cache %s: not of this format or key, rebuilding", path)
                return False, None
            value = unpickle(stream)
    except OSError:
        return False, None
    except Exception as error:  # a damaged file can fail in any way: rebuild it
        log.debug("table cache %s unreadable (%s), rebuilding", path, error)
        return False, None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used: kept by the pruning
    return True, value


def write(path: Path, key: str, value: object) -> bool:
    """Write atomically; False (and no file) when the folder cannot be written."""
    temporary = None
    try:
        data = dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(FORMAT + key.encode() + b"\n")
            out.write(data)
        os.replace(temporary, path)
        temporary = None
    except Exception as error:  # an unwritable folder, a value that cannot be pickled: no cache
        log.debug("table cache %s not written: %s", path, error)
        return False
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    _prune(path)
    return True


def _prune(path: Path) -> None:
    """Keep the most recently used few versions of a table, drop the older ones and the temporary
    files of writers that were killed."""
    name = path.name.rsplit("-", 1)[0]
    try:
        versions = [p for p in path.parent.glob(f"{name}-*{SUFFIX}") if p.name.rsplit("-", 1)[0] == name]
        versions.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        stale = [
            p for p in path.parent.glob(f".{name}-*.tmp") if time.time() - p.stat().st_mtime > STALE_SECONDS
        ]
    except OSError:
        return
    for old in [*versions[KEEP_PER_NAME:], *stale]:
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()


def load(
    name: str,
    build: Callable[[], T],
    *,
    files: Iterable[Path | str],
    modules: Iterable[ModuleType | str | Path] = (),
    arguments: tuple = (),
    libraries: Iterable[ModuleType] = (),
) -> T:
    """The value ``build()`` returns, from the cache when a file of the same key is there."""
    value = _load(name, build, files, modules, arguments, libraries)
    settle()
    return value


def _load(name, build, files, modules, arguments, libraries):
    directory = cache_dir()
    if directory is None:
        return build()
    try:
        key = cache_key(name, files, modules, arguments, libraries)
    except OSError:
        return build()  # a data file is missing or unreadable: the loader says so in its own words
    path = cache_path(directory, name, key)
    found, value = read(path, key)
    if not found:
        value = build()
        write(path, key, value)
    return value


def cached(
    name: str,
    *,
    files: Iterable[Path | str] | Callable[..., Iterable[Path | str]],
    modules: Iterable[ModuleType | str | Path] = (),
    libraries: Iterable[ModuleType] = (),
) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorate a table loader: its result is cached on disk under ``name``, keyed as described above.

    ``files`` are the data files (or folders) it reads, or a function of the loader's arguments that
    returns them (a user's own file given as an argument then joins the key). The source of the
    loader's own module is always part of the key; ``modules`` adds others.
    """

    def decorate(loader: Callable[..., T]) -> Callable[..., T]:
        own = sys.modules[loader.__module__]
        signature = inspect.signature(loader)

        @functools.wraps(loader)
        def wrapper(*args, **kwargs) -> T:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()  # load_tables() and load_tables(None) are one table
            read_files = files(*bound.args, **bound.kwargs) if callable(files) else files
            return load(
                name,
                functools.partial(loader, *bound.args, **bound.kwargs),
                files=read_files,
                modules=[own, *modules],
                arguments=tuple(bound.arguments.items()),
                libraries=libraries,
            )

        wrapper.uncached = loader  # type: ignore[attr-defined]
        return wrapper

    return decorate
