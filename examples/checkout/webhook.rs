//! `POST /iamport/webhook`: the notification i'mport sends to `notice_url`
//! (JSON or form-encoded). It is unsigned and may come twice, late, or
//! before the browser's report: the shop counts it, then settles the
//! payment it names exactly as it settles the callback, which is
//! idempotent.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode, header::CONTENT_TYPE},
};
use iamport::webhook::{MAX_BODY_LEN, Notification};

use crate::{
    settle::{self, Report, Source},
    shop::Shop,
};

/// Receives one notification.
pub async fn receive(State(shop): State<Arc<Shop>>, headers: HeaderMap, body: Bytes) -> (StatusCode, String) {
    if body.len() > MAX_BODY_LEN {
        return (StatusCode::PAYLOAD_TOO_LARGE, "too large".to_owned());
    }
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let notification = match Notification::parse(content_type, &body) {
        Ok(notification) => notification,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()),
    };
    let counted = shop.orders.update(&notification.merchant_uid, |order| {
        order.webhooks += 1;
        order.history.push(format!("webhook received (\"{}\" for {})", notification.status, notification.imp_uid));
    });
    if counted.is_none() {
        return (StatusCode::NOT_FOUND, format!("no order {}", notification.merchant_uid));
    }
    let report = Report {
        imp_uid: Some(notification.imp_uid.clone()),
        merchant_uid: notification.merchant_uid.clone(),
        failure: None,
    };
    match settle::settle(&shop, Source::Webhook, report).await {
        // 200 whatever the verdict: the webhook was received; resending it
        // would not change what the API says about the payment.
        Ok(order) => (StatusCode::OK, format!("order {} is {}", order.merchant_uid, order.state.key())),
        Err(e) => (StatusCode::NOT_FOUND, e.to_string()),
    }
}
