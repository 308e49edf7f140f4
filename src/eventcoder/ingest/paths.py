"""The file types read, and paths (files, directories, globs, symbolic links) expanded into files.

Every path that is not read is one :class:`errors.InputError` in the stream, in its place: missing
files, patterns that match nothing, unsupported types, dangling or looping links, unreadable
directories.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from pathlib import Path

from .. import errors

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
KNOWN_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + FEED_SUFFIXES + (".json",)


def is_url(path: str) -> bool:
    return bool(re.match(r"https?://", path))


def suffix(name: str) -> str:
    """The file type of ``name``, lower case: ``.jsonl.gz`` whole, else the last suffix."""
    name = name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else Path(name).suffix


def expand(path: str) -> Iterator[str | errors.InputError]:
    """The files ``path`` names ("-" and URLs as they are), or one error for each path not read."""
    if path == "-" or is_url(path):
        yield path
        return
    candidate = Path(path)
    if candidate.is_dir():
        yield from _walk(path)
    elif candidate.exists():
        yield path
    elif candidate.is_symlink():
        yield errors.FileMissing(path, "dangling or looping symbolic link")
    elif glob.has_magic(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield errors.FileMissing(path, "no file matches this pattern")
        # "**" follows symbolic links to directories, so a link loop reaches the same files again.
        seen: set[str] = set()
        repeated = 0
        for match in matches:
            real = os.path.realpath(match)
            if real in seen:
                repeated += 1
                continue
            seen.add(real)
            yield from expand(match)
        if repeated:
            yield errors.SkippedPath(
                path, f"skipped {repeated} matches: files already read, reached through symbolic links"
            )
    else:
        yield errors.FileMissing(path, "no such file or directory")


def _walk(top: str) -> Iterator[str | errors.InputError]:
    """The supported files under ``top``, depth first in name order; one :class:`errors.SkippedPath`
    for each other path (unsupported type, dangling or looping link, unreadable directory)."""
    seen = {os.path.realpath(top)}
    stack = [iter(_listing(top))]
    found = 0
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, errors.InputError):
            yield entry
            continue
        try:
            if entry.is_dir():
                real = os.path.realpath(entry.path)
                if real in seen:
                    yield errors.SkippedPath(entry.path, "skipped: symbolic link to a directory already read")
                else:
                    seen.add(real)
                    stack.append(iter(_listing(entry.path)))
            elif entry.is_file():
                if suffix(entry.name) in KNOWN_SUFFIXES:
                    found += 1
                    yield entry.path
                else:
                    yield errors.SkippedPath(
                        entry.path, "skipped: not a .txt, .html, .jsonl, .json or feed file"
                    )
            elif entry.is_symlink():
                yield errors.SkippedPath(entry.path, "skipped: dangling symbolic link")
            else:
                yield errors.SkippedPath(entry.path, "skipped: not a regular file")
        except OSError as error:  # a symbolic link loop (ELOOP), a file gone meanwhile
            yield errors.SkippedPath(entry.path, f"skipped: {error.strerror or error}")
    if not found:
        yield errors.EmptyInput(top, "directory holds no .txt, .html, .jsonl, .json or feed files")


def _listing(directory: str) -> list[os.DirEntry | errors.InputError]:
    try:
        with os.scandir(directory) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as error:
        return [errors.SkippedPath(directory, f"skipped: cannot read directory ({error.strerror or error})")]
