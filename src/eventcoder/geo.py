"""The GEO stage: find place names used as places and geocode them with an offline gazetteer.

The gazetteer is a set of TSV tables in ``data/places/`` (GeoNames cities, first-level regions
and countries built by ``scripts/build_places.py``, plus hand-made tables of seas, regions, sites,
country aliases and demonyms); ``data/README.md`` gives their sources and licences.

Steps: :func:`candidate_spans` (spaCy GPE/LOC/FAC entities and multi-word features from the
tables), :func:`used_as_place` (a place, not an actor), :func:`geocode` (candidates for the name,
narrowed by what the text says: "Paris, Texas", "the Syrian city of ...", then the article's
countries, then population). The event stage places each event from ``doc._.place_mentions``
(``events.context.location_for``).
"""

from __future__ import annotations

import csv
import functools
import re
import sys
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import tablecache
from .pipeline.doc import PlaceMention
from .pipeline.syntax import is_locative
from .records import Place

PLACES_DIR = Path(__file__).with_name("data") / "places"
PLACE_LABELS = frozenset(["GPE", "LOC", "FAC"])
FEATURE_LABEL = "PLACE"  # the label of spans found through the feature table
# Labels the small model often gives to places ("met in Niamey" as ORG); taken only when locative.
OTHER_NAME_LABELS = frozenset(["ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"])
# Prepositions that make a name a place even though the shared is_locative does not list them.
PLACE_PREPOSITIONS = frozenset(
    [
        "to",
        "into",
        "onto",
        "from",
        "through",
        "beyond",
        "across",
        "toward",
        "towards",
        "near",
        "outside",
        "inside",
        "between",
    ]
)
DESTINATION_PREPOSITIONS = frozenset(["to", "into", "from", "toward", "towards"])
# Roles in which a bare place name acts ("Moscow announced", "Russia's army"), so it is no place.
ACTOR_ROLES = frozenset(
    ["nsubj", "nsubjpass", "poss", "dobj", "agent", "compound", "amod", "nmod", "attr", "dative"]
)
PLACE_NOUNS = frozenset(
    [
        "city",
        "town",
        "village",
        "capital",
        "port",
        "suburb",
        "district",
        "region",
        "area",
        "province",
        "island",
    ]
)
# Capitalised words that are town names somewhere but almost never mean the town after "in".
NOT_PLACE_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "university",
        "college",
        "school",
        "parliament",
        "congress",
        "senate",
        "court",
        "police",
        "hospital",
        "government",
        "church",
        "cathedral",
        "museum",
        "jupiter",
        "mars",
        "venus",
        "mercury",
    ]
)
ADMIN_WORDS = frozenset(
    [
        "province",
        "governorate",
        "region",
        "state",
        "oblast",
        "district",
        "prefecture",
        "county",
        "krai",
        "territory",
    ]
)
TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʿ": None, "ʾ": None, "–": "-"})
# Columns whose few values repeat on thousands of rows: one shared copy of each ("US", "California").
SHARED_COLUMNS = frozenset(["country", "admin1", "kind"])


# GeoNames feature classes and codes of the tables' rows (https://www.geonames.org/export/codes.html):
# one shared copy of each string for all the candidates that carry it.
POPULATED, ADMINISTRATIVE, WATER, REGION, SITE = "P", "A", "H", "L", "S"
FEATURE_CLASSES = {"water": WATER, "region": REGION, "site": SITE}  # features.tsv kinds
COUNTRY_CODE, ADMIN1_CODE, ADMIN2_CODE = "PCLI", "ADM1", "ADM2"


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    country: str | None  # ISO 3166-1 alpha-2; None for seas and regions across countries
    lat: float
    lon: float
    kind: str
    population: int = 0
    admin1: str = ""
    primary: bool = True  # matched on the main name, not on a spelling variant
    geonameid: int | None = None  # None for the hand-made features
    feature_class: str | None = None  # one of the shared constants above
    feature_code: str | None = None  # None where the table does not tell it (cities)


