//! What the shop does with a payment someone reports, whoever reports it
//! (the page's callback, the mobile redirect, a webhook, its own `again`
//! charge): read the payment from the API, compare it with the order, and
//! mark the order. Nothing in a report is trusted but the `imp_uid` to look
//! up, and settling twice changes nothing (webhooks come twice, and the
//! redirect and the webhook come in either order).

use iamport::{
    Client,
    enums::PaymentStatus,
    types::{self, Payment},
    verify::{Expected, Verification},
};

use crate::{
    orders::{Order, OrderState},
    shop::Shop,
};

/// Who reported the payment.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// `request_pay`'s callback, posted by the page.
    Callback,
    /// The browser landing on `m_redirect_url`.
    Redirect,
    /// A webhook to the shop's notice URL.
    Webhook,
    /// The shop's own charge of a billing key.
    Charge,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Self::Callback => "callback",
            Self::Redirect => "redirect",
            Self::Webhook => "webhook",
            Self::Charge => "charge",
        }
    }
}

/// What a report says, reduced to what the shop uses.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The payment to look up; `None` when the SDK refused before creating one.
    pub imp_uid: Option<String>,
    /// The order it claims to pay.
    pub merchant_uid: String,
    /// The failure the browser reports, if any (to show when the payment
    /// itself says nothing more).
    pub failure: Option<String>,
}

/// Why a report could not be settled.
#[derive(Debug, thiserror::Error)]
pub enum SettleError {
    /// The shop has no such order.
    #[error("no order {0} in this shop")]
    UnknownOrder(String),
}

/// Verifies the payment a report names and marks its order; returns the
/// order as it now stands.
pub async fn settle(shop: &Shop, source: Source, report: Report) -> Result<Order, SettleError> {
    let (order, refund) = {
        // One report at a time: the callback and the webhook of one payment
        // often arrive together, and each reads, then writes, the order.
        let _one_at_a_time = shop.settling.lock().await;
        let order = shop
            .orders
            .get(&report.merchant_uid)
            .ok_or_else(|| SettleError::UnknownOrder(report.merchant_uid.clone()))?;
        let decision = decide(&shop.client, &order, &report).await;
        let line = format!("{}: {}", source.name(), decision.line);
        let updated = shop.orders.update(&order.merchant_uid, |order| {
            if let Some(state) = decision.state {
                if state != OrderState::Open || order.state == OrderState::Open {
                    order.state = state;
                }
                order.imp_uid = report.imp_uid.clone();
            }
            order.history.push(line);
        });
        (updated.unwrap_or(order), decision.refund)
    };
    // Outside the lock: a cancellation makes the API send a webhook, whose
    // handler settles too (and finds the order already refused).
    if let Some(payment) = refund {
        let line = format!("{}: {}", source.name(), cancel(&shop.client, &payment).await);
        return Ok(shop.orders.update(&order.merchant_uid, |o| o.history.push(line)).unwrap_or(order));
    }
    Ok(order)
}

/// What to do about a report.
struct Decision {
    /// The order's new state; `None` leaves it.
    state: Option<OrderState>,
    /// A line for the order's history.
    line: String,
    /// A payment to give back (it is not for the order's amount).
    refund: Option<Payment>,
}

impl Decision {
    fn new(state: Option<OrderState>, line: String) -> Self {
        Self { state, line, refund: None }
    }
}

