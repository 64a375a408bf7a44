// The seed flow through a client another TypeScript team would write:
// openapi-fetch over the types openapi-typescript generates from
// spec/iamport.yaml, against the sandbox server. Get a token, issue and
// revoke a convenience-store barcode, charge a card once, see a declined
// card, look the payment up, cancel part of it. What the client itself has
// to add is marked: the token, the envelope (`unwrap`, envelope.ts: `code != 0`
// is a failure even at HTTP 200) and the declined charge (`status: failed`
// at `code == 0`). Test cards and keys: sandbox/README.md.
//
//     node build/harness/flow.js http://127.0.0.1:PORT
import createClient from "openapi-fetch";
import type { components, paths } from "../iamport";
import { unwrap } from "./envelope";

type Payment = components["schemas"]["Payment"];
// An open enum is `PaymentStatusKnown | string`, which TypeScript reads as
// `string`; its known values have a name of their own.
type PaymentStatusKnown = components["schemas"]["PaymentStatusKnown"];

const PAYMENT_STATUSES: readonly PaymentStatusKnown[] = ["ready", "paid", "cancelled", "failed"];

/** Narrows an open status to the known ones; a new status stays a string. */
function isKnownStatus(status: string): status is PaymentStatusKnown {
  return PAYMENT_STATUSES.some((known) => known === status);
}

/** Takes a known status only: `hasStatus(payment, "payed")` does not compile. */
function hasStatus(payment: Payment, status: PaymentStatusKnown): boolean {
  return payment.status === status;
}

function describe(status: Payment["status"]): string {
  if (!isKnownStatus(status)) return `a status this code does not know yet (${status})`;
  switch (status) {
    case "ready":
      return "waiting to be paid";
    case "paid":
      return "paid";
    case "cancelled":
      return "cancelled in full";
    case "failed":
      return "failed";
    default: {
      const unreachable: never = status; // a value added to PaymentStatusKnown fails here
      return unreachable;
    }
  }
}

const CARD_APPROVED = "4242-4242-4242-4242";
const CARD_DECLINED = "4000-0000-0000-0002";

function expect(step: string, ok: boolean, what: unknown): void {
  if (!ok) throw new Error(`${step}: unexpected ${JSON.stringify(what)}`);
}

async function main(baseUrl: string): Promise<void> {
  const run = `ts-${process.pid}`;
  const anonymous = createClient<paths>({ baseUrl });
  const grant = unwrap(
    await anonymous.POST("/users/getToken", { body: { imp_key: "sandbox_imp_key", imp_secret: "sandbox_imp_secret" } }),
  );
  // The token goes on every other call.
  const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${grant.access_token}` } });
  const done: string[] = [`token (${grant.expired_at - grant.now} s left)`];

  const barcode: Payment = unwrap(
    await client.POST("/cvs", {
      body: { merchant_uid: `${run}-cvs`, amount: 15000, channel_key: "channel-key-cvs", name: "도시락" },
    }),
  );
  expect("issueCvsPayment", hasStatus(barcode, "ready"), barcode.status);
  const voided = unwrap(await client.DELETE("/cvs/{imp_uid}", { params: { path: { imp_uid: barcode.imp_uid } } }));
  expect("revokeCvsPayment", hasStatus(voided, "cancelled"), voided.status);
  done.push(`barcode issued (${describe(barcode.status)}) and revoked (${describe(voided.status)})`);

  const charge = async (merchant_uid: string, card_number: string) =>
    unwrap(
      await client.POST("/subscribe/payments/onetime", {
        body: { merchant_uid, amount: 8900, card_number, expiry: "2030-12", birth: "900101", pwd_2digit: "12", name: "월간 이용권" },
      }),
    );
  const paid = await charge(`${run}-paid`, CARD_APPROVED);
  expect("onetime", hasStatus(paid, "paid"), paid.status);
  done.push(`card charged (${paid.status}, ${paid.amount} ${paid.currency})`);

  const declined = await charge(`${run}-declined`, CARD_DECLINED);
  // A declined charge is a successful call whose payment failed.
  expect("onetime declined", hasStatus(declined, "failed") && !!declined.fail_reason, declined);
  done.push(`declined card seen (${declined.status}: ${declined.fail_reason})`);

  const found = unwrap(await client.GET("/payments/{imp_uid}", { params: { path: { imp_uid: paid.imp_uid } } }));
  expect("getPaymentByImpUid", found.merchant_uid === paid.merchant_uid && hasStatus(found, "paid"), found);
  done.push(`payment looked up (${found.status})`);

  const after = unwrap(
    await client.POST("/payments/cancel", {
      body: { imp_uid: paid.imp_uid, amount: 1000, checksum: found.amount - found.cancel_amount, reason: "부분 환불" },
    }),
  );
  expect("cancelPayment", after.cancel_amount === 1000, after.cancel_amount);
  done.push(`${after.cancel_amount} of ${after.amount} cancelled`);

  // A KRW amount has no fractions: the API refuses one, and so does the sandbox.
  const fraction = await client.POST("/payments/cancel", { body: { imp_uid: paid.imp_uid, amount: 100.5 } });
  expect("cancelPayment 100.5 KRW", fraction.data !== undefined && fraction.data.code !== 0, fraction.data);
  done.push(`a fractional KRW cancel refused (code ${fraction.data?.code})`);

  console.log(`openapi-fetch flow: ${done.length} steps: ${done.join("; ")}`);
}

main(process.argv[2] ?? "").catch((error: unknown) => {
  console.error(`openapi-fetch flow failed: ${String(error)}`);
  process.exit(1);
});
