//! The sandbox's outgoing webhooks: notifications and CVS confirm requests.
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

/// What the sandbox POSTed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryKind {
    /// A payment notification to a `notice_url`.
    Notification(Notification),
    /// A convenience-store confirm request to a `confirm_url`.
    CvsConfirm(CvsConfirm),
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

async fn post(shared: &Shared, url: &str, content_type: &str, body: Vec<u8>) -> DeliveryOutcome {
    let allowed = |url: &url::Url| webhook_target::may_send_to(url, &shared.webhook_targets);
    let Some(url) = url::Url::parse(url).ok().filter(allowed) else { return DeliveryOutcome::NotLoopback };
    let request = hyper::Request::post(url.as_str())
        .header(hyper::header::CONTENT_TYPE, content_type)
        .body(http_body_util::Full::new(bytes::Bytes::from(body)));
    let Ok(request) = request else { return DeliveryOutcome::NoAnswer };
    // The status is all that is kept; the merchant's body is not read.
    match tokio::time::timeout(DELIVERY_TIMEOUT, shared.http.request(request)).await {
        Ok(Ok(response)) => DeliveryOutcome::Answered(response.status().as_u16()),
        Ok(Err(_)) | Err(_) => DeliveryOutcome::NoAnswer,
    }
}

/// Records a confirm request (JSON, sent at once).
fn record(shared: &Shared, url: &str, kind: DeliveryKind, outcome: DeliveryOutcome) {
    tracing::debug!(url, ?outcome, "sandbox webhook");
    shared.webhooks().record(url, kind, NotificationFormat::Json, outcome, shared.clock.now());
}