class CandidateTable:
    """The gazetteer's ~95,000 candidates as columns, one row each, made into :class:`Candidate`
    values only when a name is looked up: as objects (with their floats and ints) they took twice the
    memory of these arrays, in every coding process. Text columns hold interned strings."""

    TEXT = ("name", "country", "kind", "admin1", "feature_class", "feature_code")

    def __init__(self) -> None:
        for column in self.TEXT:
            setattr(self, column, [])
        self.lat, self.lon = array("d"), array("d")
        self.population, self.geonameid = array("q"), array("q")  # geonameid -1: none
        self.primary = bytearray()

    def __len__(self) -> int:
        return len(self.primary)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CandidateTable) and vars(self) == vars(other)

    def append(self, candidate: Candidate) -> int:
        """Add a row for ``candidate``; its number."""
        for column in self.TEXT:
            getattr(self, column).append(getattr(candidate, column))
        self.lat.append(candidate.lat)
        self.lon.append(candidate.lon)
        self.population.append(candidate.population)
        self.geonameid.append(-1 if candidate.geonameid is None else candidate.geonameid)
        self.primary.append(candidate.primary)
        return len(self) - 1

    def __getitem__(self, row: int) -> Candidate:
        geonameid = self.geonameid[row]
        return Candidate(
            self.name[row], self.country[row], self.lat[row], self.lon[row], self.kind[row],
            self.population[row], self.admin1[row], bool(self.primary[row]),
            None if geonameid < 0 else geonameid, self.feature_class[row], self.feature_code[row],
        )  # fmt: skip


@dataclass
class Gazetteer:
    # A name with one bearer maps to its row, one with several to a tuple of rows: most names have one.
    names: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    candidates: CandidateTable = field(default_factory=CandidateTable)
    iso3: dict[str, str] = field(default_factory=dict)  # alpha-2 -> alpha-3
    iso2: dict[str, str] = field(default_factory=dict)  # alpha-3 -> alpha-2
    demonyms: dict[str, str] = field(default_factory=dict)  # "syrian" -> "SY"
    features: list[str] = field(default_factory=list)  # table names for the phrase matcher
    fallback: dict[str, list[Candidate]] = field(default_factory=dict)  # counties, districts

    def add(self, name: str, candidate: Candidate | int) -> int:
        """File ``candidate`` (a new one, or the row of one added before) under ``name``; its row."""
        row = candidate if isinstance(candidate, int) else self.candidates.append(candidate)
        key = normalize(name)
        if key:
            found = self.names.get(key)
            if found is None:
                self.names[key] = row
            else:
                self.names[key] = (*found, row) if isinstance(found, tuple) else (found, row)
        return row

    def rows(self, name: str) -> tuple[int, ...]:
        found = self.names.get(normalize(name))
        return () if found is None else (found,) if isinstance(found, int) else found

    def lookup(self, name: str) -> list[Candidate]:
        return [self.candidates[row] for row in self.rows(name)]


def normalize(name: str) -> str:
    """Lower case, no accents, one kind of apostrophe and hyphen, no leading "the"."""
    if not name.isascii():  # the slow path only for the few names that need it
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(char for char in decomposed if not unicodedata.combining(char))
        name = name.translate(APOSTROPHES)
    plain = " ".join(name.replace("`", "").lower().split())
    return plain.removeprefix("the ")


