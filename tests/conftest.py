"""Shared fixtures: the real model, loaded once per test session."""

from pathlib import Path

import pytest

import eventcoder
from eventcoder.nlp import load

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    return load()


@pytest.fixture(scope="session")
def code():
    """``code(text, published)`` -> ArticleDocument, with the default model."""
    return eventcoder.code_text
