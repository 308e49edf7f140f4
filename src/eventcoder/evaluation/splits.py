"""Tuning and frozen parts of the gold sets, fixed before any rule is written against them.

Rules and models are written while looking at the tuning part only; the frozen part is scored, never
read for errors. The split is a pure function of the records' ids, so it cannot drift:

- PLOVER gold sentences: stratified by the gold's event label; within a label, records are ordered by the
  SHA-256 of their id and every second one (the 2nd, 4th, ...) is frozen, so each type has about half
  of its sentences on each side.
- Articles of the project's own event gold (``tests/data/events/articles.jsonl``) carry their split
  (frozen when the SHA-256 of the id is even), written when they were annotated.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

Split = Literal["tune", "frozen"]
SPLITS: tuple[Split, ...] = ("tune", "frozen")


def id_hash(identifier: str) -> int:
    return int(hashlib.sha256(identifier.encode("utf-8")).hexdigest(), 16)


def plover_splits(records: Iterable[dict]) -> dict[str, Split]:
    """The split of each PLOVER gold record, by id."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for record in records:
        by_type[record["event"]].append(record["id"])
    splits: dict[str, Split] = {}
    for identifiers in by_type.values():
        for position, identifier in enumerate(sorted(identifiers, key=id_hash)):
            splits[identifier] = "frozen" if position % 2 else "tune"
    return splits


def select(records: list[dict], split: Split | None) -> list[dict]:
    """The PLOVER gold records of one split (all of them for None)."""
    if split is None:
        return records
    splits = plover_splits(records)
    return [record for record in records if splits[record["id"]] == split]
