"""Triggers and their coding: which words of a sentence are events, and what each one means.

:func:`find_triggers` yields verbs and event nouns whose lemma is in the lexicon; :class:`Coder` codes
each one: the lexicon entry, refined by its object ("sent troops"), a preposition ("called for"), a
modifier ("air strike") or the event it governs ("threatened to strike" is a THREATEN, the strike is
not an event of its own).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..codebook import CameoCode
from .lexicon import CodeTables, Coding, Lexicon, replace_method, resolve

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp"})
# An event noun inside a name or a date ("the Arab Spring protests" aside) is not an event: "March 1".
NOUN_TRIGGER_ENTITIES = frozenset({"", "NORP", "EVENT"})
# The path from an event noun up to the verb or noun it is an argument of.
NOUN_ARGUMENT_DEPS = frozenset(
    {"pobj", "prep", "dobj", "nsubj", "nsubjpass", "conj", "attr", "appos", "compound"}
)
VERB_ENDINGS = (("ied", "y"), ("ed", ""), ("d", ""), ("ing", ""), ("ing", "e"), ("es", ""), ("s", ""))
# A reported clause with "must" or "should" is a demand by the speaker ("Russia said Sudan must return
# the helicopter"); the entry is the lexicon's "demand", applied to the reporting verb.
OBLIGATION_ENTRY = {"cameo": "100", "obligation": True}


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
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if token.lower_ == "according" and following is not None and following.lower_ == "to":
            continue  # "according to": who says so, never an event
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


def code_noun(token: Token, entry: dict, cameo: Mapping[str, CameoCode]) -> Coding | None:
    method = f"{entry.get('source', 'lexicon')}:noun:{token.lemma_.lower()}"
    for child in token.children:
        if child.dep_ in ("amod", "compound", "nmod"):
            found, spec = _lookup(entry.get("modifiers"), child.lemma_.lower())
            if found:
                return resolve(spec, f"{method}+modifier:{child.lemma_.lower()}", cameo)
    if entry.get("cameo") is None and not entry.get("type"):
        return None  # only with a modifier ("hunger strike")
    return resolve(entry, method, cameo)


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
    """The coding rules over one lexicon and the codebook."""

    def __init__(self, lexicon: Lexicon, tables: CodeTables):
        self.lexicon = lexicon
        self.tables = tables

    # --- what a trigger means -----------------------------------------------------------------

    def event_noun_of(self, verb: Token) -> tuple[Token, Coding] | None:
        """The event noun a light verb carries ("launched airstrikes", "held talks")."""
        for obj in object_words(verb) + [pobj for _p, pobj in prep_objects(verb, ("on", "in"))]:
            entry = self.lexicon.nouns.get(obj.lemma_.lower())
            if entry is None or (entry.get("plural_only") and obj.tag_ not in ("NNS", "NNPS")):
                continue
            coding = code_noun(obj, entry, self.tables.cameo)
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
        method = f"{entry.get('source', 'lexicon')}:verb:{lemma}"
        if entry.get("obligation"):
            return self.code_obligation(token)
        complement = complement_of(token) if entry.get("complements") else None
        if complement is not None and not nested:
            inner = self.inner_coding(complement)
            table = entry["complements"]
            if inner is not None:
                spec = table.get(inner.event_type, table.get("default"))
                return (
                    resolve(spec, f"{method}+complement:{complement.lemma_.lower()}", self.tables.cameo)
                    if spec
                    else None
                )
        candidates = object_words(token) + [pobj for _p, pobj in prep_objects(token)]
        for obj in candidates:
            for word in [obj] + [child for child in obj.children if child.dep_ == "compound"]:
                found, spec = _lookup(entry.get("objects"), word.lemma_.lower())
                if found:
                    return resolve(spec, f"{method}+object:{word.lemma_.lower()}", self.tables.cameo)
        if entry.get("preps_without_object") and objects_of(token):
            return None  # "called the election for Biden" is no call for anything
        for preposition, _pobj in prep_objects(token):
            found, spec = _lookup(entry.get("preps"), preposition)
            if found:
                return resolve(spec, f"{method}+prep:{preposition}", self.tables.cameo)
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in (entry.get("preps") or {}):
                return resolve(
                    entry["preps"][child.lower_], f"{method}+prep:{child.lower_}", self.tables.cameo
                )
        if entry.get("cameo") is None and not entry.get("type"):
            return None
        return resolve(entry, method, self.tables.cameo)

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
        return resolve(
            spec, f"rule:obligation:{token.lemma_.lower()}+{clause.lemma_.lower()}", self.tables.cameo
        )

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
            if own is None or self.tables.quads[own.event_type] not in (1, 3):
                return None
        head = token.head
        return head if head.pos_ == "VERB" and self.is_event_verb(head) else None

    def folded_into(self, verb: Token) -> Token | None:
        """The event this verb's clause belongs to, if it is not one of its own."""
        folded = self.governor(verb) or self.purpose_of(verb)
        if folded is not None:
            return folded
        for ancestor in verb.ancestors:  # anything inside "said X must ..." is part of the demand
            if (
                ancestor.dep_ == "ccomp"
                and lemma_in(ancestor.head, self.lexicon.words["reporting_verbs"])
                and _same_token(obligation_clause(ancestor.head, self.lexicon), ancestor)
            ):
                return ancestor.head
        return None

    def folded_noun(self, token: Token) -> bool:
        """An event noun that is an argument of another event ("agreed to a ceasefire", "condemned the
        airstrikes") is part of that event, not an event of its own."""
        head = token
        while head.dep_ in NOUN_ARGUMENT_DEPS and head.head.i != head.i:
            head = head.head
            if head.pos_ == "VERB":
                # Only a verb that is an event itself takes the noun in ("ended" codes nothing alone).
                return self.is_event_verb(head) or head.lemma_.lower() in self.lexicon.words["negating_verbs"]
            if head.pos_ == "NOUN" and head.lemma_.lower() in self.lexicon.nouns and head.i != token.i:
                return True
        return False

    # --- event nouns ---------------------------------------------------------------------------

    def noun_coding(self, token: Token, entry: dict) -> tuple[Coding | None, Token]:
        """An event noun is coded when a light verb carries it or it stands as a subject with its
        actors inside its own phrase ("Russian airstrikes ..."); the clause is the light verb's."""
        coding = code_noun(token, entry, self.tables.cameo)
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
            if self.folded_into(carrier) is not None:  # "agreed to undertake joint exercises"
                return None, token
            return replace_method(coding, f"+light:{carrier.lemma_.lower()}"), carrier
        if self.folded_noun(token):
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
            return self.code_verb(verb, self.lexicon.verbs[lemma]) is None
        return lemma_in(verb, self.lexicon.words["light_verbs"]) is not None


def _same_token(first: Token | None, second: Token) -> bool:
    return first is not None and first.i == second.i
