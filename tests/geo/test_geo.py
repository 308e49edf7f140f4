"""The GEO stage on real news sentences: Reuters wire text (Idlib, Sept 2019) and Wikinews 2019-20 (CC BY 2.5)."""

import datetime as dt

import pytest

from eventcoder.events.context import location_for
from eventcoder.geo import load_gazetteer, normalize
from eventcoder.records import Location, Place

REUTERS_IDLIB = dt.date(2019, 9, 6)
IDLIB_CITY = {"name": "Idlib", "lat": 35.93062, "lon": 36.63393, "country": "SYR", "kind": "city"}
ISTANBUL = {"name": "Istanbul", "lat": 41.01384, "lon": 28.94966, "country": "TUR", "kind": "city"}
SOCHI = {"name": "Sochi", "lat": 43.59699, "lon": 39.72477, "country": "RUS", "kind": "city"}
DAMASCUS = {"name": "Damascus", "lat": 33.5102, "lon": 36.29128, "country": "SYR", "kind": "city"}
MEDITERRANEAN = {"name": "Mediterranean Sea", "lat": 35.0, "lon": 18.0, "country": None, "kind": "water"}
PARIS_FRANCE = {"name": "Paris", "lat": 48.85341, "lon": 2.3488, "country": "FRA", "kind": "city"}
PARIS_TEXAS = {"name": "Paris", "lat": 33.66094, "lon": -95.55551, "country": "USA", "kind": "city"}
TEXAS = {"name": "Texas", "lat": 30.9674, "lon": -97.6853, "country": "USA", "kind": "admin1"}
IDLIB_PROVINCE = {"name": "Idlib", "lat": 35.8628, "lon": 36.611, "country": "SYR", "kind": "admin1"}
NORTH_WEST_SYRIA = {
    "name": "north-western Syria",
    "lat": 35.8,
    "lon": 36.5,
    "country": "SYR",
    "kind": "region",
}
FRANCE = {"name": "France", "lat": 47.451, "lon": 2.5, "country": "FRA", "kind": "country"}


def geonames(geonameid=None, feature_class=None, feature_code=None, admin1=None) -> dict:
    """The GeoNames fields of a Place: its gazetteer row's id, feature class and code, first-level region."""
    return {
        "geonameid": geonameid,
        "feature_class": feature_class,
        "feature_code": feature_code,
        "admin1": admin1,
    }


# What the gazetteer tables say of each place (cities.tsv, admin1.tsv, countries.tsv, features.tsv).
GEONAMES = {
    "Idlib/city": geonames(169389, "P", None, "Idlib"),
    "Sochi/city": geonames(491422, "P", None, "Krasnodarskiy"),
    "Istanbul/city": geonames(745044, "P", None, "Istanbul"),
    "Damascus/city": geonames(170654, "P", None, "Dimashq"),
    "Mediterranean Sea/water": geonames(feature_class="H"),
    "Paris/city/USA": geonames(4717560, "P", None, "Texas"),
    "Texas/admin1": geonames(None, "A", "ADM1", "Texas"),
    "Paris/city/FRA": geonames(2988507, "P", None, "Ile-de-France"),
    "France/country": geonames(3017382, "A", "PCLI"),
    "Idlib/admin1": geonames(None, "A", "ADM1", "Idlib"),
    "north-western Syria/region": geonames(feature_class="L"),
}


def coded(nlp, text: str, published: dt.date | None = REUTERS_IDLIB):
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def place(text: str, written: str, fields: dict, occurrence: int = 0) -> Place:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(written, start + 1)
    key = f"{fields['name']}/{fields['kind']}"
    geo = GEONAMES.get(f"{key}/{fields['country']}") or GEONAMES[key]
    return Place(text=written, start=start, end=start + len(written), **fields, **geo)


