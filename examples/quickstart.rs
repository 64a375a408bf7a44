//! The quickstart: `cargo run --example quickstart`.
//!
//! Without credentials it runs the whole story against a local sandbox:
//! a convenience-store barcode paid at the store (confirm request and
//! notification verified by a webhook handler), a card charged once, a
//! declined card, a partial cancel and a lookup by merchant_uid.
//!
//! With `IAMPORT_API_KEY` and `IAMPORT_API_SECRET` set (and optionally
//! `IAMPORT_BASE_URL`, `IAMPORT_TIER`) it talks to that API but only
//! authenticates and reads: it never charges, issues a barcode or cancels.
//! `--allow-writes` adds one reversible write: with
//! `IAMPORT_CVS_CHANNEL_KEY` set, it issues a 1,000 KRW barcode and revokes
//! it at once. `--sandbox` runs the sandbox story even with credentials.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/merchant.rs"]
mod merchant;

use std::process::ExitCode;

use iamport::{
    Client, Error,
    types::{self, Payment},
    verify::Expected,
    webhook::CvsPayType,
};
use iamport_sandbox::{CARD_APPROVED, CARD_DECLINED, Sandbox};

type AnyResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// The card order's price in won, as the merchant's own records hold it.
const CARD_ORDER_WON: u64 = 8_900;

#[tokio::main]
async fn main() -> ExitCode {
    let options = match cli::parse(std::env::args().skip(1)) {
        Ok(options) if options.help => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", cli::report(&*error));
            ExitCode::FAILURE
        }
    }
}

async fn run(options: cli::Options) -> AnyResult {
    let has_credentials = ["IAMPORT_API_KEY", "IAMPORT_API_SECRET"]
        .iter()
        .all(|name| std::env::var(name).is_ok_and(|v| !v.trim().is_empty()));
    if has_credentials && !options.sandbox {
        real_api(options.allow_writes).await
    } else {
        println!("No IAMPORT_API_KEY / IAMPORT_API_SECRET set (or --sandbox): running against a local sandbox.\n");
        sandbox_story().await
    }
}

async fn sandbox_story() -> AnyResult {
    let sandbox = Sandbox::start().await?;
    let client = sandbox.client()?;
    let merchant = merchant::Merchant::start(client.clone()).await?;
    println!("sandbox API        {}", sandbox.base_url());
    println!("merchant webhooks  {}", merchant.notice_url());

    step(1, "Issue a convenience-store barcode");
    merchant.expect_order("quickstart-cvs-1", 15_000);
    let barcode = client
        .issue_cvs_payment()
        .body(
            types::CvsIssueRequest::builder()
                .merchant_uid("quickstart-cvs-1")
                .amount(15000.0)
                .channel_key("sandbox-channel")
                .name("도시락")
                .confirm_url(merchant.confirm_url())
                .notice_url(vec![merchant.notice_url()]),
        )
        .send()
        .await?;
    show(&barcode);
    println!("   barcode to show at the store: {}", barcode.vbank_num.as_deref().unwrap_or("?"));

    step(2, "The customer pays it at the store (simulated)");
    let paid = sandbox.simulate_cvs_payment(&barcode.imp_uid, CvsPayType::Cash).await?;
    for line in merchant.take_log() {
        println!("   merchant: {line}");
    }
    show(&paid);

    step(3, &format!("Charge a card once ({CARD_APPROVED})"));
    let charged = charge(&client, "quickstart-card-1", CARD_ORDER_WON, CARD_APPROVED).await?;
    show(&charged);
    println!("   card {}", charged.card_number.as_deref().unwrap_or("?"));
    let verified = client.verify_payment(&charged.imp_uid, &Expected::new("quickstart-card-1", CARD_ORDER_WON)).await?;
    println!("   verified against the order: {}", if verified.is_paid() { "paid" } else { "NOT paid" });

    step(4, &format!("A declined card ({CARD_DECLINED})"));
    match charge(&client, "quickstart-card-2", CARD_ORDER_WON, CARD_DECLINED).await {
        Err(Error::Declined { payment }) => {
            println!("   declined: {}", payment.fail_reason.as_deref().unwrap_or("no reason given"));
            show(&payment);
        }
        other => return Err(format!("expected a declined charge, got {other:?}").into()),
    }

    step(5, "Cancel 1,000 KRW of the card payment");
    let cancelled = client
        .cancel_payment()
        .body(
            types::CancelRequest::builder()
                .imp_uid(charged.imp_uid.clone())
                .amount(1_000u64)
                // What our records say is left to cancel (nothing refunded yet),
                // not a figure read back from the API, which would always match.
                .checksum(CARD_ORDER_WON)
                .reason("부분 환불"),
        )
        .send()
        .await?;
    show(&cancelled);
    for cancel in cancelled.cancel_history.iter().flatten() {
        println!(
            "   cancel {}: {} ({})",
            cancel.cancellation_id.as_deref().unwrap_or("?"),
            cancel.amount.unwrap_or_default(),
            cancel.reason.as_deref().unwrap_or("no reason")
        );
    }

    step(6, "Look the card payment up by merchant_uid");
    match client.find_payment("quickstart-card-1").await? {
        Some(found) => show(&found),
        None => return Err("the payment was not found".into()),
    }
    println!("\nDone. Every call above went through the same client you would use against the real API.");
    Ok(())
}

async fn charge(client: &Client, merchant_uid: &str, amount: u64, card: &str) -> iamport::Result<Payment> {
    client
        .onetime()
        .body(
            types::OnetimeRequest::builder()
                .merchant_uid(merchant_uid)
                .amount(amount)
                .card_number(card)
                .expiry("2099-12")
                .name("월간 이용권"),
        )
        .send()
        .await
}

async fn real_api(allow_writes: bool) -> AnyResult {
    let client = Client::from_env()?;
    println!("Talking to {} (read-only unless --allow-writes).", client.base_url());
    let merchant_uid = "iamport-rs-quickstart-no-such-order";
    match client.find_payment(merchant_uid).await {
        Ok(Some(found)) => show(&found),
        Ok(None) => println!("Authenticated. No payment has merchant_uid {merchant_uid:?}, as expected."),
        // The error's causes are printed too (see `cli::report`).
        Err(error) => return Err(error.into()),
    }
    if !allow_writes {
        return Ok(());
    }
    let Ok(channel_key) = std::env::var("IAMPORT_CVS_CHANNEL_KEY") else {
        println!("--allow-writes: set IAMPORT_CVS_CHANNEL_KEY to issue (and at once revoke) a 1,000 KRW barcode.");
        return Ok(());
    };
    let merchant_uid = format!(
        "iamport-rs-quickstart-{}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs()
    );
    let barcode = client
        .issue_cvs_payment()
        .body(types::CvsIssueRequest::builder().merchant_uid(merchant_uid).amount(1000.0).channel_key(channel_key))
        .send()
        .await?;
    show(&barcode);
    let revoked = client.revoke_cvs_payment().imp_uid(barcode.imp_uid.as_str()).send().await?;
    show(&revoked);
    Ok(())
}

fn step(n: u32, title: &str) {
    println!("\n{n}. {title}");
}

fn show(payment: &Payment) {
    let cancelled = match payment.cancel_amount {
        amount if amount > 0.0 => format!(", {amount} cancelled"),
        _ => String::new(),
    };
    println!(
        "   {} {:<18} {:<9} {} {}{cancelled}",
        payment.imp_uid,
        payment.merchant_uid,
        payment.status.as_str(),
        payment.amount,
        payment.currency
    );
}
