"""Resolving the pieces of one noun phrase to actor codes: a person with title and nationality, a role
noun with its nationalities ("Russian, Turkish, German and French officials"), a state, a capital, an
organisation of the knowledge base."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..pipeline.syntax import is_locative
from .matching import COUNTRY_KINDS, NER_PERSON, Piece, TokenIndex
from .offices import (
    FORMER_WORDS,
    QUANTIFIERS,
    QUANTITY_TAGS,
    office_name,
    title_of,
    with_former,
    written_title,
)
from .tables import FORMER_SECTOR, STATE_SECTORS, Agent, Entry

# When several offices are in force at once, the first sector here wins.
SECTOR_PRIORITY = ("GOV", "MIL", "REB", "LEG", "JUD", "SPY", "COP", "IGO", "OPP")
# "Pentagon-sponsored militia", "US-backed rebels": the sponsor lends its country, not its own mention.
SPONSOR_WORDS = frozenset({"backed", "sponsored", "supported", "led", "funded", "armed", "trained", "allied"})
# "parties in Nepal", "students throughout Indonesia": where a group is, not where it went ("to", "from").
GROUP_PLACE_PREPOSITIONS = frozenset({"in", "throughout", "across", "inside", "from"})
GROUP_SECTORS = frozenset({"REB", "UAF", "OPP", "CVL", "REF", "CRM", "AGR", "LAB", "EDU", "REL", "PTY"})
LENDER_KINDS = COUNTRY_KINDS | {"place"}  # a place lends its country to the groups it names


@dataclass
class Codes:
    name: str
    country: str | None
    sector: str | None
    org: str | None
    kind: str
    method: str
    office: str | None = None  # "President", "Foreign Minister": the title in the text or the knowledge base


def resolve_entry(entry: Entry, date: dt.date | None) -> tuple[Codes, bool]:
    """The entry's codes as of ``date`` (None: the latest known) and whether an office was in force."""
    if date is None:
        in_force = [role for role in entry.roles if role.end is None]
    else:
        in_force = [role for role in entry.roles if role.in_force(date)]
    base_method = "kb:office_holder" if entry.kind == "person" else f"kb:{entry.kind}"
    if in_force:
        rank = {sector: n for n, sector in enumerate(SECTOR_PRIORITY)}
        role = min(
            in_force, key=lambda r: (rank.get(r.sector or "", 99), -(r.start or dt.date.min).toordinal())
        )
        office = office_name(role.title) if entry.kind == "person" else None  # people hold offices
        return Codes(
            entry.name, role.country, role.sector, role.org or entry.org, entry.kind, base_method, office
        ), True
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
    """ "US-backed", "Pentagon-sponsored": a country lending support, not an actor of the phrase."""
    after = piece.end
    return after + 1 < len(doc) and doc[after].text == "-" and doc[after + 1].lower_ in SPONSOR_WORDS


def _is_possessive(doc: Doc, piece: Piece) -> bool:
    return piece.end < len(doc) and doc[piece.end].tag_ == "POS"


def _part_of_other_name(doc: Doc, piece: Piece, covered: set[int]) -> bool:
    """A capital inside another proper name ("Moscow Metro", "George Washington") is no actor."""
    before, after = piece.start - 1, piece.end
    if before >= 0 and doc[before].pos_ == "PROPN" and before not in covered and doc[before].ent_iob_ != "O":
        return True
    return (
        after < len(doc)
        and doc[after].pos_ == "PROPN"
        and after not in covered
        and doc[after].ent_type_ not in ("", "PERSON")
    )


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


