"""The EVENTS stage: PLOVER events with their CAMEO codes, roles and modality, from the parse.

``EventCoder`` sets ``doc._.events``. For each sentence it

1. finds triggers (:func:`find_triggers`): verbs and event nouns whose lemma is in the lexicon
   (``data/lexicon.yaml``, plus a user lexicon merged over it);
2. codes each trigger (:func:`code_trigger`): the lexicon entry, refined by its object ("sent
   troops"), a preposition ("called for"), a modifier ("air strike") or the event it governs
   ("threatened to strike" is a THREATEN, the strike is not an event of its own);
3. finds the roles: subject/agent → sources, object or prepositional complement → targets, through
   passives, coordination, control, relative clauses and appositions;
4. sets modality: negated, future, hypothetical (a condition: "if an offensive began" is no event),
   historical (dated well before publication), else asserted;
5. drops what event-data analysts would not want: no source actor (except an attack by an unknown
   perpetrator on a known target), or a sentence about sports, markets or weather (``data/discards.txt``).

PLOVER types, modes and contexts come from the CAMEO code through the crosswalk in ``data/cameo.tsv``
unless the lexicon entry sets them; ``intensity`` is the PLOVER score of the type and mode
(``data/plover.yaml``).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .errors import DataFileError
from .nlp import ActorMention, PlaceMention, is_locative
from .records import (
    EVENT_TYPES,
    Actor,
    Attribution,
    DateValue,
    Event,
    Evidence,
    Location,
    SentenceRef,
    Trigger,
)

DATA = Path(__file__).with_name("data")
LEXICON_PATH = DATA / "lexicon.yaml"
PLOVER_PATH = DATA / "plover.yaml"
CAMEO_PATH = DATA / "cameo.tsv"
DISCARDS_PATH = DATA / "discards.txt"

# A sports score ("beat Turkey 2-1", "a 3–0 win"): the sentence is a result, not an event.
SCORE = re.compile(r"(?<![\d/.-])\d{1,2}\s?[-–]\s?\d{1,2}(?![\d/.-])")
# Events dated this long before publication are background ("historical").
HISTORICAL_DAYS = 365

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp"})
# A verb without a subject of its own shares the subject of the verb it hangs from.
INHERIT_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "ccomp"})
# Inside a noun phrase, where actor names hang: "Russian, Turkish and French officials",
# "Turkey's president", "Erdogan, Turkey's president", "the president of Syria".
ACTOR_PHRASE_DEPS = frozenset({"amod", "compound", "poss", "nmod", "appos", "conj", "nummod", "npadvmod"})
# An event noun inside a name or a date ("the Arab Spring protests" aside) is not an event: "March 1".
NOUN_TRIGGER_ENTITIES = frozenset({"", "NORP", "EVENT"})
# How a clause hangs from the verbs that can negate it or put it in the future.
CHAIN_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pcomp", "conj"})
# Things that say something on someone's behalf: "a declaration demanding" is the issuer's demand.
DOCUMENT_NOUNS = frozenset({"declaration", "statement", "letter", "communique", "message", "note", "resolution",
                            "report", "appeal", "petition", "decree", "order", "memorandum"})  # fmt: skip
LOCAL_ACTOR_KINDS = frozenset({"group", "person"})
RELATIVE_PRONOUN_TAGS = frozenset({"WDT", "WP"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
THIRD_PERSON = frozenset({"he", "she", "they", "it"})
# The path from an event noun up to the verb or noun it is an argument of.
NOUN_ARGUMENT_DEPS = frozenset(
    {"pobj", "prep", "dobj", "nsubj", "nsubjpass", "conj", "attr", "appos", "compound"}
)
VERB_ENDINGS = (("ied", "y"), ("ed", ""), ("d", ""), ("ing", ""), ("ing", "e"), ("es", ""), ("s", ""))
# A reported clause with "must" or "should" is a demand by the speaker ("Russia said Sudan must return
# the helicopter"); the entry is the lexicon's "demand", applied to the reporting verb.
OBLIGATION_ENTRY = {"cameo": "100", "obligation": True}

# Types of events done to people where they are (a curfew, a blockade, an attack, a protest): with no
# target named, PLOVER codes the population of the event's place, i.e. its country ("lifted a curfew in
# Montenegro" targets Montenegro). Not for verbal or bilateral types (CONSULT, AGREE, REQUEST ...),
# whose place is only where the talking happened, nor RETREAT (a ceasefire, a surrender, a withdrawal
# is made towards an opponent, not to the people of the place).
LOCATION_TARGET_TYPES = frozenset(
    {"COERCE", "ASSAULT", "CONCEDE", "SANCTION", "MOBILIZE", "AID", "PROTEST"}
)
# How a place name hangs from the event's verb: its phrase, an object's phrase, a preposition.
PLACE_PATH_DEPS = frozenset({"pobj", "prep", "compound", "appos", "conj", "amod", "dobj", "obj", "npadvmod"})
# Clauses that happen where their governor happens ("declared a state of siege in Haiti, arresting ...").
PLACE_SHARING_DEPS = frozenset({"xcomp", "conj", "advcl"})
LOCATION_TARGET_METHOD = "events:location-as-target"
# An attack by an unknown perpetrator: CAMEO's agent code for unidentified armed forces, in the country
# where the attack happens (the ICEWS/CAMEO convention, e.g. IRQUAF).
UNIDENTIFIED_SECTOR = "UAF"
UNIDENTIFIED_METHOD = "events:unidentified-attacker"

CONFIDENCE_VERB = 0.9
CONFIDENCE_NOUN = 0.8
CONFIDENCE_PENALTY = 0.1  # each inference beyond the parse: pronoun, speaker, unknown perpetrator


# ---------------------------------------------------------------------------------------------------
# Data: CAMEO codebook with crosswalk, PLOVER scores, lexicon, discards


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    event_type: str | None
    mode: str | None
    context: tuple[str, ...]


@dataclass(frozen=True)
class Coding:
    """What one trigger means, before roles: a CAMEO code and its PLOVER reading."""

    cameo: str | None
    event_type: str
    mode: str | None
    context: tuple[str, ...]
    method: str


@dataclass
class Lexicon:
    verbs: dict[str, dict]
    nouns: dict[str, dict]
    words: dict[str, frozenset[str]]
    target_preps: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_cameo() -> dict[str, CameoCode]:
    codes = {}
    with CAMEO_PATH.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            context = tuple(part for part in row["plover_context"].split(";") if part)
            codes[row["code"]] = CameoCode(
                code=row["code"],
                name=row["name"],
                goldstein=float(row["goldstein"]),
                event_type=row["plover_type"] or None,
                mode=row["plover_mode"] or None,
                context=context,
            )
    return codes


@functools.lru_cache(maxsize=1)
def load_plover() -> dict[str, dict]:
    return yaml.safe_load(PLOVER_PATH.read_text(encoding="utf-8"))["types"]


def plover_score(event_type: str, mode: str | None) -> float:
    scores = load_plover()[event_type]
    return float(scores["modes"].get(mode, scores["score"]))


def quad_class(event_type: str) -> int:
    return int(load_plover()[event_type]["quad"])


@functools.lru_cache(maxsize=1)
def load_discards() -> tuple[str, ...]:
    phrases = []
    for line in DISCARDS_PATH.read_text(encoding="utf-8").splitlines():
        phrase = line.split("#", 1)[0].strip().lower()
        if phrase:
            phrases.append(phrase)
    return tuple(phrases)


class LexiconLoader(yaml.SafeLoader):
    """YAML 1.1 reads the prepositions "on" and "off" (and "yes", "no") as booleans; here only
    true/false are booleans."""


LexiconLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    LexiconLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LexiconLoader)  # noqa: S506 (a SafeLoader)
    except FileNotFoundError as error:
        raise DataFileError(str(path), "file not found") from error
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(str(path), f"cannot read: {error}") from error
    except yaml.YAMLError as error:
        raise DataFileError(str(path), f"not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise DataFileError(str(path), "expected a mapping with 'verbs' and/or 'nouns' at the top")
    return data


def _check_spec(path: Path, where: str, spec: object) -> None:
    """A code spec is a CAMEO code string, null, or a mapping with cameo/type/mode/context."""
    if spec is None or isinstance(spec, str):
        spec = {"cameo": spec}
    if not isinstance(spec, dict):
        raise DataFileError(str(path), f"{where}: expected a CAMEO code or a mapping, got {spec!r}")
    cameo, event_type = spec.get("cameo"), spec.get("type")
    if cameo is not None and str(cameo) not in load_cameo():
        raise DataFileError(str(path), f"{where}: unknown CAMEO code {cameo!r}")
    if event_type is not None and event_type not in EVENT_TYPES:
        raise DataFileError(str(path), f"{where}: unknown PLOVER type {event_type!r}")


def _check_entries(path: Path, section: str, entries: object) -> dict[str, dict]:
    if entries is None:
        return {}
    if not isinstance(entries, dict):
        raise DataFileError(str(path), f"'{section}' must map lemmas to entries")
    checked = {}
    for lemma, entry in entries.items():
        if not isinstance(entry, dict):
            raise DataFileError(str(path), f"{section}.{lemma}: expected a mapping, got {entry!r}")
        _check_spec(path, f"{section}.{lemma}", entry)
        for table in ("objects", "preps", "complements", "modifiers"):
            values = entry.get(table) or {}
            if not isinstance(values, dict):
                raise DataFileError(str(path), f"{section}.{lemma}.{table}: expected a mapping")
            for key, value in values.items():
                _check_spec(path, f"{section}.{lemma}.{table}.{key}", value)
        checked[str(lemma).lower()] = entry
    return checked


def _merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


WORD_LISTS = ("light_verbs", "negating_verbs", "future_verbs", "modal_future", "modal_hypothetical",
              "condition_markers", "reporting_verbs", "obligation_modals", "event_frames",
              "perpetrator_optional", "hypothetical_verbs")  # fmt: skip


@functools.lru_cache(maxsize=8)
def load_lexicon(user_path: str | None = None) -> Lexicon:
    """The shipped lexicon, with the user's lexicon (if any) merged over it entry by entry."""
    raw = _read_yaml(LEXICON_PATH)
    if user_path is not None:
        path = Path(user_path)
        user = _read_yaml(path)
        unknown = set(user) - {"verbs", "nouns", "defaults", *WORD_LISTS}
        if unknown:
            raise DataFileError(str(path), f"unknown section(s): {', '.join(sorted(map(str, unknown)))}")
        _check_entries(path, "verbs", user.get("verbs"))
        _check_entries(path, "nouns", user.get("nouns"))
        raw = _merge(raw, user)
    verbs = _check_entries(LEXICON_PATH, "verbs", raw.get("verbs"))
    nouns = _check_entries(LEXICON_PATH, "nouns", raw.get("nouns"))
    words = {name: frozenset(str(word).lower() for word in raw.get(name) or ()) for name in WORD_LISTS}
    target_preps = frozenset((raw.get("defaults") or {}).get("target_preps") or ())
    return Lexicon(verbs, nouns, words, target_preps)


