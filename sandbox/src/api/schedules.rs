//! Scheduled payments of billing keys (subscribe): `schedule`,
//! `unschedule`, the lookups and listings, moving, rescheduling and
//! retrying one.
//!
//! A schedule waits until the sandbox clock reaches its `schedule_at`;
//! the core charges it then (see `core::schedules`), and `retry` at once.

use std::collections::HashSet;

use iamport::{
    Timestamp,
    enums::Currency,
    types::{self, Schedule, ScheduleItem, ScheduleStatus},
};

use crate::core::{
    Shared, body, cards,
    charges::billing_key,
    deliver,
    paging::{MAX_WINDOW, page_of, window_too_long},
    reply::Reply,
    schedules::{REVOKED, SCHEDULED, ScheduledPayment, execute, not_found},
    server::{Call, Handlers, later, ready},
    store::{BillingKey, Store, whole_in},
};

pub(crate) const HANDLERS: Handlers = &[
    ("schedule", |shared, call| ready(schedule(shared, call))),
    ("unschedule", |shared, call| ready(unschedule(shared, call))),
    ("getScheduleByMid", |shared, call| ready(get(shared, call))),
    ("updateScheduleByMid", |shared, call| ready(update(shared, call))),
    ("rescheduleByMid", |shared, call| ready(reschedule(shared, call))),
    ("retryScheduleByMid", |shared, call| later(retry(shared, call))),
    ("findSchedulesByRange", |shared, call| ready(by_range(shared, call))),
    ("findSchedulesByCustomer", |shared, call| ready(by_customer(shared, call))),
    ("customer_schedules", |shared, call| ready(by_customer(shared, call))),
];

const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 1000;

/// `POST /subscribe/payments/schedule`: every schedule or none.
fn schedule(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let request: types::ScheduleRequest = body::parse(&call.body)?;
    body::at_least_zero("checking_amount", request.checking_amount.map(|n| n as f64), false)?;
    body::not_empty("schedules", &request.schedules)?;
    for (i, item) in request.schedules.iter().enumerate() {
        let field = |name: &str| format!("schedules[{i}].{name}");
        body::at_least_zero(&field("amount"), Some(item.amount), false)?;
        let currency = Currency::from(item.currency.as_deref().unwrap_or("KRW"));
        whole_in(&currency, &field("amount"), Some(item.amount.into()))?;
        body::at_least_zero(&field("tax_free"), item.tax_free, false)?;
        body::at_least_zero(&field("vat_amount"), item.vat_amount, false)?;
        body::at_least_zero(&field("card_quota"), item.card_quota.map(f64::from), false)?;
        body::uri(&field("notice_url"), item.notice_url.iter())?;
        body::int32(&field("product_count"), item.product_count.map(|n| i64::from(n.get())))?;
    }
    let now = shared.clock.now();
    let customer_uid = request.customer_uid.to_string();
    let mut store = shared.store();
    // A key given by card is issued (or replaced) first; else it must exist.
    let new_key = match (&request.card_number, &request.expiry) {
        (Some(number), Some(expiry)) => {
            let card = cards::authenticate(number, expiry, now)
                .ok_or_else(|| Reply::refused(-1, cards::AUTHENTICATION_FAILED_MESSAGE))?;
            let mut customer = billing_key(&customer_uid, &cards::masked(number), now)?;
            if let Some(previous) = store.customers.get(&customer_uid) {
                customer.inserted = previous.customer.inserted;
            }
            Some(BillingKey { customer, card })
        }
        _ if store.customers.contains_key(&customer_uid) => None,
        _ => {
            return Err(Reply::refused(
                1,
                format!(
                    "등록되지 않은 customer_uid({customer_uid})입니다. 빌링키를 발급하려면 card_number와 expiry가 필요합니다."
                ),
            ));
        }
    };
    let mut seen = HashSet::new();
    for item in &request.schedules {
        let merchant_uid = item.merchant_uid.as_str();
        if !seen.insert(merchant_uid) {
            return Err(Reply::refused(1, format!("요청에 merchant_uid({merchant_uid})가 중복되었습니다.")));
        }
        let scheduled = store.schedules.get(merchant_uid).is_some_and(|s| s.status() != REVOKED);
        if scheduled || store.merchant_uid_in_use(merchant_uid) {
            return Err(Reply::refused(1, format!("이미 등록된 merchant_uid({merchant_uid})입니다.")));
        }
        if item.schedule_at <= now {
            return Err(Reply::refused(
                1,
                format!("schedule_at은 현재 시각 이후여야 합니다. (merchant_uid: {merchant_uid})"),
            ));
        }
        if let Currency::Unknown(_) = Currency::from(item.currency.as_deref().unwrap_or("KRW")) {
            return Err(Reply::refused(1, "지원하지 않는 통화입니다. (sandbox: KRW, USD, EUR, JPY)"));
        }
    }
    if let Some(key) = new_key {
        store.customers.insert(customer_uid.clone(), key);
    }
    let mut answer = Vec::new();
    for item in request.schedules {
        let seq = store.next_id();
        let entry = new_schedule(&customer_uid, request.customer_id.clone(), item, seq);
        answer.push(entry.schedule.clone());
        store.schedules.insert(entry.item.merchant_uid.to_string(), entry);
    }
    Ok(Reply::ok(answer))
}

