#!/usr/bin/env node
// Render CSL-JSON items through citeproc-js, the reference CSL processor, with the same vendored
// style and locale files that literature/citations uses through citeproc-py, and print JSON.
//
// Setup (once):   npm install --prefix scripts/citeproc-js
// Usage:          node scripts/citeproc_js_reference.mjs [--style ID]... [--format text|html] [--only ID,ID...] < items.json
//
// Input: a JSON array of CSL-JSON items (the output of `manage.py export_references`), read from stdin
// or from the file named by --items PATH; --only keeps the items with those ids, in that order.
// Without --style every vendored style is rendered.
// Output: {"processor": "...", "format": "text", "bibliographies": {"<style id>": [{"id": ..., "entry": ...}]}}
// with the entries in the bibliography order the style defines (numeric styles: the given order).

import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const citationsDir = join(here, "..", "literature", "citations");
const require = createRequire(join(here, "citeproc-js", "package.json"));
const CSL = require("citeproc");
const citeprocVersion = require("citeproc/package.json").version;

function parseArgs(argv) {
  const options = { styles: [], format: "text", items: null, only: null };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--style") options.styles.push(argv[++i]);
    else if (arg === "--format") options.format = argv[++i];
    else if (arg === "--items") options.items = argv[++i];
    else if (arg === "--only") options.only = argv[++i].split(",");
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!["text", "html"].includes(options.format)) throw new Error("--format must be text or html");
  if (!options.styles.length) {
    options.styles = readdirSync(join(citationsDir, "styles"))
      .filter((name) => name.endsWith(".csl"))
      .map((name) => name.slice(0, -4))
      .sort();
  }
  return options;
}

function retrieveLocale(lang) {
  try {
    return readFileSync(join(citationsDir, "locales", `locales-${lang}.xml`), "utf8");
  } catch {
    return false; // not vendored: citeproc-js falls back to en-US, as citeproc-py does
  }
}

function render(styleId, items, format) {
  const style = readFileSync(join(citationsDir, "styles", `${styleId}.csl`), "utf8");
  const byId = new Map(items.map((item) => [String(item.id), item]));
  const sys = { retrieveLocale, retrieveItem: (id) => byId.get(String(id)) };
  const engine = new CSL.Engine(sys, style);
  engine.setOutputFormat(format);
  engine.updateItems(items.map((item) => String(item.id)));
  const [params, entries] = engine.makeBibliography();
  return params.entry_ids.map((ids, index) => ({ id: ids[0], entry: entries[index].trim() }));
}

const options = parseArgs(process.argv.slice(2));
let items = JSON.parse(options.items ? readFileSync(options.items, "utf8") : readFileSync(0, "utf8"));
if (options.only) {
  const byId = new Map(items.map((item) => [String(item.id), item]));
  const missing = options.only.filter((id) => !byId.has(id));
  if (missing.length) throw new Error(`no items with ids ${missing.join(", ")}`);
  items = options.only.map((id) => byId.get(id));
}
const bibliographies = {};
for (const styleId of options.styles) bibliographies[styleId] = render(styleId, items, options.format);
const processor = `citeproc-js ${CSL.PROCESSOR_VERSION} (npm citeproc ${citeprocVersion})`;
const result = { processor, format: options.format, bibliographies };
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
