//! Serves the sandbox until killed, for tools in other languages
//! (schemathesis, a TypeScript test suite, curl) and for other teams'
//! merchant apps, with the system clock. The control API (simulations, the
//! clock, the webhooks sent) and a page showing what the sandbox holds are
//! under `/_sandbox/`; see the crate's README.
//!
//! ```sh
//! cargo run -p iamport-sandbox -- --port 4020
//! cargo run -p iamport-sandbox -- --help
//! cargo run -p iamport-sandbox -- --list-unimplemented   # operation ids it does not implement (none)
//! ```

use std::{net::IpAddr, process::ExitCode};

use clap::{CommandFactory, Parser};
use iamport_sandbox::{DEFAULT_KEY, DEFAULT_MERCHANT_CODE, DEFAULT_SECRET, Sandbox, WebhookTarget};

/// An offline fake of the i'mport (PortOne V1) REST API, with its browser
/// checkout, webhooks and a control API under /_sandbox/.
#[derive(Parser)]
#[command(name = "iamport-sandbox", version)]
struct Options {
    /// The address to listen on. The control API under /_sandbox/ has no
    /// authentication: any address but loopback lets whoever reaches it
    /// drive the sandbox.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The merchant code the browser checkout accepts in IMP.init
    /// (`imp` and 8 digits).
    #[arg(long, default_value = DEFAULT_MERCHANT_CODE, value_parser = merchant_code)]
    merchant_code: String,
    /// The REST API key (imp_key) the sandbox accepts.
    #[arg(long, default_value = DEFAULT_KEY)]
    key: String,
    /// The REST API secret (imp_secret) the sandbox accepts.
    #[arg(long, default_value = DEFAULT_SECRET)]
    secret: String,
    /// Where payments that name no notice_url are notified, like the
    /// webhook URL in the console's settings.
    #[arg(long, value_name = "URL", value_parser = notice_url)]
    notice_url: Option<String>,
    /// Lets webhooks go to this host (any port) or host and port, besides
    /// loopback, their only destination otherwise: a merchant app in
    /// another container, say. Repeatable.
    #[arg(long, value_name = "HOST[:PORT]")]
    allow_webhooks_to: Vec<WebhookTarget>,
    /// Starts with known payments, billing keys, schedules, verifications
    /// and more under the ids the spec's examples name (see the README's
    /// "Fixtures"): for schemathesis and other tools that send them.
    #[arg(long)]
    fixtures: bool,
    /// Prints the operation ids the sandbox does not implement (none), then exits.
    #[arg(long)]
    list_unimplemented: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match Options::try_parse() {
        Ok(options) => options,
        Err(error) if !error.use_stderr() => error.exit(), // --help, --version
        Err(error) => return usage_error(&error),
    };
    if options.list_unimplemented {
        for id in Sandbox::operation_ids().filter(|id| !Sandbox::implements(id)) {
            println!("{id}");
        }
        return ExitCode::SUCCESS;
    }
    if !options.host.is_loopback() {
        eprintln!(
            "warning: listening on {}: the control API under /_sandbox/ has no authentication; \
             whoever reaches this address can move the clock, simulate payments and read every payment",
            options.host
        );
    }
    let custom_secret = options.secret != DEFAULT_SECRET;
    let mut builder = Sandbox::builder()
        .host(options.host)
        .port(options.port)
        .credentials(options.key, options.secret)
        .merchant_code(options.merchant_code);
    if let Some(url) = options.notice_url {
        builder = builder.default_notice_url(url);
    }
    for target in options.allow_webhooks_to {
        builder = builder.allow_webhooks_to(target);
    }
    if options.fixtures {
        builder = builder.fixtures();
    }
    let sandbox = match builder.start().await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("cannot start the sandbox on {}:{}: {error}", options.host, options.port);
            return ExitCode::FAILURE;
        }
    };
    let (key, secret) = sandbox.credentials();
    // The default secret is the sandbox's own, public one; another is not printed.
    let secret = match custom_secret {
        true => "(the one given with --secret)",
        false => secret,
    };
    println!("iamport sandbox listening on {}", sandbox.base_url());
    println!("credentials: imp_key={key} imp_secret={secret}");
    println!("merchant code: {}", sandbox.merchant_code());
    println!("what it holds: {}/_sandbox/", sandbox.base_url());
    std::future::pending::<ExitCode>().await
}

/// A bad argument: the error and the usage on stderr, exit code 2 (clap
/// leaves the usage out of some errors, an invalid value's among them).
fn usage_error(error: &clap::Error) -> ExitCode {
    let message = error.render().to_string();
    eprint!("{message}");
    if !message.contains("Usage:") {
        eprintln!("\n{}", Options::command().render_usage());
    }
    ExitCode::from(2)
}

/// `imp` and 8 digits, as i'mport gives merchants.
fn merchant_code(text: &str) -> Result<String, String> {
    let digits = text.strip_prefix("imp").unwrap_or_default();
    match digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
        true => Ok(text.to_owned()),
        false => Err("a merchant code is `imp` and 8 digits, e.g. imp12345678".to_owned()),
    }
}

/// An absolute http or https URL.
fn notice_url(text: &str) -> Result<String, String> {
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Ok(text.to_owned()),
        _ => {
            Err("a notice URL is an absolute http or https URL, e.g. http://127.0.0.1:3000/iamport-webhook".to_owned())
        }
    }
}
