//! The options a team running the sandbox as a server sets: the default
//! notice URL (the console's webhook setting) and the hosts besides
//! loopback that webhooks may go to.

mod support;

use iamport::{Client, types};
use iamport_sandbox::{CARD_APPROVED, DeliveryOutcome, Sandbox, SandboxBuilder, SandboxClock, WebhookTarget};
use support::{T0, receiver::Receiver};

async fn start(builder: SandboxBuilder) -> (Sandbox, Client) {
    let sandbox = builder.clock(SandboxClock::fixed(T0)).start().await.expect("sandbox starts");
    let client = sandbox.client().expect("client builds");
    (sandbox, client)
}

async fn charge(client: &Client, merchant_uid: &str, notice_url: Option<String>) -> types::Payment {
    let mut charge = types::OnetimeRequest::builder()
        .merchant_uid(merchant_uid)
        .amount(1000.0)
        .card_number(CARD_APPROVED)
        .expiry("2099-12");
    if let Some(url) = notice_url {
        charge = charge.notice_url(url);
    }
    client.onetime().body(charge).send().await.expect("paid")
}

#[tokio::test]
async fn a_payment_without_a_notice_url_is_notified_at_the_default_one() {
    let merchant = Receiver::start().await;
    let (sandbox, client) = start(Sandbox::builder().default_notice_url(merchant.url("/console"))).await;
    charge(&client, "default-1", None).await;
    charge(&client, "default-2", Some(merchant.url("/own"))).await;
    let received = merchant.wait_for(2).await;
    let paths: Vec<&str> = received.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/console", "/own"], "a payment's own notice_url replaces the default");
    assert!(received[0].body.contains("default-1") && received[1].body.contains("default-2"));
    assert_eq!(sandbox.deliveries().len(), 2);
}

#[tokio::test]
async fn a_cancel_without_its_webhook_is_not_sent_to_the_default_either() {
    let merchant = Receiver::start().await;
    let (sandbox, client) = start(Sandbox::builder().default_notice_url(merchant.url("/console"))).await;
    let paid = charge(&client, "default-cancel", None).await;
    for (enable_webhook, amount) in [(false, 100.0), (true, 200.0)] {
        let cancel = types::CancelRequest::builder()
            .imp_uid(paid.imp_uid.as_str())
            .amount(amount)
            .enable_webhook(enable_webhook);
        client.cancel_payment().body(cancel).send().await.expect("cancelled");
    }
    let sent: Vec<String> = merchant.wait_for(2).await.into_iter().map(|r| r.body).collect();
    assert!(!sent[0].contains("cancellation_id") && sent[1].contains("cancellation_id"), "{sent:?}");
    assert_eq!(sandbox.deliveries().len(), 2, "the paid and the second cancel, not the first");
}

#[tokio::test]
async fn without_a_default_a_payment_without_a_notice_url_is_not_notified() {
    let (sandbox, client) = start(Sandbox::builder()).await;
    charge(&client, "quiet-1", None).await;
    assert!(sandbox.deliveries().is_empty());
}

#[tokio::test]
async fn webhooks_go_beyond_loopback_only_to_allowed_hosts() {
    let merchant = Receiver::start().await;
    // 0.0.0.0 is not a loopback address, yet on Linux a connection to it
    // reaches this machine (the receiver on 127.0.0.1): the allowance is
    // exercised end to end without traffic leaving the machine.
    let elsewhere = format!("http://0.0.0.0:{}/notice", merchant.port());
    let (refusing, client) = start(Sandbox::builder()).await;
    charge(&client, "beyond-1", Some(elsewhere.clone())).await;
    assert_eq!(refusing.deliveries()[0].outcome, DeliveryOutcome::NotLoopback);

    let other_port: WebhookTarget = format!("0.0.0.0:{}", merchant.port().wrapping_add(1)).parse().unwrap();
    let (wrong_port, client) = start(Sandbox::builder().allow_webhooks_to(other_port)).await;
    charge(&client, "beyond-2", Some(elsewhere.clone())).await;
    assert_eq!(wrong_port.deliveries()[0].outcome, DeliveryOutcome::NotLoopback);

    let this_port: WebhookTarget = format!("0.0.0.0:{}", merchant.port()).parse().unwrap();
    let (allowing, client) = start(Sandbox::builder().allow_webhooks_to(this_port)).await;
    charge(&client, "beyond-3", Some(elsewhere)).await;
    assert_eq!(allowing.deliveries()[0].outcome, DeliveryOutcome::Answered(200));
    let received = merchant.wait_for(1).await;
    assert!(received[0].body.contains("beyond-3"), "{received:?}");
    assert_eq!(received.len(), 1, "only the allowed one arrived");
}
