//! `partner`: sub-merchant transactions on a payment's sales slip. The
//! amounts may not add up to more than is left of the payment.

use iamport::{enums::PaymentStatus, types};
use serde_json::json;

use crate::core::{
    Shared, body,
    reply::Reply,
    server::{Call, Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[("partner", |shared, call| ready(add(shared, call)))];

fn add(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    let request: types::PartnerReceiptRequest = body::parse(&call.body)?;
    body::not_empty("data", &request.data)?;
    for (i, item) in request.data.iter().enumerate() {
        body::at_least_zero(&format!("data[{i}].amount"), Some(item.amount), false)?;
        body::at_least_zero(&format!("data[{i}].tax_free"), item.tax_free, false)?;
        body::at_least_zero(&format!("data[{i}].vat_amount"), item.vat_amount, false)?;
    }
    let store = shared.store();
    let payment = &store.get(imp_uid).ok_or_else(Reply::payment_not_found)?.payment;
    if payment.status != PaymentStatus::Paid {
        return Err(Reply::refused(1, "결제완료 상태의 결제건에만 하위가맹점 거래를 등록할 수 있습니다."));
    }
    let total: f64 = request.data.iter().map(|item| item.amount.as_f64()).sum();
    let left = payment.amount - payment.cancel_amount;
    if total > left {
        return Err(Reply::refused(1, format!("하위가맹점 금액의 합({total})이 결제금액({left})보다 큽니다.")));
    }
    Ok(Reply::ok(json!({ "receipt_url": format!("https://sandbox.iamport.invalid/receipts/partners/{imp_uid}") })))
}
