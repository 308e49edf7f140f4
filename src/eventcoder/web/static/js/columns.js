// The columns of the events table: for event reports (one row per report) and for real-world events
// (one row per cluster of reports). Each has a label, a sort value and a renderer into its cell.
import { QUAD_LABELS, actorLabel, el } from "./api.js";
import { countryName, isCountry } from "./filters.js";

// links: {actor(actor) -> href, country(code) -> href}: in-app links to actor and country pages.
const actorLinks = (actors, links) => actors.flatMap((actor, index) => [
  index ? "; " : "",
  el("a", { href: links.actor(actor), className: "nav", title: `${actorLabel(actor)}: open its page` }, actorLabel(actor)),
]);
const countryLinks = (codes, links) => codes.flatMap((code, index) => [
  index ? ", " : "",
  isCountry(code) ? el("a", { href: links.country(code), className: "nav", title: `${countryName(code)}: open the country page` }, code) : code,
]);
const place = (name, country) => (name ? `${name}${country ? " (" + country + ")" : ""}` : "");

export const REPORT_COLUMNS = [
  { key: "date", label: "Date", value: (row) => row.event_date, render: (row) => row.event_date || "" },
  { key: "type", label: "Type", className: "type", value: (row) => row.event_type,
    render: (row) => row.event_type + (row.cameo ? ` (${row.cameo})` : "") },
  { key: "source", label: "Source", value: (row) => row.sources.map((actor) => actor.name).join("; "),
    render: (row, links) => actorLinks(row.sources, links) },
  { key: "target", label: "Target", value: (row) => row.targets.map((actor) => actor.name).join("; "),
    render: (row, links) => actorLinks(row.targets, links) },
  { key: "trigger", label: "Trigger", className: "trigger", value: (row) => row.trigger.text.toLowerCase(), render: (row) => row.trigger.text },
  { key: "place", label: "Place", value: (row) => (row.location ? row.location.name : null),
    render: (row) => (row.location ? place(row.location.name, row.location.country) : "") },
  { key: "modality", label: "Modality", value: (row) => row.modality, render: (row) => row.modality },
  { key: "method", label: "Method", className: "method", value: (row) => row.method, render: (row) => row.method },
  { key: "intensity", label: "Intensity", className: "number", value: (row) => row.intensity, render: (row) => String(row.intensity) },
  { key: "quad", label: "Quad class", value: (row) => row.quad_class, render: (row) => QUAD_LABELS[row.quad_class] || "" },
  { key: "article", label: "Article", value: (row) => row.article.title || row.article.id,
    render: (row) => row.article.title || row.article.id },
  { key: "outlet", label: "Outlet", value: (row) => row.article.source, render: (row) => row.article.source || "" },
  { key: "basis", label: "Date from", value: (row) => row.date_basis, render: (row) => row.date_basis || "" },
];
export const REPORT_DEFAULT = ["date", "type", "source", "target", "trigger", "place", "modality", "method"];

export const CLUSTER_COLUMNS = [
  { key: "date", label: "Date", value: (row) => row.event_date, render: (row) => row.event_date || "" },
  { key: "type", label: "Type", className: "type", value: (row) => row.event_type,
    render: (row) => row.event_type + (row.cameo ? ` (${row.cameo})` : "") },
  { key: "sources", label: "Source countries", value: (row) => (row.source_countries || []).join(","),
    render: (row, links) => countryLinks(row.source_countries || [], links) },
  { key: "targets", label: "Target countries", value: (row) => (row.target_countries || []).join(","),
    render: (row, links) => countryLinks(row.target_countries || [], links) },
  { key: "place", label: "Place", value: (row) => row.location_name, render: (row) => place(row.location_name, row.location_country) },
  { key: "reports", label: "Reports", className: "number", value: (row) => row.report_count, render: (row) => String(row.report_count) },
  { key: "events", label: "Event records", className: "number", value: (row) => row.event_count, render: (row) => String(row.event_count) },
  { key: "outlets", label: "Outlets", value: (row) => (row.outlets || []).length,
    render: (row) => `${(row.outlets || []).length}: ${(row.outlets || []).join(", ")}` },
  { key: "intensity", label: "Intensity", className: "number", value: (row) => row.intensity, render: (row) => String(row.intensity) },
  { key: "quad", label: "Quad class", value: (row) => row.quad_class, render: (row) => QUAD_LABELS[row.quad_class] || "" },
  { key: "precision", label: "Date precision", value: (row) => row.date_precision, render: (row) => row.date_precision || "" },
];
export const CLUSTER_DEFAULT = ["date", "type", "sources", "targets", "place", "reports", "outlets", "intensity"];

export function columnsOf(unit) {
  return unit === "clusters" ? { all: CLUSTER_COLUMNS, preset: CLUSTER_DEFAULT } : { all: REPORT_COLUMNS, preset: REPORT_DEFAULT };
}

// The visible columns: the `cols` of the state that exist for this unit, else the unit's default set.
export function visibleColumns(unit, cols) {
  const { all, preset } = columnsOf(unit);
  const asked = String(cols || "").split(",").filter((key) => all.some((column) => column.key === key));
  const keys = asked.length ? asked : preset;
  return all.filter((column) => keys.includes(column.key));
}

// Sort rows by "key" (ascending) or "-key" (descending); empty values last either way; ties keep their order.
export function sortRows(rows, sort, unit) {
  const descending = sort.startsWith("-");
  const column = columnsOf(unit).all.find((item) => item.key === sort.replace(/^-/, ""));
  if (!column) return rows;
  const empty = (value) => value === null || value === undefined || value === "";
  return rows.map((row, index) => ({ row, index, value: column.value(row) })).sort((a, b) => {
    if (empty(a.value) || empty(b.value)) return empty(a.value) - empty(b.value) || a.index - b.index;
    const order = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    return (descending ? -order : order) || a.index - b.index;
  }).map((item) => item.row);
}
