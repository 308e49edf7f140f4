// The events table: the visible columns with sort buttons in the head, one row per event report or per
// real-world event; a report row opens its article, a real-world event row unfolds into its reports.
import { clear, el, plural } from "./api.js";

// options: {columns, sort, unit, links, onSort(sort), onSelect({id, article_id}), expanded: Set of cluster ids}
export function drawTable(table, rows, options) {
  const { columns, sort, unit } = options;
  drawHead(table.tHead, columns, sort, unit, options.onSort);
  const body = table.tBodies[0];
  clear(body);
  const span = columns.length + (unit === "clusters" ? 1 : 0);
  if (!rows.length) {
    const row = body.insertRow();
    row.className = "empty";
    Object.assign(row.insertCell(), { colSpan: span, textContent: "Nothing matches these filters." });
    return;
  }
  for (const item of rows) {
    if (unit === "clusters") clusterRow(body, item, columns, options, span);
    else reportRow(body, item, columns, options);
  }
}

function drawHead(head, columns, sort, unit, onSort) {
  const key = sort.replace(/^-/, "");
  const descending = sort.startsWith("-");
  const cells = columns.map((column) => {
    const active = column.key === key;
    const button = el("button", { type: "button", className: "sort", dataset: { key: column.key },
      title: `Sort by ${column.label.toLowerCase()}${active ? (descending ? " (now descending)" : " (now ascending)") : ""}` },
    column.label, el("span", { className: "sort-mark", "aria-hidden": "true" }, active ? (descending ? " ▼" : " ▲") : ""));
    button.addEventListener("click", () => onSort(active && !descending ? `-${column.key}` : column.key));
    return el("th", { scope: "col", className: column.className || "", dataset: { key: column.key },
      "aria-sort": active ? (descending ? "descending" : "ascending") : "none" }, button);
  });
  if (unit === "clusters") cells.unshift(el("th", { scope: "col", className: "expand" }, el("span", { className: "visually-hidden" }, "Reports")));
  head.replaceChildren(el("tr", {}, ...cells));
}

function fill(row, item, columns, links) {
  for (const column of columns) {
    const cell = row.insertCell();
    cell.className = column.className || "";
    cell.dataset.key = column.key;
    cell.dataset.label = column.label;
    const content = column.render(item, links);
    const parts = (Array.isArray(content) ? content : [content]).filter((part) => part !== "");
    if (parts.length) cell.append(el("span", {}, ...parts));
  }
}

function reportRow(body, item, columns, options) {
  const row = body.insertRow();
  row.className = `event-row quad-${item.quad_class || "none"}`;
  Object.assign(row.dataset, { eventId: item.id, articleId: item.article_id });
  row.tabIndex = 0;
  row.title = item.sentence;
  fill(row, item, columns, options.links);
  const open = (event) => { if (!event.target.closest("a, button")) options.onSelect(item); };
  row.addEventListener("click", open);
  row.addEventListener("keydown", (key) => { if (key.key === "Enter") open(key); });
}

function clusterRow(body, item, columns, options, span) {
  const row = body.insertRow();
  row.className = `cluster-row quad-${item.quad_class || "none"}`;
  row.dataset.clusterId = item.id;
  const reports = item.events || [];
  const toggle = el("button", { type: "button", className: "expand", "aria-expanded": "false",
    title: `Show the ${plural(reports.length, "report")} of this event` });
  row.insertCell().append(toggle);
  row.cells[0].className = "expand";
  fill(row, item, columns, options.links);
  const detail = body.insertRow();
  detail.className = "cluster-reports";
  detail.hidden = true;
  const cell = detail.insertCell();
  cell.colSpan = span;
  const list = el("ul");
  for (const report of reports) {
    const open = el("button", { type: "button", className: "link", dataset: { eventId: report.event_id } }, report.article_title || report.article_id);
    open.addEventListener("click", () => options.onSelect({ id: report.event_id, article_id: report.article_id }));
    list.appendChild(el("li", { className: "report", dataset: { eventId: report.event_id, articleId: report.article_id } },
      report.outlet ? `${report.outlet}: ` : "", open,
      report.url ? el("a", { href: report.url, className: "external", rel: "noopener noreferrer", target: "_blank", title: "The article at its outlet (leaves this site)" }, " ↗") : ""));
  }
  cell.append(el("p", { className: "muted" }, `${plural(reports.length, "report")} of this event${(item.outlets || []).length ? " by " + item.outlets.join(", ") : ""}:`), list);
  const flip = (open) => {
    detail.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.replaceChildren(`${open ? "▾" : "▸"} ${reports.length}`, el("span", { className: "expand-word" }, reports.length === 1 ? " report" : " reports"));
    if (open) options.expanded.add(item.id); else options.expanded.delete(item.id);
  };
  toggle.addEventListener("click", () => flip(detail.hidden));
  flip(options.expanded.has(item.id));
}
