"""Reading every input format, and every kind of bad input, without losing the good articles."""

import datetime as dt
import gzip
import json
import subprocess
import sys

import pytest

from eventcoder import errors
from eventcoder.ingest import ArticleInput, article_id, check_language, iter_articles

from ..paths import REPO

# Real news text (Wikinews, CC BY 2.5).
NAVALNY = (
    "On Wednesday, the German government said Russian opposition leader Alexei Navalny had been poisoned "
    "with a nerve agent from the Novichok group, citing tests by a German military laboratory."
)
MAHAN = (
    "Germany banned Iranian airline Mahan Air from its airspace on Monday, citing security concerns. "
    "The ban took effect immediately."
)
GERMAN = (
    "Die Bundesregierung hat am Mittwoch erklärt, der russische Oppositionspolitiker Alexej Nawalny sei "
    "mit einem Nervenkampfstoff aus der Nowitschok-Gruppe vergiftet worden."
)


def read(*paths, **options):
    return list(iter_articles([str(p) for p in paths], **options))


def test_ingest_reads_plain_text_and_takes_the_dateline_as_publication_date():
    [article] = read(REPO / "examples" / "germany-bans-mahan-air.txt")
    assert isinstance(article, ArticleInput)
    assert article.published == dt.date(2019, 1, 23)
    assert "Mahan Air" in article.text


def test_ingest_published_option_overrides_the_dateline_but_not_record_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(NAVALNY)
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "b", "text": MAHAN, "published": "2019-01-23"}) + "\n"
    )
    a, b = read(tmp_path / "a.txt", tmp_path / "b.jsonl", published=dt.date(2020, 9, 5))
    assert a.published == dt.date(2020, 9, 5)
    assert b.published == dt.date(2019, 1, 23)


