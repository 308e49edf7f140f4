"""Reading articles: plain text, HTML, JSON Lines, RSS/Atom feeds and stdin, into :class:`ArticleInput`.

Bad input never stops a batch: :func:`iter_articles` yields an :class:`errors.InputError` in the
stream, in place of the file, line or article it could not read, and goes on with the next. Known
limits are checked before any work: an article longer than ``max_chars`` characters (default
:data:`MAX_CHARS`) and JSON nested deeper than :data:`MAX_JSON_DEPTH` are refused with one error each.
The encoding is detected once per file, for every format; so is binary data. An input with nothing in
it (an empty file, a JSON Lines file of blank lines, an empty JSON array, a feed without entries, a
directory without a readable file) is one :class:`errors.EmptyInput`.

Which publication date applies, first found wins: a date field of the article's own record (JSON
Lines, JSON, a feed entry), then ``--published``, then HTML metadata, then a dateline at the start of
the text.
"""

from __future__ import annotations

import codecs
import datetime as dt
import glob
import gzip
import hashlib
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from . import errors

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
KNOWN_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + FEED_SUFFIXES + (".json",)
ARTICLE_FIELDS = ("id", "title", "text", "published", "source", "url")
# Longest article coded, in characters (``--max-chars``). A long news feature is 30,000 characters;
# spaCy refuses 1,000,000 (E088), and the parser needs about 1 GB of memory per 100,000.
MAX_CHARS = 500_000
# A JSON array or a feed is parsed whole: at most this many articles of the size limit.
WHOLE_FILE_ARTICLES = 200
# Deepest JSON accepted: an article is a flat object (an array of them, two levels). Python's json
# module recurses once per level and dies of RecursionError near 1,000; the depth is counted first.
MAX_JSON_DEPTH = 64
# How much of a file its encoding (and whether it is binary at all) is judged from.
SNIFF_BYTES = 65_536
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
    if isinstance(value, str) and not value.strip():
        return None  # "published": "" is an undated article, as null is
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise errors.MalformedRecord(
            where, f"invalid published date {value!r} (expected YYYY-MM-DD)"
        ) from None


def iter_articles(
    paths: Iterable[str], *, published: dt.date | None = None, max_chars: int | None = MAX_CHARS
) -> Iterator[ArticleInput | errors.InputError]:
    """Every article in ``paths`` (files, directories, globs, "-" for stdin, URLs), in order.

    Never raises for bad input: each bad path, file, line or article is one :class:`errors.InputError`
    in the stream, in its place. ``max_chars=None`` lifts the size limit.
    """
    for path in paths:
        for source in _expand(path):
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


def describe(error: BaseException) -> str:
    """An exception in one short line, for a message that names its input."""
    lines = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _check_file_size(source: str, max_chars: int | None) -> None:
    """Refuse, before reading it, a file too large to be what it says: one article (text, HTML) of at
    most ``max_chars`` characters takes at most 4 bytes a character; a JSON array or a feed is parsed
    whole, so it may hold at most 200 such articles (JSON Lines are read a line at a time)."""
    if max_chars is None or source == "-" or re.match(r"https?://", source):
        return
    suffix = _suffix(source)
    if suffix in JSONL_SUFFIXES:
        return
    whole = suffix == ".json" or suffix in FEED_SUFFIXES
    limit = max_chars * 4 * (WHOLE_FILE_ARTICLES if whole else 1)
    size = os.path.getsize(source)
    if size > limit:
        kind = "file" if whole else "article"
        raise errors.TooLarge(
            source, f"{kind} of {size:,} bytes is larger than the limit of {limit:,} bytes (--max-chars)"
        )


def check_size(text: str, where: str, max_chars: int | None = MAX_CHARS) -> None:
    """Raise :class:`errors.TooLarge` for an article longer than ``max_chars`` characters."""
    if max_chars is not None and len(text) > max_chars:
        raise errors.TooLarge(
            where, f"article has {len(text):,} characters, more than the limit of {max_chars:,} (--max-chars)"
        )


def _expand(path: str) -> Iterator[str | errors.InputError]:
    if path == "-" or re.match(r"https?://", path):
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
            yield from _expand(match)
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
                if _suffix(entry.name) in KNOWN_SUFFIXES:
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
    """Text from bytes: UTF-8 (with or without BOM) first, else the detected encoding.

    Raises :class:`errors.EmptyInput`, :class:`errors.BinaryInput` or :class:`errors.UndecodableInput`
    for the whole of ``data``.
    """
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


