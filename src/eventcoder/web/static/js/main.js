// The single-page app: render() shows the view the state (the URL) names and has each panel reload when
// its inputs changed; the controls of the page change the state through navigate() (app.js).
import { $, app, applyFilters, busy, navigate, navigateTo } from "./app.js";
import { columnsOf } from "./columns.js";
import { fillFilters, loadCountries, readFilters, setUpFilters } from "./filters.js";
import { redrawProfile, renderArticle, renderProfile } from "./pages.js";
import { redrawDashboard, renderDashboard, renderSummary } from "./panels.js";
import { DEFAULTS, FILTER_KEYS, filtersOf, readURL } from "./state.js";
import { PAGE_SIZES } from "./tablecontrols.js";

let filledWith = null; // the filters the form shows
let shownView = null; // "dashboard" or "profile": charts drawn while hidden are redrawn when shown

function render() {
  const { state } = app;
  if (!PAGE_SIZES.includes(state.size)) state.size = DEFAULTS.size;
  const filters = filtersOf(state);
  if (filledWith !== JSON.stringify(filters)) {
    fillFilters($("#filters"), state);
    filledWith = JSON.stringify(filters);
  }
  drawControls();
  const dashboard = state.view !== "country" && state.view !== "actor";
  document.body.dataset.view = state.view;
  $("#dashboard").hidden = !dashboard;
  $("#profile").hidden = dashboard;
  // the article opens under the table on the dashboard, under the page on a country or actor page
  const anchor = dashboard ? $("#table-panel") : $("#profile");
  if (anchor.nextElementSibling !== $("#article-panel")) anchor.after($("#article-panel"));
  const switched = shownView !== null && shownView !== (dashboard ? "dashboard" : "profile");
  shownView = dashboard ? "dashboard" : "profile";
  renderSummary(filters);
  if (dashboard) {
    document.title = "eventcoder dashboard";
    if (switched) redrawDashboard();
    renderDashboard(filters);
  } else {
    renderProfile(filters);
  }
  renderArticle();
}

// The controls outside the panels show the state: count unit, bins, rows, the folded filters' count.
function drawControls() {
  const { state } = app;
  for (const button of document.querySelectorAll("#unit-switch button")) button.setAttribute("aria-pressed", String(button.dataset.unit === state.unit));
  const active = FILTER_KEYS.filter((key) => state[key]).length;
  $("#filters-toggle").textContent = `Filters${active ? ` (${active} active)` : ""} ${$("#filters").classList.contains("open") ? "▴" : "▾"}`;
  $("#interval").value = state.interval;
  $("#page-size").value = String(state.size);
}

function redrawCharts() {
  if ($("#dashboard").hidden) redrawProfile();
  else redrawDashboard();
}

function setUp() {
  app.render = render;
  const form = $("#filters");
  setUpFilters(form);
  form.addEventListener("submit", (submit) => {
    submit.preventDefault();
    const filters = readFilters(form);
    if (filters) applyFilters(filters);
  });
  form.addEventListener("reset", (reset) => {
    reset.preventDefault();
    applyFilters(Object.fromEntries(FILTER_KEYS.map((key) => [key, ""])));
  });
  for (const button of document.querySelectorAll("#unit-switch button")) {
    button.addEventListener("click", () => {
      const unit = button.dataset.unit;
      if (unit === app.state.unit) return;
      // keep the sort if the other unit has the column
      const sortKey = app.state.sort.replace(/^-/, "");
      const sort = columnsOf(unit).all.some((column) => column.key === sortKey) ? app.state.sort : DEFAULTS.sort;
      navigate({ unit, page: 1, sort, cols: "" });
    });
  }
  $("#filters-toggle").addEventListener("click", () => {
    const open = form.classList.toggle("open");
    $("#filters-toggle").setAttribute("aria-expanded", String(open));
    drawControls();
  });
  $("#page-size").replaceChildren(...PAGE_SIZES.map((size) => new Option(String(size), String(size))));
  $("#page-size").addEventListener("change", (change) => navigate({ size: Number(change.target.value), page: 1 }, { push: false }));
  $("#prev-page").addEventListener("click", () => navigate({ page: Math.max(1, app.state.page - 1) }));
  $("#next-page").addEventListener("click", () => navigate({ page: app.state.page + 1 }));
  $("#interval").addEventListener("change", (change) => navigate({ interval: change.target.value }, { push: false }));
  $("#clear-range").addEventListener("click", () => navigate({ since: "", until: "", page: 1 }));
  $("#dyad-select").addEventListener("change", (change) => navigate({ dyad: change.target.value }, { push: false }));
  $("#close-article").addEventListener("click", () => navigate({ event: "", article: "" }));
  $("#copy-link").addEventListener("click", async () => {
    const button = $("#copy-link");
    try {
      await navigator.clipboard.writeText(window.location.href);
      button.textContent = "Link copied";
    } catch {
      button.textContent = "Copy the address bar";
    }
    setTimeout(() => { button.textContent = "Copy link"; }, 2000);
  });
  // in-app links (country and actor pages, the dashboard) change the state, not the page
  document.addEventListener("click", (click) => {
    const link = click.target.closest("a.nav");
    if (!link || click.ctrlKey || click.metaKey || click.shiftKey || click.button !== 0) return;
    click.preventDefault();
    navigateTo(new URL(link.href).search);
  });
  window.addEventListener("popstate", () => {
    app.state = readURL();
    render();
  });
  let resizing = null;
  let width = window.innerWidth;
  window.addEventListener("resize", () => {
    if (window.innerWidth === width) return;
    width = window.innerWidth;
    clearTimeout(resizing);
    resizing = setTimeout(redrawCharts, 200);
  });
  busy(loadCountries(form).then(() => { filledWith = null; fillFilters(form, app.state); }).catch(() => {}));
  render();
}

setUp();
