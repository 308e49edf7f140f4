// Events over time as bars stacked by quad class (a country's or an actor's series of /api/series).
// Periods long before the rest are stacked into one "earlier" bar at the left (see bulk.js).
import { QUADS, QUAD_COLOURS, QUAD_LABELS, clear, showMessage } from "./api.js";
import { bulkStart, timeTicks } from "./timeaxis.js";

const INTERVALS = { day: d3.utcDay, week: d3.utcMonday, month: d3.utcMonth };
const MIN_PERIODS = 12; // the axis is at least this many periods wide: one period is a bar, not the chart
const EARLIER_WIDTH = 26;

export function drawSeries(element, series, { unitLabel = "reports" } = {}) {
  clear(element);
  const points = (series && series.points) || [];
  if (!points.length) {
    showMessage(element, "No dated event for these filters.");
    return;
  }
  const interval = INTERVALS[series.interval] || d3.utcDay;
  const parse = d3.utcParse("%Y-%m-%d");
  const rows = points.map((point) => ({ ...point, start: interval.floor(parse(point.period.slice(0, 10))) }))
    .sort((a, b) => a.start - b.start);
  const start = bulkStart(rows.map((row) => ({ day: row.start, count: row.events })));
  const earlierRows = rows.filter((row) => row.start < start);
  const shown = rows.filter((row) => row.start >= start);
  const earlier = earlierRows.length
    ? { period: `${earlierRows[0].period} to ${earlierRows[earlierRows.length - 1].period}`, earlier: true,
      events: d3.sum(earlierRows, (row) => row.events), clusters: d3.sum(earlierRows, (row) => row.clusters),
      intensity: d3.sum(earlierRows, (row) => row.intensity), ...Object.fromEntries(QUADS.map((quad) => [quad, d3.sum(earlierRows, (row) => row[quad] || 0)])) }
    : null;

  const width = element.clientWidth || 600;
  const height = 200;
  const margin = { top: 12, right: 12, bottom: 24, left: 36 };
  const left = margin.left + (earlier ? EARLIER_WIDTH + 6 : 0);
  const last = shown[shown.length - 1].start;
  const first = d3.min([shown[0].start, interval.offset(last, 1 - MIN_PERIODS)]);
  const x = d3.scaleUtc().domain([first, interval.offset(last, 1)]).range([left, width - margin.right]);
  const total = (row) => d3.sum(QUADS, (quad) => row[quad] || 0);
  const top = d3.max([...shown, ...(earlier ? [earlier] : [])], total) || 1;
  const y = d3.scaleLinear().domain([0, top]).nice().range([height - margin.bottom, margin.top]);
  const svg = d3.select(element).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img")
    .attr("aria-label", `${unitLabel} per ${series.interval}, by quad class`);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).tickValues(timeTicks(x, Math.max(2, Math.floor((width - left) / 100)), earlier ? left : left - 22, width)).tickSizeOuter(0));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(Math.min(4, y.domain()[1])).tickFormat(d3.format("d")));
  const bars = [...shown.map((row) => ({ row, x: x(row.start) + 0.5, width: Math.max(1, x(interval.offset(row.start, 1)) - x(row.start) - 1) })),
    ...(earlier ? [{ row: earlier, x: margin.left + 2, width: EARLIER_WIDTH - 2 }] : [])];
  const parts = bars.flatMap((bar) => {
    let base = 0;
    return QUADS.map((quad) => {
      const part = { ...bar, quad, from: base, to: base + (bar.row[quad] || 0) };
      base = part.to;
      return part;
    }).filter((part) => part.to > part.from);
  });
  svg.append("g").attr("class", "series-bars").selectAll("rect").data(parts).join("rect")
    .attr("class", (part) => `series-bar${part.row.earlier ? " earlier-bin" : ""}`)
    .attr("data-period", (part) => part.row.period)
    .attr("data-quad", (part) => part.quad)
    .attr("data-count", (part) => part.to - part.from)
    .attr("fill", (part) => QUAD_COLOURS[part.quad])
    .attr("x", (part) => part.x).attr("width", (part) => part.width)
    .attr("y", (part) => y(part.to)).attr("height", (part) => Math.max(0, y(part.from) - y(part.to)))
    .append("title").text((part) => `${part.row.period}${part.row.earlier ? " (long before the rest)" : ""}: ` +
      `${part.row[part.quad]} ${QUAD_LABELS[part.quad]}; ${part.row.events} ${unitLabel}, ` +
      `${part.row.clusters ?? "?"} real-world events, intensity ${part.row.intensity}`);
  if (earlier) {
    svg.append("text").attr("class", "axis-label earlier-label").attr("x", margin.left + 1 + EARLIER_WIDTH / 2)
      .attr("y", height - margin.bottom + 15).attr("text-anchor", "middle").text("earlier");
  }
}
