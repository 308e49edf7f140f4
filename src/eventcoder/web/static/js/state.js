// The whole view state lives in the URL's query string: filters, table page and sort, map zoom and
// centre, brushed range (since/until), selected event, the page shown. Reading it back restores the view.

export const FILTER_KEYS = ["since", "until", "country", "actor", "type", "modality", "q"];
export const DEFAULTS = {
  view: "dashboard", // dashboard | country | actor
  code: "", // the country page's ISO3 code
  name: "", // the actor page's actor name
  since: "", until: "", country: "", actor: "", type: "", modality: "", q: "",
  unit: "reports", // reports (one row per event report) | clusters (one per real-world event)
  page: 1, size: 25, sort: "-date", cols: "",
  zoom: 1, center: "", // map zoom factor and centre "lon,lat"
  interval: "auto", // the overview timeline's bins
  dyad: "", // the dyad timeline's pair "SRC>TGT"
  level: "country", // change detection: country | admin1
  event: "", article: "", // the event (or article) open in the article view
};
const NUMBERS = new Set(["page", "size", "zoom"]);

export function readURL(search = window.location.search) {
  const query = new URLSearchParams(search);
  const state = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    if (!query.has(key)) continue;
    const value = query.get(key);
    if (NUMBERS.has(key)) {
      const number = Number(value);
      if (Number.isFinite(number) && number > 0) state[key] = number;
    } else {
      state[key] = value;
    }
  }
  return state;
}

// The query string of a state: only what differs from the defaults, so that links stay short.
export function toSearch(state) {
  const query = new URLSearchParams();
  for (const [key, fallback] of Object.entries(DEFAULTS)) {
    const value = state[key];
    if (value === undefined || value === null || value === "" || value === fallback) continue;
    query.set(key, String(value));
  }
  const search = query.toString();
  return search ? `?${search}` : "";
}

// Record the state in the address bar: push a history entry for a new view, replace it for small moves.
export function writeURL(state, { push = true } = {}) {
  const url = `${window.location.pathname}${toSearch(state)}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

export function filtersOf(state) {
  return Object.fromEntries(FILTER_KEYS.filter((key) => state[key]).map((key) => [key, state[key]]));
}
