"""Refusing text that is clearly not English: eventcoder codes English news only.

Short texts and tables of figures are not judged; prose full of English function words passes without
the language identifier, which is loaded only for the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import errors

# Fewer letters than this and a language guess is noise (a one-line English headline can come out as
# Esperanto): such texts are taken as English.
MIN_LETTERS_FOR_LANGUAGE = 120
# Refused only when English is this unlikely, so that English with many foreign names still passes.
MAX_ENGLISH_CONFIDENCE_TO_REFUSE = 0.1
# Words frequent in English and rare in other languages. Prose in which they make up this share of
# the words is English without asking the language identifier (~3 ms an article): about a quarter of
# the words in English news, at most 6 % in spaCy's sample sentences of 60 other languages.
ENGLISH_MARKERS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "that",
        "with",
        "said",
        "were",
        "which",
        "this",
        "they",
        "their",
        "would",
        "have",
        "been",
        "from",
        "for",
        "his",
        "its",
        "who",
        "are",
        "had",
        "has",
        "was",
        "be",
        "by",
        "at",
        "it",
        "is",
    ]
)
MIN_ENGLISH_MARKER_SHARE = 0.15
WORD = re.compile(r"[^\W\d_]+")
# A text with this many digits per letter is a table of figures ("Shr 34 cts vs 1.19 dlrs Net 807,000"),
# whose abbreviations no language identifier reads as English: it is not judged.
MIN_DIGITS_PER_LETTER_OF_TABLES = 0.15


def _plainly_english(sample: str) -> bool:
    """English prose, by its share of English function words; the rest (tables, lists of names, other
    languages) goes to the language identifier."""
    words = WORD.findall(sample.lower())
    return sum(word in ENGLISH_MARKERS for word in words) >= MIN_ENGLISH_MARKER_SHARE * len(words)


@lru_cache(maxsize=1)
def language_identifier():
    """langid.py's model (97 languages, 9 MiB), with probabilities that sum to one.

    Reading it takes 20 MiB more for a moment (``benchmarks/memory_parts.py``). A long-running coder loads it before its first batch
    (``corpus._warm_up``): an article that is not plainly English needs it (1 in 287 Wikinews articles),
    and loaded in the middle of a batch that moment adds to the batch's peak."""
    # Imported here, not at the top: a short run loads the model only for text not plainly English.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def language_name(code: str) -> str:
    """'nl' -> 'Dutch', 'el' -> 'Modern Greek'."""
    # Imported here, not at the top: its tables are loaded only to name a language refused.
    import pycountry

    language = pycountry.languages.get(alpha_2=code)
    return language.name.split(" (")[0] if language else code


def check_language(text: str, where: str) -> None:
    """Raise :class:`errors.NotEnglish` when ``text`` is clearly in another language."""
    sample = text[:1000]
    letters = sum(char.isalpha() for char in sample)
    digits = sum(char.isdigit() for char in sample)
    if (
        letters < MIN_LETTERS_FOR_LANGUAGE
        or digits >= MIN_DIGITS_PER_LETTER_OF_TABLES * letters
        or _plainly_english(sample)
    ):
        return
    ranked = language_identifier().rank(sample)
    if dict(ranked).get("en", 0.0) <= MAX_ENGLISH_CONFIDENCE_TO_REFUSE:
        raise errors.NotEnglish(where, f"text is in {language_name(ranked[0][0])}, not English")
