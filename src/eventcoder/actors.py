"""The actors stage: find every actor mention and resolve it to country, sector and organisation.

One pass of an Aho-Corasick automaton over the lower-cased text finds every known phrase: actors of
the knowledge base (``data/actors/*.yaml``, ``*.tsv``), country names, adjectives, demonyms and
capitals, and role nouns ("officials", "navy", "militia"). The phrases are then grouped by the noun
phrase they belong to (their syntactic head), and each group becomes zero, one or several mentions:

- a person head takes its codes from the knowledge base as of the publication date, or from its
  title and nationality ("French Foreign Minister Jean-Yves Le Drian", "Kremlin spokesman ...");
- a role-noun head takes its sector from the role nouns and its country from each nationality
  ("Russian, Turkish, German and French officials" -> four mentions);
- a country name or capital is an actor unless it is used as a place (:func:`nlp.is_locative`).

spaCy's entities add the people and organisations the knowledge base does not know; places the
country tables lack ("Darfur", "Ohio") are looked up in the gazetteer and lend their country to the
groups and offices they name. Groups still without a country take it from where they are ("rebels in
Darfur"), from an apposition ("the governor of Ohio, Mike DeWine") or from the one state whose organs
act in the sentence. A small in-document coreference step lets a later surname, "the official" or
"he" inherit the codes of a clear antecedent.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import ahocorasick
import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .errors import DataFileError
from .geo import load_gazetteer
from .nlp import ActorMention, doc_text, is_locative
from .records import Actor

DATA_DIR = Path(__file__).with_name("data") / "actors"
ACTORS_YAML = DATA_DIR / "actors.yaml"
COUNTRIES_TSV = DATA_DIR / "countries.tsv"
PHOENIX_TSVS = (DATA_DIR / "phoenix_people.tsv", DATA_DIR / "phoenix_groups.tsv")
AGENT_TSVS = (DATA_DIR / "agents.tsv", DATA_DIR / "agents_extra.tsv")
ACT_NOUNS_TXT = DATA_DIR / "act_nouns.txt"

# The Phoenix dictionaries date from January 2014: after that their open-ended offices are unknown.
PHOENIX_KNOWN_UNTIL = dt.date(2014, 1, 30)
KINDS = frozenset({"state", "person", "organization", "group", "media"})
ENTRY_FIELDS = frozenset({"name", "kind", "phrases", "country", "sector", "org", "roles", "surname", "note"})
ROLE_FIELDS = frozenset({"country", "sector", "org", "title", "start", "end"})
# When several offices are in force at once, the first sector here wins.
SECTOR_PRIORITY = ("GOV", "MIL", "REB", "LEG", "JUD", "SPY", "COP", "IGO", "OPP")
# Dependency labels that attach a modifier to the noun phrase head on its right.
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod", "appos", "det", "case"})
# "Pentagon-sponsored militia", "US-backed rebels": the sponsor lends its country, not its own mention.
SPONSOR_WORDS = frozenset({"backed", "sponsored", "supported", "led", "funded", "armed", "trained", "allied"})
PRONOUNS = frozenset({"he", "she"})
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "de", "da", "del", "van", "von", "der", "la", "le"})
# Not part of a group's description: "more advisers", "several militias", "two soldiers".
# "X of the ... militia" takes the body's codes; "Mike Lee of Utah" says where he is from, not whom he serves.
SERVED_KINDS = frozenset({"group", "organization", "media"})
# "parties in Nepal", "students throughout Indonesia": where a group is, not where it went ("to", "from").
GROUP_PLACE_PREPOSITIONS = frozenset({"in", "throughout", "across", "inside", "from"})
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "ELI"})
TRAVELLING_SECTORS = frozenset({"MIL", "SPY", "UAF", "IGO", "NGO"})  # no country from the sentence
GROUP_SECTORS = frozenset({"REB", "UAF", "OPP", "CVL", "REF", "CRM", "AGR", "LAB", "EDU", "REL", "PTY"})
QUANTITY_TAGS = frozenset({"JJR", "JJS", "CD"})
QUANTIFIERS = frozenset({"many", "several", "other", "some", "few", "various", "numerous", "certain"})
FORMER_WORDS = frozenset({"former", "ousted", "ex", "deposed", "exiled", "late", "then"})
FORMER_SECTOR = "ELI"
AGENT_KEY = "eventcoder.actors.agents"  # doc.user_data: token index -> role noun, for this Doc only
PLACE_KEY = "eventcoder.actors.places"  # doc.user_data: token index -> country of a place name there
NER_PERSON, NER_ORG = "PERSON", "ORG"
HEAD_WALK_LIMIT = 8
COUNTRY_KINDS = frozenset({"name", "adjective", "demonym", "metonym"})
LENDER_KINDS = COUNTRY_KINDS | {"place"}  # a place lends its country to the groups it names
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_DOMINANCE = 10  # a place name is of one country when its most populous bearer is 10x the next
CONJOINED_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "conj"})
COREF_SENTENCE_WINDOW = 2
ACRONYM_MAX = 6
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "SGP", "KHM"})
FUZZY_SURNAME_MIN, FUZZY_SURNAME_RATIO = 6, 0.9  # "Mitterand" ~ "Mitterrand" (0.95), not "Hassan" ~ "Hassani"


# ------------------------------------------------------------------------------------------ tables


@dataclass(frozen=True, slots=True)  # tens of thousands per process
class Role:
    country: str | None
    sector: str | None
    org: str | None
    title: str | None
    start: dt.date | None
    end: dt.date | None

    def in_force(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(frozen=True, slots=True)  # tens of thousands per process
class Entry:
    """One actor of the knowledge base."""

    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    roles: tuple[Role, ...] = ()
    surname: bool = False
    known_until: dt.date | None = None
    source: str = "kb"
    titled: tuple[str, ...] = ()  # "President Bush": how the source writes the person with a title


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str


@dataclass(frozen=True)
class Agent:
    sector: str
    weak: bool


@dataclass(frozen=True, slots=True)  # tens of thousands per process
class Phrase:
    """What a phrase of the automaton stands for: an entry, a country form or a role noun."""

    kind: str  # "entry", "name", "adjective", "demonym", "metonym", "agent"
    text: str  # as written in the table, for the case check
    entry: Entry | None = None
    country: Country | None = None
    agent: Agent | None = None


@dataclass
class Tables:
    automaton: ahocorasick.Automaton
    entries_by_name: dict[str, Entry]
    # (first name, surname) -> the one person with that pair: "Omar Hassan al-Bashir" finds
    # "Omar Hassan Ahmad al Bashir" although the middle names differ.
    people_by_first_last: dict[tuple[str, str], Entry] = field(default_factory=dict)
    # surname -> the people of the tables with that surname: "President Reagan", "President Bush".
    people_by_surname: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)  # alpha-3 -> country
    surnames_by_first: dict[str, list[str]] = field(default_factory=dict)  # keys of people_by_first_last
    country_by_titled: dict[str, str] = field(default_factory=dict)  # "president bush" -> USA

    def __post_init__(self):
        for first, last in self.people_by_first_last:
            self.surnames_by_first.setdefault(first, []).append(last)


def first_last(words: list[str]) -> tuple[str, str] | None:
    """The (first, last) key of a written name, ignoring particles and hyphens."""
    words = [w for w in (_lowered(word.strip(".,")) for word in words) if w and w != "-" and w.isalpha()]
    words = [w for w in words if w not in NAME_PARTICLES]
    return (words[0], words[-1]) if len(words) >= 2 else None


def index_surnames(by_phrase: dict[str, Phrase]) -> dict[str, tuple[Entry, ...]]:
    people: dict[str, dict[str, Entry]] = {}
    for phrase in by_phrase.values():
        if phrase.entry is None or phrase.entry.kind != "person":
            continue
        key = first_last(phrase.text.replace("-", " ").split())
        if key is not None:
            # "President Kim", "Premier Li": Chinese and Korean names put the family name first
            surname = key[0] if phrase.entry.country in FAMILY_NAME_FIRST else key[1]
            people.setdefault(surname, {})[phrase.entry.name] = phrase.entry
    return {surname: tuple(entries.values()) for surname, entries in people.items()}


def country_by_surname(people: tuple[Entry, ...], date: dt.date | None) -> str | None:
    """The country of a title with a bare surname: the one country of the people with that surname
    who held an office at ``date``, else the one country of them all."""
    if date is not None:
        in_office = {role.country for entry in people for role in entry.roles
                     if role.sector in STATE_SECTORS - {FORMER_SECTOR} and role.in_force(date)}  # fmt: skip
        if len(in_office) == 1 and None not in in_office:
            return next(iter(in_office))
    countries = {entry.country for entry in people}
    return next(iter(countries)) if len(countries) == 1 and None not in countries else None


def index_first_last(by_phrase: dict[str, Phrase]) -> dict[tuple[str, str], Entry]:
    owners: dict[tuple[str, str], set[str | None]] = {}
    entries: dict[tuple[str, str], Entry] = {}
    for phrase in by_phrase.values():
        if phrase.entry is None or phrase.entry.kind != "person":
            continue
        key = first_last(phrase.text.replace("-", " ").split())
        if key is not None:
            # Phoenix lists some people twice under two spellings: same country, same person.
            owners.setdefault(key, set()).add(phrase.entry.country)
            if key not in entries or len(phrase.entry.roles) > len(entries[key].roles):
                entries[key] = phrase.entry
    return {key: entries[key] for key, countries in owners.items() if len(countries) == 1}


def _date(value: object, path: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise DataFileError(path, f"invalid date {value!r}: expected YYYY-MM-DD") from error


def _entry_from_mapping(item: object, path: str, number: int) -> Entry:
    where = f"entry {number}"
    if not isinstance(item, dict):
        raise DataFileError(path, f"{where}: expected a mapping with name, kind and phrases")
    unknown = set(item) - ENTRY_FIELDS
    if unknown:
        raise DataFileError(path, f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    name, kind, phrases = item.get("name"), item.get("kind"), item.get("phrases")
    if not isinstance(name, str) or not name.strip():
        raise DataFileError(path, f"{where}: 'name' must be a non-empty string")
    if kind not in KINDS:
        raise DataFileError(path, f"{where} ({name}): 'kind' must be one of {', '.join(sorted(KINDS))}")
    if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise DataFileError(path, f"{where} ({name}): 'phrases' must be a non-empty list of strings")
    roles = []
    for role in item.get("roles") or []:
        if not isinstance(role, dict) or set(role) - ROLE_FIELDS:
            raise DataFileError(path, f"{where} ({name}): each role is a mapping of {', '.join(sorted(ROLE_FIELDS))}")
        roles.append(
            Role(role.get("country"), role.get("sector"), role.get("org"), role.get("title"),
                 _date(role.get("start"), path), _date(role.get("end"), path))
        )  # fmt: skip
    return Entry(
        name=name.strip(), kind=kind, country=item.get("country"), sector=item.get("sector"),
        org=item.get("org"), roles=tuple(roles), surname=bool(item.get("surname", False)), source="kb",
    )  # fmt: skip


def read_actor_yaml(path: Path | str) -> list[tuple[Entry, list[str]]]:
    """Entries and their phrases from a YAML file in the shipped format."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise DataFileError(str(path), "file not found") from error
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(str(path), f"cannot read: {error}") from error
    try:
        items = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise DataFileError(str(path), f"not valid YAML: {error}") from error
    except ValueError as error:  # the YAML loader builds dates itself: "2019-13-01"
        raise DataFileError(str(path), f"invalid date: {error}") from error
    if not isinstance(items, list):
        raise DataFileError(str(path), "expected a YAML list of actor entries")
    return [(_entry_from_mapping(item, str(path), n), [p.strip() for p in item["phrases"]])
            for n, item in enumerate(items, start=1)]  # fmt: skip


