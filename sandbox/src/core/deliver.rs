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

use super::{Shared, webhook_target};

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

/// POSTs `notification` to each URL, one after the other; with no URL, to
/// the sandbox's default notice URL (if it has one), as the console's
/// setting is used for a payment that names none.
pub(crate) async fn notify(shared: &Shared, urls: &[String], notification: Notification) {
    let urls = match urls.is_empty() {
        true => shared.default_notice_url.as_slice(),
        false => urls,
    };
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

fn record(shared: &Shared, url: &str, kind: DeliveryKind, outcome: DeliveryOutcome) {
    tracing::debug!(url, ?outcome, "sandbox webhook");
    shared.deliveries.lock().unwrap_or_else(|e| e.into_inner()).push(Delivery { url: url.to_owned(), kind, outcome });
}
