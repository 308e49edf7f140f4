"""Where the test data lives: everything the suite reads is inside the repository (tests/data/).

The reference folder some developers keep beside their checkout is never needed by a test: tests that
could use more of it take the copies below instead.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
EXAMPLES = REPO / "examples"
# 262 Wikinews articles (CC BY 2.5): the first 253 of the 2019-2020 corpus in its order, then those
# the dates-and-places gold needs. See tests/data/README.md.
WIKINEWS = DATA / "wikinews" / "articles.jsonl"
# The PLOVER gold development split (CC BY-SA 4.0).
PLOVER_DEV = DATA / "plover" / "PLOVER_GSR_CAMEO.dev.json"
DATES_PLACES = DATA / "dates_places.jsonl"
QUOTES = DATA / "quotes"
# The project's article-level event gold: 26 Wikinews articles (CC BY 2.5), 13 tune and 13 frozen.
EVENT_GOLD = DATA / "events" / "articles.jsonl"
