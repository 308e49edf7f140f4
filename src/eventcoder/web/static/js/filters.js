// The filter form: dates, country by name (autocomplete from /api/countries), actor, event types and
// modalities as multi-selects, words. It reads into and fills from the state's filter keys.
import { EVENT_TYPES, MODALITIES, el, getJSON } from "./api.js";
import { makeMultiSelect, multiValue, setMultiValue } from "./multiselect.js";

const countries = { byCode: new Map(), byName: new Map() };
const $ = (form, selector) => form.querySelector(selector);

export function setUpFilters(form) {
  makeMultiSelect($(form, "details[data-name=type]"), EVENT_TYPES);
  makeMultiSelect($(form, "details[data-name=modality]"), MODALITIES, { none: "default" });
  const country = $(form, "input[name=country]");
  country.addEventListener("input", () => country.setCustomValidity(""));
}

// The countries the database knows, for the autocomplete list; returns them.
export async function loadCountries(form) {
  const list = await getJSON("/api/countries");
  countries.byCode.clear();
  countries.byName.clear();
  const options = [];
  for (const country of list) {
    countries.byCode.set(country.code, country);
    countries.byName.set(country.name.toLowerCase(), country);
    options.push(el("option", { value: country.name, label: `${country.code} · ${country.events} events` }));
  }
  $(form, "#country-list").replaceChildren(...options);
  const input = $(form, "input[name=country]");
  if (/^[A-Z]{3}$/.test(input.value) && countries.byCode.has(input.value)) input.value = countries.byCode.get(input.value).name;
  return list;
}

// Whether a code is a country's (ISO3) rather than an organisation's (EU, NATO, AMNESTY).
export function isCountry(code) {
  return countries.byCode.size ? countries.byCode.has(code) : /^[A-Z]{3}$/.test(code);
}

export function countryName(code) {
  const country = countries.byCode.get(code);
  return country ? country.name : code;
}

// "Iran", "iran", "IRN", "Iran (IRN)" -> "IRN"; "" for empty; null when unknown.
export function countryCode(text) {
  const value = text.trim();
  if (!value) return "";
  const named = countries.byName.get(value.toLowerCase());
  if (named) return named.code;
  const coded = value.match(/^[A-Za-z]{3}$/) || value.match(/\(([A-Za-z]{3})\)$/);
  if (coded) return coded[coded.length - 1].toUpperCase();
  const starting = [...countries.byName.values()].filter((country) => country.name.toLowerCase().startsWith(value.toLowerCase()));
  return starting.length === 1 ? starting[0].code : null;
}

// The filters in the form, or null (with the form's message shown) when one is not valid.
export function readFilters(form) {
  const country = $(form, "input[name=country]");
  const code = countryCode(country.value);
  if (code === null) {
    country.setCustomValidity("No such country in the database: choose one from the list, or type its ISO3 code.");
    country.reportValidity();
    return null;
  }
  if (!form.checkValidity()) {
    form.reportValidity();
    return null;
  }
  const modalities = multiValue($(form, "details[data-name=modality]"));
  const text = (name) => $(form, `input[name=${name}]`).value.trim();
  return {
    since: text("since"), until: text("until"), country: code, actor: text("actor"), q: text("q"),
    type: multiValue($(form, "details[data-name=type]")).join(","),
    modality: modalities.length === MODALITIES.length ? "all" : modalities.join(","),
  };
}

export function fillFilters(form, state) {
  for (const name of ["since", "until", "actor", "q"]) $(form, `input[name=${name}]`).value = state[name] || "";
  const country = $(form, "input[name=country]");
  country.value = state.country ? countryName(state.country) : "";
  country.setCustomValidity("");
  setMultiValue($(form, "details[data-name=type]"), state.type);
  setMultiValue($(form, "details[data-name=modality]"), state.modality === "all" ? MODALITIES.join(",") : state.modality);
}
