//! The control API's webhook routes: the webhooks sent, how notifications
//! are delivered (mode and encoding), and replays.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::core::{
    Shared, body,
    deliver::{self, Delivery, DeliveryKind, DeliveryOutcome, NotificationFormat},
    reply::Reply,
    webhook_log::WebhookMode,
};

use super::{optional_body, refused};

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    mode: Option<String>,
    delay_seconds: Option<u64>,
    format: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Replay {
    format: Option<String>,
}

/// Every webhook, oldest first.
pub(super) fn list(shared: &Shared) -> Vec<Value> {
    shared.webhooks().deliveries().iter().map(delivery).collect()
}

/// A delivery as the control API shows it.
pub(super) fn delivery(d: &Delivery) -> Value {
    let (kind, body) = match &d.kind {
        DeliveryKind::Notification(n) => ("notification", serde_json::to_value(n).unwrap_or_default()),
        DeliveryKind::CvsConfirm(c) => ("cvs_confirm", serde_json::to_value(c).unwrap_or_default()),
        DeliveryKind::PaymentConfirm(c) => ("payment_confirm", serde_json::to_value(c).unwrap_or_default()),
    };
    let (outcome, status, due_at) = outcome(d.outcome);
    json!({
        "id": d.id,
        "url": d.url,
        "kind": kind,
        "body": body,
        "format": format_name(d.format),
        "at": d.at,
        "outcome": outcome,
        "status": status,
        "due_at": due_at,
    })
}

/// The outcome's name, the merchant's HTTP status and when a held one is due.
pub(super) fn outcome(outcome: DeliveryOutcome) -> (&'static str, Option<u16>, Option<i64>) {
    match outcome {
        DeliveryOutcome::Answered(status) => ("answered", Some(status), None),
        DeliveryOutcome::NoAnswer => ("no_answer", None, None),
        DeliveryOutcome::NotLoopback => ("not_loopback", None, None),
        DeliveryOutcome::Pending { due_at } => ("pending", None, Some(due_at)),
        DeliveryOutcome::Dropped => ("dropped", None, None),
    }
}

pub(super) fn format_name(format: NotificationFormat) -> &'static str {
    match format {
        NotificationFormat::Json => "json",
        NotificationFormat::Form => "form",
    }
}

fn format_named(name: &str) -> Result<NotificationFormat, Reply> {
    match name {
        "json" => Ok(NotificationFormat::Json),
        "form" => Ok(NotificationFormat::Form),
        _ => Err(Reply::bad_request("`format` must be json or form")),
    }
}

/// How notifications are delivered now.
pub(super) fn settings(shared: &Shared) -> Value {
    let (mode, format) = {
        let log = shared.webhooks();
        (log.mode, log.format)
    };
    let (mode, delay) = match mode {
        WebhookMode::Once => ("once", None),
        WebhookMode::Twice => ("twice", None),
        WebhookMode::Late(delay) => ("late", Some(delay.as_secs())),
        WebhookMode::Never => ("never", None),
    };
    json!({ "mode": mode, "delay_seconds": delay, "format": format_name(format) })
}

/// Changes what the body names (each field optional); answers the settings.
pub(super) fn change_settings(shared: &Shared, raw: &[u8]) -> Result<Reply, Reply> {
    let Settings { mode, delay_seconds, format } = body::parse(raw)?;
    let mode = match (mode.as_deref(), delay_seconds) {
        (Some("late"), Some(seconds)) => Some(WebhookMode::Late(Duration::from_secs(seconds))),
        (Some("late"), None) => return Err(Reply::bad_request("mode `late` needs `delay_seconds`")),
        (_, Some(_)) => return Err(Reply::bad_request("`delay_seconds` goes with mode `late` only")),
        (Some("once"), None) => Some(WebhookMode::Once),
        (Some("twice"), None) => Some(WebhookMode::Twice),
        (Some("never"), None) => Some(WebhookMode::Never),
        (Some(_), None) => return Err(Reply::bad_request("`mode` must be once, twice, late or never")),
        (None, None) => None,
    };
    let format = format.as_deref().map(format_named).transpose()?;
    {
        let mut log = shared.webhooks();
        if let Some(mode) = mode {
            log.mode = mode;
        }
        if let Some(format) = format {
            log.format = format;
        }
    }
    Ok(Reply::ok(settings(shared)))
}

/// Sends the notification `id` again; answers the new delivery.
pub(super) async fn replay(shared: &Shared, id: &str, raw: &[u8]) -> Result<Reply, Reply> {
    let Replay { format } = optional_body(raw)?;
    let format = format.as_deref().map(format_named).transpose()?;
    // An id that is not a number names no webhook.
    let id = id.parse().unwrap_or(0);
    deliver::replay(shared, id, format).await.map(|d| Reply::ok(delivery(&d))).map_err(refused)
}
