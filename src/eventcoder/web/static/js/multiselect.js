// A multi-select as a disclosure of checkboxes: <details class="multi" data-name="type">; its value is
// the comma-joined checked options, in the order given.
import { el } from "./api.js";

export function makeMultiSelect(details, options, { none = "any", describe = null } = {}) {
  const summary = el("summary");
  const list = el("div", { className: "multi-options", role: "group" });
  for (const option of options) {
    const box = el("input", { type: "checkbox", value: option, name: details.dataset.name });
    list.appendChild(el("label", {}, box, describe ? describe(option) : option));
  }
  const clearButton = el("button", { type: "button", className: "multi-clear" }, "clear");
  clearButton.addEventListener("click", () => setMultiValue(details, ""));
  details.replaceChildren(summary, el("div", { className: "multi-panel" }, list, clearButton));
  details.dataset.none = none;
  details.addEventListener("change", () => label(details));
  label(details);
}

function boxes(details) {
  return [...details.querySelectorAll("input[type=checkbox]")];
}

function label(details) {
  const chosen = boxes(details).filter((box) => box.checked).map((box) => box.value);
  const summary = details.querySelector("summary");
  summary.textContent = !chosen.length ? details.dataset.none : chosen.length <= 2 ? chosen.join(", ") : `${chosen.length} chosen`;
  summary.title = chosen.join(", ");
}

export function multiValue(details) {
  return boxes(details).filter((box) => box.checked).map((box) => box.value);
}

export function setMultiValue(details, value) {
  const chosen = new Set(String(value || "").split(",").filter(Boolean));
  for (const box of boxes(details)) box.checked = chosen.has(box.value);
  label(details);
}

// An open multi-select closes on a click elsewhere or on Escape, as a <select> would.
document.addEventListener("click", (click) => {
  for (const details of document.querySelectorAll("details.multi[open]")) {
    if (!details.contains(click.target)) details.open = false;
  }
});
document.addEventListener("keydown", (key) => {
  if (key.key !== "Escape") return;
  for (const details of document.querySelectorAll("details.multi[open]")) {
    details.open = false;
    details.querySelector("summary").focus();
  }
});
