//! Cash receipts: for a cash-like payment made through i'mport (by
//! `imp_uid`) and for an outside payment (by `merchant_uid`): issue, read,
//! revoke. A revoked receipt keeps its `cancelled_at` and may be issued
//! again.

use iamport::{
    StatusCode, Timestamp,
    enums::PaymentStatus,
    types::{self, ExternalReceipt, Receipt},
};

use crate::core::{
    Shared, body,
    reply::Reply,
    server::{Call, Handlers, ready},
    store::Store,
};

pub(crate) const HANDLERS: Handlers = &[
    ("issueReceipt", |shared, call| ready(issue(shared, call))),
    ("getReceipt", |shared, call| ready(get(shared, call))),
    ("revokeReceipt", |shared, call| ready(revoke(shared, call))),
    ("issueExternalReceipt", |shared, call| ready(issue_external(shared, call))),
    ("getExternalReceipt", |shared, call| ready(get_external(shared, call))),
    ("revokeExternalReceipt", |shared, call| ready(revoke_external(shared, call))),
];

/// Payment methods a cash receipt is issued for: cash and its kin.
const CASH_LIKE: &[&str] = &["vbank", "trans", "cvs", "phone"];

/// What the tax authority's answer gives every receipt.
struct Slip {
    receipt_tid: String,
    apply_num: String,
    receipt_url: String,
    /// `vat` as asked, else a tenth of the taxable amount, as KRW receipts do.
    vat: f64,
}

fn slip(store: &mut Store, amount: f64, tax_free: Option<u64>, vat: Option<f64>) -> Slip {
    let n = store.next_id();
    let taxable = (amount - tax_free.map_or(0.0, |t| t as f64)).max(0.0);
    Slip {
        receipt_tid: format!("sandbox_receipt_{n}"),
        apply_num: format!("{:09}", n % 1_000_000_000),
        receipt_url: format!("https://sandbox.iamport.invalid/receipts/cash/{n}"),
        vat: vat.unwrap_or_else(|| (taxable / 11.0).floor()),
    }
}

/// A receipt of `amount` issued `now` from `slip`: a [`Receipt`] (keyed by
/// `imp_uid`) or an [`ExternalReceipt`] (keyed by `merchant_uid`), the same
/// fields in two generated types that share no trait.
macro_rules! issued {
    ($receipt:ident { $key:ident: $value:expr }, $slip:expr, $type_:expr, $amount:expr, $now:expr) => {{
        let slip: Slip = $slip;
        $receipt {
            $key: Some($value),
            receipt_tid: Some(slip.receipt_tid),
            apply_num: Some(slip.apply_num),
            type_: Some(type_name($type_)),
            amount: Some($amount),
            vat: Some(slip.vat),
            receipt_url: Some(slip.receipt_url),
            applied_at: Timestamp::from_unix($now),
            cancelled_at: Timestamp::NONE,
        }
    }};
}

fn type_name(requested: Option<types::ReceiptType>) -> String {
    requested.map_or_else(|| "person".to_owned(), |t| t.to_string())
}

fn refused_unknown_payment() -> Reply {
    // issueReceipt and revokeReceipt document no 404: a business failure.
    Reply::refused(-1, "존재하지 않는 결제정보입니다.")
}

fn no_receipt_found(status: StatusCode) -> Reply {
    Reply::failure(status, 1, "발급된 현금영수증이 없습니다.")
}

