//! Refunds: what cancelling a payment (or part of it) does to it, shared
//! by the cancel operations of several groups (payments, naver, payco).

use iamport::{
    Timestamp,
    enums::PaymentStatus,
    types::{Payment, PaymentCancellation},
};

/// Gives `amount` back (checked by the caller to be positive and at most
/// what is left): the cancel is added to the history, the payment becomes
/// `cancelled` once nothing is left. Returns the cancel's id; `n` is a
/// number unique in the sandbox.
pub(crate) fn refund(payment: &mut Payment, amount: f64, reason: Option<String>, n: u64, now: i64) -> String {
    let cancellation_id = format!("sandbox_cancel_{n}");
    payment.cancel_amount += amount;
    payment.cancelled_at = Timestamp::from_unix(now);
    payment.cancel_reason = reason.clone();
    if payment.cancel_amount >= payment.amount {
        payment.status = PaymentStatus::Cancelled;
    }
    payment.cancel_history.get_or_insert_default().push(PaymentCancellation {
        pg_tid: Some(format!("sandbox_cancel_tid_{n}")),
        amount: Some(amount),
        cancelled_at: Timestamp::from_unix(now),
        reason,
        cancellation_id: Some(cancellation_id.clone()),
        ..Default::default()
    });
    cancellation_id
}