def _rows(filename: str) -> Iterator[dict]:
    """The rows of one table, read a line at a time: the 70,000 cities' lines at once would leave the
    memory they took scattered among the tables kept."""
    with (PLACES_DIR / filename).open(encoding="utf-8", newline="") as file:
        lines = (line for line in file if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t"):
            for column in SHARED_COLUMNS.intersection(row):
                row[column] = sys.intern(row[column])
            yield row


@functools.lru_cache(maxsize=1)
@tablecache.cached("gazetteer", files=[PLACES_DIR])  # compiled once, kept on disk
def load_gazetteer() -> Gazetteer:
    """All place tables, indexed by normalised name; loaded once per process."""
    gazetteer = Gazetteer()
    countries = {}
    for row in _rows("countries.tsv"):
        gazetteer.iso3[row["iso2"]] = row["iso3"]
        gazetteer.iso2[row["iso3"]] = row["iso2"]
        candidate = Candidate(
            row["name"],
            row["iso2"],
            float(row["lat"]),
            float(row["lon"]),
            "country",
            int(row["population"]),
            geonameid=int(row["geonameid"]),
            feature_class=ADMINISTRATIVE,
            feature_code=COUNTRY_CODE,
        )
        countries[row["iso2"]] = gazetteer.add(row["name"], candidate)
    for row in _rows("country_names.tsv"):
        if row["type"] == "demonym":
            gazetteer.demonyms[normalize(row["name"])] = row["iso2"]
        elif row["iso2"] in countries:
            gazetteer.add(row["name"], countries[row["iso2"]])
    for row in _rows("admin1.tsv"):
        candidate = Candidate(
            row["name"],
            row["country"],
            float(row["lat"]),
            float(row["lon"]),
            "admin1",
            int(row["population"]),
            row["name"],
            feature_class=ADMINISTRATIVE,
            feature_code=ADMIN1_CODE,
        )
        gazetteer.add(row["name"], candidate)
    for row in _rows("admin1_aliases.tsv"):
        for found in gazetteer.rows(row["admin1"]):
            candidate = gazetteer.candidates[found]
            if candidate.kind == "admin1" and candidate.country == row["country"]:
                gazetteer.add(row["name"], found)
    for row in _rows("cities.tsv"):
        lat, lon, population = float(row["lat"]), float(row["lon"]), int(row["population"])
        geonameid = int(row["geonameid"])  # one int for the city and its spelling variant
        city = Candidate(
            row["name"],
            row["country"],
            lat,
            lon,
            "city",
            population,
            row["admin1"],
            True,
            geonameid,
            POPULATED,
        )
        gazetteer.add(row["name"], city)
        if row["alternates"]:  # one row for all spellings of a city: they are equal
            variant: Candidate | int = replace(city, primary=False)
            for alternate in filter(None, row["alternates"].split("|")):
                variant = gazetteer.add(alternate, variant)
    for row in _rows("admin2.tsv"):
        candidate = Candidate(
            row["name"],
            row["country"],
            float(row["lat"]),
            float(row["lon"]),
            "region",
            int(row["places"]),
            row["admin1"],
            feature_class=ADMINISTRATIVE,
            feature_code=ADMIN2_CODE,
        )
        for name in {row["name"], row["short_name"]}:
            gazetteer.fallback.setdefault(normalize(name), []).append(candidate)
    for row in _rows("features.tsv"):
        candidate = Candidate(
            row["name"],
            row["country"] or None,
            float(row["lat"]),
            float(row["lon"]),
            row["kind"],
            feature_class=FEATURE_CLASSES[row["kind"]],
        )
        added: Candidate | int = candidate
        for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
            added = gazetteer.add(name, added)  # one row for the feature and its aliases
            gazetteer.features.append(name)
    return gazetteer


# ---------------------------------------------------------------- finding place names


@functools.lru_cache(maxsize=4)
def _feature_matcher(nlp: Language) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")  # case matters: "the Gulf", not "a gulf"
    matcher.add(FEATURE_LABEL, list(nlp.tokenizer.pipe(load_gazetteer().features)))
    return matcher


def candidate_spans(doc: Doc, matcher: PhraseMatcher | None = None) -> list[Span]:
    """Place names: multi-word table features ("the Persian Gulf"), then GPE/LOC/FAC entities, then
    other names after a locative preposition ("met in Niamey", where the small model says ORG)."""
    spans: list[Span] = []
    taken: set[int] = set()

    def take(span: Span) -> None:
        spans.append(span)
        taken.update(range(span.start, span.end))

    if matcher is not None:
        trimmed = [span for span in map(_trim, matcher(doc, as_spans=True)) if span is not None]
        for span in sorted(trimmed, key=lambda span: (span.start, -len(span))):
            if not taken.intersection(range(span.start, span.end)):
                take(span)
    for entity in doc.ents:
        if (
            entity.label_ in PLACE_LABELS
            and not taken.intersection(range(entity.start, entity.end))
            and (trimmed := _trim(entity)) is not None
        ):
            take(trimmed)
    for span in _proper_names(doc):
        if not taken.intersection(range(span.start, span.end)) and (
            is_locative(span) or _after_place_preposition(span)
        ):
            take(span)
    return sorted(spans, key=lambda span: span.start)


def _proper_names(doc: Doc) -> list[Span]:
    """Runs of proper nouns, and entities of other labels, as spans ("Niamey", "Kidapawan City");
    not dates ("in August") nor institutions ("in Parliament") that share a town's name."""
    names = [_trim(entity) for entity in doc.ents if entity.label_ in OTHER_NAME_LABELS]
    start = None
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and token.is_title:
            start = token.i if start is None else start
        elif start is not None:
            names.append(doc[start : token.i if token is not None else len(doc)])
            start = None
    return [
        span
        for span in names
        if span is not None
        and span.text.lower() not in NOT_PLACE_NAMES
        and not any(token.ent_type_ in ("DATE", "TIME") for token in span)
    ]


def _trim(span: Span) -> Span | None:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    if span[0].lower_ == "the":
        start += 1
    if end > start and span.doc[end - 1].lower_ in ("'s", "’s", "'"):
        end -= 1
    return Span(span.doc, start, end, label=span.label) if end > start else None


def _lookup_text(span: Span) -> str:
    return TRAILING_POSSESSIVE.sub("", span.text)


def read_motion_words() -> frozenset[str]:
    text = (PLACES_DIR / "motion_words.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())


def _motion_governs(span: Span, motion_words: frozenset[str]) -> bool:
    """The preposition before ``span`` hangs from a word of motion ("flights to", "airlifted from")."""
    token = span.root
    while token.dep_ in ("appos", "conj", "pobj", "prep") and token.head.i != token.i:
        token = token.head
        if token.lemma_.lower() in motion_words:
            return True
    return False


def _after_place_preposition(span: Span, prepositions: frozenset[str] = PLACE_PREPOSITIONS) -> bool:
    """ "flew to Magnitogorsk", "between Baracoa and Guantanamo": prepositions of motion and range."""
    token = span.root
    while token.dep_ in ("appos", "conj") and token.head.i != token.i:
        token = token.head
    if token.dep_ != "pobj":
        return False
    preposition = token.head
    if preposition.lower_ in prepositions:
        return True
    return (
        prepositions is PLACE_PREPOSITIONS
        and preposition.lower_ == "of"
        and preposition.head.lower_ in ADMIN_WORDS | PLACE_NOUNS
    )


def used_as_place(span: Span, actor_spans: list[Span], motion_words: frozenset[str]) -> bool:
    """A place name that names a place here, not an actor ("in Moscow", not "Moscow said")."""
    if is_locative(span):
        return True
    # "flights to Cuba", "troops from Russia": a country or capital after a preposition of motion is
    # both the other party of an event (an actor mention) and where it goes or comes from.
    if _after_place_preposition(span, DESTINATION_PREPOSITIONS) and _motion_governs(span, motion_words):
        return True
    # An actor mention covering the name claims it; one inside it ("Mexico" in "New Mexico") does not.
    if any(actor.start <= span.start and span.end <= actor.end for actor in actor_spans):
        return False
    if _after_place_preposition(span):
        return True
    if span.label_ in ("LOC", "FAC", FEATURE_LABEL):
        # Seas, regions and sites rarely act; only as a subject or owner do they stand for someone.
        return span.root.dep_ not in ("nsubj", "nsubjpass", "poss")
    return False


# ---------------------------------------------------------------- geocoding


def context_countries(doc: Doc, spans: list[Span], gazetteer: Gazetteer) -> set[str]:
    """Countries the article names (as places or through its actors), as alpha-2 codes."""
    countries = set()
    for mention in doc._.actor_mentions or []:
        if mention.actor.country and mention.actor.country in gazetteer.iso2:
            countries.add(gazetteer.iso2[mention.actor.country])
    for span in spans:
        found = gazetteer.lookup(_lookup_text(span))
        kinds = {candidate.kind for candidate in found}
        if found and kinds == {"country"}:
            countries.add(found[0].country)
    for token in doc:
        if token.ent_type_ == "NORP" and (code := gazetteer.demonyms.get(token.lower_)):
            countries.add(code)
    return countries


def qualifier_of(span: Span, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    """(country, admin1) the text itself gives the name: "Paris, Texas", "the Syrian city of Idlib"."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        following = doc[span.end + 1 : span.end + 1]
        for entity in doc.ents:
            if entity.start == span.end + 1 and entity.label_ == "GPE":
                following = entity
                break
        if len(following):
            found = _qualifier_from(following, gazetteer)
            if found[0]:
                return found
    # "the Russian resort town of Sochi": a demonym on the noun the name hangs from.
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        governor = root.head.head
        for child in governor.children:
            if code := gazetteer.demonyms.get(child.lower_):
                return code, None
    for token in doc[max(span.start - 3, 0) : span.start]:
        code = gazetteer.demonyms.get(token.lower_)
        if code and (token.head.i >= span.start or token.head.head.i >= span.start):
            return code, None
    return None, None


def _qualifier_from(qualifier: Span, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    for candidate in gazetteer.lookup(_lookup_text(qualifier)):
        if candidate.kind == "country":
            return candidate.country, None
        if candidate.kind == "admin1":
            return candidate.country, candidate.name
    return None, None


def _admin_word_follows(span: Span) -> bool:
    doc = span.doc
    return (span.end < len(doc) and doc[span.end].lower_ in ADMIN_WORDS) or (
        span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in ADMIN_WORDS
    )


def _split_name(span: Span) -> tuple[Span | None, Span | None]:
    """An entity that swallowed its qualifier ("Shelby, North Carolina") or a "City" suffix
    ("Kidapawan City"): the name alone, and the qualifier when there is one."""
    for token in span[1:-1]:
        if token.text == ",":
            return span.doc[span.start : token.i], span.doc[token.i + 1 : span.end]
    if len(span) > 1 and span[-1].lower_ == "city":
        return span[:-1], None
    return None, None


def geocode(
    span: Span, gazetteer: Gazetteer, countries: set[str], qualifier: Span | None = None
) -> Candidate | None:
    """The best gazetteer entry for a place name in its context, or None when it is unknown."""
    found = gazetteer.lookup(_lookup_text(span))
    if not found:
        name, qualifier = _split_name(span)
        if name is not None:
            return geocode(name, gazetteer, countries, qualifier)
        # Counties and districts only for names the model calls places and nothing else knows.
        found = (
            gazetteer.fallback.get(normalize(_lookup_text(span)), []) if span.label_ in PLACE_LABELS else []
        )
        if not found:
            return None
    if any(candidate.primary for candidate in found):
        found = [candidate for candidate in found if candidate.primary]
    table_features = [candidate for candidate in found if candidate.kind in ("region", "water", "site")]
    if table_features:
        return table_features[0]
    country, admin1 = (
        _qualifier_from(qualifier, gazetteer) if qualifier is not None else qualifier_of(span, gazetteer)
    )
    if country:
        narrowed = [
            candidate
            for candidate in found
            if candidate.country == country and (not admin1 or candidate.admin1 == admin1)
        ]
        if narrowed:
            found = narrowed
    if _admin_word_follows(span) and any(candidate.kind == "admin1" for candidate in found):
        found = [candidate for candidate in found if candidate.kind == "admin1"]
    own_countries = [candidate for candidate in found if candidate.kind == "country"]
    if own_countries:
        return own_countries[0]
    in_context = [candidate for candidate in found if candidate.country in countries]
    if in_context:
        found = in_context
    # A city and a region of one name in one country (Idlib, Aleppo, New York): the city.
    return max(
        found,
        key=lambda candidate: candidate.population if candidate.kind == "city" else candidate.population // 4,
    )


def to_place(span: Span, candidate: Candidate, gazetteer: Gazetteer) -> Place:
    return Place(
        name=candidate.name,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        lat=round(candidate.lat, 5),
        lon=round(candidate.lon, 5),
        country=gazetteer.iso3.get(candidate.country) if candidate.country else None,
        kind=candidate.kind,
        geonameid=candidate.geonameid,
        feature_class=candidate.feature_class,
        feature_code=candidate.feature_code,
        admin1=candidate.admin1 or None,
    )


class PlaceRecognizer:
    """spaCy component: ``doc._.place_mentions`` for every place name used as a place."""

    def __init__(self, nlp: Language):
        self.gazetteer = load_gazetteer()
        self.motion_words = read_motion_words()
        self.matcher = _feature_matcher(nlp)

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))

    def match(self, doc: Doc) -> list[PlaceMention]:
        spans = candidate_spans(doc, self.matcher)
        actor_spans = [mention.span for mention in doc._.actor_mentions or []]
        countries = context_countries(doc, spans, self.gazetteer)
        mentions = []
        for span in spans:
            if not used_as_place(span, actor_spans, self.motion_words):
                continue
            candidate = geocode(span, self.gazetteer, countries)
            if candidate is not None:
                mentions.append(PlaceMention(span=span, place=to_place(span, candidate, self.gazetteer)))
        return mentions

    def set_annotations(self, doc: Doc, mentions: list[PlaceMention]) -> Doc:
        doc._.place_mentions = mentions
        return doc
