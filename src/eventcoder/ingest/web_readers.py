"""Readers for HTML pages, RSS/Atom feeds and URLs (which are one or the other).

trafilatura finds the article text and metadata of a page; feedparser reads feeds. Both are imported
only when such an input is read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from .. import errors
from .decoding import decode
from .inputs import ArticleInput, parse_date

BLOCK_TAGS = frozenset(["p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"])


def read_html(
    data: bytes, where: str, url: str | None = None, published: dt.date | None = None
) -> ArticleInput:
    # Imported here, not at the top, for weight: only HTML, feeds and URLs need it.
    import trafilatura

    extracted = trafilatura.bare_extraction(
        decode(data, where), url=url, with_metadata=True, include_comments=False
    )
    if extracted is None or not (extracted.text or "").strip():
        raise errors.EmptyInput(where, "no article text found in the HTML")
    if published is None and extracted.date:
        published = parse_date(extracted.date, where)
    return ArticleInput(
        text=extracted.text,
        title=extracted.title,
        published=published,
        source=extracted.sitename,
        url=extracted.url or url,
        where=where,
    )


def read_feed(data: bytes, where: str) -> Iterator[ArticleInput | errors.InputError]:
    # Imported here, not at the top, for weight: only feeds need them.
    import feedparser
    import trafilatura

    if not data.strip():
        raise errors.EmptyInput(where, "file is empty")
    feed = feedparser.parse(data)
    if not feed.entries:
        if feed.bozo:
            raise errors.MalformedRecord(where, f"not an RSS/Atom feed ({feed.bozo_exception})")
        raise errors.EmptyInput(where, "feed has no entries")
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        entry_where = f"{where}#{number}"
        content = entry.get("content") or [{}]
        body = content[0].get("value") or entry.get("summary") or ""
        # trafilatura finds nothing in a fragment as short as one paragraph: then its plain text.
        text = (trafilatura.extract(body) or plain_text(body)) if "<" in body else body
        if not (text or "").strip():
            yield errors.EmptyInput(entry_where, "feed entry has no text")
            continue
        yield ArticleInput(
            text=text,
            title=entry.get("title"),
            published=_entry_date(entry),
            source=outlet,
            url=entry.get("link"),
            id=entry.get("id"),
            where=entry_where,
        )


def _entry_date(entry) -> dt.date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return dt.date(*stamp[:3]) if stamp else None
    except (TypeError, ValueError):  # a year 0 or 10000 in the feed: the entry is undated
        return None


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph per block element, entities resolved."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    paragraphs = (re.sub(r"\s+", " ", part).strip() for part in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def read_url(url: str, published: dt.date | None) -> Iterator[ArticleInput | errors.InputError]:
    # Imported here, not at the top, for weight: only HTML, feeds and URLs need it.
    import trafilatura

    data = trafilatura.fetch_response(url, decode=False)
    if data is None or data.data is None:
        raise errors.InputError(url, "could not fetch (no network, or the server did not answer)")
    body = data.data.lstrip()
    if body.startswith(b"<?xml") or b"<rss" in body[:500] or b"<feed" in body[:500]:
        yield from read_feed(body, url)
    else:
        yield read_html(body, url, url=url, published=published)
