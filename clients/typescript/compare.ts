// What the decode checks share: the bodies of bodies.json (written by
// clients/bodies.py) and a comparison of what a decoder gave back with the
// body it was given.
import { readFileSync } from "node:fs";

export interface Body {
  schema: string;
  label: string;
  status: number;
  body: Record<string, unknown>;
  /** What `response` decodes into, and the fields its schema declares. */
  response: { kind: "model" | "list" | "any"; name?: string; fields?: string[] };
}

export function readBodies(path: string): Body[] {
  return JSON.parse(readFileSync(path, "utf8")) as Body[];
}

/**
 * What `given` (a decoded body, given back as JSON) says that `original`
 * does not: `null` and absent are alike, numbers compare by value.
 */
export function contained(given: unknown, original: unknown, where: string): string[] {
  if (given === null || given === undefined) return [];
  if (Array.isArray(given)) {
    if (!Array.isArray(original) || original.length !== given.length) {
      return [`${where}: ${JSON.stringify(original)} came back as ${JSON.stringify(given)}`];
    }
    return given.flatMap((item, i) => contained(item, original[i], `${where}[${i}]`));
  }
  if (typeof given === "object") {
    if (typeof original !== "object" || original === null || Array.isArray(original)) {
      return [`${where}: ${JSON.stringify(original)} came back as an object`];
    }
    const source = original as Record<string, unknown>;
    return Object.entries(given as Record<string, unknown>).flatMap(([key, value]) =>
      contained(value, source[key], `${where}.${key}`),
    );
  }
  return given === original ? [] : [`${where}: ${JSON.stringify(original)} came back as ${JSON.stringify(given)}`];
}

/**
 * Every field the response's schema declares that the body's `response`
 * carries (not null) must come back: a decoder that fell back to something
 * else, or dropped a value it did not know, fails here.
 */
export function kept(entry: Body, given: unknown): string[] {
  const fields = entry.response.fields ?? [];
  const original = entry.body["response"];
  const back = (given as { response?: unknown } | null)?.response;
  if (fields.length === 0 || original === null || original === undefined) return [];
  const pairs: [unknown, unknown, string][] = Array.isArray(original)
    ? original.map((item, i) => [item, Array.isArray(back) ? back[i] : undefined, `body.response[${i}]`])
    : [[original, back, "body.response"]];
  return pairs.flatMap(([source, item, where]) => {
    const from = source as Record<string, unknown>;
    const to = (item ?? {}) as Record<string, unknown>;
    return fields
      .filter((field) => from[field] !== null && from[field] !== undefined)
      .filter((field) => to[field] === null || to[field] === undefined)
      .map((field) => `${where}.${field} (${JSON.stringify(from[field])}) was lost`);
  });
}

/** Prints the count and the failures; exits non-zero when any. */
export function report(generator: string, bodies: Body[], failures: string[]): void {
  const failed = new Set(failures.map((f) => f.split("]:")[0]));
  const schemas = new Set(bodies.map((b) => b.schema)).size;
  console.log(`${generator}: decoded ${bodies.length - failed.size} of ${bodies.length} bodies (${schemas} response schemas)`);
  for (const failure of failures.slice(0, 40)) console.log(`  FAIL ${failure}`);
  if (failures.length > 0) process.exit(1);
}
