//! Serves the sandbox on 127.0.0.1 until killed, for tools in other
//! languages (schemathesis, a TypeScript test suite, curl), with the system
//! clock. The control API (simulations, the clock, the webhooks sent) is
//! under `/_sandbox/`; see the crate's README.
//!
//! ```sh
//! cargo run -p iamport-sandbox -- --port 4020
//! cargo run -p iamport-sandbox -- --list-unimplemented   # operation ids it does not implement (none)
//! ```
//!
//! Credentials: `sandbox_imp_key` / `sandbox_imp_secret`
//! (`iamport_sandbox::DEFAULT_KEY`, `DEFAULT_SECRET`).

use std::process::ExitCode;

use iamport_sandbox::Sandbox;

const USAGE: &str = "usage: iamport-sandbox [--port N] [--list-unimplemented]";

#[tokio::main]
async fn main() -> ExitCode {
    let mut port = 0u16;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => match args.next().and_then(|p| p.parse().ok()) {
                Some(number) => port = number,
                None => return usage_error("--port needs a port number"),
            },
            "--list-unimplemented" => {
                for op in iamport::OPERATIONS.iter().filter(|op| !Sandbox::implements(op.id)) {
                    println!("{}", op.id);
                }
                return ExitCode::SUCCESS;
            }
            "--help" | "-h" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => return usage_error(&format!("unknown argument: {arg}")),
        }
    }
    let sandbox = match Sandbox::builder().port(port).start().await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("cannot start the sandbox on 127.0.0.1:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    // The sandbox's own, public test credentials (DEFAULT_KEY, DEFAULT_SECRET).
    let (key, secret) = sandbox.credentials();
    println!("iamport sandbox listening on {}", sandbox.base_url());
    println!("credentials: imp_key={key} imp_secret={secret}");
    std::future::pending::<ExitCode>().await
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("{message}\n{USAGE}");
    ExitCode::from(2)
}
