//! The quickstart's command line: its options, and how an error is printed
//! (the error, then each cause on its own line, so that what the operating
//! system said, "connection refused" say, is never lost).

use std::fmt::Write as _;

/// What the quickstart prints for `--help` or a bad argument.
pub const USAGE: &str = "\
usage: cargo run --example quickstart [-- OPTIONS]

Without IAMPORT_API_KEY and IAMPORT_API_SECRET it runs the whole story
against a local sandbox; with them it authenticates and reads only.

options:
  --sandbox       run against the local sandbox even with credentials set
  --allow-writes  with credentials and IAMPORT_CVS_CHANNEL_KEY: issue a
                  1,000 KRW barcode and revoke it at once
  -h, --help      print this message";

/// The options given on the command line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `--sandbox`
    pub sandbox: bool,
    /// `--allow-writes`
    pub allow_writes: bool,
    /// `-h` or `--help`
    pub help: bool,
}

/// Reads the arguments (without the program name); an unknown one is an
/// error message that names it.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options::default();
    for arg in args {
        match arg.as_str() {
            "--sandbox" => options.sandbox = true,
            "--allow-writes" => options.allow_writes = true,
            "-h" | "--help" => options.help = true,
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(options)
}

/// The error and its chain of causes, one per line.
pub fn report(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = format!("error: {error}");
    let mut cause = error.source();
    while let Some(current) = cause {
        let _ = write!(text, "\n  caused by: {current}");
        cause = current.source();
    }
    text
}
