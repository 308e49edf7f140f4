"""The actor tables: the knowledge base, the country forms and the role nouns, read once into one
Aho-Corasick automaton (:func:`load_tables`) that the component owns and passes down; compiled once
and kept in the table cache (:mod:`eventcoder.tablecache`), keyed by the data files and this module."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import ahocorasick
import yaml

from .. import tablecache
from ..errors import DataFileError

DATA_DIR = Path(__file__).parent.parent / "data" / "actors"
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
NAME_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "abu", "de", "da", "del", "van", "von", "der", "la", "le"}
)
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "ELI"})
FORMER_SECTOR = "ELI"
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "SGP", "KHM"})
FUZZY_SURNAME_MIN, FUZZY_SURNAME_RATIO = 6, 0.9  # "Mitterand" ~ "Mitterrand" (0.95), not "Hassan" ~ "Hassani"


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
    # Nouns for what a state does ("proposal", "air raid"): "an Indian proposal" makes India an actor.
    act_nouns: frozenset[str] = frozenset()

    def __post_init__(self):
        for first, last in self.people_by_first_last:
            self.surnames_by_first.setdefault(first, []).append(last)


def _base_letters() -> dict[int, str]:
    """Latin letters with diacritics -> their base letter, one character for one ("Orbán" ~ "Orban")."""
    table = {ord("ı"): "i", ord("ø"): "o", ord("ł"): "l", ord("đ"): "d", ord("ß"): "s"}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base.lower()
    return table


BASE_LETTERS = _base_letters()


def lowered(text: str) -> str:
    """Lower case without diacritics, of the same length as ``text`` so that offsets carry over."""
    lower = text.lower()
    if len(lower) != len(text):
        # A few characters ("İ") grow when lower-cased; lower the others one at a time.
        lower = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return lower.translate(BASE_LETTERS) if not lower.isascii() else lower


def first_last(words: list[str]) -> tuple[str, str] | None:
    """The (first, last) key of a written name, ignoring particles and hyphens."""
    words = [w for w in (lowered(word.strip(".,")) for word in words) if w and w != "-" and w.isalpha()]
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


# One object for each equal value that the tables repeat (codes, kinds, dates, roles): 18,000 people
# carry a few thousand distinct ones, and their copies took 9 MiB in every coding process. Filled while
# :func:`load_tables` reads the files, emptied when it returns (pickle keeps the sharing).
_shared: dict = {}
T = TypeVar("T")


def shared(value: T) -> T:
    return _shared.setdefault(value, value)


def _date(value: object, path: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return shared(value)
    try:
        return shared(dt.date.fromisoformat(str(value)))
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
    if (
        not isinstance(phrases, list)
        or not phrases
        or not all(isinstance(p, str) and p.strip() for p in phrases)
    ):
        raise DataFileError(path, f"{where} ({name}): 'phrases' must be a non-empty list of strings")
    roles = []
    for role in item.get("roles") or []:
        if not isinstance(role, dict) or set(role) - ROLE_FIELDS:
            raise DataFileError(
                path, f"{where} ({name}): each role is a mapping of {', '.join(sorted(ROLE_FIELDS))}"
            )
        roles.append(
            shared(Role(*(shared(role.get(key)) for key in ("country", "sector", "org", "title")),
                        _date(role.get("start"), path), _date(role.get("end"), path)))
        )  # fmt: skip
    return Entry(
        name=name.strip(), kind=shared(kind), country=shared(item.get("country")), sector=shared(item.get("sector")),
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
    """Tab-separated rows of a shipped table, without comments and the header row, read a line at a
    time (the whole text at once leaves its memory scattered among the tables kept)."""
    with path.open(encoding="utf-8", newline="") as file:
        lines = (line.rstrip("\r\n") for line in file)
        lines = (line for line in lines if line and not line.startswith("#"))
        next(lines, None)
        for line in lines:
            yield line.split("\t")


def read_phoenix_tsv(path: Path) -> Iterator[tuple[Entry, list[str]]]:
    for name, kind, phrases, roles_text, org, titled in _data_lines(path):
        roles, default = [], (None, None, None)
        for role_text in roles_text.split(";"):
            country, sector, start, end = map(shared, role_text.split("/"))
            if not start and not end:
                default = (country or None, sector or None, None)
                continue
            end_date = _date(end, str(path)) or PHOENIX_KNOWN_UNTIL
            roles.append(
                shared(Role(country or None, sector or None, None, None, _date(start, str(path)), end_date))
            )
        if default == (None, None, None) and roles:
            default = (roles[-1].country, None, None)
        # Offices change after the source's date; institutions ("Afghan National Army") do not.
        known_until = PHOENIX_KNOWN_UNTIL if kind == "person" else None
        entry = Entry(name=name, kind=shared(kind), country=default[0], sector=default[1], org=org or None, roles=tuple(roles),
                      known_until=known_until, source="phoenix", titled=tuple(filter(None, titled.split("|"))))  # fmt: skip
        # "The White House": the article is not part of the name (and "White House" is a metonym here).
        yield entry, [phrase.removeprefix("The ") for phrase in phrases.split("|")]


def read_countries(path: Path) -> Iterator[tuple[Phrase, str]]:
    for iso3, names, adjectives, demonyms, metonyms in _data_lines(path):
        country = Country(iso3, names.split("|")[0])
        for column, kind in (
            (names, "name"),
            (adjectives, "adjective"),
            (demonyms, "demonym"),
            (metonyms, "metonym"),
        ):
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
            agent = shared(Agent(sector=sector, weak=extra == "weak"))
            listed[phrase] = agent
            for form in plural_forms(phrase)[1:]:
                plurals[form] = agent
    return {**plurals, **listed}


def _merge_entries(
    sources: Iterable[Iterable[tuple[Entry, list[str]]]],
) -> tuple[dict[str, Entry], dict[str, Phrase]]:
    """Later sources override earlier ones, by name and by phrase."""
    by_name: dict[str, Entry] = {}
    phrases: dict[str, list[tuple[str, str]]] = {}
    for source in sources:
        for entry, texts in source:
            by_name[entry.name] = entry
            for text in texts:
                phrases.setdefault(lowered(text), []).append((entry.name, text))
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
    close = difflib.get_close_matches(
        last, tables.surnames_by_first.get(first, ()), n=2, cutoff=FUZZY_SURNAME_RATIO
    )
    if len(close) != 1:
        return None
    entry = tables.people_by_first_last[(first, close[0])]
    return entry if any(role.sector in STATE_SECTORS for role in entry.roles) else None


def read_act_nouns(path: Path) -> frozenset[str]:
    """Nouns for what a state does ("proposal", "air raid"), one a line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _table_files(extra_path: str | None = None) -> list[Path | str]:
    return [DATA_DIR, *([extra_path] if extra_path else [])]


