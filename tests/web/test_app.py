"""The REST API over a database coded from real Wikinews articles, through FastAPI's TestClient."""

import base64
import hashlib
import json
import re
import socket
import threading
import time

import jsonschema
import pytest
import uvicorn
from fastapi.testclient import TestClient

import eventcoder
from eventcoder import analysis
from eventcoder.records import SCHEMA_PATH, EventReport
from eventcoder.web import app as web_app
from eventcoder.web import create_app
from eventcoder.web.app import STATIC
from eventcoder.web.edge import MAX_ARTICLE_CHARS, MAX_BODY_BYTES

from .conftest import TOKEN

# A real Wikinews story (2019-01-30, CC BY 2.5), posted through the API.
MOKHA_TEXT = (
    "A bomb blast in Yemen's Red Sea port town of Mokha killed a photojournalist and at least five other "
    "people on Monday. Officials said the explosive device had been planted on a motorcycle parked outside "
    "a restaurant. Saudi-led coalition forces have fought Houthi rebels in the area since 2017."
)
ERROR_KEYS = {"code", "message", "status"}


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as test_client:
        yield test_client


def assert_error(response, status, code=None):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def all_events(documents):
    return [event for document in documents for event in document.events]


def test_app_events_total_and_page(client, documents):
    body = client.get("/api/events", params={"limit": 3}).json()
    assert set(body) == {"events", "total"}
    assert body["total"] == len(all_events(documents))
    assert len(body["events"]) == min(3, body["total"])


def test_app_events_are_event_reports_of_the_one_record_schema(client, documents):
    """/api/events gives each event as the documented record (EventReport): the full event with its
    date, attribution and evidence, and its article; the shipped JSON Schema validates every item."""
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    coded = {event.id: event for event in all_events(documents)}
    reports = client.get("/api/events", params={"limit": 1000}).json()["events"]
    assert reports
    for report in reports:
        assert not list(validator.iter_errors(report))
        assert set(report) == set(EventReport.model_fields)
        assert EventReport.model_validate(report).event == coded[report["event"]["id"]]


def test_app_stats_honours_the_filters(client, documents):
    happened = [event for event in all_events(documents) if event.modality in analysis.ANALYSED_MODALITIES]
    country = next(actor.country for event in happened for actor in event.sources if actor.country)
    everything = client.get("/api/stats").json()
    chosen = client.get("/api/stats", params={"country": country}).json()
    assert 0 < chosen["events"] < everything["events"] == len(happened)
    assert chosen["counting"] == everything["counting"]
    assault = client.get("/api/stats", params={"type": "ASSAULT"}).json()
    assert assault["events"] == sum(event.event_type == "ASSAULT" for event in happened)


def test_app_events_pagination(client, documents):
    total = len(all_events(documents))
    first = client.get("/api/events", params={"limit": 4, "offset": 0}).json()["events"]
    second = client.get("/api/events", params={"limit": 4, "offset": 4}).json()["events"]
    assert len(first) == min(4, total) and len(second) == max(0, min(4, total - 4))
    assert not {report["event"]["id"] for report in first} & {report["event"]["id"] for report in second}
    beyond = client.get("/api/events", params={"offset": total}).json()
    assert beyond == {"events": [], "total": total}


def test_app_events_filters_are_the_library_filters(client, filter_cases):
    store = client.app.state.store
    for params, selection in filter_cases:
        body = client.get("/api/events", params={**params, "limit": 1000}).json()
        expected = analysis.find_events(store, selection, limit=1000)
        assert body["total"] == expected.total, params
        assert [report["event"]["id"] for report in body["events"]] == [
            report.event.id for report in expected.events
        ], params


@pytest.fixture(scope="module")
def filter_cases(documents):
    events = all_events(documents)
    event_type = events[0].event_type
    day = sorted(document.article.published for document in documents)[len(documents) // 2]
    country = next(
        actor.country for event in events for actor in event.sources + event.targets if actor.country
    )
    trigger = events[0].trigger.text
    return [
        ({"type": event_type}, analysis.EventFilter(event_types=(event_type,))),
        (
            {"type": f"{event_type.lower()},ASSAULT"},
            analysis.EventFilter(event_types=(event_type, "ASSAULT")),
        ),
        ({"since": day}, analysis.EventFilter(since=day)),
        ({"until": day[:7]}, analysis.EventFilter(until=day[:7])),
        ({"country": country.lower()}, analysis.EventFilter(country=country)),
        ({"modality": "asserted"}, analysis.EventFilter(modality="asserted")),
        ({"q": trigger}, analysis.EventFilter(q=trigger)),
        ({"actor": "police"}, analysis.EventFilter(actor="police")),
    ]


def test_app_events_filter_results_satisfy_the_filter(client, documents):
    event_type = all_events(documents)[0].event_type
    body = client.get("/api/events", params={"type": event_type, "limit": 1000}).json()
    assert body["total"] == sum(event.event_type == event_type for event in all_events(documents))
    assert {report["event"]["event_type"] for report in body["events"]} == {event_type}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"since": "last week"}, "query.since"),
        ({"until": "2019-1-5"}, "query.until"),
        ({"country": "TURKEY"}, "query.country"),
        ({"type": "BOMBING"}, "query.type"),
        ({"modality": "rumoured"}, "query.modality"),
        ({"limit": 0}, "query.limit"),
        ({"limit": 100000}, "query.limit"),
        ({"offset": -1}, "query.offset"),
    ],
)
def test_app_events_bad_parameters(client, params, field):
    error = assert_error(client.get("/api/events", params=params), 422, "validation_error")
    assert error["message"].startswith(field)


