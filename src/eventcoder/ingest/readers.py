"""Every article in a list of paths: :func:`iter_articles` sends each file to the reader of its type.

Whatever a reader raises ends that file with one error in the stream; files too large to be what they
say and articles over the size limit are refused before any work; an article without a date of its
own takes ``--published``, else its dateline.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import errors
from .decoding import SNIFF_BYTES, decode, line_encoding
from .inputs import MAX_CHARS, WHOLE_FILE_ARTICLES, ArticleInput, check_size, describe
from .json_readers import jsonl_records, read_json, read_jsonl
from .paths import FEED_SUFFIXES, HTML_SUFFIXES, JSONL_SUFFIXES, expand, is_url, suffix
from .web_readers import read_feed, read_html, read_url


def iter_articles(
    paths: Iterable[str | errors.InputError],
    *,
    published: dt.date | None = None,
    max_chars: int | None = MAX_CHARS,
) -> Iterator[ArticleInput | errors.InputError]:
    """Every article in ``paths`` (files, directories, globs, "-" for stdin, URLs), in order.

    Never raises for bad input: each bad path, file, line or article is one :class:`errors.InputError`
    in the stream, in its place. ``max_chars=None`` lifts the size limit.
    """
    for path in paths:
        if isinstance(path, errors.InputError):  # from a source of paths that checks them (streams.watch)
            yield path
            continue
        for source in expand(path):
            if isinstance(source, errors.InputError):
                yield source
            else:
                yield from _read_guarded(source, published, max_chars)


def _read_guarded(
    source: str, published: dt.date | None, max_chars: int | None
) -> Iterator[ArticleInput | errors.InputError]:
    """One file's articles; whatever its reader raises ends that file with one error line."""
    try:
        _check_file_size(source, max_chars)
        for item in _read(source, published):
            if isinstance(item, ArticleInput):
                try:
                    check_size(item.text, item.where, max_chars)
                except errors.TooLarge as error:
                    yield error
                    continue
                item = _finish(item, published)
            yield item
    except errors.InputError as error:
        yield error
    except OSError as error:
        yield errors.InputError(source, f"cannot read: {error.strerror or error}")
    except Exception as error:  # a parsing library (trafilatura, feedparser) failed on this file
        yield errors.InputError(source, f"cannot read: {describe(error)}")


def _check_file_size(source: str, max_chars: int | None) -> None:
    """Refuse, before reading it, a file too large to be what it says: one article (text, HTML) of at
    most ``max_chars`` characters takes at most 4 bytes a character; a JSON array or a feed is parsed
    whole, so it may hold at most 200 such articles (JSON Lines are read a line at a time)."""
    if max_chars is None or source == "-" or is_url(source):
        return
    kind_suffix = suffix(source)
    if kind_suffix in JSONL_SUFFIXES:
        return
    whole = kind_suffix == ".json" or kind_suffix in FEED_SUFFIXES
    limit = max_chars * 4 * (WHOLE_FILE_ARTICLES if whole else 1)
    size = os.path.getsize(source)
    if size > limit:
        kind = "file" if whole else "article"
        raise errors.TooLarge(
            source, f"{kind} of {size:,} bytes is larger than the limit of {limit:,} bytes (--max-chars)"
        )


def _read(source: str, published: dt.date | None) -> Iterator[ArticleInput | errors.InputError]:
    if source == "-":
        yield from read_stdin(sys.stdin.buffer)
        return
    if is_url(source):
        yield from read_url(source, published)
        return
    kind = suffix(source)
    if kind in JSONL_SUFFIXES:
        yield from read_jsonl(source, gzip.open if kind == ".jsonl.gz" else open)
    elif kind == ".json":
        yield from read_json(source)
    elif kind in HTML_SUFFIXES:
        yield read_html(Path(source).read_bytes(), source, published=published)
    elif kind in FEED_SUFFIXES:
        yield from read_feed(Path(source).read_bytes(), source)
    else:
        # A plain text file names nothing but itself: its name is the title (the path is the origin the
        # database keeps; as a url it would change with the folder the corpus is read from)
        path = Path(source)
        yield ArticleInput(text=decode(path.read_bytes(), source), title=path.stem, where=source)


def read_stdin(stream) -> Iterator[ArticleInput | errors.InputError]:
    """Standard input: JSON Lines when it starts with "{", read a line at a time as they arrive (a pipe
    or a feed that never ends); else the text of one article."""
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else b""
    if head.lstrip()[:1] == b"{":
        yield from jsonl_records(stream, line_encoding(head), "<stdin>")
    else:
        yield ArticleInput(text=decode(stream.read(), "<stdin>"), where="<stdin>")


def _finish(item: ArticleInput, published: dt.date | None) -> ArticleInput:
    if item.published is None:
        item.published = published or _dateline(item.text)
    return item


def _dateline(text: str) -> dt.date | None:
    # Imported here, not at the top, for weight: eventcoder.time imports spaCy and dateparser, which
    # `import eventcoder.ingest` must not (the CLI starts without them).
    from ..time import dateline

    return dateline(text)
