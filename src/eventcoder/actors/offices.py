"""The office of an actor (PLOVER's "office or official position"): the title written before a name
("President Putin", "Turkish presidential adviser İbrahim Kalın"), the role noun of "the president of
Armenia" or "Russia's foreign minister", or the title of a knowledge-base role in force; none for states,
organisations and groups.

Only positions in states, international bodies, parties and armed groups are offices (the sectors in
``OFFICE_SECTORS``): "scientist Tierra Curry" or "a Syrian child" hold none, nor do bodies ("the
government of Sindh") and words that say too little ("a Turkish official"). Titles are lightly
normalised by :func:`office_name`: "foreign minister" -> "Foreign Minister".
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .matching import Piece
from .tables import FORMER_SECTOR, Agent

# Before a title: the person held it once ("former President Barack Obama").
FORMER_WORDS = frozenset({"former", "ousted", "ex", "deposed", "exiled", "late", "then"})
# Not part of a description: "more advisers", "several militias", "two soldiers".
QUANTITY_TAGS = frozenset({"JJR", "JJS", "CD"})
QUANTIFIERS = frozenset({"many", "several", "other", "some", "few", "various", "numerous", "certain"})
# Role-noun sectors whose nouns are positions: state organs, international bodies, parties, opposition
# and armed groups ("scientist", "student", "company" are not offices).
OFFICE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "IGO", "OPP", "PTY", "REB"})
# Role nouns of a body: no office themselves, but part of the title of the office they qualify
# ("Senate President", "police press officer").
BODY_NOUNS = frozenset(
    {"government", "administration", "ministry", "department", "army", "military", "navy", "police",
     "authority", "authorities", "council", "cabinet", "court", "regime", "force", "forces", "agency",
     "office", "committee", "commission", "assembly", "senate", "congress", "parliament", "legislature",
     "leadership", "embassy", "consulate", "party", "opposition", "delegation", "judiciary", "junta",
     "presidency", "monarchy", "guard", "coast guard", "command", "service", "bureau", "board",
     "coalition", "alliance", "union", "militia", "group", "people", "population", "state", "staff",
     "secretariat", "mission", "directorate", "intelligence", "security", "establishment", "bloc",
     "movement", "front", "organization", "organisation", "federation", "league", "house", "chamber",
     "tribunal", "family", "dynasty", "crown", "throne", "team", "unit", "branch", "corps", "division",
     "air force", "marines", "troops", "ministries"}
)  # fmt: skip
# The nouns that name one person's position: a role phrase is an office when its own noun ("minister"
# in "foreign minister", "secretary" in "secretary of state") is one of these. Weapons, places and
# trades that the role-noun tables also list ("aircraft", "police station", "scientist", "lawyer")
# are not, nor are words that say too little ("official", "source").
OFFICE_NOUNS = frozenset(
    {"president", "vice-president", "president-elect", "premier", "chancellor", "minister", "secretary",
     "undersecretary", "under-secretary", "governor", "governor-general", "mayor", "senator",
     "congressman", "congresswoman", "representative", "lawmaker", "legislator", "parliamentarian",
     "mp", "speaker", "ambassador", "envoy", "consul", "diplomat", "emissary", "spokesman",
     "spokeswoman", "spokesperson", "adviser", "advisor", "aide", "counsellor", "counselor", "chief",
     "head", "director", "director-general", "commissioner", "administrator", "executive", "chairman",
     "chairwoman", "chairperson", "chair", "leader", "commander", "commander-in-chief", "general",
     "admiral", "colonel", "lieutenant", "captain", "major", "brigadier", "marshal", "commandant",
     "sergeant", "officer", "inspector", "sheriff", "prosecutor", "judge", "justice", "magistrate",
     "king", "queen", "emir", "amir", "sultan", "prince", "princess", "monarch", "emperor", "sheikh",
     "shah", "regent", "ruler", "negotiator", "mediator", "coordinator", "delegate", "councillor",
     "councilor", "alderman", "treasurer", "comptroller", "ombudsman", "prefect", "taoiseach",
     "rapporteur", "secretary-general", "attorney-general", "deputy", "whip", "dictator", "warlord",
     "mufti", "ayatollah"}
)  # fmt: skip
# Role nouns that join the title after them: "chief diplomat", "deputy governor".
QUALIFIER_NOUNS = frozenset({"chief", "deputy", "vice", "acting", "senior", "assistant", "head", "interim"})
# Words of an office name left in lower case: "Secretary of State", "UN Envoy for Syria".
SMALL_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "to", "at", "a", "an", "de", "del", "du"})
# Words that say when, not which office: "the current president of Namibia" is its President.
TIME_WORDS = frozenset({"current", "incumbent", "sitting", "new", "newly", "present", "serving"})
EDGE_PUNCTUATION = ".,;:!?\"'“”‘’()"


def office_name(text: str | None) -> str | None:
    """A title as an office name, lightly normalised: one space between words, no possessive, edge
    punctuation, time words ("current") or trailing small words ("Ambassador to"); lower-case words
    capitalised but for small words and a leading "former" ("foreign minister" -> "Foreign Minister",
    "former president" -> "former President"); words with a capital stay as written ("UN", "al-Sham")."""
    if not text:
        return None
    words = [word.strip(EDGE_PUNCTUATION) for word in text.replace("’s", "").replace("'s", "").split()]
    if words and "-" in words[0] and words[0].split("-", 1)[0].lower() in FORMER_WORDS:
        words[:1] = words[0].split("-", 1)  # "ex-President"
    words = [word for word in words if word and word.lower() not in TIME_WORDS]
    while words and words[-1].lower() in SMALL_WORDS:
        words.pop()
    named = []
    for number, word in enumerate(words):
        leading = all(w.lower() in FORMER_WORDS for w in words[: number + 1]) and number < len(words) - 1
        if not word.islower() or leading or (number and word in SMALL_WORDS):
            named.append("former" if leading else word)
        else:
            named.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    if not named or all(word.lower() in FORMER_WORDS for word in named):
        return None
    return " ".join(named)


def head_noun(words: Span) -> Token:
    """The noun of a role phrase: "minister" in "foreign minister", "secretary" in "secretary of state"."""
    of = next((token.i for token in words if token.lower_ == "of"), None)
    return words.doc[of - 1] if of is not None and of > words.start else words[-1]


def is_office(words: Span, agent: Agent | None) -> bool:
    """A role phrase for one person's position (``OFFICE_NOUNS``) in an office sector, in the singular:
    "president", "foreign minister", "envoy"; not a body ("government"), a plural, a trade ("lawyer")
    or a vague word ("official"). Written with "former" the tables give it the sector ELI ("former
    president")."""
    if agent is None or not len(words):
        return False
    former = words[0].lower_ in FORMER_WORDS and agent.sector == FORMER_SECTOR
    noun = head_noun(words)
    return (
        (agent.sector in OFFICE_SECTORS or former)
        and noun.tag_ in ("NN", "NNP")
        and noun.lower_ in OFFICE_NOUNS
    )


def with_former(office: str | None, former: bool) -> str | None:
    if office and former and office.split()[0].lower() not in FORMER_WORDS:
        return f"former {office}"
    return office


def written_title(doc: Doc, end: int, titles: list[Piece], covered: set[int]) -> tuple[int, str, bool] | None:
    """(first token, words, weak) of the title that ends at token ``end``, from the role-noun pieces
    ``titles``: the last role noun ("presidential candidate Senator" -> "Senator") with the bodies and
    qualifiers before it ("Senate President", "chief diplomat") and the plain adjectives ("regional
    deputy governor", "former"), without the nationalities and seats of power before them ("Kremlin
    spokesman" -> "spokesman"); ``weak`` when the role noun is a generic one ("spokesman", "leader").
    None when the word before ``end`` is no office ("on live television Erdogan", "scientist Tierra
    Curry")."""
    by_end = {piece.end: piece for piece in titles if piece.phrase.agent is not None}
    last = by_end.get(end)
    if last is None or not is_office(doc[last.start : last.end], last.phrase.agent):
        return None
    start = last.start
    while start in by_end:  # the pieces just before: bodies and qualifiers join the title
        words = doc[by_end[start].start : start].text.lower()
        if words not in BODY_NOUNS and words not in QUALIFIER_NOUNS:
            break
        start = by_end[start].start
    while start > 0:
        token = doc[start - 1]
        if token.i in covered and token.lower_ not in QUALIFIER_NOUNS:
            break
        hyphen = (
            token.text == "-"
            and start > 1
            and not token.whitespace_
            and not doc[start - 2].whitespace_
            and start - 2 not in covered
        )
        plain = (
            token.is_lower
            and token.pos_ == "ADJ"
            and token.dep_ == "amod"
            and token.tag_ not in QUANTITY_TAGS
            and token.lower_ not in QUANTIFIERS
        )
        if hyphen:  # "non-voting delegate"
            start -= 2
            continue
        if not (plain or token.lower_ in FORMER_WORDS or token.lower_ in QUALIFIER_NOUNS):
            break
        start -= 1
    return start, doc[start:end].text, last.phrase.agent.weak


def title_of(doc: Doc, start: int, agent: Agent, place: Span, former: bool) -> str | None:
    """The office of "<role noun> of <place>" ("the president of Armenia" -> "President"; "the former
    governor of Massachusetts" -> "former Governor"); None for a body ("the government of Sindh
    province") or a trade."""
    root = place.root
    while root.dep_ == "compound" and root.head.i == root.i + 1:  # "Sindh province"
        root = root.head
    noun = root.head.head
    if not is_office(doc[start : noun.i + 1], agent):
        return None
    words = [token.text for token in doc[start : noun.i + 1] if token.lower_ not in FORMER_WORDS]
    return with_former(office_name(" ".join(words)), former)


def nominal_office(token: Token, agent: Agent | None, antecedent_office: str | None) -> str | None:
    """The office of "the minister" that refers back to an official: the antecedent's when it ends in
    the same noun ("Foreign Minister"), else the noun's own ("the president"), else none ("the
    official")."""
    if antecedent_office and antecedent_office.lower().split()[-1] == token.lower_:
        return antecedent_office
    return office_name(token.text) if is_office(token.doc[token.i : token.i + 1], agent) else None
