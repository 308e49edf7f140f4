"""Placeholder, replaced by the real stage (being written now)."""
from spacy.language import Language
from spacy.tokens import Doc


class QuoteRecognizer:
    def __init__(self, nlp: Language):
        pass

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = []
        doc._.attributions = []
        return doc
