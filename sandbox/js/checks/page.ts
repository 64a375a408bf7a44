// A merchant's page script written against sandbox/js/iamport.d.ts, as a
// TypeScript shop would write it; `.ci/checkout-types` type-checks it with
// `tsc --strict`. Nothing runs it.
import type { CertificationResponse, RequestPayParams, RequestPayResponse } from "../iamport";

const IMP = window.IMP;
if (!IMP) {
  throw new Error("iamport.js did not load");
}
IMP.init("imp00000000");

const order: RequestPayParams = {
  pg: "html5_inicis",
  pay_method: "card",
  merchant_uid: `order-${Date.now()}`,
  name: "도시락",
  amount: 1000,
  buyer_name: "홍길동",
  buyer_tel: "010-1234-5678",
  m_redirect_url: "https://shop.example/orders/done",
  notice_url: ["https://shop.example/webhooks/iamport"],
  custom_data: { order: 7 },
  display: { card_quota: [2, 3] },
};

IMP.request_pay(order, (rsp: RequestPayResponse) => {
  // The docs' test of a failure; `success` does not mean paid.
  if (rsp.error_code != null) {
    console.error(rsp.error_msg ?? "payment failed");
    return;
  }
  const body = JSON.stringify({ imp_uid: rsp.imp_uid, merchant_uid: rsp.merchant_uid });
  void fetch("/orders/verify", { method: "POST", headers: { "content-type": "application/json" }, body });
  if (rsp.status === "ready" && rsp.vbank_num) {
    console.log(`deposit into ${rsp.vbank_name ?? ""} ${rsp.vbank_num} by ${new Date((rsp.vbank_date ?? 0) * 1000)}`);
  }
});

IMP.request_pay({ pg: "kakaopay", merchant_uid: "subscribe-1", customer_uid: "customer-1", amount: 0 });
IMP.request_pay({ pay_method: "vbank", merchant_uid: "book-1", amount: 25000, vbank_due: "20991231" });

IMP.certification({ merchant_uid: "cert-1", min_age: 19, carrier: "SKT" }, (rsp: CertificationResponse) => {
  if (rsp.success && rsp.imp_uid !== null) {
    void fetch(`/certifications/${encodeURIComponent(rsp.imp_uid)}`);
  }
});
IMP.agency("imp00000000", "SBX");
IMP.close();

// @ts-expect-error: the amount is a number, never a string
IMP.request_pay({ merchant_uid: "o", amount: "1000" });
// @ts-expect-error: a carrier the form does not take
IMP.certification({ carrier: "Vodafone" });
