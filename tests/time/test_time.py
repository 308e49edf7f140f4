"""The TIME stage on real news sentences: Reuters wire text (Idlib, Sept 2019) and Wikinews 2019-20 (CC BY 2.5)."""

import datetime as dt

import pytest

from eventcoder.events.context import date_for
from eventcoder.records import DateValue
from eventcoder.time import dateline, parse_expression, resolve

REUTERS_IDLIB = dt.date(2019, 9, 6)  # a Friday


def coded(nlp, text: str, published: dt.date | None):
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def trigger(doc, word: str):
    return next(token for token in doc if token.text == word)


@pytest.mark.parametrize(
    "text, published, word, expected",
    [
        # yesterday
        ("Moscow announced yesterday the postponement of a planned offensive in Idlib.", REUTERS_IDLIB,
         "announced", DateValue(value="2019-09-05", precision="day", text="yesterday")),
        ("Russian, Turkish, German and French officials met yesterday in Istanbul.", REUTERS_IDLIB,
         "met", DateValue(value="2019-09-05", precision="day", text="yesterday")),
        # weekday, future tense: the next Monday
        ("Putin and Erdogan will meet on Monday in Sochi.", REUTERS_IDLIB,
         "meet", DateValue(value="2019-09-09", precision="day", text="Monday")),
        # weekday, past tense: the most recent one (Wikinews, published Wednesday 2019-01-23)
        ("Germany on Monday banned Iranian airline Mahan Air from flying in the European nation, with officials "
         "saying this is for security reasons.", dt.date(2019, 1, 23),
         "banned", DateValue(value="2019-01-21", precision="day", text="Monday")),
        ("On Friday, Ricardo Rosselló Nevares resigned as the governor of United States commonwealth of Puerto Rico.",
         dt.date(2019, 8, 4), "resigned", DateValue(value="2019-08-02", precision="day", text="Friday")),
        # future weekday after "is scheduled to"
        ("The Crew Dragon is scheduled to remain at the station during the week and return to Earth on Friday.",
         dt.date(2019, 3, 5), "return", DateValue(value="2019-03-08", precision="day", text="Friday")),
        # last week / earlier this week
        ("Nancy Pelosi, the Democratic Speaker of the House, announced the upcoming vote in a letter earlier this "
         "week to other Democratic members of the House.", dt.date(2019, 11, 1),
         "announced", DateValue(value="2019-10-28", precision="week", text="earlier this week")),
        ("The bill was suspended after protests, and thousands marched again last week.", dt.date(2019, 6, 23),
         "marched", DateValue(value="2019-06-10", precision="week", text="last week")),
        # a month without a year: the most recent one, or the next one in the future tense
        ("In February, Chakrapani said, \"Corona is not a virus.\"", dt.date(2020, 3, 17),
         "said", DateValue(value="2020-02", precision="month", text="February")),
        ("NBC News reported Avenatti is to be sentenced in June.", dt.date(2020, 2, 15),
         "sentenced", DateValue(value="2020-06", precision="month", text="June")),
        ("In early September, Julie Payette, the Governor General of Canada, dissolved the 42nd Canadian Parliament.",
         dt.date(2019, 10, 23), "dissolved", DateValue(value="2019-09", precision="month", text="early September")),
        # explicit dates in the usual formats
        ("Born Robert Burns in Arroyo Grande, California on June 23, 1941, he took his stepfather's name.",
         dt.date(2019, 9, 25), "Born", DateValue(value="1941-06-23", precision="day", text="June 23, 1941")),
        ("The outbreak was first confirmed by the government on October 16, after the laboratory in Melbourne "
         "tested cases positive for measles.", dt.date(2020, 1, 1),
         "confirmed", DateValue(value="2019-10-16", precision="day", text="October 16")),
        ("The new rules were published on 2019-09-14 by the ministry.", dt.date(2019, 9, 20),
         "published", DateValue(value="2019-09-14", precision="day", text="2019-09-14")),
        ("The ceasefire agreed on 14 Sept collapsed within days.", dt.date(2019, 10, 2),
         "agreed", DateValue(value="2019-09-14", precision="day", text="14 Sept")),
        ("Stream was announced in September 2019, just two months after Red Hat was acquired by IBM.",
         dt.date(2020, 12, 14), "announced", DateValue(value="2019-09", precision="month", text="September 2019")),
        # years
        ("CentOS was absorbed into Red Hat in 2014, with Red Hat gaining the trademark rights.",
         dt.date(2020, 12, 14), "absorbed", DateValue(value="2014", precision="year", text="2014")),
        # no temporal expression: no date
        ("Turkey continued to send Special Forces troops and tanks to reinforce its military posts.", REUTERS_IDLIB,
         "send", None),
    ],
)  # fmt: skip
def test_time_date_for_event(nlp, text, published, word, expected):
    doc = coded(nlp, text, published)
    assert date_for(doc, trigger(doc, word)) == expected


