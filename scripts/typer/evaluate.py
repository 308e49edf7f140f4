"""Score the shipped event typer as run by ``EventTyper`` (onnxruntime, int8, one thread).

Run with the project venv after train.py::

    .venv/bin/python scripts/typer/evaluate.py

Reports, on the FROZEN half of the PLOVER gold dev split (build/typer/frozen_eval.jsonl; scored,
never tuned on): top-1 and top-2 accuracy (gold among the 16 types, ranking over the 16 types, and
over all 17 labels); sentences per second on one thread (median of 3 runs, candidates typed one at a time as at run time); the resident
memory added by loading the model (psutil, measured in a fresh process). The numbers go into
build/typer/runtime_scores.json, typer.json ("scores.runtime") and the model card.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "typer"
MODEL_DIR = ROOT / "src" / "eventcoder" / "data" / "typer"

RSS_PROBE = """
import gc, json, psutil
import numpy, onnxruntime, tokenizers
from eventcoder.events import typer as event_typer
process = psutil.Process()
gc.collect(); before = process.memory_info().rss
typer = event_typer.EventTyper()
loaded = process.memory_info().rss
typer.predict([("Police fired tear gas at protesters in the capital on Friday.", 7, 12)] * 32)
used = process.memory_info().rss
print(json.dumps({"load_mb": (loaded - before) / 2**20, "after_batch_mb": (used - before) / 2**20}))
"""


def main() -> None:
    from eventcoder.events.typer import EventTyper

    rows = [json.loads(line) for line in (BUILD / "frozen_eval.jsonl").read_text().splitlines()]
    candidates = [(row["text"], row["start"], row["end"]) for row in rows]
    typer = EventTyper(threads=1)
    predictions = typer.predict(candidates)
    result = {"frozen_n": len(rows)}
    for name, allowed in (("frozen16", set(typer.labels) - {"NONE"}), ("frozen17", set(typer.labels))):
        ranked = [[label for label, _ in ranking if label in allowed] for ranking in predictions]
        result[name] = {
            "top1": round(sum(r[0] == row["label"] for r, row in zip(ranked, rows)) / len(rows), 4),
            "top2": round(sum(row["label"] in r[:2] for r, row in zip(ranked, rows)) / len(rows), 4),
        }
    sums = [sum(p for _, p in ranking) for ranking in predictions]
    result["probability_sum_range"] = [round(min(sums), 6), round(max(sums), 6)]

    dev = [json.loads(line) for line in (BUILD / "dev.jsonl").read_text().splitlines()]
    speed_set = candidates + [(row["text"], row["start"], row["end"]) for row in dev[: 256 - len(rows)]]
    rates = []
    for _ in range(3):
        started = time.perf_counter()
        typer.predict(speed_set)
        rates.append(len(speed_set) / (time.perf_counter() - started))
    result["speed"] = {
        "sentences": len(speed_set),
        "batch": typer.batch_size,
        "threads": 1,
        "sentences_per_s_median": round(statistics.median(rates), 1),
        "runs": [round(rate, 1) for rate in rates],
    }
    probe = subprocess.run(
        [sys.executable, "-c", RSS_PROBE], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result["rss"] = {key: round(value, 1) for key, value in json.loads(probe.stdout).items()}
    result["model_bytes"] = (MODEL_DIR / "model.onnx").stat().st_size
    result["model_sha256"] = typer.config["model_sha256"]
    (BUILD / "runtime_scores.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))

    config_path = MODEL_DIR / "typer.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["scores"]["runtime"] = result
    config_path.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    card = MODEL_DIR / "README.md"
    section = (
        "<!-- runtime-scores -->\n"
        f"As run by `EventTyper` (onnxruntime, {config['quantisation']} int8, 1 thread), frozen half, "
        f"{result['frozen_n']} sentences: top-1 {result['frozen16']['top1']:.3f}, top-2 "
        f"{result['frozen16']['top2']:.3f} over the 16 types (over all 17 labels, NONE included: "
        f"{result['frozen17']['top1']:.3f} / {result['frozen17']['top2']:.3f}). Speed: "
        f"{result['speed']['sentences_per_s_median']:.0f} sentences/s (median of 3, one candidate a run, one "
        f"thread, this 2-core machine). Memory: +{result['rss']['load_mb']:.0f} MB RSS to load, "
        f"+{result['rss']['after_batch_mb']:.0f} MB after a first run.\n"
        "<!-- /runtime-scores -->"
    )
    text = re.sub(
        r"<!-- runtime-scores -->.*?<!-- /runtime-scores -->",
        section,
        card.read_text(encoding="utf-8"),
        flags=re.DOTALL,
    )
    card.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
