//! Known objects a sandbox can start with (`SandboxBuilder::fixtures`,
//! `iamport-sandbox --fixtures`), under the ids the examples of
//! `spec/iamport.yaml` name, so that a tool that sends those examples
//! (schemathesis, `.ci/schemathesis`) reaches every operation's success
//! path and not only its "not found". Each is made as a client would make
//! it: through the sandbox's own API over HTTP and its simulations, with
//! the ids handed out in order from the store's named ids. The README's
//! "Fixtures" table lists them.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use serde_json::{Value, json};

use crate::{CARD_APPROVED, NaverClaim, Sandbox, core::kcpquick::Member};

/// The sub-merchant the spec's `tier_code` example names.
pub(crate) const TIER: (&str, &str) = ("XYZ", "예시 하위가맹점");

/// A paid card payment (`onetime`), escrow shipping registered.
pub(crate) const PAID: (&str, &str) = ("imp_123412341234", "order-20261122-0001");
/// A paid card payment of 10,000 KRW, for `cancelPayment`'s example (a
/// partial cancel of 1,000, ten times over).
pub(crate) const CANCELABLE: (&str, &str) = ("imp_123412341242", "order-20261122-0018");
/// A virtual account issued and waiting for its deposit (`ready`).
pub(crate) const VBANK: (&str, &str) = ("imp_123412341235", "order-20261122-0005");
/// A virtual account paid into, with a cash receipt issued.
pub(crate) const CASH: (&str, &str) = ("imp_123412341236", "order-20261122-0006");
/// A virtual account paid into, without a cash receipt.
pub(crate) const DEPOSITED: (&str, &str) = ("imp_123412341239", "order-20261122-0009");
/// A convenience-store barcode issued and not yet paid (`ready`).
pub(crate) const CVS: (&str, &str) = ("imp_123412341237", "order-20261122-0007");
/// A Naver Pay order, one product order in each state the naver operations move.
pub(crate) const NAVER: (&str, &str) = ("imp_123412341238", "order-20261122-0008");

/// A billing key of [`CARD_APPROVED`].
pub(crate) const CUSTOMER: &str = "customer-0001";
/// A KCP Quick Pay automatic-payment key (a billing key), for
/// `deleteAutoPayKey`'s example.
pub(crate) const AUTOPAY_KEY: &str = "autopay-0001";
/// The billing key the scheduled payments charge.
pub(crate) const SCHEDULE_CUSTOMER: &str = "customer-0002";
/// A scheduled payment waiting (in 30 days).
pub(crate) const SCHEDULED: &str = "order-20261122-0002";
/// A scheduled payment that ran and was declined: it may be retried or rescheduled.
pub(crate) const SCHEDULE_FAILED: &str = "order-20261122-0003";
/// Another like [`SCHEDULE_FAILED`], for `retryScheduleByMid`'s example
/// (`rescheduleByMid` takes every example of the shared parameter first).
pub(crate) const SCHEDULE_RETRY: &str = "order-20261122-0010";
/// A scheduled payment waiting, for `unschedule`'s example.
pub(crate) const SCHEDULE_TO_REVOKE: &str = "order-20261122-0004";

/// A verification done (`certified`).
pub(crate) const CERTIFIED: &str = "imp_975397539753";
/// A verification whose code was sent and not yet confirmed.
pub(crate) const OTP_SENT: &str = "imp_975397539754";

/// A KCP Quick Pay member besides [`crate::KCPQUICK_MEMBER`], for `member_delete`'s example.
pub(crate) const KCPQUICK_MEMBER_TO_DELETE: &str = "member-0001";

/// The Naver Pay product orders of [`NAVER`], by the operation whose
/// example names it; each is left in the state that operation moves.
pub(crate) const PRODUCT_ORDERS: [(&str, &str); 12] = [
    ("2026112212345678", "paid: naverPlaceProductOrder, getProductOrderSingle"),
    ("2026112212345679", "paid: naverShipProductOrder"),
    ("2026112212345680", "paid: naverCancelProductOrder"),
    ("2026112212345681", "cancel requested: naverApproveCancelProductOrder"),
    ("2026112212345682", "shipped: naverRequestReturnProductOrder"),
    ("2026112212345683", "return requested: naverApproveReturnProductOrder"),
    ("2026112212345684", "return requested: naverRejectReturnProductOrder"),
    ("2026112212345685", "return requested: naverWithholdReturnProductOrder"),
    ("2026112212345686", "return withheld: naverResolveReturnProductOrder"),
    ("2026112212345687", "exchange requested: naverCollectProductOrder"),
    ("2026112212345688", "exchange collected: naverShipExchangedProductOrder"),
    ("2026112212345689", "shipped"),
];

