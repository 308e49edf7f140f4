// Talking to the eventcoder API: one JSON error shape, {"error": {"code", "message", "status"}}; and the
// few constants and DOM helpers every module shares.

// `path?query` with the parameters that have a value (arrays are comma-joined).
export function apiURL(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    const text = Array.isArray(value) ? value.join(",") : value;
    if (text !== undefined && text !== null && text !== "") query.set(name, text);
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

export async function getJSON(path, params = {}) {
  const response = await fetch(apiURL(path, params), { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    const error = body.error || { message: response.statusText, code: "http_error" };
    throw new Error(`${error.code}: ${error.message}`);
  }
  return body;
}

// PLOVER quad classes and their colours: blue for cooperation, orange/red for conflict.
export const QUAD_COLOURS = {
  verbal_cooperation: "#6baed6",
  material_cooperation: "#2166ac",
  verbal_conflict: "#f4a236",
  material_conflict: "#c51b1b",
};
export const QUAD_LABELS = {
  verbal_cooperation: "verbal cooperation",
  material_cooperation: "material cooperation",
  verbal_conflict: "verbal conflict",
  material_conflict: "material conflict",
};
export const QUADS = Object.keys(QUAD_COLOURS);
export const EVENT_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];
export const MODALITIES = ["asserted", "historical", "future", "hypothetical", "negated", "prevented"];

export function actorLabel(actor) {
  const code = [actor.country || actor.org, actor.sector].filter(Boolean).join(" ");
  return code ? `${actor.name} (${code})` : actor.name;
}

export function clear(element) {
  while (element.firstChild) element.removeChild(element.firstChild);
}

// A new element: el("a", {href: "…", className: "x"}, "text", child, …); data-* via {dataset: {…}}.
export function el(tag, properties = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue;
    if (name === "dataset") Object.assign(element.dataset, value);
    else if (name in element) element[name] = value;
    else element.setAttribute(name, value);
  }
  element.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export function showMessage(element, text) {
  clear(element);
  element.appendChild(el("p", { className: "empty" }, text));
}

export const plural = (count, one, many = one + "s") => `${count} ${count === 1 ? one : many}`;
