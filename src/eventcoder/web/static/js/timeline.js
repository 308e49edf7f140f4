// The conflict-cooperation timeline of one dyad: intensity per period, escalation alerts marked.
import { clear, showMessage } from "./api.js";

const DAY = 24 * 3600 * 1000;

export function drawTimeline(element, series) {
  clear(element);
  if (!series || !series.points.length) {
    showMessage(element, "No dyad (events with a source and a target country) for these filters.");
    return;
  }
  const width = element.clientWidth || 600;
  const height = 260;
  const margin = { top: 24, right: 16, bottom: 36, left: 44 };
  const parse = d3.utcParse("%Y-%m-%d");
  const points = series.points.map((point) => ({ ...point, day: parse(point.period) }));
  const alerts = series.alerts.map((alert) => ({ ...alert, day: parse(alert.as_of) }));
  const [first, last] = d3.extent(points, (point) => point.day);
  const barWidth = Math.max(3, Math.min(14, (width - margin.left - margin.right) / (points.length * 2)));
  const x = d3.scaleUtc()
    .domain([new Date(first.getTime() - 3 * DAY), new Date(last.getTime() + 3 * DAY)])
    .range([margin.left + barWidth / 2 + 2, width - margin.right - barWidth / 2]);
  const extreme = d3.max(points, (point) => Math.abs(point.intensity)) || 1;
  const y = d3.scaleLinear().domain([-extreme, extreme]).nice().range([height - margin.bottom, margin.top]);

  const svg = d3.select(element).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img")
    .attr("aria-label", `Intensity over time, ${series.source} to ${series.target}`);
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(Math.max(2, Math.min(6, Math.floor(width / 90)))));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5));
  svg.append("line").attr("class", "zero").attr("x1", margin.left).attr("x2", width - margin.right)
    .attr("y1", y(0)).attr("y2", y(0));
  svg.append("g").attr("class", "bars").selectAll("rect").data(points).join("rect")
    .attr("class", (point) => `bar ${point.intensity < 0 ? "conflict" : "cooperation"}`)
    .attr("x", (point) => x(point.day) - barWidth / 2)
    .attr("width", barWidth)
    .attr("y", (point) => Math.min(y(0), y(point.intensity)))
    .attr("height", (point) => Math.max(1, Math.abs(y(point.intensity) - y(0))))
    .append("title")
    .text((point) => `${point.period}: ${point.events} events, intensity ${point.intensity}\n` +
      `verbal coop ${point.verbal_cooperation}, material coop ${point.material_cooperation}, ` +
      `verbal conflict ${point.verbal_conflict}, material conflict ${point.material_conflict}`);
  svg.append("g").attr("class", "alerts").selectAll("path").data(alerts).join("path")
    .attr("class", "alert-mark")
    .attr("d", d3.symbol(d3.symbolTriangle, 60))
    .attr("transform", (alert) => `translate(${x(alert.day)},${margin.top - 10})`)
    .append("title")
    .text((alert) => `Escalation alert ${alert.as_of}: mean daily intensity ${alert.recent_mean} vs ${alert.baseline_mean} before`);
  svg.append("text").attr("class", "axis-label").attr("x", margin.left).attr("y", 12)
    .text(`${series.source} → ${series.target}: ${series.events} events, ${series.alerts.length} alerts`);
}
