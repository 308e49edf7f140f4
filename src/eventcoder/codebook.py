"""The PLOVER and CAMEO codebooks, read once from the data files and used everywhere.

- ``data/plover.yaml``: the 16 PLOVER event types in the codebook's order, each with its quad class
  and conflict-cooperation scores (PLOVER_MANUAL.tex, CC BY-SA 4.0);
- ``data/cameo.tsv``: the CAMEO codes with their Goldstein scores and the CAMEO->PLOVER crosswalk
  (built by ``scripts/build_event_data.py``).

Nothing else in the package writes these values down: the event stage, the store's exports, the
analytics and the evaluation all ask this module.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data")
PLOVER_PATH = DATA / "plover.yaml"
CAMEO_PATH = DATA / "cameo.tsv"

# PLOVER's quad classes, in the codebook's order (quad code 1..4).
QUAD_CLASSES = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
CONFLICT_QUADS = frozenset({"verbal_conflict", "material_conflict"})


@dataclass(frozen=True)
class PloverType:
    name: str
    quad: int  # 1..4, see QUAD_CLASSES
    score: float  # the type's conflict-cooperation score (-10..10)
    mode_scores: dict[str, float]
    base_cameo: str | None  # the type's general CAMEO code ("190" for ASSAULT), None for RETREAT

    @property
    def quad_class(self) -> str:
        return QUAD_CLASSES[self.quad - 1]


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    event_type: str | None  # the PLOVER reading of the code, None where PLOVER drops it
    mode: str | None
    context: tuple[str, ...]


@functools.cache
def plover_types() -> dict[str, PloverType]:
    """The PLOVER event types by name, in the codebook's order."""
    table = yaml.safe_load(PLOVER_PATH.read_text(encoding="utf-8"))["types"]
    return {
        name: PloverType(
            name=name,
            quad=int(row["quad"]),
            score=float(row["score"]),
            mode_scores={mode: float(score) for mode, score in (row.get("modes") or {}).items()},
            base_cameo=row.get("cameo"),
        )
        for name, row in table.items()
    }


def event_types() -> tuple[str, ...]:
    return tuple(plover_types())


def quad_code(event_type: str) -> int | None:
    """The quad class number (1..4) of a PLOVER type, None for an unknown type."""
    found = plover_types().get(event_type)
    return found.quad if found else None


@functools.cache  # called for every row the analytics read
def quad_class(event_type: str) -> str | None:
    """The quad class name of a PLOVER type ("material_conflict"), None for an unknown type."""
    found = plover_types().get(event_type)
    return found.quad_class if found else None


def is_conflict(event_type: str) -> bool:
    return quad_class(event_type) in CONFLICT_QUADS


def plover_score(event_type: str, mode: str | None) -> float:
    """The PLOVER conflict-cooperation score of a type and mode (the type's own score for a mode the
    table does not score)."""
    found = plover_types()[event_type]
    return found.mode_scores.get(mode, found.score) if mode else found.score


@functools.cache
def cameo_codes() -> dict[str, CameoCode]:
    """The CAMEO codes by code ("0356"), with their PLOVER crosswalk."""
    codes = {}
    with CAMEO_PATH.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            codes[row["code"]] = CameoCode(
                code=row["code"],
                name=row["name"],
                goldstein=float(row["goldstein"]),
                event_type=row["plover_type"] or None,
                mode=row["plover_mode"] or None,
                context=tuple(part for part in row["plover_context"].split(";") if part),
            )
    return codes
