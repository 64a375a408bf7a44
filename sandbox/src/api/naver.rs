//! Naver Pay (naver): the product orders of a payment, moved by the
//! seller's operations (see `core::naver_orders` for the moves), points,
//! purchase confirmation, reviews and cash-receipt amounts.
//!
//! A Naver Pay payment comes from `core::naver::simulate_order` (the buyer
//! paying on Naver's side), and the buyer's cancel and exchange requests
//! from `simulate_claim` there. The operations that move product orders handle each
//! one on its own, as the API does: 200 when all moved, 207 with those
//! that did when only some did, 500 when none did.

use iamport::{StatusCode, enums::PaymentStatus, types::Payment};
use serde::{
    Deserialize,
    de::{DeserializeOwned, IgnoredAny},
};
use serde_json::{Value, json};

use crate::core::{
    Shared, body, deliver,
    naver::is_naver,
    naver_orders::{NaverProductOrder, ProductOrder, Refusal},
    refunds::refund,
    reply::Reply,
    server::{Call, Handlers, later, ready},
    store::Store,
};

/// `product_order_id`: the product orders named, or all of the payment's.
type Ids = Option<Vec<String>>;

/// What the sandbox reads of a request that moves product orders
/// (`NaverProductOrdersRequest`, `NaverCancelRequest`, ...), each checked
/// against its schema in the spec whole.
#[derive(Deserialize)]
struct Moves {
    product_order_id: Ids,
}

/// What the sandbox reads of a `NaverShipRequest`.
#[derive(Deserialize)]
struct Shipment {
    product_order_id: Ids,
    dispatched_at: i64,
}

fn ids(request: &Moves) -> &Ids {
    &request.product_order_id
}

pub(crate) const HANDLERS: Handlers = &[
    ("naverPlaceProductOrder", |s, c| later(act(s, c, "NaverProductOrdersRequest", ids, |o, _, _| o.place()))),
    ("naverShipProductOrder", |s, c| {
        later(act(s, c, "NaverShipRequest", |r: &Shipment| &r.product_order_id, |o, r, _| o.ship(r.dispatched_at)))
    }),
    ("naverCancelProductOrder", |s, c| later(act(s, c, "NaverCancelRequest", ids, |o, _, _| o.cancel()))),
    ("naverApproveCancelProductOrder", |s, c| {
        later(act(s, c, "NaverProductOrdersRequest", ids, |o, _, _| o.approve_cancel()))
    }),
    ("naverRequestReturnProductOrder", |s, c| {
        later(act(s, c, "NaverRequestReturnRequest", ids, |o, _, _| o.request_return()))
    }),
    ("naverApproveReturnProductOrder", |s, c| {
        later(act(s, c, "NaverApproveReturnRequest", ids, |o, _, _| o.approve_return()))
    }),
    ("naverRejectReturnProductOrder", |s, c| {
        later(act(s, c, "NaverRejectReturnRequest", ids, |o, _, _| o.reject_return()))
    }),
    ("naverWithholdReturnProductOrder", |s, c| {
        later(act(s, c, "NaverWithholdReturnRequest", ids, |o, _, _| o.withhold_return()))
    }),
    ("naverResolveReturnProductOrder", |s, c| {
        later(act(s, c, "NaverProductOrdersRequest", ids, |o, _, _| o.resolve_return()))
    }),
    ("naverCollectProductOrder", |s, c| {
        later(act(s, c, "NaverProductOrdersRequest", ids, |o, _, _| o.collect_exchanged()))
    }),
    ("naverShipExchangedProductOrder", |s, c| {
        later(act(s, c, "NaverShipExchangedRequest", ids, |o, _, now| o.ship_exchanged(now)))
    }),
    ("naverConfirmPayment", |s, c| ready(confirm(s, c))),
    ("naverDepositPoint", |s, c| ready(deposit_point(s, c))),
    ("getProductOrders", |s, c| ready(product_orders(s, c))),
    ("getProductOrderSingle", |s, c| ready(product_order(s, c))),
    ("getReviews", |s, c| ready(reviews(s, c))),
    ("queryCashAmount", |s, c| ready(cash_amount(s, c))),
];

fn not_naver() -> Reply {
    Reply::refused(1, "네이버페이 주문형 결제건이 아닙니다.")
}