def resolve(spec: object, method: str) -> Coding | None:
    """A lexicon spec (code string or mapping) as a PLOVER coding; None when it codes no PLOVER event."""
    if spec is None:
        return None
    if isinstance(spec, str):
        spec = {"cameo": spec}
    cameo = str(spec["cameo"]) if spec.get("cameo") is not None else None
    known = load_cameo().get(cameo) if cameo else None
    event_type = spec.get("type") or (known.event_type if known else None)
    if event_type is None:  # CAMEO statements (01x) have no PLOVER type
        return None
    mode = spec.get("mode", known.mode if known and known.event_type == event_type else None)
    context = spec.get("context")
    if context is None:
        context = known.context if known else ()
    elif isinstance(context, str):
        context = (context,)
    return Coding(cameo, event_type, mode or None, tuple(context), method)


# ---------------------------------------------------------------------------------------------------
# Triggers and their coding


@dataclass(frozen=True)
class Candidate:
    token: Token
    kind: str  # "verb" or "noun"
    entry: dict


def lemma_in(token: Token, table: dict | frozenset) -> str | None:
    """The token's lemma as a key of ``table``, trying plain de-inflections of the word when the
    lemmatiser slips ("staged" → "stag")."""
    lemma = token.lemma_.lower()
    if lemma in table:
        return lemma
    word = token.lower_
    if token.pos_ == "VERB":
        for suffix, replacement in VERB_ENDINGS:
            if word.endswith(suffix) and word[: len(word) - len(suffix)] + replacement in table:
                return word[: len(word) - len(suffix)] + replacement
    return None


