// Places (of /api/map) gathered into map markers at the current zoom: the place with most events seeds
// a marker and every place within `spacing` pixels of a seed joins it. Seeds lie at least `spacing`
// apart, so markers with a radius under spacing / 2 never cover one another.
import { QUADS } from "./api.js";

export function aggregate(places, project, spacing, weight) {
  const markers = [];
  const seeds = d3.quadtree().x((marker) => marker.x).y((marker) => marker.y);
  const ordered = [...places].sort((a, b) => weight(b) - weight(a) || a.name.localeCompare(b.name));
  for (const place of ordered) {
    const [x, y] = project([place.lon, place.lat]);
    const near = seeds.find(x, y, spacing);
    if (near) {
      near.places.push(place);
    } else {
      const marker = { x, y, places: [place] };
      markers.push(marker);
      seeds.add(marker);
    }
  }
  for (const marker of markers) summarise(marker, weight);
  return markers;
}

function summarise(marker, weight) {
  const byQuad = Object.fromEntries(QUADS.map((quad) => [quad, 0]));
  for (const place of marker.places) {
    for (const [quad, count] of Object.entries(place.by_quad || {})) byQuad[quad] = (byQuad[quad] || 0) + count;
    if (!place.by_quad && place.quad_class) byQuad[place.quad_class] += place.events;
  }
  marker.by_quad = byQuad;
  marker.quad_class = QUADS.reduce((best, quad) => (byQuad[quad] > byQuad[best] ? quad : best), QUADS[0]);
  marker.events = d3.sum(marker.places, (place) => place.events);
  marker.clusters = d3.sum(marker.places, (place) => place.clusters);
  marker.weight = d3.sum(marker.places, weight);
  marker.countries = [...new Set(marker.places.map((place) => place.country).filter(Boolean))];
  marker.key = marker.places.map((place) => `${place.name}@${place.lat},${place.lon}`).sort().join("|");
}