def test_app_article_with_offsets(client, documents):
    document = max(documents, key=lambda item: len(item.events))
    body = client.get(f"/api/articles/{document.article.id}").json()
    assert body == json.loads(document.model_dump_json())
    text = body["article"]["text"]
    for event in body["events"]:
        assert text[event["trigger"]["start"] : event["trigger"]["end"]] == event["trigger"]["text"]


def test_app_unknown_article_is_404(client):
    error = assert_error(client.get("/api/articles/no-such-article"), 404, "E040")
    assert "no-such-article" in error["message"]


@pytest.mark.parametrize("path", ["/api/nothing", "/nothing.html", "/static/nothing.js"])
def test_app_unknown_path_is_404(client, path):
    assert_error(client.get(path), 404, "not_found")


def test_app_wrong_method_is_405(client):
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")


def test_app_counts_dyads_escalation_network(client, documents):
    counts = client.get("/api/counts", params={"by": "type"}).json()
    assert sum(count["events"] for count in counts) == sum(
        event.modality in analysis.ANALYSED_MODALITIES for event in all_events(documents)
    )
    dyad_counts = {c["key"]: c["events"] for c in client.get("/api/counts", params={"by": "dyad"}).json()}
    dyads = client.get("/api/dyads", params={"top": 200}).json()
    assert {f"{d['source']}>{d['target']}": d["events"] for d in dyads} == dyad_counts
    escalation = client.get("/api/escalation", params={"min_events": 1}).json()
    assert set(escalation) == {
        "as_of",
        "recent_days",
        "baseline_days",
        "threshold",
        "min_events",
        "dyads",
        "countries",
    }
    assert escalation["min_events"] == 1
    network = client.get("/api/network").json()
    names = {node["id"] for node in network["nodes"]}
    assert all(link["source"] in names and link["target"] in names for link in network["links"])
    speakers = client.get("/api/speakers").json()
    assert all(group["quotes"] >= 1 for group in speakers)
    happened = [event for event in all_events(documents) if event.modality in analysis.ANALYSED_MODALITIES]
    assert client.get("/api/stats").json()["events"] == len(happened)


def test_app_counts_bad_key(client):
    assert_error(client.get("/api/counts", params={"by": "outlet"}), 422, "validation_error")


def test_app_writes_refused_without_configured_token(client):
    error = assert_error(client.post("/api/articles", json={"text": MOKHA_TEXT}), 403, "forbidden")
    assert "EVENTCODER_TOKEN" in error["message"]
    response = client.post(
        "/api/articles", json={"text": MOKHA_TEXT}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert_error(response, 403, "forbidden")


@pytest.fixture()
def writable(writable_database, monkeypatch):
    monkeypatch.setenv("EVENTCODER_TOKEN", TOKEN)
    with TestClient(create_app(str(writable_database))) as test_client:
        yield test_client


def test_app_write_needs_bearer_token(writable):
    response = writable.post("/api/articles", json={"text": MOKHA_TEXT})
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    response = writable.post(
        "/api/articles", json={"text": MOKHA_TEXT}, headers={"Authorization": "Bearer nope"}
    )
    assert_error(response, 403, "forbidden")
    response = writable.post("/api/articles", json={"text": MOKHA_TEXT}, headers={"Authorization": TOKEN})
    assert_error(response, 401, "unauthorized")


def test_app_post_codes_and_stores(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = writable.get("/api/events").json()["total"]
    article = {"id": "mokha-bomb", "title": "Mokha, Yemen bomb kills photojournalist", "text": MOKHA_TEXT,
               "published": "2019-01-30", "source": "Wikinews"}  # fmt: skip
    response = writable.post("/api/articles", json=article, headers=auth)
    assert response.status_code == 201, response.text
    posted = response.json()
    assert posted["article"]["id"] == "mokha-bomb"
    assert posted["article"]["text"] == MOKHA_TEXT
    assert writable.get("/api/articles/mokha-bomb").json() == posted
    after = writable.get("/api/events").json()["total"]
    assert after == before + len(posted["events"])
    assert_error(writable.post("/api/articles", json=article, headers=auth), 409, "E041")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "no text"}, "text"),
        ({"text": ""}, "text"),
        ({"text": MOKHA_TEXT, "published": "30 January"}, "published"),
        ({"text": MOKHA_TEXT, "author": "someone"}, "author"),
    ],
)
def test_app_post_bad_body(writable, body, field):
    response = writable.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    error = assert_error(response, 422, "validation_error")
    assert error["message"].startswith(field)


