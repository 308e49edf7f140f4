"""The ``eventcoder`` command, run as a user runs it: a real process, real articles, real model."""

import json
import subprocess
import sys

import pytest

from eventcoder.cli import app

from ..paths import REPO

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


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "eventcoder", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
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


def test_cli_table_shows_each_article_and_its_events():
    result = run("code", EXAMPLES / "wikinews.jsonl", "--format", "table")
    assert result.returncode == 0
    for title in ("Cairo summit denounces", "Iran issues arrest warrants", "Germany says Alexei Navalny"):
        assert title in result.stdout
    assert "events ·" in result.stdout


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
