//! What the listings of several groups share: pages of results, the
//! `page`, `limit` and `sorting` of a payment listing, and the
//! `payment_status` path segment of the lookups.

use serde::Serialize;
use serde_json::json;

use iamport::{
    enums::{PaymentSorting, PaymentStatus},
    types,
};

use super::{Shared, body, reply::Reply, server::Call, simulation::SimulationError, store::Record};

/// The longest window `getPaymentsByStatus` and the schedule listings take.
pub(crate) const MAX_WINDOW: i64 = 90 * 86_400;
const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 1000;

/// The `payment_status` path segment, `with_status` (`None` without it).
pub(crate) fn status_filter(call: &Call, with_status: bool) -> Result<Option<PaymentStatus>, Reply> {
    if !with_status {
        return Ok(None);
    }
    match body::enum_value::<types::PaymentStatusFilter>(call.param("payment_status")) {
        Some(filter) => Ok(Some(PaymentStatus::from(filter.to_string().as_str()))),
        None => Err(Reply::bad_request("`payment_status` must be ready, paid, cancelled or failed")),
    }
}

/// The refusal of a window longer than [`MAX_WINDOW`]: a business refusal
/// (HTTP 200, `code: 1`), as the API answers what its schema cannot express,
/// rather than a 400, which the spec reserves for requests it makes invalid.
pub(crate) fn window_too_long(from: &str, to: &str) -> Reply {
    Reply::refused(1, format!("`{from}` to `{to}` spans more than 90 days; ask for at most 90 days at a time"))
}

/// Stores payments as given (`Sandbox::import_payments`): test data for
/// the listings, each last updated at the latest of its times.
pub(crate) fn import(
    shared: &Shared,
    payments: impl IntoIterator<Item = types::Payment>,
) -> Result<usize, SimulationError> {
    let mut store = shared.store();
    let mut count = 0;
    for payment in payments {
        if store.get(&payment.imp_uid).is_some() {
            return Err(SimulationError::Refused(format!("{} is already stored", payment.imp_uid)));
        }
        let p = &payment;
        let times = [p.started_at, p.paid_at, p.failed_at, p.cancelled_at];
        let updated_at = times.into_iter().map(|t| t.raw()).max().unwrap_or_default();
        store.insert(payment, Vec::new(), None, updated_at);
        count += 1;
    }
    Ok(count)
}

/// Page `page` (from 1) of `limit` items: `{total, previous, next, list}`,
/// the neighbouring page numbers `0` when there is none.
pub(crate) fn page_of<T: Serialize>(items: &[T], page: i64, limit: i64) -> serde_json::Value {
    let total = items.len() as i64;
    let start = (page - 1).saturating_mul(limit);
    let list: Vec<&T> = items
        .iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .collect();
    let next = if start.saturating_add(limit) < total { page + 1 } else { 0 };
    json!({ "total": total, "previous": page - 1, "next": next, "list": list })
}

/// `page`, `limit` and `sorting` of a listing.
pub(crate) struct Paging {
    page: i64,
    limit: i64,
    pub(crate) sorting: PaymentSorting,
}

impl Paging {
    pub(crate) fn read(call: &Call) -> Result<Self, Reply> {
        let number = |raw: &str| raw.parse::<i32>().ok().map(i64::from);
        let page = body::query_value(&call.query, "page", number)?.unwrap_or(1);
        let limit = body::query_value(&call.query, "limit", number)?.unwrap_or(DEFAULT_LIMIT);
        if page < 1 {
            return Err(Reply::bad_request("`page` must be 1 or more"));
        }
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(Reply::bad_request(format!("`limit` must be between 1 and {MAX_LIMIT}")));
        }
        let sorting =
            body::query_value(&call.query, "sorting", body::enum_value::<PaymentSorting>)?.unwrap_or_default();
        Ok(Self { page, limit, sorting })
    }

    /// The page asked for.
    pub(crate) fn page(&self, records: &[&Record]) -> Reply {
        let payments: Vec<&types::Payment> = records.iter().map(|r| &r.payment).collect();
        Reply::ok(page_of(&payments, self.page, self.limit))
    }
}
