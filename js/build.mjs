// Bundles each widget entry (an anywidget ES module) into ../xai_widgets/static/<name>.js.
// Usage: node build.mjs [--watch] [--dev]   (--dev: not minified, with inline source maps)
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, "../xai_widgets/static");
const entries = ["token_highlight", "attention_explorer", "evaluation_report", "feature_importance", "image_heatmap", "concept_report",
  "example_gallery", "adversarial_view", "what_if"];
const dev = process.argv.includes("--dev");

const options = {
  entryPoints: Object.fromEntries(entries.map((name) => [name, path.join(here, "src", `${name}.js`)])),
  outdir,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["es2020"],
  minify: !dev,
  sourcemap: dev ? "inline" : false,
  legalComments: "none",
  logLevel: "info",
};

if (process.argv.includes("--watch")) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
