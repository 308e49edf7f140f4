// The controls around the events table: reports or real-world events, page size, the column chooser,
// the pager and the export links (the whole selection as CSV, GeoJSON or PLOVER, from /api/events).
import { apiURL, clear, el } from "./api.js";
import { columnsOf, visibleColumns } from "./columns.js";

export const PAGE_SIZES = [10, 25, 50, 100];
export const EXPORTS = [
  { format: "csv", label: "CSV", extension: "csv" },
  { format: "geojson", label: "GeoJSON", extension: "geojson" },
  { format: "plover", label: "PLOVER", extension: "jsonl" },
];

// The column chooser: a checkbox per column of the unit; onChange(cols) with the chosen keys, comma-joined.
export function drawColumnChooser(details, unit, cols, onChange) {
  const { all } = columnsOf(unit);
  const shown = new Set(visibleColumns(unit, cols).map((column) => column.key));
  const boxes = all.map((column) => el("input", { type: "checkbox", value: column.key, checked: shown.has(column.key) }));
  const list = el("div", { className: "multi-options" }, ...all.map((column, index) => el("label", {}, boxes[index], column.label)));
  const reset = el("button", { type: "button", className: "multi-clear" }, "default columns");
  reset.addEventListener("click", () => onChange(""));
  list.addEventListener("change", () => {
    const chosen = boxes.filter((box) => box.checked).map((box) => box.value);
    if (!chosen.length) { boxes.find((box) => box.value === "date").checked = true; return; }
    onChange(chosen.join(","));
  });
  const open = details.open;
  details.replaceChildren(el("summary", {}, `Columns (${shown.size}/${all.length})`), el("div", { className: "multi-panel" }, list, reset));
  details.open = open;
}

export function drawExports(element, filters, total) {
  clear(element);
  element.append(`Export the ${total} report${total === 1 ? "" : "s"} of this selection: `);
  EXPORTS.forEach(({ format, label, extension }, index) => {
    if (index) element.append(" · ");
    element.appendChild(el("a", { href: apiURL("/api/events", { ...filters, format }), download: `events.${extension}`,
      dataset: { format }, title: `Every event report of the selection, ${label}` }, label));
  });
}

// "1–25 of 192 reports"; prev/next enabled as the page allows.
export function drawPager(pager, { page, size, total, shown, noun }) {
  const first = total ? (page - 1) * size + 1 : 0;
  pager.querySelector(".page-info").textContent = total ? `${first}–${first + shown - 1} of ${total} ${noun}` : "";
  pager.querySelector("[data-page=prev]").disabled = page <= 1;
  pager.querySelector("[data-page=next]").disabled = (page - 1) * size + shown >= total;
}
