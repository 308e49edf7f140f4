"""The quotes tests need only the parser, the actor stage and the quote stage."""

import pytest

from eventcoder.evaluation.quotes import quotes_only_pipeline


@pytest.fixture(scope="session")
def quotes_nlp():
    """The real model with the actor and quote stages (the full pipeline gives the same quotes, slower)."""
    return quotes_only_pipeline()
