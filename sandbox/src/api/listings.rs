//! Payment listings: several payments by id (`getPaymentListByImpUid`),
//! every payment of a `merchant_uid` (`getAllPaymentsByMerchantUid*`) and
//! payments by status in a time window (`getPaymentsByStatus`), a page at
//! a time.

use iamport::{
    StatusCode,
    enums::{PaymentSorting, PaymentStatus},
    types,
};

use crate::core::{
    Shared, body,
    paging::{MAX_WINDOW, Paging, status_filter, window_too_long},
    reply::Reply,
    server::{Call, Handlers, ready},
    store::{Record, sorted},
};

pub(crate) const HANDLERS: Handlers = &[
    ("getPaymentListByImpUid", |shared, call| ready(by_ids(shared, call))),
    ("getAllPaymentsByMerchantUidAnyStatus", |shared, call| ready(by_merchant_uid(shared, call, false))),
    ("getAllPaymentsByMerchantUid", |shared, call| ready(by_merchant_uid(shared, call, true))),
    ("getPaymentsByStatus", |shared, call| ready(by_status(shared, call))),
];

/// The most ids `getPaymentListByImpUid` takes, as the spec says.
const MAX_IDS: usize = 100;

/// `GET /payments?imp_uid[]=..&merchant_uid[]=..`: 200 when every payment
/// named is found, 207 with the ones found when only some are, 404 when none
/// is (or none is named).
pub(crate) fn by_ids(shared: &Shared, call: &Call) -> Reply {
    let values =
        |name: &str| -> Vec<&str> { call.query.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect() };
    let (imp_uids, merchant_uids) = (values("imp_uid[]"), values("merchant_uid[]"));
    for (name, list) in [("imp_uid[]", &imp_uids), ("merchant_uid[]", &merchant_uids)] {
        if list.len() > MAX_IDS {
            return Reply::bad_request(format!("`{name}` names more than {MAX_IDS} payments"));
        }
    }
    let store = shared.store();
    let by_imp_uid = imp_uids.iter().map(|imp_uid| store.get(imp_uid));
    let by_merchant_uid =
        merchant_uids.iter().map(|merchant_uid| store.find(merchant_uid, None, PaymentSorting::StartedNewestFirst));
    let (mut found, mut missing) = (Vec::<&types::Payment>::new(), false);
    for record in by_imp_uid.chain(by_merchant_uid) {
        match record {
            Some(r) if !found.iter().any(|p| p.imp_uid == r.payment.imp_uid) => found.push(&r.payment),
            Some(_) => {}
            None => missing = true,
        }
    }
    match (found.is_empty(), missing) {
        (true, _) => Reply::payment_not_found(),
        (false, false) => Reply::ok(found),
        (false, true) => Reply::ok(found).with_status(StatusCode::MULTI_STATUS),
    }
}

/// `GET /payments/findAll/{merchant_uid}[/{payment_status}]`.
pub(crate) fn by_merchant_uid(shared: &Shared, call: &Call, with_status: bool) -> Reply {
    let status = match status_filter(call, with_status) {
        Ok(status) => status,
        Err(reply) => return reply,
    };
    let paging = match Paging::read(call) {
        Ok(paging) => paging,
        Err(reply) => return reply,
    };
    let store = shared.store();
    let records = store
        .under_merchant_uid(call.param("merchant_uid"))
        .filter(|r| status.as_ref().is_none_or(|s| &r.payment.status == s));
    let records = sorted(records, paging.sorting);
    if records.is_empty() {
        return Reply::payment_not_found();
    }
    paging.page(&records)
}

/// `GET /payments/status/{payment_status}?from=..&to=..`: the time compared
/// is the one of the status (started for `ready` and `all`).
pub(crate) fn by_status(shared: &Shared, call: &Call) -> Reply {
    let status = match body::enum_value::<types::PaymentStatusOrAll>(call.param("payment_status")) {
        Some(types::PaymentStatusOrAll::All) => None,
        Some(other) => Some(PaymentStatus::from(other.to_string().as_str())),
        None => return Reply::bad_request("`payment_status` must be all, ready, paid, cancelled or failed"),
    };
    let paging = match Paging::read(call) {
        Ok(paging) => paging,
        Err(reply) => return reply,
    };
    let unix = |raw: &str| raw.parse::<i64>().ok();
    let (to, from) = match (body::query_value(&call.query, "to", unix), body::query_value(&call.query, "from", unix)) {
        (Ok(to), Ok(from)) => {
            let to = to.unwrap_or_else(|| shared.clock.now());
            (to, from.unwrap_or(to.saturating_sub(MAX_WINDOW)))
        }
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    // A wider window is refused, as the API does; `from` after `to` is an
    // empty window.
    if to.saturating_sub(from) > MAX_WINDOW {
        return window_too_long("from", "to");
    }
    let time = |r: &Record| -> i64 {
        let p = &r.payment;
        let at = match status {
            Some(PaymentStatus::Paid) => p.paid_at,
            Some(PaymentStatus::Cancelled) => p.cancelled_at,
            Some(PaymentStatus::Failed) => p.failed_at,
            _ => p.started_at,
        };
        at.raw()
    };
    let store = shared.store();
    let records = store
        .all()
        .filter(|r| status.as_ref().is_none_or(|s| &r.payment.status == s))
        .filter(|r| (from..=to).contains(&time(r)));
    paging.page(&sorted(records, paging.sorting))
}
