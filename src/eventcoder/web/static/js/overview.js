// The overview timeline: reports or real-world events per day, week or month over the whole selection
// (its own since/until left out), with a d3 brush whose range becomes the since/until filter of every
// other view. A few events long before the rest (background dated decades back) are gathered into one
// "earlier" bar at the left, so that they do not squeeze the bulk of the period into a sliver.
import { clear, showMessage } from "./api.js";
import { bulkStart, timeTicks } from "./timeaxis.js";

const DAY = 24 * 3600 * 1000;
const INTERVALS = { day: d3.utcDay, week: d3.utcMonday, month: d3.utcMonth };
const iso = d3.utcFormat("%Y-%m-%d");
const EARLIER_WIDTH = 26;

// since "2019", "2019-03" or "2019-03-04" -> its first day; until -> its last day (both Dates, UTC).
export function parseBound(value, end = false) {
  if (!value) return null;
  const [year, month, day] = value.split("-").map(Number);
  if (!end) return new Date(Date.UTC(year, (month || 1) - 1, day || 1));
  if (day) return new Date(Date.UTC(year, month - 1, day));
  if (month) return new Date(Date.UTC(year, month, 0));
  return new Date(Date.UTC(year, 11, 31));
}

export function chooseInterval(first, last) {
  const days = (last - first) / DAY;
  return days <= 120 ? "day" : days <= 3 * 366 ? "week" : "month";
}

// Days [{day: Date, count}] -> bins [{start, end (exclusive), count}] of the interval.
function bin(days, floor) {
  const bins = new Map();
  for (const { day, count } of days) {
    const start = floor(day);
    const found = bins.get(+start) || { start, end: floor.offset(start, 1), count: 0 };
    found.count += count;
    bins.set(+start, found);
  }
  return [...bins.values()].sort((a, b) => a.start - b.start);
}

// points: [{period, events, clusters}] of /api/series by day; key: "events" or "clusters".
// options: {interval, range: {since, until}, unitLabel, onRange({since, until})} ("" when cleared).
export function drawOverview(element, points, key, { interval = "auto", range = {}, unitLabel = "reports", onRange }) {
  clear(element);
  const days = points.filter((point) => /^\d{4}-\d{2}-\d{2}$/.test(point.period) && point[key])
    .map((point) => ({ day: parseBound(point.period), count: point[key] })).sort((a, b) => a.day - b.day);
  if (!days.length) {
    showMessage(element, "No dated event for these filters.");
    return null;
  }
  const start = bulkStart(days);
  const earlier = days.filter((day) => day.day < start);
  const shown = days.filter((day) => day.day >= start);
  const chosen = interval === "auto" ? chooseInterval(shown[0].day, shown[shown.length - 1].day) : interval;
  const floor = INTERVALS[chosen];
  const bins = bin(shown, floor);
  const width = element.clientWidth || 600;
  const height = 150;
  const margin = { top: 10, right: 14, bottom: 24, left: 38 };
  const left = margin.left + (earlier.length ? EARLIER_WIDTH + 6 : 0);
  const x = d3.scaleUtc().domain([floor(start), floor.offset(floor(shown[shown.length - 1].day), 1)]).range([left, width - margin.right]);
  const earlierCount = d3.sum(earlier, (day) => day.count);
  const y = d3.scaleLinear().domain([0, Math.max(earlierCount, d3.max(bins, (item) => item.count))]).nice().range([height - margin.bottom, margin.top]);
  const svg = d3.select(element).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
    .attr("role", "group").attr("aria-label", `${unitLabel} per ${chosen}; drag across to choose a period`)
    .attr("data-interval", chosen);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).tickValues(timeTicks(x, Math.max(2, Math.floor((width - left) / 100)), earlier.length ? left : left - 22, width)).tickSizeOuter(0));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(Math.min(4, y.domain()[1])).tickFormat(d3.format("d")));
  const title = (item) => `${iso(item.start)}${chosen === "day" ? "" : " to " + iso(new Date(item.end - DAY))}: ${item.count} ${unitLabel}`;
  svg.append("g").attr("class", "bins").selectAll("rect").data(bins).join("rect")
    .attr("class", "bin")
    .attr("data-start", (item) => iso(item.start))
    .attr("data-events", (item) => item.count)
    .attr("x", (item) => x(item.start) + 0.5)
    .attr("width", (item) => Math.max(1, x(item.end) - x(item.start) - 1))
    .attr("y", (item) => y(item.count))
    .attr("height", (item) => y(0) - y(item.count))
    .append("title").text(title);
  if (earlier.length) {
    const group = svg.append("g").attr("class", "earlier");
    group.append("rect").attr("class", "bin earlier-bin").attr("data-start", "").attr("data-events", earlierCount)
      .attr("x", margin.left + 2).attr("width", EARLIER_WIDTH - 2).attr("y", y(earlierCount)).attr("height", y(0) - y(earlierCount))
      .append("title").text(`${iso(earlier[0].day)} to ${iso(earlier[earlier.length - 1].day)}: ${earlierCount} ${unitLabel}, long before the rest`);
    group.append("text").attr("class", "axis-label earlier-label").attr("x", margin.left + 1 + EARLIER_WIDTH / 2)
      .attr("y", height - margin.bottom + 15).attr("text-anchor", "middle").text("earlier");
  }

  // Brushing snaps to whole bins: since = the first day of the first bin, until = the last day of the
  // last; a selection reaching into the "earlier" bar has no since.
  const brush = d3.brushX().extent([[margin.left, margin.top - 4], [width - margin.right, height - margin.bottom]])
    .on("end", (event) => {
      if (!event.sourceEvent) return; // moved by the code below
      if (!event.selection) {
        onRange({ since: "", until: "" });
        return;
      }
      const [x0, x1] = event.selection;
      const since = x0 < left - 2 ? null : floor(x.invert(x0));
      let end = x1 < left ? floor.offset(floor(start), 0) : floor.ceil(x.invert(x1));
      if (since && +end <= +since) end = floor.offset(since, 1);
      gBrush.call(brush.move, [since ? x(since) : margin.left, Math.max(x(end), since ? x(end) : margin.left + EARLIER_WIDTH)]);
      onRange({ since: since ? iso(since) : "", until: iso(new Date(end - DAY)) });
    });
  const gBrush = svg.append("g").attr("class", "brush").call(brush);
  const since = parseBound(range.since);
  const until = parseBound(range.until, true);
  if (since || until) {
    const from = since && since >= start ? Math.max(left, x(since)) : margin.left;
    const to = until ? (until < start ? margin.left + EARLIER_WIDTH : Math.min(x.range()[1], x(new Date(+until + DAY)))) : x.range()[1];
    if (to > from) gBrush.call(brush.move, [from, to]);
  }
  return { interval: chosen, bins, earlier: earlierCount };
}
