"""Context rules: a mention without a country or sector takes them from the body a person serves ("of
the ... militia"), an apposition, the place a group is in, a title with a known surname, the one
state whose organs act in the sentence, or the one country the whole article is about."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc

from .matching import sentences
from .resolution import Found, country_placed
from .tables import STATE_SECTORS, Tables, country_by_surname, lowered

# "X of the ... militia" takes the body's codes; "Mike Lee of Utah" says where he is from, not whom he serves.
SERVED_KINDS = frozenset({"group", "organization", "media"})
TRAVELLING_SECTORS = frozenset({"MIL", "SPY", "UAF", "IGO", "NGO"})  # no country from the sentence


def inherit_through_of(doc: Doc, found: list[Found]) -> list[Found]:
    """ "Colonel Muhanad al-Tanaa of the ... militia": a person takes the codes of the body he serves."""
    by_token = {i: mention for mention in found for i in range(mention.start, mention.end)}
    result = []
    for mention in found:
        codes = mention.codes
        if codes.kind == "person" and codes.method in ("title", "ner:PERSON"):
            last = doc[mention.end - 1]
            for preposition in (
                child for child in last.children if child.dep_ == "prep" and child.lower_ == "of"
            ):
                body = next(
                    (by_token.get(child.i) for child in preposition.children if child.dep_ == "pobj"), None
                )
                if (
                    body is not None
                    and body.codes.kind in SERVED_KINDS
                    and (body.codes.country or body.codes.sector)
                ):
                    codes = replace(codes, country=body.codes.country, sector=body.codes.sector,
                                    org=body.codes.org, method="title+of")  # fmt: skip
        result.append(replace(mention, codes=codes))
    return result


def inherit_through_apposition(doc: Doc, found: list[Found]) -> list[Found]:
    """ "The governor of Ohio, Mike DeWine", "Kenzo Oshima, the United Nations Emergency Relief
    Coordinator": a person the tables and titles leave uncoded takes the codes of the office beside it."""
    by_token = {i: mention for mention in found for i in range(mention.start, mention.end)}
    result = []
    for mention in found:
        codes = mention.codes
        if codes.kind == "person" and codes.method == "ner:PERSON":
            root = doc[mention.start : mention.end].root
            beside = [root.head] if root.dep_ == "appos" else []
            beside += [child for child in root.children if child.dep_ == "appos"]
            offices = [by_token[token.i] for token in beside if token.i in by_token]
            coded = [
                m
                for m in offices
                if m.codes.kind != "person" and m.codes.sector and (m.codes.country or m.codes.org)
            ]
            office = coded[0] if coded else None
            if office is not None:
                codes = replace(codes, country=office.codes.country, sector=office.codes.sector, org=office.codes.org,
                                office=office.codes.office or codes.office, method="appos")  # fmt: skip
        result.append(replace(mention, codes=codes))
    return result


def inherit_from_place(doc: Doc, found: list[Found], country_at: dict[int, str]) -> list[Found]:
    """ "opposition parties in Nepal", "rebels in Darfur", "guerrillas operating in Macedonia": a
    domestic group named without a country, placed in a country or a place of one, is of that country
    ("its forces in Lebanon" are not: they belong to the possessor). ``country_at`` maps tokens to the
    country of a place name there."""
    result = []
    for mention in found:
        codes = mention.codes
        if (
            codes.country is None
            and codes.org is None
            and codes.sector is not None
            and codes.kind != "person"
        ):
            country = country_placed(doc[mention.end - 1], country_at)
            if country is not None:
                codes = replace(codes, country=country, method=f"{codes.method}+place")
        result.append(replace(mention, codes=codes))
    return result


def inherit_from_sentence(doc: Doc, found: list[Found]) -> list[Found]:
    """ "Egyptian police opened fire to disperse Moslem fundamentalist demonstrators": a domestic group
    named without a country, in a sentence whose state organs are of one country only, is of that
    country (as ICEWS codes its sector-only actors). Armed forces, spies and international bodies are
    left alone: they travel."""
    result = []
    for sentence in sentences(doc):
        inside = [mention for mention in found if sentence.start <= mention.start < sentence.end]
        named = {m.codes.country for m in inside if m.codes.country and m.codes.sector in STATE_SECTORS}
        for mention in inside:
            codes = mention.codes
            if len(named) == 1 and codes.country is None and codes.org is None and codes.kind != "person" \
                    and codes.sector is not None and codes.sector not in TRAVELLING_SECTORS:  # fmt: skip
                codes = replace(codes, country=next(iter(named)), method=f"{codes.method}+sentence")
            result.append(replace(mention, codes=codes))
    return result


def country_from_surname(doc: Doc, found: list[Found], tables: Tables, date: dt.date | None) -> list[Found]:
    """ "President Reagan": an office title with a bare surname that the tables know for people of one
    country (in office at the date, or at all, or written so by the source: "President Bush") is an
    official of that country (the title, not the tables, gives the sector)."""
    result = []
    for mention in found:
        codes = mention.codes
        surname = doc[mention.end - 1]
        bare = surname.ent_type_ == "PERSON" and surname.ent_iob_ == "B" and mention.end - mention.start > 1
        if codes.method == "title" and codes.country is None and codes.org is None and bare:
            country = country_by_surname(tables.people_by_surname.get(surname.text.lower(), ()), date)
            country = country or tables.country_by_titled.get(
                lowered(doc[mention.end - 2 : mention.end].text)
            )
            if country is not None:
                codes = replace(codes, country=country, method="title+kb:surname")
        result.append(replace(mention, codes=codes))
    return result


# The article is about one country when that many of its country-coded mentions and places, and at
# least this share of them, are of it.
ARTICLE_COUNTRY_MIN_MENTIONS = 3
ARTICLE_COUNTRY_MIN_SHARE = 0.6


def article_country(found: list[Found], country_at: dict[int, str]) -> str | None:
    """The country the article is about: the one country that most of its coded mentions and place
    names are of, or None."""
    counts = Counter(mention.codes.country for mention in found if mention.codes.country)
    # country_at maps each token of a place name: count each name once.
    counts.update(country for i, country in country_at.items() if country_at.get(i - 1) != country)
    if not counts:
        return None
    country, count = counts.most_common(1)[0]
    enough = count >= ARTICLE_COUNTRY_MIN_MENTIONS and count >= ARTICLE_COUNTRY_MIN_SHARE * sum(
        counts.values()
    )
    return country if enough else None


def inherit_from_article(found: list[Found], country_at: dict[int, str]) -> list[Found]:
    """A police force, a judge, a prosecutor or a person the tables do not know ("Stefan W", "Judge
    Amy Berman Jackson"), in an article about one country, is of that country: domestic news names
    its own people without saying where they are from. Armed forces, spies and international bodies
    are left alone, as in the sentence rule."""
    country = article_country(found, country_at)
    if country is None:
        return found
    result = []
    for mention in found:
        codes = mention.codes
        unplaced = codes.country is None and codes.org is None
        domestic = codes.sector not in TRAVELLING_SECTORS and (
            codes.sector is not None or codes.method == "ner:PERSON"
        )
        if unplaced and domestic and codes.kind in ("person", "group"):
            codes = replace(codes, country=country, method=f"{codes.method}+article")
        result.append(replace(mention, codes=codes))
    return result
