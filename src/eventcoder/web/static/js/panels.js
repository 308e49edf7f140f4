// The dashboard's panels: summary, map, overview timeline, change detection, events table, actor
// network and dyad timeline; each loaded from the API when its inputs change, redrawn on resize.
import { el, getJSON, plural } from "./api.js";
import { $, app, applyFilters, links, navigate, navigateTo, once, openItem, record, without } from "./app.js";
import { drawChange, loadChange } from "./change.js";
import { visibleColumns } from "./columns.js";
import { createMap, drawLegend, unitWord } from "./map.js";
import { drawNetwork } from "./network.js";
import { drawOverview } from "./overview.js";
import { drawTable } from "./table.js";
import { tablePage } from "./tabledata.js";
import { drawColumnChooser, drawExports, drawPager } from "./tablecontrols.js";
import { drawTimeline } from "./timeline.js";

const { data } = app;
const expanded = new Set(); // real-world events unfolded in the table

const map = createMap($("#map"), $("#map-tools"), {
  onCountry: (country) => applyFilters({ country }),
  onView: (view) => {
    if (view.zoom !== app.state.zoom || view.center !== app.state.center) record(view);
  },
});

export function renderSummary(filters) {
  once("summary", filters, $("#summary"), async (current) => {
    const stats = await getJSON("/api/stats", filters);
    if (!current()) return;
    const dates = stats.first_event_date ? `, ${stats.first_event_date} to ${stats.last_event_date}` : "";
    $("#summary").replaceChildren(
      el("span", { className: "summary-counts" }, `${plural(stats.events, "report")} of ${plural(stats.real_world_events, "real-world event")} ` +
        `in ${plural(stats.articles, "article")}${dates}`),
      " ", el("span", { className: "summary-counting" }, `Counted: ${stats.counting}.`));
    data.counting = stats.counting;
  });
}

export function renderDashboard(filters) {
  const { state } = app;
  once("map", [filters, state.unit], $("#map"), async (current) => {
    const places = await getJSON("/api/map", filters);
    if (!current()) return;
    data.places = places;
    await drawMapNow();
  });
  const view = map.view();
  if (view && (view.zoom !== state.zoom || (state.zoom > 1 && view.center !== state.center))) map.setView(state); // Back, Forward
  once("overview", [without(filters, "since", "until")], $("#overview"), async (current) => {
    const series = await getJSON("/api/series", { ...without(filters, "since", "until"), interval: "day" });
    if (!current()) return;
    data.days = series.points;
    drawOverviewNow();
  });
  once("overview-brush", [state.since, state.until, state.interval, state.unit], $("#overview"), async () => drawOverviewNow());
  once("change", [without(filters, "since"), state.level], $("#change"), async (current) => {
    const { answer, rows } = await loadChange({ filters: without(filters, "since"), level: state.level });
    if (!current()) return;
    drawChange($("#change"), answer, rows, {
      level: state.level, links, onLevel: (level) => navigate({ level }), onFilter: (country) => applyFilters({ country }),
    });
  });
  once("table", [filters, state.unit, state.sort, state.page, state.size, state.cols], $("#events tbody"), (current) => loadTable(current, filters));
  once("network", filters, $("#network"), async (current) => {
    const network = await getJSON("/api/network", filters);
    if (!current()) return;
    data.network = network;
    drawNetworkNow();
  });
  once("dyads", filters, $("#timeline"), async (current) => {
    const dyads = await getJSON("/api/dyads", { ...filters, top: 20, interval: dyadInterval(filters) });
    if (!current()) return;
    data.dyads = dyads;
    $("#dyad-select").replaceChildren(...dyads.map((dyad) => new Option(
      `${dyad.source} → ${dyad.target} (${dyad.events}${dyad.alerts.length ? ", ▲" + dyad.alerts.length : ""})`, `${dyad.source}>${dyad.target}`)));
    drawTimelineNow();
  });
  once("dyad", state.dyad, $("#timeline"), async () => drawTimelineNow());
}

