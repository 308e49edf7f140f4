"""Reading articles: plain text, HTML, JSON Lines, RSS/Atom feeds and stdin, into :class:`ArticleInput`.

Bad input never stops a batch: :func:`iter_articles` yields an :class:`errors.InputError` in the
stream, in place of the file or line it could not read, and goes on with the next.

Which publication date applies, first found wins: a date field of the article's own record (JSON
Lines, JSON, a feed entry), then ``--published``, then HTML metadata, then a dateline at the start of
the text.
"""

from __future__ import annotations

import datetime as dt
import glob
import gzip
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import errors

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
KNOWN_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + FEED_SUFFIXES + (".json",)
ARTICLE_FIELDS = ("id", "title", "text", "published", "source", "url")
# Fewer letters than this and a language guess is noise (a one-line English headline can come out as
# Esperanto): such texts are taken as English.
MIN_LETTERS_FOR_LANGUAGE = 120
# Refused only when English is this unlikely, so that English with many foreign names still passes.
MAX_ENGLISH_CONFIDENCE_TO_REFUSE = 0.1
# Words frequent in English and rare in other languages. Prose in which they make up this share of
# the words is English without asking the language identifier (~3 ms an article): about a quarter of
# the words in English news, at most 6 % in spaCy's sample sentences of 60 other languages.
ENGLISH_MARKERS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "that",
        "with",
        "said",
        "were",
        "which",
        "this",
        "they",
        "their",
        "would",
        "have",
        "been",
        "from",
        "for",
        "his",
        "its",
        "who",
        "are",
        "had",
        "has",
        "was",
        "be",
        "by",
        "at",
        "it",
        "is",
    ]
)
MIN_ENGLISH_MARKER_SHARE = 0.15
WORD = re.compile(r"[^\W\d_]+")
# A text with this many digits per letter is a table of figures ("Shr 34 cts vs 1.19 dlrs Net 807,000"),
# whose abbreviations no language identifier reads as English: it is not judged.
MIN_DIGITS_PER_LETTER_OF_TABLES = 0.15


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
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise errors.MalformedRecord(
            where, f"invalid published date {value!r} (expected YYYY-MM-DD)"
        ) from None


def iter_articles(
    paths: Iterable[str], *, published: dt.date | None = None
) -> Iterator[ArticleInput | errors.InputError]:
    """Every article in ``paths`` (files, directories, globs, "-" for stdin, URLs), in order."""
    for path in paths:
        for source in _expand(path):
            if isinstance(source, errors.InputError):
                yield source
                continue
            try:
                for item in _read(source, published):
                    if isinstance(item, ArticleInput):
                        item = _finish(item, published)
                    yield item
            except errors.InputError as error:
                yield error
            except OSError as error:
                yield errors.InputError(source, f"cannot read: {error.strerror or error}")


