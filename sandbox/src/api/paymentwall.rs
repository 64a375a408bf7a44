//! `paymentwall_delivery`: registering the delivery of an order. Paymentwall
//! answers inside `response`: no `error_code` when it took the delivery,
//! an `error_code` with `notices` when the payment is not one it knows
//! (not in the sandbox, or `imp_uid` and `merchant_uid` disagree).

use iamport::enums::PaymentStatus;
use serde::Deserialize;
use serde_json::json;

use crate::core::{
    Shared, body,
    reply::Reply,
    server::{Call, Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[("paymentwall_delivery", |shared, call| ready(delivery(shared, call)))];

/// What the sandbox reads of a `PaymentwallDeliveryRequest`, checked
/// against the spec whole.
#[derive(Deserialize)]
struct DeliveryRequest {
    imp_uid: String,
    merchant_uid: String,
}

fn delivery(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let request: DeliveryRequest = body::parse_checked(&call.body, "PaymentwallDeliveryRequest")?;
    let store = shared.store();
    let known = store
        .get(&request.imp_uid)
        .is_some_and(|r| r.payment.merchant_uid == request.merchant_uid && r.payment.status == PaymentStatus::Paid);
    Ok(Reply::ok(match known {
        true => json!({ "notices": [] }),
        false => json!({
            "error_code": 1,
            "error": "Payment not found",
            "notices": ["No paid payment has this imp_uid and merchant_uid."],
        }),
    }))
}
