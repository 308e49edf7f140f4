"""The speech lexicon of the quotes stage: the word lists of ``data/speech.yaml``.

:class:`QuoteRecognizer` loads it once and passes it down to every function that needs it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

SPEECH_PATH = Path(__file__).parent.with_name("data") / "speech.yaml"


@dataclass(frozen=True)
class SpeechLexicon:
    speech_verbs: frozenset[str]
    hearer_verbs: frozenset[str]
    inverted_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    direct_only_verbs: frozenset[str]
    title_cues: frozenset[str]
    name_cues: frozenset[str]
    max_name_words: int
    min_quote_words: int
    pronoun_speakers: frozenset[str]
    person_pronouns: frozenset[str]
    role_speakers: frozenset[str]
    anonymous_heads: dict[str, str | None]
    sector_modifiers: dict[str, str]
    outlet_pattern: re.Pattern
    outlet_head_pattern: re.Pattern
    outlet_head_words: frozenset[str]


def _alternation(words: list[str]) -> str:
    """A regex alternative of words, longest first, any whitespace between the words of a phrase."""
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def load_lexicon(path: Path = SPEECH_PATH) -> SpeechLexicon:
    """The word lists of ``data/speech.yaml``, read once per process."""
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    outlets = sorted(set(table["outlets"]), key=len, reverse=True)  # longest name wins
    # Lower-case entries ("state media") match any case; names match as written.
    alternatives = [
        f"(?i:{re.escape(name)})" if name.islower() or name[0].islower() else re.escape(name)
        for name in outlets
    ]
    outlet_pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
    alternation = _alternation
    name = r"[A-Z][\w'’.&-]*(?:\s+(?:of\s+|de\s+|el\s+)?[A-Z][\w'’.&-]*)*"
    outlet_head_pattern = re.compile(
        rf"(?<![\w-])(?:(?:[Tt]he\s+)?(?P<before>{name})\s+(?:{alternation(table['outlet_heads'])})"
        rf"(?![\w-]|\s+[A-Z])"
        rf"|(?:{alternation(table['outlet_heads_before'])})\s+(?P<after>{name})"
        rf"|(?P<whole>(?:The\s+)?{name}\s+(?:{alternation(table['outlet_name_ends'])}))(?![\w-]|\s+[A-Z]))"
    )
    return SpeechLexicon(
        speech_verbs=frozenset(table["speech_verbs"]),
        hearer_verbs=frozenset(table["hearer_verbs"]),
        inverted_verbs=frozenset(table["inverted_verbs"]),
        speech_nouns=frozenset(table["speech_nouns"]),
        direct_only_verbs=frozenset(table["direct_only_verbs"]),
        title_cues=frozenset(table["title_cues"]),
        name_cues=frozenset(table["name_cues"]),
        max_name_words=int(table["max_name_words"]),
        min_quote_words=int(table["min_quote_words"]),
        pronoun_speakers=frozenset(table["pronoun_speakers"]),
        person_pronouns=frozenset(table["person_pronouns"]),
        role_speakers=frozenset(table["role_speakers"]),
        anonymous_heads=dict(table["anonymous_heads"]),
        sector_modifiers=dict(table["sector_modifiers"]),
        outlet_pattern=outlet_pattern,
        outlet_head_pattern=outlet_head_pattern,
        outlet_head_words=frozenset(head.lower() for head in table["outlet_heads"]),
    )
