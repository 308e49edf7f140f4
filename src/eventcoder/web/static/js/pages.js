// The views beside the dashboard: a country's or an actor's page, and the article of the selected event.
import { getJSON } from "./api.js";
import { $, app, links, navigate, once, openItem, record, shown, without } from "./app.js";
import { showArticle } from "./article.js";
import { drawProfile } from "./profile.js";

const seriesInterval = () => (app.state.interval === "auto" ? "month" : app.state.interval);

export function renderProfile(filters) {
  const { state } = app;
  once("profile", [state.view, state.code, state.name, filters, state.interval], $("#profile"), async (current) => {
    let profile, series, kind;
    if (!(state.view === "country" ? state.code : state.name)) throw new Error(`No ${state.view} chosen: pick one on the dashboard.`);
    if (state.view === "country") {
      // its page is about it alone: a country filter would cut its relations to the others
      kind = "country";
      const scope = without(filters, "country");
      [profile, series] = await Promise.all([
        getJSON(`/api/countries/${encodeURIComponent(state.code)}`, scope),
        getJSON("/api/series", { ...scope, country: state.code, interval: seriesInterval() }),
      ]);
    } else {
      kind = "actor";
      profile = await getJSON(`/api/actors/${encodeURIComponent(state.name)}`, without(filters, "actor"));
      series = profile.series;
    }
    if (!current()) return;
    app.data.profile = { kind, profile, series };
    redrawProfile();
    document.title = `${kind === "country" ? profile.name || profile.code : profile.name} — eventcoder`;
  });
}

export function redrawProfile() {
  if (!app.data.profile) return;
  const { kind, profile, series } = app.data.profile;
  drawProfile($("#profile"), kind, profile, {
    links, series, counting: app.data.counting, unitLabel: "reports", onSelect: openItem, interval: seriesInterval(),
    onInterval: (interval) => navigate({ interval }, { push: false }),
    onFilter: () => navigate(kind === "country"
      ? { view: "dashboard", code: "", country: profile.code, page: 1 }
      : { view: "dashboard", name: "", actor: profile.name, page: 1 }),
  });
}

export function renderArticle() {
  const { state } = app;
  once("article", [state.event, state.article], $("#article-text"), async (current) => {
    const panel = $("#article-panel");
    if (!state.event && !state.article) {
      panel.hidden = true;
      return;
    }
    const articleId = state.article || state.event.replace(/:e\d+$/, ""); // event ids are <article id>:e<n>
    const doc = await getJSON(`/api/articles/${encodeURIComponent(articleId)}`);
    if (!current()) return;
    showArticle(panel, doc, state.event, (eventId) => {
      record({ event: eventId, article: "" });
      shown("article", [eventId, ""]);
    });
    panel.scrollIntoView({ block: "start" });
  });
}
