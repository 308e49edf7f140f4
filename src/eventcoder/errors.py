"""Every message eventcoder shows a user, and the exceptions that carry them.

The core raises these; only the edges (CLI, web API) turn them into exit codes, one-line messages or
HTTP errors. Codes are stable so that users can search for them.
"""

from __future__ import annotations


class EventcoderError(Exception):
    """Base of all errors a user can cause and fix."""

    code = "E000"
    template = "{detail}"

    def __init__(self, detail: str = "", **fields: object):
        self.fields = {"detail": detail, **fields}
        super().__init__(f"{self.code} {self.template.format(**self.fields)}")


class InputError(EventcoderError):
    """One input (a file, a line of a file, a request body) cannot be coded.

    ``where`` names the file and, for JSON Lines, the line: ``articles.jsonl:12``.
    """

    code = "E001"
    template = "{where}: {detail}"

    def __init__(self, where: str, detail: str):
        self.where = where
        super().__init__(detail, where=where)


class FileMissing(InputError):
    code = "E002"


class EmptyInput(InputError):
    code = "E003"


class BinaryInput(InputError):
    code = "E004"


class UndecodableInput(InputError):
    code = "E005"


class MalformedRecord(InputError):
    code = "E006"


class NotEnglish(InputError):
    code = "E007"


class CodingFailed(InputError):
    """One article made a stage of the pipeline raise: it alone is left out, the rest is coded."""

    code = "E008"


class TooLarge(InputError):
    """An input past a known limit (article size, JSON nesting depth), refused before any work."""

    code = "E009"


class SkippedPath(InputError):
    """A path inside a directory that is not read: unsupported type, dangling or looping symlink,
    unreadable directory."""

    code = "E014"


class NoPublicationDate(InputError):
    """A warning, not a refusal: the article is coded, but its relative dates stay unresolved."""

    code = "W001"

    def __init__(self, where: str):
        super().__init__(
            where,
            "no publication date: 'yesterday', 'on Monday' and the like stay undated (give --published)",
        )


class BadDate(EventcoderError):
    code = "E010"
    template = "invalid publication date {value!r}: expected YYYY-MM-DD"

    def __init__(self, value: str):
        super().__init__(value=value)


class ModelNotFound(EventcoderError):
    code = "E011"
    template = "spaCy pipeline {name!r} is not installed (install its package, or set EVENTCODER_MODEL)"

    def __init__(self, name: str):
        super().__init__(name=name)


class BadOption(EventcoderError):
    """An option or parameter outside what it can be (an unknown event type or export format)."""

    code = "E013"


class DataFileError(EventcoderError):
    """A user-supplied table (--actors, --lexicon) is missing or malformed."""

    code = "E012"
    template = "{path}: {detail}"

    def __init__(self, path: str, detail: str):
        super().__init__(detail, path=path)


class DatabaseError(EventcoderError):
    code = "E020"
    template = "database {url}: {detail}"

    def __init__(self, url: str, detail: str):
        super().__init__(detail, url=url)


class ArticleNotFound(EventcoderError):
    code = "E040"
    template = "no article with id {article_id!r}"

    def __init__(self, article_id: str):
        super().__init__(article_id=article_id)


class ArticleExists(EventcoderError):
    code = "E041"
    template = "article {article_id!r} is already stored (same id or same text)"

    def __init__(self, article_id: str):
        super().__init__(article_id=article_id)


class DatabaseMissing(DatabaseError):
    """A command that only reads was given a database that does not exist (it is not created)."""

    code = "E021"


class NotEventDatabase(DatabaseError):
    """The file or schema exists but holds no eventcoder database (or one no migration can finish)."""

    code = "E022"


class DatabaseDriverMissing(DatabaseError):
    """The URL names a database whose Python driver is not installed."""

    code = "E023"


class OutputNotWritable(EventcoderError):
    """An export (or other output) path that cannot be written."""

    code = "E030"
    template = "cannot write {path}: {detail}"

    def __init__(self, path: str, detail: str):
        super().__init__(detail, path=path)
