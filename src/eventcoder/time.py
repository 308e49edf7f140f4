"""The TIME stage: find temporal expressions and resolve them against the publication date.

Three steps, kept apart so that each event can ask for its own tense:

1. :func:`candidate_spans` finds temporal expressions (spaCy DATE entities plus our own patterns);
2. :func:`parse_expression` turns the text of one into a :class:`Expression` (cached by text);
3. :func:`resolve` anchors an expression to the publication date for a tense ("will meet on
   Monday" is the next Monday, "met on Monday" the most recent one).

Each :class:`~eventcoder.pipeline.doc.TimeMention` carries the word it modifies, the clause it dates
and its reading in every tense: the event stage dates its events from these alone
(``events.context.date_for``). :func:`dateline` reads the date at the head of an article.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

import dateparser
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .pipeline.doc import TimeMention
from .pipeline.syntax import TENSES, Tense, clause_head, doc_text, tense_of
from .records import DateValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Month by the first three letters of any form _MONTH accepts ("Sept.", and "Sepember" in a wire story)
MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
DAY_OFFSETS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "later today": 0, "yesterday": -1, "last night": -1, "tomorrow": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}  # fmt: skip
# (unit, offset) for "last week", "this month", "next year", ...
PERIOD_WORDS = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Words that make an expression a boundary or a span, not the date of the event it modifies.
NOUN_MODIFIER_DEPS = frozenset(["nummod", "compound", "amod", "quantmod", "nmod"])
NON_GOVERNING_PREPOSITIONS = frozenset(
    [
        "since",
        "until",
        "till",
        "before",
        "after",
        "by",
        "from",
        "through",
        "between",
    ]
)

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Our own patterns, tried on the whole text (spaCy misses some, and splits others oddly).
CANDIDATE_PATTERN = re.compile(
    rf"""\b(?:
        {_YEAR}-[01]\d-[0-3]\d
      | (?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?
      | (?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?
      | (?:early|mid|late|earlier|later)?[\s-]*(?:this|last|next|past|previous|coming)\s+(?:week|month|year|{_WEEKDAY}){_PART_OF_DAY}
      | (?:earlier|later)\s+(?:this|last)\s+(?:week|month|year)
      | (?:early|mid|late)[\s-]+{_MONTH}(?:\s+{_YEAR})?
      | {_MONTH}\s+{_YEAR}
      | (?:in|since|until|by|during|from)\s+{_MONTH}(?:\s+{_YEAR})?
      | {_WEEKDAY}{_PART_OF_DAY}
      | (?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))
      | yesterday{_PART_OF_DAY} | today | tonight | tomorrow{_PART_OF_DAY} | last\s+night
      | (?:earlier|later)\s+today | this\s+(?:morning|afternoon|evening)
      | (?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:days?|weeks?|months?|years?)\s+ago
      | (?:in|since|until|by|during)\s+{_YEAR}
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Words dropped from the front of an expression before parsing ("on Monday", "in April").
LEADING_WORDS = re.compile(
    r"^(?:on|in|at|during|since|until|till|by|from|of|the|early|mid|late|earlier|later|this|last|next)[\s-]+",
    re.IGNORECASE,
)
DATELINE_PATTERN = re.compile(
    rf"^\s*(?:[A-Z][A-Za-z .'-]+,\s+)?(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH}),?\s+({_YEAR})\b",
    re.IGNORECASE,
)
DATE_IN_DATELINE = re.compile(rf"(?:{_MONTH}\s+{_DAY},?|{_DAY}\s+{_MONTH},?)\s+{_YEAR}", re.IGNORECASE)
ISO_DATE = re.compile(rf"^({_YEAR})-([01]\d)-([0-3]\d)$")
YEAR_ONLY = re.compile(rf"^(?:the\s+year\s+)?({_YEAR})$", re.IGNORECASE)
MONTH_YEAR = re.compile(rf"^({_MONTH})\s+(?:of\s+)?({_YEAR})$", re.IGNORECASE)
MONTH_ONLY = re.compile(rf"^({_MONTH})$", re.IGNORECASE)
MONTH_DAY = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?(?:({_MONTH})\s+({_DAY})|({_DAY})\s+(?:of\s+)?({_MONTH}))$", re.IGNORECASE
)
FULL_DATE = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+{_DAY},?|{_DAY}\s+(?:of\s+)?{_MONTH},?)\s+{_YEAR}$", re.IGNORECASE
)
WEEKDAY_ONLY = re.compile(
    rf"^(?:(last|this|next|past|coming)\s+)?({_WEEKDAY})(?:'s)?{_PART_OF_DAY}$", re.IGNORECASE
)
PERIOD = re.compile(
    r"^(?:(?:early|mid|late|earlier|later)[\s-]+)?(?:in\s+)?(?:the\s+)?(last|past|previous|this|current|next|coming)\s+(week|month|year)$",
    re.IGNORECASE,
)
AGO = re.compile(
    r"^(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(day|week|month|year)s?\s+ago$",
    re.IGNORECASE,
)
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Expression:
    """A parsed temporal expression, not yet anchored to a publication date.

    ``kind`` says how to anchor it: ``absolute`` (year/month/day all known from the text),
    ``day_offset`` (days from publication), ``weekday`` (0 = Monday), ``period`` (a
    week/month/year counted from publication's), ``month_day`` and ``month`` (year from tense).
    """

    kind: Literal["absolute", "day_offset", "weekday", "period", "month_day", "month"]
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    offset: int = 0
    unit: Literal["day", "week", "month", "year"] | None = None
    qualifier: str | None = None  # "last"/"next"/"this" before a weekday


