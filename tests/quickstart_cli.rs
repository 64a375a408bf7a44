//! The quickstart's command line (`examples/support/cli.rs`): a clear
//! message for an unknown argument, and an error report that keeps what the
//! operating system said when the API cannot be reached.

#[path = "../examples/support/cli.rs"]
mod cli;

use std::error::Error as _;

use iamport::{Client, Error, RetryPolicy};

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|a| a.to_string()).collect()
}

#[test]
fn options_are_read() {
    assert_eq!(cli::parse(args(&[])), Ok(cli::Options::default()));
    let both = cli::parse(args(&["--sandbox", "--allow-writes"])).unwrap();
    assert!(both.sandbox && both.allow_writes && !both.help);
    assert!(cli::parse(args(&["--help"])).unwrap().help);
}

#[test]
fn an_unknown_argument_is_named_plainly() {
    let message = cli::parse(args(&["--sandbox", "--colour"])).unwrap_err();
    assert_eq!(message, "unknown argument: --colour");
    // Not a Rust `Debug` string: no quotes or escapes around the argument.
    assert!(!message.contains('"'), "{message}");
    assert!(cli::USAGE.starts_with("usage: cargo run --example quickstart"));
    for option in ["--sandbox", "--allow-writes", "--help"] {
        assert!(cli::USAGE.contains(option), "usage does not mention {option}");
    }
}

/// A port that refuses connections: bound, then closed.
fn refused_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn a_refused_connection_says_so_in_display_and_in_the_report() {
    let client = Client::builder("imp_key", "imp_secret")
        .base_url(refused_base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.get_payment_by_imp_uid().imp_uid("imp_123412341234").send().await.unwrap_err();

    assert!(matches!(error, Error::Authentication(_)), "{error:?}");
    let display = error.to_string();
    assert_eq!(display, "authentication failed: no answer to the token request (connection refused)");
    // The chain is intact: the transport error, then reqwest's and the OS's.
    let cause = error.source().expect("the failed token request is the source");
    assert_eq!(cause.to_string(), "no answer from the API (connection refused)");
    assert!(cause.source().is_some(), "the transport error keeps reqwest's error as its source");

    let report = cli::report(&error);
    assert!(report.starts_with(&format!("error: {display}\n  caused by: ")), "{report}");
    let last = report.lines().last().unwrap().to_lowercase();
    assert!(last.contains("connection refused"), "the OS's own words end the report: {report}");
}
