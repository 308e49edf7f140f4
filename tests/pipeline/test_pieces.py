"""Long articles are parsed in pieces and joined back: the same text, offsets into the whole article, and
the events the whole article gives."""

import pytest

from eventcoder.api import to_document
from eventcoder.ingest import ArticleInput
from eventcoder.nlp import load
from eventcoder.pipeline import pieces

from ..analysis.corpus_db import conflict_politics_articles


@pytest.fixture(scope="module")
def long_article():
    """A news digest: eight real Wikinews conflict and politics stories, one after another."""
    stories = conflict_politics_articles()[:8]
    return ArticleInput(text="\n\n".join(story.text for story in stories), published=stories[0].published)


def test_pieces_split_text_cuts_at_paragraphs_and_joins_back(long_article):
    text = long_article.text
    split = pieces.split_text(text, 3_000)
    assert "".join(split) == text and len(split) > 3
    assert all(len(piece) <= 3_000 for piece in split)
    assert all(piece.endswith("\n") for piece in split[:-1])  # paragraph breaks: this article has many
    unbroken = "word " * 2_000
    assert "".join(pieces.split_text(unbroken, 1_000)) == unbroken
    assert pieces.split_text("short", 1_000) == ["short"]


@pytest.mark.slow
def test_pieces_pipe_codes_a_long_article_as_the_whole_parse_does(long_article):
    nlp = load()

    def coded(piece_chars):
        doc = nlp.make_doc(long_article.text)
        doc._.published = long_article.published
        return to_document(long_article, next(pieces.pipe(nlp, [doc], piece_chars)), "test")

    whole, split = coded(10**6), coded(3_000)
    assert split.article.text == long_article.text
    assert len(split.events) >= 5
    for event in split.events:
        assert long_article.text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert long_article.text[event.sentence.start : event.sentence.end] == event.sentence.text
    assert [(e.event_type, e.trigger.start, e.date) for e in split.events] == [
        (e.event_type, e.trigger.start, e.date) for e in whole.events
    ]


def test_pieces_pipe_drops_the_token_vectors(long_article):
    """No stage reads the model's token vectors: the pieces of a long article do not keep them until they
    are joined (384 bytes a token), nor does a short article."""
    nlp = load()
    short = long_article.text[:400]
    docs = list(pieces.pipe(nlp, [nlp.make_doc(long_article.text), nlp.make_doc(short)], 3_000))
    assert [doc.text for doc in docs] == [long_article.text, short]
    assert [doc.tensor.size for doc in docs] == [0, 0]
    assert all(doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB") for doc in docs)