/// `POST /receipts/{imp_uid}`: for the amount still paid.
fn issue(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    let request: types::ReceiptIssueRequest = body::parse(&call.body)?;
    body::at_least_zero("vat_amount", request.vat_amount, false)?;
    body::at_least_zero("tax_free", request.tax_free.map(|n| n as f64), false)?;
    body::at_least_zero("vat", request.vat.map(|n| n as f64), false)?;
    let now = shared.clock.now();
    let mut store = shared.store();
    let payment = store.get(imp_uid).map(|r| r.payment.clone()).ok_or_else(refused_unknown_payment)?;
    if !CASH_LIKE.contains(&payment.pay_method.as_deref().unwrap_or_default()) {
        return Err(Reply::refused(1, "현금영수증은 가상계좌, 계좌이체 등 현금성 결제건에만 발급할 수 있습니다."));
    }
    if payment.status != PaymentStatus::Paid {
        return Err(Reply::refused(1, "결제완료 상태가 아니어서 현금영수증을 발급할 수 없습니다."));
    }
    if store.receipts.get(imp_uid).is_some_and(|r| !r.cancelled_at.is_set()) {
        return Err(Reply::refused(1, "이미 현금영수증이 발급된 결제건입니다."));
    }
    let amount = payment.amount - payment.cancel_amount;
    let slip = slip(
        &mut store,
        amount,
        request.tax_free,
        request.vat.map(|v| v as f64).or(request.vat_amount.map(Into::into)),
    );
    let receipt = issued!(Receipt { imp_uid: imp_uid.to_owned() }, slip, request.type_, amount, now);
    store.receipts.insert(imp_uid.to_owned(), receipt.clone());
    if let Some(record) = store.get_mut(imp_uid) {
        record.payment.cash_receipt_issued = Some(true);
        record.updated_at = now;
    }
    Ok(Reply::ok(receipt))
}

fn get(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let store = shared.store();
    let receipt = store.receipts.get(call.param("imp_uid")).ok_or_else(|| no_receipt_found(StatusCode::NOT_FOUND))?;
    Ok(Reply::ok(receipt))
}

/// `DELETE /receipts/{imp_uid}`.
fn revoke(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    let now = shared.clock.now();
    let mut store = shared.store();
    if store.get(imp_uid).is_none() {
        return Err(refused_unknown_payment());
    }
    let receipt = store.receipts.get_mut(imp_uid).ok_or_else(|| no_receipt_found(StatusCode::OK))?;
    if receipt.cancelled_at.is_set() {
        return Err(Reply::refused(1, "이미 취소된 현금영수증입니다."));
    }
    receipt.cancelled_at = Timestamp::from_unix(now);
    let receipt = receipt.clone();
    if let Some(record) = store.get_mut(imp_uid) {
        record.payment.cash_receipt_issued = Some(false);
        record.updated_at = now;
    }
    Ok(Reply::ok(receipt))
}

/// `POST /receipts/external/{merchant_uid}`: for a payment made elsewhere.
fn issue_external(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let merchant_uid = call.param("merchant_uid");
    let request: types::ExternalReceiptIssueRequest = body::parse(&call.body)?;
    body::at_least_zero("amount", Some(request.amount as f64), false)?;
    body::at_least_zero("tax_free", request.tax_free.map(|t| t as f64), false)?;
    body::at_least_zero("vat_amount", request.vat_amount, false)?;
    let now = shared.clock.now();
    let mut store = shared.store();
    if store.external_receipts.get(merchant_uid).is_some_and(|r| !r.cancelled_at.is_set()) {
        return Err(Reply::refused(1, format!("이미 현금영수증이 발급된 merchant_uid({merchant_uid})입니다.")));
    }
    let amount = request.amount as f64;
    let slip = slip(&mut store, amount, request.tax_free, request.vat_amount.map(Into::into));
    let receipt = issued!(ExternalReceipt { merchant_uid: merchant_uid.to_owned() }, slip, request.type_, amount, now);
    store.external_receipts.insert(merchant_uid.to_owned(), receipt.clone());
    Ok(Reply::ok(receipt))
}

fn get_external(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let store = shared.store();
    let receipt = store
        .external_receipts
        .get(call.param("merchant_uid"))
        .ok_or_else(|| no_receipt_found(StatusCode::NOT_FOUND))?;
    Ok(Reply::ok(receipt))
}

/// `DELETE /receipts/external/{merchant_uid}`.
fn revoke_external(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let now = shared.clock.now();
    let mut store = shared.store();
    let receipt = store
        .external_receipts
        .get_mut(call.param("merchant_uid"))
        .ok_or_else(|| no_receipt_found(StatusCode::NOT_FOUND))?;
    if receipt.cancelled_at.is_set() {
        return Err(Reply::refused(1, "이미 취소된 현금영수증입니다."));
    }
    receipt.cancelled_at = Timestamp::from_unix(now);
    Ok(Reply::ok(&*receipt))
}
