// The actor network: a force layout, computed in full before drawing so that it does not move.
import { actorLabel, clear, showMessage } from "./api.js";

const LAYOUT_TICKS = 300;

export function drawNetwork(element, network) {
  clear(element);
  if (!network.nodes.length) {
    showMessage(element, "No actor acts on another for these filters.");
    return;
  }
  const width = element.clientWidth || 600;
  const height = 360;
  const nodes = network.nodes.map((node) => ({ ...node }));
  const links = network.links.map((link) => ({ ...link }));
  const radius = d3.scaleSqrt().domain([1, d3.max(nodes, (node) => node.events) || 1]).range([4, 16]);
  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((node) => node.id).distance(50))
    .force("charge", d3.forceManyBody().strength(-90))
    // pull every component towards the middle: unlinked pairs would otherwise drift to the edges
    .force("x", d3.forceX(width / 2).strength(0.07))
    .force("y", d3.forceY(height / 2).strength(0.1))
    .force("collide", d3.forceCollide((node) => radius(node.events) + 2))
    .stop();
  for (let tick = 0; tick < LAYOUT_TICKS; tick += 1) simulation.tick();
  for (const node of nodes) {
    node.x = Math.max(20, Math.min(width - 20, node.x));
    node.y = Math.max(20, Math.min(height - 20, node.y));
  }

  const svg = d3.select(element).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img")
    .attr("aria-label", "Network of actors");
  svg.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 -4 8 8").attr("refX", 14)
    .attr("markerWidth", 6).attr("markerHeight", 6).attr("orient", "auto")
    .append("path").attr("d", "M0,-4L8,0L0,4").attr("class", "arrow-head");
  svg.append("g").attr("class", "links").selectAll("line").data(links).join("line")
    .attr("class", (link) => `link ${link.conflict_events * 2 > link.events ? "conflict" : "cooperation"}`)
    .attr("stroke-width", (link) => Math.min(8, 1 + link.events))
    .attr("marker-end", "url(#arrow)")
    .attr("x1", (link) => link.source.x).attr("y1", (link) => link.source.y)
    .attr("x2", (link) => link.target.x).attr("y2", (link) => link.target.y)
    .append("title").text((link) => `${link.source.name} → ${link.target.name}: ${link.events} events, intensity ${link.intensity}`);
  const node = svg.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
    .attr("class", "node").attr("transform", (item) => `translate(${item.x},${item.y})`);
  node.append("circle").attr("r", (item) => radius(item.events)).attr("class", (item) => `kind-${item.kind}`);
  node.append("text").attr("x", (item) => radius(item.events) + 3).attr("y", 4).text((item) => item.name);
  node.append("title").text((item) => `${actorLabel(item)}: ${item.events} events`);
}
