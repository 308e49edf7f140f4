// The article view: the exact text, with the selected event's trigger, actors, date and place and the
// article's quotes highlighted, and beside it what each highlight is and which rule or model made it.
import { actorLabel, clear } from "./api.js";

// Offsets of ``needle`` inside [from, to) of ``text``, or null: dates and event locations carry no offsets.
function locate(text, needle, from, to) {
  if (!needle) return null;
  const at = text.slice(from, to).indexOf(needle);
  return at < 0 ? null : { start: from + at, end: from + at + needle.length };
}

export function eventSpans(record, event) {
  const text = record.article.text;
  const { start: from, end: to } = event.sentence;
  const spans = [{ start: event.trigger.start, end: event.trigger.end, kind: "trigger",
    label: `${event.event_type}${event.mode ? "/" + event.mode : ""}${event.cameo ? " · CAMEO " + event.cameo : ""}` +
      ` · intensity ${event.intensity} · ${event.modality}`,
    method: `${event.evidence.method} (confidence ${event.evidence.confidence})`, text: event.trigger.text }];
  for (const [kind, actors] of [["source", event.sources], ["target", event.targets]]) {
    for (const actor of actors) {
      spans.push({ start: actor.start, end: actor.end, kind, label: actorLabel(actor), method: actor.method, text: actor.text });
    }
  }
  if (event.date && event.date.text) {
    const found = locate(text, event.date.text, from, to);
    if (found) spans.push({ ...found, kind: "date", label: `${event.date.value} (${event.date.precision})`, method: "time", text: event.date.text });
  }
  if (event.location) {
    const place = record.places.find((item) => item.text === event.location.text && item.start >= from && item.end <= to);
    const found = place ? { start: place.start, end: place.end } : locate(text, event.location.text, from, to);
    if (found) {
      spans.push({ ...found, kind: "place", label: `${event.location.name}${event.location.country ? " (" + event.location.country + ")" : ""}` +
        ` · ${event.location.lat.toFixed(2)}, ${event.location.lon.toFixed(2)} · ${event.location.kind}`, method: "geo", text: event.location.text });
    }
  }
  for (const quote of record.quotes) {
    spans.push({ start: quote.start, end: quote.end, kind: "quote",
      label: `quote${quote.speaker ? " by " + actorLabel(quote.speaker) : ""}${quote.verb ? " · " + quote.verb : ""}${quote.outlet ? " · via " + quote.outlet : ""}`,
      method: quote.speaker ? quote.speaker.method : "quotes", text: quote.text });
  }
  return spans.filter((span) => span.end > span.start);
}

// The text cut at every span boundary; each piece is wrapped in a <mark> naming every span over it.
function renderText(element, text, spans) {
  clear(element);
  const cuts = new Set([0, text.length]);
  for (const span of spans) { cuts.add(span.start); cuts.add(span.end); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let index = 0; index < points.length - 1; index += 1) {
    const [start, end] = [points[index], points[index + 1]];
    const piece = text.slice(start, end);
    const over = spans.filter((span) => span.start <= start && span.end >= end);
    if (!over.length) { element.appendChild(document.createTextNode(piece)); continue; }
    const mark = document.createElement("mark");
    mark.className = over.map((span) => `hl hl-${span.kind}`).join(" ");
    mark.dataset.kinds = over.map((span) => span.kind).join(" ");
    mark.title = over.map((span) => `${span.kind}: ${span.label}`).join("\n");
    mark.textContent = piece;
    element.appendChild(mark);
  }
}

function renderExplanation(element, spans, record, event, onSelectEvent) {
  clear(element);
  const title = document.createElement("h3");
  title.textContent = `Event ${event.id}`;
  const list = document.createElement("dl");
  for (const span of spans) {
    const term = document.createElement("dt");
    term.className = `hl hl-${span.kind}`;
    term.textContent = `${span.kind}: “${span.text.length > 80 ? span.text.slice(0, 79) + "…" : span.text}”`;
    const detail = document.createElement("dd");
    detail.textContent = span.label;
    const method = document.createElement("code");
    method.className = "method";
    method.textContent = span.method;
    detail.append(document.createElement("br"), "by ", method);
    list.append(term, detail);
  }
  const others = document.createElement("ol");
  others.className = "article-events";
  for (const other of record.events) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.eventId = other.id;
    button.textContent = `${other.event_type}: ${other.trigger.text}`;
    if (other.id === event.id) button.className = "selected";
    button.addEventListener("click", () => onSelectEvent(other.id));
    item.appendChild(button);
    others.appendChild(item);
  }
  const othersTitle = document.createElement("h3");
  othersTitle.textContent = `All ${record.events.length} events of the article`;
  element.append(title, list, othersTitle, others);
}

// onEvent(id), if given, is told when the reader picks another event of the article.
export function showArticle(panel, record, eventId, onEvent = null) {
  const event = record.events.find((item) => item.id === eventId) || record.events[0];
  panel.hidden = false;
  panel.querySelector("#article-title").textContent = record.article.title || record.article.id;
  panel.querySelector("#article-meta").textContent = [record.article.published, record.article.source,
    `coded by eventcoder ${record.coder.version} (${record.coder.model})`].filter(Boolean).join(" · ");
  const textElement = panel.querySelector("#article-text");
  const explainElement = panel.querySelector("#article-explain");
  if (!event) {
    renderText(textElement, record.article.text, []);
    clear(explainElement);
    return;
  }
  const spans = eventSpans(record, event);
  renderText(textElement, record.article.text, spans);
  renderExplanation(explainElement, spans, record, event, (id) => {
    showArticle(panel, record, id, onEvent);
    if (onEvent) onEvent(id);
  });
  panel.dataset.eventId = event.id;
  const trigger = textElement.querySelector(".hl-trigger");
  if (trigger) trigger.scrollIntoView({ block: "center" });
}
