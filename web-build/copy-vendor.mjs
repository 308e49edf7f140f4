// Copy the npm-built files the dashboard needs into the package, where they are committed:
// nothing is downloaded when eventcoder runs or is tested. Run after `npm ci`: `npm run vendor`.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "..", "src", "eventcoder", "web", "static", "vendor");

// [file in node_modules, name under static/vendor]
const FILES = [
  ["d3/dist/d3.min.js", "d3.min.js"],
  ["d3/LICENSE", "d3.LICENSE"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["topojson-client/LICENSE", "topojson-client.LICENSE"],
  ["world-atlas/countries-110m.json", "countries-110m.json"],
  ["world-atlas/LICENSE", "world-atlas.LICENSE"],
  ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-bundle.js"],
  ["swagger-ui-dist/swagger-ui.css", "swagger-ui.css"],
  ["swagger-ui-dist/favicon-32x32.png", "swagger-favicon-32x32.png"],
  ["swagger-ui-dist/LICENSE", "swagger-ui.LICENSE"],
  ["swagger-ui-dist/NOTICE", "swagger-ui.NOTICE"],
  ["swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt", "swagger-ui-bundle.js.LICENSE.txt"],
];

mkdirSync(vendor, { recursive: true });
for (const [source, target] of FILES) {
  copyFileSync(join(here, "node_modules", source), join(vendor, target));
  console.log(`vendor/${target}`);
}
