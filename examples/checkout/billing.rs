//! A card on file: the customer registers a card in the payment window
//! (`request_pay` with a `customer_uid` issues a billing key instead of
//! paying), the shop checks the key with the API, then charges it from the
//! server with `again` whenever it likes (a subscription, say).

use std::sync::Arc;

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use iamport::{Error, types};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    browser, html,
    payments::{answer, refusal},
    settle::{self, Report, Source},
    shop::{PG, Shop},
};

/// What a charge of the card on file costs: a monthly plan.
pub const PLAN: (&str, u64) = ("월간 구독", 9_900);

/// A billing key the shop asked for.
#[derive(Clone, Debug)]
pub struct BillingKey {
    /// The shop's id for the customer's card, given as `customer_uid`.
    pub customer_uid: String,
    /// The card behind it, once the shop has checked the key with the API.
    pub card_name: Option<String>,
}

/// `GET /billing`: the page.
pub async fn page(State(shop): State<Arc<Shop>>) -> Html<String> {
    let (plan, price) = PLAN;
    let body = format!(
        r#"<p>Register a card once, then the shop charges it from its server ({plan}, {price} KRW a month).</p>
<p><button id="register">Register a card</button> <button id="charge" disabled>Charge {price} KRW now</button></p>
{result}
<script>
IMP.init({code});
let customerUid = null;
document.getElementById('register').addEventListener('click', async () => {{
  try {{
    const registration = await postJson('/api/billing/keys', {{}});
    IMP.request_pay(registration.params, async (rsp) => {{
      try {{
        const answer = await postJson('/billing/complete', {{ customer_uid: registration.customer_uid, report: rsp }});
        showResult(answer);
        if (answer.state === 'registered') {{
          customerUid = registration.customer_uid;
          document.getElementById('charge').disabled = false;
        }}
      }} catch (e) {{ showError(e); }}
    }});
  }} catch (e) {{ showError(e); }}
}});
document.getElementById('charge').addEventListener('click', async () => {{
  try {{ showResult(await postJson('/api/billing/charge', {{ customer_uid: customerUid }})); }} catch (e) {{ showError(e); }}
}});
</script>"#,
        plan = html::escape(plan),
        result = html::result("none", ""),
        code = Value::from(shop.merchant_code.as_str()),
    );
    let script = format!("{}/v1/iamport.js", shop.sandbox_url);
    html::page("Card on file", Some(&script), &body)
}

/// `POST /api/billing/keys`: a new `customer_uid` and the parameters of the
/// window that issues its billing key.
pub async fn start(State(shop): State<Arc<Shop>>) -> Json<Value> {
    let customer_uid = {
        let mut keys = shop.billing_keys.lock().unwrap_or_else(|e| e.into_inner());
        let customer_uid = format!("customer-{:04}", keys.len() + 1);
        keys.push(BillingKey { customer_uid: customer_uid.clone(), card_name: None });
        customer_uid
    };
    let params = json!({
        "pg": PG,
        "pay_method": "card",
        "merchant_uid": format!("card-registration-{customer_uid}"),
        "customer_uid": customer_uid,
        "name": "카드 등록",
        // Shown only: most PGs charge nothing when they issue a key.
        "amount": 0,
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "buyer@example.com",
    });
    Json(json!({ "customer_uid": customer_uid, "params": params }))
}

/// The page's report of the billing-key window.
#[derive(Deserialize)]
pub struct Registered {
    customer_uid: String,
    report: serde_json::Map<String, Value>,
}

/// `POST /billing/complete`: checks with the API that the key exists.
pub async fn complete(State(shop): State<Arc<Shop>>, Json(registered): Json<Registered>) -> Response {
    if !known(&shop, &registered.customer_uid) {
        return refusal(StatusCode::NOT_FOUND, "the shop did not ask for this customer_uid");
    }
    let report = serde_json::to_vec(&registered.report).unwrap_or_default();
    let failure = browser::from_callback(&report).ok().and_then(|report| report.failure);
    match shop.client.customer_view().customer_uid(registered.customer_uid.as_str()).send().await {
        Ok(customer) => {
            let card = customer.card_name.clone().unwrap_or_else(|| "a card".to_owned());
            remember_card(&shop, &registered.customer_uid, &card);
            let message = format!("{card} registered as {}", registered.customer_uid);
            Json(json!({ "state": "registered", "customer_uid": registered.customer_uid, "message": message }))
                .into_response()
        }
        Err(e) => {
            let reason = failure.unwrap_or_else(|| format!("no billing key: {e}"));
            Json(json!({ "state": "failed", "message": format!("the card was not registered: {reason}") }))
                .into_response()
        }
    }
}

/// What to charge.
#[derive(Deserialize)]
pub struct Charge {
    customer_uid: String,
}

/// `POST /api/billing/charge`: charges the card on file with `again`, then
/// settles the payment as any other.
pub async fn charge(State(shop): State<Arc<Shop>>, Json(charge): Json<Charge>) -> Response {
    if !registered(&shop, &charge.customer_uid) {
        return refusal(StatusCode::CONFLICT, "no card registered under this customer_uid");
    }
    let (plan, price) = PLAN;
    let order = shop.orders.create("billing", plan, price, "billing key");
    let request = types::AgainRequest::builder()
        .customer_uid(charge.customer_uid.clone())
        .merchant_uid(order.merchant_uid.clone())
        .amount(price)
        .name(plan)
        .notice_url(shop.notice_url());
    let imp_uid = match shop.client.again().body(request).send().await {
        Ok(payment) => payment.imp_uid,
        Err(Error::Declined { payment }) => payment.imp_uid,
        Err(e) => {
            let failure = Some(format!("the charge did not go through: {e}"));
            let report = Report { imp_uid: None, merchant_uid: order.merchant_uid.clone(), failure };
            return settled(settle::settle(&shop, Source::Charge, report).await);
        }
    };
    let report = Report { imp_uid: Some(imp_uid), merchant_uid: order.merchant_uid, failure: None };
    settled(settle::settle(&shop, Source::Charge, report).await)
}

fn settled(result: Result<crate::orders::Order, settle::SettleError>) -> Response {
    match result {
        Ok(order) => Json(answer(&order)).into_response(),
        Err(e) => refusal(StatusCode::NOT_FOUND, &e.to_string()),
    }
}

fn known(shop: &Shop, customer_uid: &str) -> bool {
    shop.billing_keys.lock().unwrap_or_else(|e| e.into_inner()).iter().any(|k| k.customer_uid == customer_uid)
}

fn registered(shop: &Shop, customer_uid: &str) -> bool {
    let keys = shop.billing_keys.lock().unwrap_or_else(|e| e.into_inner());
    keys.iter().any(|k| k.customer_uid == customer_uid && k.card_name.is_some())
}

fn remember_card(shop: &Shop, customer_uid: &str, card: &str) {
    let mut keys = shop.billing_keys.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(key) = keys.iter_mut().find(|k| k.customer_uid == customer_uid) {
        key.card_name = Some(card.to_owned());
    }
}
