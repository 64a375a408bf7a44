//! Authenticates and makes a read-only call.
//!
//! With `IAMPORT_API_KEY` and `IAMPORT_API_SECRET` set, it talks to the
//! configured API (`IAMPORT_BASE_URL`, default the production API). It never
//! charges a card, issues a barcode or cancels anything.

use iamport::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(Error::Config { message }) => {
            println!("No credentials: {message}.");
            println!("Set IAMPORT_API_KEY and IAMPORT_API_SECRET (and IAMPORT_BASE_URL for a server other than");
            println!("{}) to authenticate and look a payment up.", iamport::DEFAULT_BASE_URL);
            println!("The operations this client can call, from spec/iamport.yaml:");
            for op in iamport::OPERATIONS {
                println!("  {:<34} {:<6} {:<46} {}", op.id, op.method, op.path, op.summary);
            }
            return Ok(());
        }
        Err(other) => return Err(other.into()),
    };

    println!("Looking up a merchant_uid that does not exist on {} ...", client.base_url());
    let merchant_uid = std::env::args().nth(1).unwrap_or_else(|| "iamport-rs-quickstart-no-such-order".to_owned());
    match client.find_payment(&merchant_uid).await {
        Ok(Some(payment)) => println!(
            "Found {} ({}): {} {} {}",
            payment.imp_uid, payment.merchant_uid, payment.status, payment.amount, payment.currency
        ),
        Ok(None) => println!("Authenticated; no payment has merchant_uid {merchant_uid:?}."),
        Err(Error::Authentication(cause)) => println!("Authentication failed: {cause}"),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
