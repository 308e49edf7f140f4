// The actor network: a force layout, computed in full before drawing so that it does not move. Labels
// are placed without overlap, biggest actors first; the others show their name on hover and focus. A
// click opens the actor's page (a state's: its country page).
import { actorLabel, clear, showMessage } from "./api.js";
import { placeLabels } from "./labels.js";

const LAYOUT_TICKS = 300;
const LABEL_FONT = 11;

export function drawNetwork(element, network, onActor) {
  clear(element);
  if (!network.nodes.length) {
    showMessage(element, "No actor acts on another for these filters.");
    return;
  }
  const width = element.clientWidth || 600;
  const height = width < 520 ? Math.round(width * 1.15) : Math.max(320, Math.min(440, Math.round(width * 0.62)));
  const nodes = network.nodes.map((node) => ({ ...node }));
  const links = network.links.map((link) => ({ ...link }));
  const radius = d3.scaleSqrt().domain([1, d3.max(nodes, (node) => node.events) || 1]).range([4, 15]);
  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((node) => node.id).distance(46))
    .force("charge", d3.forceManyBody().strength(-110))
    // pull every component towards the middle: unlinked pairs would otherwise drift to the edges
    .force("x", d3.forceX(width / 2).strength(0.07 * Math.min(1.6, 600 / width)))
    .force("y", d3.forceY(height / 2).strength(0.1))
    .force("collide", d3.forceCollide((node) => radius(node.events) + 6))
    .stop();
  for (let tick = 0; tick < LAYOUT_TICKS; tick += 1) simulation.tick();
  for (const node of nodes) {
    node.x = Math.max(18, Math.min(width - 18, node.x));
    node.y = Math.max(18, Math.min(height - 18, node.y));
  }

  const svg = d3.select(element).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "group")
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
    .attr("class", "node").attr("tabindex", 0).attr("role", "link")
    .attr("data-name", (item) => item.name)
    .attr("aria-label", (item) => `${actorLabel(item)}: ${item.events} events`)
    .attr("transform", (item) => `translate(${item.x},${item.y})`)
    .on("click", (_, item) => onActor(item))
    .on("keydown", (event, item) => { if (event.key === "Enter") onActor(item); });
  node.append("circle").attr("r", (item) => radius(item.events)).attr("class", (item) => `kind-${item.kind}`);
  node.append("title").text((item) => `${actorLabel(item)}: ${item.events} events — click for its page`);

  // Measure every name, then keep the labels that fit; the rest appear on hover (CSS) above all.
  const labels = node.append("text").attr("class", "label").style("font-size", `${LABEL_FONT}px`).text((item) => item.name);
  const items = nodes.map((item, index) => ({
    x: item.x, y: item.y, r: radius(item.events), priority: item.events + 1 / (index + 2),
    width: labels.nodes()[index].getComputedTextLength() || item.name.length * LABEL_FONT * 0.6, height: LABEL_FONT + 2,
  }));
  const boxes = placeLabels(items, { x0: 2, y0: 2, x1: width - 2, y1: height - 2 }, { gap: 2 });
  labels.each(function (item, index) {
    const box = boxes[index];
    const text = d3.select(this);
    if (box) {
      const anchorX = box.anchor === "start" ? box.x : box.anchor === "end" ? box.x + box.width : box.x + box.width / 2;
      text.attr("x", anchorX - item.x).attr("y", box.y + box.height * 0.78 - item.y).attr("text-anchor", box.anchor).classed("placed", true);
    } else {
      text.attr("x", 0).attr("y", -radius(item.events) - 4).attr("text-anchor", "middle").classed("hover-only", true);
    }
  });
  // a hovered node's hidden label must not hide under later nodes: raise the node while hovered (not
  // on focus: moving a focused element out of the DOM and back would take its focus away)
  node.on("mouseenter", function () { d3.select(this).raise(); });
}