/// A second Naver Pay order, its one product order shipped: for
/// `naverConfirmPayment`'s example, which confirms every product order of
/// the payment it names (those of [`NAVER`] would leave
/// `naverRequestReturnProductOrder` nothing to return).
pub(crate) const NAVER_CONFIRM: (&str, &str, &str) = ("imp_123412341241", "order-20261122-0016", "2026112212345690");

/// How far ahead the fixtures' deadlines and schedules are.
const AHEAD: i64 = 30 * 86_400;

/// Creates the fixtures in `sandbox`, which must be new. Fails with the
/// step and the sandbox's answer when one is refused.
pub(crate) async fn seed(sandbox: &Sandbox) -> Result<(), String> {
    let api = Api::new(sandbox).await?;
    payments(sandbox, &api).await?;
    naver_order(sandbox, &api).await?;
    billing_keys_and_schedules(sandbox, &api).await?;
    verifications(sandbox, &api).await?;
    let now = sandbox.shared.clock.now();
    let member = Member::named(KCPQUICK_MEMBER_TO_DELETE, now);
    sandbox.shared.store().kcpquick_members.insert(KCPQUICK_MEMBER_TO_DELETE.to_owned(), member);
    Ok(())
}

/// The approved test card, as a charge or a billing key takes it.
fn card() -> Value {
    json!({ "card_number": CARD_APPROVED, "expiry": "2099-12", "birth": "900101", "pwd_2digit": "12" })
}

/// The card payments, virtual accounts and the barcode.
async fn payments(sandbox: &Sandbox, api: &Api<'_>) -> Result<(), String> {
    let now = sandbox.shared.clock.now();
    for (imp_uid, merchant_uid) in [PAID, CANCELABLE] {
        name_next(sandbox, imp_uid);
        let mut onetime = json!({ "merchant_uid": merchant_uid, "amount": 10000, "name": "예시 주문" });
        merge(&mut onetime, &card());
        api.expect(imp_uid, "POST", "/subscribe/payments/onetime", onetime).await?;
    }
    let shipping = json!({
        "sender": { "name": "판매자", "tel": "0212345678", "addr": "서울시 중구", "postcode": "04524" },
        "receiver": { "name": "홍길동", "tel": "01012345678", "addr": "서울시 강남구", "postcode": "06236" },
        "logis": { "company": "CJ대한통운", "invoice": "123456789012", "sent_at": now },
    });
    api.call("escrow shipping", "POST", &format!("/escrows/logis/{}", PAID.0), shipping).await?;

    for (imp_uid, merchant_uid) in [VBANK, CASH, DEPOSITED] {
        name_next(sandbox, imp_uid);
        let vbank = json!({
            "channel_key": "channel-key-sandbox-vbank", "merchant_uid": merchant_uid, "amount": 10000,
            "vbank_code": "004", "vbank_due": now + AHEAD, "name": "예시 주문",
        });
        api.expect(imp_uid, "POST", "/vbanks", vbank).await?;
    }
    for (imp_uid, _) in [CASH, DEPOSITED] {
        sandbox.simulate_vbank_deposit(imp_uid).await.map_err(|e| format!("the deposit into {imp_uid}: {e}"))?;
    }
    let receipt = json!({ "identifier": "01012345678", "identifier_type": "phone", "type": "person" });
    api.call("cash receipt", "POST", &format!("/receipts/{}", CASH.0), receipt).await?;

    name_next(sandbox, CVS.0);
    let cvs = json!({ "channel_key": "channel-key-sandbox-cvs", "merchant_uid": CVS.1, "amount": 10000, "name": "예시 주문" });
    api.expect(CVS.0, "POST", "/cvs", cvs).await?;
    Ok(())
}

