"""The quotes stage: direct quotes and indirect speech, with who said them and which outlet reported them.

``QuoteRecognizer`` sets ``doc._.quotes`` (direct quotes as :class:`records.Quote`) and
``doc._.attributions`` (every direct quote and every clause of indirect speech as a
:class:`pipeline.doc.AttributedRange`), so that the events stage can tell what the article asserts from
what someone told it.

The work is a regex pass over the text for quotation marks (:func:`find_quote_spans`), then a walk of
the parse around each quote: the clause outside the marks up to the sentence end, its speech verb
("said", "told", "according to"), the verb's subject resolved to an actor, and any outlet named in
the clause ("told Reuters", "according to state media").

Modules, in import order: ``lexicon`` (the word lists of ``data/speech.yaml``), ``marks`` (quotation
marks, titles), ``speakers`` (speakers and outlets), ``speech`` (the speech clause around a quote),
``matching`` (candidates, matched in text order) and ``component`` (:class:`QuoteRecognizer`, which
loads the lexicon once and passes it down).
"""

from .component import QuoteRecognizer
from .lexicon import SPEECH_PATH, SpeechLexicon, load_lexicon
from .marks import QuoteSpan, find_double_quotes, find_quote_spans, find_single_quotes, is_title
from .matching import (
    FoundQuote,
    FoundSpeech,
    QuoteCandidate,
    SpeechCandidate,
    attribute,
    match,
    quote_candidates,
    resolve_quote,
    speech_candidates,
)
from .speakers import SpeakerHistory, find_outlet, resolve_speaker, speaker_span
from .speech import Speech, sentence_subject, speech_around, subject_of

__all__ = [
    "SPEECH_PATH",
    "FoundQuote",
    "FoundSpeech",
    "QuoteCandidate",
    "QuoteRecognizer",
    "QuoteSpan",
    "SpeakerHistory",
    "Speech",
    "SpeechCandidate",
    "SpeechLexicon",
    "attribute",
    "find_double_quotes",
    "find_outlet",
    "find_quote_spans",
    "find_single_quotes",
    "is_title",
    "load_lexicon",
    "match",
    "quote_candidates",
    "resolve_quote",
    "resolve_speaker",
    "sentence_subject",
    "speaker_span",
    "speech_around",
    "speech_candidates",
    "subject_of",
]
