//! Virtual accounts (vbanks), what the API group, the browser checkout and
//! the control API share: issuing one ([`issue`]), which payments are
//! accounts, their deadline, and [`simulate_deposit`], the customer paying
//! into one.

use iamport::{
    Timestamp,
    enums::PaymentStatus,
    types::{Payment, PaymentDeposit},
};

use super::{Shared, deliver, simulation::SimulationError};

pub(crate) const PAY_METHOD: &str = "vbank";
/// The holder shown when the request names none (the merchant, as most PGs do).
pub(crate) const MERCHANT_HOLDER: &str = "(주)아임포트샌드박스";

/// A new account: its bank (a code of the KFTC table), number, holder and deadline.
pub(crate) struct Account {
    pub bank_code: String,
    pub bank_name: &'static str,
    pub number: String,
    pub holder: String,
    pub due: i64,
}

/// Makes `payment` the account `account`, issued `now` and `ready` until
/// the deposit (the PG and buyer fields are the caller's).
pub(crate) fn issue(payment: &mut Payment, account: Account, now: i64) {
    payment.pay_method = Some(PAY_METHOD.to_owned());
    payment.vbank_code = Some(account.bank_code);
    payment.vbank_name = Some(account.bank_name.to_owned());
    payment.vbank_num = Some(account.number);
    payment.vbank_holder = Some(account.holder);
    payment.vbank_date = Timestamp::from_unix(account.due);
    payment.vbank_issued_at = Timestamp::from_unix(now);
    payment.deposit_history = Some(Vec::new());
}
/// Whether the payment is a virtual account.
pub(crate) fn is_vbank(payment: &Payment) -> bool {
    payment.pay_method.as_deref() == Some(PAY_METHOD)
}

/// Whether the account's deadline (`vbank_date`) has passed at `now`.
pub(crate) fn is_expired(payment: &Payment, now: i64) -> bool {
    payment.vbank_date.is_set() && payment.vbank_date.raw() <= now
}

/// Plays the customer paying the whole amount into the account: the payment
/// becomes `paid` and is notified.
pub(crate) async fn simulate_deposit(shared: &Shared, imp_uid: &str) -> Result<Payment, SimulationError> {
    let (payment, notice_urls) = {
        let now = shared.clock.now();
        let mut store = shared.store();
        let record = store.get_mut(imp_uid).ok_or(SimulationError::UnknownPayment)?;
        let payment = &mut record.payment;
        if !is_vbank(payment) {
            return Err(SimulationError::NotVbank);
        }
        if payment.status != PaymentStatus::Ready {
            return Err(SimulationError::NotReady(payment.status.clone()));
        }
        if is_expired(payment, now) {
            return Err(SimulationError::Expired);
        }
        payment.status = PaymentStatus::Paid;
        payment.paid_at = Timestamp::from_unix(now);
        let deposit = PaymentDeposit {
            pg_tid: Some(format!("sandbox_deposit_{}", payment.imp_uid)),
            amount: Some(payment.amount),
            reason: None,
            depositor_name: payment.buyer_name.clone(),
            deposited_at: Timestamp::from_unix(now),
        };
        payment.deposit_history.get_or_insert_with(Vec::new).push(deposit);
        record.updated_at = now;
        (record.payment.clone(), record.notice_urls.clone())
    };
    deliver::notify(shared, &notice_urls, deliver::notification(&payment, None)).await;
    Ok(payment)
}