/// The product orders of `imp_uid`, brought up to `now`, in id order.
fn orders_of<'a>(store: &'a mut Store, imp_uid: &str, now: i64) -> Vec<&'a mut ProductOrder> {
    let mut orders: Vec<&mut ProductOrder> = store.naver_orders.values_mut().filter(|o| o.imp_uid == imp_uid).collect();
    orders.iter_mut().for_each(|o| o.catch_up(now));
    orders.sort_by(|a, b| a.id().cmp(b.id()));
    orders
}

/// Moves the product orders named (all of the payment's without
/// `product_order_id`) one by one; refunds those that end cancelled or
/// returned, and notifies the refunds.
async fn act<T: DeserializeOwned>(
    shared: &Shared,
    call: &Call,
    schema: &str,
    ids: fn(&T) -> &Ids,
    step: fn(&mut ProductOrder, &T, i64) -> Result<(), Refusal>,
) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    let request: T = body::parse_checked(&call.body, schema)?;
    let now = shared.clock.now();
    let (reply, refunded) = {
        let mut store = shared.store();
        if !store.get(imp_uid).is_some_and(|r| is_naver(&r.payment)) {
            return Err(match store.get(imp_uid) {
                None => Reply::payment_not_found(),
                Some(_) => not_naver(),
            });
        }
        let named: Vec<String> = match ids(&request) {
            Some(ids) => ids.clone(),
            None => orders_of(&mut store, imp_uid, now).iter().map(|o| o.id().to_owned()).collect(),
        };
        let (mut moved, mut refunds, mut refusal): (Vec<NaverProductOrder>, Vec<f64>, Option<Refusal>) =
            (Vec::new(), Vec::new(), None);
        for id in &named {
            let Some(order) = store.naver_orders.get_mut(id).filter(|o| o.imp_uid == imp_uid) else {
                refusal.get_or_insert("이 결제건의 상품주문번호가 아닙니다.");
                continue;
            };
            order.catch_up(now);
            let was = order.order.product_order_status.clone();
            match step(order, &request, now) {
                Ok(()) => {
                    let ended = matches!(order.order.product_order_status.as_deref(), Some("CANCELED" | "RETURNED"));
                    if ended && order.order.product_order_status != was {
                        refunds.push(order.amount());
                    }
                    moved.push(order.order.clone());
                }
                Err(why) => {
                    refusal.get_or_insert(why);
                }
            }
        }
        let refunded = give_back(&mut store, imp_uid, &refunds, now);
        let reply = match (moved.is_empty(), refusal) {
            (true, why) => {
                Reply::failure(StatusCode::INTERNAL_SERVER_ERROR, -1, why.unwrap_or("처리할 상품주문이 없습니다."))
            }
            (false, None) => Reply::ok(moved),
            (false, Some(_)) => Reply::ok(moved).with_status(StatusCode::MULTI_STATUS),
        };
        (reply, refunded)
    };
    if let Some((payment, notice_urls, cancellation_ids)) = refunded {
        for cancellation_id in cancellation_ids {
            deliver::notify(shared, &notice_urls, deliver::notification(&payment, Some(cancellation_id))).await;
        }
    }
    Ok(reply)
}

/// Refunds each amount from the payment: the payment after, where to
/// notify, and the cancels' ids.
fn give_back(
    store: &mut Store,
    imp_uid: &str,
    amounts: &[f64],
    now: i64,
) -> Option<(Payment, Vec<String>, Vec<String>)> {
    if amounts.is_empty() {
        return None;
    }
    let ids: Vec<u64> = amounts.iter().map(|_| store.next_id()).collect();
    let record = store.get_mut(imp_uid)?;
    let mut cancellation_ids = Vec::new();
    for (amount, n) in amounts.iter().zip(ids) {
        let left = record.payment.amount - record.payment.cancel_amount;
        if left > 0.0 {
            let reason = Some("네이버페이 상품주문 취소·반품".to_owned());
            cancellation_ids.push(refund(&mut record.payment, amount.min(left), reason, n, now));
        }
    }
    record.updated_at = now;
    Some((record.payment.clone(), record.notice_urls.clone(), cancellation_ids))
}

/// The payment `imp_uid`, a Naver Pay one (404 when unknown).
fn naver_payment(store: &Store, imp_uid: &str) -> Result<Payment, Reply> {
    let payment = &store.get(imp_uid).ok_or_else(Reply::payment_not_found)?.payment;
    match is_naver(payment) {
        true => Ok(payment.clone()),
        false => Err(not_naver()),
    }
}