fn new_schedule(customer_uid: &str, customer_id: Option<String>, item: ScheduleItem, seq: u64) -> ScheduledPayment {
    let schedule = Schedule {
        customer_uid: Some(customer_uid.to_owned()),
        customer_id,
        merchant_uid: Some(item.merchant_uid.to_string()),
        amount: Some(item.amount.into()),
        currency: Some(item.currency.clone().unwrap_or_else(|| "KRW".to_owned())),
        name: Some(item.name.to_string()),
        buyer_name: item.buyer_name.clone().map(Into::into),
        buyer_email: item.buyer_email.clone().map(Into::into),
        buyer_tel: item.buyer_tel.clone().map(Into::into),
        buyer_addr: item.buyer_addr.clone().map(Into::into),
        buyer_postcode: item.buyer_postcode.clone().map(Into::into),
        custom_data: item.custom_data.clone(),
        promotion_id: item.promotion_id.clone(),
        schedule_at: Timestamp::from_unix(item.schedule_at),
        executed_at: Timestamp::NONE,
        revoked_at: Timestamp::NONE,
        schedule_status: Some(SCHEDULED.to_owned()),
        ..Schedule::default()
    };
    ScheduledPayment { schedule, item, seq, decline: false }
}

/// `POST /subscribe/payments/unschedule`: the pending schedules named (or
/// all of the key's), now revoked.
fn unschedule(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let request: types::UnscheduleRequest = body::parse(&call.body)?;
    let customer_uid = request.customer_uid.map(String::from);
    let merchant_uids: Vec<String> = request.merchant_uid.into_iter().map(String::from).collect();
    if customer_uid.is_none() && merchant_uids.is_empty() {
        return Err(Reply::refused(1, "customer_uid 또는 merchant_uid 파라메터가 누락되었습니다."));
    }
    let now = shared.clock.now();
    let mut store = shared.store();
    let mut revoked: Vec<&mut ScheduledPayment> = store
        .schedules
        .values_mut()
        .filter(|s| s.status() == SCHEDULED)
        .filter(|s| merchant_uids.is_empty() || merchant_uids.iter().any(|m| s.item.merchant_uid.as_str() == m))
        .filter(|s| customer_uid.as_ref().is_none_or(|c| s.schedule.customer_uid.as_ref() == Some(c)))
        .collect();
    if revoked.is_empty() {
        return Err(Reply::refused(1, "취소할 예약결제 기록이 존재하지 않습니다."));
    }
    revoked.sort_by_key(|s| (s.at(), s.seq));
    let answer: Vec<Schedule> = revoked
        .into_iter()
        .map(|s| {
            s.schedule.schedule_status = Some(REVOKED.to_owned());
            s.schedule.revoked_at = Timestamp::from_unix(now);
            s.schedule.clone()
        })
        .collect();
    Ok(Reply::ok(answer))
}

fn get(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let merchant_uid = call.param("merchant_uid");
    let store = shared.store();
    let entry = store.schedules.get(merchant_uid).ok_or_else(|| not_found(merchant_uid))?;
    Ok(Reply::ok(&entry.schedule))
}

/// A new `schedule_at`, which must be in the future. (The body is read
/// before the schedule's state is looked at: a malformed one is a 400
/// whatever that state.)
fn in_the_future(request: types::ScheduleTimeRequest, now: i64) -> Result<i64, Reply> {
    match request.schedule_at > now {
        true => Ok(request.schedule_at),
        false => Err(Reply::refused(1, "schedule_at은 현재 시각 이후여야 합니다.")),
    }
}

/// `PUT .../schedule/{merchant_uid}`: moves a schedule that has not run.
fn update(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let merchant_uid = call.param("merchant_uid");
    let request: types::ScheduleTimeRequest = body::parse(&call.body)?;
    let now = shared.clock.now();
    let mut store = shared.store();
    let entry = store.schedules.get_mut(merchant_uid).ok_or_else(|| not_found(merchant_uid))?;
    if entry.status() != SCHEDULED {
        return Err(Reply::refused(1, format!("대기 중인 예약결제가 아닙니다. (schedule_status: {})", entry.status())));
    }
    let at = in_the_future(request, now)?;
    entry.schedule.schedule_at = Timestamp::from_unix(at);
    entry.item.schedule_at = at;
    Ok(Reply::ok(&entry.schedule))
}