def test_time_relative_dates_need_a_publication_date(nlp):
    doc = coded(nlp, "Moscow announced yesterday the postponement of a planned offensive in 2019.", None)
    assert [(m.span.text, m.date) for m in doc._.time_mentions] == [
        ("2019", DateValue(value="2019", precision="year", text="2019"))
    ]


def test_time_mentions_listed_with_their_dates(nlp):
    doc = coded(
        nlp,
        "Russian, Turkish, German and French officials met yesterday in Istanbul. "
        "Putin and Erdogan will meet on Monday in Sochi.",
        REUTERS_IDLIB,
    )
    assert [(m.span.text, m.date) for m in doc._.time_mentions] == [
        ("yesterday", DateValue(value="2019-09-05", precision="day", text="yesterday")),
        ("Monday", DateValue(value="2019-09-09", precision="day", text="Monday")),
    ]


@pytest.mark.parametrize(
    "expression, tense, expected",
    [
        ("on Wednesday", "past", DateValue(value="2019-09-04", precision="day", text="on Wednesday")),
        ("on Wednesday", "future", DateValue(value="2019-09-11", precision="day", text="on Wednesday")),
        ("Friday", "past", DateValue(value="2019-09-06", precision="day", text="Friday")),
        ("last Friday", "past", DateValue(value="2019-08-30", precision="day", text="last Friday")),
        ("next Monday", "past", DateValue(value="2019-09-09", precision="day", text="next Monday")),
        ("in April", "past", DateValue(value="2019-04", precision="month", text="in April")),
        ("in April", "future", DateValue(value="2020-04", precision="month", text="in April")),
        ("last month", "past", DateValue(value="2019-08", precision="month", text="last month")),
        ("earlier this month", "past", DateValue(value="2019-09", precision="month", text="earlier this month")),
        ("three days ago", "past", DateValue(value="2019-09-03", precision="day", text="three days ago")),
        ("last year", "past", DateValue(value="2018", precision="year", text="last year")),
        ("September 14, 2018", "past", DateValue(value="2018-09-14", precision="day", text="September 14, 2018")),
    ],
)  # fmt: skip
def test_time_resolve_by_tense(expression, tense, expected):
    assert resolve(parse_expression(expression), REUTERS_IDLIB, tense) == expected


@pytest.mark.parametrize("expression", ["the 1970s", "the past two years", "for decades", "may"])
def test_time_refuses_expressions_it_cannot_anchor(expression):
    assert parse_expression(expression) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Friday, January 4, 2019 \n\nAn apartment building collapsed on Monday in Magnitogorsk.",
            dt.date(2019, 1, 4),
        ),
        (
            "Monday, March 15, 2021\n\nThe purpose of this page is to demonstrate a mechanism.",
            dt.date(2021, 3, 15),
        ),
        ("LONDON, 14 September 2018 (Reuters) - Britain said on Friday it would ...", dt.date(2018, 9, 14)),
        ("WASHINGTON, Sept 14 (Reuters) - The United States on Friday ...", None),  # no year: no date
        ("An apartment building collapsed on Monday in Magnitogorsk.", None),
    ],
)
def test_time_dateline(text, expected):
    assert dateline(text) == expected


def test_time_misspelled_month_of_a_wire_story(nlp):
    # Reuters 1987 (reuters21578-4199): "Sepember" is read as September, not a crash of the stage (spaCy's
    # entity covers the month word only here, so the day and year are not seen)
    doc = coded(
        nlp,
        "All sales under the credit guarantee lines must be registered and exported by Sepember 30, 1987, it said.",
        dt.date(1987, 3, 11),
    )
    assert [(m.span.text, m.date.precision, m.date.value[5:]) for m in doc._.time_mentions] == [
        ("Sepember", "month", "09")
    ]
