"""Cost control of the read API over the database coded from real Wikinews articles: answers cached per
database version (a write makes them stale), and a rate limit per client (429 beyond it, never for the
dashboard's own requests)."""

import time

import pytest
from fastapi.testclient import TestClient

from eventcoder.errors import BadOption
from eventcoder.web import create_app
from eventcoder.web.cache import CACHE_HEADER, VERSION_HEADER
from eventcoder.web.limits import DEFAULT_RATE_LIMIT, DOWNLOAD_COST, parse_rate_limit

from .test_app import assert_error

# What the dashboard asks for when it loads, and again when a filter changes.
DASHBOARD_LOAD = [
    ("/api/stats", {}),
    ("/api/events", {"limit": 50}),
    ("/api/counts", {"by": "day", "interval": "week"}),
    ("/api/counts", {"by": "type"}),
    ("/api/dyads", {"top": 10}),
    ("/api/network", {}),
    ("/api/map", {}),
    ("/api/change", {}),
    ("/api/series", {"interval": "week"}),
    ("/api/countries", {}),
    ("/api/escalation", {}),
    ("/api/clusters", {"limit": 20}),
]


class Clock:
    """A clock the test moves by hand: the bucket's refill is then exact."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limited_client(database, rate_limit):
    app = create_app(str(database), token="", rate_limit=rate_limit)
    clock = Clock()
    app.state.rate_limits.clock = clock
    return TestClient(app), clock


# ---- the cache


def syndicated_copy(documents, number: int):
    """A real coded article, stored again under another id (a syndicated copy)."""
    source = max(documents, key=lambda document: len(document.events))
    name = f"copy-{number}"
    article = source.article.model_copy(
        update={"id": name, "text": source.article.text + f"\n(copy {number})"}
    )
    events = [
        event.model_copy(update={"id": name + event.id[len(source.article.id) :]}) for event in source.events
    ]
    return source.model_copy(update={"article": article, "events": events, "quotes": []})


def test_cache_answers_a_repeated_request_until_a_write_is_seen(writable_database, documents):
    app = create_app(str(writable_database), token="", rate_limit="off", cache_max_age=5)
    clock = Clock()
    app.state.version_watch.clock = clock
    with TestClient(app) as client:
        first = client.get("/api/stats", params={"top": 3})
        again = client.get("/api/stats", params={"top": 3})
        assert (first.headers[CACHE_HEADER], again.headers[CACHE_HEADER]) == ("miss", "hit")
        assert again.json() == first.json() and again.headers["x-frame-options"] == "DENY"
        reordered = client.get("/api/stats?modality=all&top=3")
        assert reordered.headers[CACHE_HEADER] == "miss"
        assert client.get("/api/stats?top=3&modality=all").headers[CACHE_HEADER] == "hit"
        store = client.app.state.store
        version = store.version()
        assert first.headers[VERSION_HEADER] == str(version)
        assert store.write_document(syndicated_copy(documents, 1))
        assert store.version() == version + 1
        # an ingest writing beside the server: its writes are seen within the max age, not at each request
        clock.now += 4.9
        assert client.get("/api/stats", params={"top": 3}).json() == first.json()
        clock.now += 0.1
        # the version has moved: the old answer is sent once more, while it is computed again
        stale = client.get("/api/stats", params={"top": 3})
        assert (stale.headers[CACHE_HEADER], stale.headers[VERSION_HEADER]) == ("stale", str(version))
        assert stale.json() == first.json()
        for _ in range(100):
            after = client.get("/api/stats", params={"top": 3})
            if after.headers[CACHE_HEADER] == "hit":
                break
            time.sleep(0.05)
        assert after.headers[VERSION_HEADER] == str(version + 1)
        assert after.json()["stored_articles"] == first.json()["stored_articles"] + 1
        assert after.json()["events"] > first.json()["events"]
        # a question not asked before is answered on the version now seen
        fresh = client.get("/api/stats", params={"top": 4})
        assert (fresh.headers[CACHE_HEADER], fresh.headers[VERSION_HEADER]) == ("miss", str(version + 1))


def test_cache_with_no_max_age_sees_every_write(writable_database, documents):
    with TestClient(
        create_app(str(writable_database), token="", rate_limit="off", cache_max_age=0)
    ) as client:
        first = client.get("/api/stats")
        assert client.app.state.store.write_document(syndicated_copy(documents, 2))
        after = client.get("/api/stats")
        assert after.headers[CACHE_HEADER] == "miss"
        assert after.json()["stored_articles"] == first.json()["stored_articles"] + 1


@pytest.mark.parametrize("value", ["-1", "soon", "7200"])
def test_cache_max_age_setting_refused(writable_database, value):
    with pytest.raises(BadOption, match="cache max age must be a number of seconds from 0 to 3600"):
        create_app(str(writable_database), cache_max_age=value)


def test_cache_keeps_no_error_and_no_download(app):
    with TestClient(app) as client:
        for _ in range(2):
            assert client.get("/api/counts", params={"by": "outlet"}).headers.get(CACHE_HEADER) == "miss"
            assert CACHE_HEADER not in client.get("/api/events", params={"format": "csv", "limit": 2}).headers


# ---- the rate limit


@pytest.mark.parametrize(
    "value, limit",
    [
        ("600/60", (600, 10.0)),
        ("5/60", (5, 5 / 60)),
        ("100", (100, 100.0)),
        ("off", None),
        ("0", None),
        (None, (600, 10.0)),
    ],
)
def test_rate_limit_setting(value, limit):
    assert parse_rate_limit(value) == limit
    assert parse_rate_limit(None) == parse_rate_limit(DEFAULT_RATE_LIMIT)


def test_rate_limit_bad_setting_is_refused(database, monkeypatch):
    monkeypatch.setenv("EVENTCODER_RATE_LIMIT", "many")
    with pytest.raises(BadOption):
        create_app(str(database), token="")


def test_rate_limit_answers_429_with_retry_after(database):
    client, clock = limited_client(database, "4/64")  # times in binary fractions: exact sums
    with client:
        for _ in range(4):
            assert client.get("/api/countries").status_code == 200
        refused = client.get("/api/countries")
        error = assert_error(refused, 429, "too_many_requests")
        assert refused.headers["retry-after"] == "16"  # one request every 16 s
        assert "4 requests per 64 s" in error["message"]
        assert refused.headers["x-content-type-options"] == "nosniff"
        assert client.get("/").status_code == 200  # the page and its files are not counted
        assert client.get("/static/style.css").status_code == 200
        clock.now += 15.5
        assert client.get("/api/stats").status_code == 429
        clock.now += 0.5
        assert client.get("/api/stats").status_code == 200
        assert client.get("/api/stats").status_code == 429


def test_rate_limit_download_costs_more(database):
    client, _clock = limited_client(database, f"{DOWNLOAD_COST + 2}/60")
    with client:
        assert client.get("/api/events", params={"format": "csv", "limit": 5}).status_code == 200
        assert client.get("/api/stats").status_code == 200
        assert client.get("/api/stats").status_code == 200
        assert client.get("/api/stats").status_code == 429


def test_rate_limit_default_lets_the_dashboard_work_and_stops_a_burst(database):
    client, clock = limited_client(database, None)
    burst, _ = parse_rate_limit(DEFAULT_RATE_LIMIT)
    with client:
        for _ in range(3):  # the page loaded three times at once, filters changed, no time passing
            for path, params in DASHBOARD_LOAD:
                assert client.get(path, params=params).status_code == 200, path
        answered = 3 * len(DASHBOARD_LOAD)
        while client.get("/api/countries").status_code == 200:
            answered += 1
            assert answered <= burst
        assert answered == burst
        clock.now += 60  # a minute later, the bucket is full again
        for path, params in DASHBOARD_LOAD:
            assert client.get(path, params=params).status_code == 200, path