# ---------------------------------------------------------------- parsing (text only, cached)


def _month_number(word: str) -> int:
    return MONTHS[word[:3].lower()]


def _day_number(word: str) -> int:
    return int(re.sub(r"\D", "", word))


@functools.lru_cache(maxsize=4096)
def _dateparser_date(text: str) -> dt.date | None:
    """Parse a complete written date ("September 14, 2018", "14 Sept 2018") with dateparser."""
    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


@functools.lru_cache(maxsize=8192)
def parse_expression(text: str) -> Expression | None:
    """The meaning of one temporal expression, or None when it is not one we can anchor safely."""
    original = SPACES.sub(" ", text.strip())
    cleaned = original.lower().rstrip(".,")
    cleaned = re.sub(r"'s$", "", cleaned)
    if cleaned in DAY_OFFSETS:
        return Expression("day_offset", original, offset=DAY_OFFSETS[cleaned], unit="day")
    for prefix in ("early ", "late ", "on ", "of ", "in "):
        if cleaned.startswith(prefix):
            stripped = cleaned[len(prefix) :]
            if stripped in DAY_OFFSETS or re.match(rf"^(yesterday|tomorrow){_PART_OF_DAY}$", stripped):
                cleaned = stripped
    match = re.match(rf"^(yesterday|tomorrow){_PART_OF_DAY}$", cleaned)
    if match:
        return Expression("day_offset", original, offset=DAY_OFFSETS[match.group(1)], unit="day")
    if match := AGO.match(cleaned):
        count = COUNT_WORDS.get(match.group(1)) or int(match.group(1))
        return Expression("period", original, offset=-count, unit=match.group(2))  # type: ignore[arg-type]
    if match := PERIOD.match(cleaned):
        return Expression("period", original, offset=PERIOD_WORDS[match.group(1)], unit=match.group(2))  # type: ignore[arg-type]
    core = cleaned
    while (shorter := LEADING_WORDS.sub("", core)) != core:
        qualifier_match = re.match(r"^(last|this|next|past|coming)\s", core)
        if qualifier_match and WEEKDAY_ONLY.match(core):
            break
        core = shorter
    if match := WEEKDAY_ONLY.match(core):
        qualifier = match.group(1)
        return Expression(
            "weekday", original, day=WEEKDAYS.index(match.group(2).lower()), qualifier=qualifier
        )
    if match := ISO_DATE.match(core):
        return _absolute(original, int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := YEAR_ONLY.match(core):
        return Expression("absolute", original, year=int(match.group(1)), unit="year")
    if match := MONTH_YEAR.match(core):
        return Expression(
            "absolute", original, year=int(match.group(2)), month=_month_number(match.group(1)), unit="month"
        )
    if FULL_DATE.match(core):
        parsed = _dateparser_date(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", core))
        return _absolute(original, parsed.year, parsed.month, parsed.day) if parsed else None
    if match := MONTH_DAY.match(core):
        month_word, day_word = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        )
        return Expression(
            "month_day", original, month=_month_number(month_word), day=_day_number(day_word), unit="day"
        )
    if (match := MONTH_ONLY.match(core)) and not (core == "may" and original[:1].islower()):
        return Expression("month", original, month=_month_number(match.group(1)), unit="month")
    return None


def _absolute(text: str, year: int, month: int, day: int) -> Expression | None:
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return Expression("absolute", text, year=year, month=month, day=day, unit="day")


# ---------------------------------------------------------------- anchoring (per tense)


def resolve(expression: Expression, published: dt.date | None, tense: Tense = "past") -> DateValue | None:
    """Anchor ``expression`` to the publication date, reading it in ``tense``.

    A date that would fall outside the years 1 to 9999 (``datetime.date``'s range: "yesterday" in an
    article published 0001-01-01, "next Monday" from 9999-12-31) is left unresolved (None).
    """
    try:
        return _resolve(expression, published, tense)
    except (ValueError, OverflowError):  # out of the representable range: not a date we can give
        return None


def _checked_year(year: int) -> int:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValueError(f"year {year} is out of range")
    return year


def _resolve(expression: Expression, published: dt.date | None, tense: Tense) -> DateValue | None:
    text = expression.text
    if expression.kind == "absolute":
        if expression.day is not None:
            return DateValue(
                value=dt.date(expression.year, expression.month, expression.day).isoformat(),
                precision="day",
                text=text,
            )
        if expression.month is not None:
            return DateValue(
                value=f"{expression.year:04d}-{expression.month:02d}", precision="month", text=text
            )
        return DateValue(value=f"{expression.year:04d}", precision="year", text=text)
    if published is None:
        return None
    if expression.kind == "day_offset":
        return DateValue(
            value=(published + dt.timedelta(days=expression.offset)).isoformat(), precision="day", text=text
        )
    if expression.kind == "weekday":
        return DateValue(
            value=_weekday_date(published, expression.day, expression.qualifier, tense).isoformat(),
            precision="day",
            text=text,
        )
    if expression.kind == "period":
        return _period_value(published, expression.unit, expression.offset, text)
    if expression.kind == "month_day":
        year = _year_for(published, expression.month, expression.day, tense)
        try:
            return DateValue(
                value=dt.date(year, expression.month, expression.day).isoformat(), precision="day", text=text
            )
        except ValueError:
            return None
    if expression.kind == "month":
        year = _checked_year(_year_for(published, expression.month, None, tense))
        return DateValue(value=f"{year:04d}-{expression.month:02d}", precision="month", text=text)
    return None


def _weekday_date(published: dt.date, weekday: int, qualifier: str | None, tense: Tense) -> dt.date:
    back = (published.weekday() - weekday) % 7  # days back to the most recent such day, 0 = today
    forward = (weekday - published.weekday()) % 7
    if qualifier in ("last", "past"):
        return published - dt.timedelta(days=back or 7)
    if qualifier in ("next", "coming"):
        return published + dt.timedelta(days=forward or 7)
    if tense == "future":
        return published + dt.timedelta(days=forward)
    return published - dt.timedelta(days=back)


def _period_value(published: dt.date, unit: str, offset: int, text: str) -> DateValue:
    if unit == "day":
        return DateValue(
            value=(published + dt.timedelta(days=offset)).isoformat(), precision="day", text=text
        )
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset)
        return DateValue(value=monday.isoformat(), precision="week", text=text)
    if unit == "month":
        index = published.year * 12 + published.month - 1 + offset
        return DateValue(
            value=f"{_checked_year(index // 12):04d}-{index % 12 + 1:02d}", precision="month", text=text
        )
    return DateValue(value=f"{_checked_year(published.year + offset):04d}", precision="year", text=text)


