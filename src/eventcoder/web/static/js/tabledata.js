// One page of the events table from the API: event reports (/api/events) or real-world events
// (/api/clusters). The API pages the whole selection in the orders it knows (SERVER_SORTS); any other
// order is sorted here over the newest rows of the selection (fetched once per selection, up to the
// API's page limit), so that a sort is never of one page only.
import { getJSON } from "./api.js";
import { sortRows } from "./columns.js";

export const FETCH_LIMIT = 1000; // the API's largest page
// The columns the API sorts by (its `sort` parameter), ascending or with "-" descending.
const SERVER_SORTS = { events: ["date", "intensity", "type"], clusters: ["date", "reports", "intensity", "type"] };
const cache = { key: null, rows: null, total: 0 };

// An event report of the API (record schema: EventReport) as the row the table draws.
export function asRow(report) {
  return { ...report.event, article: report.article, article_id: report.article.id, event_date: report.event_date,
    date_basis: report.date_basis, cluster_id: report.cluster_id, quad_class: report.quad_class,
    method: report.event.evidence.method, sentence: report.event.sentence.text };
}

const endpointOf = (unit) => (unit === "clusters" ? ["/api/clusters", "clusters"] : ["/api/events", "events"]);
const rowsOf = (unit, page) => (unit === "clusters" ? page.clusters : page.events.map(asRow));

// -> {rows, total, sortedOver}: sortedOver is how many rows the sort could see (< total: the newest only).
export async function tablePage({ unit, filters, sort, page, size }) {
  const [path] = endpointOf(unit);
  const offset = (page - 1) * size;
  if (SERVER_SORTS[unit === "clusters" ? "clusters" : "events"].includes(sort.replace(/^-/, ""))) {
    const answer = await getJSON(path, { ...filters, limit: size, offset, sort });
    return { rows: rowsOf(unit, answer), total: answer.total, sortedOver: answer.total };
  }
  const key = JSON.stringify([unit, filters]);
  if (cache.key !== key) {
    const answer = await getJSON(path, { ...filters, limit: FETCH_LIMIT, offset: 0 });
    Object.assign(cache, { key, rows: rowsOf(unit, answer), total: answer.total });
  }
  const sorted = sortRows(cache.rows, sort, unit);
  return { rows: sorted.slice(offset, offset + size), total: Math.min(cache.total, cache.rows.length), sortedOver: cache.rows.length, fullTotal: cache.total };
}
