//! `partner`: sub-merchant transactions on a payment's sales slip. The
//! amounts may not add up to more than is left of the payment.

use iamport::enums::PaymentStatus;
use serde::Deserialize;
use serde_json::json;

use crate::core::{
    Shared, body,
    reply::Reply,
    server::{Call, Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[("partner", |shared, call| ready(add(shared, call)))];

/// What the sandbox reads of a `PartnerReceiptRequest`, checked against
/// the spec whole (at least one item, no amount below 0).
#[derive(Deserialize)]
struct ReceiptRequest {
    data: Vec<ReceiptItem>,
}

#[derive(Deserialize)]
struct ReceiptItem {
    amount: f64,
}

fn add(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    let request: ReceiptRequest = body::parse_checked(&call.body, "PartnerReceiptRequest")?;
    let store = shared.store();
    let payment = &store.get(imp_uid).ok_or_else(Reply::payment_not_found)?.payment;
    if payment.status != PaymentStatus::Paid {
        return Err(Reply::refused(1, "결제완료 상태의 결제건에만 하위가맹점 거래를 등록할 수 있습니다."));
    }
    let total: f64 = request.data.iter().map(|item| item.amount).sum();
    let left = payment.amount - payment.cancel_amount;
    if total > left {
        return Err(Reply::refused(1, format!("하위가맹점 금액의 합({total})이 결제금액({left})보다 큽니다.")));
    }
    Ok(Reply::ok(json!({ "receipt_url": format!("https://sandbox.iamport.invalid/receipts/partners/{imp_uid}") })))
}
