"""Roles: who does an event to whom.

Subject/agent → sources, object or prepositional complement → targets, through passives,
coordination, control, relative clauses and appositions (:class:`RoleFinder`). With no target named,
an event done to people where they are takes the population of its place as target
(:func:`location_target`); an attack by an unknown perpetrator gets CAMEO's unidentified armed forces
of the place (:func:`unidentified_attacker`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pycountry
from spacy.tokens import Doc, Token

from ..pipeline.doc import ActorMention, PlaceMention
from ..pipeline.syntax import is_locative
from ..records import Actor, Location
from .context import attribution_of
from .coreference import Antecedents
from .lexicon import Coding, Lexicon
from .triggers import (
    SUBJECT_DEPS,
    Candidate,
    Coder,
    code_noun,
    complement_of,
    objects_of,
    obligation_clause,
    prep_objects,
)

PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# A verb without a subject of its own shares the subject of the verb it hangs from.
INHERIT_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "ccomp"})
# Inside a noun phrase, where actor names hang: "Russian, Turkish and French officials",
# "Turkey's president", "Erdogan, Turkey's president", "the president of Syria".
ACTOR_PHRASE_DEPS = frozenset({"amod", "compound", "poss", "nmod", "appos", "conj", "nummod", "npadvmod"})
# Things that say something on someone's behalf: "a declaration demanding" is the issuer's demand.
DOCUMENT_NOUNS = frozenset({"declaration", "statement", "letter", "communique", "message", "note", "resolution",
                            "report", "appeal", "petition", "decree", "order", "memorandum"})  # fmt: skip
LOCAL_ACTOR_KINDS = frozenset({"group", "person"})
RELATIVE_PRONOUN_TAGS = frozenset({"WDT", "WP"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
THIRD_PERSON = frozenset({"he", "she", "they", "it"})

# Types of events done to people where they are (a curfew, a blockade, an attack, a protest): with no
# target named, PLOVER codes the population of the event's place, i.e. its country ("lifted a curfew in
# Montenegro" targets Montenegro). Not for verbal or bilateral types (CONSULT, AGREE, REQUEST ...),
# whose place is only where the talking happened, nor RETREAT (a ceasefire, a surrender, a withdrawal
# is made towards an opponent, not to the people of the place).
# Verbal reactions to an event ("condemned the attack on the embassy"): the event's target is not theirs.
REACTION_TYPES = frozenset({"ACCUSE"})
LOCATION_TARGET_TYPES = frozenset({"COERCE", "ASSAULT", "CONCEDE", "SANCTION", "MOBILIZE", "AID", "PROTEST"})
# Types a state does on its own territory without aiming at its population (an army's drills at home, a
# government's own concession or aid at home): the place's country is no target when it is the source's.
# A curfew or a crackdown (COERCE, ASSAULT) on the state's own people keeps them as target.
NOT_SELF_TARGET_TYPES = frozenset({"MOBILIZE", "CONCEDE", "AID"})
# ... except easing what was imposed on the population (CAMEO 081 administrative sanctions, curfews, states
# of emergency; 082 political dissent): "Sudan's government lifted a state of emergency in West Darfur".
POPULATION_EASING_CAMEO = ("081", "082")
# How a place name hangs from the event's verb: its phrase, an object's phrase, a preposition.
PLACE_PATH_DEPS = frozenset({"pobj", "prep", "compound", "appos", "conj", "amod", "dobj", "obj", "npadvmod"})
# Clauses that happen where their governor happens ("declared a state of siege in Haiti, arresting ...").
PLACE_SHARING_DEPS = frozenset({"xcomp", "conj", "advcl"})
LOCATION_TARGET_METHOD = "events:location-as-target"
# An attack by an unknown perpetrator: CAMEO's agent code for unidentified armed forces, in the country
# where the attack happens (the ICEWS/CAMEO convention, e.g. IRQUAF).
UNIDENTIFIED_SECTOR = "UAF"
UNIDENTIFIED_METHOD = "events:unidentified-attacker"
# Events kept without a named actor when their place or target is known, and who stands in for the actor:
# an attack by unidentified armed forces, a protest by civilians, an arrest by the police of the place.
STAND_IN_ACTORS = {
    "ASSAULT": (UNIDENTIFIED_SECTOR, UNIDENTIFIED_METHOD),
    "PROTEST": ("CVL", "events:protesters-of-place"),
    "COERCE": ("COP", "events:police-of-place"),
}
# PLOVER modes of COERCE done by unnamed authorities ("an individual has been arrested").
UNNAMED_COERCE_MODES = frozenset({"arrest"})
TYPER_METHOD = "+typer:"  # in the method of a coding the typer decided


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
        # Antecedents for pronoun and definite-description sources, from the sentences before.
        self.antecedents = Antecedents(doc, doc._.actor_mentions or [])

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
                if mention not in found and not _restated_by_apposition(mention, token, head, found):
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
                elif child.dep_ == "prep" and child.lower_ in ("of", "for") and token.dep_ == "appos":
                    # "Zabihullah Mujahid, a spokesman for the Taliban": the body the person speaks for
                    stack.extend(grandchild for grandchild in child.children if grandchild.dep_ == "pobj")
        found.sort(key=lambda mention: mention.span.start)
        return found


def subjects_of(token: Token, adjectives: frozenset[str] = frozenset()) -> tuple[list[Token], bool]:
    """The subject words of a verb, climbing through control, coordination and relative clauses, and
    through the ``adjectives`` of readiness ("Iran is ready to negotiate": Iran negotiates).

    Returns (subjects, passive): passive subjects are the patients, not the agents.
    """
    current = token
    for _ in range(6):  # bounded climb: a parse can hold cycles of conj/xcomp through errors
        subjects = [child for child in current.children if child.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
        if subjects:
            # "has been indicted ... and will resign": the passive is the first verb's, not ours.
            own_passive = any(child.dep_ == "auxpass" for child in token.children)
            # "Turkey is ... and was condemned": the voice is the verb's own
            passive = subjects[0].dep_ in PASSIVE_SUBJECT_DEPS if current.i == token.i else own_passive
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
        if current.dep_ == "acomp" and current.lemma_.lower() in adjectives and current.head.i != current.i:
            current = current.head  # "Iran is ready to negotiate": Iran negotiates
            continue
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


def _chain(verb: Token) -> set[int]:
    """The verb and the heads it climbs to for its subject."""
    seen = {verb.i}
    current = verb
    while current.dep_ in INHERIT_DEPS and current.head.i != current.i and len(seen) < 6:
        current = current.head
        seen.add(current.i)
    return seen


class RoleFinder:
    """The role rules over one lexicon (and the coder, for the events a trigger governs)."""

    def __init__(self, lexicon: Lexicon, coder: Coder):
        self.lexicon = lexicon
        self.coder = coder

    def roles(
        self,
        doc: Doc,
        token: Token,
        clause: Token,
        trigger: Candidate,
        actors: ActorIndex,
        coding: Coding | None = None,
    ) -> Roles | None:
        """The sources and targets of a trigger; None when it has no source and its type needs one.
        ``coding``: the trigger's coding as decided (else the rules' coding is taken)."""
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
                    roles.targets.extend(self.target_actors(actors, pobj, roles))
            if clause.i != token.i:  # carried by a light verb: its subject acts
                self.add_subjects(doc, clause, actors, roles)
        else:
            self.add_subjects(doc, clause, actors, roles, stative=is_stative(token, entry))
            # "condemned the attack on the embassy": the embassy is the attack's target, not the condemnation's
            reaction = coding is not None and coding.event_type in REACTION_TYPES
            self.add_targets(token, actors, roles, preps, entry.get("objects"), reaction)
            if entry.get("obligation"):
                complement = obligation_clause(token, self.lexicon)
            else:
                complement = complement_of(token) if entry.get("complements") else None
            if complement is not None:
                self.add_targets(complement, actors, roles, preps)
                carried = self.coder.event_noun_of(complement)
                if carried is not None:
                    for _preposition, pobj in prep_objects(carried[0], preps):
                        roles.targets.extend(self.target_actors(actors, pobj, roles))
                for subject in (c for c in complement.children if c.dep_ in SUBJECT_DEPS):
                    roles.targets.extend(
                        self.target_actors(actors, subject, roles)
                    )  # "demanded that the US withdraw"
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
            if coding is None and trigger.kind == "verb":
                coding = self.coder.code_verb(token, entry)
            elif coding is None:
                coding = code_noun(token, entry, self.coder.tables.cameo)
            coding_type = coding.event_type if coding else None
            named = [m for m in roles.targets if m.actor.country or m.actor.org]
            # An attack word, or a killing with a named cause ("killed by an improvised explosive device").
            attack_word = (
                trigger.kind == "noun"
                or token.lemma_.lower() in self.lexicon.words["perpetrator_optional"]
                or bool(agents_of(token))
                # "killed in a suicide bombing"
                or any(
                    noun.lemma_.lower() in self.lexicon.nouns
                    for _p, noun in prep_objects(token, ("in", "by"))
                )
                or any(child.dep_ in SUBJECT_DEPS and child.pos_ == "NOUN" for child in token.children)
            )
            # An infinitive ("the right to fire on militants") is a possible attack, not one that happened.
            infinitive = any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)
            if coding_type == "ASSAULT" and named and attack_word and not infinitive:  # unknown perpetrator
                roles.notes.append("unknown-source")
                return roles
            # "Thousands protested in Belgrade", "were arrested in Minsk": the component keeps them when
            # the place is known (:func:`unidentified_attacker`); only a lexicon trigger, not a verb only
            # the typer reads as a protest (a stand-in actor on a guessed type is a guess too far).
            arrest = (
                coding_type == "COERCE" and trigger.kind == "verb" and coding.mode in UNNAMED_COERCE_MODES
            )
            by_rules = coding is not None and TYPER_METHOD not in coding.method
            if (coding_type == "PROTEST" or arrest) and by_rules and not infinitive:
                roles.notes.append("unknown-source")
                return roles
            return None
        return roles

    def add_subjects(
        self, doc: Doc, verb: Token, actors: ActorIndex, roles: Roles, stative: bool = False
    ) -> None:
        """Subjects act, unless the verb is passive; ``stative``: a passive form that states the subject's
        own stance ("Israel is opposed to ...")."""
        subjects, passive = subjects_of(verb, self.lexicon.words.get("readiness_adjectives", frozenset()))
        if passive and not stative:
            for subject in subjects:
                roles.targets.extend(self.target_actors(actors, subject, roles))
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
            if not any(m.actor.country or m.actor.org for m in found):
                # "They shelled the plant", "the ministry condemned ...": an actor of the sentences before
                from_context = actors.antecedents.resolve(subject)
                if from_context:
                    roles.notes.append("source-from-context")
                    found = from_context
            roles.sources.extend(found)

    def pronoun_actors(
        self, doc: Doc, pronoun: Token, verb: Token, actors: ActorIndex, roles: Roles
    ) -> list[ActorMention]:
        word = pronoun.lower_
        if word in FIRST_PERSON:
            attribution = attribution_of(doc, pronoun)
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

    def target_actors(self, actors: ActorIndex, head: Token, roles: Roles) -> list[ActorMention]:
        """The actors a target phrase names; when it names none with a country, the antecedent of a
        definite description in it ("protested against the government's measures" after "Serbians")."""
        found = actors.phrase_actors(head)
        if any(m.actor.country or m.actor.org for m in found):
            return found
        # not the source itself ("Britain condemned the government's action": not Britain's government)
        own = frozenset(m.actor.country for m in roles.sources if m.actor.country)
        for word in (head, *(child for child in head.children if child.dep_ == "poss")):
            resolved = actors.antecedents.resolve(word, exclude=own)
            if resolved:
                roles.notes.append("target-from-context")
                return resolved
        return found

    def add_targets(
        self,
        verb: Token,
        actors: ActorIndex,
        roles: Roles,
        preps: frozenset[str],
        themes: dict | None = None,
        reaction: bool = False,
    ) -> None:
        """Objects, datives and prepositional complements → targets; ``reaction``: the verb reacts to the
        event its object names, whose own target is not the verb's."""
        for subject in (child for child in verb.children if child.dep_ in SUBJECT_DEPS):
            if subject.lemma_.lower() in self.lexicon.nouns and not actors.phrase_actors(subject):
                # "the attack on the embassy killed two guards": the attack's target is the killing's
                for _preposition, pobj in prep_objects(subject, preps):
                    roles.targets.extend(self.target_actors(actors, pobj, roles))
        for obj in objects_of(verb):
            found = self.target_actors(actors, obj, roles)
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
                roles.targets.extend(self.target_actors(actors, child, roles))
        for _preposition, pobj in prep_objects(verb, preps):
            roles.targets.extend(self.target_actors(actors, pobj, roles))
        for obj in objects_of(verb):  # "imposed sanctions on Iran", "sent troops to Syria"
            if reaction and obj.lemma_.lower() in self.lexicon.nouns:
                continue
            for _preposition, pobj in prep_objects(obj, preps):
                roles.targets.extend(self.target_actors(actors, pobj, roles))


