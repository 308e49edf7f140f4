"""Convert the Phoenix/PETRARCH and PLOVER dictionaries into eventcoder's actor tables.

Run from the repository root (needs ../shared/reference, which the product never reads):

    .venv/bin/python scripts/build_actor_data.py

Writes, under ``src/eventcoder/data/actors/``:

- ``phoenix_people.tsv``: people and national institutions from Phoenix.Countries.actors.txt with
  their date-bounded codes (``name, kind, phrases, roles``);
- ``phoenix_groups.tsv``: militarised non-state actors from Phoenix.MilNonState.actors.txt;
- ``agents.tsv``: role nouns -> sector codes from NGEC's PLOVER_agents.txt.

Single-word phrases are dropped on purpose: Phoenix lists bare surnames ("BUSH", "MAY") that collide
with common words and with other people; in-document coreference resolves surnames instead.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / ".." / "shared" / "reference"
PHOENIX = REFERENCE / "openeventdata-petrarch2"
PLOVER_AGENTS = REFERENCE / "ahalterman-NGEC-2025" / "PLOVER_agents.txt"
OUT = REPO / "src" / "eventcoder" / "data" / "actors"

CODE_PATTERN = re.compile(r"\[([A-Z~]{3,})\s*([<>]?\d{6,8}(?:-\d{6,8})?)?\s*\]")
# Phoenix codes that are not country prefixes: international/transnational actors.
NON_STATE_PREFIXES = {"IGO", "IMG", "INT", "KKL", "NGO", "MNC", "UNO", "EUR"}
LOWER_PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "del", "der", "van", "von", "la", "le", "du", "ul"}
SKIPPED_AGENT_CODES = ("JNK", "NON", "UNK")
# Phoenix organisation codes inside IMG codes ("IMGMUSALQ") -> the org codes of actors.yaml.
PHOENIX_ORGS = {"ALQ": "AQ"}
# Place nouns coded as civilians in PLOVER_agents.txt: here they are left to the geo stage.
SKIPPED_AGENT_NOUNS = frozenset(
    ["city", "town", "village", "province", "district", "region", "state", "country", "capital", "area"]
)
PARENTHESIS = re.compile(r"\([^)]*\)")
# Variants that carry a title ("PRESIDENT_PUTIN") are dropped: eventcoder reads titles from the text,
# so that "President Obama" gets its sector from "President" even on a date outside the KB's offices.
TITLE_WORDS = frozenset(
    [
        "president",
        "prime",
        "minister",
        "senator",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "chancellor",
        "premier",
        "secretary",
        "general",
        "gen",
        "gen.",
        "king",
        "queen",
        "administration",
        "government",
        "president-elect",
        "vice",
        "deputy",
        "foreign",
        "defence",
        "defense",
    ]
)


def phoenix_date(text: str) -> str:
    """TABARI dates are YYMMDD (pivot: 00-14 -> 20xx, as the file dates from 2014) or YYYYMMDD."""
    if len(text) == 8:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
    year = int(text[:2])
    year += 2000 if year <= 14 else 1900
    return dt.date(year, int(text[2:4]), int(text[4:6])).isoformat()


def parse_role(code: str, dates: str | None) -> str | None:
    code = code.lstrip("~")
    country, sector = code[:3], code[3:6] or ""
    if country == "IMG":  # international militarised group: an armed non-state actor
        sector = "REB"
    if country in NON_STATE_PREFIXES:
        country = ""
    start = end = ""
    try:
        if dates:
            if dates.startswith(">"):
                start = phoenix_date(dates[1:])
            elif dates.startswith("<"):
                end = phoenix_date(dates[1:])
            else:
                first, last = dates.split("-")
                start, end = phoenix_date(first), phoenix_date(last)
    except ValueError:  # a handful of impossible dates (month 13) in the source: drop that role
        return None
    return f"{country}/{sector}/{start}/{end}"


def display_name(phrase: str) -> str:
    words = []
    for word in phrase.split():
        parts = [part.capitalize() for part in word.split("-")]
        if parts[0].lower() in LOWER_PARTICLES and len(parts) > 1:
            parts[0] = parts[0].lower()
        joined = "-".join(parts)
        words.append(joined.lower() if joined.lower() in LOWER_PARTICLES and words else joined)
    return " ".join(words)


def clean_phrase(raw: str) -> str:
    phrase = raw.split("#")[0].strip().lstrip("+")
    phrase = PARENTHESIS.sub(" ", phrase.replace("_", " "))
    return " ".join(phrase.split())


def read_blocks(path: Path):
    """Yield (primary line, variants, codes) for each entry of a TABARI actor file."""
    entry = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.startswith("#"):
            if entry:
                yield entry
                entry = None
            continue
        if line[0] in " \t" or line.startswith("["):
            if entry:
                entry[2].extend(CODE_PATTERN.findall(line))
            continue
        if line.startswith("+"):
            if entry:
                entry[1].append(line)
                entry[2].extend(CODE_PATTERN.findall(line))
            continue
        if entry:
            yield entry
        entry = (line, [], CODE_PATTERN.findall(line))
    if entry:
        yield entry


def convert_actor_file(path: Path, default_kind: str) -> list[str]:
    rows = []
    for primary, variants, codes in read_blocks(path):
        roles = [role for code, dates in codes if (role := parse_role(code, dates)) is not None]
        roles = [role for role in roles if role.split("/")[1]]  # a bare country code is a place, not an actor
        if not roles:
            continue
        # Dated or elite codes belong to people; undated sector codes to institutions and groups.
        is_person = "CountryInfo" in primary or any(
            r.split("/")[1] == "ELI" or r.split("/")[2] for r in roles
        )
        kind = "person" if is_person else default_kind
        names = [clean_phrase(CODE_PATTERN.sub("", line)) for line in [primary, *variants]]
        # "President Bush" is kept apart: a title with a bare surname, to tell which Bush a title means.
        titled = sorted(
            {
                display_name(name)
                for name in names
                if len(name.split()) == 2 and name.split()[0].lower() in TITLE_WORDS
            }
        )
        names = [name for name in names if not TITLE_WORDS & set(name.lower().split())] or names[:1]
        phrases = sorted({display_name(name) for name in names if len(name.split()) > 1})
        if not phrases:
            continue
        orgs = {
            PHOENIX_ORGS[code[i : i + 3]]
            for code, _ in codes
            for i in range(3, len(code), 3)
            if code[i : i + 3] in PHOENIX_ORGS
        }
        org = orgs.pop() if len(orgs) == 1 else ""
        rows.append(
            "\t".join(
                [display_name(names[0]), kind, "|".join(phrases), ";".join(roles), org, "|".join(titled)]
            )
        )
    return rows


def convert_agents(path: Path) -> list[str]:
    substitutions = {}
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("!") and "=" in line:
            name, values = line.split("=", 1)
            substitutions[name.strip()] = [value.strip() for value in values.split(",")]
            continue
        match = re.match(r"^(.+?)\s*\[~([A-Z]+)\]", line)
        if not match:
            continue
        noun, code = match.groups()
        if code.startswith(SKIPPED_AGENT_CODES):
            continue
        expansions = [noun]
        for name, values in substitutions.items():
            if name in noun:
                expansions = [noun.replace(name, value) for value in values]
        for expansion in expansions:
            phrase = " ".join(expansion.replace("_", " ").lower().split())
            if phrase and phrase not in rows and phrase not in SKIPPED_AGENT_NOUNS:
                rows[phrase] = f"{phrase}\t{code[:3]}\t{code}"
    return sorted(rows.values())


def main() -> None:
    header = "# Generated by scripts/build_actor_data.py from {source} (MIT, Open Event Data Alliance)\n"
    columns = "name\tkind\tphrases\troles\torg\ttitled\n"
    people = convert_actor_file(PHOENIX / "Phoenix.Countries.actors.txt", "organization")
    (OUT / "phoenix_people.tsv").write_text(
        header.format(source="Phoenix.Countries.actors.txt") + columns + "\n".join(people) + "\n",
        encoding="utf-8",
    )
    groups = convert_actor_file(PHOENIX / "Phoenix.MilNonState.actors.txt", "group")
    (OUT / "phoenix_groups.tsv").write_text(
        header.format(source="Phoenix.MilNonState.actors.txt") + columns + "\n".join(groups) + "\n",
        encoding="utf-8",
    )
    agents = convert_agents(PLOVER_AGENTS)
    (OUT / "agents.tsv").write_text(
        "# Generated by scripts/build_actor_data.py from NGEC PLOVER_agents.txt (MIT, derived from Phoenix)\n"
        "phrase\tsector\tcode\n" + "\n".join(agents) + "\n",
        encoding="utf-8",
    )
    print(f"{len(people)} people/institutions, {len(groups)} groups, {len(agents)} agent phrases")


if __name__ == "__main__":
    main()
