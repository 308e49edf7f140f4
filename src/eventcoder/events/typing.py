"""The learned typer, where the rules do not decide the type.

The rules propose triggers, roles and modality, and decide the type where a hand lexicon entry or one
of PETRARCH's patterns (an object, a preposition) says what the trigger means. The learned typer
(:mod:`.typer`, a fine-tuned MiniLM run with onnxruntime) decides:

- for a converted PETRARCH verb or noun that no pattern refined: its block's default code is only a
  guess ("hit" is 190 in PETRARCH, but "the storm hit the coast" is no event), so the typer types it or
  says it is no event;
- for a verb of attack that may be verbal ("the senator attacked the plan") and whose object does not
  settle it (``data/verbal_material.yaml``);
- for a verb no lexicon knows, between two actors ("Iran [rebuffed] the EU"): an event when the typer
  is confident.

Candidates are typed in one batch per Doc. ``evidence.method`` says which decided (``+typer:TYPE``),
``evidence.confidence`` is then the typer's calibrated probability.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from ..codebook import CameoCode, PloverType
from .lexicon import DATA, Coding, Lexicon
from .roles import ActorIndex
from .triggers import Candidate, lemma_in, objects_of, prep_objects
from .typer import EventTyper

VERBAL_MATERIAL_PATH = DATA / "verbal_material.yaml"
NO_EVENT = "NONE"
# A converted entry's default code: no pattern of PETRARCH's decided it.
UNDECIDED_METHOD = re.compile(r"^petrarch:(?:verb|noun):[^+]+$")
# An open candidate (a verb no lexicon knows) becomes an event only when the typer is this sure.
OPEN_THRESHOLD = 0.8
# A dictionary's default code is dropped when the typer says "no event" with at least this
# probability, and retyped when it says another type with at least this one.
NONE_THRESHOLD = 0.5
RETYPE_THRESHOLD = 0.5
OPEN_ENTRY = {"source": "typer"}
SUBJECTS = frozenset({"nsubj", "nsubjpass", "agent"})

Prediction = Sequence[tuple[str, float]]


@dataclass(frozen=True)
class VerbalMaterial:
    """Verbs of attack that are often words, and the objects that tell which."""

    verbs: frozenset[str]
    verbal_objects: frozenset[str]
    material_objects: frozenset[str]

    @classmethod
    def load(cls, path: Path = VERBAL_MATERIAL_PATH) -> VerbalMaterial:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            *(
                frozenset(str(word).lower() for word in data[key])
                for key in ("verbs", "verbal_objects", "material_objects")
            )
        )


class TypeDecider:
    """Which candidates the typer types, and what its answer makes of them."""

    def __init__(
        self,
        typer: EventTyper,
        types: Mapping[str, PloverType],
        cameo: Mapping[str, CameoCode],
        lexicon: Lexicon,
    ):
        self.typer = typer
        self.types = types
        self.cameo = cameo
        self.lexicon = lexicon
        self.verbal_material = VerbalMaterial.load()

    # --- candidates ----------------------------------------------------------------------------

    def open_candidates(self, sentence: Span, actors: ActorIndex, triggered: set[int]) -> Iterator[Candidate]:
        """Verbs no lexicon knows whose subject and object are both actors ("Iran rebuffed the EU")."""
        words = self.lexicon.words
        for token in sentence:
            if token.pos_ != "VERB" or token.i in triggered or lemma_in(token, self.lexicon.verbs):
                continue
            if any(lemma_in(token, words[name]) for name in ("light_verbs", "reporting_verbs")):
                continue
            subjects = [child for child in token.children if child.dep_ in SUBJECTS]
            objects = objects_of(token) + [pobj for _preposition, pobj in prep_objects(token)]
            if any(actors.phrase_actors(s) for s in subjects) and any(
                actors.phrase_actors(o) for o in objects
            ):
                yield Candidate(token, "verb", OPEN_ENTRY)

    def has_party(self, token: Token, actors: ActorIndex) -> bool:
        """Whether a verb's subject or object can name a party: an actor, a pronoun or a definite
        description ("they", "the ministry"); the typer is not asked about verbs with none."""
        if token.pos_ != "VERB":
            return True
        arguments = [child for child in token.children if child.dep_ in SUBJECTS]
        arguments += objects_of(token) + [pobj for _preposition, pobj in prep_objects(token)]
        if token.dep_ in ("xcomp", "conj", "advcl", "relcl"):  # shares its governor's subject
            arguments.append(token.head)
        return any(
            argument.tag_ == "PRP"
            or any(child.lower_ == "the" for child in argument.children)
            or actors.phrase_actors(argument)
            for argument in arguments
        )

    def needs_typer(self, coding: Coding | None, trigger: Candidate) -> bool:
        if coding is None:
            return trigger.entry is OPEN_ENTRY
        if UNDECIDED_METHOD.match(coding.method):
            return True
        return self.verbal_or_material(trigger.token, coding) is None and self._may_be_verbal(
            trigger.token, coding
        )

    def _may_be_verbal(self, token: Token, coding: Coding) -> bool:
        return coding.event_type == "ASSAULT" and token.lemma_.lower() in self.verbal_material.verbs

    def verbal_or_material(self, token: Token, coding: Coding) -> str | None:
        """ACCUSE or ASSAULT when a verb of attack's object settles it ("attacked the plan", "attacked
        a convoy"), else None."""
        if not self._may_be_verbal(token, coding):
            return None
        for obj in objects_of(token) + [pobj for _preposition, pobj in prep_objects(token)]:
            lemma = obj.lemma_.lower()
            if lemma in self.verbal_material.verbal_objects:
                return "ACCUSE"
            if lemma in self.verbal_material.material_objects or obj.ent_type_ in ("GPE", "LOC", "FAC"):
                return "ASSAULT"
        return None

    # --- typing --------------------------------------------------------------------------------

    def predict(self, doc: Doc, tokens: Iterable[Token]) -> dict[int, Prediction]:
        """The typer's answer for each token (by index), in one batch."""
        tokens = list(tokens)
        if not tokens:
            return {}
        candidates = []
        for token in tokens:
            sentence = token.sent
            start = token.idx - sentence.start_char
            candidates.append((sentence.text, start, start + len(token.text)))
        return {token.i: prediction for token, prediction in zip(tokens, self.typer.predict(candidates))}

    def decide(
        self, coding: Coding | None, token: Token, prediction: Prediction | None
    ) -> tuple[Coding | None, float | None]:
        """The coding after the typer's answer, and its calibrated confidence (None: the rules decided)."""
        if coding is not None:
            settled = self.verbal_or_material(token, coding)
            if settled == "ACCUSE":
                return self._recoded(coding, "ACCUSE", f"+verbal:{token.lemma_.lower()}"), None
            if settled == "ASSAULT" or prediction is None:
                return coding, None
        if prediction is None:
            return None, None
        probabilities = dict(prediction)
        if coding is not None and self._may_be_verbal(token, coding):  # "attacked": words or force
            label = max(("ACCUSE", "ASSAULT"), key=probabilities.__getitem__)
            return self._recoded(coding, label, f"+typer:{label}"), probabilities[label]
        top, probability = prediction[0]
        if top == NO_EVENT and probability >= NONE_THRESHOLD:
            return None, probability
        if coding is None:  # a verb no lexicon knows: an event only when the typer is sure
            if top == NO_EVENT or probability < OPEN_THRESHOLD:
                return None, probability
            return self._base_coding(top, f"typer:verb:{token.lemma_.lower()}"), probability
        # A dictionary's default code: the typer retypes it when sure, else the dictionary's type stands.
        label = top if top != NO_EVENT and probability >= RETYPE_THRESHOLD else coding.event_type
        return self._recoded(coding, label, f"+typer:{label}"), probabilities.get(label, 0.0)

    def _recoded(self, coding: Coding, event_type: str, note: str) -> Coding:
        """The coding with the type decided here: the rules' code and mode where the type is theirs,
        else the type's general CAMEO code and that code's mode."""
        if event_type == coding.event_type:
            return Coding(coding.cameo, event_type, coding.mode, coding.context, coding.method + note)
        return self._base_coding(event_type, coding.method + note)

    def _base_coding(self, event_type: str, method: str) -> Coding:
        base = self.types[event_type].base_cameo
        known = self.cameo.get(base) if base else None
        return Coding(base, event_type, known.mode if known else None, known.context if known else (), method)
