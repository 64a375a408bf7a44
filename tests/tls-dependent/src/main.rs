//! Builds the program's own `reqwest::Client` and an `iamport::Client` in
//! the order given on the command line (`own-first` or `iamport-first`),
//! and makes a call with each to a plain-HTTP server on 127.0.0.1 that this
//! program runs itself. A panic (reqwest's "No rustls crypto provider is
//! configured") or a failed call exits non-zero.

mod server;

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let order = std::env::args().nth(1).unwrap_or_default();
    let server = match server::start() {
        Ok(server) => server,
        Err(err) => {
            eprintln!("cannot start the local server: {err}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match order.as_str() {
        "own-first" => {
            let own = own_client();
            let iamport = iamport_client(&server);
            calls(own, iamport, &server).await
        }
        "iamport-first" => {
            let iamport = iamport_client(&server);
            let own = own_client();
            calls(own, iamport, &server).await
        }
        _ => {
            eprintln!("usage: iamport-tls-dependent own-first|iamport-first");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => {
            println!("{order}: the program's own client and the iamport client both built and called");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{order}: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The program's own client, as a service builds one: this is where
/// reqwest panics when it has rustls without a crypto provider.
fn own_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder().build()
}

fn iamport_client(server: &server::Server) -> iamport::Result<iamport::Client> {
    iamport::Client::builder("imp_key", "imp_secret").base_url(server.base_url()).build()
}

async fn calls(
    own: reqwest::Result<reqwest::Client>,
    iamport: iamport::Result<iamport::Client>,
    server: &server::Server,
) -> Result<(), String> {
    let own = own.map_err(|e| format!("the program's own client did not build: {e}"))?;
    let iamport = iamport.map_err(|e| format!("the iamport client did not build: {e}"))?;

    let answer = own
        .get(format!("{}/health", server.base_url()))
        .send()
        .await
        .map_err(|e| format!("the program's own client could not call: {e}"))?;
    if !answer.status().is_success() {
        return Err(format!("the program's own client got {}", answer.status()));
    }
    // An https address makes reqwest reach for its TLS set-up: an error
    // (nothing listens there, or no TLS here), never a panic.
    let refused = own.get(format!("https://127.0.0.1:{}/", server.closed_port())).send().await;
    if refused.is_ok() {
        return Err("an https call to a closed port succeeded".into());
    }

    let payment = iamport
        .get_payment_by_imp_uid()
        .imp_uid(server::IMP_UID)
        .send()
        .await
        .map_err(|e| format!("the iamport client could not call: {e}"))?;
    if payment.imp_uid.as_str() != server::IMP_UID {
        return Err(format!("the iamport client read {} instead of {}", payment.imp_uid.as_str(), server::IMP_UID));
    }
    Ok(())
}
