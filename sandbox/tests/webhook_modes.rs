//! Webhooks as they really arrive: twice, late (the API answers first), not
//! at all, and replayed, as JSON or form-encoded, to a merchant's endpoint
//! on 127.0.0.1. Nothing here waits on wall time but for a delivery to be
//! received (bounded polling); lateness is on the sandbox clock.

mod support;

use std::time::Duration;

use iamport::{Client, StatusCode, types};
use iamport_sandbox::{
    CARD_APPROVED, CONTROL_PREFIX, DeliveryKind, DeliveryOutcome, NotificationFormat, Sandbox, SandboxClock,
    SimulationError, WebhookMode,
};
use serde_json::{Value, json};
use support::{T0, receiver::Receiver};

async fn start(mode: WebhookMode) -> (Sandbox, Client) {
    let sandbox = Sandbox::builder().clock(SandboxClock::fixed(T0)).webhook_mode(mode).start().await.unwrap();
    let client = sandbox.client().unwrap();
    (sandbox, client)
}

/// A card charged with `notice_url`: its `imp_uid`.
async fn charge(client: &Client, merchant_uid: &str, notice_url: String) -> String {
    let charge = types::OnetimeRequest::builder()
        .merchant_uid(merchant_uid)
        .amount(1000.0)
        .card_number(CARD_APPROVED)
        .expiry("2099-12")
        .notice_url(notice_url);
    client.onetime().body(charge).send().await.expect("paid").imp_uid
}

/// `method /_sandbox/<route>`: status and envelope.
async fn control(sandbox: &Sandbox, method: &str, route: &str, body: Option<Value>) -> (StatusCode, Value) {
    let url = format!("{}{CONTROL_PREFIX}{route}", sandbox.base_url());
    let mut request = reqwest::Client::new().request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("sandbox answers");
    (response.status(), response.json().await.expect("an envelope"))
}

fn outcomes(sandbox: &Sandbox) -> Vec<DeliveryOutcome> {
    sandbox.deliveries().iter().map(|d| d.outcome).collect()
}

#[tokio::test]
async fn twice_sends_the_same_notification_twice() {
    let merchant = Receiver::start().await;
    let (sandbox, client) = start(WebhookMode::Twice).await;
    let imp_uid = charge(&client, "twice-1", merchant.url("/notice")).await;
    let received = merchant.wait_for(2).await;
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].body, received[1].body);
    assert!(received[0].body.contains(&imp_uid) && received[0].content_type == "application/json");
    let ids: Vec<u64> = sandbox.deliveries().iter().map(|d| d.id).collect();
    assert_eq!(ids, [1, 2]);
    assert_eq!(outcomes(&sandbox), [DeliveryOutcome::Answered(200); 2]);
}

#[tokio::test]
async fn late_answers_first_and_sends_when_the_clock_passes_the_delay() {
    let merchant = Receiver::start().await;
    let (sandbox, client) = start(WebhookMode::Late(Duration::from_secs(60))).await;
    let imp_uid = charge(&client, "late-1", merchant.url("/notice")).await;
    // The API answered; the notification waits for the clock, which is frozen.
    assert_eq!(outcomes(&sandbox), [DeliveryOutcome::Pending { due_at: T0 + 60 }]);
    client.get_payment_by_imp_uid().imp_uid(&imp_uid).send().await.unwrap();
    sandbox.advance_clock(Duration::from_secs(59)).await;
    assert_eq!(outcomes(&sandbox), [DeliveryOutcome::Pending { due_at: T0 + 60 }]);
    assert!(merchant.received().is_empty(), "nothing sent before it is due");

    sandbox.advance_clock(Duration::from_secs(1)).await;
    let received = merchant.wait_for(1).await;
    assert!(received[0].body.contains(&imp_uid), "{received:?}");
    let delivery = &sandbox.deliveries()[0];
    assert_eq!((delivery.outcome, delivery.at), (DeliveryOutcome::Answered(200), T0 + 60));
    sandbox.advance_clock(Duration::from_secs(3600)).await;
    assert_eq!(merchant.received().len(), 1, "sent once");
}

