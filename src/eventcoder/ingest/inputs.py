"""The article as read (:class:`ArticleInput`), its id and date, and the limits checked before any work."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from .. import errors

ARTICLE_FIELDS = ("id", "title", "text", "published", "source", "url")
# Longest article coded, in characters (``--max-chars``). A long news feature is 30,000 characters;
# spaCy refuses 1,000,000 (E088), and the parser needs about 1 GB of memory per 100,000.
MAX_CHARS = 500_000
# A JSON array or a feed is parsed whole: at most this many articles of the size limit.
WHOLE_FILE_ARTICLES = 200
# Deepest JSON accepted: an article is a flat object (an array of them, two levels). Python's json
# module recurses once per level and dies of RecursionError near 1,000; the depth is counted first.
MAX_JSON_DEPTH = 64


@dataclass
class ArticleInput:
    text: str
    published: dt.date | None = None
    id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    where: str = "<text>"  # the file (and line) it came from, for messages


def article_id(text: str) -> str:
    """A stable id from the article's normalised text, so that the same article is coded once."""
    normalised = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def parse_date(value: str | dt.date | None, where: str) -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``, or a timestamp that starts with one), or an error naming ``where``."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str) and not value.strip():
        return None  # "published": "" is an undated article, as null is
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise errors.MalformedRecord(
            where, f"invalid published date {value!r} (expected YYYY-MM-DD)"
        ) from None


def article_from_mapping(record: object, where: str) -> ArticleInput:
    """An article from a JSON object with the fields ``id, title, text, published, source, url``."""
    if not isinstance(record, dict):
        raise errors.MalformedRecord(where, "expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str):
        raise errors.MalformedRecord(
            where, "missing 'text' field" if text is None else "'text' is not a string"
        )
    if not text.strip():
        raise errors.EmptyInput(where, "'text' is empty")
    fields = {name: record.get(name) for name in ("title", "source", "url")}
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise errors.MalformedRecord(where, f"'{name}' is not a string")
    article_id = record.get("id")
    return ArticleInput(
        text=text,
        published=parse_date(record.get("published"), where),
        id=None if article_id is None else str(article_id),
        where=where,
        **fields,
    )


def check_size(text: str, where: str, max_chars: int | None = MAX_CHARS) -> None:
    """Raise :class:`errors.TooLarge` for an article longer than ``max_chars`` characters."""
    if max_chars is not None and len(text) > max_chars:
        raise errors.TooLarge(
            where, f"article has {len(text):,} characters, more than the limit of {max_chars:,} (--max-chars)"
        )


def describe(error: BaseException) -> str:
    """An exception in one short line, for a message that names its input."""
    lines = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"
