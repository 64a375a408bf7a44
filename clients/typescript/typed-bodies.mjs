// Writes harness/typed-bodies.ts: every body of bodies.json assigned to the
// type openapi-typescript generates for its schema. `tsc` then checks that
// each body, as JSON.parse would hand it over, fits its type (a closed enum
// refuses an unknown status, a field that is not nullable refuses `null`).
// Each body goes through a variable first, as decoded JSON would, so that
// fields the spec does not name are not "excess properties".
//
//     node clients/typescript/typed-bodies.mjs bodies.json OUT.ts
import { readFileSync, writeFileSync } from "node:fs";

const [bodiesPath, out] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(bodiesPath, "utf8"));
const lines = [
  "// Written by clients/typescript/typed-bodies.mjs from bodies.json; do not edit.",
  'import type { components } from "../iamport";',
  'type Schemas = components["schemas"];',
  "",
];
bodies.forEach((entry, i) => {
  lines.push(`// ${entry.schema}: ${entry.label.replaceAll("\n", " ")}`);
  lines.push(`const raw${i} = ${JSON.stringify(entry.body)};`);
  lines.push(`export const body${i}: Schemas[${JSON.stringify(entry.schema)}] = raw${i};`);
});
lines.push(`export const count = ${bodies.length};`);
writeFileSync(out, lines.join("\n") + "\n");