def _year_for(published: dt.date, month: int, day: int | None, tense: Tense) -> int:
    """The year of a month (and day) written without one: past tense looks back, future ahead."""
    this_year = (month, day or 1) if day else (month, 1)
    now = (published.month, published.day) if day else (published.month, 1)
    if tense == "future":
        return published.year if this_year >= now else published.year + 1
    if tense == "past":
        return published.year if this_year <= now else published.year - 1
    # Present tense: the nearer of the two readings.
    candidates = [
        year
        for year in (published.year - 1, published.year, published.year + 1)
        if dt.MINYEAR <= year <= dt.MAXYEAR
    ]
    return min(candidates, key=lambda year: abs((dt.date(year, month, min(day or 1, 28)) - published).days))


# ---------------------------------------------------------------- finding expressions in a Doc


def candidate_spans(doc: Doc) -> list[Span]:
    """Temporal expressions: our patterns first, then spaCy DATE entities that do not overlap them."""
    spans: list[Span] = []
    taken: set[int] = set()
    for match in CANDIDATE_PATTERN.finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or taken.intersection(range(span.start, span.end)):
            continue
        span = _trim_preposition(span)
        spans.append(span)
        taken.update(range(span.start, span.end))
    for entity in doc.ents:
        if entity.label_ == "DATE" and not taken.intersection(range(entity.start, entity.end)):
            spans.append(entity)
            taken.update(range(entity.start, entity.end))
    return sorted(spans, key=lambda span: span.start)