/// The billing keys, and the scheduled payments of [`SCHEDULE_CUSTOMER`].
async fn billing_keys_and_schedules(sandbox: &Sandbox, api: &Api<'_>) -> Result<(), String> {
    let now = sandbox.shared.clock.now();
    for customer_uid in [CUSTOMER, SCHEDULE_CUSTOMER, AUTOPAY_KEY] {
        let mut key = json!({ "channel_key": "channel-key-sandbox" });
        merge(&mut key, &card());
        api.call("billing key", "POST", &format!("/subscribe/customers/{customer_uid}"), key).await?;
    }
    let schedules: Vec<Value> = [SCHEDULED, SCHEDULE_FAILED, SCHEDULE_RETRY, SCHEDULE_TO_REVOKE]
        .iter()
        .map(|merchant_uid| json!({ "merchant_uid": merchant_uid, "schedule_at": now + AHEAD, "amount": 10000, "name": "예시 정기결제" }))
        .collect();
    let schedule = json!({ "customer_uid": SCHEDULE_CUSTOMER, "schedules": schedules });
    api.call("schedules", "POST", "/subscribe/payments/schedule", schedule).await?;
    // Declined, revoked, then retried now: the run fails, and a failed
    // schedule may be retried or rescheduled again and again.
    for merchant_uid in [SCHEDULE_FAILED, SCHEDULE_RETRY] {
        sandbox.decline_schedule(merchant_uid).map_err(|e| format!("declining {merchant_uid}: {e}"))?;
        let revoke = json!({ "customer_uid": SCHEDULE_CUSTOMER, "merchant_uid": [merchant_uid] });
        api.call("unschedule", "POST", "/subscribe/payments/unschedule", revoke).await?;
        let retry = format!("/subscribe/payments/schedule/{merchant_uid}/retry");
        api.call("declined run", "POST", &retry, Value::Null).await?;
    }
    Ok(())
}

/// [`CERTIFIED`] and [`OTP_SENT`].
async fn verifications(sandbox: &Sandbox, api: &Api<'_>) -> Result<(), String> {
    let person = json!({
        "name": "홍길동", "phone": "01012345678", "birth": "900101", "gender_digit": "1",
        "carrier": "SKT", "channel_key": "channel-key-sandbox",
    });
    for imp_uid in [CERTIFIED, OTP_SENT] {
        name_next(sandbox, imp_uid);
        api.expect(imp_uid, "POST", "/certifications/otp/request", person.clone()).await?;
    }
    let otp = json!({ "otp": crate::TEST_OTP });
    api.call("OTP", "POST", &format!("/certifications/otp/confirm/{CERTIFIED}"), otp).await?;
    Ok(())
}

