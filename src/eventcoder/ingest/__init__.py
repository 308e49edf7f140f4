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

The modules, each with one job, imported one way (each only from those above it):

- :mod:`.inputs`: the :class:`ArticleInput` record, article ids, dates, the size limits.
- :mod:`.paths`: the file types read, and paths expanded (directories, globs, symbolic links) into
  files, with one error for each path skipped.
- :mod:`.decoding`: bytes to text, encodings, binary data.
- :mod:`.language`: refusing text that is clearly not English.
- :mod:`.json_readers`: JSON Lines and JSON.
- :mod:`.web_readers`: HTML, RSS/Atom feeds and URLs.
- :mod:`.readers`: :func:`iter_articles`, which sends each path to its reader; standard input is
  JSON Lines read as they arrive when it starts with "{", else one article's text.
- :mod:`.streams`: inputs that arrive over time: :func:`arrivals` (with a :data:`PAUSE` when the input
  is idle) and :func:`watch` (folders looked at again and again).
"""

from .decoding import SNIFF_BYTES, decode
from .inputs import (
    ARTICLE_FIELDS,
    MAX_CHARS,
    MAX_JSON_DEPTH,
    WHOLE_FILE_ARTICLES,
    ArticleInput,
    article_from_mapping,
    article_id,
    check_size,
    describe,
    parse_date,
)
from .json_readers import JSON_STRING_OR_BRACKET, check_json_depth
from .language import (
    ENGLISH_MARKERS,
    MAX_ENGLISH_CONFIDENCE_TO_REFUSE,
    MIN_DIGITS_PER_LETTER_OF_TABLES,
    MIN_ENGLISH_MARKER_SHARE,
    MIN_LETTERS_FOR_LANGUAGE,
    WORD,
    check_language,
    language_name,
)
from .paths import (
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    KNOWN_SUFFIXES,
    TEXT_SUFFIXES,
)
from .readers import iter_articles
from .streams import PAUSE, arrivals, watch
from .web_readers import BLOCK_TAGS, plain_text

__all__ = [
    "ARTICLE_FIELDS",
    "BLOCK_TAGS",
    "ENGLISH_MARKERS",
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "JSON_STRING_OR_BRACKET",
    "KNOWN_SUFFIXES",
    "MAX_CHARS",
    "MAX_ENGLISH_CONFIDENCE_TO_REFUSE",
    "MAX_JSON_DEPTH",
    "MIN_DIGITS_PER_LETTER_OF_TABLES",
    "MIN_ENGLISH_MARKER_SHARE",
    "MIN_LETTERS_FOR_LANGUAGE",
    "PAUSE",
    "SNIFF_BYTES",
    "TEXT_SUFFIXES",
    "WHOLE_FILE_ARTICLES",
    "WORD",
    "ArticleInput",
    "arrivals",
    "article_from_mapping",
    "article_id",
    "check_json_depth",
    "check_language",
    "check_size",
    "decode",
    "describe",
    "iter_articles",
    "language_name",
    "parse_date",
    "plain_text",
    "watch",
]