/// `POST .../{merchant_uid}/reschedule`: a failed or revoked schedule waits again.
fn reschedule(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let merchant_uid = call.param("merchant_uid");
    let request: types::ScheduleTimeRequest = body::parse(&call.body)?;
    let now = shared.clock.now();
    let mut store = shared.store();
    let in_use = store.merchant_uid_in_use(merchant_uid);
    let entry = store.schedules.get_mut(merchant_uid).ok_or_else(|| not_found(merchant_uid))?;
    if !entry.may_run_again() || in_use {
        return Err(Reply::refused(1, "실패했거나 취소된 예약결제만 다시 예약할 수 있습니다."));
    }
    let at = in_the_future(request, now)?;
    let schedule = &mut entry.schedule;
    schedule.schedule_at = Timestamp::from_unix(at);
    schedule.schedule_status = Some(SCHEDULED.to_owned());
    schedule.executed_at = Timestamp::NONE;
    schedule.revoked_at = Timestamp::NONE;
    schedule.imp_uid = None;
    schedule.payment_status = None;
    schedule.fail_reason = None;
    entry.item.schedule_at = at;
    Ok(Reply::ok(&entry.schedule))
}

/// `POST .../{merchant_uid}/retry`: charges a failed or revoked schedule now.
async fn retry(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let merchant_uid = call.param("merchant_uid");
    let now = shared.clock.now();
    let (payment, notice_urls) = {
        let mut store = shared.store();
        let entry = store.schedules.get(merchant_uid).ok_or_else(|| not_found(merchant_uid))?;
        if !entry.may_run_again() {
            return Err(Reply::refused(1, "실패했거나 취소된 예약결제만 다시 결제할 수 있습니다."));
        }
        execute(&mut store, merchant_uid, now)?
    };
    deliver::notify(shared, &notice_urls, deliver::notification(&payment, None)).await;
    Ok(Reply::ok(payment))
}

/// `GET /subscribe/payments/schedule`: by scheduled time in `[from, to)`.
fn by_range(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let status = body::query_value(&call.query, "schedule_status", body::enum_value::<ScheduleStatus>)?;
    let page = page_number(call)?;
    let limit = body::query_value(&call.query, "limit", body::int32_value)?.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Reply::bad_request(format!("`limit` must be between 1 and {MAX_LIMIT}")));
    }
    let earliest_first = match body::query_value(&call.query, "sorting", body::text_value)?.as_deref() {
        None => false,
        Some("scheduled") => true,
        Some(_) => return Err(Reply::bad_request("`sorting` must be scheduled")),
    };
    // Last: a malformed parameter is a 400 even in a window too long.
    let window = window(call, "schedule_from", "schedule_to")?;
    let store = shared.store();
    let mut found = listed(&store, window, status.as_ref(), None);
    if earliest_first {
        found.reverse();
    }
    Ok(Reply::ok(page_of(&found, page, limit)))
}

/// `GET .../customers/{customer_uid}` (two paths): one key's, newest first.
fn by_customer(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let status = body::query_value(&call.query, "schedule-status", body::enum_value::<ScheduleStatus>)?;
    let page = page_number(call)?;
    let window = window(call, "from", "to")?;
    let store = shared.store();
    let found = listed(&store, window, status.as_ref(), Some(call.param("customer_uid")));
    Ok(Reply::ok(page_of(&found, page, DEFAULT_LIMIT)))
}

/// The schedules in the window, newest scheduled time first.
fn listed<'a>(
    store: &'a Store,
    (from, to): (i64, i64),
    status: Option<&ScheduleStatus>,
    customer_uid: Option<&str>,
) -> Vec<&'a Schedule> {
    let mut found: Vec<&ScheduledPayment> = store
        .schedules
        .values()
        .filter(|s| (from..to).contains(&s.at()))
        .filter(|s| status.is_none_or(|wanted| s.status() == wanted.to_string()))
        .filter(|s| customer_uid.is_none_or(|c| s.schedule.customer_uid.as_deref() == Some(c)))
        .collect();
    found.sort_by_key(|s| std::cmp::Reverse((s.at(), s.seq)));
    found.into_iter().map(|s| &s.schedule).collect()
}

/// A required `[from, to)` window of at most [`MAX_WINDOW`] (the API's
/// "about three months"); a longer one is refused.
fn window(call: &Call, from: &str, to: &str) -> Result<(i64, i64), Reply> {
    let from_value = body::required_query(&call.query, from, body::int64_value)?;
    let to_value = body::required_query(&call.query, to, body::int64_value)?;
    if to_value.saturating_sub(from_value) > MAX_WINDOW {
        return Err(window_too_long(from, to));
    }
    Ok((from_value, to_value))
}

fn page_number(call: &Call) -> Result<i64, Reply> {
    let page = body::query_value(&call.query, "page", body::int32_value)?.unwrap_or(1);
    match page >= 1 {
        true => Ok(page),
        false => Err(Reply::bad_request("`page` must be 1 or more")),
    }
}
