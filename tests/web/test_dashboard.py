"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright, against the app
served by uvicorn on 127.0.0.1 over the database coded from real Wikinews articles.

Screenshots go to test-artifacts/ (git-ignored).
"""

import socket
import threading
import time
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from playwright.sync_api import expect, sync_playwright

from eventcoder.web import create_app

from ..paths import REPO

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
STARTUP_SECONDS = 20
LOAD_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def server(database):
    """The app on a free loopback port, in a thread; its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    host, port = listener.getsockname()
    config = uvicorn.Config(create_app(str(database), token=""), host=host, port=port, log_level="warning")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not uvicorn_server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://{host}:{port}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)
    listener.close()


@pytest.fixture(scope="module")
def browser(chromium):
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser, server):
    """A page that may reach only the app: any other request is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.elsewhere = []
    page.problems = []
    own = urlsplit(server).netloc

    def route(route):
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            page.elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    yield page
    context.close()


def api(server, path, **params):
    return httpx.get(server + path, params=params, timeout=30).json()


def open_dashboard(page, server):
    page.goto(server + "/")
    page.wait_for_selector("body[data-loading=false]", timeout=LOAD_TIMEOUT_MS)


def test_dashboard_shows_map_timeline_network_and_table(page, server):
    open_dashboard(page, server)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dashboard.png", full_page=True)

    events = api(server, "/api/events", limit=1000)
    assert events["total"] > 0
    located = [report for report in events["events"] if report["event"]["location"]]
    assert page.locator("#map path.country").count() > 150  # the bundled Natural Earth countries
    assert page.locator("#map circle.event-dot").count() == len(located)

    dyads = api(server, "/api/dyads", top=20)
    assert dyads, "the corpus yields no dyad"
    assert page.locator("#dyad-select option").count() == len(dyads)
    assert page.locator("#timeline rect.bar").count() == len(dyads[0]["points"])
    assert page.locator("#timeline path.alert-mark").count() == len(dyads[0]["alerts"])

    network = api(server, "/api/network")
    assert network["nodes"]
    assert page.locator("#network g.node").count() == len(network["nodes"])
    assert page.locator("#network line.link").count() == len(network["links"])

    assert page.locator("#events tbody tr.event-row").count() == min(25, events["total"])
    expect(page.locator("#event-total")).to_have_text(f"{events['total']} events")

    assert page.elsewhere == []
    assert page.problems == []


def test_dashboard_filters_the_table(page, server):
    open_dashboard(page, server)
    event_type = api(server, "/api/counts", by="type")[0]["key"]
    expected = api(server, "/api/events", type=event_type, limit=1000)
    page.select_option("#filters select[name=type]", event_type)
    page.click("#filters button[type=submit]")
    expect(page.locator("#event-total")).to_have_text(f"{expected['total']} events")
    page.wait_for_selector("body[data-loading=false]")
    types = page.locator("#events tbody tr.event-row td.type").all_inner_texts()
    assert len(types) == min(25, expected["total"])
    assert all(text.split(" ")[0] == event_type for text in types)
    assert page.elsewhere == [] and page.problems == []


def marked_text(page, kind):
    """The text of consecutive highlights of one kind, joined: overlapping spans cut a highlight in pieces."""
    return page.evaluate(
        """(kind) => {
            const runs = []; let previous = null;
            for (const mark of document.querySelectorAll('#article-text mark.hl-' + kind)) {
                if (previous && previous.nextSibling === mark) runs[runs.length - 1] += mark.textContent;
                else runs.push(mark.textContent);
                previous = mark;
            }
            return runs;
        }""",
        kind,
    )


def test_dashboard_event_opens_its_article_with_spans(page, server):
    open_dashboard(page, server)
    report = api(server, "/api/events", limit=1)["events"][0]
    first = report["event"]
    page.locator("#events tbody tr.event-row").first.click()
    expect(page.locator("#article-panel")).to_be_visible()
    expect(page.locator("#article-panel")).to_have_attribute("data-event-id", first["id"])
    document = api(server, f"/api/articles/{report['article']['id']}")
    expect(page.locator("#article-title")).to_have_text(document["article"]["title"])
    assert page.locator("#article-text").inner_text().strip() == document["article"]["text"].strip()

    assert marked_text(page, "trigger") == [first["trigger"]["text"]]
    for role in ("source", "target"):
        assert set(marked_text(page, role)) == {actor["text"] for actor in first[role + "s"]}
    assert len(marked_text(page, "quote")) == len(document["quotes"])
    # each highlight is explained, with the rule or model that made it
    explained = page.locator("#article-explain").inner_text()
    assert first["evidence"]["method"] in explained
    assert all(actor["method"] in explained for actor in first["sources"] + first["targets"])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "article.png", full_page=True)
    assert page.elsewhere == [] and page.problems == []


def test_dashboard_switches_event_within_article(page, server):
    open_dashboard(page, server)
    documents = [
        api(server, f"/api/articles/{report['article']['id']}")
        for report in api(server, "/api/events", limit=25)["events"]
    ]
    document = next((item for item in documents if len(item["events"]) > 1), None)
    assert document is not None, "no article with two events"
    event = document["events"][0]
    row = page.locator(f"#events tbody tr.event-row[data-article-id='{document['article']['id']}']").first
    row.click()
    other = document["events"][1]
    page.click(f"#article-explain button[data-event-id='{other['id']}']")
    expect(page.locator("#article-panel")).to_have_attribute("data-event-id", other["id"])
    assert marked_text(page, "trigger") == [other["trigger"]["text"]]
    assert event["id"] != other["id"]