def test_app_post_not_json(writable):
    response = writable.post(
        "/api/articles",
        content=b"{not json",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert_error(response, 422, "validation_error")


def test_app_post_too_large_is_413(writable):
    text = "Protesters marched in Hong Kong. " * (MAX_BODY_BYTES // 30)
    response = writable.post(
        "/api/articles", json={"text": text}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert_error(response, 413, "payload_too_large")


def test_app_post_too_large_without_length_is_413(writable):
    def chunks():
        for _ in range(MAX_BODY_BYTES // 50_000 + 2):
            yield b" " * 50_000

    response = writable.post(
        "/api/articles",
        content=chunks(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert_error(response, 413, "payload_too_large")


def test_app_openapi_and_docs(client):
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/events",
        "/api/articles/{article_id}",
        "/api/articles",
        "/api/dyads",
        "/api/escalation",
        "/api/network",
    ):
        assert path in schema["paths"]
    assert "EVENTCODER_TOKEN" in schema["info"]["description"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui-bundle.js" in docs.text
    assert not re.search(r"(src|href)=\"https?://", docs.text)
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


def test_app_dashboard_page_is_offline(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    own_files = [STATIC / "index.html", STATIC / "style.css", *sorted((STATIC / "js").glob("*.js"))]
    for path in own_files:
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path
    for name in ("d3.min.js", "topojson-client.min.js", "countries-110m.json"):
        assert client.get(f"/static/vendor/{name}").status_code == 200


# ---- hostile input: never a 500; headers; limits; the event loop stays free


@pytest.mark.parametrize(
    "path, params, field",
    [
        ("/api/events", {"q": "\x00"}, "query.q"),  # matched every event
        ("/api/events", {"q": "police\x00station"}, "query.q"),  # 500 from FTS5
        ("/api/events", {"actor": "\x00pol"}, "query.actor"),
        ("/api/events", {"actor": "Iran\x1b[31m"}, "query.actor"),
        ("/api/counts", {"q": "tab\there"}, "query.q"),
        ("/api/escalation", {"as_of": "0001-01-01"}, "query.as_of"),  # 500: the windows left the calendar
        ("/api/escalation", {"as_of": "9999-12-31"}, "query.as_of"),
        ("/api/events", {"since": "0000-99-99"}, "query.since"),
        ("/api/events", {"until": "2019-02-30"}, "query.until"),
        ("/api/dyads", {"since": "0001"}, "query.since"),
        ("/api/articles/bad%00id", {}, "path"),
    ],
)
def test_app_bad_input_is_422_not_500(client, path, params, field):
    error = assert_error(client.get(path, params=params), 422, "validation_error")
    assert error["message"].startswith(field)


@pytest.mark.parametrize(
    "article, field",
    [
        ({"text": MOKHA_TEXT, "published": "0001-01-01"}, "published"),
        ({"text": MOKHA_TEXT, "published": "9999-12-31"}, "published"),
        ({"text": MOKHA_TEXT.replace("Monday", "Monday\x00")}, "text"),
        ({"text": MOKHA_TEXT, "source": "Wiki\x00news"}, "source"),
    ],
)
def test_app_post_bad_values_are_422(writable, article, field):
    response = writable.post("/api/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
    assert assert_error(response, 422, "validation_error")["message"].startswith(field)


def test_app_control_characters_refused_on_postgresql(postgres_url, documents):
    """PostgreSQL cannot take a NUL in a parameter at all: refused before it gets there."""
    from eventcoder.store import open_store

    with open_store(postgres_url) as events_db:
        for document in documents[:3]:
            events_db.write_document(document)
    with TestClient(create_app(postgres_url, token="")) as pg_client:
        for params in ({"q": "\x00"}, {"q": "ab\x00c"}, {"actor": "\x00"}, {"actor": "pol\x00ice"}):
            assert_error(pg_client.get("/api/events", params=params), 422, "validation_error")
        assert_error(pg_client.get("/api/articles/x%00y"), 422, "validation_error")
        assert pg_client.get("/api/events", params={"q": "police"}).status_code == 200


def test_app_article_longer_than_the_limit_is_413(writable):
    text = (MOKHA_TEXT + "\n\n") * (MAX_ARTICLE_CHARS // len(MOKHA_TEXT) + 1)
    assert len(text) > MAX_ARTICLE_CHARS and len(text.encode()) < MAX_BODY_BYTES
    response = writable.post(
        "/api/articles", json={"text": text}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    error = assert_error(response, 413, "payload_too_large")
    assert f"{MAX_ARTICLE_CHARS:,} characters" in error["message"]


@pytest.mark.parametrize(
    "method, path", [("get", "/"), ("get", "/docs"), ("get", "/api/events"), ("get", "/openapi.json"),
                     ("get", "/static/style.css"), ("get", "/api/nothing"), ("get", "/api/events?limit=0"),
                     ("post", "/api/articles")],
)  # fmt: skip
def test_app_security_headers_on_every_response(client, method, path):
    response = getattr(client, method)(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    if response.headers["content-type"].startswith("text/html"):
        assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    else:
        assert policy.startswith("default-src 'none'")


def test_app_docs_policy_allows_only_its_own_inline_script(client):
    docs = client.get("/docs")
    scripts = re.findall(r"<script>(.*?)</script>", docs.text, flags=re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'self' 'sha256-{digest}';" in docs.headers["content-security-policy"]


def test_app_post_codes_off_the_event_loop(writable, monkeypatch):
    """While one article is being coded, readers are answered: coding runs in the thread pool."""
    entered, release = threading.Event(), threading.Event()
    real_code_text = eventcoder.code_text

    def slow_code_text(*args, **kwargs):
        entered.set()
        release.wait(timeout=20)
        return real_code_text(*args, **kwargs)

    monkeypatch.setattr(eventcoder, "code_text", slow_code_text)
    posted = {}
    poster = threading.Thread(
        target=lambda: posted.update(
            response=writable.post(
                "/api/articles", json={"text": MOKHA_TEXT}, headers={"Authorization": f"Bearer {TOKEN}"}
            )
        )
    )
    poster.start()
    try:
        assert entered.wait(timeout=20)
        read = writable.get("/api/stats")  # would wait for the 20 s above if coding held the loop
        assert read.status_code == 200
        assert not release.is_set() and poster.is_alive()
    finally:
        release.set()
        poster.join(timeout=60)
    assert posted["response"].status_code == 201


@pytest.fixture()
def served(writable_database, monkeypatch):
    """The app under a real uvicorn on a free loopback port, with a 1 s body timeout and a broken route."""
    monkeypatch.setattr(web_app, "BODY_READ_TIMEOUT", 1.0)
    app = create_app(str(writable_database), token=TOKEN)

    @app.get("/test/broken")
    def broken() -> dict:
        raise RuntimeError("a bug")

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    host, port = listener.getsockname()
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield host, port
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()


def raw_exchange(address, request: bytes, wait: float = 10) -> tuple[bytes, bool]:
    """Send ``request``; the bytes answered, and whether the server then closed the connection."""
    with socket.create_connection(address, timeout=wait) as connection:
        connection.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += connection.recv(65536)
        head, _, body = answer.partition(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
        while len(body) < length:
            body += connection.recv(65536)
        connection.settimeout(3)
        try:
            closed = connection.recv(1) == b""
        except TimeoutError:
            closed = False
    return head + b"\r\n\r\n" + body, closed


def test_app_server_says_when_it_closes_the_connection(served):
    broken, closed = raw_exchange(served, b"GET /test/broken HTTP/1.1\r\nHost: test\r\n\r\n")
    assert broken.startswith(b"HTTP/1.1 500") and closed
    assert b"connection: close" in broken.lower() and b"x-content-type-options: nosniff" in broken.lower()
    assert b'"code":"internal_error"' in broken
    kept, closed = raw_exchange(served, b"GET /api/stats HTTP/1.1\r\nHost: test\r\n\r\n")
    assert kept.startswith(b"HTTP/1.1 200") and not closed
    assert b"connection: close" not in kept.lower()


def test_app_unsent_body_times_out_with_408(served):
    started = time.monotonic()
    request = (
        b"POST /api/articles HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {TOKEN}\r\nContent-Length: 500\r\n\r\n".encode()
        + b'{"text": "A bomb'
    )
    answer, closed = raw_exchange(served, request)
    assert answer.startswith(b"HTTP/1.1 408") and closed
    assert b"connection: close" in answer.lower() and b'"code":"request_timeout"' in answer
    assert time.monotonic() - started < 8
