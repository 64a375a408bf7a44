//! The load test's command line.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Which servers the clients load, one after the other in the same run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// The `iamport-sandbox` binary, with the books checked at the end.
    Sandbox,
    /// Prism mocking `spec/iamport.yaml` (stateless: no books to check).
    Prism,
    /// The sandbox, then Prism, and the ratio of the two.
    Both,
}

/// Loads one `iamport-sandbox` server (and, for comparison, Prism serving
/// the same spec) with concurrent clients mixing charges, racing partial
/// cancels, lookups and listings, then checks that the sandbox's books
/// balance. Exits 1 on any broken rule; speed is reported, never asserted.
#[derive(Debug, Parser)]
#[command(name = "load")]
pub struct Options {
    /// Concurrent clients.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub clients: u16,
    /// How long the clients run against each target.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub seconds: u64,
    /// The most requests all clients together send to one target (the
    /// run stops at this cap or at the deadline, whichever comes first).
    #[arg(long, default_value_t = 2_000_000)]
    pub max_requests: u64,
    /// Which servers to load.
    #[arg(long, value_enum, default_value_t = Target::Both)]
    pub target: Target,
    /// The sandbox binary (default: the one cargo built with this bench).
    #[arg(long)]
    pub sandbox: Option<PathBuf>,
}

impl Options {
    /// The options from the arguments, without the `--bench` cargo adds.
    pub fn from_args() -> Result<Self, clap::Error> {
        Self::try_parse_from(std::env::args().filter(|a| a != "--bench"))
    }

    /// Whether the sandbox is loaded.
    pub fn sandbox_target(&self) -> bool {
        matches!(self.target, Target::Sandbox | Target::Both)
    }

    /// Whether Prism is loaded.
    pub fn prism_target(&self) -> bool {
        matches!(self.target, Target::Prism | Target::Both)
    }
}
