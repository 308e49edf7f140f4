"""Run the pipeline on a long article in pieces, so that memory does not grow with the article.

spaCy's memory grows with the text it parses at once (the parser's and tagger's activations for the
whole Doc). The model's own pipes therefore run on pieces of at most :data:`PIECE_CHARS` characters,
cut at paragraph breaks (else sentence ends, else spaces), which are then joined back into one Doc
with :meth:`spacy.tokens.Doc.from_docs`: every offset stays relative to the whole article. The
eventcoder stages, which read across sentences (coreference, the article's dominant country), then run
once on the whole Doc.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import numpy
from spacy.language import Language
from spacy.tokens import Doc

# The most text parsed at once (one piece, or a batch of short articles). Measured on a 56,000-character
# Wikinews article: peak RSS 571 MiB parsed whole, 424 MiB in pieces of 20,000, 370 MiB in pieces of
# 5,000 (a short sentence alone: 339 MiB), in the same time and with the same events. Pieces end at
# paragraph breaks, where the parser starts a new sentence anyway.
PIECE_CHARS = 5_000
# Where a piece may end, best first: after a paragraph break, after a sentence end, after a space.
PIECE_ENDS = (re.compile(r"\n\s*\n\s*"), re.compile(r"[.!?][\"'”’)]*\s+"), re.compile(r"\s+"))
# The model's pipes run piece by piece; so does eventcoder's sentence breaker, which sits among them.
PIECEWISE_STAGES = ("eventcoder_breaks",)

T = TypeVar("T")
EMPTY_TENSOR = numpy.zeros((0,), dtype="float32")  # spaCy's own value for a Doc without one


def split_text(text: str, size: int = PIECE_CHARS) -> list[str]:
    """Contiguous slices of ``text``, each at most ``size`` characters where a break allows it; they
    join back into ``text``."""
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        end = 0
        for pattern in PIECE_ENDS:
            ends = [match.end() for match in pattern.finditer(window) if match.end() > size // 2]
            if ends:
                end = ends[-1]
                break
        end = end or size  # no break at all in the window: cut at the limit
        pieces.append(text[start : start + end])
        start += end
    pieces.append(text[start:])
    return pieces


def _batches(items: Iterable[T], size_of: Callable[[T], int], max_chars: int) -> Iterator[list[T]]:
    """Consecutive runs of ``items`` of at most ``max_chars`` characters in all (an item alone may be
    longer)."""
    batch: list[T] = []
    size = 0
    for item in items:
        if batch and size + size_of(item) > max_chars:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += size_of(item)
    if batch:
        yield batch


def is_piecewise(name: str) -> bool:
    return not name.startswith("eventcoder_") or name in PIECEWISE_STAGES


def pipe(nlp: Language, docs: Iterable[Doc], piece_chars: int = PIECE_CHARS) -> Iterator[Doc]:
    """``nlp.pipe(docs)``, with the model's pipes run on pieces of each Doc; extension values set on a
    Doc before (``doc._.published``) are kept. Docs are parsed and finished a group of at most
    ``piece_chars`` characters at a time (a long one alone), so that memory does not grow with the
    number of docs either."""
    stages = [component for name, component in nlp.pipeline if not is_piecewise(name)]
    for group in _batches(docs, lambda doc: len(doc.text), piece_chars):
        for doc in _parsed(nlp, group, piece_chars):
            for component in stages:
                doc = component(doc)
            yield doc


def _parsed(nlp: Language, docs: list[Doc], piece_chars: int) -> list[Doc]:
    """``docs`` through the model's pipes, in pieces of at most ``piece_chars`` characters joined back."""
    pieces: list[Doc] = []
    counts = []
    for doc in docs:
        texts = split_text(doc.text, piece_chars) if len(doc.text) > piece_chars else [doc.text]
        pieces.extend(doc if len(texts) == 1 else nlp.make_doc(text) for text in texts)
        counts.append(len(texts))
    with nlp.select_pipes(enable=[name for name in nlp.pipe_names if is_piecewise(name)]):
        # A batch is parsed at once: batches of at most ``piece_chars`` characters in all.
        parsed = iter(
            [
                _without_tensor(doc)
                for batch in _batches(pieces, lambda piece: len(piece.text), piece_chars)
                for doc in nlp.pipe(batch, batch_size=len(batch))
            ]
        )
    whole = []
    for doc, count in zip(docs, counts):
        if count == 1:
            whole.append(next(parsed))
            continue
        joined = Doc.from_docs(
            [next(parsed) for _ in range(count)], ensure_whitespace=False, exclude=["tensor"]
        )
        for key, value in doc.user_data.items():  # Doc-level extension values, e.g. the publication date
            joined.user_data.setdefault(key, value)
        whole.append(joined)
    return whole


def _without_tensor(doc: Doc) -> Doc:
    """The Doc without the model's token vectors, which no stage reads after the model's own pipes: 384
    bytes a token, 10 MB for the pieces of a 100,000-character article, all kept until joined."""
    doc.tensor = EMPTY_TENSOR
    return doc
