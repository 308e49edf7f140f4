// A country's or an actor's page: events over time, top partners both ways, the mix of event types,
// recent events linking to their articles, and what its people were quoted saying.
import { QUAD_COLOURS, actorLabel, clear, el, plural } from "./api.js";
import { isCountry } from "./filters.js";
import { drawSeries } from "./serieschart.js";

// The type mix (TypeCount: {event_type, events}), most frequent first.
function typeCounts(types) {
  return (types || []).map((item) => ({ key: item.event_type, events: item.events })).sort((a, b) => b.events - a.events);
}

function section(title, ...children) {
  return el("section", { className: "profile-part" }, el("h3", {}, title), ...children);
}

function partnersTable(partners, links, subject) {
  if (!partners || !partners.length) return el("p", { className: "empty" }, "No partner in these events.");
  const rows = partners.map((partner) => {
    const code = partner.code || partner.country;
    const name = partner.name && code && partner.name !== code ? `${partner.name} (${code})` : partner.name || code;
    // a country's or an actor's page; an organisation's code (EU, NATO) has none
    const href = partner.code ? (isCountry(partner.code) ? links.country(partner.code) : null) : links.actor(partner);
    return el("tr", { className: "partner", dataset: { code: partner.code || partner.name } },
      el("th", { scope: "row" }, href ? el("a", { href, className: "nav" }, name) : name),
      el("td", { className: "number" }, String(partner.as_source ?? 0)),
      el("td", { className: "number" }, String(partner.as_target ?? 0)),
      el("td", { className: "number" }, typeof partner.intensity === "number" ? partner.intensity.toFixed(1) : "–"));
  });
  return el("div", { className: "scroll" }, el("table", { className: "partners" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Partner"),
      el("th", { scope: "col", className: "number", title: `events in which ${subject} acted on the partner` }, "to them"),
      el("th", { scope: "col", className: "number", title: `events in which the partner acted on ${subject}` }, "from them"),
      el("th", { scope: "col", className: "number", title: "sum of PLOVER intensity, −10 conflict to +10 cooperation" }, "Intensity"))),
    el("tbody", {}, ...rows)));
}

function typeBars(types) {
  const list = typeCounts(types);
  if (!list.length) return el("p", { className: "empty" }, "No event.");
  const top = list[0].events || 1;
  return el("ul", { className: "type-bars" }, ...list.map((item) => el("li", { dataset: { type: item.key, events: item.events } },
    el("span", { className: "type-name" }, item.key),
    el("span", { className: "type-bar", style: `width:${Math.max(2, (100 * item.events) / top)}%` }),
    el("span", { className: "type-count" }, String(item.events)))));
}

function recentList(reports, onSelect) {
  if (!reports || !reports.length) return el("p", { className: "empty" }, "No event.");
  return el("ol", { className: "recent" }, ...reports.map((report) => {
    const event = report.event;
    const open = el("button", { type: "button", className: "link", dataset: { eventId: event.id } }, report.article.title || report.article.id);
    open.addEventListener("click", () => onSelect({ id: event.id, article_id: report.article.id }));
    const who = `${event.sources.map(actorLabel).join("; ") || "?"} → ${event.targets.map(actorLabel).join("; ") || "—"}`;
    return el("li", { className: `recent-event quad-${report.quad_class}`, dataset: { eventId: event.id } },
      el("span", { className: "date" }, report.event_date || ""), " ",
      el("b", { style: `color:${QUAD_COLOURS[report.quad_class] || "inherit"}` }, event.event_type), ` ${who}: “${event.trigger.text}” — `, open);
  }));
}

function quoteList(quotes, onSelect) {
  if (!quotes || !quotes.length) return el("p", { className: "empty" }, "No quote.");
  return el("ul", { className: "quotes" }, ...quotes.map((quote) => {
    const speaker = quote.speaker || "unknown speaker";
    const source = quote.article_id ? el("button", { type: "button", className: "link", dataset: { articleId: quote.article_id } }, "article") : "";
    if (source) source.addEventListener("click", () => onSelect({ id: "", article_id: quote.article_id }));
    return el("li", { className: "quote" }, el("blockquote", {}, `“${quote.text}”`),
      el("p", { className: "muted" }, `— ${speaker}${quote.published ? ", " + quote.published : ""} `, source));
  }));
}

// kind: "country" | "actor"; options: {links, onSelect, onFilter, series (for countries, else profile.series), unitLabel}
export function drawProfile(element, kind, profile, options) {
  clear(element);
  const subject = kind === "country" ? profile.code : profile.name;
  const title = kind === "country" ? `${profile.name || profile.code} (${profile.code})`
    : `${profile.name}${profile.country || profile.sector ? " (" + [profile.country, profile.sector].filter(Boolean).join(" ") + ")" : ""}`;
  const change = profile.change && profile.change.flag ? el("span", { className: `flag flag-${profile.change.flag.replace(/\s+/g, "-")}` }, profile.change.flag) : "";
  const filter = el("button", { type: "button", className: "primary" }, kind === "country" ? "Show its events on the dashboard" : "Show its events on the dashboard");
  filter.addEventListener("click", options.onFilter);
  const back = el("a", { href: options.links.dashboard, className: "nav back" }, "← Dashboard");
  const chart = el("div", { className: "chart profile-series" });
  const intervalSelect = el("select", { name: "profile-interval", "aria-label": "Bins" },
    ...["week", "month", "day"].map((value) => el("option", { value, selected: options.interval === value }, `per ${value}`)));
  intervalSelect.addEventListener("change", () => options.onInterval(intervalSelect.value));
  element.append(
    el("div", { className: "profile-head" }, back, el("h2", { className: "profile-title" }, title, " ", change), filter),
    el("p", { className: "profile-counts" }, `${plural(profile.events ?? 0, "report")} of ${plural(profile.clusters ?? 0, "real-world event")}` +
      (options.counting ? ` — counted: ${options.counting}` : "")),
    el("div", { className: "profile-grid" },
      section(`Events over time${kind === "country" ? "" : " (per week)"}`, kind === "country" ? el("label", { className: "inline" }, "Bins ", intervalSelect) : "", chart),
      section(kind === "country" ? "Top partners (both directions)" : "Top partners", partnersTable(profile.partners, options.links, subject)),
      section("Event types", typeBars(profile.types)),
      section("Recent events", recentList(profile.recent, options.onSelect)),
      section(kind === "country" ? "Quotes of its people" : "Quotes", quoteList(profile.quotes, options.onSelect))));
  element.querySelector(".profile-part:last-child").classList.add("profile-quotes");
  const series = options.series || profile.series;
  drawSeries(chart, Array.isArray(series) ? { interval: "week", points: series } : series, { unitLabel: options.unitLabel });
  return chart;
}