def find_triggers(sentence: Span, lexicon: Lexicon) -> Iterator[Candidate]:
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma_in(token, lexicon.verbs):
            yield Candidate(token, "verb", lexicon.verbs[lemma_in(token, lexicon.verbs)])
        elif (
            token.pos_ == "VERB"
            and lemma_in(token, lexicon.words["reporting_verbs"])
            and obligation_clause(token, lexicon)
        ):
            yield Candidate(token, "verb", OBLIGATION_ENTRY)
        elif token.pos_ == "NOUN" and lemma in lexicon.nouns and token.ent_type_ in NOUN_TRIGGER_ENTITIES:
            entry = lexicon.nouns[lemma]
            if entry.get("plural_only") and token.tag_ not in ("NNS", "NNPS"):
                continue
            yield Candidate(token, "noun", entry)


def obligation_clause(token: Token, lexicon: Lexicon) -> Token | None:
    """The clause a reporting verb introduces when it states an obligation ("said X must ...")."""
    for child in token.children:
        if child.dep_ == "ccomp" and any(
            aux.dep_ == "aux" and aux.lower_ in lexicon.words["obligation_modals"] for aux in child.children
        ):
            return child
    return None


def objects_of(token: Token) -> list[Token]:
    """Direct objects and their conjuncts ("sent troops and tanks")."""
    found = []
    for child in token.children:
        if child.dep_ in ("dobj", "obj"):
            found.append(child)
            found.extend(conj for conj in child.conjuncts)
    return found


def object_words(token: Token) -> list[Token]:
    """Objects and the noun after their "of" ("a state of emergency", "700 kg of medicine"), in order."""
    words = []
    for obj in objects_of(token):
        words.append(obj)
        words.extend(pobj for preposition, pobj in prep_objects(obj, ("of",)))
    return words


def prep_objects(token: Token, prepositions: Iterable[str] | None = None) -> list[tuple[str, Token]]:
    """(preposition, object) pairs of a word, through conjuncts ("with Russia and Iran")."""
    wanted = None if prepositions is None else set(prepositions)
    found = []
    for child in token.children:
        if child.dep_ not in ("prep", "agent", "dative"):
            continue
        if wanted is not None and child.lower_ not in wanted:
            continue
        for grandchild in child.children:
            if grandchild.dep_ == "pobj":
                found.append((child.lower_, grandchild))
                found.extend((child.lower_, conj) for conj in grandchild.conjuncts)
    return found


def _lookup(table: dict | None, lemma: str) -> tuple[bool, object]:
    if table and lemma in table:
        return True, table[lemma]
    return False, None


def code_noun(token: Token, entry: dict) -> Coding | None:
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ in ("amod", "compound", "nmod"):
            found, spec = _lookup(entry.get("modifiers"), child.lemma_.lower())
            if found:
                return resolve(spec, f"lexicon:noun:{lemma}+modifier:{child.lemma_.lower()}")
    if entry.get("cameo") is None and not entry.get("type"):
        return None  # only with a modifier ("hunger strike")
    return resolve(entry, f"lexicon:noun:{lemma}")


def complement_of(token: Token) -> Token | None:
    """The verb of an xcomp/ccomp clause governed by ``token`` ("threatened [to strike]")."""
    for child in token.children:
        if child.dep_ in COMPLEMENT_DEPS and child.pos_ in ("VERB", "AUX"):
            return child
    for child in token.children:  # "denied sending troops": the gerund parses as an object
        if child.dep_ in ("dobj", "pcomp") and child.pos_ == "VERB":
            return child
    for _preposition, pobj in prep_objects(token):  # "insisted on sending", "called for talks"
        if pobj.pos_ == "VERB":
            return pobj
    return None


