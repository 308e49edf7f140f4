"""The EVENTS stage: PLOVER events with their CAMEO codes, roles and modality (see :mod:`.component`).

- :mod:`.lexicon`: the event lexicon, the discards and the codebook tables the coder reads;
- :mod:`.triggers`: which words are events, and what each one means;
- :mod:`.roles`: who does an event to whom;
- :mod:`.modality`: whether it happened;
- :mod:`.context`: its date and place, from what the time and geo stages put on the Doc;
- :mod:`.component`: :class:`EventCoder`, the spaCy component that puts them together.
"""

from .component import EventCoder
from .context import date_for, location_for
from .lexicon import CodeTables, Coding, Lexicon, load_discards, load_lexicon, resolve
from .triggers import Candidate, Coder, find_triggers

__all__ = [
    "Candidate",
    "CodeTables",
    "Coder",
    "Coding",
    "EventCoder",
    "Lexicon",
    "date_for",
    "find_triggers",
    "load_discards",
    "load_lexicon",
    "location_for",
    "resolve",
]
