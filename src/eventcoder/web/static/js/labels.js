// Label placement without overlap: the most important point is labelled first, to its right, left, top
// or bottom, wherever the label covers no label already placed, no other point and stays in bounds;
// a point whose label fits nowhere goes without (its name stays in its tooltip).

const overlaps = (a, b, gap) => a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;

function coversCircle(box, circle) {
  const nearestX = Math.max(box.x, Math.min(circle.x, box.x + box.width));
  const nearestY = Math.max(box.y, Math.min(circle.y, box.y + box.height));
  return (circle.x - nearestX) ** 2 + (circle.y - nearestY) ** 2 < circle.r ** 2;
}

// items: [{x, y, r, width, height, priority}]; returns for each item its label box {x, y, width, height,
// anchor: "start" | "end" | "middle"} (text baseline at the box's bottom minus a quarter) or null.
export function placeLabels(items, bounds, { gap = 2, max = Infinity } = {}) {
  const placed = [];
  const result = items.map(() => null);
  const order = items.map((_, index) => index).sort((a, b) => items[b].priority - items[a].priority);
  for (const index of order) {
    if (placed.length >= max) break;
    const { x, y, r, width, height } = items[index];
    const candidates = [
      { x: x + r + 3, y: y - height / 2, anchor: "start" },
      { x: x - r - 3 - width, y: y - height / 2, anchor: "end" },
      { x: x - width / 2, y: y - r - 2 - height, anchor: "middle" },
      { x: x - width / 2, y: y + r + 2, anchor: "middle" },
    ].map((box) => ({ ...box, width, height }));
    const fits = (box) => box.x >= bounds.x0 && box.y >= bounds.y0 && box.x + width <= bounds.x1 && box.y + height <= bounds.y1
      && placed.every((other) => !overlaps(box, other, gap))
      && items.every((other, at) => at === index || !coversCircle(box, other));
    const chosen = candidates.find(fits);
    if (chosen) {
      placed.push(chosen);
      result[index] = chosen;
    }
  }
  return result;
}
