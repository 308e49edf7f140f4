"""Random articles, dates and errors between good articles: ``code_articles`` never raises and gives
every good article exactly once, in order."""

import datetime as dt
import os

from hypothesis import given, settings
from hypothesis import strategies as st

import eventcoder
from eventcoder import errors
from eventcoder.ingest import ArticleInput
from eventcoder.records import ArticleDocument

# A longer fuzz run: EVENTCODER_FUZZ_EXAMPLES=3000 python -m pytest tests/api/test_api_fuzz.py
EXAMPLES = int(os.environ.get("EVENTCODER_FUZZ_EXAMPLES", "40"))

# Wikinews (CC BY 2.5).
GOOD = "Germany banned Iranian airline Mahan Air from its airspace on Monday, citing security concerns."
RELATIVE = ["yesterday", "next Monday", "last week", "next month", "next year", "20 years ago", "on March 3"]

bad_article = st.builds(
    lambda text, phrase, published: ArticleInput(
        text=f"Putin and Erdogan met {phrase} in Sochi. {text}", published=published, where="bad"
    ),
    st.text(max_size=300),
    st.sampled_from(RELATIVE),
    st.one_of(st.none(), st.dates(), st.sampled_from([dt.date.min, dt.date.max])),
)
passed_error = st.builds(lambda: errors.MalformedRecord("bad.jsonl:2", "not valid JSON"))


@settings(max_examples=EXAMPLES, deadline=None)
@given(middle=st.lists(st.one_of(bad_article, passed_error), max_size=4), batch_size=st.integers(1, 4))
def test_api_fuzz_code_articles_codes_every_good_article_once_in_order(middle, batch_size):
    items = [ArticleInput(text=GOOD, id="first"), *middle, ArticleInput(text=GOOD, id="last")]
    results = list(eventcoder.code_articles(items, batch_size=batch_size))
    assert len(results) == len(items)
    assert all(isinstance(r, (ArticleDocument, errors.InputError)) for r in results)
    assert results[0].article.id == "first" and results[-1].article.id == "last"
    for item, result in zip(items, results, strict=True):
        if isinstance(item, errors.InputError):
            assert result is item