def resolve_group(
    doc: Doc,
    head: int,
    pieces: list[Piece],
    date: dt.date | None,
    index: TokenIndex,
    act_nouns: frozenset[str],
) -> list[Found]:
    """Mentions of one noun phrase: the pieces that share ``head``; ``act_nouns`` are the nouns for what
    a state does ("an Indian proposal" makes India an actor)."""
    head_pieces = [p for p in pieces if p.start <= head < p.end]
    head_piece = head_pieces[0] if head_pieces else None
    modifiers = [p for p in pieces if p is not head_piece]
    agents = [(p.start, p.phrase.agent) for p in pieces if p.kind == "agent"]
    agents = [(head if p_start == head_piece.start and head_piece.kind == "agent" else p_start, agent)
              for p_start, agent in agents] if head_piece else agents  # fmt: skip
    sponsors = [p for p in modifiers if _is_sponsor(doc, p)]
    lenders = [
        p for p in modifiers if p not in sponsors and (p.kind in LENDER_KINDS or p.phrase.entry is not None)
    ]
    # "ethnic Albanian guerrillas" are of an ethnicity, not of the state Albania.
    lenders = [
        p
        for p in lenders
        if not (p.kind == "adjective" and p.start > 0 and doc[p.start - 1].lower_ == "ethnic")
    ]
    found: list[Found] = []
    for piece in lenders:  # "Turkey's efforts", "Putin's spokesman": a possessor is an actor too
        if _is_possessive(doc, piece) and piece.kind not in ("adjective",):
            found.extend(resolve_alone(doc, piece, date, index, force=True))
    head_kind = head_piece.kind if head_piece else None
    entry = head_piece.phrase.entry if head_piece else None

    if head_kind == "person" or (entry is not None and entry.kind == "person"):
        titles = [p for p in pieces if p.kind == "agent" and p.end <= head_piece.start]
        found.append(resolve_person(doc, head_piece, lenders, sponsors, agents, date, titles, index.covered))
        return found
    if head_kind == "agent":
        named = [p for p in modifiers if p.kind in ("org", "person")]  # "the Maghawir al-Thawrah militia"
        found.extend(resolve_agent_phrase(doc, head, head_piece, lenders, sponsors, agents, index, named))
        return found
    nationalities = [p for p in lenders if p.kind in LENDER_KINDS and not _is_possessive(doc, p)]
    if head_piece is None and agents and nationalities:  # "Israeli army bulldozers": the army acts
        last_agent = max(i for i, _ in agents)
        found.extend(resolve_agent_phrase(doc, last_agent, None, nationalities, sponsors, agents, index))
        return found
    for piece in nationalities if head_piece is None else ():
        if piece.kind == "place":  # "the government of Sindh province"
            found.extend(resolve_alone(doc, piece, date, index))
    if head_piece is None and doc[head].lemma_.lower() in act_nouns:
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
        found.extend(resolve_alone(doc, head_piece, date, index))
    # Entries that modify a noun that is no role ("a U.N. Security Council resolution") still act.
    for piece in lenders:
        if piece.phrase.entry is not None and not _is_possessive(doc, piece):
            found.extend(resolve_alone(doc, piece, date, index, force=True))
    return found


def resolve_alone(
    doc: Doc, piece: Piece, date: dt.date | None, index: TokenIndex, force: bool = False
) -> list[Found]:
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
        office = _office_of(doc, span, index.agent_at)
        if office is not None:  # "the president of Armenia"
            # "the former governor of Massachusetts" is one no longer
            former = _former(doc, office[0], office[2])
            sector = FORMER_SECTOR if former else office[1].sector
            title = title_of(doc, office[0], office[1], span, former)
            codes = replace(_state_codes(piece, sector, "agent+of"), office=title)
            return [_mention(doc, office[0], office[2], codes)]
    if piece.kind == "name":
        if is_locative(span) and not force:
            return []
        return [_mention(doc, piece.start, piece.end, _state_codes(piece, None, "kb:country"))]
    if piece.kind == "metonym":
        if is_locative(span) or _part_of_other_name(doc, piece, index.covered):
            return []
        return [_mention(doc, piece.start, piece.end, _state_codes(piece, "GOV", "kb:metonym"))]
    if piece.kind == "demonym":
        if piece.start > 0 and doc[piece.start - 1].lower_ == "ethnic":
            # "ethnic Turks" are a community, not the state: civilians (CAMEO's CVL with an ethnic code)
            community = doc[piece.start - 1 : piece.end].text
            return [
                _mention(
                    doc,
                    piece.start - 1,
                    piece.end,
                    Codes(community, None, "CVL", None, "group", "demonym:ethnic"),
                )
            ]
        return [_mention(doc, piece.start, piece.end, _state_codes(piece, None, "kb:demonym"))]
    if piece.kind == "person":
        return [
            _mention(doc, piece.start, piece.end, Codes(span.text, None, None, None, "person", "ner:PERSON"))
        ]
    if piece.kind == "org" and not is_locative(span):
        return [
            _mention(
                doc, piece.start, piece.end, Codes(span.text, None, None, None, "organization", "ner:ORG")
            )
        ]
    return []


def _inside_longer_person(doc: Doc, piece: Piece) -> bool:
    token = doc[piece.start]
    if token.ent_type_ != NER_PERSON:
        return False
    ent = next((ent for ent in doc.ents if ent.start <= piece.start < ent.end), None)
    return ent is not None and (ent.start < piece.start or ent.end > piece.end)


def _office_of(doc: Doc, span: Span, agent_at: dict[int, Agent]) -> tuple[int, Agent, int] | None:
    """(start, role noun, end) when ``span`` completes "<role noun> of <place>": "the president of
    Armenia", "the government of Sindh province"; ``agent_at`` maps tokens to the role nouns there."""
    root = span.root
    while root.dep_ == "compound" and root.head.i == root.i + 1:  # "Sindh province", "the Tyumen region"
        root = root.head
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return None
    noun = root.head.head
    agent = agent_at.get(noun.i) if noun.i < root.i else None
    if agent is None:
        return None
    start = noun.i
    while start > 0 and doc[start - 1].dep_ in ("amod", "compound") and doc[start - 1].head.i == noun.i:
        start -= 1
    return start, agent, max(span.end, root.i + 1)


