"""Sentence breaks the parser must keep: a paragraph break, the end of a first line that is a title or
a dateline ("Thursday, September 12, 2019" above "On Tuesday, ..."), and cuts in a stretch of text
longer than any sentence.

The parser would otherwise glue a dateline or a title to the first sentence, so that its date or its
words become part of that sentence's event; and a 50,000-token "sentence" (a table, a scraping
accident) costs the parser and every later stage without bound. Runs before the parser, which
respects preset sentence starts and may add its own between them.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

# A first line with no sentence-final punctuation, then a line break.
TITLE_LINE = re.compile(r"\A\s*[^\n]{1,200}?[^.!?:;\"'”’)\s]\s*\n")
# The longest stretch of an article parsed as one sentence. Real sentences stay far below (news: 25
# tokens on average, a few hundred at most); a run of text without sentence punctuation (a table, a
# list of names, a scraping accident) is cut there, at the last sentence punctuation, newline or comma
# before the limit, else at the limit itself. The parser respects such preset sentence starts; the
# stages that compare each trigger with each actor of a sentence then work on bounded sentences.
MAX_SENTENCE_TOKENS = 1_000
MAX_SENTENCE_CHARS = 5_000
STRONG_BREAKS = frozenset([".", "!", "?", ";", ":", "…"])
WEAK_BREAKS = frozenset([",", "-", "–", "—", "|"])


def sentence_breaks(doc: Doc) -> list[int]:
    """Indices of the tokens that must start a sentence."""
    title = TITLE_LINE.match(doc.text[:400])
    title_end = title.end() if title else -1
    starts = []
    for token in doc[1:]:
        if token.is_space:
            continue
        previous = doc[token.i - 1]
        paragraph = previous.is_space and previous.text.count("\n") >= 2
        after_title = previous.idx < title_end <= token.idx
        if paragraph or after_title:
            starts.append(token.i)
    return starts


def split_long_sentences(
    doc: Doc, max_tokens: int = MAX_SENTENCE_TOKENS, max_chars: int = MAX_SENTENCE_CHARS
) -> Doc:
    """Preset sentence starts so that no stretch of ``doc`` longer than ``max_tokens`` tokens or
    ``max_chars`` characters reaches the parser as one sentence; an article without such stretches
    is left as it is. The parser keeps preset starts and may add its own between them."""
    if len(doc) <= max_tokens and len(doc.text) <= max_chars:
        return doc
    start = 0  # first token of the current stretch
    strong = weak = 0  # the latest token after a sentence-like break, and after a weaker one
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.text in STRONG_BREAKS or (previous.is_space and "\n" in previous.text):
            strong = token.i
        elif previous.text in WEAK_BREAKS:
            weak = token.i
        if token.i - start + 1 > max_tokens or token.idx + len(token) - doc[start].idx > max_chars:
            cut = strong if strong > start else weak if weak > start else token.i
            if cut > start:
                doc[cut].is_sent_start = True
                start = cut
    return doc


class SentenceBreaks:
    """spaCy component: presets ``is_sent_start`` at paragraph breaks, after a title line, and in
    stretches longer than a sentence."""

    def __call__(self, doc: Doc) -> Doc:
        for index in sentence_breaks(doc):
            doc[index].is_sent_start = True
        return split_long_sentences(doc)