// The dyad timeline by day over a short range (a brushed quarter at most), else by week: twenty dyads
// day by day over years would be megabytes that no chart this wide can show.
const DAY_MS = 24 * 3600 * 1000;
function dyadInterval(filters) {
  if (!filters.since || !filters.until) return "week";
  const first = (value) => Date.parse(String(value).padEnd(10, "-01").slice(0, 10));
  const last = (value) => first(value) + ({ 4: 365, 7: 31 }[String(value).length] || 0) * DAY_MS;
  return (last(filters.until) - first(filters.since)) / DAY_MS <= 92 ? "day" : "week";
}

// Redraw the charts at the width they have now (after a resize, or when the dashboard shows again).
export function redrawDashboard() {
  drawMapNow();
  drawOverviewNow();
  drawNetworkNow();
  drawTimelineNow();
}

async function drawMapNow() {
  if (!data.places) return;
  const { state } = app;
  $("#map-caption").textContent = `${unitWord(state.unit, 0).replace(/^0 /, "")} per place, coloured by quad class; drag to pan, scroll to zoom`;
  drawLegend($("#map-legend"), state.unit);
  await map.draw(data.places, { unit: state.unit, country: state.country, zoom: state.zoom, center: state.center });
}

function drawOverviewNow() {
  if (!data.days) return;
  const { state } = app;
  const unitLabel = state.unit === "clusters" ? "real-world events" : "reports";
  const drawn = drawOverview($("#overview"), data.days, state.unit === "clusters" ? "clusters" : "events", {
    interval: state.interval, range: { since: state.since, until: state.until }, unitLabel,
    onRange: (range) => navigate({ ...range, page: 1 }),
  });
  $("#overview-caption").textContent = drawn
    ? `${unitLabel} per ${drawn.interval}, over the whole period of the other filters; drag across the bars to choose a period`
    : "";
  $("#clear-range").hidden = !(state.since || state.until);
}

async function loadTable(current, filters) {
  const { unit, sort, page, size, cols, modality } = app.state;
  const answer = await tablePage({ unit, filters, sort, page, size });
  if (!current()) return;
  if (!answer.rows.length && answer.total && page > 1) { // a page past the end (an old link): the last one
    navigate({ page: Math.ceil(answer.total / size) }, { push: false });
    return;
  }
  const noun = unit === "clusters" ? "real-world events" : "reports";
  drawTable($("#events"), answer.rows, {
    columns: visibleColumns(unit, cols), sort, unit, links, expanded, onSelect: openItem,
    onSort: (next) => navigate({ sort: next, page: 1 }),
  });
  const total = answer.fullTotal ?? answer.total;
  const modalities = modality && modality !== "all" ? `modality ${modality.replace(/,/g, " or ")}` : "every modality";
  const counts = $("#event-total");
  counts.textContent = unit === "clusters"
    ? `${plural(total, "real-world event")} (${modalities}) — one row per event, with its reports`
    : `${plural(total, "event report")} (${modalities}) — one row per report`;
  Object.assign(counts.dataset, { total, unit });
  const note = $("#table-note");
  note.hidden = answer.sortedOver >= total;
  note.textContent = note.hidden ? "" : `Sorted over the newest ${answer.sortedOver} of ${total} ${noun}: narrow the filters to sort them all.`;
  drawPager($("#pager"), { page, size, total: answer.total, shown: answer.rows.length, noun });
  drawColumnChooser($("#column-chooser"), unit, cols, (chosen) => navigate({ cols: chosen }, { push: false }));
  // the exports are of event reports: with real-world events shown, say how many reports they hold
  const reports = unit === "reports" ? total : (await getJSON("/api/events", { ...filters, limit: 1 })).total;
  if (current()) drawExports($("#exports"), filters, reports);
}

function drawNetworkNow() {
  if (data.network) drawNetwork($("#network"), data.network, (actor) => navigateTo(links.actor(actor)));
}

function drawTimelineNow() {
  if (!data.dyads) return;
  const chosen = data.dyads.find((dyad) => `${dyad.source}>${dyad.target}` === app.state.dyad) || data.dyads[0] || null;
  if (chosen) $("#dyad-select").value = `${chosen.source}>${chosen.target}`;
  drawTimeline($("#timeline"), chosen);
}
