// The seed flow through a client another TypeScript team would write:
// openapi-fetch over the types openapi-typescript generates from
// spec/iamport.yaml, against the sandbox server. Get a token, issue and
// revoke a convenience-store barcode, charge a card once, see a declined
// card, look the payment up, cancel part of it. What the client itself has
// to add is marked: the token, the envelope (`code != 0` is a failure even
// at HTTP 200) and the declined charge (`status: failed` at `code == 0`).
//
//     node build/harness/flow.js http://127.0.0.1:PORT
import createClient from "openapi-fetch";
import type { components, paths } from "../iamport";

type Payment = components["schemas"]["Payment"];
type Envelope<T> = { code: number; message?: string | null; response?: T | null };

const CARD_APPROVED = "4242-4242-4242-4242";
const CARD_DECLINED = "4000-0000-0000-0002";

/** The envelope rule every caller needs: `code != 0` is a failure. */
function unwrap<T>(step: string, envelope: Envelope<T> | undefined, error: unknown): T {
  if (!envelope) throw new Error(`${step}: HTTP error ${JSON.stringify(error)}`);
  if (envelope.code !== 0 || envelope.response == null) {
    throw new Error(`${step}: refused, code ${envelope.code}: ${envelope.message ?? ""}`);
  }
  return envelope.response;
}

function expect(step: string, ok: boolean, what: unknown): void {
  if (!ok) throw new Error(`${step}: unexpected ${JSON.stringify(what)}`);
}

async function main(baseUrl: string): Promise<void> {
  const run = `ts-${process.pid}`;
  const anonymous = createClient<paths>({ baseUrl });
  const token = await anonymous.POST("/users/getToken", {
    body: { imp_key: "sandbox_imp_key", imp_secret: "sandbox_imp_secret" },
  });
  const grant = unwrap("getToken", token.data, token.error);
  // The token goes on every other call.
  const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${grant.access_token}` } });
  const done: string[] = [`token (${grant.expired_at - grant.now} s left)`];

  const issued = await client.POST("/cvs", {
    body: { merchant_uid: `${run}-cvs`, amount: 15000, channel_key: "channel-key-cvs", name: "도시락" },
  });
  const barcode: Payment = unwrap("issueCvsPayment", issued.data, issued.error);
  expect("issueCvsPayment", barcode.status === "ready", barcode.status);
  const revoked = await client.DELETE("/cvs/{imp_uid}", { params: { path: { imp_uid: barcode.imp_uid } } });
  const voided = unwrap("revokeCvsPayment", revoked.data, revoked.error);
  expect("revokeCvsPayment", voided.status === "cancelled", voided.status);
  done.push(`barcode issued (${barcode.status}) and revoked (${voided.status})`);

  const charge = (merchant_uid: string, card_number: string) =>
    client.POST("/subscribe/payments/onetime", {
      body: { merchant_uid, amount: 8900, card_number, expiry: "2030-12", birth: "900101", pwd_2digit: "12", name: "월간 이용권" },
    });
  const paidCall = await charge(`${run}-paid`, CARD_APPROVED);
  const paid = unwrap("onetime", paidCall.data, paidCall.error);
  expect("onetime", paid.status === "paid", paid.status);
  done.push(`card charged (${paid.status}, ${paid.amount} ${paid.currency})`);

  const declinedCall = await charge(`${run}-declined`, CARD_DECLINED);
  const declined = unwrap("onetime declined", declinedCall.data, declinedCall.error);
  // A declined charge is a successful call whose payment failed.
  expect("onetime declined", declined.status === "failed" && !!declined.fail_reason, declined);
  done.push(`declined card seen (${declined.status}: ${declined.fail_reason})`);

  const found = await client.GET("/payments/{imp_uid}", { params: { path: { imp_uid: paid.imp_uid } } });
  const lookedUp = unwrap("getPaymentByImpUid", found.data, found.error);
  expect("getPaymentByImpUid", lookedUp.merchant_uid === paid.merchant_uid && lookedUp.status === "paid", lookedUp);
  done.push(`payment looked up (${lookedUp.status})`);

  const cancelled = await client.POST("/payments/cancel", {
    body: { imp_uid: paid.imp_uid, amount: 1000, checksum: lookedUp.amount - lookedUp.cancel_amount, reason: "부분 환불" },
  });
  const after = unwrap("cancelPayment", cancelled.data, cancelled.error);
  expect("cancelPayment", after.cancel_amount === 1000, after.cancel_amount);
  done.push(`${after.cancel_amount} of ${after.amount} cancelled`);

  console.log(`openapi-fetch flow: ${done.length} steps: ${done.join("; ")}`);
}

main(process.argv[2] ?? "").catch((error: unknown) => {
  console.error(`openapi-fetch flow failed: ${String(error)}`);
  process.exit(1);
});