#[tokio::test]
async fn a_late_webhook_is_seen_held_and_sent_over_the_control_api() {
    let merchant = Receiver::start().await;
    let (sandbox, client) = start(WebhookMode::Once).await;
    let (status, settings) =
        control(&sandbox, "POST", "webhooks/settings", Some(json!({ "mode": "late", "delay_seconds": 30 }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(settings["response"], json!({ "mode": "late", "delay_seconds": 30, "format": "json" }));
    charge(&client, "late-2", merchant.url("/notice")).await;
    let (_, listed) = control(&sandbox, "GET", "webhooks", None).await;
    let held = &listed["response"][0];
    assert_eq!((held["outcome"].as_str(), held["due_at"].as_i64()), (Some("pending"), Some(T0 + 30)), "{held}");

    let (status, _) = control(&sandbox, "POST", "clock/advance", Some(json!({ "seconds": 30 }))).await;
    assert_eq!(status, StatusCode::OK);
    merchant.wait_for(1).await;
    let (_, listed) = control(&sandbox, "GET", "webhooks", None).await;
    let sent = &listed["response"][0];
    assert_eq!(
        (sent["id"].as_u64(), sent["outcome"].as_str(), sent["status"].as_u64()),
        (Some(1), Some("answered"), Some(200))
    );
    assert_eq!(sent["at"], json!(T0 + 30));
}

#[tokio::test]
async fn late_with_no_delay_is_sent_just_after_the_answer() {
    let merchant = Receiver::start().await;
    let (sandbox, client) = start(WebhookMode::Late(Duration::ZERO)).await;
    charge(&client, "late-3", merchant.url("/notice")).await;
    // The next tick of the sandbox (every second) or its next request sends it.
    control(&sandbox, "GET", "clock", None).await;
    merchant.wait_for(1).await;
    for _ in 0..500 {
        if outcomes(&sandbox) == [DeliveryOutcome::Answered(200)] {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("never recorded as answered: {:?}", outcomes(&sandbox));
}

#[tokio::test]
async fn never_drops_and_a_replay_delivers_as_json_or_form() {
    let merchant = Receiver::start().await;
    let (sandbox, client) = start(WebhookMode::Never).await;
    let imp_uid = charge(&client, "never-1", merchant.url("/notice")).await;
    sandbox.advance_clock(Duration::from_secs(86_400)).await;
    assert_eq!(outcomes(&sandbox), [DeliveryOutcome::Dropped]);
    assert!(merchant.received().is_empty());

    let (status, replayed) = control(&sandbox, "POST", "webhooks/1/replay", Some(json!({ "format": "form" }))).await;
    assert_eq!(status, StatusCode::OK, "{replayed}");
    assert_eq!((replayed["response"]["id"].as_u64(), replayed["response"]["format"].as_str()), (Some(2), Some("form")));
    let received = merchant.wait_for(1).await;
    assert_eq!(received[0].content_type, "application/x-www-form-urlencoded");
    assert_eq!(received[0].body, format!("imp_uid={imp_uid}&merchant_uid=never-1&status=paid"));

    let again = sandbox.replay_webhook(1, Some(NotificationFormat::Json)).await.expect("replayed");
    assert_eq!((again.id, again.outcome), (3, DeliveryOutcome::Answered(200)));
    let received = merchant.wait_for(2).await;
    assert_eq!(received[1].content_type, "application/json");
    let body: Value = serde_json::from_str(&received[1].body).unwrap();
    assert_eq!(body, json!({ "imp_uid": imp_uid, "merchant_uid": "never-1", "status": "paid" }));
    assert_eq!(merchant.received().len(), 2, "the dropped one never went by itself");
}

#[tokio::test]
async fn only_notifications_that_exist_are_replayed() {
    let merchant = Receiver::start().await;
    let (sandbox, client) = start(WebhookMode::Once).await;
    let barcode = types::CvsIssueRequest::builder()
        .merchant_uid("replay-cvs")
        .amount(15000.0)
        .channel_key("channel-key-sandbox-cvs")
        .confirm_url(merchant.url("/confirm"));
    let barcode = client.issue_cvs_payment().body(barcode).send().await.unwrap();
    sandbox.simulate_cvs_payment(&barcode.imp_uid, iamport::webhook::CvsPayType::Cash).await.expect("paid");
    assert!(matches!(sandbox.deliveries()[0].kind, DeliveryKind::CvsConfirm(_)));
    assert_eq!(sandbox.replay_webhook(1, None).await, Err(SimulationError::NotANotification));
    assert_eq!(sandbox.replay_webhook(99, None).await, Err(SimulationError::UnknownWebhook));
    for (route, expected) in [
        ("webhooks/1/replay", StatusCode::CONFLICT),
        ("webhooks/99/replay", StatusCode::NOT_FOUND),
        ("webhooks/x/replay", StatusCode::NOT_FOUND),
    ] {
        let (status, answer) = control(&sandbox, "POST", route, None).await;
        assert_eq!(status, expected, "{route}: {answer}");
    }
}

#[tokio::test]
async fn settings_are_checked_and_read_back() {
    let (sandbox, _) = start(WebhookMode::Once).await;
    let (_, settings) = control(&sandbox, "GET", "webhooks/settings", None).await;
    assert_eq!(settings["response"], json!({ "mode": "once", "delay_seconds": null, "format": "json" }));
    for bad in [
        json!({ "mode": "late" }),
        json!({ "mode": "twice", "delay_seconds": 5 }),
        json!({ "delay_seconds": 5 }),
        json!({ "mode": "sometimes" }),
        json!({ "format": "xml" }),
        json!({ "mode": "never", "colour": "red" }),
    ] {
        let (status, _) = control(&sandbox, "POST", "webhooks/settings", Some(bad.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let (status, settings) =
        control(&sandbox, "POST", "webhooks/settings", Some(json!({ "mode": "twice", "format": "form" }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(settings["response"], json!({ "mode": "twice", "delay_seconds": null, "format": "form" }));
    sandbox.set_webhook_mode(WebhookMode::Never);
    sandbox.set_notification_format(NotificationFormat::Json);
    let (_, settings) = control(&sandbox, "GET", "webhooks/settings", None).await;
    assert_eq!(settings["response"], json!({ "mode": "never", "delay_seconds": null, "format": "json" }));
}