def _western(data: bytes) -> str | None:
    """``data`` as Windows-1252 (a superset of Latin-1 in its printable part) when it reads as English
    text in it: at most one byte in five past ASCII. charset-normalizer, guessing from a few accented letters, takes
    such text for Korean or Chinese; eventcoder codes English only."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    sample = text[:SNIFF_BYTES]
    return text if sum(ord(char) > 127 for char in sample) <= 0.2 * len(sample) else None


def _decode_detected(data: bytes, where: str) -> str:
    from charset_normalizer import from_bytes

    western = _western(data)
    if western is not None:
        return western
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


def _line_encoding(sample: bytes) -> str:
    """The encoding of a JSON Lines file, judged once from its first bytes: UTF-8 when they are UTF-8,
    else the detected encoding when one fits and keeps b"\\n" a line end, else UTF-8 (and the lines
    that are not come out as errors)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        if _western(sample) is not None:
            return "cp1252"
        best = from_bytes(sample).best()
    if best is None or best.chaos > 0.2 or "\n".encode(best.encoding, errors="replace") != b"\n":
        return "utf-8-sig"
    return best.encoding


def _not_text_share(sample: bytes, encoding: str) -> float:
    """The share of ``sample`` that is not text: bytes ``encoding`` cannot read, and control codes."""
    text = sample.decode(encoding, errors="replace")
    return (text.count("\ufffd") + _control_ratio(text) * min(len(text), 8192)) / max(len(text), 1)


def _read_jsonl(source: str, opener) -> Iterator[ArticleInput | errors.InputError]:
    try:
        with opener(source, "rb") as stream:
            sample = stream.read(SNIFF_BYTES)
            if not sample.strip():
                raise errors.EmptyInput(source, "file is empty")
            if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: lines do not end in b"\n"
                lines: Iterable[bytes | str] = decode(sample + stream.read(), source).split("\n")
                encoding = "utf-16"
            else:
                encoding = _line_encoding(sample)
                if _not_text_share(sample, encoding) > 0.05:  # judged once for the file, not per line
                    raise errors.BinaryInput(source, "binary data, not text")
                stream.seek(0)
                lines = stream
            yield from _jsonl_records(lines, encoding, source)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        yield errors.MalformedRecord(source, f"not a readable gzip file ({error})")


def _jsonl_records(
    lines: Iterable[bytes | str], encoding: str, source: str
) -> Iterator[ArticleInput | errors.InputError]:
    """One article or error per non-blank line. A run of lines that are not text (binary data, or
    bytes the file's encoding cannot read) is one error; a file of nothing else, one error for it."""
    records = 0
    unreadable: list[int] = []  # the current run of lines that are not text

    def run_error(whole_file: bool) -> errors.InputError:
        first, last = unreadable[0], unreadable[-1]
        where = source if whole_file else f"{source}:{first}" if first == last else f"{source}:{first}-{last}"
        return errors.BinaryInput(where, "binary data, not text")

    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        line = raw if isinstance(raw, str) else _decode_line(raw, encoding)
        if line is None or "\x00" in line or _control_ratio(line) > 0.05:
            unreadable.append(number)
            continue
        if unreadable:
            yield run_error(whole_file=False)
            unreadable = []
        records += 1
        yield _record_or_error(line, f"{source}:{number}")
    if unreadable:
        yield run_error(whole_file=records == 0)
    elif not records:
        yield errors.EmptyInput(source, "file holds only blank lines")


def _decode_line(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _record_or_error(line: str, where: str) -> ArticleInput | errors.InputError:
    try:
        return article_from_mapping(_load_json(line, where), where)
    except errors.InputError as error:
        return error


def _load_json(text: str, where: str) -> object:
    """``json.loads``, refusing nesting past :data:`MAX_JSON_DEPTH` before it can recurse."""
    check_json_depth(text, where)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        at = f"line {error.lineno} column {error.colno}" if error.lineno > 1 else f"column {error.colno}"
        raise errors.MalformedRecord(where, f"not valid JSON ({error.msg} at {at})") from None
    except RecursionError:  # only if the depth check above missed a way to nest
        raise errors.TooLarge(where, "JSON nested too deeply") from None


# A JSON string (skipped whole, brackets inside it do not count) or a bracket.
JSON_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def check_json_depth(text: str, where: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise :class:`errors.TooLarge` when ``text`` nests arrays and objects deeper than ``limit``.

    Linear, with no recursion; free for text with fewer opening brackets than ``limit``.
    """
    if text.count("[") + text.count("{") <= limit:
        return
    depth = 0
    for match in JSON_STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                raise errors.TooLarge(where, f"JSON nested deeper than {limit} levels")
        elif token in ("]", "}"):
            depth -= 1


def _read_json(source: str) -> Iterator[ArticleInput | errors.InputError]:
    data = _load_json(decode(Path(source).read_bytes(), source), source)
    if data == []:
        raise errors.EmptyInput(source, "JSON array holds no articles")
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


BLOCK_TAGS = frozenset(["p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"])


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
