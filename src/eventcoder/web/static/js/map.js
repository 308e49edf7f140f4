// The world map (bundled Natural Earth TopoJSON) with one dot per located event.
import { QUAD_COLOURS, QUAD_LABELS, clear, showMessage } from "./api.js";

let world = null;

async function loadWorld() {
  if (!world) {
    const topology = await (await fetch("/static/vendor/countries-110m.json")).json();
    world = topojson.feature(topology, topology.objects.countries);
  }
  return world;
}

export async function drawMap(element, events, onSelect) {
  const countries = await loadWorld();
  clear(element);
  const width = element.clientWidth || 600;
  const height = Math.round(width * 0.52);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const svg = d3.select(element).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img")
    .attr("aria-label", "World map of located events");
  svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  svg.append("g").attr("class", "countries").selectAll("path").data(countries.features).join("path")
    .attr("class", "country").attr("d", path)
    .append("title").text((feature) => feature.properties.name);
  const located = events.filter((event) => event.location && event.location.lat !== null);
  svg.append("g").attr("class", "event-dots").selectAll("circle").data(located).join("circle")
    .attr("class", "event-dot")
    .attr("data-event-id", (event) => event.id)
    .attr("cx", (event) => projection([event.location.lon, event.location.lat])[0])
    .attr("cy", (event) => projection([event.location.lon, event.location.lat])[1])
    .attr("r", 5)
    .attr("fill", (event) => QUAD_COLOURS[event.quad_class] || "#777")
    .on("click", (_, event) => onSelect(event))
    .append("title").text((event) => `${event.event_date || ""} ${event.event_type} — ${event.location.name}: ${event.sentence}`);
  if (!located.length) {
    svg.append("text").attr("class", "empty").attr("x", width / 2).attr("y", height / 2)
      .attr("text-anchor", "middle").text("No located events for these filters");
  }
}

export function drawLegend(element) {
  clear(element);
  for (const [quad, colour] of Object.entries(QUAD_COLOURS)) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colour;
    item.append(swatch, QUAD_LABELS[quad]);
    element.appendChild(item);
  }
}

export { showMessage };
