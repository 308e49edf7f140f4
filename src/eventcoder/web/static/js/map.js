// The world map: the bundled Natural Earth countries (no tiles), panned and zoomed with d3-zoom, and
// markers that gather the places of /api/map by zoom, sized by their count and coloured by their most
// frequent quad class. A click on a country or a marker filters by its country; a marker of several
// countries zooms in until they part, or lists them when they share a spot.
import { QUAD_COLOURS, QUAD_LABELS, clear, el, plural } from "./api.js";
import { alpha3 } from "./iso.js";
import { aggregate } from "./markers.js";

const MAX_ZOOM = 64;
const MAX_RADIUS = 19;
const SPACING = 2 * MAX_RADIUS + 3; // marker centres lie this far apart at least: no marker covers another
const TITLE_PLACES = 10;

let world = null;

async function loadWorld() {
  if (!world) {
    const topology = await (await fetch("/static/vendor/countries-110m.json")).json();
    world = topojson.feature(topology, topology.objects.countries);
  }
  return world;
}

export function unitWord(unit, count) {
  return unit === "clusters" ? plural(count, "real-world event") : plural(count, "report");
}

// A map bound to `element`, its zoom buttons in `tools` (off the map, so that they cover no marker);
// callbacks: onCountry(code or ""), onView({zoom, center}) after a pan or zoom.
export function createMap(element, tools, { onCountry, onView }) {
  const map = { places: [], unit: "reports", country: "", width: 0, transform: d3.zoomIdentity };
  let svg = null, projection = null, zoom = null, layers = null;
  const popover = el("div", { className: "map-popover", hidden: true, role: "dialog", "aria-label": "Places at this spot" });
  const controls = el("div", { className: "map-controls" },
    el("button", { type: "button", title: "Zoom in", "aria-label": "Zoom in", dataset: { zoom: "in" } }, "+"),
    el("button", { type: "button", title: "Zoom out", "aria-label": "Zoom out", dataset: { zoom: "out" } }, "−"),
    el("button", { type: "button", title: "Whole world", "aria-label": "Whole world", dataset: { zoom: "reset" } }, "⟲"));
  controls.addEventListener("click", (click) => {
    const button = click.target.closest("button");
    if (!button || !svg) return;
    const action = button.dataset.zoom;
    if (action === "reset") svg.transition().duration(300).call(zoom.transform, d3.zoomIdentity);
    else svg.transition().duration(300).call(zoom.scaleBy, action === "in" ? 2 : 0.5);
  });

  function weight(place) {
    return map.unit === "clusters" ? place.clusters : place.events;
  }

  async function build(view) {
    const countries = await loadWorld();
    clear(element);
    map.width = element.clientWidth || 600;
    const width = map.width;
    const height = Math.round(Math.min(width * 0.52, 560));
    projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [width - 4, height - 4]], { type: "Sphere" });
    const path = d3.geoPath(projection);
    svg = d3.select(element).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "group")
      .attr("aria-label", "World map of located events: drag to pan, scroll or use the buttons to zoom");
    layers = { world: svg.append("g").attr("class", "world"), markers: svg.append("g").attr("class", "markers"), height };
    layers.world.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    layers.world.append("g").attr("class", "countries").selectAll("path").data(countries.features).join("path")
      .attr("class", "country").attr("d", path)
      .attr("data-code", (feature) => alpha3(feature) || "")
      .on("click", (_, feature) => {
        const code = alpha3(feature);
        if (code) onCountry(code === map.country ? "" : code);
      })
      .append("title").text((feature) => `${feature.properties.name}${alpha3(feature) ? " (" + alpha3(feature) + ")" : ""}: click to filter`);
    zoom = d3.zoom().scaleExtent([1, MAX_ZOOM]).translateExtent([[0, 0], [width, height]])
      .on("zoom", (event) => {
        map.transform = event.transform;
        layers.world.attr("transform", event.transform);
        popover.hidden = true;
        drawMarkers();
      })
      .on("end", () => onView(currentView()));
    svg.call(zoom).on("dblclick.zoom", null);
    element.append(popover);
    tools.replaceChildren(controls);
    setView(view);
  }

  function currentView() {
    const t = map.transform;
    const [lon, lat] = projection.invert(t.invert([map.width / 2, layers.height / 2]));
    return { zoom: Math.round(t.k * 100) / 100, center: t.k === 1 ? "" : `${lon.toFixed(2)},${lat.toFixed(2)}` };
  }

  function setView({ zoom: k = 1, center = "" } = {}) {
    const [lon, lat] = String(center).split(",").map(Number);
    let transform = d3.zoomIdentity;
    if (k > 1 && Number.isFinite(lon) && Number.isFinite(lat)) {
      const [x, y] = projection([lon, lat]);
      transform = d3.zoomIdentity.translate(map.width / 2 - k * x, layers.height / 2 - k * y).scale(k);
    } else if (k > 1) {
      transform = d3.zoomIdentity.translate((map.width / 2) * (1 - k), (layers.height / 2) * (1 - k)).scale(k);
    }
    svg.call(zoom.transform, transform);
  }

  function drawMarkers() {
    if (!layers) return;
    const t = map.transform;
    const project = (lonlat) => t.apply(projection(lonlat));
    const inside = ([x, y]) => x > -MAX_RADIUS && x < map.width + MAX_RADIUS && y > -MAX_RADIUS && y < layers.height + MAX_RADIUS;
    const markers = aggregate(map.places, project, SPACING, weight).filter((marker) => inside([marker.x, marker.y]));
    const total = d3.sum(map.places, weight) || 1;
    const radius = d3.scaleSqrt().domain([0, total]).range([6, MAX_RADIUS]);
    const size = (marker) => Math.min(MAX_RADIUS, Math.max(radius(marker.weight), 4 + 3 * String(marker.weight).length));
    layers.world.selectAll("path.country").classed("selected", function () { return this.dataset.code === map.country && !!map.country; });
    layers.markers.selectAll("g.marker").data(markers, (marker) => marker.key).join((enter) => {
      const group = enter.append("g").attr("class", "marker").attr("tabindex", 0).attr("role", "button");
      group.append("circle");
      group.append("text").attr("dy", "0.35em").attr("text-anchor", "middle");
      group.append("title");
      group.on("click", (event, marker) => { event.stopPropagation(); choose(marker); })
        .on("keydown", (event, marker) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(marker); } });
      return group;
    })
      .attr("transform", (marker) => `translate(${marker.x},${marker.y})`)
      .attr("data-events", (marker) => marker.events)
      .attr("data-clusters", (marker) => marker.clusters)
      .attr("data-places", (marker) => marker.places.length)
      .attr("data-countries", (marker) => marker.countries.join(","))
      .attr("data-quad", (marker) => marker.quad_class)
      .attr("aria-label", (marker) => describe(marker).split("\n")[0])
      .call((group) => group.select("circle").attr("r", size).attr("fill", (marker) => QUAD_COLOURS[marker.quad_class] || "#777"))
      .call((group) => group.select("text").text((marker) => marker.weight)
        .attr("class", (marker) => (marker.quad_class === "verbal_cooperation" || marker.quad_class === "verbal_conflict" ? "dark" : "light")))
      .call((group) => group.select("title").text(describe));
    layers.markers.selectAll("text.empty").data(map.places.length ? [] : [0]).join("text").attr("class", "empty")
      .attr("x", map.width / 2).attr("y", layers.height / 2).attr("text-anchor", "middle")
      .text("No located events for these filters");
  }

  function describe(marker) {
    const head = marker.places.length === 1
      ? `${marker.places[0].name}${marker.countries.length ? " (" + marker.countries[0] + ")" : ""}`
      : `${marker.places.length} places in ${marker.countries.join(", ") || "no country"}`;
    const lines = marker.places.slice(0, TITLE_PLACES).map((place) => `${place.name} (${place.country || "?"}): ${unitWord(map.unit, weight(place))}`);
    if (marker.places.length > TITLE_PLACES) lines.push(`… and ${marker.places.length - TITLE_PLACES} more`);
    const quads = Object.entries(marker.by_quad).filter(([, count]) => count).map(([quad, count]) => `${QUAD_LABELS[quad]} ${count}`);
    const action = marker.countries.length === 1 ? `click to filter by ${marker.countries[0]}` : "click to zoom in";
    return [`${head}: ${unitWord(map.unit, marker.weight)}`, ...(marker.places.length > 1 ? lines : []), quads.join(", "), action].join("\n");
  }

  // One country: filter by it. Several: zoom until they part, or list them when they share a spot.
  function choose(marker) {
    if (marker.countries.length === 1) {
      onCountry(marker.countries[0]);
      return;
    }
    const points = marker.places.map((place) => projection([place.lon, place.lat]));
    const [x0, x1] = d3.extent(points, (point) => point[0]);
    const [y0, y1] = d3.extent(points, (point) => point[1]);
    const spread = Math.max(x1 - x0, y1 - y0);
    const k = spread > 0 ? Math.min(MAX_ZOOM, (SPACING * 2.5) / spread) : MAX_ZOOM;
    if (spread > 0 && k > map.transform.k * 1.05) {
      const transform = d3.zoomIdentity.translate(map.width / 2 - k * (x0 + x1) / 2, layers.height / 2 - k * (y0 + y1) / 2).scale(k);
      svg.transition().duration(400).call(zoom.transform, transform);
      return;
    }
    showPopover(marker);
  }

  function showPopover(marker) {
    const list = el("ul");
    for (const place of marker.places) {
      const button = el("button", { type: "button", disabled: !place.country, dataset: { country: place.country || "" } },
        `${place.name} (${place.country || "?"}) · ${unitWord(map.unit, weight(place))}`);
      button.addEventListener("click", () => { popover.hidden = true; onCountry(place.country); });
      list.appendChild(el("li", {}, button));
    }
    const close = el("button", { type: "button", className: "close", "aria-label": "Close" }, "×");
    close.addEventListener("click", () => { popover.hidden = true; });
    popover.replaceChildren(close, el("p", {}, "These places share a spot: filter by the country of"), list);
    const box = svg.node().getBoundingClientRect();
    const scale = box.width / map.width;
    // beside the marker, not over it
    const right = marker.x * scale + MAX_RADIUS + 4;
    popover.style.left = `${right + 220 <= box.width ? right : Math.max(0, marker.x * scale - MAX_RADIUS - 224)}px`;
    popover.style.top = `${box.top - element.getBoundingClientRect().top + Math.max(0, marker.y * scale - 20)}px`;
    popover.hidden = false;
  }

  return {
    // (Re)draw for new places; the SVG is rebuilt only on the first call or when the width changed.
    async draw(places, { unit, country, zoom: k, center }) {
      Object.assign(map, { places, unit, country });
      if (!svg || Math.abs((element.clientWidth || 600) - map.width) > 1) await build({ zoom: k, center });
      else drawMarkers();
    },
    setView(view) { if (svg) setView(view); },
    view: () => (svg ? currentView() : null),
    transform: () => map.transform,
  };
}

export function drawLegend(element, unit) {
  clear(element);
  for (const [quad, colour] of Object.entries(QUAD_COLOURS)) {
    element.appendChild(el("li", {}, el("span", { className: "swatch", style: `background:${colour}` }), QUAD_LABELS[quad]));
  }
  element.appendChild(el("li", { className: "legend-note" },
    `Number and size: ${unit === "clusters" ? "real-world events" : "reports"} at the place; colour: most frequent class.`));
}