def _data_lines(path: Path) -> Iterator[list[str]]:
    """Tab-separated rows of a shipped table, without comments and the header row."""
    lines = (line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    next(lines, None)
    for line in lines:
        yield line.split("\t")


def read_phoenix_tsv(path: Path) -> Iterator[tuple[Entry, list[str]]]:
    for name, kind, phrases, roles_text, org, titled in _data_lines(path):
        roles, default = [], (None, None, None)
        for role_text in roles_text.split(";"):
            country, sector, start, end = role_text.split("/")
            if not start and not end:
                default = (country or None, sector or None, None)
                continue
            end_date = _date(end, str(path)) or PHOENIX_KNOWN_UNTIL
            roles.append(Role(country or None, sector or None, None, None, _date(start, str(path)), end_date))
        if default == (None, None, None) and roles:
            default = (roles[-1].country, None, None)
        # Offices change after the source's date; institutions ("Afghan National Army") do not.
        known_until = PHOENIX_KNOWN_UNTIL if kind == "person" else None
        entry = Entry(name=name, kind=kind, country=default[0], sector=default[1], org=org or None, roles=tuple(roles),
                      known_until=known_until, source="phoenix", titled=tuple(filter(None, titled.split("|"))))  # fmt: skip
        # "The White House": the article is not part of the name (and "White House" is a metonym here).
        yield entry, [phrase[4:] if phrase.startswith("The ") else phrase for phrase in phrases.split("|")]


def read_countries(path: Path) -> Iterator[tuple[Phrase, str]]:
    for iso3, names, adjectives, demonyms, metonyms in _data_lines(path):
        country = Country(iso3, names.split("|")[0])
        for column, kind in ((names, "name"), (adjectives, "adjective"), (demonyms, "demonym"), (metonyms, "metonym")):
            for text in filter(None, column.split("|")):
                yield Phrase(kind=kind, text=text, country=country), text


def plural_forms(noun: str) -> list[str]:
    """The regular plural of a role noun's last word (PLOVER lists singulars only)."""
    head, _, last = noun.rpartition(" ")
    prefix = f"{head} " if head else ""
    if last.endswith(("s", "x", "ch", "sh")):
        forms = [last + "es"]
    elif last.endswith("man"):
        forms = [last[:-3] + "men"]
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        forms = [last[:-1] + "ies"]
    else:
        forms = [last + "s"]
    return [noun] + [prefix + form for form in forms]


def read_agents(paths: Iterable[Path]) -> dict[str, Agent]:
    """Role nouns; later files override earlier ones, and a listed form beats a generated plural."""
    listed: dict[str, Agent] = {}
    plurals: dict[str, Agent] = {}
    for path in paths:
        for row in _data_lines(path):
            phrase, sector, extra = row[0].lower(), row[1], row[2]
            agent = Agent(sector=sector, weak=extra == "weak")
            listed[phrase] = agent
            for form in plural_forms(phrase)[1:]:
                plurals[form] = agent
    return {**plurals, **listed}


def _merge_entries(sources: Iterable[Iterable[tuple[Entry, list[str]]]]) -> tuple[dict[str, Entry], dict[str, Phrase]]:
    """Later sources override earlier ones, by name and by phrase."""
    by_name: dict[str, Entry] = {}
    phrases: dict[str, list[tuple[str, str]]] = {}
    for source in sources:
        for entry, texts in source:
            by_name[entry.name] = entry
            for text in texts:
                phrases.setdefault(_lowered(text), []).append((entry.name, text))
    by_phrase = {}
    for key, owners in phrases.items():
        name, text = owners[-1]
        if by_name.get(name) is not None:
            by_phrase[key] = Phrase(kind="entry", text=text, entry=by_name[name])
    return by_name, by_phrase


def close_person(tables: Tables, key: tuple[str, str]) -> Entry | None:
    """The one official of the tables with this first name and a surname spelled nearly the same:
    "President Francois Mitterand" is François Mitterrand."""
    first, last = key
    if len(last) < FUZZY_SURNAME_MIN:
        return None
    close = difflib.get_close_matches(last, tables.surnames_by_first.get(first, ()), n=2, cutoff=FUZZY_SURNAME_RATIO)
    if len(close) != 1:
        return None
    entry = tables.people_by_first_last[(first, close[0])]
    return entry if any(role.sector in STATE_SECTORS for role in entry.roles) else None


@functools.lru_cache(maxsize=8)
def load_tables(extra_path: str | None = None) -> Tables:
    """All actor tables as one automaton, built once per process and user file."""
    sources = [read_phoenix_tsv(path) for path in PHOENIX_TSVS] + [read_actor_yaml(ACTORS_YAML)]
    if extra_path:
        sources.append(read_actor_yaml(extra_path))
    entries_by_name, by_phrase = _merge_entries(sources)
    automaton = ahocorasick.Automaton()
    # Role nouns first, then countries, then actors: a phrase in several tables keeps the last one.
    values: dict[str, list[Phrase]] = {}
    for noun, agent in read_agents(AGENT_TSVS).items():
        values.setdefault(noun, []).append(Phrase(kind="agent", text=noun, agent=agent))
    countries = {}
    for phrase, text in read_countries(COUNTRIES_TSV):
        values.setdefault(_lowered(text), []).append(phrase)
        countries[phrase.country.iso3] = phrase.country
    for key, phrase in by_phrase.items():
        values.setdefault(key, []).append(phrase)
    for key, phrase_list in values.items():
        automaton.add_word(_lowered(key), (len(key), tuple(phrase_list)))
    automaton.make_automaton()
    titled: dict[str, set[str | None]] = {}
    for entry in entries_by_name.values():
        for text in entry.titled:
            titled.setdefault(_lowered(text), set()).add(entry.country)
    return Tables(automaton=automaton, entries_by_name=entries_by_name, people_by_first_last=index_first_last(by_phrase),
                  people_by_surname=index_surnames(by_phrase), countries=countries,
                  country_by_titled={text: found.pop() for text, found in titled.items() if len(found) == 1})  # fmt: skip


@functools.lru_cache(maxsize=1)
def tables_act_nouns() -> frozenset[str]:
    """Nouns for what a state does ("proposal", "air raid"): "an Indian proposal" makes India an actor."""
    lines = ACT_NOUNS_TXT.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


# ---------------------------------------------------------------------------------------- matching


@dataclass
class Piece:
    """A matched phrase as a token span, with what it stands for."""

    start: int  # token indices
    end: int
    phrase: Phrase
    head: int = -1  # token index of the noun-phrase head this piece belongs to

    @property
    def kind(self) -> str:
        return self.phrase.kind


def _base_letters() -> dict[int, str]:
    """Latin letters with diacritics -> their base letter, one character for one ("Orbán" ~ "Orban")."""
    table = {ord("ı"): "i", ord("ø"): "o", ord("ł"): "l", ord("đ"): "d", ord("ß"): "s"}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base.lower()
    return table


BASE_LETTERS = _base_letters()


def _lowered(text: str) -> str:
    """Lower case without diacritics, of the same length as ``text`` so that offsets carry over."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters ("İ") grow when lower-cased; lower the others one at a time.
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return lowered.translate(BASE_LETTERS) if not lowered.isascii() else lowered


def _case_fits(written: str, found: str) -> bool:
    """A capitalised table phrase needs a capital in the text; a short acronym needs exact case."""
    letters = [char for char in written if char.isalpha()]
    if letters and all(char.isupper() for char in letters) and len(letters) <= ACRONYM_MAX:
        return found == written
    if written[:1].isupper():
        return found[:1].isupper() or not found[:1].isalpha()
    return True


def _choose(phrases: tuple[Phrase, ...], found: str) -> Phrase | None:
    fitting = [phrase for phrase in phrases if _case_fits(phrase.text, found)]
    if not fitting:
        return None
    # Prefer actors and countries to role nouns ("Congress" the body over "congress" the noun).
    return sorted(fitting, key=lambda phrase: phrase.kind == "agent")[0]


def find_phrases(doc: Doc, tables: Tables) -> list[Piece]:
    """Every table phrase in the text, leftmost-longest, as token spans."""
    text = doc_text(doc)
    found = []
    for end_char, (length, phrases) in tables.automaton.iter(_lowered(text)):
        start_char, end_char = end_char - length + 1, end_char + 1
        if start_char > 0 and text[start_char - 1].isalnum():
            continue
        if end_char < len(text) and text[end_char].isalnum():
            continue
        phrase = _choose(phrases, text[start_char:end_char])
        if phrase is not None:
            found.append((start_char, end_char, phrase))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0]), item[2].kind == "agent"))
    pieces, last_end = [], -1
    for start_char, end_char, phrase in found:
        if start_char < last_end:
            continue
        span = doc.char_span(start_char, end_char, alignment_mode="strict")
        if span is None or not len(span):
            continue
        pieces.append(Piece(span.start, span.end, phrase))
        last_end = end_char
    return pieces


def person_entities(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """spaCy PERSON and ORG entities that no table phrase covers."""
    covered = {i for piece in pieces for i in range(piece.start, piece.end)}
    extra = []
    for ent in doc.ents:
        if ent.label_ not in (NER_PERSON, NER_ORG):
            continue
        tokens = [token for token in ent if token.pos_ in ("PROPN", "NOUN", "ADJ", "X", "NUM") or token.text == "-"]
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        # "Archbishop Desmond Tutu": a title the tables matched leaves the rest of the name to NER.
        while start < ent.end and start in covered and ent.label_ == NER_PERSON:
            start += 1
        if not tokens or any(i in covered for i in range(start, ent.end)) or doc[start].pos_ != "PROPN":
            continue
        end = ent.end - (1 if ent[-1].tag_ == "POS" else 0)
        if end <= start:
            continue
        kind = "person" if ent.label_ == NER_PERSON else "org"
        extra.append(Piece(start, end, Phrase(kind=kind, text=doc[start:end].text)))
    return extra


def place_pieces(doc: Doc, pieces: list[Piece], tables: Tables) -> list[Piece]:
    """Places of one country that the tables do not hold ("Darfur", "Sindh", "Hebron"): never actors
    themselves, they lend their country to the groups and offices they name ("Darfur rebels", "the
    government of Sindh province")."""
    covered = {i for piece in pieces for i in range(piece.start, piece.end)}
    gazetteer = load_gazetteer()
    extra = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS or any(i in covered for i in range(ent.start, ent.end)):
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        alpha2 = dominant_country(gazetteer.lookup(doc[start : ent.end].text))
        country = tables.countries.get(gazetteer.iso3.get(alpha2, ""))
        if country is not None:
            extra.append(Piece(start, ent.end, Phrase(kind="place", text=doc[start : ent.end].text, country=country)))
    return extra


def dominant_country(candidates) -> str | None:
    """The alpha-2 country of a place name: the one country of its bearers, or that of a bearer far
    more populous than any bearer elsewhere ("Hebron" the Palestinian city, not the Kentucky one).
    Names of countries (the tables have them) and of regions across borders give none."""
    candidates = [candidate for candidate in candidates if candidate.primary]
    if not candidates or any(candidate.country is None or candidate.kind == "country" for candidate in candidates):
        return None
    by_country: dict[str, int] = {}
    for candidate in candidates:
        by_country[candidate.country] = max(by_country.get(candidate.country, 0), candidate.population)
    ranked = sorted(by_country.items(), key=lambda item: -item[1])
    if len(ranked) == 1 or ranked[0][1] >= PLACE_DOMINANCE * max(ranked[1][1], 1):
        return ranked[0][0]
    return None


def noun_phrase_head(doc: Doc, piece: Piece) -> int:
    """The token a matched phrase modifies: the head of its noun phrase."""
    root = token = doc[piece.start : piece.end].root
    if piece.kind in COUNTRY_KINDS:
        # "Russian, Turkish ... officials", "U.S. and Russian negotiators": conjoined modifiers share a head
        while token.dep_ == "conj" and token.head.i < token.i and token.head.dep_ in CONJOINED_MODIFIER_DEPS:
            token = token.head
    for _ in range(HEAD_WALK_LIMIT):
        head = token.head
        if head.i == token.i:
            break
        if token.dep_ == "poss" and (token.i != root.i or piece.kind not in COUNTRY_KINDS):
            break  # "Putin's spokesman", "the government's refusal": the possessor heads its own phrase
        if token.dep_ in MODIFIER_DEPS and head.i > token.i:
            token = head
            continue
        if token.dep_ == "punct" and head.i > token.i:
            token = head
            continue
        break
    return token.i


# -------------------------------------------------------------------------------------- resolution


@dataclass
class Codes:
    name: str
    country: str | None
    sector: str | None
    org: str | None
    kind: str
    method: str


def resolve_entry(entry: Entry, date: dt.date | None) -> tuple[Codes, bool]:
    """The entry's codes as of ``date`` (None: the latest known) and whether an office was in force."""
    if date is None:
        in_force = [role for role in entry.roles if role.end is None]
    else:
        in_force = [role for role in entry.roles if role.in_force(date)]
    base_method = "kb:office_holder" if entry.kind == "person" else f"kb:{entry.kind}"
    if in_force:
        rank = {sector: n for n, sector in enumerate(SECTOR_PRIORITY)}
        role = sorted(in_force, key=lambda r: (rank.get(r.sector or "", 99), -(r.start or dt.date.min).toordinal()))[0]
        return Codes(entry.name, role.country, role.sector, role.org or entry.org, entry.kind, base_method), True
    sector = entry.sector
    if entry.known_until and (date is None or date > entry.known_until):
        sector = None  # beyond what the source knows: keep the nationality, not a stale role
    method = "kb:person" if entry.kind == "person" else base_method
    return Codes(entry.name, entry.country, sector, entry.org, entry.kind, method), False


def combine_sector(agents: list[tuple[int, Agent]], head: int) -> str | None:
    """A strong head noun wins; otherwise the first strong modifier; otherwise the weak head."""
    head_agents = [agent for i, agent in agents if i == head]
    if head_agents and not head_agents[0].weak:
        return head_agents[0].sector
    strong = [agent for _, agent in agents if not agent.weak]
    if strong:
        return strong[0].sector
    return agents[-1][1].sector if agents else None


def _is_sponsor(doc: Doc, piece: Piece) -> bool:
    """"US-backed", "Pentagon-sponsored": a country lending support, not an actor of the phrase."""
    after = piece.end
    return after + 1 < len(doc) and doc[after].text == "-" and doc[after + 1].lower_ in SPONSOR_WORDS


def _is_possessive(doc: Doc, piece: Piece) -> bool:
    return piece.end < len(doc) and doc[piece.end].tag_ == "POS"


def _part_of_other_name(doc: Doc, piece: Piece, covered: set[int]) -> bool:
    """A capital inside another proper name ("Moscow Metro", "George Washington") is no actor."""
    before, after = piece.start - 1, piece.end
    if before >= 0 and doc[before].pos_ == "PROPN" and before not in covered and doc[before].ent_iob_ != "O":
        return True
    return after < len(doc) and doc[after].pos_ == "PROPN" and after not in covered and doc[after].ent_type_ not in ("", "PERSON")


@dataclass
class Found:
    start: int  # token indices
    end: int
    codes: Codes


def _mention(doc: Doc, start: int, end: int, codes: Codes) -> Found:
    return Found(start, end, codes)


def _state_codes(piece: Piece, sector: str | None, method: str) -> Codes:
    country = piece.phrase.country
    return Codes(country.name, country.iso3, sector, None, "state", method)


def _country_of(piece: Piece, date: dt.date | None) -> tuple[str | None, str | None, str | None]:
    """(country, sector, org) a modifier lends to its noun phrase."""
    if piece.phrase.country is not None:
        sector = "GOV" if piece.kind == "metonym" else None
        return piece.phrase.country.iso3, sector, None
    if piece.phrase.entry is not None:
        codes, _ = resolve_entry(piece.phrase.entry, date)
        return codes.country, codes.sector if piece.phrase.entry.kind == "state" else None, codes.org
    return None, None, None


def _group_name(doc: Doc, start: int, head: int, covered: set[int]) -> str | None:
    """The proper name inside an unknown group's noun phrase: "Maghawir al-Thawrah" in "... militia"."""
    names = [i for i in range(start, head) if i not in covered and doc[i].pos_ == "PROPN"]
    return doc[names[0] : names[-1] + 1].text if names else None


def resolve_group(doc: Doc, head: int, pieces: list[Piece], date: dt.date | None, covered: set[int]) -> list[Found]:
    """Mentions of one noun phrase: the pieces that share ``head``."""
    head_pieces = [p for p in pieces if p.start <= head < p.end]
    head_piece = head_pieces[0] if head_pieces else None
    modifiers = [p for p in pieces if p is not head_piece]
    agents = [(p.start, p.phrase.agent) for p in pieces if p.kind == "agent"]
    agents = [(head if p_start == head_piece.start and head_piece.kind == "agent" else p_start, agent)
              for p_start, agent in agents] if head_piece else agents  # fmt: skip
    sponsors = [p for p in modifiers if _is_sponsor(doc, p)]
    lenders = [p for p in modifiers if p not in sponsors and (p.kind in LENDER_KINDS or p.phrase.entry is not None)]
    # "ethnic Albanian guerrillas" are of an ethnicity, not of the state Albania.
    lenders = [p for p in lenders if not (p.kind == "adjective" and p.start > 0 and doc[p.start - 1].lower_ == "ethnic")]
    found: list[Found] = []
    for piece in lenders:  # "Turkey's efforts", "Putin's spokesman": a possessor is an actor too
        if _is_possessive(doc, piece) and piece.kind not in ("adjective",):
            found.extend(resolve_alone(doc, piece, date, covered, force=True))
    head_kind = head_piece.kind if head_piece else None
    entry = head_piece.phrase.entry if head_piece else None

    if head_kind == "person" or (entry is not None and entry.kind == "person"):
        found.append(resolve_person(doc, head_piece, lenders, sponsors, agents, date))
        return found
    if head_kind == "agent":
        named = [p for p in modifiers if p.kind in ("org", "person")]  # "the Maghawir al-Thawrah militia"
        found.extend(resolve_agent_phrase(doc, head, head_piece, lenders, sponsors, agents, covered, named))
        return found
    nationalities = [p for p in lenders if p.kind in LENDER_KINDS and not _is_possessive(doc, p)]
    if head_piece is None and agents and nationalities:  # "Israeli army bulldozers": the army acts
        last_agent = max(i for i, _ in agents)
        found.extend(resolve_agent_phrase(doc, last_agent, None, nationalities, sponsors, agents, covered))
        return found
    for piece in nationalities if head_piece is None else ():
        if piece.kind == "place":  # "the government of Sindh province"
            found.extend(resolve_alone(doc, piece, date, covered))
    if head_piece is None and doc[head].lemma_.lower() in tables_act_nouns():
        # "an Indian proposal", "US mediation", "shell Iraqi towns", "a US-led war": the state is a party
        for piece in nationalities + sponsors:
            if piece.kind in ("adjective", "name") and piece.phrase.country is not None:
                method = "demonym+noun" if piece.kind == "adjective" else "name+noun"
                found.append(_mention(doc, piece.start, piece.end, _state_codes(piece, None, method)))
    community = []
    if head_kind == "demonym":  # "Bosnian Serbs", "Iraqi Kurds": people of one nation living in another state
        community = [p for p in nationalities if p.kind == "adjective" and p.start < head_piece.start]
    if community:
        piece = community[-1]
        text = doc[piece.start : head_piece.end].text
        codes = Codes(text, piece.phrase.country.iso3, "CVL", None, "group", "demonym+demonym")
        found.append(_mention(doc, piece.start, head_piece.end, codes))
    elif head_piece is not None:
        found.extend(resolve_alone(doc, head_piece, date, covered))
    # Entries that modify a noun that is no role ("a U.N. Security Council resolution") still act.
    for piece in lenders:
        if piece.phrase.entry is not None and not _is_possessive(doc, piece):
            found.extend(resolve_alone(doc, piece, date, covered, force=True))
    return found


def resolve_alone(doc: Doc, piece: Piece, date: dt.date | None, covered: set[int], force: bool = False) -> list[Found]:
    """A phrase that is its own noun phrase: a state, a capital, an organisation, a person."""
    span = doc[piece.start : piece.end]
    if piece.phrase.entry is not None:
        codes, _ = resolve_entry(piece.phrase.entry, date)
        if piece.phrase.entry.kind == "state" and is_locative(span):
            return []
        return [_mention(doc, piece.start, piece.end, codes)]
    if piece.kind in ("name", "metonym") and _inside_longer_person(doc, piece):
        return []  # "Jordan Peterson", "Paris Hilton": a person's name, not the state
    if piece.kind in ("name", "metonym", "place"):
        office = _office_of(doc, span)
        if office is not None:  # "the president of Armenia"
            # "the former governor of Massachusetts" is one no longer
            sector = FORMER_SECTOR if _former(doc, office[0], office[2]) else office[1].sector
            return [_mention(doc, office[0], office[2], _state_codes(piece, sector, "agent+of"))]
    if piece.kind == "name":
        if is_locative(span) and not force:
            return []
        return [_mention(doc, piece.start, piece.end, _state_codes(piece, None, "kb:country"))]
    if piece.kind == "metonym":
        if is_locative(span) or _part_of_other_name(doc, piece, covered):
            return []
        return [_mention(doc, piece.start, piece.end, _state_codes(piece, "GOV", "kb:metonym"))]
    if piece.kind == "demonym":
        if piece.start > 0 and doc[piece.start - 1].lower_ == "ethnic":
            # "ethnic Turks" are a community, not the state: civilians (CAMEO's CVL with an ethnic code)
            community = doc[piece.start - 1 : piece.end].text
            return [_mention(doc, piece.start - 1, piece.end, Codes(community, None, "CVL", None, "group", "demonym:ethnic"))]
        return [_mention(doc, piece.start, piece.end, _state_codes(piece, None, "kb:demonym"))]
    if piece.kind == "person":
        return [_mention(doc, piece.start, piece.end, Codes(span.text, None, None, None, "person", "ner:PERSON"))]
    if piece.kind == "org" and not is_locative(span):
        return [_mention(doc, piece.start, piece.end, Codes(span.text, None, None, None, "organization", "ner:ORG"))]
    return []


def _inside_longer_person(doc: Doc, piece: Piece) -> bool:
    token = doc[piece.start]
    if token.ent_type_ != NER_PERSON:
        return False
    ent = next((ent for ent in doc.ents if ent.start <= piece.start < ent.end), None)
    return ent is not None and (ent.start < piece.start or ent.end > piece.end)


def _office_of(doc: Doc, span: Span) -> tuple[int, Agent, int] | None:
    """(start, role noun, end) when ``span`` completes "<role noun> of <place>": "the president of
    Armenia", "the government of Sindh province"."""
    root = span.root
    while root.dep_ == "compound" and root.head.i == root.i + 1:  # "Sindh province", "the Tyumen region"
        root = root.head
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return None
    noun = root.head.head
    agent = doc.user_data.get(AGENT_KEY, {}).get(noun.i) if noun.i < root.i else None
    if agent is None:
        return None
    start = noun.i
    while start > 0 and doc[start - 1].dep_ in ("amod", "compound") and doc[start - 1].head.i == noun.i:
        start -= 1
    return start, agent, max(span.end, root.i + 1)


def resolve_person(doc, head_piece, lenders, sponsors, agents, date) -> Found:
    """A person with its title and nationality: "Turkish presidential adviser İbrahim Kalın".

    A title written in the article is the best evidence of the office held when it was written, so
    it beats the knowledge base; "former"/"ousted" before it makes the person an ex-official (ELI).
    """
    left = [p for p in lenders if p.start < head_piece.start]
    title_agents = [(i, agent) for i, agent in agents if i < head_piece.start]
    start = min([p.start for p in left] + [i for i, _ in title_agents] + [head_piece.start])
    sector = combine_sector(title_agents, head_piece.start)
    country = org = None
    lent_sector = None
    for piece in sorted(left, key=lambda p: -p.start):  # the nearest nationality wins
        piece_country, piece_sector, piece_org = _country_of(piece, date)
        if country is None and org is None:
            country, org, lent_sector = piece_country, piece_org, piece_sector
    if sector is None or (lent_sector and not [a for _, a in title_agents if not a.weak]):
        sector = lent_sector or sector  # "Kremlin spokesman": the seat of power is more specific
    if country is None and org is None and sponsors:
        country = _country_of(sponsors[0], date)[0]
    if sector is not None and _former(doc, start, head_piece.start):
        sector = FORMER_SECTOR
    if head_piece.phrase.entry is not None:
        codes, in_force = resolve_entry(head_piece.phrase.entry, date)
        if sector is None and country is None and org is None:
            return _mention(doc, start, head_piece.end, codes)
        if org is not None and country is None:  # "U.N. mediator Diego Cordovez" acts for the UN
            codes = replace(codes, country=None, org=org)
        elif country is not None:
            codes = replace(codes, country=country)
        # An office in force stands (titles in parses are noisy: "on state television Erdogan");
        # otherwise (no office, or only "elite" standing) the title tells what the person was when
        # the article was written.
        overridable = not in_force or codes.sector in (None, FORMER_SECTOR) or sector == FORMER_SECTOR
        if sector is not None and overridable and sector != codes.sector:
            codes = replace(codes, sector=sector, method="title")
        return _mention(doc, start, head_piece.end, codes)
    span = doc[head_piece.start : head_piece.end]
    method = "title" if (sector or country or org) else "ner:PERSON"
    return _mention(doc, start, head_piece.end, Codes(span.text, country, sector, org, "person", method))


def _former(doc: Doc, start: int, end: int) -> bool:
    window = doc[max(0, start - 1) : end]
    return any(token.lower_ in FORMER_WORDS for token in window)


def kind_for_sector(sector: str | None) -> str:
    """Organs of the state are the state; civilians and rebels are groups; the rest organisations."""
    if sector in STATE_SECTORS or sector is None:
        return "state"
    return "group" if sector in GROUP_SECTORS else "organization"


def resolve_agent_phrase(doc, head, head_piece, lenders, sponsors, agents, covered, named=()) -> list[Found]:
    """A role noun with its nationalities: one mention per nationality, or a bare group."""
    end = max([p.end for p in ([head_piece] if head_piece else [])] + [i + 1 for i, _ in agents] + [head + 1])
    sector = combine_sector(agents, head)
    nationalities = [p for p in lenders if p.kind in LENDER_KINDS or (p.phrase.entry and p.phrase.entry.kind == "state")]
    organisations = [p for p in lenders if p not in nationalities]
    found = []
    if organisations:  # "NATO peacekeeping troops", "Hezbollah guerrillas"
        piece = organisations[-1]
        codes, _ = resolve_entry(piece.phrase.entry, None)
        codes = replace(codes, sector=sector or codes.sector, method=f"kb:{piece.phrase.entry.kind}+agent")
        return [_mention(doc, min(p.start for p in organisations), end, codes)]
    if nationalities:
        nationalities.sort(key=lambda p: p.start)
        for n, piece in enumerate(nationalities):
            if is_locative(doc[piece.start : piece.end]) and piece.kind in ("name", "metonym", "place"):
                continue
            last = n == len(nationalities) - 1
            lent_country, lent_sector, _ = _country_of(piece, None)
            piece_sector = sector
            if lent_sector and combine_sector([(i, a) for i, a in agents], head) is None:
                piece_sector = lent_sector
            if piece.kind == "metonym" and lent_sector and not [a for _, a in agents if not a.weak]:
                piece_sector = lent_sector
            codes = Codes(piece.phrase.country.name if piece.phrase.country else piece.phrase.entry.name,
                          lent_country, piece_sector, None, kind_for_sector(piece_sector),
                          "place+agent" if piece.kind == "place" else "demonym+agent")  # fmt: skip
            found.append(_mention(doc, piece.start, max(end, piece.end) if last else piece.end, codes))
        return found
    # No nationality: a group named or described by its role noun.
    head_token = doc[head]
    start = min([i for i, _ in agents] + [head])
    while start > 0 and doc[start - 1].i not in covered and doc[start - 1].dep_ in ("amod", "compound") \
            and doc[start - 1].head.i >= start and doc[start - 1].pos_ in ("ADJ", "NOUN", "PROPN") \
            and doc[start - 1].tag_ not in QUANTITY_TAGS and doc[start - 1].lower_ not in QUANTIFIERS:  # fmt: skip
        start -= 1
    name = _group_name(doc, start, head, covered)
    if named:
        start = min(start, named[0].start)
        name = doc[named[0].start : named[-1].end].text
    if sponsors:
        start = min(start, sponsors[0].start)
    plural = head_token.tag_ in ("NNS", "NNPS")
    country = _country_of(sponsors[0], None)[0] if sponsors else None
    # "a missionary from Calgary", "people in Hong Kong": placed in a country, enough to be an actor
    # (whose country inherit_from_place sets)
    placed = not (name or sponsors) and _country_placed(head_token, doc.user_data.get(PLACE_KEY, {})) is not None
    if not (name or plural or sponsors or placed):
        return []  # "the official", "a source": left to coreference
    if not (name or sponsors or placed) and all(agent.weak for _, agent in agents):
        return []  # "people", "officials", "sources" alone say too little to be an actor
    text = doc[start:end].text
    kind = "group" if sector in ("REB", "UAF", "OPP", "CVL", "REF") else "organization"
    if not name and plural and kind == "organization" and sector in ("GOV", "MIL", "COP", "LEG", "JUD", "SPY"):
        kind = "group"
    method = "name+agent" if name else "agent"
    return [_mention(doc, start, end, Codes(name or text, country, sector, None, kind, method))]


# ------------------------------------------------------------------------------------- coreference


def _surname_index(found: list[Found], doc: Doc) -> dict[str, Codes]:
    index = {}
    for mention in found:
        if mention.codes.kind != "person":
            continue
        name_tokens = mention.codes.name.split()
        if len(name_tokens) > 1:
            index.setdefault(name_tokens[-1].lower(), mention.codes)
            text_tokens = doc[mention.start : mention.end]
            index.setdefault(text_tokens[-1].lower_, mention.codes)
    return index


def resolve_coreference(doc: Doc, found: list[Found], agents_by_token: dict[int, Agent]) -> list[Found]:
    """Later surnames, "the official", "the militia" and clear "he"/"she" take an antecedent's codes."""
    found = sorted(found, key=lambda m: m.start)
    result: list[Found] = []
    surnames: dict[str, Codes] = {}
    taken = set()
    for mention in found:
        # A single-word person after its full name: "Kalın" after "İbrahim Kalın".
        codes = mention.codes
        if codes.kind == "person" and mention.end - mention.start == 1 and codes.method == "ner:PERSON":
            known = surnames.get(doc[mention.start].lower_)
            if known is not None:
                mention = replace(mention, codes=replace(known, method="coref:surname"))
        elif codes.kind == "person" and codes.method == "title" and codes.country is None and codes.org is None:
            # "Prime Minister Ardern" after "New Zealand Prime Minister Jacinda Ardern"
            known = surnames.get(doc[mention.end - 1].lower_)
            if known is not None and len(codes.name.split()) == 1:
                mention = replace(mention, codes=replace(known, sector=codes.sector or known.sector,
                                                         method="coref:surname"))  # fmt: skip
        result.append(mention)
        taken.update(range(mention.start, mention.end))
        surnames.update({k: v for k, v in _surname_index([mention], doc).items() if k not in surnames})
    # Surnames the NER missed, and nominal and pronoun anaphora.
    extra = []
    for token in doc:
        if token.i in taken:
            continue
        if token.pos_ == "PROPN" and token.lower_ in surnames and token.ent_type_ in ("", NER_PERSON):
            antecedent = _nearest(result, token.i, lambda m: m.codes.kind == "person"
                                  and m.codes.name.split()[-1].lower() == token.lower_)  # fmt: skip
            if antecedent is not None:
                extra.append(Found(token.i, token.i + 1, replace(antecedent.codes, method="coref:surname")))
        elif token.lower_ in PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            candidates = _window(result, doc, token, lambda m: m.codes.kind == "person")
            names = {m.codes.name for m in candidates}
            if len(names) == 1:
                extra.append(Found(token.i, token.i + 1, replace(candidates[-1].codes, method="coref:pronoun")))
        elif token.i in agents_by_token and token.tag_ in ("NN", "NNP") and token.i > 0 \
                and doc[token.i - 1].lower_ == "the" and token.head.i != token.i + 1 \
                and not any(child.dep_ == "prep" and child.lower_ == "of" for child in token.children):  # fmt: skip
            agent = agents_by_token[token.i]
            candidates = _window(result, doc, token, lambda m: m.codes.sector == agent.sector)
            # "the Navy" after "U.S. Navy" and "Japanese bomber": two navies, no clear antecedent.
            if len({(m.codes.country, m.codes.org) for m in candidates}) == 1:
                extra.append(Found(token.i - 1, token.i + 1, replace(candidates[-1].codes, method="coref:nominal")))
    return sorted(result + extra, key=lambda m: m.start)


def _sentences(doc: Doc) -> list[Span]:
    return list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]


def _nearest(found: list[Found], before: int, accept) -> Found | None:
    candidates = [m for m in found if m.end <= before and accept(m)]
    return candidates[-1] if candidates else None


def _window(found: list[Found], doc: Doc, token: Token, accept) -> list[Found]:
    """Accepted mentions before ``token`` in its sentence and the ones just before it."""
    sentences = _sentences(doc)
    index = next((n for n, sent in enumerate(sentences) if sent.start <= token.i < sent.end), 0)
    first = sentences[max(0, index - COREF_SENTENCE_WINDOW + 1)].start
    return [m for m in found if first <= m.start and m.end <= token.i and accept(m)]


# --------------------------------------------------------------------------------------- component


def inherit_through_of(doc: Doc, found: list[Found]) -> list[Found]:
    """"Colonel Muhanad al-Tanaa of the ... militia": a person takes the codes of the body he serves."""
    by_token = {i: mention for mention in found for i in range(mention.start, mention.end)}
    result = []
    for mention in found:
        codes = mention.codes
        if codes.kind == "person" and codes.method in ("title", "ner:PERSON"):
            last = doc[mention.end - 1]
            for preposition in (child for child in last.children if child.dep_ == "prep" and child.lower_ == "of"):
                body = next((by_token.get(child.i) for child in preposition.children if child.dep_ == "pobj"), None)
                if body is not None and body.codes.kind in SERVED_KINDS and (body.codes.country or body.codes.sector):
                    codes = replace(codes, country=body.codes.country, sector=body.codes.sector,
                                    org=body.codes.org, method="title+of")  # fmt: skip
        result.append(replace(mention, codes=codes))
    return result


def inherit_through_apposition(doc: Doc, found: list[Found]) -> list[Found]:
    """"The governor of Ohio, Mike DeWine", "Kenzo Oshima, the United Nations Emergency Relief
    Coordinator": a person the tables and titles leave uncoded takes the codes of the office beside it."""
    by_token = {i: mention for mention in found for i in range(mention.start, mention.end)}
    result = []
    for mention in found:
        codes = mention.codes
        if codes.kind == "person" and codes.method == "ner:PERSON":
            root = doc[mention.start : mention.end].root
            beside = [root.head] if root.dep_ == "appos" else []
            beside += [child for child in root.children if child.dep_ == "appos"]
            offices = [by_token[token.i] for token in beside if token.i in by_token]
            coded = [m for m in offices if m.codes.kind != "person" and m.codes.sector and (m.codes.country or m.codes.org)]
            office = coded[0] if coded else None
            if office is not None:
                codes = replace(codes, country=office.codes.country, sector=office.codes.sector, org=office.codes.org,
                                method="appos")  # fmt: skip
        result.append(replace(mention, codes=codes))
    return result


def inherit_from_place(doc: Doc, found: list[Found]) -> list[Found]:
    """"opposition parties in Nepal", "rebels in Darfur", "guerrillas operating in Macedonia": a
    domestic group named without a country, placed in a country or a place of one, is of that country
    ("its forces in Lebanon" are not: they belong to the possessor)."""
    country_at = doc.user_data[PLACE_KEY]
    result = []
    for mention in found:
        codes = mention.codes
        if codes.country is None and codes.org is None and codes.sector is not None and codes.kind != "person":
            country = _country_placed(doc[mention.end - 1], country_at)
            if country is not None:
                codes = replace(codes, country=country, method=f"{codes.method}+place")
        result.append(replace(mention, codes=codes))
    return result


def _country_placed(head: Token, country_at: dict[int, str]) -> str | None:
    """The country of the place a noun is in: its own "in X", or that of a participle ("operating in X");
    none for a possessed noun ("its forces in Lebanon" belong to the possessor)."""
    if any(child.dep_ == "poss" for child in head.children):
        return None
    holders = [head] + [child for child in head.children if child.dep_ == "acl" and child.tag_ in ("VBG", "VBN")]
    for holder in holders:
        for preposition in (child for child in holder.children if child.dep_ == "prep"):
            if preposition.lower_ not in GROUP_PLACE_PREPOSITIONS:
                continue
            for place in (child for child in preposition.children if child.dep_ == "pobj"):
                words = [place] + [child for child in place.children if child.dep_ == "compound"]
                countries = [country_at[word.i] for word in words if word.i in country_at]
                if countries:
                    return countries[0]
    return None


def inherit_from_sentence(doc: Doc, found: list[Found]) -> list[Found]:
    """"Egyptian police opened fire to disperse Moslem fundamentalist demonstrators": a domestic group
    named without a country, in a sentence whose state organs are of one country only, is of that
    country (as ICEWS codes its sector-only actors). Armed forces, spies and international bodies are
    left alone: they travel."""
    result = []
    for sentence in _sentences(doc):
        inside = [mention for mention in found if sentence.start <= mention.start < sentence.end]
        named = {m.codes.country for m in inside if m.codes.country and m.codes.sector in STATE_SECTORS}
        for mention in inside:
            codes = mention.codes
            if len(named) == 1 and codes.country is None and codes.org is None and codes.kind != "person" \
                    and codes.sector is not None and codes.sector not in TRAVELLING_SECTORS:  # fmt: skip
                codes = replace(codes, country=next(iter(named)), method=f"{codes.method}+sentence")
            result.append(replace(mention, codes=codes))
    return result


def country_from_surname(doc: Doc, found: list[Found], tables: Tables, date: dt.date | None) -> list[Found]:
    """"President Reagan": an office title with a bare surname that the tables know for people of one
    country (in office at the date, or at all, or written so by the source: "President Bush") is an
    official of that country (the title, not the tables, gives the sector)."""
    result = []
    for mention in found:
        codes = mention.codes
        surname = doc[mention.end - 1]
        bare = surname.ent_type_ == "PERSON" and surname.ent_iob_ == "B" and mention.end - mention.start > 1
        if codes.method == "title" and codes.country is None and codes.org is None and bare:
            country = country_by_surname(tables.people_by_surname.get(surname.text.lower(), ()), date)
            country = country or tables.country_by_titled.get(_lowered(doc[mention.end - 2 : mention.end].text))
            if country is not None:
                codes = replace(codes, country=country, method="title+kb:surname")
        result.append(replace(mention, codes=codes))
    return result


def find_mentions(doc: Doc, tables: Tables, date: dt.date | None) -> list[Found]:
    pieces = find_phrases(doc, tables)
    pieces += person_entities(doc, pieces)
    pieces += place_pieces(doc, pieces, tables)
    pieces.sort(key=lambda p: p.start)
    covered = {i for p in pieces for i in range(p.start, p.end)}
    agents_by_token = {i: p.phrase.agent for p in pieces if p.kind == "agent" for i in range(p.start, p.end)}
    doc.user_data[AGENT_KEY] = agents_by_token
    doc.user_data[PLACE_KEY] = {i: p.phrase.country.iso3 for p in pieces if p.kind in ("name", "metonym", "place")
                                and p.phrase.country for i in range(p.start, p.end)}  # fmt: skip
    groups: dict[int, list[Piece]] = {}
    for piece in pieces:
        piece.head = noun_phrase_head(doc, piece)
        if piece.kind == "person":  # a known person written with other middle names
            key = first_last([token.text for token in doc[piece.start : piece.end]])
            entry = tables.people_by_first_last.get(key) if key else None
            if entry is None and key and piece.start - 1 in agents_by_token:  # only after a title
                entry = close_person(tables, key)
            if entry is not None:
                piece.phrase = Phrase(kind="entry", text=piece.phrase.text, entry=entry)
        groups.setdefault(piece.head, []).append(piece)
    found: list[Found] = []
    for head, group in sorted(groups.items()):
        found.extend(resolve_group(doc, head, group, date, covered))
    found = inherit_through_of(doc, _without_overlaps(found))
    found = inherit_through_apposition(doc, inherit_from_place(doc, found))
    found = country_from_surname(doc, found, tables, date)
    found = inherit_from_sentence(doc, found)
    found = resolve_coreference(doc, found, agents_by_token)
    del doc.user_data[AGENT_KEY], doc.user_data[PLACE_KEY]
    return _without_overlaps(found)


def _without_overlaps(found: list[Found]) -> list[Found]:
    """Keep the longer of two overlapping mentions (the earlier one on a tie)."""
    kept: list[Found] = []
    found = [mention for mention in found if mention.end > mention.start]
    for mention in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mention.end <= other.start or mention.start >= other.end for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def to_actor_mention(doc: Doc, mention: Found) -> ActorMention:
    span = doc[mention.start : mention.end]
    codes = mention.codes
    actor = Actor(
        text=span.text, start=span.start_char, end=span.end_char, name=codes.name, country=codes.country,
        sector=codes.sector, org=codes.org, kind=codes.kind, method=codes.method,
    )  # fmt: skip
    return ActorMention(span=span, actor=actor)


class ActorRecognizer:
    """spaCy component ``eventcoder_actors``: sets ``doc._.actor_mentions``."""

    def __init__(self, nlp: Language, extra_path: str | None = None):
        self.tables = load_tables(str(extra_path) if extra_path else None)
        load_gazetteer()  # now rather than on the first document

    def __call__(self, doc: Doc) -> Doc:
        found = find_mentions(doc, self.tables, _publication_date(doc._.published))
        doc._.actor_mentions = [to_actor_mention(doc, mention) for mention in found]
        return doc


def _publication_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return None
