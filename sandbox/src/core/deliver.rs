//! The sandbox's outgoing webhooks: notifications, CVS confirm requests and
//! the checkout's payment confirm requests (`confirm_url`).
//!
//! They go only to loopback hosts (127.0.0.1, ::1, localhost) and the hosts
//! the sandbox was told to allow (see [`super::webhook_target`]). Every
//! attempt is recorded; see [`crate::Sandbox::deliveries`].

use std::time::Duration;

use iamport::{
    types::Payment,
    webhook::{CvsConfirm, Notification},
};

use super::{Shared, simulation::SimulationError, webhook_log::WebhookMode, webhook_target};

/// How long the sandbox waits for a merchant's webhook handler.
pub(crate) const DELIVERY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the API waits for a merchant's `confirm_url` before it fails
/// the payment.
const PAYMENT_CONFIRM_TIMEOUT: Duration = Duration::from_secs(10);
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
    /// Not sent: the URL's host is neither loopback nor allowed
    /// ([`crate::SandboxBuilder::allow_webhooks_to`]).
    NotLoopback,
    /// Held until the sandbox clock reaches `due_at` ([`WebhookMode::Late`]).
    Pending {
        /// When it goes (sandbox clock, unix seconds).
        due_at: i64,
    },
    /// Not sent, on purpose ([`WebhookMode::Never`]).
    Dropped,
}

/// One webhook the sandbox sent, holds or did not send.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delivery {
    /// Its number in the sandbox, counting from 1 in order (to replay it).
    pub id: u64,
    /// Where it went.
    pub url: String,
    /// What was sent.
    pub kind: DeliveryKind,
    /// How it was encoded (confirm requests are always JSON).
    pub format: NotificationFormat,
    /// When it was sent, or, if it was not, recorded (sandbox clock, unix seconds).
    pub at: i64,
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

/// Delivers `notification` to each URL, one after the other, as the
/// webhook mode says: once, twice, held for later or not at all. With no
/// URL, to the sandbox's default notice URL (if it has one), as the
/// console's setting is used for a payment that names none.
pub(crate) async fn notify(shared: &Shared, urls: &[String], notification: Notification) {
    let urls = match urls.is_empty() {
        true => shared.default_notice_url.as_slice(),
        false => urls,
    };
    let (mode, format) = {
        let log = shared.webhooks();
        (log.mode, log.format)
    };
    for url in urls {
        let kind = DeliveryKind::Notification(notification.clone());
        let now = shared.clock.now();
        match mode {
            WebhookMode::Once => {
                send(shared, url, &notification, format).await;
            }
            WebhookMode::Twice => {
                send(shared, url, &notification, format).await;
                send(shared, url, &notification, format).await;
            }
            WebhookMode::Late(delay) => {
                let due_at = now.saturating_add(i64::try_from(delay.as_secs()).unwrap_or(i64::MAX));
                shared.webhooks().record(url, kind, format, DeliveryOutcome::Pending { due_at }, now);
            }
            WebhookMode::Never => {
                shared.webhooks().record(url, kind, format, DeliveryOutcome::Dropped, now);
            }
        }
    }
}

/// Sends the held notifications that are due on the sandbox clock.
pub(crate) async fn send_due(shared: &Shared) {
    let due = shared.webhooks().take_due(shared.clock.now());
    for held in due {
        let DeliveryKind::Notification(notification) = &held.kind else { continue };
        let outcome = post_notification(shared, &held.url, notification, held.format).await;
        tracing::debug!(url = held.url, ?outcome, "sandbox webhook, held until now");
        shared.webhooks().sent(held.id, outcome, shared.clock.now());
    }
}

/// Sends the notification `id` again, now, to the same URL, encoded as
/// `format` (or as the sandbox encodes notifications now), whatever the
/// webhook mode. Returns the new delivery.
pub(crate) async fn replay(
    shared: &Shared,
    id: u64,
    format: Option<NotificationFormat>,
) -> Result<Delivery, SimulationError> {
    let (original, current_format) = {
        let log = shared.webhooks();
        (log.get(id).cloned().ok_or(SimulationError::UnknownWebhook)?, log.format)
    };
    let DeliveryKind::Notification(notification) = original.kind else { return Err(SimulationError::NotANotification) };
    let id = send(shared, &original.url, &notification, format.unwrap_or(current_format)).await;
    shared.webhooks().get(id).cloned().ok_or(SimulationError::UnknownWebhook)
}

/// POSTs a notification now and records it; its id.
async fn send(shared: &Shared, url: &str, notification: &Notification, format: NotificationFormat) -> u64 {
    let outcome = post_notification(shared, url, notification, format).await;
    tracing::debug!(url, ?outcome, "sandbox webhook");
    let kind = DeliveryKind::Notification(notification.clone());
    shared.webhooks().record(url, kind, format, outcome, shared.clock.now())
}

async fn post_notification(
    shared: &Shared,
    url: &str,
    notification: &Notification,
    format: NotificationFormat,
) -> DeliveryOutcome {
    let (body, content_type) = match format {
        NotificationFormat::Json => (serde_json::to_vec(notification).ok(), "application/json"),
        NotificationFormat::Form => (
            serde_urlencoded::to_string(notification).ok().map(String::into_bytes),
            "application/x-www-form-urlencoded",
        ),
    };
    match body {
        Some(body) => post(shared, url, content_type, body).await,
        None => DeliveryOutcome::NoAnswer,
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

/// One POST to an allowed URL (loopback, or a host of `--allow-webhooks-to`)
/// within `timeout`: how it went, and the answer's body when `read_answer`
/// (up to [`MAX_CONFIRM_ANSWER`]).
async fn exchange(
    shared: &Shared,
    url: &str,
    content_type: &str,
    body: Vec<u8>,
    timeout: Duration,
    read_answer: bool,
) -> (DeliveryOutcome, Option<bytes::Bytes>) {
    use http_body_util::BodyExt;
    let allowed = |url: &url::Url| webhook_target::may_send_to(url, &shared.webhook_targets);
    let Some(url) = url::Url::parse(url).ok().filter(allowed) else { return (DeliveryOutcome::NotLoopback, None) };
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

/// Records a confirm request (JSON, sent at once).
fn record(shared: &Shared, url: &str, kind: DeliveryKind, outcome: DeliveryOutcome) {
    tracing::debug!(url, ?outcome, "sandbox webhook");
    shared.webhooks().record(url, kind, NotificationFormat::Json, outcome, shared.clock.now());
}