class Coder:
    """The coding rules over one lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    # --- what a trigger means -----------------------------------------------------------------

    def event_noun_of(self, verb: Token) -> tuple[Token, Coding] | None:
        """The event noun a light verb carries ("launched airstrikes", "held talks")."""
        for obj in object_words(verb) + [pobj for _p, pobj in prep_objects(verb, ("on", "in"))]:
            entry = self.lexicon.nouns.get(obj.lemma_.lower())
            if entry is None or (entry.get("plural_only") and obj.tag_ not in ("NNS", "NNPS")):
                continue
            coding = code_noun(obj, entry)
            if coding is not None:
                return obj, coding
        return None

    def inner_coding(self, token: Token) -> Coding | None:
        """The coding of a complement event, used to refine its governor ("threatened to strike")."""
        lemma = lemma_in(token, self.lexicon.verbs)
        if lemma is not None:
            coding = self.code_verb(token, self.lexicon.verbs[lemma], nested=True)
            if coding is not None:
                return coding
        if lemma_in(token, self.lexicon.words["light_verbs"]):
            carried = self.event_noun_of(token)
            if carried is not None:
                return carried[1]
        return None

    def code_verb(self, token: Token, entry: dict, nested: bool = False) -> Coding | None:
        """The verb's coding: by the event it governs, its object, its preposition, else its own code.
        ``nested``: coding a complement for its governor, which does not look further down."""
        lemma = lemma_in(token, self.lexicon.verbs) or token.lemma_.lower()
        method = f"lexicon:verb:{lemma}"
        if entry.get("obligation"):
            return self.code_obligation(token)
        complement = complement_of(token) if entry.get("complements") else None
        if complement is not None and not nested:
            inner = self.inner_coding(complement)
            table = entry["complements"]
            if inner is not None:
                spec = table.get(inner.event_type, table.get("default"))
                return resolve(spec, f"{method}+complement:{complement.lemma_.lower()}") if spec else None
        candidates = object_words(token) + [pobj for _p, pobj in prep_objects(token)]
        for obj in candidates:
            for word in [obj] + [child for child in obj.children if child.dep_ == "compound"]:
                found, spec = _lookup(entry.get("objects"), word.lemma_.lower())
                if found:
                    return resolve(spec, f"{method}+object:{word.lemma_.lower()}")
        if entry.get("preps_without_object") and objects_of(token):
            return None  # "called the election for Biden" is no call for anything
        for preposition, _pobj in prep_objects(token):
            found, spec = _lookup(entry.get("preps"), preposition)
            if found:
                return resolve(spec, f"{method}+prep:{preposition}")
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in (entry.get("preps") or {}):
                return resolve(entry["preps"][child.lower_], f"{method}+prep:{child.lower_}")
        if entry.get("cameo") is None and not entry.get("type"):
            return None
        return resolve(entry, method)

    def code_obligation(self, token: Token) -> Coding | None:
        clause = obligation_clause(token, self.lexicon)
        if clause is None:
            return None
        demand = self.lexicon.verbs.get("demand") or {}
        inner = self.inner_coding(clause)
        table = demand.get("complements") or {}
        if inner is None:
            spec = OBLIGATION_ENTRY["cameo"]
        else:
            spec = table.get(inner.event_type, table.get("default"))
        return resolve(spec, f"rule:obligation:{token.lemma_.lower()}+{clause.lemma_.lower()}")

    # --- structure ----------------------------------------------------------------------------

    def governor(self, token: Token) -> Token | None:
        """The verb that folds this one into its own event ("threatened [to strike]"), if any."""
        head = token.head
        if head.i == token.i or token.dep_ not in (*COMPLEMENT_DEPS, "dobj", "pobj"):
            return None
        reporting = lemma_in(head, self.lexicon.words["reporting_verbs"])
        if token.dep_ == "ccomp" and reporting and _same_token(obligation_clause(head, self.lexicon), token):
            return head
        if token.dep_ == "pobj":
            head = head.head  # "called for [sending]"
        entry = self.lexicon.verbs.get(lemma_in(head, self.lexicon.verbs) or "")
        governs = entry is not None and entry.get("complements")
        if head.pos_ == "VERB" and governs and _same_token(complement_of(head), token):
            return head
        return None

    def is_event_verb(self, verb: Token) -> bool:
        lemma = lemma_in(verb, self.lexicon.verbs)
        if lemma is not None and self.code_verb(verb, self.lexicon.verbs[lemma]) is not None:
            return True
        if lemma_in(verb, self.lexicon.words["light_verbs"]) is None:
            return False
        return self.event_noun_of(verb) is not None

    def purpose_of(self, token: Token) -> Token | None:
        """The event a clause serves ("staged demonstrations [to demand reforms]", "demonstrated
        [calling for independence]"): PLOVER codes the main event, the purpose is part of it."""
        if token.dep_ != "advcl" or token.head.i == token.i:
            return None
        infinitive = any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)
        participle = token.tag_ == "VBG" and not any(child.dep_ in SUBJECT_DEPS for child in token.children)
        if not (infinitive or participle):
            return None
        if participle and not infinitive:
            # "killing one person and arresting 12" are events of their own; "calling for", "demanding",
            # "saying" (verbal acts) are what a material event (a protest) is about.
            own = self.inner_coding(token)
            if own is None or quad_class(own.event_type) not in (1, 3):
                return None
        head = token.head
        return head if head.pos_ == "VERB" and self.is_event_verb(head) else None

    def folded_into(self, verb: Token) -> Token | None:
        """The event this verb's clause belongs to, if it is not one of its own."""
        folded = self.governor(verb) or self.purpose_of(verb)
        if folded is not None:
            return folded
        for ancestor in verb.ancestors:  # anything inside "said X must ..." is part of the demand
            if ancestor.dep_ == "ccomp" and lemma_in(ancestor.head, self.lexicon.words["reporting_verbs"]):
                if _same_token(obligation_clause(ancestor.head, self.lexicon), ancestor):
                    return ancestor.head
        return None

    def folded_noun(self, token: Token) -> bool:
        """An event noun that is an argument of another event ("agreed to a ceasefire", "condemned the
        airstrikes") is part of that event, not an event of its own."""
        head = token
        while head.dep_ in NOUN_ARGUMENT_DEPS and head.head.i != head.i:
            head = head.head
            if head.pos_ == "VERB":
                lemma = head.lemma_.lower()
                return lemma in self.lexicon.verbs or lemma in self.lexicon.words["negating_verbs"]
            if head.pos_ == "NOUN" and head.lemma_.lower() in self.lexicon.nouns and head.i != token.i:
                return True
        return False


# ---------------------------------------------------------------------------------------------------
# Roles


@dataclass
class Roles:
    sources: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class ActorIndex:
    """Actor mentions by the tokens they cover."""

    def __init__(self, doc: Doc):
        self.by_token: dict[int, list[ActorMention]] = {}
        for mention in doc._.actor_mentions or []:
            for index in range(mention.span.start, mention.span.end):
                self.by_token.setdefault(index, []).append(mention)

    def phrase_actors(self, head: Token, follow_of: bool = True) -> list[ActorMention]:
        """The actors a noun phrase names: its own mention and those of its modifiers and conjuncts.

        ``follow_of=False`` for an event noun, whose "of" phrase is its object ("the invasion of Lebanon").
        """
        found: list[ActorMention] = []
        seen: set[int] = set()
        stack = [head]
        while stack:
            token = stack.pop()
            if token.i in seen:
                continue
            seen.add(token.i)
            for mention in self.by_token.get(token.i, ()):
                if mention not in found:
                    found.append(mention)
            for child in token.children:
                if child.dep_ in ACTOR_PHRASE_DEPS or child.dep_ == "cc":
                    stack.append(child)
                elif (
                    child.dep_ == "prep"
                    and child.lower_ in ("of", "from")
                    and follow_of
                    and token.i == head.i
                ):
                    # "the president of Syria", "activists from the Fatah party"; one level only, not
                    # "the sides of the island of Cyprus"
                    stack.extend(grandchild for grandchild in child.children if grandchild.dep_ == "pobj")
        found.sort(key=lambda mention: mention.span.start)
        return found


