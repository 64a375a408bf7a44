//! Scheduled payments of billing keys, as the core keeps and charges them:
//! a schedule waits until the sandbox clock reaches its `schedule_at`;
//! then it is charged like `again` against its billing key (the key's test
//! card decides `paid` or `failed`, unless a decline was simulated), and
//! the payment's notification goes to the schedule's `notice_url`.
//! [`charge_due`] does it, called by the jobs module; the API group
//! (`api::schedules`) registers, moves and lists schedules.

use iamport::{
    StatusCode, Timestamp,
    enums::CustomerUidUsage,
    types::{Payment, Schedule, ScheduleItem},
};

use super::{
    Shared,
    charges::{Buyer, KeyCharge, charge_key},
    deliver,
    reply::Reply,
    simulation::SimulationError,
    store::Store,
};

/// The `schedule_status`es of a schedule.
pub(crate) const SCHEDULED: &str = "scheduled";
pub(crate) const EXECUTED: &str = "executed";
pub(crate) const REVOKED: &str = "revoked";

/// A scheduled payment: what the API shows, and what to charge.
#[derive(Debug, Clone)]
pub(crate) struct ScheduledPayment {
    pub schedule: Schedule,
    pub item: ScheduleItem,
    /// Registration order, to break ties.
    pub seq: u64,
    /// The next run declines whatever the card (a simulated decline).
    pub decline: bool,
}

impl ScheduledPayment {
    pub(crate) fn status(&self) -> &str {
        self.schedule.schedule_status.as_deref().unwrap_or_default()
    }

    pub(crate) fn at(&self) -> i64 {
        self.schedule.schedule_at.raw()
    }

    /// Failed or revoked: may be rescheduled or retried.
    pub(crate) fn may_run_again(&self) -> bool {
        self.status() == REVOKED
            || (self.status() == EXECUTED && self.schedule.payment_status.as_deref() != Some("paid"))
    }
}

pub(crate) fn not_found(merchant_uid: &str) -> Reply {
    Reply::failure(
        StatusCode::NOT_FOUND,
        1,
        format!("예약결제 정보가 존재하지 않습니다. (merchant_uid: {merchant_uid})"),
    )
}

/// Charges the schedule now: the payment (stored) and where to notify, or
/// the refusal that left the schedule failed without a payment.
pub(crate) fn execute(store: &mut Store, merchant_uid: &str, now: i64) -> Result<(Payment, Vec<String>), Reply> {
    let Some(entry) = store.schedules.get(merchant_uid).cloned() else { return Err(not_found(merchant_uid)) };
    let item = &entry.item;
    let order = KeyCharge {
        merchant_uid: merchant_uid.to_owned(),
        amount: item.amount.into(),
        currency: item.currency.clone(),
        name: item.name.to_string(),
        buyer: Buyer {
            name: item.buyer_name.clone().map(Into::into),
            email: item.buyer_email.clone().map(Into::into),
            tel: item.buyer_tel.clone().map(Into::into),
            addr: item.buyer_addr.clone().map(Into::into),
            postcode: item.buyer_postcode.clone().map(Into::into),
        },
        custom_data: item.custom_data.clone(),
        card_quota: item.card_quota,
        usage: CustomerUidUsage::PaymentScheduled,
        decline: entry.decline,
    };
    let customer_uid = entry.schedule.customer_uid.clone().unwrap_or_default();
    let charged = charge_key(store, &customer_uid, order, now);
    let notice_urls: Vec<String> = item.notice_url.iter().cloned().collect();
    if let Ok(payment) = &charged {
        store.insert(payment.clone(), notice_urls.clone(), None, now);
    }
    let Some(entry) = store.schedules.get_mut(merchant_uid) else { return Err(not_found(merchant_uid)) };
    entry.decline = false;
    let schedule = &mut entry.schedule;
    schedule.schedule_status = Some(EXECUTED.to_owned());
    schedule.executed_at = Timestamp::from_unix(now);
    match charged {
        Ok(payment) => {
            schedule.imp_uid = Some(payment.imp_uid.clone());
            schedule.payment_status = Some(payment.status.to_string());
            schedule.fail_reason = payment.fail_reason.clone();
            schedule.pg_provider = payment.pg_provider.clone();
            schedule.pg_id = payment.pg_id.clone();
            Ok((payment, notice_urls))
        }
        Err(refusal) => {
            schedule.payment_status = Some("failed".to_owned());
            schedule.fail_reason = refusal.body["message"].as_str().map(str::to_owned);
            Err(refusal)
        }
    }
}

/// A payment a schedule made, and where to notify it.
pub(crate) type Charged = (Payment, Vec<String>);

/// Charges every schedule whose time has come, earliest first, and returns
/// the payments made with where to notify them. Under the store's lock:
/// when it returns, nothing due is left, whoever charged it.
pub(crate) fn charge_due(shared: &Shared) -> Vec<Charged> {
    let now = shared.clock.now();
    let mut store = shared.store();
    let mut due: Vec<(i64, u64, String)> = store
        .schedules
        .values()
        .filter(|s| s.status() == SCHEDULED && s.at() <= now)
        .map(|s| (s.at(), s.seq, s.item.merchant_uid.to_string()))
        .collect();
    due.sort();
    // A refused charge leaves its schedule failed, with nothing to notify.
    due.into_iter().filter_map(|(_, _, merchant_uid)| execute(&mut store, &merchant_uid, now).ok()).collect()
}

/// Sends the notifications of charged schedules, in order; returns the payments.
pub(crate) async fn notify(shared: &Shared, charged: Vec<Charged>) -> Vec<Payment> {
    let mut payments = Vec::with_capacity(charged.len());
    for (payment, notice_urls) in charged {
        deliver::notify(shared, &notice_urls, deliver::notification(&payment, None)).await;
        payments.push(payment);
    }
    payments
}

/// Makes the next run of a pending schedule decline, whatever its card.
pub(crate) fn decline_next_run(shared: &Shared, merchant_uid: &str) -> Result<Schedule, SimulationError> {
    let mut store = shared.store();
    let entry = store.schedules.get_mut(merchant_uid).ok_or(SimulationError::UnknownSchedule)?;
    if entry.status() != SCHEDULED {
        return Err(SimulationError::ScheduleNotPending);
    }
    entry.decline = true;
    Ok(entry.schedule.clone())
}
