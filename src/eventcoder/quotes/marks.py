"""Quotation marks: the spans between them, and whether a quoted span is a title rather than speech."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import SpeechLexicon

OPENING_DOUBLE = "“„«"
CLOSING_DOUBLE = "”»"
DOUBLE_MARKS = re.compile(r"[\"“”„«»]")
# A straight or curly single quote that opens (after a space, before a letter) or closes a quote.
SINGLE_OPENING = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))['‘](?=[\w\"“])", re.MULTILINE)
SINGLE_CLOSING = re.compile(r"(?<=[\w.,!?;:…\"”])['’](?=[\s.,;:!?)—–-]|$)", re.MULTILINE)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
SENTENCE_END = frozenset(".!?")
QUOTE_MARKS = frozenset("\"“”„«»'‘’")
WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True)
class QuoteSpan:
    """Quoted text between quotation marks: ``start``/``end`` without the marks, ``outer_*`` with them."""

    start: int
    end: int
    outer_start: int
    outer_end: int


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in PARAGRAPH_BREAK.finditer(text)]


def _opens(text: str, index: int) -> bool:
    """Whether a straight double quote at ``index`` opens a quote (by the characters around it)."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/":
        # ... 'I'm a drummer' ", he recalled: a mark before punctuation closes.
        return not after.isspace() and after not in ",.;:!?)]"
    return False


def _make_span(text: str, outer_start: int, outer_end: int, closed: bool = True) -> QuoteSpan | None:
    inner_end = outer_end - 1 if closed else outer_end
    inner = text[outer_start + 1 : inner_end]
    stripped = inner.strip()
    if not stripped:
        return None
    start = outer_start + 1 + (len(inner) - len(inner.lstrip()))
    return QuoteSpan(start, start + len(stripped), outer_start, outer_end)


def _opening(text: str, index: int, mark: str) -> bool:
    if mark in OPENING_DOUBLE:
        return True
    return mark == '"' and _opens(text, index)


def _closing(text: str, index: int, mark: str) -> bool:
    if mark in CLOSING_DOUBLE:
        return True
    return mark == '"' and not _opens(text, index)


def find_double_quotes(text: str) -> list[QuoteSpan]:
    """Spans between double quotation marks, straight or curly, across paragraphs.

    A quote open at the end of a paragraph continues when the next paragraph opens with a quotation
    mark (the news convention for a quote of several paragraphs); otherwise it ends with its paragraph.
    """
    spans: list[QuoteSpan | None] = []
    open_at: int | None = None
    checked = 0  # paragraph breaks before this offset are already accounted for
    for match in DOUBLE_MARKS.finditer(text):
        index, mark = match.start(), match.group()
        if open_at is not None:
            paragraph_break = PARAGRAPH_BREAK.search(text, checked, index)
            if paragraph_break is not None:
                if paragraph_break.end() == index and _opening(text, index, mark):
                    checked = index + 1  # the quote goes on in this paragraph
                    continue
                spans.append(_make_span(text, open_at, paragraph_break.start(), closed=False))
                open_at = None
        if open_at is None:
            if _opening(text, index, mark):
                open_at, checked = index, index + 1
        elif _closing(text, index, mark):
            spans.append(_make_span(text, open_at, index + 1))
            open_at = None
        elif text[open_at:index].rstrip()[-1:] in SENTENCE_END:
            # '"This is a gaffe. "We all know ...": a paragraph break lost in the text, the quote goes on.
            continue
        else:
            open_at, checked = index, index + 1  # two openers in a row: the first was stray
    if open_at is not None:
        paragraph_break = PARAGRAPH_BREAK.search(text, checked)
        end = paragraph_break.start() if paragraph_break is not None else len(text.rstrip())
        spans.append(_make_span(text, open_at, end, closed=False))
    return [span for span in spans if span is not None]


def find_single_quotes(text: str, outside: list[QuoteSpan]) -> list[QuoteSpan]:
    """Spans between single quotation marks in one paragraph, outside double quotes (which may nest them)."""
    covered = [(span.outer_start, span.outer_end) for span in outside]

    def is_covered(index: int) -> bool:
        return any(start <= index < end for start, end in covered)

    spans = []
    paragraph_starts = [*_paragraph_starts(text), len(text) + 1]
    closings = [match.start() for match in SINGLE_CLOSING.finditer(text) if not is_covered(match.start())]
    taken_until = -1
    for match in SINGLE_OPENING.finditer(text):
        index = match.start()
        if index < taken_until or is_covered(index):
            continue
        paragraph_end = next(start for start in paragraph_starts if start > index)
        closing = next((close for close in closings if index + 1 < close < paragraph_end), None)
        if closing is None:
            continue
        span = _make_span(text, index, closing + 1)
        if span is not None:
            spans.append(span)
            taken_until = closing + 1
    return spans


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All spans between quotation marks, in text order; single quotes nested in double ones are not kept."""
    double = find_double_quotes(text)
    return sorted(double + find_single_quotes(text, double), key=lambda span: span.start)


# ---------------------------------------------------------------------------------------------------
# Whether a quote is speech


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def is_title(full_text: str, quote: QuoteSpan, text: str, lexicon: SpeechLexicon) -> bool:
    """A name or title in quotes ("an article titled ...", the charity "Have no fear"), not speech."""
    before = full_text[max(0, quote.outer_start - 40) : quote.outer_start].rstrip()
    previous_word = before.rsplit(None, 1)[-1].lower().strip(",:") if before else ""
    if previous_word in lexicon.title_cues:
        return True
    words = WORD.findall(text)
    if (
        previous_word in lexicon.name_cues
        and len(words) <= lexicon.max_name_words
        and text[:1].isupper()
        and text[-1:].isalnum()
    ):
        return True
    long_words = [word for word in words if len(word) > 3]
    return len(long_words) >= 2 and all(word[0].isupper() for word in long_words)


def is_full_sentence(text: str) -> bool:
    stripped = text.lstrip("…. ")
    return stripped[:1].isupper() or stripped[:1].isdigit()