/// Reads the payment and compares it with the order
/// (`Client::verify_payment`). Settling is idempotent because the decision
/// rests on the payment as the API has it now: a report that changes
/// nothing is noted and left.
async fn decide(client: &Client, order: &Order, report: &Report) -> Decision {
    let Some(imp_uid) = report.imp_uid.as_deref() else {
        let reason = report.failure.clone().unwrap_or_else(|| "the payment window reported no payment".to_owned());
        let state = (order.state == OrderState::Open).then(|| OrderState::Failed { reason: reason.clone() });
        return Decision::new(state, format!("no payment was made ({reason})"));
    };
    // The order as the shop's own records have it, never as the browser says.
    let expected = Expected::new(order.merchant_uid.clone(), order.amount);
    let verification = match client.verify_payment(imp_uid, &expected).await {
        Ok(verification) => verification,
        Err(e) => return Decision::new(None, format!("could not ask the API about {imp_uid}: {e}")),
    };
    let same_payment = order.imp_uid.as_deref() == Some(imp_uid);
    if order.state == OrderState::Paid && !same_payment && verification.payment().is_some() {
        let paid_by = order.imp_uid.as_deref().unwrap_or("another payment");
        return Decision::new(None, format!("the order is paid by {paid_by}; {imp_uid} does not change it"));
    }
    let decision = judge(imp_uid, order, verification, report);
    if same_payment && decision.state.as_ref() == Some(&order.state) {
        // Already decided (and, for a refused payment, already refunded
        // or being refunded by the report that decided it).
        return Decision::new(None, format!("{imp_uid} unchanged ({}); nothing to do", order.state.key()));
    }
    decision
}

/// What the verified payment means for the order. The match has no
/// wildcard: a new kind of verification is a compile error here.
fn judge(imp_uid: &str, order: &Order, verification: Verification, report: &Report) -> Decision {
    match verification {
        Verification::Paid { .. } => {
            Decision::new(Some(OrderState::Paid), format!("{imp_uid} verified: paid {} KRW", order.amount))
        }
        Verification::VirtualAccountIssued { account, .. } => {
            let account = format!("{} {}", account.bank_name.as_deref().unwrap_or("the bank"), account.number);
            let line = format!("{imp_uid} verified: account {account} issued, not paid yet");
            Decision::new(Some(OrderState::AwaitingDeposit { account }), line)
        }
        Verification::Pending { .. } => match &report.failure {
            Some(reason) => {
                let line = format!("{imp_uid} not paid: {reason}");
                Decision::new(Some(OrderState::Failed { reason: reason.clone() }), line)
            }
            None => Decision::new(None, format!("{imp_uid} is not paid yet")),
        },
        Verification::Failed { reason, .. } => {
            let reason = reason.or_else(|| report.failure.clone()).unwrap_or_else(|| "failed".to_owned());
            let line = format!("{imp_uid} failed: {reason}");
            Decision::new(Some(OrderState::Failed { reason }), line)
        }
        Verification::Cancelled { cancelled, .. } => {
            Decision::new(Some(OrderState::Cancelled), format!("{imp_uid}: {cancelled} of it was cancelled"))
        }
        Verification::AmountMismatch { expected, actual, payment } => {
            let reason = format!("the payment is for {actual}, the order costs {expected}");
            let line = format!("{imp_uid} refused: {reason}");
            let refund = (payment.status == PaymentStatus::Paid).then_some(*payment);
            Decision { state: Some(OrderState::Refused { reason }), line, refund }
        }
        Verification::OtherOrder { merchant_uid, .. } => {
            Decision::new(None, format!("{imp_uid} belongs to order {merchant_uid}, not this one: ignored"))
        }
        Verification::NotFound => Decision::new(None, format!("the API has no payment {imp_uid}: ignored")),
    }
}

/// Gives back a payment the shop refused (its amount was changed in the
/// page): cancels it in full.
async fn cancel(client: &Client, payment: &Payment) -> String {
    let cancel = types::CancelRequest::builder()
        .imp_uid(payment.imp_uid.clone())
        .checksum(payment.amount - payment.cancel_amount)
        .reason("the amount paid is not the order's");
    match client.cancel_payment().body(cancel).send().await {
        Ok(_) => format!("{} cancelled: the money went back to the customer", payment.imp_uid),
        Err(e) => format!("cancelling {} failed: {e}", payment.imp_uid),
    }
}
