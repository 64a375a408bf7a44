//! Paying an order in the payment window: the shop creates the order and
//! registers its amount (`payments/prepare`), hands the page the parameters
//! of `IMP.request_pay`, and settles what the page's callback or the mobile
//! redirect reports.

use std::sync::Arc;

use axum::{
    Json,
    body::Bytes,
    extract::{RawQuery, State},
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use iamport::types;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    browser, html,
    orders::Order,
    settle::{self, Source},
    shop::{PG, Shop},
};

/// What the shop sells: id, name, price in won.
pub const PRODUCTS: &[(&str, &str, u64)] =
    &[("coffee", "원두 커피 1kg", 15_000), ("mug", "머그컵", 8_900), ("gift", "선물 세트", 42_000)];

/// The order form's request.
#[derive(Deserialize)]
pub struct NewOrder {
    product: String,
    /// `card` or `vbank`.
    method: String,
    /// Whether to register the amount with `payments/prepare` first.
    #[serde(default = "yes")]
    prepare: bool,
}

fn yes() -> bool {
    true
}

/// `POST /api/orders`: creates the order at the shop's price and answers
/// the parameters for `IMP.request_pay`.
pub async fn create_order(State(shop): State<Arc<Shop>>, Json(request): Json<NewOrder>) -> Response {
    let Some(&(_, name, price)) = PRODUCTS.iter().find(|(id, _, _)| *id == request.product) else {
        return refusal(StatusCode::BAD_REQUEST, "no such product");
    };
    if !matches!(request.method.as_str(), "card" | "vbank") {
        return refusal(StatusCode::BAD_REQUEST, "the method must be card or vbank");
    }
    let order = shop.orders.create("order", name, price, &request.method);
    if request.prepare {
        let prepare = types::PaymentPrepareRequest::builder().merchant_uid(order.merchant_uid.clone()).amount(price);
        if let Err(e) = shop.client.prepare_payment().body(prepare).send().await {
            return refusal(StatusCode::BAD_GATEWAY, &format!("could not register the amount: {e}"));
        }
        shop.orders.update(&order.merchant_uid, |o| o.history.push(format!("amount {price} KRW registered")));
    }
    Json(json!({ "merchant_uid": order.merchant_uid, "params": request_pay_params(&shop, &order) })).into_response()
}

/// The parameters of `IMP.request_pay` for an order.
pub fn request_pay_params(shop: &Shop, order: &Order) -> Value {
    json!({
        "pg": PG,
        "pay_method": order.method,
        "merchant_uid": order.merchant_uid,
        "name": order.name,
        "amount": order.amount,
        "currency": "KRW",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "buyer@example.com",
        "m_redirect_url": format!("{}/payments/redirect", shop.shop_url),
        "notice_url": shop.notice_url(),
    })
}

/// `POST /payments/complete`: the callback's object, as the page posts it.
pub async fn complete(State(shop): State<Arc<Shop>>, body: Bytes) -> Response {
    let report = match browser::from_callback(&body) {
        Ok(report) => report,
        Err(e) => return refusal(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    match settle::settle(&shop, Source::Callback, report).await {
        Ok(order) => Json(answer(&order)).into_response(),
        Err(e) => refusal(StatusCode::NOT_FOUND, &e.to_string()),
    }
}

/// `GET /payments/redirect`: where a mobile browser lands after the window.
pub async fn redirect(State(shop): State<Arc<Shop>>, RawQuery(query): RawQuery) -> Response {
    let report = match browser::from_query(query.as_deref()) {
        Ok(report) => report,
        Err(e) => return (StatusCode::BAD_REQUEST, result_page("error", &e.to_string())).into_response(),
    };
    match settle::settle(&shop, Source::Redirect, report).await {
        Ok(order) => result_page(order.state.key(), &message(&order)).into_response(),
        Err(e) => (StatusCode::NOT_FOUND, result_page("error", &e.to_string())).into_response(),
    }
}

/// The order as the pages show it after a payment.
pub fn answer(order: &Order) -> Value {
    json!({
        "merchant_uid": order.merchant_uid,
        "imp_uid": order.imp_uid,
        "state": order.state.key(),
        "message": message(order),
    })
}

fn message(order: &Order) -> String {
    format!("Order {} ({}, {} KRW): {}", order.merchant_uid, order.name, order.amount, order.state.describe())
}

fn result_page(state: &str, message: &str) -> Html<String> {
    let body = format!("{}\n<p><a href=\"/orders\">All orders</a></p>", html::result(state, message));
    html::page("Payment result", None, &body)
}

/// An error answer the pages show.
pub fn refusal(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "state": "error", "message": message }))).into_response()
}
