"""The quotes stage as a spaCy component: :class:`QuoteRecognizer`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..pipeline.doc import AttributedRange
from ..pipeline.syntax import doc_text
from ..records import Attribution, Quote
from .lexicon import SpeechLexicon, load_lexicon
from .matching import FoundQuote, FoundSpeech, match


class QuoteRecognizer:
    """spaCy component: sets ``doc._.quotes`` and ``doc._.attributions``."""

    def __init__(self, nlp: Language):
        self.lexicon: SpeechLexicon = load_lexicon()  # read once, passed down to every step

    def __call__(self, doc: Doc) -> Doc:
        full_text = doc_text(doc)
        found_quotes, found_speech = match(doc, list(doc._.actor_mentions or []), full_text, self.lexicon)
        self.set_annotations(doc, full_text, found_quotes, found_speech)
        return doc

    @staticmethod
    def set_annotations(
        doc: Doc, full_text: str, found_quotes: list[FoundQuote], found_speech: list[FoundSpeech]
    ) -> None:
        quotes = []
        ranges = []
        for number, item in enumerate(found_quotes, start=1):
            quote = item.quote
            attribution = Attribution(speaker=item.speaker, outlet=item.outlet)
            quotes.append(
                Quote(
                    id=f"q{number}",
                    text=full_text[quote.start : quote.end],
                    start=quote.start,
                    end=quote.end,
                    speaker=item.speaker,
                    verb=item.verb,
                    outlet=item.outlet,
                )
            )
            ranges.append(AttributedRange(quote.start, quote.end, attribution))
        for speech in found_speech:
            attribution = Attribution(speaker=speech.speaker, outlet=speech.outlet)
            ranges.append(AttributedRange(speech.start, speech.end, attribution))
        doc._.quotes = quotes
        doc._.attributions = sorted(ranges, key=lambda item: (item.start, item.end))