# ---------------------------------------------------------------------------------------------------
# Places as roles


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


def location_target(
    doc: Doc, token: Token, clause: Token, coding: Coding | None = None, sources: list[Actor] | None = None
) -> Actor | None:
    """The country of the place where an event befalls its population, as the event's target; none when
    a state acts at home without aiming at its people (``NOT_SELF_TARGET_TYPES``: "the Chinese army held
    drills in China" has no target)."""
    mention = event_place(doc, token, clause)
    if mention is None:
        return None
    if (
        coding is not None
        and coding.event_type in NOT_SELF_TARGET_TYPES
        and not (coding.cameo or "").startswith(POPULATION_EASING_CAMEO)
        and mention.place.country in {actor.country for actor in sources or ()}
    ):
        return None
    return place_actor(mention, kind="state", sector=None, method=LOCATION_TARGET_METHOD)


def without_self_targets(coding: Coding, sources: list[Actor], targets: list[Actor]) -> list[Actor]:
    """The targets, less the source's own people placed where it acts at home: "Russia deployed troops in
    Belgorod" does not target Russia's military (``NOT_SELF_TARGET_TYPES``, as for :func:`location_target`)."""
    if coding.event_type not in NOT_SELF_TARGET_TYPES or (coding.cameo or "").startswith(
        POPULATION_EASING_CAMEO
    ):
        return targets
    own = {actor.country for actor in sources if actor.country}
    return [t for t in targets if not (t.country in own and t.method.endswith("+event-location"))]


