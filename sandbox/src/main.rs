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

use iamport_sandbox::Sandbox;

const USAGE: &str = "usage: iamport-sandbox [--port N] [--list-unimplemented]";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut port = 0u16;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = args.next().and_then(|p| p.parse().ok()).ok_or(format!("--port needs a number\n{USAGE}"))?;
            }
            "--list-unimplemented" => {
                for op in iamport::OPERATIONS.iter().filter(|op| !Sandbox::implements(op.id)) {
                    println!("{}", op.id);
                }
                return Ok(());
            }
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}").into()),
        }
    }
    let sandbox = Sandbox::builder().port(port).start().await?;
    let (key, secret) = sandbox.credentials();
    println!("iamport sandbox listening on {}", sandbox.base_url());
    println!("credentials: imp_key={key} imp_secret={secret}");
    std::future::pending::<()>().await;
    Ok(())
}
