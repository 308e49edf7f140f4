"""Would skipping the dependency parse of sentences that cannot yield events pay? An upper bound.

    .venv/bin/python benchmarks/skip_parse.py --reuters PATH/articles.jsonl --count 200 --repeat 3

Measures, on the same Reuters-21578 texts in one process:

- the parser's share of raw spaCy time (``nlp.pipe`` with and without the ``parser`` pipe), median;
- the share of tokens in sentences with no actor mention, after the whole eventcoder pipeline.

Skipping the parse of those sentences could save at most (parser share) x (token share) of spaCy's
time, and less of eventcoder's (the stages add about a third). It would also need sentence starts
from another component (the parser sets them) and actors found before the parse (the actor stage
reads the parse), so the sentences, and with them the events, would change.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time

import spacy

from eventcoder.nlp import DEFAULT_MODEL, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuters", required=True, help="Reuters-21578 articles.jsonl")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    with open(arguments.reuters, encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in itertools.islice(lines, arguments.count)]

    raw = spacy.load(DEFAULT_MODEL)
    list(raw.pipe(texts[:20]))  # warm up
    shares = []
    for _ in range(arguments.repeat):
        started = time.perf_counter()
        list(raw.pipe(texts))
        whole = time.perf_counter() - started
        with raw.select_pipes(disable=["parser"]):
            started = time.perf_counter()
            list(raw.pipe(texts))
            unparsed = time.perf_counter() - started
        shares.append(1 - unparsed / whole)
    parser_share = statistics.median(shares)

    tokens = idle = 0
    for doc in load().pipe(texts):
        with_actor = {mention.span.sent.start for mention in doc._.actor_mentions or []}
        for sentence in doc.sents:
            tokens += len(sentence)
            idle += 0 if sentence.start in with_actor else len(sentence)
    token_share = idle / tokens
    print(f"{len(texts)} articles, {tokens:,} tokens")
    print(f"parser share of spaCy time (median of {arguments.repeat}): {parser_share:.0%}")
    print(f"tokens in sentences without an actor mention: {token_share:.0%}")
    print(f"at most {parser_share * token_share:.0%} of spaCy's time could be saved")


if __name__ == "__main__":
    main()
