//! `balanceByImpUid`: a payment's amount by means of payment, and how each
//! paid or cancelled amount moved it. In the sandbox every payment is paid
//! by one primary means, VAT a tenth of the amount with tax (rounded), no
//! tax-free part, discounts or points.

use iamport::{
    Timestamp,
    enums::PaymentStatus,
    types::{PaymentAmounts, PaymentBalance, PaymentBalanceEntry},
};

use crate::core::{
    Shared,
    reply::Reply,
    server::{Call, Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[("balanceByImpUid", |shared, call| ready(balance(shared, call)))];

/// `amount` (VAT included) split into supply and VAT.
fn primary(amount: f64) -> PaymentAmounts {
    let vat = (amount / 11.0).round();
    PaymentAmounts { tax_free: Some(0.0), supply: Some(amount - vat), vat: Some(vat), service: Some(0.0) }
}

fn nothing() -> PaymentAmounts {
    PaymentAmounts { tax_free: Some(0.0), supply: Some(0.0), vat: Some(0.0), service: Some(0.0) }
}

fn entry(amount: f64, at: Timestamp) -> PaymentBalanceEntry {
    PaymentBalanceEntry {
        primary: Some(primary(amount)),
        secondary: Some(nothing()),
        discount: Some(nothing()),
        cash_receipt: Some(nothing()),
        created: at,
    }
}

fn balance(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let store = shared.store();
    let payment = &store.get(call.param("imp_uid")).ok_or_else(Reply::payment_not_found)?.payment;
    if !matches!(payment.status, PaymentStatus::Paid | PaymentStatus::Cancelled) || !payment.paid_at.is_set() {
        return Err(Reply::refused(1, "결제가 완료된 건이 아니어서 금액 정보가 없습니다."));
    }
    // The payment, then each cancel as a negative change.
    let mut histories = vec![entry(payment.amount, payment.paid_at)];
    for cancel in payment.cancel_history.iter().flatten() {
        histories.push(entry(-cancel.amount.unwrap_or_default(), cancel.cancelled_at));
    }
    let left = payment.amount - payment.cancel_amount;
    Ok(Reply::ok(PaymentBalance {
        amount: Some(left),
        primary: Some(primary(left)),
        secondary: Some(nothing()),
        discount: Some(nothing()),
        cash_receipt: Some(nothing()),
        histories: Some(histories),
    }))
}