def test_ingest_jsonl_keeps_good_lines_around_bad_ones(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps(
            {
                "id": "navalny",
                "title": "Germany says Alexei Navalny poisoned",
                "text": NAVALNY,
                "published": "2020-09-05",
                "source": "Wikinews",
                "url": "https://en.wikinews.org/wiki/Germany_says_Alexei_Navalny_poisoned_with_Novichok",
            }
        ),
        '{"id": "broken", "text": "Turkey sent troops',
        json.dumps({"id": "notext", "title": "no text"}),
        json.dumps({"id": "baddate", "text": MAHAN, "published": "23/01/2019"}),
        "",
        json.dumps({"id": "mahan", "text": MAHAN, "published": "2019-01-23"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    results = read(path)
    assert [type(r).__name__ for r in results] == [
        "ArticleInput",
        "MalformedRecord",
        "MalformedRecord",
        "MalformedRecord",
        "ArticleInput",
    ]
    assert [r.id for r in results if isinstance(r, ArticleInput)] == ["navalny", "mahan"]
    assert results[0].url.startswith("https://en.wikinews.org/")
    assert [r.where for r in results[1:4]] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "not valid JSON" in str(results[1])
    assert "missing 'text'" in str(results[2])
    assert "invalid published date '23/01/2019'" in str(results[3])


def test_ingest_reads_gzipped_jsonl(tmp_path):
    path = tmp_path / "batch.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "navalny", "text": NAVALNY, "published": "2020-09-05"}) + "\n")
    [article] = read(path)
    assert article.id == "navalny" and article.published == dt.date(2020, 9, 5)


@pytest.mark.parametrize(
    "content, error, message",
    [
        (b"", errors.EmptyInput, "file is empty"),
        (b"   \n\n  ", errors.EmptyInput, "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", errors.BinaryInput, "binary data"),
        (bytes(range(128, 256)) * 8, errors.UndecodableInput, "cannot decode"),
    ],
    ids=["empty", "blank", "binary", "undecodable"],
)
def test_ingest_reports_bad_files_by_name(tmp_path, content, error, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [result] = read(path)
    assert isinstance(result, error)
    assert str(result).startswith(f"{result.code} {path}: ")
    assert message in str(result)


def test_ingest_reports_missing_files_and_patterns(tmp_path):
    missing, pattern = read(tmp_path / "nowhere.txt", tmp_path / "*.html")
    assert isinstance(missing, errors.FileMissing) and "no such file" in str(missing)
    assert isinstance(pattern, errors.FileMissing) and "no file matches" in str(pattern)


def test_ingest_detects_legacy_encodings(tmp_path):
    text = "The Élysée said on Monday that France would recall its ambassador, a décision without précédent."
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    [article] = read(path)
    assert article.text == text


def test_ingest_walks_directories_and_globs(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(NAVALNY)
    (tmp_path / "sub" / "b.txt").write_text(MAHAN)
    (tmp_path / "sub" / "notes.pdf").write_bytes(b"%PDF-1.4")
    a, b, skipped = read(tmp_path)
    assert [a.text, b.text] == [NAVALNY, MAHAN]
    assert (
        str(skipped)
        == f"E014 {tmp_path / 'sub' / 'notes.pdf'}: skipped: not a .txt, .html, .jsonl, .json or feed file"
    )
    assert [a.text for a in read(tmp_path / "**" / "*.txt")] == [NAVALNY, MAHAN]


def test_ingest_extracts_html_text_and_metadata(tmp_path):
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in NAVALNY.split(". ") + MAHAN.split(". "))
    html = (
        "<html><head><title>Germany says Alexei Navalny poisoned with Novichok</title>"
        '<meta property="article:published_time" content="2020-09-05T10:00:00Z">'
        '<meta property="og:site_name" content="Wikinews"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>{paragraphs}</article>"
        "<footer>Copyright notice and links</footer></body></html>"
    )
    path = tmp_path / "navalny.html"
    path.write_text(html)
    [article] = read(path)
    [dated] = read(path, published=dt.date(2020, 9, 6))
    assert article.title == "Germany says Alexei Navalny poisoned with Novichok"
    assert article.published == dt.date(2020, 9, 5)
    assert dated.published == dt.date(2020, 9, 6), "--published wins over HTML metadata"
    assert article.source == "Wikinews"
    assert "Novichok" in article.text and "Home" not in article.text


def test_ingest_reads_rss_feeds(tmp_path):
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wikinews</title>
    <item><title>Germany says Navalny poisoned</title><link>https://en.wikinews.org/wiki/a</link>
      <pubDate>Sat, 05 Sep 2020 10:00:00 GMT</pubDate><description>{NAVALNY}</description></item>
    <item><title>Germany bans Mahan Air</title><link>https://en.wikinews.org/wiki/b</link>
      <pubDate>Wed, 23 Jan 2019 10:00:00 GMT</pubDate><description>{MAHAN}</description></item>
    </channel></rss>"""
    path = tmp_path / "feed.rss"
    path.write_text(rss)
    first, second = read(path)
    assert (first.title, first.published, first.source, first.url) == (
        "Germany says Navalny poisoned",
        dt.date(2020, 9, 5),
        "Wikinews",
        "https://en.wikinews.org/wiki/a",
    )
    assert second.text == MAHAN and second.where == f"{path}#2"


def test_ingest_article_id_ignores_whitespace_and_case():
    assert article_id(NAVALNY) == article_id("  " + NAVALNY.upper().replace(" ", "\n "))
    assert article_id(NAVALNY) != article_id(MAHAN)


def test_ingest_language_check_refuses_other_languages_only():
    check_language(NAVALNY, "a.txt")
    check_language("Putin met Erdogan.", "short.txt")  # too short to judge: taken as English
    with pytest.raises(errors.NotEnglish, match=r"a\.txt: text is in German, not English"):
        check_language(GERMAN, "a.txt")


# NAVALNY in the languages closest to English in their function words ("was", "at", "de"), and one
# in another script: each goes past the quick English test to langid.py, which names the language.
@pytest.mark.parametrize(
    "language, text",
    [
        ("Dutch", "Op woensdag verklaarde de Duitse regering dat de Russische oppositieleider Alexei Navalny was "
                  "vergiftigd met een zenuwgif uit de Novitsjok-groep, op basis van tests van een Duits militair laboratorium."),
        ("Danish", "Onsdag sagde den tyske regering, at den russiske oppositionsleder Aleksej Navalnyj var blevet "
                   "forgiftet med en nervegift fra Novitjok-gruppen, med henvisning til test fra et tysk militærlaboratorium."),
        ("French", "Mercredi, le gouvernement allemand a déclaré que l'opposant russe Alexeï Navalny avait été empoisonné "
                   "avec un agent neurotoxique du groupe Novitchok, citant des analyses d'un laboratoire militaire allemand."),
        ("Spanish", "El miércoles, el gobierno alemán dijo que el líder opositor ruso Alexei Navalny había sido envenenado "
                    "con un agente nervioso del grupo Novichok, citando pruebas de un laboratorio militar alemán."),
        ("Russian", "В среду правительство Германии заявило, что российский оппозиционер Алексей Навальный был отравлен "
                    "нервно-паралитическим веществом из группы «Новичок», сославшись на анализы немецкой военной лаборатории."),
    ],
)  # fmt: skip
def test_ingest_language_check_refuses_languages_near_english(language, text):
    with pytest.raises(errors.NotEnglish, match=f"a.txt: text is in {language}, not English"):
        check_language(text, "a.txt")


def test_ingest_language_check_takes_english_prose_without_the_identifier():
    """Plain English prose is decided by its function words: the language identifier stays unloaded."""
    code = "import sys; from eventcoder.ingest import check_language; check_language(sys.argv[1], 'a.txt'); print('py3langid' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code, NAVALNY], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_ingest_language_check_takes_english_with_few_function_words():
    # Reuters-21578 (1987): lingua, the identifier used before langid.py, refused this English.
    check_language(
        "Louisiana Land and Exploration Co said it assumed the obligation to pay the principal and interest on "
        "the 8-1/2 pct convertible subordinated debentures due September 1, 2000 of Inexco Oil Co, a unit of "
        "Louisiana Land.\n\nEffective March 23, the debentures will be listed as the debentures of Louisiana Land, LLXOO.",
        "reuters21578-8042",
    )


def test_ingest_language_check_leaves_tables_of_figures_unjudged():
    # Reuters-21578 (1987, reuters21578-2484, whole text): identifiers read these abbreviations as Spanish
    check_language(
        "Shr profit 26 cts vs profit 10 cts\n\nNet profit 1,371,000 vs profit 482,000\n\nRevs 48 mln vs 45.7 mln\n\n"
        "Avg shrs 5.20 mln vs 5.15 mln\n\n12 mths\n\nShr profit 1.05 dlrs vs loss 34 cts\n\n"
        "Net profit 5,454,000 vs loss 1,766,000\n\nRevs 191.7 mln vs 185.2 mln\n\nAvg shrs 5.20 mln vs 5.15 mln",
        "reuters21578-2484",
    )


# ---------------------------------------------------------------- bad input: one error each, never a crash


def jsonl_line(**record) -> str:
    return json.dumps(record) + "\n"


def test_ingest_refuses_deeply_nested_json_without_recursing(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    lines = tmp_path / "deep.jsonl"
    lines.write_text(
        jsonl_line(id="navalny", text=NAVALNY) + deep + "\n" + jsonl_line(id="mahan", text=MAHAN)
    )
    whole = tmp_path / "deep.json"
    whole.write_text(deep)
    first, error, last, file_error = read(lines, whole)
    assert [first.id, last.id] == ["navalny", "mahan"]
    assert str(error) == f"E009 {lines}:2: JSON nested deeper than 64 levels"
    assert str(file_error) == f"E009 {whole}: JSON nested deeper than 64 levels"


def test_ingest_json_depth_ignores_brackets_inside_strings(tmp_path):
    path = tmp_path / "brackets.jsonl"
    path.write_text(jsonl_line(id="navalny", text=NAVALNY + " [[[{{{" * 100))
    [article] = read(path)
    assert article.text.endswith("[[[{{{")


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".txt"])
def test_ingest_detects_the_encoding_of_every_format(tmp_path, suffix):
    text = "The Élysée said on Monday that France would recall its ambassador, a décision without précédent."
    path = tmp_path / f"latin1{suffix}"
    record = json.dumps({"id": "elysee", "text": text}, ensure_ascii=False)
    content = {".jsonl": record + "\n" + record + "\n", ".json": f"[{record}]", ".txt": text}[suffix]
    path.write_bytes(content.encode("latin-1"))
    articles = read(path)
    assert articles and all(isinstance(a, ArticleInput) and a.text == text for a in articles)


def test_ingest_random_bytes_are_one_error_for_the_file(tmp_path):
    import random

    path = tmp_path / "random.jsonl"
    noise = random.Random(7).randbytes(20_000)
    assert noise.count(b"\n") > 50
    path.write_bytes(noise)
    [error] = read(path)
    assert str(error) == f"E004 {path}: binary data, not text"


def test_ingest_a_run_of_binary_lines_is_one_error_between_good_lines(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        jsonl_line(id="navalny", text=NAVALNY).encode()
        + b"\x00\x01\x02\n\xff\xfe\x00\x03\n\x00garbage\x00\n"
        + jsonl_line(id="mahan", text=MAHAN).encode()
    )
    first, error, last = read(path)
    assert [first.id, last.id] == ["navalny", "mahan"]
    assert str(error) == f"E004 {path}:2-4: binary data, not text"


def test_ingest_rss_entry_with_one_short_html_paragraph_keeps_its_text(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wikinews</title><item>'
        "<title>Germany bans Mahan Air</title><pubDate>Wed, 23 Jan 2019 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;{MAHAN.split('. ')[0]}.&lt;/p&gt;</description></item></channel></rss>"
    )
    [entry] = read(path)
    assert entry.text == MAHAN.split(". ")[0] + "."
    assert entry.published == dt.date(2019, 1, 23)


def test_ingest_reports_every_skipped_path(tmp_path, monkeypatch):
    import os

    (tmp_path / "a.txt").write_text(NAVALNY)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(MAHAN)
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    (tmp_path / "locked").mkdir()
    # The suite may run as root, whom chmod 000 does not stop: the directory refuses to be listed.
    scandir = os.scandir

    def refusing(path):
        if str(path) == str(tmp_path / "locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    results = read(tmp_path)
    assert [r.text for r in results if isinstance(r, ArticleInput)] == [NAVALNY, MAHAN]
    assert [str(r).removeprefix("E014 ") for r in results if isinstance(r, errors.InputError)] == [
        f"{tmp_path / 'dangling.txt'}: skipped: dangling symbolic link",
        f"{tmp_path / 'locked'}: skipped: cannot read directory (Permission denied)",
        f"{tmp_path / 'loop.txt'}: skipped: Too many levels of symbolic links",
        f"{tmp_path / 'notes.pdf'}: skipped: not a .txt, .html, .jsonl, .json or feed file",
        f"{tmp_path / 'sub' / 'up'}: skipped: symbolic link to a directory already read",
    ]
    assert all(isinstance(r, errors.SkippedPath) for r in results if isinstance(r, errors.InputError))


def test_ingest_named_dangling_link_is_one_error(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    [error] = read(tmp_path / "gone.txt")
    assert str(error) == f"E002 {tmp_path / 'gone.txt'}: dangling or looping symbolic link"


def test_ingest_empty_published_means_undated(tmp_path):
    path = tmp_path / "undated.jsonl"
    path.write_text(
        jsonl_line(id="navalny", text=NAVALNY, published="") + jsonl_line(id="m", text=MAHAN, published=" ")
    )
    assert [(a.id, a.published) for a in read(path)] == [("navalny", None), ("m", None)]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("blank.jsonl", "\n\n  \n", "file is empty"),
        ("empty.json", "[]", "JSON array holds no articles"),
        ("empty.rss", "", "file is empty"),
        ("empty.txt", "", "file is empty"),
    ],
)
def test_ingest_an_input_with_nothing_in_it_is_one_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    [error] = read(path)
    assert isinstance(error, errors.EmptyInput)
    assert str(error) == f"E003 {path}: {message}"


def test_ingest_refuses_articles_over_the_size_limit_before_coding(tmp_path):
    big = " ".join([NAVALNY] * 40)  # 7,000 characters of a real paragraph
    path = tmp_path / "sizes.jsonl"
    path.write_text(
        jsonl_line(id="small", text=NAVALNY) + jsonl_line(id="big", text=big) + jsonl_line(id="m", text=MAHAN)
    )
    small, error, last = read(path, max_chars=5_000)
    assert [small.id, last.id] == ["small", "m"]
    assert (
        str(error)
        == f"E009 {path}:2: article has {len(big):,} characters, more than the limit of 5,000 (--max-chars)"
    )
    assert len(read(path)) == 3 and all(isinstance(a, ArticleInput) for a in read(path))


def test_ingest_a_reader_that_raises_costs_only_its_file(tmp_path, monkeypatch):
    import feedparser

    def broken(data):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(feedparser, "parse", broken)
    (tmp_path / "a.txt").write_text(NAVALNY)
    (tmp_path / "b.rss").write_text("<rss/>")
    (tmp_path / "c.txt").write_text(MAHAN)
    first, error, last = read(tmp_path / "a.txt", tmp_path / "b.rss", tmp_path / "c.txt")
    assert [first.text, last.text] == [NAVALNY, MAHAN]
    assert str(error) == f"E001 {tmp_path / 'b.rss'}: cannot read: RuntimeError: parser bug"


def test_ingest_refuses_an_oversized_file_before_reading_it(tmp_path):
    """A 3 MB .txt cannot be one article of at most 500,000 characters: refused from its size alone (the
    file is all NUL bytes, which reading would call binary)."""
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(3_000_000)
    [error] = list(iter_articles([str(huge)]))
    assert isinstance(error, errors.TooLarge)
    assert str(error).endswith(
        "article of 3,000,000 bytes is larger than the limit of 2,000,000 bytes (--max-chars)"
    )