def _trim_preposition(span: Span) -> Span:
    """Drop a leading preposition our pattern needed as context ("in April" -> "April")."""
    if len(span) > 1 and span[0].lower_ in ("in", "since", "until", "by", "during", "from"):
        return span[1:]
    return span


def expression_of(span: Span) -> Expression | None:
    return parse_expression(span.text)


def governing_token(span: Span) -> Token | None:
    """The word a temporal expression modifies, or None when it is a boundary ("since 2011")."""
    root = span.root
    head = root.head
    if head.i == root.i:
        return None
    previous = span.doc[span.start - 1] if span.start > 0 else None
    if previous is not None and previous.lower_ in NON_GOVERNING_PREPOSITIONS:
        return None
    if root.dep_ == "pobj" and head.dep_ in ("prep", "pcomp"):
        if head.lower_ in NON_GOVERNING_PREPOSITIONS:
            return None
        return head.head
    return head


def governed_clause(span: Span) -> Token | None:
    """The verb whose clause a temporal expression dates, climbing out of the noun phrases it sits
    in ("in a phone call in late July, Trump encouraged"); None for a noun's modifier ("the 2016
    election", "the 1973 building"), which dates only that noun."""
    governor = governing_token(span)
    if governor is None:
        return None
    if governor.pos_ in ("VERB", "AUX"):
        return governor
    if span.root.dep_ in NOUN_MODIFIER_DEPS:
        return None
    return clause_head(governor)


class TimeRecognizer:
    """spaCy component: ``doc._.time_mentions`` for every temporal expression it can resolve."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        _dateparser_date(
            "14 September 2018"
        )  # dateparser builds its tables on first use: now, not in an article

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))

    def match(self, doc: Doc) -> list[TimeMention]:
        mentions = []
        # The dateline says when the article was written, not when anything in it happened.
        dateline_end = dateline_length(doc_text(doc))
        for span in candidate_spans(doc):
            if span.start_char < dateline_end:
                continue
            expression = expression_of(span)
            if expression is None:
                continue
            governor = governing_token(span)
            readings = {tense: resolve(expression, doc._.published, tense) for tense in TENSES}
            date = readings[tense_of(governor) if governor is not None else "past"]
            if date is not None:
                clause = governed_clause(span)
                mentions.append(
                    TimeMention(
                        span=span,
                        date=date,
                        governor=governor.i if governor is not None else None,
                        clause=clause.i if clause is not None else None,
                        readings=readings,
                    )
                )
        return mentions

    def set_annotations(self, doc: Doc, mentions: list[TimeMention]) -> Doc:
        doc._.time_mentions = mentions
        return doc


# ---------------------------------------------------------------- datelines


def dateline_length(text: str) -> int:
    """How many characters at the start of ``text`` its dateline takes (0 without one)."""
    stripped = text.lstrip()
    match = DATELINE_PATTERN.match(stripped[:120])
    return len(text) - len(stripped) + match.end() if match else 0


def dateline(text: str) -> dt.date | None:
    """The date in an article's dateline ("Friday, January 4, 2019"), when it gives a year."""
    head = text.lstrip()[:120]
    match = DATELINE_PATTERN.match(head)
    if match is None:
        iso = re.match(rf"^\s*({_YEAR})-([01]\d)-([0-3]\d)\b", head)
        if iso is None:
            return None
        expression = _absolute(iso.group(0), int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    else:
        written = DATE_IN_DATELINE.search(match.group(0))
        expression = parse_expression(written.group(0)) if written else None
    if expression is None or expression.day is None or expression.kind != "absolute":
        return None
    return dt.date(expression.year, expression.month, expression.day)
