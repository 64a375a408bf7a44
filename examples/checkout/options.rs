//! The command line of `cargo run --example checkout`.

/// What `--help` or a bad argument prints.
pub const USAGE: &str = "\
usage: cargo run --example checkout [-- OPTIONS]

Starts an offline i'mport sandbox and a small shop that takes payments
through it in the browser, then prints the address to open.

options:
  --port N          the shop's port on 127.0.0.1 (default 8000; 0 picks a free one)
  --sandbox-port N  the sandbox's port on 127.0.0.1 (default 0: a free one)
  -h, --help        print this message";

/// The shop's port unless told otherwise.
pub const DEFAULT_PORT: u16 = 8000;

/// The options given.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    /// `--port`
    pub port: u16,
    /// `--sandbox-port`
    pub sandbox_port: u16,
    /// `-h` or `--help`
    pub help: bool,
}

/// Reads the arguments (without the program name); a bad one is an error
/// message that names it.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options { port: DEFAULT_PORT, sandbox_port: 0, help: false };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => options.port = port(&arg, args.next())?,
            "--sandbox-port" => options.sandbox_port = port(&arg, args.next())?,
            "-h" | "--help" => options.help = true,
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(options)
}

fn port(option: &str, value: Option<String>) -> Result<u16, String> {
    let value = value.ok_or_else(|| format!("{option} needs a port number"))?;
    value.parse().map_err(|_| format!("{option}: not a port number: {value:?}"))
}
