// Code another team would write against the types openapi-typescript
// generates from spec/iamport.yaml, for two operations: a one-time card
// charge and a payment lookup. `.ci/other-languages` type-checks it with
// `tsc --strict`; it is never run. Each `@ts-expect-error` line must fail to
// compile, so the types are shown to refuse what the spec refuses.
import type { components, paths } from "@iamport/spec";

type Payment = components["schemas"]["Payment"];
type JsonBody<R> = R extends { content: { "application/json": infer B } } ? B : never;

// ---- onetime: POST /subscribe/payments/onetime

type Onetime = paths["/subscribe/payments/onetime"]["post"];
type OnetimeBody = Onetime["requestBody"]["content"]["application/json"];
type OnetimeAnswer = JsonBody<Onetime["responses"][200]>;

export const charge: OnetimeBody = {
  merchant_uid: "order-20261122-0001",
  amount: 8900,
  card_number: "1234-5678-9012-3456",
  expiry: "2030-12",
  birth: "900101",
  pwd_2digit: "12",
  name: "월간 이용권",
  product_type: "digital",
  card_quota: 0,
  bypass: { nice: { MallReserved: "order-20261122-0001" } },
};

// @ts-expect-error card_number is required
export const withoutCard: OnetimeBody = { merchant_uid: "order-1", amount: 1000, expiry: "2030-12" };
// @ts-expect-error amount is a number
export const textAmount: OnetimeBody = { ...charge, amount: "8900" };
// @ts-expect-error request bodies are closed: a misspelt field does not compile
export const misspelt: OnetimeBody = { ...charge, cardNumber: "1234-5678-9012-3456" };

/** What a caller makes of the envelope: `code != 0` is a failure even at HTTP 200. */
export function describeCharge(answer: OnetimeAnswer): string {
  if (answer.code !== 0 || answer.response == null) {
    return `refused (code ${answer.code}): ${answer.message ?? "no message"}`;
  }
  const payment: Payment = answer.response;
  // Timestamps are unix seconds; 0 (or null) means "has not happened".
  const paidAt: number | null | undefined = payment.paid_at;
  switch (payment.status) {
    case "paid":
      return `paid ${payment.amount} ${payment.currency} at ${paidAt ?? 0}`;
    case "failed":
      return `declined: ${payment.fail_reason ?? "no reason given"}`;
    case "ready":
    case "cancelled":
      return payment.status;
    default:
      // Enums are open: the type admits any string, and a status the spec
      // does not list yet lands here.
      return `status ${String(payment.status)}`;
  }
}

/** A status, currency or channel the API adds later still fits the types. */
export const laterValues: Pick<Payment, "status" | "currency" | "channel" | "card_type"> = {
  status: "partial_refunded",
  currency: "SGD",
  channel: null,
  card_type: 7,
};

// ---- getPaymentByImpUid: GET /payments/{imp_uid}

type Lookup = paths["/payments/{imp_uid}"]["get"];
type LookupParameters = Lookup["parameters"];

export const lookup: LookupParameters = { path: { imp_uid: "imp_123412341234" }, query: { include_sandbox: true } };
// @ts-expect-error imp_uid is required
export const withoutId: LookupParameters = { path: {} };
// @ts-expect-error include_sandbox is a boolean
export const textFlag: LookupParameters = { path: { imp_uid: "imp_1" }, query: { include_sandbox: "yes" } };

export const notFound: JsonBody<Lookup["responses"][404]> = {
  code: -1,
  message: "존재하지 않는 결제정보입니다.",
  response: null,
};

export function lookupUrl(parameters: LookupParameters): string {
  const sandbox = parameters.query?.include_sandbox;
  const query = sandbox === undefined ? "" : `?include_sandbox=${sandbox}`;
  return `/payments/${encodeURIComponent(parameters.path.imp_uid)}${query}`;
}

// ---- open enums: `Payment["status"]` is `string`; the known values have a name

type PaymentStatusKnown = components["schemas"]["PaymentStatusKnown"];
export const settled: readonly PaymentStatusKnown[] = ["paid", "cancelled"];
// @ts-expect-error a misspelt status is not a known one
export const misspelt: PaymentStatusKnown = "payed";
export const anyStatus: Payment["status"] = "a status added later";
type CardTypeKnown = components["schemas"]["CardTypeKnown"];
// @ts-expect-error card types are the integers 0 and 1
export const cardType: CardTypeKnown = 2;