/// [`NAVER`] and its [`PRODUCT_ORDERS`], each moved to its state by the
/// naver operations and the buyer's simulated claims.
async fn naver_order(sandbox: &Sandbox, api: &Api<'_>) -> Result<(), String> {
    {
        let mut store = sandbox.shared.store();
        store.named_imp_uids.push_back(NAVER.0.to_owned());
        store.named_product_orders.extend(PRODUCT_ORDERS.iter().map(|(id, _)| (*id).to_owned()));
    }
    let products: Vec<(&str, f64)> = PRODUCT_ORDERS.iter().map(|_| ("도시락", 10000.0)).collect();
    let payment = sandbox.simulate_naver_order(NAVER.1, &products).map_err(|e| format!("the Naver Pay order: {e}"))?;
    if payment.imp_uid != NAVER.0 {
        return Err(format!("the Naver Pay order has imp_uid {}, not {}", payment.imp_uid, NAVER.0));
    }
    let id = |i: usize| PRODUCT_ORDERS[i].0;
    let now = sandbox.shared.clock.now();
    let naver = |operation: &str| format!("/payments/{}/naver/{operation}", NAVER.0);
    let parcel = |ids: &[&str]| json!({ "product_order_id": ids, "delivery_method": "DELIVERY", "delivery_company": "CJGLS", "tracking_number": "123456789012", "dispatched_at": now });
    sandbox.simulate_naver_claim(id(3), NaverClaim::Cancel).map_err(|e| format!("the cancel request: {e}"))?;
    let shipped = [id(4), id(5), id(6), id(7), id(8), id(9), id(10), id(11)];
    api.call("ship", "POST", &naver("ship"), parcel(&shipped)).await?;
    let returned = json!({ "product_order_id": [id(5), id(6), id(7), id(8)], "reason": "INTENT_CHANGED", "delivery_method": "RETURN_INDIVIDUAL" });
    api.call("request return", "POST", &naver("request-return"), returned).await?;
    let withheld = json!({ "product_order_id": [id(8)], "reason": "RETURN_DELIVERYFEE", "memo": "반품 배송비 청구" });
    api.call("withhold return", "POST", &naver("withhold-return"), withheld).await?;
    for i in [9, 10] {
        sandbox.simulate_naver_claim(id(i), NaverClaim::Exchange).map_err(|e| format!("the exchange request: {e}"))?;
    }
    api.call("collect", "POST", &naver("collect-exchanged"), json!({ "product_order_id": [id(10)] })).await?;

    let (imp_uid, merchant_uid, product_order_id) = NAVER_CONFIRM;
    {
        let mut store = sandbox.shared.store();
        store.named_imp_uids.push_back(imp_uid.to_owned());
        store.named_product_orders.push_back(product_order_id.to_owned());
    }
    sandbox
        .simulate_naver_order(merchant_uid, &[("도시락", 10000.0)])
        .map_err(|e| format!("the Naver Pay order: {e}"))?;
    let ship = format!("/payments/{imp_uid}/naver/ship");
    api.call("ship", "POST", &ship, parcel(&[product_order_id])).await?;
    Ok(())
}

/// The id the next payment or verification takes.
fn name_next(sandbox: &Sandbox, imp_uid: &str) {
    sandbox.shared.store().named_imp_uids.push_back(imp_uid.to_owned());
}

/// Adds `extra`'s fields to the object `into`.
fn merge(into: &mut Value, extra: &Value) {
    if let (Some(into), Some(extra)) = (into.as_object_mut(), extra.as_object()) {
        into.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
}

/// The sandbox's API over HTTP, with a token.
struct Api<'a> {
    sandbox: &'a Sandbox,
    token: String,
}

impl<'a> Api<'a> {
    async fn new(sandbox: &'a Sandbox) -> Result<Self, String> {
        let mut api = Api { sandbox, token: String::new() };
        let credentials = json!({ "imp_key": sandbox.shared.key, "imp_secret": sandbox.shared.secret });
        let answer = api.call("token", "POST", "/users/getToken", credentials).await?;
        api.token = answer["access_token"].as_str().ok_or("token: the answer has no access_token")?.to_owned();
        Ok(api)
    }

    /// Calls and checks that the answer is the object `imp_uid`.
    async fn expect(&self, imp_uid: &str, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let answer = self.call(imp_uid, method, path, body).await?;
        match answer["imp_uid"].as_str() == Some(imp_uid) {
            true => Ok(answer),
            false => Err(format!("{imp_uid}: {method} {path} made {}", answer["imp_uid"])),
        }
    }

    /// Calls and returns the envelope's `response`, or why it was refused.
    async fn call(&self, step: &str, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let body = match body {
            Value::Null => Bytes::new(),
            body => Bytes::from(body.to_string()),
        };
        let request = hyper::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.sandbox.base_url()))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {}", self.token))
            .body(Full::new(body))
            .map_err(|e| format!("{step}: {e}"))?;
        let exchange = async {
            let response = self.sandbox.shared.http.request(request).await.map_err(|e| e.to_string())?;
            let status = response.status();
            let bytes = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
            Ok::<_, String>((status, bytes))
        };
        let (status, bytes) = tokio::time::timeout(Duration::from_secs(10), exchange)
            .await
            .map_err(|_| format!("{step}: no answer in 10 s"))?
            .map_err(|e| format!("{step}: {e}"))?;
        let envelope: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        match status.is_success() && envelope["code"] == 0 {
            true => Ok(envelope["response"].clone()),
            false => Err(format!("{step}: {method} {path} answered {status} {}", envelope["message"])),
        }
    }
}
