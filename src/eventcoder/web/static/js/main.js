// The dashboard: reads the filter form, asks the API, and redraws the map, timeline, network and table.
import { EVENT_TYPES, getJSON, showMessage } from "./api.js";
import { showArticle } from "./article.js";
import { drawLegend, drawMap } from "./map.js";
import { drawNetwork } from "./network.js";
import { drawTable } from "./table.js";
import { drawTimeline } from "./timeline.js";

const PAGE_SIZE = 25;
const MAP_LIMIT = 1000;
const state = { filters: {}, offset: 0, total: 0, dyads: [] };
const $ = (selector) => document.querySelector(selector);

function readFilters() {
  const form = new FormData($("#filters"));
  return Object.fromEntries([...form.entries()].filter(([, value]) => String(value).trim() !== ""));
}

// An event report of the API (record schema: EventReport) as the row the table and map draw.
function asRow(report) {
  return { ...report.event, article_id: report.article.id, event_date: report.event_date,
    quad_class: report.quad_class, method: report.event.evidence.method, sentence: report.event.sentence.text };
}

async function openEvent(event) {
  const panel = $("#article-panel");
  try {
    const record = await getJSON(`/api/articles/${encodeURIComponent(event.article_id)}`);
    showArticle(panel, record, event.id);
  } catch (error) {
    panel.hidden = false;
    showMessage($("#article-text"), error.message);
  }
}

async function loadTable() {
  const page = await getJSON("/api/events", { ...state.filters, limit: PAGE_SIZE, offset: state.offset });
  state.total = page.total;
  drawTable($("#events tbody"), page.events.map(asRow), openEvent);
  const last = Math.min(state.offset + page.events.length, page.total);
  $("#event-total").textContent = `${page.total} events`;
  $("#page-info").textContent = page.total ? `${state.offset + 1}–${last} of ${page.total}` : "";
  $("#prev-page").disabled = state.offset === 0;
  $("#next-page").disabled = last >= page.total;
}

async function loadMap() {
  const page = await getJSON("/api/events", { ...state.filters, limit: MAP_LIMIT });
  await drawMap($("#map"), page.events.map(asRow), openEvent);
}

function drawSelectedDyad() {
  const chosen = state.dyads[Number($("#dyad-select").value)] || null;
  drawTimeline($("#timeline"), chosen);
}

async function loadDyads() {
  state.dyads = await getJSON("/api/dyads", { ...state.filters, top: 20 });
  const select = $("#dyad-select");
  select.replaceChildren(...state.dyads.map((dyad, index) => {
    const option = document.createElement("option");
    option.value = String(index);
    option.textContent = `${dyad.source} → ${dyad.target} (${dyad.events}${dyad.alerts.length ? ", ▲" + dyad.alerts.length : ""})`;
    return option;
  }));
  drawSelectedDyad();
}

async function loadNetwork() {
  drawNetwork($("#network"), await getJSON("/api/network", state.filters));
}

async function loadSummary() {
  const stats = await getJSON("/api/stats", state.filters);
  $("#summary").textContent = `${stats.events} events (${stats.real_world_events} real-world) in ${stats.articles} articles` +
    (stats.first_event_date ? `, ${stats.first_event_date} to ${stats.last_event_date}` : "");
  $("#summary").title = `Counted: ${stats.counting}`;
}

async function guarded(element, load) {
  try {
    await load();
  } catch (error) {
    showMessage(element, error.message);
  }
}

async function refresh() {
  state.filters = readFilters();
  state.offset = 0;
  document.body.dataset.loading = "true";
  await Promise.all([
    guarded($("#summary"), loadSummary),
    guarded($("#events tbody"), loadTable),
    guarded($("#map"), loadMap),
    guarded($("#timeline"), loadDyads),
    guarded($("#network"), loadNetwork),
  ]);
  document.body.dataset.loading = "false";
}

function setUp() {
  const typeSelect = $("#filters select[name=type]");
  for (const type of EVENT_TYPES) typeSelect.appendChild(new Option(type, type));
  drawLegend($("#map-legend"));
  $("#filters").addEventListener("submit", (submit) => { submit.preventDefault(); refresh(); });
  $("#filters").addEventListener("reset", () => setTimeout(refresh, 0));
  $("#dyad-select").addEventListener("change", drawSelectedDyad);
  $("#prev-page").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); guarded($("#events tbody"), loadTable); });
  $("#next-page").addEventListener("click", () => { state.offset += PAGE_SIZE; guarded($("#events tbody"), loadTable); });
  refresh();
}

setUp();
