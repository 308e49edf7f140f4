"""Build ``src/eventcoder/data/cameo.tsv`` from the shared CAMEO codebook and CAMEO→PLOVER crosswalk.

Run from the repository root: ``python scripts/build_event_data.py``. Reads (never at run time):
``../shared/reference/andybega-icews/cameo-codes.csv`` (codes, names, Goldstein scores; MIT) and
``../shared/reference/openeventdata-PLOVER/CAMEO2PLOVER-2021.txt`` (crosswalk; CC BY-SA 4.0).

CAMEO roots 01 (statements) and 02 (appeals) are "dropped" by the crosswalk. Statements stay without a
PLOVER type (they are not events); appeals are requests in the current PLOVER manual ("Request, demand
or appeal"), so 02x gets the REQUEST mode of the matching 10x code.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "reference"
CODEBOOK = SHARED / "andybega-icews" / "cameo-codes.csv"
CROSSWALK = SHARED / "openeventdata-PLOVER" / "CAMEO2PLOVER-2021.txt"
OUTPUT = REPO / "src" / "eventcoder" / "data" / "cameo.tsv"

CROSSWALK_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?")
FIXED_TEXT = {"\u00c4\u00f4": "'", "\u00c4\u00fa": '"', "\u00c4\u00f9": '"', "\u00c4\u00ec": "-"}


def read_crosswalk(path: Path) -> dict[str, tuple[str, str, str]]:
    crosswalk: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = CROSSWALK_LINE.match(line.strip())
        if not found or len(found.group(1)) == 2:  # "03: AGREE" heads a section
            continue
        code, event_type, mode, context = found.groups()
        mode = (mode or "").strip().lower()
        context = ";".join(part.strip() for part in (context or "").split(";") if part.strip())
        crosswalk.setdefault(code, (event_type, mode, context))
    return crosswalk


def clean(text: str) -> str:
    for bad, good in FIXED_TEXT.items():
        text = text.replace(bad, good)
    return " ".join(text.split())


def appeal_mapping(code: str, crosswalk: dict[str, tuple[str, str, str]]) -> tuple[str, str, str]:
    """02x appeals → the REQUEST of the matching 10x demand (021 ~ 101, 0231 ~ 1031)."""
    demand = "10" + code[2:]
    return crosswalk.get(demand, crosswalk.get(demand[:3], ("REQUEST", "", "")))


def main() -> None:
    crosswalk = read_crosswalk(CROSSWALK)
    rows = []
    with CODEBOOK.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            code = record["code"]
            if len(code) == 2:  # roots: use their x0 code
                mapped = crosswalk.get(code + "0", ("", "", ""))
            elif code.startswith("02"):
                mapped = appeal_mapping(code, crosswalk)
            elif code.startswith("01"):
                mapped = ("", "", "")
            else:
                mapped = crosswalk.get(code) or crosswalk.get(code[:3], ("", "", ""))
            if code in ("02", "020"):
                mapped = crosswalk["100"]
            rows.append((code, clean(record["name"]), record["goldstein"], *mapped))
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# CAMEO codes (andybega/icews cameo-codes.csv, MIT) with the PLOVER crosswalk "
            "(openeventdata/PLOVER CAMEO2PLOVER-2021.txt, CC BY-SA 4.0). Built by scripts/build_event_data.py.\n"
        )
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(("code", "name", "goldstein", "plover_type", "plover_mode", "plover_context"))
        writer.writerows(rows)
    print(f"wrote {len(rows)} codes to {OUTPUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
