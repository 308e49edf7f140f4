"""The ``eventcoder`` command, run as a user runs it: a real process, real articles, real model."""

import json
import os
import subprocess
import sys

import jsonschema
import pytest

from eventcoder.cli import app
from eventcoder.records import SCHEMA_PATH

from ..paths import REPO
from .tables import broken_words

EXAMPLES = REPO / "examples"
# Wikinews, 2020-09-05 (CC BY 2.5).
NAVALNY = (
    "On Wednesday, the German government said Russian opposition leader Alexei Navalny was poisoned with "
    "Novichok. The spokesperson for the German government strongly condemned the attack. Angela Merkel, "
    "the Chancellor of Germany, demanded an explanation from Russia."
)
GERMAN = (
    "Die Bundesregierung hat am Mittwoch erklärt, der russische Oppositionspolitiker Alexej Nawalny sei "
    "mit einem Nervenkampfstoff aus der Nowitschok-Gruppe vergiftet worden."
)

pytestmark = pytest.mark.slow


def run(*args, stdin=None, columns=100):
    return subprocess.run(
        [sys.executable, "-m", "eventcoder", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        env={**os.environ, "COLUMNS": str(columns)},
    )


def assert_clean_errors(stderr: str, count: int):
    lines = stderr.strip().splitlines()
    assert len(lines) == count, stderr
    assert "Traceback" not in stderr


def test_cli_codes_stdin_as_one_json_document():
    result = run("code", "-", "--published", "2020-09-05", stdin=NAVALNY)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["article"]["published"] == "2020-09-05"
    assert document["article"]["text"] == NAVALNY
    assert [
        (e["event_type"], e["trigger"]["text"], [a["country"] for a in e["targets"]])
        for e in document["events"]
    ] == [
        ("ACCUSE", "condemned", []),
        ("REQUEST", "demanded", ["RUS"]),
    ]


def test_cli_json_is_an_array_for_several_articles_and_jsonl_one_line_each():
    as_json = run("code", EXAMPLES / "wikinews.jsonl", EXAMPLES / "germany-bans-mahan-air.txt")
    as_jsonl = run("code", EXAMPLES / "wikinews.jsonl", "--format", "jsonl")
    assert as_json.returncode == 0 and as_jsonl.returncode == 0
    documents = json.loads(as_json.stdout)
    assert [d["article"]["published"] for d in documents] == [
        "2020-01-11",
        "2020-07-02",
        "2020-09-05",
        "2019-01-23",
    ]
    lines = as_jsonl.stdout.splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == [
        d["article"]["id"] for d in documents[:3]
    ]
    # one schema for every output: the array, each document, each line
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    for value in [documents, *documents, *map(json.loads, lines)]:
        assert not list(validator.iter_errors(value))
    assert list(validator.iter_errors([{"article": None}]))  # and it is not a schema that takes anything


def test_cli_text_file_keeps_its_name_and_undated_text_is_warned_about(tmp_path):
    coded = json.loads(run("code", EXAMPLES / "germany-bans-mahan-air.txt").stdout)
    assert coded["article"]["title"] == "germany-bans-mahan-air"
    undated = tmp_path / "navalny.txt"
    undated.write_text(NAVALNY, encoding="utf-8")
    result = run("code", undated, "--format", "table")
    assert result.returncode == 0
    assert result.stderr == (
        "eventcoder: W001 navalny: no publication date: 'yesterday', 'on Monday' and the like stay undated "
        "(give --published)\n"
    )
    assert "no publication date" in result.stdout and "None" not in result.stdout
    dated = run("code", undated, "--published", "2020-09-05", "--format", "table")
    assert dated.stderr == ""


def test_cli_table_shows_each_article_and_its_events():
    result = run("code", EXAMPLES / "wikinews.jsonl", "--format", "table")
    assert result.returncode == 0
    for title in ("Cairo summit denounces", "Iran issues arrest warrants", "Germany says Alexei Navalny"):
        assert title in result.stdout
    assert " events · " in result.stdout and "None" not in result.stdout
    one = run("code", "-", "--published", "2020-09-05", "--format", "table",
              stdin="Angela Merkel demanded an explanation from Russia.")  # fmt: skip
    assert "1 event · 2 actor mentions · 0 places · 0 quotes" in one.stdout


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_cli_table_never_breaks_a_word_at_any_width(columns):
    """Cells wrap between words, and a word too long for its column ends with an ellipsis."""
    document = run("code", EXAMPLES / "wikinews.jsonl", "-f", "jsonl").stdout
    table = run("code", EXAMPLES / "wikinews.jsonl", "--format", "table", columns=columns).stdout
    headings = "type source target trigger date place according to events actor mentions places quotes"
    assert not broken_words(table, document + headings)
    assert max(map(len, table.splitlines())) <= columns


def test_cli_batch_with_bad_inputs_codes_the_good_ones(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "navalny", "text": NAVALNY, "published": "2020-09-05"}) + "\n"
        '{"id": "cut", "text": "Turkey sent\n'
        + json.dumps({"id": "german", "text": GERMAN})
        + "\n"
        + json.dumps({"id": "mahan", "text": (EXAMPLES / "germany-bans-mahan-air.txt").read_text()})
        + "\n"
    )
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run("code", batch, empty, tmp_path / "missing.txt", "--format", "jsonl")
    assert result.returncode == 0
    assert [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()] == ["navalny", "mahan"]
    assert_clean_errors(result.stderr, 4)
    assert f"{batch}:2: not valid JSON" in result.stderr
    assert f"{batch}:3: text is in German, not English" in result.stderr
    assert f"{empty}: file is empty" in result.stderr
    assert "missing.txt: no such file or directory" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["nowhere.txt"], "nowhere.txt: no such file or directory"),
        (["--published", "5 Sept 2020", "examples/wikinews.jsonl"], "invalid publication date '5 Sept 2020'"),
        (
            ["--model", "xx_no_such_model", "examples/wikinews.jsonl"],
            "spaCy pipeline 'xx_no_such_model' is not installed",
        ),
        (["--actors", "nowhere.yaml", "examples/wikinews.jsonl"], "nowhere.yaml"),
    ],
    ids=["missing-file", "bad-date", "missing-model", "missing-actor-table"],
)
def test_cli_user_errors_are_one_line_and_fail(args, message):
    result = run("code", *args)
    assert result.returncode != 0
    assert result.stdout == ""
    assert_clean_errors(result.stderr, 1)
    assert message in result.stderr


