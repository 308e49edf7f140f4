"""Random and malformed input of every format, between good articles: the readers never raise, and
every good article comes through exactly once, in order."""

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder import errors
from eventcoder.ingest import ArticleInput, iter_articles

# A longer fuzz run: EVENTCODER_FUZZ_EXAMPLES=3000 python -m pytest tests/ingest/test_ingest_fuzz.py
EXAMPLES = int(os.environ.get("EVENTCODER_FUZZ_EXAMPLES", "60"))

# Real news sentences (Wikinews, CC BY 2.5), one per good article.
GOOD = [
    "Germany banned Iranian airline Mahan Air from its airspace on Monday, citing security concerns.",
    "On Wednesday, the German government said Russian opposition leader Alexei Navalny had been poisoned.",
    "Iran asked Interpol to issue a red notice for Trump.",
]
FORMATS = ["txt", "html", "jsonl", "json", "rss"]
VALID = {
    "txt": GOOD[1],
    "html": f"<html><head><title>t</title></head><body><article><p>{GOOD[1]}</p></article></body></html>",
    "jsonl": json.dumps({"id": "x", "text": GOOD[1], "published": "2020-09-05"}) + "\n",
    "json": json.dumps([{"id": "x", "text": GOOD[1]}]),
    "rss": f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>t</title><description>{GOOD[1]}</description></item></channel></rss>',
}


@st.composite
def malformed(draw, fmt: str) -> bytes:
    """Bytes a file of format ``fmt`` might hold when something went wrong."""
    valid = VALID[fmt].encode()
    kind = draw(st.sampled_from(["bytes", "text", "cut", "splice", "nest", "encoding"]))
    if kind == "bytes":
        return draw(st.binary(max_size=3_000))
    if kind == "text":
        return draw(st.text(max_size=500)).encode("utf-8", errors="surrogatepass")
    if kind == "cut":
        return valid[: draw(st.integers(0, len(valid)))]
    if kind == "splice":
        at = draw(st.integers(0, len(valid)))
        return valid[:at] + draw(st.binary(max_size=200)) + valid[at:]
    if kind == "nest":
        depth = draw(st.integers(1, 50_000))
        return (draw(st.sampled_from(["[", "{", '{"text":'])) * depth).encode()
    return (
        VALID[fmt]
        .replace(GOOD[1], draw(st.text(max_size=200)))
        .encode(draw(st.sampled_from(["utf-16", "latin-1", "utf-8-sig"])), errors="replace")
    )


def good_texts(results) -> list[str]:
    return [r.text for r in results if isinstance(r, ArticleInput) and r.text in (GOOD[0], GOOD[2])]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_ingest_fuzz_bad_files_of_every_format_cost_nothing_around_them(tmp_path_factory, data):
    fmt = data.draw(st.sampled_from(FORMATS))
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "a.txt").write_text(GOOD[0])
    (folder / f"b.{fmt}").write_bytes(data.draw(malformed(fmt)))
    (folder / "c.txt").write_text(GOOD[2])
    results = list(iter_articles([str(folder / "a.txt"), str(folder / f"b.{fmt}"), str(folder / "c.txt")]))
    assert all(isinstance(r, (ArticleInput, errors.InputError)) for r in results)
    assert good_texts(results) == [GOOD[0], GOOD[2]]
    assert results[0].text == GOOD[0] and results[-1].text == GOOD[2]


printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=300)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=st.lists(st.one_of(printable, st.just("[" * 100_000), st.just('{"text": ' * 2_000)), max_size=5))
def test_ingest_fuzz_bad_lines_cost_nothing_around_them(tmp_path_factory, bad):
    path = tmp_path_factory.mktemp("fuzz") / "batch.jsonl"
    first, last = (json.dumps({"id": f"good{n}", "text": GOOD[n]}) for n in (0, 2))
    path.write_text("\n".join([first, *(line.replace("\n", " ") for line in bad), last]) + "\n")
    results = list(iter_articles([str(path)]))
    assert all(isinstance(r, (ArticleInput, errors.InputError)) for r in results)
    assert [r.id for r in results if isinstance(r, ArticleInput) and r.id in ("good0", "good2")] == [
        "good0",
        "good2",
    ]
