"""In-document coreference: a later surname, "the official" or "he" inherits the codes of a clear
antecedent."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from .matching import NER_PERSON, sentences
from .offices import nominal_office
from .resolution import Codes, Found
from .tables import Agent

PRONOUNS = frozenset({"he", "she"})
COREF_SENTENCE_WINDOW = 2


def _surname_index(found: list[Found], doc: Doc) -> dict[str, Codes]:
    index = {}
    for mention in found:
        if mention.codes.kind != "person":
            continue
        name_tokens = mention.codes.name.split()
        if len(name_tokens) > 1:
            index.setdefault(name_tokens[-1].lower(), mention.codes)
            text_tokens = doc[mention.start : mention.end]
            index.setdefault(text_tokens[-1].lower_, mention.codes)
    return index


def resolve_coreference(doc: Doc, found: list[Found], agents_by_token: dict[int, Agent]) -> list[Found]:
    """Later surnames, "the official", "the militia" and clear "he"/"she" take an antecedent's codes."""
    found = sorted(found, key=lambda m: m.start)
    result: list[Found] = []
    surnames: dict[str, Codes] = {}
    taken = set()
    for mention in found:
        # A single-word person after its full name: "Kalın" after "İbrahim Kalın".
        codes = mention.codes
        if codes.kind == "person" and mention.end - mention.start == 1 and codes.method == "ner:PERSON":
            known = surnames.get(doc[mention.start].lower_)
            if known is not None:
                mention = replace(mention, codes=replace(known, method="coref:surname"))
        elif (
            codes.kind == "person" and codes.method == "title" and codes.country is None and codes.org is None
        ):
            # "Prime Minister Ardern" after "New Zealand Prime Minister Jacinda Ardern"
            known = surnames.get(doc[mention.end - 1].lower_)
            if known is not None and len(codes.name.split()) == 1:
                mention = replace(mention, codes=replace(known, sector=codes.sector or known.sector,
                                                         office=codes.office or known.office,
                                                         method="coref:surname"))  # fmt: skip
        result.append(mention)
        taken.update(range(mention.start, mention.end))
        surnames.update({k: v for k, v in _surname_index([mention], doc).items() if k not in surnames})
    # Surnames the NER missed, and nominal and pronoun anaphora.
    extra = []
    for token in doc:
        if token.i in taken:
            continue
        if token.pos_ == "PROPN" and token.lower_ in surnames and token.ent_type_ in ("", NER_PERSON):
            antecedent = _nearest(result, token.i, lambda m, surname=token.lower_: m.codes.kind == "person"
                                  and m.codes.name.split()[-1].lower() == surname)  # fmt: skip
            if antecedent is not None:
                extra.append(Found(token.i, token.i + 1, replace(antecedent.codes, method="coref:surname")))
        elif token.lower_ in PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            candidates = _window(result, doc, token, lambda m: m.codes.kind == "person")
            names = {m.codes.name for m in candidates}
            if len(names) == 1:
                extra.append(
                    Found(token.i, token.i + 1, replace(candidates[-1].codes, method="coref:pronoun"))
                )
        elif token.i in agents_by_token and token.tag_ in ("NN", "NNP") and token.i > 0 \
                and doc[token.i - 1].lower_ == "the" and token.head.i != token.i + 1 \
                and not any(child.dep_ == "prep" and child.lower_ == "of" for child in token.children):  # fmt: skip
            sector = agents_by_token[token.i].sector
            candidates = _window(result, doc, token, lambda m, sector=sector: m.codes.sector == sector)
            # "the Navy" after "U.S. Navy" and "Japanese bomber": two navies, no clear antecedent.
            if len({(m.codes.country, m.codes.org) for m in candidates}) == 1:
                office = nominal_office(token, agents_by_token[token.i], candidates[-1].codes.office)
                codes = replace(candidates[-1].codes, office=office, method="coref:nominal")
                extra.append(Found(token.i - 1, token.i + 1, codes))
    return sorted(result + extra, key=lambda m: m.start)


def _nearest(found: list[Found], before: int, accept) -> Found | None:
    candidates = [m for m in found if m.end <= before and accept(m)]
    return candidates[-1] if candidates else None


def _window(found: list[Found], doc: Doc, token: Token, accept) -> list[Found]:
    """Accepted mentions before ``token`` in its sentence and the ones just before it."""
    sents = sentences(doc)
    index = next((n for n, sent in enumerate(sents) if sent.start <= token.i < sent.end), 0)
    first = sents[max(0, index - COREF_SENTENCE_WINDOW + 1)].start
    return [m for m in found if first <= m.start and m.end <= token.i and accept(m)]
