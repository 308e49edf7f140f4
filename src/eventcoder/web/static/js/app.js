// The app's core: the state (kept in the URL by state.js), navigation, in-app links, and loading each
// panel once per change of its inputs. main.js sets app.render, which every navigation calls.
import { showMessage } from "./api.js";
import { readURL, toSearch, writeURL } from "./state.js";

export const app = {
  state: readURL(),
  data: {}, // what the panels drew, to redraw them on resize
  loaded: {}, // panel -> the key of the inputs it was last loaded with
  render: () => {},
};
let pending = 0;

export const $ = (selector) => document.querySelector(selector);
export const without = (object, ...keys) => Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));

// A new state: recorded in the address bar (a history entry, or replacing the current one) and shown.
export function navigate(patch, { push = true } = {}) {
  app.state = { ...app.state, ...patch };
  writeURL(app.state, { push });
  app.render();
}

// Record a change the page shows already (a pan of the map, another event of the open article).
export function record(patch) {
  app.state = { ...app.state, ...patch };
  writeURL(app.state, { push: false });
}

// Go to the view of a query string (an in-app link), from the top of the page.
export function navigateTo(search) {
  app.state = readURL(search.startsWith("?") ? search : `?${search}`);
  window.history.pushState(null, "", `${window.location.pathname}${toSearch(app.state)}`);
  app.render();
  window.scrollTo(0, 0);
}

export function applyFilters(filters) {
  navigate({ ...filters, page: 1 });
}

export function openItem(item) {
  navigate({ event: item.id || "", article: item.id ? "" : item.article_id });
}

// Links to country and actor pages and back to the dashboard, keeping the rest of the state.
const pageOf = (patch) => toSearch({ ...app.state, event: "", article: "", code: "", name: "", ...patch }) || "?";
export const links = {
  country: (code) => pageOf({ view: "country", code }),
  actor: (actor) => (actor.kind === "state" && actor.country ? links.country(actor.country) : pageOf({ view: "actor", name: actor.name })),
  get dashboard() { return pageOf({ view: "dashboard" }); },
};

// body[data-loading] is "true" while any panel loads: the tests wait for "false".
export function busy(promise) {
  pending += 1;
  document.body.dataset.loading = "true";
  return promise.finally(() => {
    pending -= 1;
    if (!pending) document.body.dataset.loading = "false";
  });
}

// Load a panel when its inputs changed; load(current) draws only while current() (its inputs are still
// the latest when the answer comes). A failure shows its message in `element` and is retried next time.
export function once(name, inputs, element, load) {
  const key = JSON.stringify(inputs);
  if (app.loaded[name] === key) return;
  app.loaded[name] = key;
  busy((async () => {
    try {
      await load(() => app.loaded[name] === key);
    } catch (error) {
      if (app.loaded[name] === key) {
        app.loaded[name] = null;
        showMessage(element, error.message);
      }
    }
  })());
}

// Mark a panel as showing these inputs already.
export function shown(name, inputs) {
  app.loaded[name] = JSON.stringify(inputs);
}
