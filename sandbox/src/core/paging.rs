//! What the listings of several groups share: pages of results, the
//! `page`, `limit` and `sorting` of a payment listing, and the
//! `payment_status` path segment of the lookups.

use serde::Serialize;
use serde_json::json;

use iamport::{
    enums::{PaymentSorting, PaymentStatus},
    types,
};

use super::{body, reply::Reply, server::Call, store::Record};

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
