// Talking to the eventcoder API: one JSON error shape, {"error": {"code", "message", "status"}}.

export async function getJSON(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(name, value);
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
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
export const EVENT_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

export function actorLabel(actor) {
  const code = [actor.country || actor.org, actor.sector].filter(Boolean).join(" ");
  return code ? `${actor.name} (${code})` : actor.name;
}

export function clear(element) {
  while (element.firstChild) element.removeChild(element.firstChild);
}

export function showMessage(element, text) {
  clear(element);
  const message = document.createElement("p");
  message.className = "empty";
  message.textContent = text;
  element.appendChild(message);
}
