"""Sentence breaks the parser keeps: a dateline or title line, and paragraph breaks."""

import itertools

import pytest

from eventcoder.pipeline.breaks import MAX_SENTENCE_CHARS, MAX_SENTENCE_TOKENS, split_long_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # Wikinews: the dateline above the first paragraph is no part of its first sentence.
        (
            "Thursday, September 12, 2019\xa0\n\nOn Tuesday, Russia accused Ukraine of shelling the plant.",
            ["Thursday, September 12, 2019", "On Tuesday, Russia accused Ukraine of shelling the plant."],
        ),
        # A headline on the first line of a plain-text article.
        (
            "Germany bans Iranian airline Mahan Air\nGermany has banned the Iranian airline Mahan Air from its "
            "airspace.",
            [
                "Germany bans Iranian airline Mahan Air",
                "Germany has banned the Iranian airline Mahan Air from its airspace.",
            ],
        ),
        # A paragraph without a full stop ends where the paragraph does.
        (
            "Protesters gathered in Hong Kong on Sunday\n\nPolice fired tear gas at them.",
            ["Protesters gathered in Hong Kong on Sunday", "Police fired tear gas at them."],
        ),
    ],
)
def test_breaks_sentences(nlp, text, sentences):
    doc = nlp(text, disable=["eventcoder_geo", "eventcoder_time", "eventcoder_quotes", "eventcoder_events"])
    assert [sentence.text.strip() for sentence in doc.sents] == sentences


def test_breaks_long_stretches_are_cut(nlp):

    # A run of text without one full stop: a list of names and places a scraper glued together.
    words = ["Russian", "troops", "attacked", "the", "village", "and", "Ukrainian", "officials", "condemned"]
    run = " ".join(words[n % len(words)] for n in range(3_500))
    listing = ", ".join([run[:400]] * 60)
    for text in (run, listing):
        doc = split_long_sentences(nlp.make_doc(text))
        starts = [0] + [token.i for token in doc if token.is_sent_start] + [len(doc)]
        stretches = [doc[a:b] for a, b in itertools.pairwise(starts) if b > a]
        assert max(len(span) for span in stretches) <= MAX_SENTENCE_TOKENS
        assert max(len(span.text) for span in stretches) <= MAX_SENTENCE_CHARS
    assert all(doc[token.i - 1].text == "," for token in doc[1:] if token.is_sent_start), "cut at commas"
    parsed = nlp(run, disable=["eventcoder_geo", "eventcoder_time", "eventcoder_quotes", "eventcoder_events"])
    assert max(len(sentence) for sentence in parsed.sents) <= MAX_SENTENCE_TOKENS
    untouched = split_long_sentences(
        nlp.make_doc("Iran has seized a British oil tanker in the Strait of Hormuz.")
    )
    assert all(token.is_sent_start is None for token in untouched[1:])