def unidentified_attacker(doc: Doc, token: Token, clause: Token, event_type: str = "ASSAULT") -> Actor | None:
    """Who stands in for the unnamed actor of an event, in the country where it happens
    (``STAND_IN_ACTORS``): CAMEO's "unidentified armed forces" (UAF) for an attack ("a roadside bombing
    near Samarra killed ..." -> IRQUAF), civilians for a protest ("thousands protested in Belgrade" ->
    SRBCVL), the police for an arrest ("were arrested in Minsk" -> BLRCOP)."""
    stand_in = STAND_IN_ACTORS.get(event_type)
    if stand_in is None:
        return None
    mention = event_place(doc, token, clause, subject_too=True)
    if mention is None:
        return None
    sector, method = stand_in
    return place_actor(mention, kind="group", sector=sector, method=method)


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


def _unique(mentions: list[ActorMention]) -> list[ActorMention]:
    unique: list[ActorMention] = []
    keys = set()
    for mention in mentions:
        # "the two ministers": one span standing for two actors
        key = (
            mention.span.start,
            mention.span.end,
            mention.actor.country,
            mention.actor.sector,
            mention.actor.org,
        )
        if key not in keys:
            keys.add(key)
            unique.append(mention)
    return unique


def _restated_by_apposition(
    mention: ActorMention, token: Token, head: Token, found: list[ActorMention]
) -> bool:
    """ "Sergei Lavrov, Russia's foreign minister": the apposition names the person's office again, one
    actor, not two."""
    codes = (mention.actor.country, mention.actor.sector, mention.actor.org)
    current = token
    while current.i != head.i and current.head.i != current.i:
        if current.dep_ == "appos":
            return any((m.actor.country, m.actor.sector, m.actor.org) == codes for m in found)
        current = current.head
    return False


def _same_actor(mention: ActorMention, others: list[ActorMention]) -> bool:
    return any(other.span.start == mention.span.start for other in others)