@functools.lru_cache(maxsize=8)
@tablecache.cached("actors", files=_table_files, libraries=[ahocorasick])
def load_tables(extra_path: str | None = None) -> Tables:
    """All actor tables as one automaton, built once per process and user file, and kept compiled in
    the table cache (:mod:`eventcoder.tablecache`) for the next process."""
    try:
        return _build_tables(extra_path)
    finally:
        _shared.clear()


def _build_tables(extra_path: str | None) -> Tables:
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
        values.setdefault(lowered(text), []).append(phrase)
        countries[phrase.country.iso3] = phrase.country
    for key, phrase in by_phrase.items():
        values.setdefault(key, []).append(phrase)
    for key, phrase_list in values.items():
        # Each phrase's text lowers to the key, at the same length: the match's length is len(text).
        automaton.add_word(lowered(key), tuple(phrase_list))
    automaton.make_automaton()
    titled: dict[str, set[str | None]] = {}
    for entry in entries_by_name.values():
        for text in entry.titled:
            titled.setdefault(lowered(text), set()).add(entry.country)
    return Tables(automaton=automaton, entries_by_name=entries_by_name, people_by_first_last=index_first_last(by_phrase),
                  people_by_surname=index_surnames(by_phrase), countries=countries,
                  country_by_titled={text: found.pop() for text, found in titled.items() if len(found) == 1},
                  act_nouns=read_act_nouns(ACT_NOUNS_TXT))  # fmt: skip
