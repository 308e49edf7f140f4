"""The table cache: compiled tables are read back on the next load, equal to freshly built ones, and a
corrupt, stale or unwritable cache never changes a result or fails a load."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eventcoder import tablecache


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A cache folder of the test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(tablecache.ENV_VAR, str(folder))
    return folder


@pytest.fixture
def data(tmp_path) -> Path:
    path = tmp_path / "table.tsv"
    path.write_text("name\tcountry\nMoscow\tRUS\nAnkara\tTUR\n", encoding="utf-8")
    return path


class Builder:
    """A table loader that counts its calls."""

    def __init__(self, path: Path):
        self.path, self.calls = path, 0

    def __call__(self) -> dict[str, str]:
        self.calls += 1
        rows = self.path.read_text(encoding="utf-8").splitlines()[1:]
        return dict(row.split("\t") for row in rows)


def load(builder: Builder, **options):
    return tablecache.load("test", builder, files=[builder.path], **options)


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.exists() else []


def test_tablecache_second_load_reads_the_cache(cache, data):
    builder = Builder(data)
    first = load(builder)
    assert builder.calls == 1 and len(cache_files(cache)) == 1
    second = load(builder)
    assert builder.calls == 1, "the second load is read from the cache"
    assert second == first == {"Moscow": "RUS", "Ankara": "TUR"}
    assert second is not first  # read back from the file, not held in memory
    assert not list(cache.glob(".*.tmp")), "no temporary file left behind"


def test_tablecache_changed_data_file_rebuilds(cache, data):
    builder = Builder(data)
    load(builder)
    data.write_text("name\tcountry\nMoscow\tRUS\nKyiv\tUKR\n", encoding="utf-8")
    assert load(builder) == {"Moscow": "RUS", "Kyiv": "UKR"}
    assert builder.calls == 2
    assert len(cache_files(cache)) == 2  # one file per key


def test_tablecache_key_covers_files_modules_and_arguments(tmp_path, data):
    key = tablecache.cache_key("test", [data], [])
    assert tablecache.cache_key("test", [data], []) == key
    assert tablecache.cache_key("test", [data], [], arguments=(("extra_path", "mine.yaml"),)) != key
    assert tablecache.cache_key("other", [data], []) != key
    loader = tmp_path / "loader.py"
    loader.write_text("VERSION = 1\n", encoding="utf-8")
    with_loader = tablecache.cache_key("test", [data], [loader])
    loader.write_text("VERSION = 2\n", encoding="utf-8")
    assert tablecache.cache_key("test", [data], [loader]) != with_loader, "a code change invalidates"
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.tsv").write_text("1", encoding="utf-8")
    in_folder = tablecache.cache_key("test", [folder], [])
    (folder / "b.tsv").write_text("2", encoding="utf-8")
    assert tablecache.cache_key("test", [folder], []) != in_folder, "a file added to a folder invalidates"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-8] + b"\x00" * 8,  # corrupt end
        lambda data: b"garbage" + data,  # another format
        lambda data: data.replace(tablecache.FORMAT, tablecache.FORMAT.upper()),
    ],
    ids=["empty", "truncated", "corrupt", "other-format", "other-version"],
)
def test_tablecache_corrupt_file_is_rebuilt(cache, data, damage):
    builder = Builder(data)
    expected = load(builder)
    [path] = cache_files(cache)
    path.write_bytes(damage(path.read_bytes()))
    assert load(builder) == expected
    assert builder.calls == 2, "the damaged file was ignored"
    assert load(builder) == expected
    assert builder.calls == 2, "and rewritten whole"


def test_tablecache_file_of_another_key_is_not_read(cache, data):
    """A file renamed into place under a key it was not written with is ignored (the key is inside)."""
    builder = Builder(data)
    load(builder)
    [path] = cache_files(cache)
    key = tablecache.cache_key("test", [data], [])
    other = tablecache.cache_path(cache, "test", "f" * 64)
    other.write_bytes(path.read_bytes())
    assert tablecache.read(other, "f" * 64) == (False, None)
    assert tablecache.read(path, key)[0]


def test_tablecache_off_when_variable_empty(monkeypatch, tmp_path, data):
    monkeypatch.setenv(tablecache.ENV_VAR, "")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert tablecache.cache_dir() is None
    builder = Builder(data)
    load(builder)
    load(builder)
    assert builder.calls == 2
    assert not any(tmp_path.rglob("*.pickle"))


def test_tablecache_default_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(tablecache.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert tablecache.cache_dir() == tmp_path / "xdg" / "eventcoder"
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.setenv("HOME", str(tmp_path))
        assert tablecache.cache_dir() == tmp_path / ".cache" / "eventcoder"


def test_tablecache_unwritable_folder_never_fails(monkeypatch, tmp_path, data):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(tablecache.ENV_VAR, str(blocker / "cache"))  # cannot be created, even as root
    builder = Builder(data)
    assert load(builder) == {"Moscow": "RUS", "Ankara": "TUR"}
    assert load(builder) == {"Moscow": "RUS", "Ankara": "TUR"}
    assert builder.calls == 2


def test_tablecache_failed_write_leaves_nothing(cache, data, monkeypatch):
    def refuse(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(tablecache.os, "replace", refuse)
    builder = Builder(data)
    assert load(builder) == {"Moscow": "RUS", "Ankara": "TUR"}
    assert not cache_files(cache)
    assert not list(cache.glob(".*.tmp")), "the temporary file is removed"


def test_tablecache_missing_data_file_left_to_the_loader(cache, tmp_path):
    """A file that cannot be hashed is not an error of the cache: the loader reports it its own way."""
    builder = Builder(tmp_path / "missing.tsv")
    with pytest.raises(FileNotFoundError):
        load(builder)
    assert builder.calls == 1


def test_tablecache_unpicklable_value_is_not_cached(cache, data):
    builder = Builder(data)
    value = tablecache.load("test", lambda: (builder(), lambda: None), files=[data])
    assert value[0] == {"Moscow": "RUS", "Ankara": "TUR"}
    assert not cache_files(cache)
    assert not list(cache.glob(".*.tmp"))


def test_tablecache_keeps_few_versions(cache, data):
    builder = Builder(data)
    for number in range(tablecache.KEEP_PER_NAME + 3):
        data.write_text(f"name\tcountry\nPlace{number}\tRUS\n", encoding="utf-8")
        load(builder)
    assert len(cache_files(cache)) == tablecache.KEEP_PER_NAME
    load(builder)  # the newest is among those kept
    assert builder.calls == tablecache.KEEP_PER_NAME + 3


def test_tablecache_decorator_keys_on_bound_arguments(cache, tmp_path, data):
    """``load(None)`` and ``load()`` are one table; a user's file joins the key, and its change
    rebuilds."""
    calls = []

    @tablecache.cached("decorated", files=lambda extra=None: [data, *([extra] if extra else [])])
    def loader(extra: str | None = None) -> list[str]:
        calls.append(extra)
        return [data.read_text(encoding="utf-8"), Path(extra).read_text(encoding="utf-8") if extra else ""]

    loader()
    loader(None)
    loader(extra=None)
    assert calls == [None]
    user = tmp_path / "mine.yaml"
    user.write_text("one", encoding="utf-8")
    assert loader(str(user))[1] == "one"
    user.write_text("two", encoding="utf-8")
    assert loader(str(user))[1] == "two"
    assert calls == [None, str(user), str(user)]
    assert loader.uncached() == loader()


def test_tablecache_frozen_dataclasses_round_trip():
    from eventcoder.actors.tables import Entry, Phrase, Role

    role = Role("TUR", "GOV", None, "presidential spokesman", None, None)
    entry = Entry("İbrahim Kalın", "person", roles=(role,), titled=("Spokesman Kalın",))
    phrases = [
        Phrase(kind="entry", text="Kalın", entry=entry),
        Phrase(kind="entry", text="Kalin", entry=entry),
    ]
    back = tablecache.unpickle(io.BytesIO(tablecache.dumps(phrases)))
    assert back == phrases
    assert back[0].entry is back[1].entry, "shared objects stay shared"
    assert type(back[0].entry.roles[0]) is Role


def test_tablecache_concurrent_reader_never_sees_a_partial_file(cache, tmp_path):
    """A process rewriting the cache file while another reads it: every read finds a whole file."""
    key = "0" * 64
    path = tablecache.cache_path(cache, "race", key)
    value = {f"name {n}": ("x" * 50, n) for n in range(20000)}  # ~1.5 MB: writes take a while
    tablecache.write(path, key, value)
    writer = tmp_path / "writer.py"
    writer.write_text(
        textwrap.dedent(
            f"""
            from pathlib import Path
            from eventcoder import tablecache
            value = {{f"name {{n}}": ("x" * 50, n) for n in range(20000)}}
            for _ in range(30):
                tablecache.write(Path({str(path)!r}), {key!r}, value)
            """
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen([sys.executable, str(writer)], env={**os.environ})
    reads = 0
    try:
        while process.poll() is None or reads < 5:
            found, read_back = tablecache.read(path, key)
            assert found, "a reader saw a missing or partial cache file"
            assert read_back == value
            reads += 1
    finally:
        process.wait(timeout=60)
    assert process.returncode == 0
    assert reads >= 5
    assert not list(cache.glob(".*.tmp"))


def test_tablecache_pickles_are_local_files(cache, data):
    """The cache file is the format header, the key, then a pickle."""
    load(Builder(data))
    [path] = cache_files(cache)
    raw = path.read_bytes()
    key = tablecache.cache_key("test", [data], [])
    header = tablecache.FORMAT + key.encode() + b"\n"
    assert raw.startswith(header)
    assert pickle.loads(raw[len(header) :]) == {"Moscow": "RUS", "Ankara": "TUR"}


# The shipped tables: each cached table equals a fresh build, and the second load is read from the cache.


def _same_tables(cached, fresh) -> None:
    assert sorted(cached.automaton.items()) == sorted(fresh.automaton.items())
    for name in ("entries_by_name", "people_by_first_last", "people_by_surname", "countries",
                 "surnames_by_first", "country_by_titled", "act_nouns"):  # fmt: skip
        assert getattr(cached, name) == getattr(fresh, name), name


def _one_object_per_value(tables) -> None:
    """Equal roles, dates and codes are one object each (the memory of 18,000 people's offices)."""
    roles = [role for entry in tables.entries_by_name.values() for role in entry.roles]
    dates = [role.start for role in roles if role.start is not None]
    codes = [role.country for role in roles if role.country is not None]
    for values in (roles, dates, codes):
        assert len({id(value) for value in values}) == len(set(values)) < len(values)


def test_tablecache_actor_tables_equal_fresh(cache, monkeypatch):
    from eventcoder.actors import tables

    loader = tables.load_tables.__wrapped__  # below the in-process lru_cache
    built = loader()
    assert [p.name.split("-")[0] for p in cache_files(cache)] == ["actors"]

    def no_parsing(*args, **kwargs):
        raise AssertionError("the tables were parsed again")

    monkeypatch.setattr(tables, "read_phoenix_tsv", no_parsing)
    cached = loader()
    monkeypatch.undo()
    _same_tables(cached, built)
    _same_tables(cached, loader.uncached())
    _one_object_per_value(built)
    _one_object_per_value(cached)  # pickle keeps the sharing
    found = list(cached.automaton.iter(tables.lowered("president putin met erdogan")))
    assert found == list(built.automaton.iter(tables.lowered("president putin met erdogan")))


def test_tablecache_actor_tables_with_user_file(cache, tmp_path):
    from eventcoder.actors import tables

    user = tmp_path / "mine.yaml"
    user.write_text(
        "- name: Maghawir al-Thawrah\n  kind: group\n  country: SYR\n  sector: REB\n"
        "  phrases: [Maghawir al-Thawrah]\n",
        encoding="utf-8",
    )
    loader = tables.load_tables.__wrapped__
    first = loader(str(user))
    assert "Maghawir al-Thawrah" in first.entries_by_name
    user.write_text(user.read_text(encoding="utf-8").replace("REB", "UAF"), encoding="utf-8")
    second = loader(str(user))
    assert second.entries_by_name["Maghawir al-Thawrah"].sector == "UAF", "the user's change is read"
    assert "Maghawir al-Thawrah" not in loader().entries_by_name


def test_tablecache_gazetteer_equal_fresh(cache):
    from eventcoder import geo

    loader = geo.load_gazetteer.__wrapped__
    built = loader()
    cached = loader()
    assert [p.name.split("-")[0] for p in cache_files(cache)] == ["gazetteer"]
    fresh = loader.uncached()
    assert cached.names == fresh.names == built.names
    assert cached.fallback == fresh.fallback
    assert (cached.iso3, cached.iso2, cached.demonyms, cached.features) == (
        fresh.iso3,
        fresh.iso2,
        fresh.demonyms,
        fresh.features,
    )
    assert cached.lookup("Sochi") == fresh.lookup("Sochi")


def test_tablecache_lexicon_equal_fresh(cache):
    from eventcoder.events import lexicon

    loader = lexicon.load_lexicon.__wrapped__
    loader()
    cached = loader()
    assert [p.name.split("-")[0] for p in cache_files(cache)] == ["lexicon"]
    assert cached == loader.uncached()


def test_tablecache_long_running_coders_build_their_tables_in_memory(tmp_path):
    """ingest (and its workers) trade the cache's faster start for a lower peak: after
    build_in_memory() a process reads no cache file and writes none."""
    script = textwrap.dedent(
        """
        from eventcoder import tablecache
        from eventcoder.actors.tables import load_tables
        assert tablecache.cache_dir() is not None
        with tablecache.built_in_memory():  # what ingest does around its own coding
            assert tablecache.cache_dir() is None
        assert tablecache.cache_dir() is not None
        tablecache.build_in_memory()  # what its worker processes do
        assert tablecache.cache_dir() is None
        load_tables()
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "EVENTCODER_CACHE_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert list(tmp_path.iterdir()) == []