def test_cli_not_english_only_fails_with_exit_code_1():
    result = run("code", "-", stdin=GERMAN)
    assert result.returncode == 1
    assert_clean_errors(result.stderr, 1)
    assert "<stdin>: text is in German, not English" in result.stderr


def test_cli_every_command_has_help():
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():
        assert command.help, f"command {name} has no help"
        names.append(name)
        for sub_name, sub_command in getattr(command, "commands", {}).items():
            assert sub_command.help, f"command {name} {sub_name} has no help"
    assert {"code", "schema"} <= set(names)


# ---------------------------------------------------------------- one bad article never costs the run

# Wikinews, 2019-01-23 (CC BY 2.5): a real paragraph, repeated past spaCy's 1,000,000 characters.
MAHAN = (
    "Germany banned Iranian airline Mahan Air from its airspace on Monday, citing security concerns. "
    "The ban took effect immediately."
)


def test_cli_one_huge_article_in_a_hundred_costs_only_itself(tmp_path):
    batch = tmp_path / "batch.jsonl"
    huge = " ".join([MAHAN] * 8_500)
    assert len(huge) > 1_000_000
    records = [{"id": f"a{n}", "text": NAVALNY, "published": "2020-09-05"} for n in range(1, 101)]
    records[50] = {"id": "huge", "text": huge}
    batch.write_text("".join(json.dumps(record) + "\n" for record in records))
    result = run("code", batch, "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    ids = [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()]
    assert ids == [f"a{n}" for n in range(1, 101) if n != 51]
    assert_clean_errors(result.stderr, 1)
    assert (
        f"E009 {batch}:51: article has {len(huge):,} characters, more than the limit of 500,000"
        in result.stderr
    )


def test_cli_max_chars_option_sets_the_limit(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "short", "text": MAHAN}) + "\n" + json.dumps({"id": "long", "text": NAVALNY}) + "\n"
    )
    result = run("code", batch, "--format", "jsonl", "--max-chars", len(MAHAN), "--published", "2019-01-23")
    assert result.returncode == 0
    assert [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()] == ["short"]
    assert_clean_errors(result.stderr, 1)
    assert (
        f"{batch}:2: article has {len(NAVALNY):,} characters, more than the limit of {len(MAHAN):,}"
        in result.stderr
    )


def test_cli_relative_dates_past_the_calendar_are_coded_undated(tmp_path):
    batch = tmp_path / "edge.jsonl"
    batch.write_text(
        json.dumps(
            {
                "id": "first",
                "text": "Russian and Turkish officials met yesterday in Istanbul.",
                "published": "0001-01-01",
            }
        )
        + "\n"
        + json.dumps({"id": "later", "text": NAVALNY, "published": "2020-09-05"})
        + "\n"
    )
    early = run("code", batch, "--format", "jsonl")
    late = run(
        "code", "-", "--published", "9999-12-31", stdin="Putin and Erdogan will meet next Monday in Sochi."
    )
    assert early.returncode == 0 and late.returncode == 0, early.stderr + late.stderr
    assert [json.loads(line)["article"]["id"] for line in early.stdout.splitlines()] == ["first", "later"]
    assert json.loads(late.stdout)["article"]["published"] == "9999-12-31"
    assert early.stderr == late.stderr == ""


def test_cli_readers_never_crash_and_name_each_bad_input(tmp_path):
    deep = tmp_path / "deep.jsonl"
    deep.write_text(
        "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"id": "navalny", "text": NAVALNY}) + "\n"
    )
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(
        (
            json.dumps(
                {
                    "id": "elysee",
                    "text": "The Élysée said on Monday that France would recall its ambassador.",
                },
                ensure_ascii=False,
            )
            + "\n"
        ).encode("latin-1")
    )
    noise = tmp_path / "noise.jsonl"
    noise.write_bytes(bytes(range(256)) * 40)
    result = run("code", deep, latin, noise, "--format", "jsonl", "--published", "2020-09-05")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()] == ["navalny", "elysee"]
    assert_clean_errors(result.stderr, 2)
    assert f"E009 {deep}:1: JSON nested deeper than 64 levels" in result.stderr
    assert f"E004 {noise}: binary data, not text" in result.stderr


@pytest.mark.parametrize(
    "name, content",
    [("empty.jsonl", ""), ("blank.jsonl", "\n \n"), ("empty.json", "[]"), ("deep.jsonl", "[" * 100_000)],
)
def test_cli_code_and_ingest_agree_that_nothing_to_code_is_exit_1(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    coded = run("code", path)
    ingested = run("ingest", path, "--db", tmp_path / "events.db", "--no-progress")
    assert (coded.returncode, ingested.returncode) == (1, 1), coded.stderr + ingested.stderr
    assert_clean_errors(coded.stderr, 1)
    assert str(path) in coded.stderr and str(path) in ingested.stderr
    assert "Traceback" not in ingested.stderr
