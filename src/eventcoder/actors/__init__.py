"""The actors stage: find every actor mention and resolve it to country, sector and organisation.

One pass of an Aho-Corasick automaton over the lower-cased text finds every known phrase: actors of
the knowledge base (``data/actors/*.yaml``, ``*.tsv``), country names, adjectives, demonyms and
capitals, and role nouns ("officials", "navy", "militia"). The phrases are then grouped by the noun
phrase they belong to (their syntactic head), and each group becomes zero, one or several mentions:

- a person head takes its codes from the knowledge base as of the publication date, or from its
  title and nationality ("French Foreign Minister Jean-Yves Le Drian", "Kremlin spokesman ...");
- a role-noun head takes its sector from the role nouns and its country from each nationality
  ("Russian, Turkish, German and French officials" -> four mentions);
- a country name or capital is an actor unless it is used as a place (:func:`pipeline.syntax.is_locative`).

spaCy's entities add the people and organisations the knowledge base does not know; places the
country tables lack ("Darfur", "Ohio") are looked up in the gazetteer and lend their country to the
groups and offices they name. Groups still without a country take it from where they are ("rebels in
Darfur"), from an apposition ("the governor of Ohio, Mike DeWine") or from the one state whose organs
act in the sentence. A small in-document coreference step lets a later surname, "the official" or
"he" inherit the codes of a clear antecedent.

Each official also gets an office (PLOVER's "office or official position"): the title written before
the name ("President Putin" -> "President"), the role noun of "the president of Armenia", or the
title of the knowledge base's role in force; states, organisations and groups have none.

The package runs one way, each module with one job: ``tables`` (the data files, read once into
:class:`Tables`, kept compiled in :mod:`eventcoder.tablecache`) <- ``matching`` (pieces of the text)
<- ``offices`` (titles as offices) <- ``resolution`` (codes of a noun phrase) <- ``inherit`` and
``coreference`` (codes from the context) <- ``component`` (:class:`ActorRecognizer`).
"""

from .component import ActorRecognizer, find_mentions, to_actor_mention
from .resolution import Codes, Found
from .tables import (
    Agent,
    Country,
    Entry,
    Phrase,
    Role,
    Tables,
    country_by_surname,
    load_tables,
    read_actor_yaml,
)

__all__ = [
    "ActorRecognizer",
    "Agent",
    "Codes",
    "Country",
    "Entry",
    "Found",
    "Phrase",
    "Role",
    "Tables",
    "country_by_surname",
    "find_mentions",
    "load_tables",
    "read_actor_yaml",
    "to_actor_mention",
]
