"""Learned event typer: types an event candidate (a sentence with its trigger marked) into PLOVER.

A small fine-tuned encoder (all-MiniLM-L6-v2, int8 ONNX) shipped in ``data/typer/``; see its README for
the training data, licences and scores. Standalone on purpose: it imports only numpy, onnxruntime,
tokenizers and the standard library, so the training scripts (``scripts/typer/``) can share the exact
input encoding below, and it does not depend on the rule-based event stage.

    typer = EventTyper()
    typer.predict([("Police fired tear gas at protesters in Nairobi.", 7, 12)])
    # -> [[("COERCE", 0.8...), ("ASSAULT", 0.1...), ...]]  (17 labels, calibrated, best first)

Input encoding (``typer.json`` "marker": "brackets"): the trigger characters are wrapped in square
brackets inside the sentence ("Police [fired] tear gas ..."); a sentence longer than ``max_length``
tokens is cut to a window of tokens around the opening bracket.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "data" / "typer"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "typer.json"
MARKER_FORM = "brackets"
OPEN_MARK, CLOSE_MARK = "[", "]"

Candidate = tuple[str, int, int]


class EventTyperError(Exception):
    """The typer's model files are missing, altered or inconsistent."""


def mark(sentence: str, start: int, end: int) -> tuple[str, int]:
    """The sentence with its trigger span wrapped in brackets, and the opening bracket's offset."""
    if not 0 <= start < end <= len(sentence):
        raise ValueError(
            f"trigger span ({start}, {end}) is not inside a sentence of {len(sentence)} characters"
        )
    return f"{sentence[:start]}{OPEN_MARK}{sentence[start:end]}{CLOSE_MARK}{sentence[end:]}", start


def encode(tokenizer: Tokenizer, candidates: Sequence[Candidate], max_length: int) -> dict[str, np.ndarray]:
    """Model inputs (input_ids, attention_mask, token_type_ids; int64) of a batch of candidates.

    Shared by training and run time: the same text, the same window, the same padding.
    """
    marked = [mark(sentence, start, end) for sentence, start, end in candidates]
    encodings = tokenizer.encode_batch([text for text, _ in marked], add_special_tokens=False)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    budget = max_length - 2
    rows = []
    for (_, marker_at), encoding in zip(marked, encodings):
        ids = encoding.ids
        if len(ids) > budget:
            marker = next((i for i, (s, _) in enumerate(encoding.offsets) if s >= marker_at), 0)
            first = max(0, min(marker - budget // 2, len(ids) - budget))
            ids = ids[first : first + budget]
        rows.append([cls_id, *ids, sep_id])
    width = max(len(row) for row in rows)
    input_ids = np.zeros((len(rows), width), dtype=np.int64)
    attention_mask = np.zeros((len(rows), width), dtype=np.int64)
    for number, row in enumerate(rows):
        input_ids[number, : len(row)] = row
        attention_mask[number, : len(row)] = 1
    return {
        "input_ids": input_ids,
        "attention_mask": attention_mask,
        "token_type_ids": np.zeros_like(input_ids),
    }


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    scaled = logits / temperature
    scaled = scaled - scaled.max(axis=-1, keepdims=True)
    exp = np.exp(scaled)
    return exp / exp.sum(axis=-1, keepdims=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class EventTyper:
    """The shipped typer model, loaded once; ``predict`` types batches of candidates."""

    # One candidate a run: a dynamically quantised model computes its activation scales per batch, so
    # a candidate's probabilities would otherwise depend on the others typed with it.
    def __init__(self, directory: Path | str = DEFAULT_DIR, threads: int = 1, batch_size: int = 1) -> None:
        directory = Path(directory)
        paths = {name: directory / name for name in (MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE)}
        missing = [str(path) for path in paths.values() if not path.is_file()]
        if missing:
            raise EventTyperError(
                f"event typer files missing: {', '.join(missing)} "
                "(rebuild with scripts/typer/, see its README)"
            )
        self.config = json.loads(paths[CONFIG_FILE].read_text(encoding="utf-8"))
        expected = self.config.get("model_sha256")
        actual = sha256_of(paths[MODEL_FILE])
        if actual != expected:
            raise EventTyperError(
                f"event typer model {paths[MODEL_FILE]} has sha256 {actual}, "
                f"typer.json expects {expected}: the file is altered or stale"
            )
        if self.config.get("marker") != MARKER_FORM:
            raise EventTyperError(
                f"typer.json marker form {self.config.get('marker')!r} is not "
                f"the {MARKER_FORM!r} form this module encodes"
            )
        self.labels: list[str] = list(self.config["labels"])
        self.max_length: int = int(self.config["max_length"])
        self.temperature: float = float(self.config.get("temperature", 1.0))
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(paths[TOKENIZER_FILE]))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(
            str(paths[MODEL_FILE]), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.input_names = {node.name for node in self.session.get_inputs()}

    def logits(self, candidates: Sequence[Candidate]) -> np.ndarray:
        """Raw (uncalibrated) logits, one row per candidate, columns in ``self.labels`` order."""
        out = np.zeros((len(candidates), len(self.labels)), dtype=np.float32)
        # Batches of similar length pad less; results go back to the input order.
        order = sorted(range(len(candidates)), key=lambda i: len(candidates[i][0]))
        for first in range(0, len(order), self.batch_size):
            chunk = order[first : first + self.batch_size]
            inputs = encode(self.tokenizer, [candidates[i] for i in chunk], self.max_length)
            feed = {name: value for name, value in inputs.items() if name in self.input_names}
            out[chunk] = self.session.run(["logits"], feed)[0]
        return out

    def predict(self, candidates: Sequence[Candidate]) -> list[list[tuple[str, float]]]:
        """Per candidate (sentence, trigger_start_char, trigger_end_char): every label with its
        calibrated probability, best first."""
        if not candidates:
            return []
        probabilities = softmax(self.logits(candidates), self.temperature)
        ranked = np.argsort(-probabilities, axis=1, kind="stable")
        return [[(self.labels[j], float(row[j])) for j in order] for row, order in zip(probabilities, ranked)]
