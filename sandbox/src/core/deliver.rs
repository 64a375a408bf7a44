//! The sandbox's outgoing webhooks: notifications, CVS confirm requests and
//! the checkout's payment confirm requests (`confirm_url`).
//!
//! They go only to loopback hosts (127.0.0.1, ::1, localhost): a sandbox
//! fed arbitrary URLs, by a fuzzer for instance, must not reach out to the
//! internet. Every attempt is recorded; see [`crate::Sandbox::deliveries`].

use std::time::Duration;

use iamport::{
    types::Payment,
    webhook::{CvsConfirm, Notification},
};

use super::Shared;

/// How long the sandbox waits for a merchant's webhook handler.
pub(crate) const DELIVERY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the API waits for a merchant's `confirm_url` before it fails
/// the payment.
pub(crate) const PAYMENT_CONFIRM_TIMEOUT: Duration = Duration::from_secs(10);
/// The most of a `confirm_url` answer the sandbox reads (for its `reason`).
const MAX_CONFIRM_ANSWER: usize = 64 * 1024;

/// What the sandbox POSTed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryKind {
    /// A payment notification to a `notice_url`.
    Notification(Notification),
    /// A convenience-store confirm request to a `confirm_url`.
    CvsConfirm(CvsConfirm),
    /// A checkout's request to a payment's `confirm_url`, before approval.
    PaymentConfirm(PaymentConfirm),
}

/// What the API POSTs to a payment's `confirm_url` before it approves the
/// payment: anything but HTTP 200 fails the payment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaymentConfirm {
    /// The payment's `imp_uid`.
    pub imp_uid: String,
    /// The merchant's order id.
    pub merchant_uid: String,
    /// The amount about to be approved.
    pub amount: serde_json::Number,
}

/// How a delivery went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryOutcome {
    /// The merchant answered with this HTTP status.
    Answered(u16),
    /// No answer: connection refused, timed out or cut.
    NoAnswer,
    /// Not sent: the URL is not on a loopback host.
    NotLoopback,
}

/// One webhook the sandbox sent or declined to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Where it went.
    pub url: String,
    /// What was sent.
    pub kind: DeliveryKind,
    /// How it went.
    pub outcome: DeliveryOutcome,
}

/// How the sandbox encodes notifications.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotificationFormat {
    /// `application/json` (the default).
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
}

/// The notification of a payment's current status.
pub(crate) fn notification(payment: &Payment, cancellation_id: Option<String>) -> Notification {
    Notification {
        imp_uid: payment.imp_uid.clone(),
        merchant_uid: payment.merchant_uid.clone(),
        status: payment.status.clone(),
        cancellation_id,
    }
}

/// POSTs `notification` to each URL, one after the other.
pub(crate) async fn notify(shared: &Shared, urls: &[String], notification: Notification) {
    for url in urls {
        let (body, content_type) = match shared.notification_format {
            NotificationFormat::Json => (serde_json::to_vec(&notification).ok(), "application/json"),
            NotificationFormat::Form => (
                serde_urlencoded::to_string(&notification).ok().map(String::into_bytes),
                "application/x-www-form-urlencoded",
            ),
        };
        let outcome = match body {
            Some(body) => post(shared, url, content_type, body).await,
            None => DeliveryOutcome::NoAnswer,
        };
        record(shared, url, DeliveryKind::Notification(notification.clone()), outcome);
    }
}

/// POSTs a confirm request and returns how it went.
pub(crate) async fn confirm(shared: &Shared, url: &str, confirm: CvsConfirm) -> DeliveryOutcome {
    let outcome = match serde_json::to_vec(&confirm) {
        Ok(body) => post(shared, url, "application/json", body).await,
        Err(_) => DeliveryOutcome::NoAnswer,
    };
    record(shared, url, DeliveryKind::CvsConfirm(confirm), outcome);
    outcome
}

/// POSTs a payment's confirm request (JSON) and returns how it went, with
/// the `reason` of a JSON answer `{"reason": "..."}` when there is one.
pub(crate) async fn confirm_payment(
    shared: &Shared,
    url: &str,
    confirm: PaymentConfirm,
) -> (DeliveryOutcome, Option<String>) {
    let answered = match serde_json::to_vec(&confirm) {
        Ok(body) => exchange(shared, url, "application/json", body, PAYMENT_CONFIRM_TIMEOUT, true).await,
        Err(_) => (DeliveryOutcome::NoAnswer, None),
    };
    record(shared, url, DeliveryKind::PaymentConfirm(confirm), answered.0);
    let reason = answered.1.and_then(|body| {
        let answer: serde_json::Value = serde_json::from_slice(&body).ok()?;
        answer.get("reason")?.as_str().map(str::to_owned)
    });
    (answered.0, reason)
}

async fn post(shared: &Shared, url: &str, content_type: &str, body: Vec<u8>) -> DeliveryOutcome {
    // The status is all that is kept; the merchant's body is not read.
    exchange(shared, url, content_type, body, DELIVERY_TIMEOUT, false).await.0
}

/// One POST to a loopback URL within `timeout`: how it went, and the
/// answer's body when `read_answer` (up to [`MAX_CONFIRM_ANSWER`]).
async fn exchange(
    shared: &Shared,
    url: &str,
    content_type: &str,
    body: Vec<u8>,
    timeout: Duration,
    read_answer: bool,
) -> (DeliveryOutcome, Option<bytes::Bytes>) {
    use http_body_util::BodyExt;
    let Some(url) = url::Url::parse(url).ok().filter(is_loopback) else { return (DeliveryOutcome::NotLoopback, None) };
    let request = hyper::Request::post(url.as_str())
        .header(hyper::header::CONTENT_TYPE, content_type)
        .body(http_body_util::Full::new(bytes::Bytes::from(body)));
    let Ok(request) = request else { return (DeliveryOutcome::NoAnswer, None) };
    let exchanged = async {
        let response = shared.http.request(request).await.ok()?;
        let status = response.status().as_u16();
        let answer = match read_answer {
            true => http_body_util::Limited::new(response.into_body(), MAX_CONFIRM_ANSWER)
                .collect()
                .await
                .ok()
                .map(|collected| collected.to_bytes()),
            false => None,
        };
        Some((status, answer))
    };
    match tokio::time::timeout(timeout, exchanged).await {
        Ok(Some((status, answer))) => (DeliveryOutcome::Answered(status), answer),
        Ok(None) | Err(_) => (DeliveryOutcome::NoAnswer, None),
    }
}

fn record(shared: &Shared, url: &str, kind: DeliveryKind, outcome: DeliveryOutcome) {
    tracing::debug!(url, ?outcome, "sandbox webhook");
    shared.deliveries.lock().unwrap_or_else(|e| e.into_inner()).push(Delivery { url: url.to_owned(), kind, outcome });
}

/// An `http`/`https` URL whose host is `localhost` or a loopback address.
fn is_loopback(url: &url::Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback_host =
        host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    loopback_host && matches!(url.scheme(), "http" | "https")
}
