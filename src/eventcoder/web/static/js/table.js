// The events table: one row per event of the current page; a click opens the event in its article.
import { actorLabel, clear } from "./api.js";

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
}

export function drawTable(tbody, events, onSelect) {
  clear(tbody);
  if (!events.length) {
    const row = tbody.insertRow();
    row.className = "empty";
    const td = row.insertCell();
    td.colSpan = 8;
    td.textContent = "No event matches these filters.";
    return;
  }
  for (const event of events) {
    const row = tbody.insertRow();
    row.className = `event-row quad-${event.quad_class || "none"}`;
    row.dataset.eventId = event.id;
    row.dataset.articleId = event.article_id;
    row.tabIndex = 0;
    cell(row, event.event_date || "");
    cell(row, event.event_type + (event.cameo ? ` (${event.cameo})` : ""), "type");
    cell(row, event.sources.map(actorLabel).join("; "));
    cell(row, event.targets.map(actorLabel).join("; "));
    cell(row, event.trigger.text, "trigger");
    cell(row, event.location ? event.location.name : "");
    cell(row, event.modality);
    cell(row, event.method, "method");
    row.title = event.sentence;
    row.addEventListener("click", () => onSelect(event));
    row.addEventListener("keydown", (key) => { if (key.key === "Enter") onSelect(event); });
  }
}
