"""Readers for JSON Lines (one article an object a line, gzipped or not) and JSON (an object or an array).

A JSON Lines file is read a line at a time, each line an article or an error in its place; a JSON file
is parsed whole. Nesting deeper than :data:`MAX_JSON_DEPTH` is refused before the parser can recurse.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import errors
from .decoding import SNIFF_BYTES, control_ratio, decode, decode_line, line_encoding, not_text_share
from .inputs import MAX_JSON_DEPTH, ArticleInput, article_from_mapping

# A JSON string (skipped whole, brackets inside it do not count) or a bracket.
JSON_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def read_jsonl(source: str, opener) -> Iterator[ArticleInput | errors.InputError]:
    try:
        with opener(source, "rb") as stream:
            sample = stream.read(SNIFF_BYTES)
            if not sample.strip():
                raise errors.EmptyInput(source, "file is empty")
            if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: lines do not end in b"\n"
                lines: Iterable[bytes | str] = decode(sample + stream.read(), source).split("\n")
                encoding = "utf-16"
            else:
                encoding = line_encoding(sample)
                if not_text_share(sample, encoding) > 0.05:  # judged once for the file, not per line
                    raise errors.BinaryInput(source, "binary data, not text")
                stream.seek(0)
                lines = stream
            yield from jsonl_records(lines, encoding, source)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        yield errors.MalformedRecord(source, f"not a readable gzip file ({error})")


def jsonl_records(
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
        line = raw if isinstance(raw, str) else decode_line(raw, encoding)
        if line is None or "\x00" in line or control_ratio(line) > 0.05:
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


def read_json(source: str) -> Iterator[ArticleInput | errors.InputError]:
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
