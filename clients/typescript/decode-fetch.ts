// Decodes every body of bodies.json with the models of openapi-generator's
// `typescript-fetch` client (`<Schema>FromJSON`, which renames fields to
// camelCase), then gives each back with `<Schema>ToJSON`. A body passes when
// decoding does not throw, what comes back is what the body said, and every
// field of a `response` the spec declares survives.
//
//     node build/harness/decode-fetch.js bodies.json
import * as models from "../fetch-client/models";
import { contained, kept, readBodies, report } from "./compare";
import { unwrapEnvelope } from "./envelope";

type Codec = (json: unknown) => unknown;
const codecs = models as unknown as Record<string, Codec>;

const bodies = readBodies(process.argv[2] ?? "bodies.json");
const failures: string[] = [];
for (const entry of bodies) {
  const where = `${entry.schema} [${entry.label}]`;
  const fromJson = codecs[`${entry.schema}FromJSON`];
  const toJson = codecs[`${entry.schema}ToJSON`];
  if (!fromJson || !toJson) {
    failures.push(`${where}: no ${entry.schema}FromJSON/ToJSON in the client`);
    continue;
  }
  let given: unknown;
  try {
    given = JSON.parse(JSON.stringify(toJson(fromJson(entry.body))));
  } catch (error) {
    failures.push(`${where}: does not decode: ${String(error).slice(0, 300)}`);
    continue;
  }
  const problems = [...contained(given, entry.body, "body"), ...kept(entry, given)];
  failures.push(...problems.map((p) => `${where}: ${p}`));
}
// envelope.ts's unwrapEnvelope takes this client's envelopes as they are typed.
const paid = bodies.find((e) => e.schema === "PaymentEnvelope" && e.label === "onetime 200 paid");
if (!paid) failures.push("unwrapEnvelope: no body `onetime 200 paid`");
else if (unwrapEnvelope(models.PaymentEnvelopeFromJSON(paid.body)).status !== "paid") failures.push("unwrapEnvelope: not the paid payment");
report("openapi-generator typescript-fetch", bodies, failures);