def subjects_of(token: Token) -> tuple[list[Token], bool]:
    """The subject words of a verb, climbing through control, coordination and relative clauses.

    Returns (subjects, passive): passive subjects are the patients, not the agents.
    """
    current = token
    for _ in range(6):  # bounded climb: a parse can hold cycles of conj/xcomp through errors
        subjects = [child for child in current.children if child.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
        if subjects:
            # "has been indicted ... and will resign": the passive is the first verb's, not ours.
            own_passive = any(child.dep_ == "auxpass" for child in token.children)
            if current.i == token.i:
                passive = subjects[0].dep_ in PASSIVE_SUBJECT_DEPS
            else:  # "Turkey is ... and was condemned": the voice is the verb's own
                passive = own_passive
            words = []
            for subject in subjects:
                if subject.tag_ in RELATIVE_PRONOUN_TAGS and current.dep_ == "relcl":
                    words.append(current.head)  # "the forces that attacked": the forces
                else:
                    words.append(subject)
            return words, passive
        if current.dep_ == "relcl":  # "the forces attacking ...", reduced relative
            return [current.head], False
        if current.dep_ == "acl" and current.tag_ == "VBN":  # "troops deployed in Idlib"
            return [current.head], True
        if current.dep_ == "acl" and current.tag_ == "VBG":
            noun = current.head
            if noun.lemma_.lower() in DOCUMENT_NOUNS and noun.dep_ in ("dobj", "obj"):
                current = noun.head  # "issued a declaration demanding ...": the issuer
                continue
            return [noun], False  # "demonstrators protesting election results"
        if current.dep_ not in INHERIT_DEPS or current.head.i == current.i:
            return [], False
        if current.dep_ == "xcomp":
            controllers = [child for child in current.head.children if child.dep_ in ("dobj", "obj")]
            if controllers:  # "pressed Washington to provide aid": Washington provides
                return controllers, False
        current = current.head
    return [], False


def is_stative(token: Token, entry: dict) -> bool:
    """An adjectival passive that means the active verb: "is opposed to X" is "opposes X" (the entry's
    ``stative_preps``), when no "by" phrase names another agent."""
    wanted = entry.get("stative_preps")
    if not wanted or agents_of(token):
        return False
    if not any(child.dep_ == "auxpass" for child in token.children):
        return False
    return any(preposition in wanted for preposition, _pobj in prep_objects(token))


def agents_of(token: Token) -> list[Token]:
    """The "by" phrase of a passive, also inside an adjunct ("condemned in a statement by Egypt")."""
    agents = [pobj for preposition, pobj in prep_objects(token) if preposition == "by"]
    if not agents:
        for _preposition, pobj in prep_objects(token, ("in", "through", "with")):
            agents.extend(inner for preposition, inner in prep_objects(pobj) if preposition == "by")
    return agents


# ---------------------------------------------------------------------------------------------------
# The component


class EventCoder:
    """spaCy component: sets ``doc._.events``."""

    def __init__(self, nlp: Language, lexicon_path: str | None = None):
        self.lexicon = load_lexicon(lexicon_path)
        self.coder = Coder(self.lexicon)
        self.discards = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.discards.add("DISCARD", [nlp.make_doc(phrase) for phrase in load_discards()])

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = list(self.events(doc))
        return doc

    # --- whole document -----------------------------------------------------------------------

    def events(self, doc: Doc) -> Iterator[Event]:
        actors = ActorIndex(doc)
        discarded = {doc[start].sent.start for _id, start, _end in self.discards(doc)}
        seen: set[tuple] = set()
        for index, sentence in enumerate(doc.sents):
            if sentence.start in discarded or SCORE.search(sentence.text):
                continue
            reference = SentenceRef(
                index=index, start=sentence.start_char, end=sentence.end_char, text=sentence.text
            )
            for trigger in find_triggers(sentence, self.lexicon):
                event = self.event_for(doc, trigger, actors, reference)
                if event is None:
                    continue
                key = (
                    index,
                    event.event_type,
                    tuple(sorted((a.start, a.country, a.sector) for a in event.sources)),
                    tuple(sorted((a.start, a.country, a.sector) for a in event.targets)),
                    event.modality,
                )
                if key in seen:  # "attacked and killed": one event
                    continue
                seen.add(key)
                yield event

    # --- one trigger --------------------------------------------------------------------------

    def event_for(
        self, doc: Doc, trigger: Candidate, actors: ActorIndex, reference: SentenceRef
    ) -> Event | None:
        token = trigger.token
        if self.in_condition(token):  # "if an offensive began": not an event of its own
            return None
        if trigger.kind == "verb":
            if self.coder.folded_into(token) is not None:
                return None
            coding = self.coder.code_verb(token, trigger.entry)
            clause = token
            if coding is None and token.lemma_.lower() in self.lexicon.words["light_verbs"]:
                return None
        else:
            coding, clause = self.noun_coding(token, trigger.entry)
        if coding is None:
            return None
        roles = self.roles(doc, token, clause, trigger, actors)
        if roles is None:
            return None
        modality, coding = self.modality(doc, clause, coding)
        date = self.date(doc, clause)
        if modality == "asserted" and self.is_historical(doc, date):
            modality = "historical"
        location = self.location(doc, clause)
        sources = [placed(mention.actor, location) for mention in roles.sources]
        targets = [placed(mention.actor, location) for mention in roles.targets]
        mentions = roles.sources + roles.targets
        if any(actor.country != mention.actor.country for actor, mention in zip(sources + targets, mentions)):
            roles.notes.append("country-from-location")
        if not sources and "unknown-source" in roles.notes:
            attacker = unidentified_attacker(doc, token, clause)
            if attacker is not None:
                sources = [attacker]
        if not targets and sources and coding.event_type in LOCATION_TARGET_TYPES:
            population = location_target(doc, token, clause)
            if population is not None:
                targets = [population]
                roles.notes.append("location-as-target")
        base = CONFIDENCE_VERB if trigger.kind == "verb" else CONFIDENCE_NOUN
        confidence = base - CONFIDENCE_PENALTY * len(roles.notes)
        method = "+".join([coding.method, *roles.notes])
        return Event(
            id="",
            event_type=coding.event_type,
            mode=coding.mode,
            context=list(coding.context),
            cameo=coding.cameo,
            intensity=plover_score(coding.event_type, coding.mode),
            modality=modality,
            sources=sources,
            targets=targets,
            date=date,
            location=location,
            trigger=Trigger(text=token.text, start=token.idx, end=token.idx + len(token.text)),
            sentence=reference,
            attribution=self.attribution(doc, token),
            evidence=Evidence(method=method, confidence=max(0.1, min(1.0, confidence))),
        )

    def noun_coding(self, token: Token, entry: dict) -> tuple[Coding | None, Token]:
        """An event noun is coded when a light verb carries it or it stands as a subject with its
        actors inside its own phrase ("Russian airstrikes ..."); the clause is the light verb's."""
        coding = code_noun(token, entry)
        if coding is None:
            return None, token
        frames = self.lexicon.words["event_frames"]
        position = token
        if position.dep_ == "compound" and position.head.pos_ in ("NOUN", "PROPN"):  # "mediation mission"
            position = position.head
            if position.lemma_.lower() not in frames:
                return None, token  # "war games", "invasion forces": the head noun says what it is
        of_phrase = position.dep_ == "pobj" and position.head.lower_ == "of"
        if of_phrase and position.head.head.dep_ in ("dobj", "obj"):
            position = position.head.head  # "launched ten days of war games"
            if position.lemma_.lower() not in frames:
                return None, token
        head = position.head
        carrier = None
        if position.dep_ in ("dobj", "obj") and self.carries(head):
            carrier = head
        elif position.dep_ == "pobj" and head.lower_ in ("on", "in", "under") and self.carries(head.head):
            carrier = head.head  # "went on strike", "remained on alert"
        if carrier is not None:
            if self.coder.folded_into(carrier) is not None:  # "agreed to undertake joint exercises"
                return None, token
            return replace_method(coding, f"+light:{carrier.lemma_.lower()}"), carrier
        if self.coder.folded_noun(token):
            return None, token
        if token.dep_ in ("nsubj", "nsubjpass", "ROOT") and not (
            token.head.pos_ == "VERB" and lemma_in(token.head, self.lexicon.words["future_verbs"])
        ):
            return coding, token  # "Russian airstrikes hit ...", "Talks between X and Y resumed"
        return None, token

    def carries(self, verb: Token) -> bool:
        """A verb that passes its subject to the event noun it takes: a light verb ("launched
        airstrikes"), or a lexicon verb that codes nothing with this object ("gave a warm welcome")."""
        if verb.pos_ != "VERB":
            return False
        if lemma_in(verb, self.lexicon.words["negating_verbs"]):
            return False  # "to prevent a civil war", "denied the attack": the event does not happen
        lemma = lemma_in(verb, self.lexicon.verbs)
        if lemma is not None:
            return self.coder.code_verb(verb, self.lexicon.verbs[lemma]) is None
        return lemma_in(verb, self.lexicon.words["light_verbs"]) is not None

    def in_condition(self, token: Token) -> bool:
        markers = self.lexicon.words["condition_markers"]
        for word in [token, *token.ancestors]:
            if word.dep_ != "advcl":
                continue
            if any(child.dep_ == "mark" and child.lower_ in markers for child in word.children):
                return True
        return False

    # --- roles --------------------------------------------------------------------------------

    def roles(
        self, doc: Doc, token: Token, clause: Token, trigger: Candidate, actors: ActorIndex
    ) -> Roles | None:
        roles = Roles()
        entry = trigger.entry
        preps = self.lexicon.target_preps | set(entry.get("target_preps") or ())
        if trigger.kind == "noun":
            # "the withdrawal of US forces": "of" names the actor, unless the entry makes it the target
            # ("the invasion of Lebanon").
            roles.sources.extend(actors.phrase_actors(token, follow_of="of" not in preps))
            for preposition, pobj in prep_objects(token):
                if preposition == "by" or (preposition == "between" and entry.get("symmetric")):
                    roles.sources.extend(actors.phrase_actors(pobj))
                elif preposition in preps:
                    roles.targets.extend(actors.phrase_actors(pobj))
            if clause.i != token.i:  # carried by a light verb: its subject acts
                self.add_subjects(doc, clause, actors, roles)
        else:
            self.add_subjects(doc, clause, actors, roles, stative=is_stative(token, entry))
            self.add_targets(token, actors, roles, preps, entry.get("objects"))
            if entry.get("obligation"):
                complement = obligation_clause(token, self.lexicon)
            else:
                complement = complement_of(token) if entry.get("complements") else None
            if complement is not None:
                self.add_targets(complement, actors, roles, preps)
                carried = self.coder.event_noun_of(complement)
                if carried is not None:
                    for preposition, pobj in prep_objects(carried[0], preps):
                        roles.targets.extend(actors.phrase_actors(pobj))
                for subject in (c for c in complement.children if c.dep_ in SUBJECT_DEPS):
                    roles.targets.extend(actors.phrase_actors(subject))  # "demanded that the US withdraw"
        # An actor with no country, sector or organisation code ("Red Hat", a private person) is not
        # one event data can use.
        roles.sources = [m for m in roles.sources if is_coded(m.actor)]
        roles.targets = [m for m in roles.targets if is_coded(m.actor)]
        source_ids = {id(m) for m in roles.sources}
        roles.sources = _unique(roles.sources)
        roles.targets = [
            m for m in _unique(roles.targets) if id(m) not in source_ids and not _same_actor(m, roles.sources)
        ]
        if not roles.sources:
            coding_type = None
            if trigger.kind == "verb":
                coding = self.coder.code_verb(token, entry)
                coding_type = coding.event_type if coding else None
            else:
                coding = code_noun(token, entry)
                coding_type = coding.event_type if coding else None
            named = [m for m in roles.targets if m.actor.country or m.actor.org]
            # An attack word, or a killing with a named cause ("killed by an improvised explosive device").
            attack_word = (
                trigger.kind == "noun"
                or token.lemma_.lower() in self.lexicon.words["perpetrator_optional"]
                or bool(agents_of(token))
                # "killed in a suicide bombing"
                or any(noun.lemma_.lower() in self.lexicon.nouns for _p, noun in prep_objects(token, ("in", "by")))
                or any(child.dep_ in SUBJECT_DEPS and child.pos_ == "NOUN" for child in token.children)
            )
            # An infinitive ("the right to fire on militants") is a possible attack, not one that happened.
            infinitive = any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)
            if coding_type == "ASSAULT" and named and attack_word and not infinitive:  # unknown perpetrator
                roles.notes.append("unknown-source")
                return roles
            return None
        return roles

    def add_subjects(self, doc: Doc, verb: Token, actors: ActorIndex, roles: Roles, stative: bool = False) -> None:
        """Subjects act, unless the verb is passive; ``stative``: a passive form that states the subject's
        own stance ("Israel is opposed to ...")."""
        subjects, passive = subjects_of(verb)
        if passive and not stative:
            for subject in subjects:
                roles.targets.extend(actors.phrase_actors(subject))
            for agent in agents_of(verb):
                roles.sources.extend(actors.phrase_actors(agent))
            return
        for subject in subjects:
            found = actors.phrase_actors(subject)
            relative = verb.dep_ == "relcl" and subject.i == verb.head.i
            if relative or any(c.dep_ == "relcl" and c.i in _chain(verb) for c in subject.children):
                # "a resolution that aims to tighten sanctions": only an antecedent that is itself an actor
                found = [m for m in found if m.span.start <= subject.i < m.span.end]
            if not found and subject.pos_ == "PRON":
                found = self.pronoun_actors(doc, subject, verb, actors, roles)
            roles.sources.extend(found)

    def pronoun_actors(
        self, doc: Doc, pronoun: Token, verb: Token, actors: ActorIndex, roles: Roles
    ) -> list[ActorMention]:
        word = pronoun.lower_
        if word in FIRST_PERSON:
            attribution = self.attribution(doc, pronoun)
            if attribution is not None and attribution.speaker is not None:
                roles.notes.append("speaker")
                speaker = attribution.speaker
                return [ActorMention(doc[pronoun.i : pronoun.i + 1], speaker)]
            return []
        if word in THIRD_PERSON:
            # "Hungary said it will support ...": the reporting verb's subject.
            clause = verb
            while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in self.lexicon.words["reporting_verbs"]:
                speakers, passive = subjects_of(clause.head)
                found = [m for s in speakers if not passive for m in actors.phrase_actors(s)]
                if found:
                    roles.notes.append("pronoun")
                return found
        return []

    def add_targets(
        self, verb: Token, actors: ActorIndex, roles: Roles, preps: frozenset[str], themes: dict | None = None
    ) -> None:
        for obj in objects_of(verb):
            found = actors.phrase_actors(obj)
            if themes and obj.lemma_.lower() in themes:
                # What is sent or given ("sent troops") is no target, unless it names another party.
                source_countries = {mention.actor.country for mention in roles.sources}
                found = [
                    m
                    for m in found
                    if (m.actor.country or m.actor.org) and m.actor.country not in source_countries
                ]
            roles.targets.extend(found)
        for child in verb.children:
            if child.dep_ == "dative" and child.pos_ in ("PROPN", "NOUN", "PRON"):
                roles.targets.extend(actors.phrase_actors(child))
        for preposition, pobj in prep_objects(verb, preps):
            roles.targets.extend(actors.phrase_actors(pobj))
        for obj in objects_of(verb):  # "imposed sanctions on Iran", "sent troops to Syria"
            for preposition, pobj in prep_objects(obj, preps):
                roles.targets.extend(actors.phrase_actors(pobj))

    # --- modality, date, place, attribution ---------------------------------------------------

    def modality(self, doc: Doc, verb: Token, coding: Coding) -> tuple[str, Coding]:
        words = self.lexicon.words
        chain = [verb]
        current = verb
        while current.dep_ in CHAIN_DEPS and current.head.i != current.i and len(chain) < 4:
            current = current.head
            chain.append(current)
        negated = any(child.dep_ == "neg" for child in verb.children)
        negated = negated or any(word.lemma_.lower() in words["negating_verbs"] for word in chain[1:])
        # "did not continue to send troops"; a coordinated verb keeps its own polarity.
        negated = negated or (verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in verb.head.children))
        if negated:
            return "negated", coding
        auxiliaries = [child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")]
        for lower, upper in zip(chain, chain[1:]):  # "will continue to send troops"
            if lower.dep_ != "xcomp":
                break
            auxiliaries += [child.lower_ for child in upper.children if child.dep_ == "aux"]
        # "will meet and sign" share "will"; "would not allow ... and accused" do not.
        if verb.dep_ == "conj" and verb.tag_ == "VB":
            auxiliaries += [child.lower_ for child in verb.head.children if child.dep_ in ("aux", "auxpass")]
        conditional = any(
            child.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in words["condition_markers"] for m in child.children)
            for child in verb.children
        )
        if conditional and any(word in ("would", "will", "'d", "'ll") for word in auxiliaries):
            # "If an offensive began, Turkey would close its borders": a threat (or a promise), asserted.
            conditional_coding = self.conditional_coding(coding)
            if conditional_coding is not None:
                return "asserted", conditional_coding
        reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in words["reporting_verbs"]
        if any(word in words["modal_future"] for word in auxiliaries):
            return "future", coding
        if reported and "would" in auxiliaries:  # "said it would send troops": reported intention
            return "future", coding
        if any(word.lemma_.lower() in words["future_verbs"] for word in chain[1:]):
            return "future", coding
        if any(child.lower_ == "going" and child.dep_ in ("aux",) for child in verb.children):
            return "future", coding
        if any(word.lemma_.lower() in words["hypothetical_verbs"] for word in chain[1:]):
            return "hypothetical", coding
        if any(word in words["modal_hypothetical"] or word == "would" for word in auxiliaries):
            return "hypothetical", coding
        return "asserted", coding

    def conditional_coding(self, coding: Coding) -> Coding | None:
        governor = "threaten" if quad_class(coding.event_type) >= 3 else "promise"
        entry = self.lexicon.verbs.get(governor)
        if entry is None or coding.event_type in ("THREATEN", "AGREE"):
            return None
        table = entry.get("complements") or {}
        spec = table.get(coding.event_type, table.get("default", entry.get("cameo")))
        return resolve(spec, f"{coding.method}+conditional:{governor}")

    def date(self, doc: Doc, token: Token) -> DateValue | None:
        from . import time as time_stage

        if hasattr(time_stage, "date_for"):
            return time_stage.date_for(doc, token)
        return None

    def location(self, doc: Doc, token: Token) -> Location | None:
        from . import geo as geo_stage

        if hasattr(geo_stage, "location_for"):
            return geo_stage.location_for(doc, token)
        return None

    def is_historical(self, doc: Doc, date: DateValue | None) -> bool:
        published = doc._.published
        if date is None or date.text is None or published is None:
            return False
        try:
            parts = [int(part) for part in date.value.split("-")]
        except ValueError:
            return False
        # The latest day the value can mean: "2011" is historical only if all of 2011 is long past.
        year, month = parts[0], parts[1] if len(parts) > 1 else 12
        day = parts[2] if len(parts) > 2 else 28
        try:
            latest = dt.date(year, month, day)
        except ValueError:
            return False
        return (published - latest).days > HISTORICAL_DAYS

    def attribution(self, doc: Doc, token: Token) -> Attribution | None:
        for attributed in doc._.attributions or ():
            if attributed.start <= token.idx < attributed.end:
                return attributed.attribution
        return None


