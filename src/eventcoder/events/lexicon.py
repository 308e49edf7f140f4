"""The event lexicon and the tables the event stage codes with.

- ``data/lexicon.yaml``: event verbs and nouns with their CAMEO codes and refinements (objects,
  prepositions, complements, modifiers), and the word lists the rules read; a user lexicon is
  merged over it entry by entry, and both are checked against the codebook;
- ``data/petrarch_lexicon.yaml``: PETRARCH-2's CAMEO verb dictionary in the same format (converted by
  ``scripts/build_petrarch_lexicon.py``), the open vocabulary beneath the hand lexicon: a lemma the
  hand lexicon (or the user's) defines replaces the converted entry whole. Its entries carry
  ``source: petrarch``, so that evidence says which vocabulary coded an event;
- ``data/discards.txt``: phrases that mark a sentence about sports, markets or weather;
- :class:`CodeTables`: the CAMEO/PLOVER codebook (:mod:`eventcoder.codebook`) as the coder reads it.

All of these are loaded once, by the component's constructor, and passed down.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import codebook, records, tablecache
from ..codebook import CAMEO_PATH, PLOVER_PATH, CameoCode, cameo_codes, plover_score, plover_types, quad_code
from ..errors import DataFileError
from ..records import EVENT_TYPES

DATA = Path(__file__).resolve().parent.parent / "data"
LEXICON_PATH = DATA / "lexicon.yaml"
OPEN_LEXICON_PATH = DATA / "petrarch_lexicon.yaml"
DISCARDS_PATH = DATA / "discards.txt"

WORD_LISTS = ("light_verbs", "negating_verbs", "future_verbs", "modal_future", "modal_hypothetical",
              "condition_markers", "reporting_verbs", "obligation_modals", "event_frames",
              "perpetrator_optional", "hypothetical_verbs", "preventing_verbs", "stopping_verbs",
              "forecast_verbs", "readiness_adjectives", "refusing_verbs", "demanding_verbs",
              "inviting_verbs")  # fmt: skip


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


@dataclass(frozen=True)
class CodeTables:
    """The codebook as the coder reads it: CAMEO codes, PLOVER quad codes and intensities."""

    cameo: Mapping[str, CameoCode]
    quads: Mapping[str, int]  # PLOVER type -> quad code (1..4)
    intensities: Mapping[tuple[str, str | None], float]  # (type, mode) -> PLOVER score; mode None: the type's

    @classmethod
    def load(cls) -> CodeTables:
        types = plover_types()
        intensities = {}
        for name, found in types.items():
            intensities[(name, None)] = plover_score(name, None)
            for mode in found.mode_scores:
                intensities[(name, mode)] = plover_score(name, mode)
        return cls(cameo_codes(), {name: quad_code(name) for name in types}, intensities)

    def intensity(self, event_type: str, mode: str | None) -> float:
        """The PLOVER score of a type and mode (the type's own score for a mode the table does not score)."""
        found = self.intensities.get((event_type, mode))
        return found if found is not None else self.intensities[(event_type, None)]


@functools.lru_cache(maxsize=1)
def load_discards() -> tuple[str, ...]:
    phrases = []
    for line in DISCARDS_PATH.read_text(encoding="utf-8").splitlines():
        phrase = line.split("#", 1)[0].strip().lower()
        if phrase:
            phrases.append(phrase)
    return tuple(phrases)


class LexiconLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml reads 6x faster
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
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LexiconLoader)
    except FileNotFoundError as error:
        raise DataFileError(str(path), "file not found") from error
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(str(path), f"cannot read: {error}") from error
    except yaml.YAMLError as error:
        raise DataFileError(str(path), f"not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise DataFileError(str(path), "expected a mapping with 'verbs' and/or 'nouns' at the top")
    return data


def _check_spec(path: Path, where: str, spec: object, cameo_table: Mapping[str, CameoCode]) -> None:
    """A code spec is a CAMEO code string, null, or a mapping with cameo/type/mode/context."""
    if spec is None or isinstance(spec, str):
        spec = {"cameo": spec}
    if not isinstance(spec, dict):
        raise DataFileError(str(path), f"{where}: expected a CAMEO code or a mapping, got {spec!r}")
    cameo, event_type = spec.get("cameo"), spec.get("type")
    if cameo is not None and str(cameo) not in cameo_table:
        raise DataFileError(str(path), f"{where}: unknown CAMEO code {cameo!r}")
    if event_type is not None and event_type not in EVENT_TYPES:
        raise DataFileError(str(path), f"{where}: unknown PLOVER type {event_type!r}")


def _check_entries(
    path: Path, section: str, entries: object, cameo_table: Mapping[str, CameoCode]
) -> dict[str, dict]:
    if entries is None:
        return {}
    if not isinstance(entries, dict):
        raise DataFileError(str(path), f"'{section}' must map lemmas to entries")
    checked = {}
    for lemma, entry in entries.items():
        if not isinstance(entry, dict):
            raise DataFileError(str(path), f"{section}.{lemma}: expected a mapping, got {entry!r}")
        _check_spec(path, f"{section}.{lemma}", entry, cameo_table)
        for table in ("objects", "preps", "complements", "modifiers"):
            values = entry.get(table) or {}
            if not isinstance(values, dict):
                raise DataFileError(str(path), f"{section}.{lemma}.{table}: expected a mapping")
            for key, value in values.items():
                _check_spec(path, f"{section}.{lemma}.{table}.{key}", value, cameo_table)
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


def _open_entries(cameo_table: Mapping[str, CameoCode]) -> tuple[dict[str, dict], dict[str, dict]]:
    """The converted PETRARCH verbs and nouns, each entry marked with its source."""
    raw = _read_yaml(OPEN_LEXICON_PATH)
    verbs, nouns = (
        {
            lemma: {**entry, "source": "petrarch"}
            for lemma, entry in _check_entries(
                OPEN_LEXICON_PATH, section, raw.get(section), cameo_table
            ).items()
        }
        for section in ("verbs", "nouns")
    )
    return verbs, nouns


def _lexicon_files(user_path: str | None = None) -> list[Path | str]:
    # The codebook too: entries are checked against its CAMEO codes and PLOVER types.
    return [LEXICON_PATH, OPEN_LEXICON_PATH, CAMEO_PATH, PLOVER_PATH, *([user_path] if user_path else [])]


@functools.lru_cache(maxsize=8)
@tablecache.cached("lexicon", files=_lexicon_files, modules=[codebook, records])
def load_lexicon(user_path: str | None = None) -> Lexicon:
    """The shipped lexicons (the hand lexicon over the converted PETRARCH one), with the user's
    lexicon (if any) merged over them entry by entry; kept checked and merged in the table cache
    (:mod:`eventcoder.tablecache`) for the next process."""
    cameo_table = cameo_codes()
    raw = _read_yaml(LEXICON_PATH)
    if user_path is not None:
        path = Path(user_path)
        user = _read_yaml(path)
        unknown = set(user) - {"verbs", "nouns", "defaults", *WORD_LISTS}
        if unknown:
            raise DataFileError(str(path), f"unknown section(s): {', '.join(sorted(map(str, unknown)))}")
        _check_entries(path, "verbs", user.get("verbs"), cameo_table)
        _check_entries(path, "nouns", user.get("nouns"), cameo_table)
        raw = _merge(raw, user)
    open_verbs, open_nouns = _open_entries(cameo_table)
    verbs = {**open_verbs, **_check_entries(LEXICON_PATH, "verbs", raw.get("verbs"), cameo_table)}
    nouns = {**open_nouns, **_check_entries(LEXICON_PATH, "nouns", raw.get("nouns"), cameo_table)}
    words = {name: frozenset(str(word).lower() for word in raw.get(name) or ()) for name in WORD_LISTS}
    target_preps = frozenset((raw.get("defaults") or {}).get("target_preps") or ())
    return Lexicon(verbs, nouns, words, target_preps)


def resolve(spec: object, method: str, cameo_table: Mapping[str, CameoCode]) -> Coding | None:
    """A lexicon spec (code string or mapping) as a PLOVER coding; None when it codes no PLOVER event."""
    if spec is None:
        return None
    if isinstance(spec, str):
        spec = {"cameo": spec}
    cameo = str(spec["cameo"]) if spec.get("cameo") is not None else None
    known = cameo_table.get(cameo) if cameo else None
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


def replace_method(coding: Coding, suffix: str) -> Coding:
    return Coding(coding.cameo, coding.event_type, coding.mode, coding.context, coding.method + suffix)
