"""The quotes tests need only the parser, the actor stage and the quote stage."""

import functools

import pytest

QUOTES_ONLY = ("eventcoder_geo", "eventcoder_time", "eventcoder_events")


@pytest.fixture(scope="session")
def quotes_nlp(nlp):
    """The real pipeline without the stages quotes do not read (the full pipeline gives the same
    quotes, slower)."""
    return functools.partial(nlp, disable=QUOTES_ONLY)