# ---------------------------------------------------------------------------------------------------
# Small helpers


def _chain(verb: Token) -> set[int]:
    """The verb and the heads it climbs to for its subject."""
    seen = {verb.i}
    current = verb
    while current.dep_ in INHERIT_DEPS and current.head.i != current.i and len(seen) < 6:
        current = current.head
        seen.add(current.i)
    return seen


def place_attached_to(mention: PlaceMention, token: Token, clause: Token, subject_too: bool = False) -> bool:
    """True when a locative place name belongs to the event: it hangs, through prepositions and the
    object's phrase, from the trigger, its clause or a clause that governs it ("in Montenegro" of
    "lifted a curfew in Montenegro") - not from a subject ("demonstrators in Baghdad", unless
    ``subject_too``: "a bombing near Samarra killed ...") or a reporting verb ("sources in Pakistan said")."""
    if not is_locative(mention.span):
        return False
    path_deps = PLACE_PATH_DEPS | SUBJECT_DEPS if subject_too else PLACE_PATH_DEPS
    event_words = {token.i, clause.i}
    current = clause
    while current.dep_ in PLACE_SHARING_DEPS and current.head.i != current.i and len(event_words) < 6:
        current = current.head
        event_words.add(current.i)
    word = mention.span.root
    while word.head.i != word.i:
        if word.dep_ not in path_deps:
            return False
        word = word.head
        if word.i in event_words:
            return True
        if word.pos_ in ("VERB", "AUX"):
            return False
    return False


