// Time axes. Where one starts: at the first event, unless the earliest 5% of events lie so far back
// that they would take more than half of the axis (background dated decades before the rest); those
// are then shown as one "earlier" bar instead. And which ticks fit.
export const BULK = 0.95;

// items: [{day: Date, count}] sorted by day; returns the first day the axis shows.
export function bulkStart(items) {
  const total = items.reduce((sum, item) => sum + item.count, 0);
  let seen = 0;
  let start = items[0].day;
  for (const item of items) {
    if (seen >= total * (1 - BULK)) { start = item.day; break; }
    seen += item.count;
  }
  const first = items[0].day;
  const last = items[items.length - 1].day;
  return (last - start) * 2 < last - first ? start : first;
}

// Tick dates of the time scale x whose labels fit between pixels `from` and `to` (labels are centred).
export function timeTicks(x, count, from, to, halfLabel = 22) {
  return x.ticks(count).filter((tick) => x(tick) >= from + halfLabel && x(tick) <= to - halfLabel);
}