IDLIB_TEXT = "Moscow announced yesterday the postponement of a planned offensive in Idlib."
SOCHI_TEXT = "Putin and Erdogan will meet on Monday in the Russian resort town of Sochi."
ISTANBUL_TEXT = "Russian, Turkish, German and French officials met yesterday in Istanbul."
DAMASCUS_TEXT = "Syrian government forces shelled rebel positions near Damascus on Tuesday. Damascus said the strikes would continue."
MEDITERRANEAN_TEXT = "Kurdi, his brother, and his mother were among eleven migrants who died in a storm on the Mediterranean Sea in 2015."
PARIS_TEXAS_TEXT = "The rally was held in Paris, Texas, last week."
PARIS_TEXT = "On Thursday at the headquarters of the Paris Police Prefecture in Paris, France, an IT worker went on a stabbing spree."
PROVINCE_TEXT = "Clashes erupted in Idlib province in north-western Syria earlier this month."


@pytest.mark.parametrize(
    "text, expected",
    [
        (IDLIB_TEXT, [place(IDLIB_TEXT, "Idlib", IDLIB_CITY)]),
        (SOCHI_TEXT, [place(SOCHI_TEXT, "Sochi", SOCHI)]),
        (ISTANBUL_TEXT, [place(ISTANBUL_TEXT, "Istanbul", ISTANBUL)]),
        # "near Damascus" is a place; "Damascus said" is an actor, not a place
        (DAMASCUS_TEXT, [place(DAMASCUS_TEXT, "Damascus", DAMASCUS)]),
        (MEDITERRANEAN_TEXT, [place(MEDITERRANEAN_TEXT, "Mediterranean Sea", MEDITERRANEAN)]),
        (PARIS_TEXAS_TEXT, [place(PARIS_TEXAS_TEXT, "Paris", PARIS_TEXAS), place(PARIS_TEXAS_TEXT, "Texas", TEXAS)]),
        (PARIS_TEXT, [place(PARIS_TEXT, "Paris", PARIS_FRANCE, occurrence=1),
                      place(PARIS_TEXT, "France", FRANCE)]),
        (PROVINCE_TEXT, [place(PROVINCE_TEXT, "Idlib", IDLIB_PROVINCE), place(PROVINCE_TEXT, "north-western Syria", NORTH_WEST_SYRIA)]),
    ],
)  # fmt: skip
def test_geo_places(nlp, text, expected):
    assert [mention.place for mention in coded(nlp, text)._.place_mentions] == expected


def trigger(doc, word: str):
    return next(token for token in doc if token.text == word)


@pytest.mark.parametrize(
    "text, word, expected",
    [
        (ISTANBUL_TEXT, "met", Location(text="Istanbul", **ISTANBUL, **GEONAMES["Istanbul/city"])),
        (SOCHI_TEXT, "meet", Location(text="Sochi", **SOCHI, **GEONAMES["Sochi/city"])),
        ("Turkey continued to send Special Forces troops and tanks to reinforce its military posts in Idlib.",
         "reinforce", Location(text="Idlib", **IDLIB_CITY, **GEONAMES["Idlib/city"])),
        (PROVINCE_TEXT, "erupted", Location(text="Idlib", **IDLIB_PROVINCE, **GEONAMES["Idlib/admin1"])),
        (DAMASCUS_TEXT, "shelled", Location(text="Damascus", **DAMASCUS, **GEONAMES["Damascus/city"])),
        # the next sentence names no place: no location, and never the article's main country
        (DAMASCUS_TEXT, "continue", None),
        ("Turkey continued to send Special Forces troops and tanks to reinforce its military posts.", "send", None),
    ],
)  # fmt: skip
def test_geo_location_for_event(nlp, text, word, expected):
    doc = coded(nlp, text)
    assert location_for(doc, trigger(doc, word)) == expected


def test_geo_gazetteer_spellings():
    gazetteer = load_gazetteer()
    assert {c.country for c in gazetteer.lookup("Idleb")} == {"SY"}
    assert normalize("the Khān Shaykhūn") == "khan shaykhun"
    assert any(c.kind == "country" and c.country == "GB" for c in gazetteer.lookup("Britain"))