def event_place(doc: Doc, token: Token, clause: Token, subject_too: bool = False) -> PlaceMention | None:
    """The first place name of the sentence, with a country, that belongs to the event."""
    sentence = token.sent
    for mention in doc._.place_mentions or ():
        if not mention.place.country or not (sentence.start <= mention.span.start < sentence.end):
            continue
        if place_attached_to(mention, token, clause, subject_too):
            return mention
    return None


def location_target(doc: Doc, token: Token, clause: Token) -> Actor | None:
    """The country of the place where an event befalls its population, as the event's target."""
    mention = event_place(doc, token, clause)
    if mention is None:
        return None
    return place_actor(mention, kind="state", sector=None, method=LOCATION_TARGET_METHOD)


def unidentified_attacker(doc: Doc, token: Token, clause: Token) -> Actor | None:
    """CAMEO's "unidentified armed forces" (UAF) of the country where an attack by an unknown
    perpetrator happens ("a roadside bombing near Samarra killed ..." -> IRQUAF)."""
    mention = event_place(doc, token, clause, subject_too=True)
    if mention is None:
        return None
    return place_actor(mention, kind="group", sector=UNIDENTIFIED_SECTOR, method=UNIDENTIFIED_METHOD)


def place_actor(mention: PlaceMention, kind: str, sector: str | None, method: str) -> Actor:
    """An actor standing for the people (or the unknown forces) of a place's country."""
    country = mention.place.country
    known = pycountry.countries.get(alpha_3=country)
    return Actor(
        text=mention.span.text,
        start=mention.span.start_char,
        end=mention.span.end_char,
        name=known.name if known is not None else mention.place.name,
        country=country,
        sector=sector,
        org=None,
        kind=kind,
        method=method,
    )


def is_coded(actor: Actor) -> bool:
    return bool(actor.country or actor.sector or actor.org)


def placed(actor: Actor, location: Location | None) -> Actor:
    """A copy of the actor for the event; a domestic group named without a country ("demonstrators",
    "students", "police") takes the country where the event happens, as PLOVER coders do."""
    local = not (actor.country or actor.org) and actor.kind in LOCAL_ACTOR_KINDS
    if not local or location is None or not location.country:
        return actor.model_copy()
    return actor.model_copy(update={"country": location.country, "method": f"{actor.method}+event-location"})


def _same_token(first: Token | None, second: Token) -> bool:
    return first is not None and first.i == second.i


def replace_method(coding: Coding, suffix: str) -> Coding:
    return Coding(coding.cameo, coding.event_type, coding.mode, coding.context, coding.method + suffix)


def _unique(mentions: list[ActorMention]) -> list[ActorMention]:
    unique: list[ActorMention] = []
    keys = set()
    for mention in mentions:
        key = (mention.span.start, mention.span.end)
        if key not in keys:
            keys.add(key)
            unique.append(mention)
    return unique


def _same_actor(mention: ActorMention, others: list[ActorMention]) -> bool:
    return any(other.span.start == mention.span.start for other in others)
