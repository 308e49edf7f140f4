// Change detection, ACLED-style: countries (or first-level regions) whose real-world events of the last
// week rose against their weekly average of the previous 4 and 52 weeks, flagged "surge" or "large
// increase" by /api/change. Each name opens its country page; "filter" filters the dashboard by it.
import { clear, el, getJSON } from "./api.js";

export const CHANGE_PARAMS = { recent_days: 7, short_weeks: 4, long_weeks: 52, increase: 0.25, surge: 1.0, min_events: 5 };
const MAX_ROWS = 12;

const number = (value) => (typeof value !== "number" ? "–" : Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 2 : 1));
// recent / average as a change: +300%; "new" when there was nothing before
const percent = (ratio, recent) => (typeof ratio === "number" ? `${ratio >= 1 ? "+" : ""}${Math.round((ratio - 1) * 100)}%` : recent > 0 ? "new" : "–");

// The API's rows (ChangeRow) in the shape drawn here.
export function changeRows(answer) {
  return answer.rows.map((row) => ({
    code: row.country, name: row.country_name || row.country, admin1: row.admin1, recent: row.recent,
    short: row.short_average, long: row.long_average, shortRatio: row.short_ratio, longRatio: row.long_ratio,
    flag: row.flag ? row.flag.replace(/_/g, " ") : null,
  }));
}

// filters: the dashboard's, without since (the baselines reach back a year); with until, the recent
// window ends on the last day of a real-world event up to it.
export async function loadChange({ filters, level }) {
  const answer = await getJSON("/api/change", { ...filters, level, ...CHANGE_PARAMS });
  return { answer, rows: changeRows(answer) };
}

// options: {level, onLevel(level), links: {country(code)}, onFilter(code)}
export function drawChange(element, answer, rows, options) {
  clear(element);
  const levels = el("div", { className: "segmented", role: "group", "aria-label": "Count by" },
    ...[["country", "Countries"], ["admin1", "Regions"]].map(([value, label]) => {
      const button = el("button", { type: "button", dataset: { level: value }, "aria-pressed": String(options.level === value) }, label);
      button.addEventListener("click", () => options.onLevel(value));
      return button;
    }));
  const params = { ...CHANGE_PARAMS, ...answer };
  const span = `${params.recent_days} days${params.as_of ? " to " + params.as_of : ""}`;
  element.append(levels, el("p", { className: "muted change-rule" },
    `The ${span} against the weekly average over the ${params.short_weeks} and the ${params.long_weeks} weeks before. ` +
    `Large increase: +${Math.round(params.increase * 100)}%; surge: +${Math.round(params.surge * 100)}%; at least ${params.min_events} events. ` +
    `Counted: ${params.counting || "real-world events"}.`));
  const flagged = rows.filter((row) => row.flag);
  if (!flagged.length) {
    element.appendChild(el("p", { className: "empty change-none" }, "No surge or large increase this week."));
  }
  const shown = [...flagged, ...rows.filter((row) => !row.flag && row.recent > 0)].slice(0, Math.max(MAX_ROWS, flagged.length));
  if (!shown.length) {
    element.appendChild(el("p", { className: "empty" }, "No real-world event in the recent window."));
    return;
  }
  const list = el("ol", { className: "change-list" });
  for (const row of shown) {
    const name = row.admin1 ? `${row.admin1} (${row.code})` : `${row.name}${row.name !== row.code ? " (" + row.code + ")" : ""}`;
    const filter = el("button", { type: "button", className: "link filter", title: `Filter the dashboard by ${row.code}` }, "filter");
    filter.addEventListener("click", () => options.onFilter(row.code));
    list.appendChild(el("li", { className: `change-row ${row.flag ? "flagged" : ""}`, dataset: { code: row.code || "", flag: row.flag || "" } },
      el("div", { className: "change-name" }, el("a", { href: options.links.country(row.code), className: "nav" }, name),
        row.flag ? el("span", { className: `flag flag-${row.flag.replace(/\s+/g, "-")}` }, row.flag) : "", filter),
      el("div", { className: "change-numbers" },
        el("span", { title: "real-world events in the recent window" }, `${number(row.recent)} this week`),
        el("span", { title: `weekly average of the previous ${params.short_weeks} weeks` }, `${number(row.short)}/wk over ${params.short_weeks} wk (${percent(row.shortRatio, row.recent)})`),
        el("span", { title: `weekly average of the previous ${params.long_weeks} weeks` }, `${number(row.long)}/wk over ${params.long_weeks} wk (${percent(row.longRatio, row.recent)})`))));
  }
  element.appendChild(list);
}
