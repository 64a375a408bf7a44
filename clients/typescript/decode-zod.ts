// Decodes every body of bodies.json with the zod schemas openapi-zod-client
// generates from spec/iamport.yaml (`--export-schemas`). A body passes when
// `parse` accepts it and gives back every field it carried, unchanged.
//
//     node build/harness/decode-zod.js bodies.json
import { schemas } from "../zod-client";
import { contained, kept, readBodies, report } from "./compare";
import { unwrapEnvelope } from "./envelope";

const bodies = readBodies(process.argv[2] ?? "bodies.json");
const failures: string[] = [];
const byName = schemas as unknown as Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown; error?: unknown } }>;
for (const entry of bodies) {
  const schema = byName[entry.schema];
  const where = `${entry.schema} [${entry.label}]`;
  if (!schema) {
    failures.push(`${where}: no zod schema named ${entry.schema}`);
    continue;
  }
  const result = schema.safeParse(entry.body);
  if (!result.success) {
    failures.push(`${where}: does not decode: ${String(result.error).slice(0, 300)}`);
    continue;
  }
  const problems = [...contained(result.data, entry.body, "body"), ...kept(entry, result.data)];
  failures.push(...problems.map((p) => `${where}: ${p}`));
}
// envelope.ts's unwrapEnvelope takes this client's envelopes as they are typed.
const paid = bodies.find((e) => e.schema === "PaymentEnvelope" && e.label === "onetime 200 paid");
if (!paid) failures.push("unwrapEnvelope: no body `onetime 200 paid`");
else if (unwrapEnvelope(schemas.PaymentEnvelope.parse(paid.body)).status !== "paid") failures.push("unwrapEnvelope: not the paid payment");
report("openapi-zod-client", bodies, failures);