/// `POST .../naver/confirm`: the purchase confirmed for every product order
/// that can be.
fn confirm(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let _: IgnoredAny = body::parse_checked(&call.body, "NaverConfirmRequest")?;
    let imp_uid = call.param("imp_uid");
    let now = shared.clock.now();
    let mut store = shared.store();
    naver_payment(&store, imp_uid)?;
    let decided = orders_of(&mut store, imp_uid, now).into_iter().filter_map(|o| o.decide(now).ok()).count();
    match decided {
        0 => Err(Reply::refused(1, "구매확정할 수 있는 상품주문이 없습니다.")),
        _ => Ok(Reply::ok(Value::Null)),
    }
}

/// `POST .../naver/point`: once per paid payment.
fn deposit_point(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    let mut store = shared.store();
    let payment = naver_payment(&store, imp_uid)?;
    if payment.status != PaymentStatus::Paid {
        return Err(Reply::refused(1, "결제완료 상태의 결제건에만 포인트를 적립할 수 있습니다."));
    }
    if !store.naver_points.insert(imp_uid.to_owned()) {
        return Err(Reply::refused(1, "이미 포인트가 적립된 결제건입니다."));
    }
    Ok(Reply::ok(Value::Null))
}

fn product_orders(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let imp_uid = call.param("imp_uid");
    let now = shared.clock.now();
    let mut store = shared.store();
    store.get(imp_uid).ok_or_else(Reply::payment_not_found)?;
    let orders: Vec<NaverProductOrder> =
        orders_of(&mut store, imp_uid, now).into_iter().map(|o| o.order.clone()).collect();
    Ok(Reply::ok(orders))
}

fn product_order(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let now = shared.clock.now();
    let mut store = shared.store();
    let order = store
        .naver_orders
        .get_mut(call.param("product_order_id"))
        .ok_or_else(|| Reply::failure(StatusCode::NOT_FOUND, 1, "존재하지 않는 상품주문번호입니다."))?;
    order.catch_up(now);
    Ok(Reply::ok(&order.order))
}

/// `GET /naver/reviews`: in the sandbox, every confirmed purchase in the
/// window has a general review; there are no premium ones.
fn reviews(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    body::required_query(&call.query, "channel_key", |raw| (!raw.is_empty()).then(|| raw.to_owned()))?;
    let from = body::required_query(&call.query, "from", body::int64_value)?;
    let to = body::required_query(&call.query, "to", body::int64_value)?;
    let premium = match body::required_query(&call.query, "review_type", body::text_value)?.as_str() {
        "general" => false,
        "premium" => true,
        _ => return Err(Reply::bad_request("`review_type` must be general or premium")),
    };
    let store = shared.store();
    let mut decided: Vec<(&ProductOrder, i64)> = store
        .naver_orders
        .values()
        .filter(|_| !premium)
        .filter_map(|o| o.decided_at.filter(|at| (from..=to).contains(at)).map(|at| (o, at)))
        .collect();
    decided.sort_by(|(a, _), (b, _)| a.id().cmp(b.id()));
    // `NaverReview` in the spec; the fields left out are null.
    let reviews: Vec<Value> = decided
        .into_iter()
        .map(|(o, at)| {
            json!({
                "review_id": format!("review-{}", o.id()),
                "score": "5",
                "title": "잘 받았습니다 (sandbox)",
                "product_order_id": o.id(),
                "product_id": o.order.product_id,
                "product_name": o.order.product_name,
                "product_option_name": o.order.product_option_name,
                "writer": "sandbox****",
                "created_at": at,
                "modified_at": at,
            })
        })
        .collect();
    Ok(Reply::ok(reviews))
}

/// `GET .../naver/cash-amount`: what is left, all by the primary means.
fn cash_amount(shared: &Shared, call: &Call) -> Result<Reply, Reply> {
    let store = shared.store();
    // queryCashAmount documents no 404: a business failure.
    let record = store.get(call.param("imp_uid")).ok_or_else(|| Reply::refused(-1, "존재하지 않는 결제정보입니다."))?;
    if !is_naver(&record.payment) {
        return Err(not_naver());
    }
    let total = record.payment.amount - record.payment.cancel_amount;
    let vat = (total / 11.0).round();
    // `NaverCashAmount` in the spec.
    Ok(Reply::ok(json!({
        "amount_total": total,
        "amount_by_npoint": 0.0,
        "amount_by_primary": total,
        "amount_supply": total - vat,
        "amount_vat": vat,
    })))
}
