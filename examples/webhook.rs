//! A merchant's webhook handler verifying what the sandbox sends it.
//!
//! ```sh
//! cargo run --example webhook
//! ```
//!
//! The handler (`examples/support/merchant.rs`, a small hyper server) parses
//! the confirm request and the notification, re-reads the payment with the
//! client and compares it with its own order. Against the real API the
//! same handler would listen on a public HTTPS address given as
//! `confirm_url` / `notice_url`.

#[path = "support/merchant.rs"]
mod merchant;

use iamport::{types, webhook::CvsPayType};
use iamport_sandbox::Sandbox;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start().await?;
    let client = sandbox.client()?;
    let merchant = merchant::Merchant::start(client.clone()).await?;
    println!("sandbox at {}, merchant webhooks at {}", sandbox.base_url(), merchant.notice_url());

    merchant.expect_order("webhook-demo-1", 4_500);
    let barcode = client
        .issue_cvs_payment()
        .body(
            types::CvsIssueRequest::builder()
                .merchant_uid("webhook-demo-1")
                .amount(4500.0)
                .channel_key("sandbox-channel")
                .confirm_url(merchant.confirm_url())
                .notice_url(vec![merchant.notice_url()]),
        )
        .send()
        .await?;
    println!("issued barcode {} for {}", barcode.vbank_num.as_deref().unwrap_or("?"), barcode.merchant_uid);

    let paid = sandbox.simulate_cvs_payment(&barcode.imp_uid, CvsPayType::Card).await?;
    println!("the store took the payment: {} is {}", paid.imp_uid, paid.status);
    for line in merchant.take_log() {
        println!("merchant: {line}");
    }

    // A forged notification (wrong amount for the order) is not trusted.
    merchant.expect_order("webhook-demo-1", 45_000);
    let forged = reqwest::Client::new()
        .post(merchant.notice_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("imp_uid={}&merchant_uid=webhook-demo-1&status=paid", paid.imp_uid))
        .send()
        .await?;
    println!("a notification for an order of 45000 answered {}", forged.status());
    for line in merchant.take_log() {
        println!("merchant: {line}");
    }
    Ok(())
}