def resolve_person(doc, head_piece, lenders, sponsors, agents, date, titles=(), covered=frozenset()) -> Found:
    """A person with its title and nationality: "Turkish presidential adviser İbrahim Kalın".

    A title written in the article is the best evidence of the office held when it was written, so
    it beats the knowledge base; "former"/"ousted" before it makes the person an ex-official (ELI).
    ``titles`` are the role-noun pieces of the noun phrase, ``covered`` the tokens inside any piece:
    the written title is the person's office, unless it is only a generic word ("spokesman", "leader")
    and the knowledge base knows the office in force.
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
    former = sector is not None and _former(doc, start, head_piece.start)
    if former:
        sector = FORMER_SECTOR
    written = written_title(doc, head_piece.start, list(titles), covered)
    office = with_former(office_name(written[1]), former) if written else None
    if head_piece.phrase.entry is not None:
        codes, in_force = resolve_entry(head_piece.phrase.entry, date)
        if office and (codes.office is None or not written[2] or former):
            codes = replace(codes, office=office)
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
    codes = Codes(span.text, country, sector, org, "person", method, office if method == "title" else None)
    return _mention(doc, start, head_piece.end, codes)


def _former(doc: Doc, start: int, end: int) -> bool:
    window = doc[max(0, start - 1) : end]
    return any(token.lower_ in FORMER_WORDS for token in window)


def kind_for_sector(sector: str | None) -> str:
    """Organs of the state are the state; civilians and rebels are groups; the rest organisations."""
    if sector in STATE_SECTORS or sector is None:
        return "state"
    return "group" if sector in GROUP_SECTORS else "organization"


def resolve_agent_phrase(
    doc, head, head_piece, lenders, sponsors, agents, index: TokenIndex, named=()
) -> list[Found]:
    """A role noun with its nationalities: one mention per nationality, or a bare group."""
    end = max([p.end for p in ([head_piece] if head_piece else [])] + [i + 1 for i, _ in agents] + [head + 1])
    sector = combine_sector(agents, head)
    nationalities = [
        p for p in lenders if p.kind in LENDER_KINDS or (p.phrase.entry and p.phrase.entry.kind == "state")
    ]
    organisations = [p for p in lenders if p not in nationalities]
    # "the Turkish foreign minister", "Russia's foreign minister": one official, whose title is the office
    written = written_title(doc, head_piece.end, [head_piece], index.covered) if head_piece else None
    office = (
        with_former(office_name(written[1]), _former(doc, written[0], head_piece.end)) if written else None
    )
    found = []
    if organisations:  # "NATO peacekeeping troops", "Hezbollah guerrillas"
        piece = organisations[-1]
        codes, _ = resolve_entry(piece.phrase.entry, None)
        codes = replace(codes, sector=sector or codes.sector, method=f"kb:{piece.phrase.entry.kind}+agent",
                        office=office)  # fmt: skip
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
                          "place+agent" if piece.kind == "place" else "demonym+agent",
                          office if last else None)  # fmt: skip
            found.append(_mention(doc, piece.start, max(end, piece.end) if last else piece.end, codes))
        return found
    # No nationality: a group named or described by its role noun.
    head_token = doc[head]
    start = min([i for i, _ in agents] + [head])
    while start > 0 and doc[start - 1].i not in index.covered and doc[start - 1].dep_ in ("amod", "compound") \
            and doc[start - 1].head.i >= start and doc[start - 1].pos_ in ("ADJ", "NOUN", "PROPN") \
            and doc[start - 1].tag_ not in QUANTITY_TAGS and doc[start - 1].lower_ not in QUANTIFIERS:  # fmt: skip
        start -= 1
    name = _group_name(doc, start, head, index.covered)
    if named:
        start = min(start, named[0].start)
        name = doc[named[0].start : named[-1].end].text
    if sponsors:
        start = min(start, sponsors[0].start)
    plural = head_token.tag_ in ("NNS", "NNPS")
    country = _country_of(sponsors[0], None)[0] if sponsors else None
    # "a missionary from Calgary", "people in Hong Kong": placed in a country, enough to be an actor
    # (whose country inherit_from_place sets)
    placed = not (name or sponsors) and country_placed(head_token, index.country_at) is not None
    if not (name or plural or sponsors or placed):
        return []  # "the official", "a source": left to coreference
    if not (name or sponsors or placed) and all(agent.weak for _, agent in agents):
        return []  # "people", "officials", "sources" alone say too little to be an actor
    text = doc[start:end].text
    kind = "group" if sector in ("REB", "UAF", "OPP", "CVL", "REF") else "organization"
    if (
        not name
        and plural
        and kind == "organization"
        and sector in ("GOV", "MIL", "COP", "LEG", "JUD", "SPY")
    ):
        kind = "group"
    method = "name+agent" if name else "agent"
    return [_mention(doc, start, end, Codes(name or text, country, sector, None, kind, method))]


def country_placed(head: Token, country_at: dict[int, str]) -> str | None:
    """The country of the place a noun is in: its own "in X", or that of a participle ("operating in X");
    none for a possessed noun ("its forces in Lebanon" belong to the possessor)."""
    if any(child.dep_ == "poss" for child in head.children):
        return None
    holders = [head] + [
        child for child in head.children if child.dep_ == "acl" and child.tag_ in ("VBG", "VBN")
    ]
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