def _expand(path: str) -> Iterator[str | errors.InputError]:
    if path == "-" or re.match(r"https?://", path):
        yield path
        return
    candidate = Path(path)
    if candidate.is_dir():
        files = sorted(p for p in candidate.rglob("*") if p.is_file() and _suffix(p.name) in KNOWN_SUFFIXES)
        if not files:
            yield errors.EmptyInput(path, "directory holds no .txt, .html, .jsonl, .json or feed files")
        yield from (str(p) for p in files)
    elif candidate.exists():
        yield path
    elif glob.has_magic(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield errors.FileMissing(path, "no file matches this pattern")
        for match in matches:
            yield from _expand(match)
    else:
        yield errors.FileMissing(path, "no such file or directory")


def _suffix(name: str) -> str:
    name = name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else Path(name).suffix


def _read(source: str, published: dt.date | None) -> Iterator[ArticleInput | errors.InputError]:
    if source == "-":
        yield ArticleInput(text=decode(sys.stdin.buffer.read(), "<stdin>"), where="<stdin>")
        return
    if re.match(r"https?://", source):
        yield from _read_url(source, published)
        return
    suffix = _suffix(source)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(source, gzip.open if suffix == ".jsonl.gz" else open)
    elif suffix == ".json":
        yield from _read_json(source)
    elif suffix in HTML_SUFFIXES:
        yield _read_html(Path(source).read_bytes(), source, published=published)
    elif suffix in FEED_SUFFIXES:
        yield from _read_feed(Path(source).read_bytes(), source)
    else:
        yield ArticleInput(text=decode(Path(source).read_bytes(), source), where=source)


def decode(data: bytes, where: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM) first, else the detected encoding."""
    if not data.strip():
        raise errors.EmptyInput(where, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data[:8192]:
        raise errors.BinaryInput(where, "binary data, not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_detected(data, where)
    if _control_ratio(text) > 0.05:
        raise errors.BinaryInput(where, "binary data, not text")
    if not text.strip():
        raise errors.EmptyInput(where, "file is empty")
    return text


def _decode_detected(data: bytes, where: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # charset-normalizer always finds *some* single-byte decoding; a high chaos score means the
    # result is gibberish rather than text in another encoding.
    if best is None or best.chaos > 0.2:
        raise errors.UndecodableInput(where, "cannot decode: not UTF-8 and no other text encoding fits")
    return str(best)


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\n\r\t\f")
    return controls / max(len(sample), 1)


def _read_jsonl(source: str, opener) -> Iterator[ArticleInput | errors.InputError]:
    try:
        with opener(source, "rb") as lines:
            for number, raw in enumerate(lines, start=1):
                if raw.strip():
                    yield _record_or_error(raw, f"{source}:{number}")
    except (gzip.BadGzipFile, EOFError) as error:
        yield errors.MalformedRecord(source, f"not a readable gzip file ({error})")


def _record_or_error(raw: bytes, where: str) -> ArticleInput | errors.InputError:
    try:
        return article_from_mapping(json.loads(raw), where)
    except UnicodeDecodeError:
        return errors.UndecodableInput(where, "line is not UTF-8")
    except json.JSONDecodeError as error:
        return errors.MalformedRecord(where, f"not valid JSON ({error.msg} at column {error.colno})")
    except errors.InputError as error:
        return error


def _read_json(source: str) -> Iterator[ArticleInput | errors.InputError]:
    try:
        data = json.loads(Path(source).read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise errors.MalformedRecord(source, f"not valid JSON ({error})") from None
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        where = f"{source}[{number}]" if isinstance(data, list) else source
        try:
            yield article_from_mapping(record, where)
        except errors.InputError as error:
            yield error


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


def _read_html(
    data: bytes, where: str, url: str | None = None, published: dt.date | None = None
) -> ArticleInput:
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


def _read_feed(data: bytes, where: str) -> Iterator[ArticleInput | errors.InputError]:
    import feedparser
    import trafilatura

    feed = feedparser.parse(data)
    if not feed.entries:
        if feed.bozo:
            raise errors.MalformedRecord(where, f"not an RSS/Atom feed ({feed.bozo_exception})")
        raise errors.EmptyInput(where, "feed has no entries")
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        entry_where = f"{where}#{number}"
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary") or ""
        text = trafilatura.extract(body) if "<" in body else body
        if not (text or "").strip():
            yield errors.EmptyInput(entry_where, "feed entry has no text")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        yield ArticleInput(
            text=text,
            title=entry.get("title"),
            published=dt.date(*stamp[:3]) if stamp else None,
            source=outlet,
            url=entry.get("link"),
            id=entry.get("id"),
            where=entry_where,
        )


def _read_url(url: str, published: dt.date | None) -> Iterator[ArticleInput | errors.InputError]:
    import trafilatura

    data = trafilatura.fetch_response(url, decode=False)
    if data is None or data.data is None:
        raise errors.InputError(url, "could not fetch (no network, or the server did not answer)")
    body = data.data.lstrip()
    if body.startswith(b"<?xml") or b"<rss" in body[:500] or b"<feed" in body[:500]:
        yield from _read_feed(body, url)
    else:
        yield _read_html(body, url, url=url, published=published)


def _finish(item: ArticleInput, published: dt.date | None) -> ArticleInput:
    if item.published is None:
        item.published = published or _dateline(item.text)
    return item


def _dateline(text: str) -> dt.date | None:
    from .time import dateline

    return dateline(text)


def _plainly_english(sample: str) -> bool:
    """English prose, by its share of English function words; the rest (tables, lists of names, other
    languages) goes to the language identifier."""
    words = WORD.findall(sample.lower())
    return sum(word in ENGLISH_MARKERS for word in words) >= MIN_ENGLISH_MARKER_SHARE * len(words)


@lru_cache(maxsize=1)
def _language_identifier():
    """langid.py's model (97 languages, ~12 MiB), with probabilities that sum to one."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def language_name(code: str) -> str:
    """'nl' -> 'Dutch', 'el' -> 'Modern Greek'."""
    import pycountry

    language = pycountry.languages.get(alpha_2=code)
    return language.name.split(" (")[0] if language else code


def check_language(text: str, where: str) -> None:
    """Raise :class:`errors.NotEnglish` when ``text`` is clearly in another language."""
    sample = text[:1000]
    letters = sum(char.isalpha() for char in sample)
    digits = sum(char.isdigit() for char in sample)
    if (
        letters < MIN_LETTERS_FOR_LANGUAGE
        or digits >= MIN_DIGITS_PER_LETTER_OF_TABLES * letters
        or _plainly_english(sample)
    ):
        return
    ranked = _language_identifier().rank(sample)
    if dict(ranked).get("en", 0.0) <= MAX_ENGLISH_CONFIDENCE_TO_REFUSE:
        raise errors.NotEnglish(where, f"text is in {language_name(ranked[0][0])}, not English")
