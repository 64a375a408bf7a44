//! Cost per call of the SDK against a hand-written reqwest call and against
//! the official Python and Node clients, on one local server.
//!
//! `cargo bench --bench calls` runs the Rust comparison and the token
//! scenario; `benches/compare.sh` adds the official clients. Every client run
//! is a child process of this binary (or a driver script), so its CPU time and
//! peak memory are its own, and the server is one more child process whose
//! request counters say what went over the wire. See BENCHMARKS.md.

mod cli;
mod measure;
mod orchestrate;
mod server;
mod workload;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run(std::env::args().skip(1).filter(|a| a != "--bench").collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("calls: {message}");
            ExitCode::FAILURE
        }
    }
}
