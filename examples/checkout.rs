//! A merchant's shop taking payments in the browser, against the sandbox.
//!
//! ```sh
//! cargo run --example checkout            # then open http://127.0.0.1:8000/
//! cargo run --example checkout -- --port 0 --sandbox-port 4020
//! ```
//!
//! It starts an offline sandbox and a small axum app on 127.0.0.1. The
//! pages load the sandbox's `iamport.js` (the real SDK's is
//! `https://cdn.iamport.kr/v1/iamport.js`: only the host differs) and open
//! its payment window, in which you pick the outcome:
//!
//! - `/` (`/?sdk=legacy` with the legacy script): an order paid by card or into a virtual account. The shop sets
//!   the amount and registers it (`payments/prepare`); the page posts the
//!   callback's `imp_uid` back (a phone is redirected to `m_redirect_url`
//!   instead, read with `iamport::checkout::BrowserReturn`); the shop
//!   compares the payment with the order with `client.verify_payment`
//!   before marking it (`settle.rs`).
//! - `/iamport/webhook`: the webhook, settled the same way, idempotently.
//! - `/billing`: a card registered in the window (a billing key), then
//!   charged from the server with `again`.
//! - `/certification`: identity verification, read back from the API.
//! - `/orders`: every order, its state and what the shop heard about it.
//!
//! The sandbox's own page is at `/_sandbox/` on its address. The first
//! lines printed are `sandbox at URL` and `shop at URL` (the browser tests
//! in `tests/browser/` read them).

#[path = "checkout/billing.rs"]
mod billing;
#[path = "checkout/browser.rs"]
mod browser;
#[path = "checkout/certification.rs"]
mod certification;
#[path = "checkout/html.rs"]
mod html;
#[path = "checkout/options.rs"]
mod options;
#[path = "checkout/order_page.rs"]
mod order_page;
#[path = "checkout/orders.rs"]
mod orders;
#[path = "checkout/orders_page.rs"]
mod orders_page;
#[path = "checkout/payments.rs"]
mod payments;
#[path = "checkout/settle.rs"]
mod settle;
#[path = "checkout/shop.rs"]
mod shop;
#[path = "checkout/webhook.rs"]
mod webhook;

use std::{io::Write as _, net::Ipv4Addr, process::ExitCode, sync::Arc};

use iamport_sandbox::Sandbox;

#[tokio::main]
async fn main() -> ExitCode {
    let options = match options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n{}", options::USAGE);
            return ExitCode::from(2);
        }
    };
    if options.help {
        // Not println!: it panics when stdout is closed (`--help | head -3`).
        let _ = writeln!(std::io::stdout(), "{}", options::USAGE);
        return ExitCode::SUCCESS;
    }
    match run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(options: options::Options) -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::builder()
        .port(options.sandbox_port)
        .start()
        .await
        .map_err(|e| format!("cannot start the sandbox on 127.0.0.1:{}: {e}", options.sandbox_port))?;
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{} (try --port 0): {e}", options.port))?;
    let shop_url = format!("http://{}", listener.local_addr()?);
    let shop = Arc::new(shop::Shop::new(&sandbox, shop_url.clone())?);
    println!("sandbox at {}", sandbox.base_url());
    println!("shop at {shop_url}");
    println!("open {shop_url}/ in a browser; the sandbox's own page is {}/_sandbox/", sandbox.base_url());
    axum::serve(listener, shop::routes(shop)).await?;
    Ok(())
}
