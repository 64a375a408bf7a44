//! Runs the server and the client processes, and prints the tables.
//!
//! Variants take turns within a round, and the order rotates from round to
//! round, so a slow patch on the (shared) machine hits every variant alike;
//! each figure is the median over the rounds.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    process::{Child, Command, Stdio},
    time::Duration,
};

use crate::{
    measure::{Report, median},
    server::{Stats, TokenPolicy},
    workload::Variant,
};

pub struct RustSettings {
    pub rounds: u64,
    pub calls_c1: u64,
    pub calls_c64: u64,
}

pub struct External {
    pub python: String,
    pub node: String,
    pub drivers: String,
    pub rounds: u64,
    pub calls: u64,
}

/// One client run and what the server saw during it.
struct Run {
    report: Report,
    wire: Stats,
    /// Every lookup the client made, warm-up included: what `wire` counts.
    lookups: u64,
}

/// The SDK against raw reqwest at concurrency 1 and 64, then the token scenario.
pub fn rust(settings: &RustSettings) -> Result<(), String> {
    let server = ServerProcess::start(TokenPolicy::API)?;
    let url = server.url();
    let mut ratios = Vec::new();
    for (concurrency, calls, warmup) in [(1usize, settings.calls_c1, 300u64), (64, settings.calls_c64, 2_000)] {
        let variants = Variant::ALL;
        let mut runs: Vec<Vec<Run>> = variants.iter().map(|_| Vec::new()).collect();
        for round in 0..settings.rounds as usize {
            for i in 0..variants.len() {
                let v = (round + i) % variants.len();
                eprintln!("c={concurrency} round {}/{}: {}", round + 1, settings.rounds, variants[v].name());
                let command = self_command(&[
                    "client",
                    "--variant",
                    variants[v].name(),
                    "--base-url",
                    &url,
                    "--calls",
                    &calls.to_string(),
                    "--warmup",
                    &warmup.to_string(),
                    "--concurrency",
                    &concurrency.to_string(),
                ])?;
                runs[v].push(server.measure(command, warmup)?);
            }
        }
        let rows: Vec<Row> = variants.iter().zip(&runs).map(|(v, runs)| Row::of(v.name(), runs)).collect();
        println!("\n### Concurrency {concurrency}: {calls} calls per run, median of {} runs\n", settings.rounds);
        print_rows(&rows);
        ratios.push((concurrency, rows));
    }
    print_ratios(&ratios);
    drop(server);
    token_scenario()
}

/// The official clients beside the SDK and raw reqwest, one call at a time.
pub fn compare(external: &External) -> Result<(), String> {
    let server = ServerProcess::start(TokenPolicy::API)?;
    let url = server.url();
    let calls = external.calls.to_string();
    let warmup_calls = (external.calls / 10).max(20);
    let warmup = warmup_calls.to_string();
    let names = ["raw", "sdk", "python", "node"];
    let mut runs: Vec<Vec<Run>> = names.iter().map(|_| Vec::new()).collect();
    for round in 0..external.rounds as usize {
        for i in 0..names.len() {
            let n = (round + i) % names.len();
            eprintln!("compare round {}/{}: {}", round + 1, external.rounds, names[n]);
            let common = ["--base-url", &url, "--calls", &calls, "--warmup", &warmup];
            let command = match names[n] {
                "python" => {
                    let mut c = Command::new(&external.python);
                    c.arg(format!("{}/official.py", external.drivers)).args(common);
                    c
                }
                "node" => {
                    let mut c = Command::new(&external.node);
                    c.arg(format!("{}/official.js", external.drivers)).args(common);
                    c
                }
                variant => {
                    let mut args = vec!["client", "--variant", variant, "--concurrency", "1"];
                    args.extend(common);
                    self_command(&args)?
                }
            };
            runs[n].push(server.measure(command, warmup_calls)?);
        }
    }
    let rows: Vec<Row> = names.iter().zip(&runs).map(|(name, runs)| Row::of(name, runs)).collect();
    let sdk = &rows[1];
    println!("\n### Official clients: {calls} calls per run, concurrency 1, median of {} runs\n", external.rounds);
    println!(
        "| client | calls/s | CPU µs/call | p50 µs | p99 µs | peak RSS MB | HTTP requests per call \
         | calls/s vs SDK | CPU/call vs SDK |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, row) in
        ["raw reqwest (Rust)", "iamport SDK (Rust)", "iamport-rest-client (Python)", "iamport (Node)"].iter().zip(&rows)
    {
        println!(
            "| {name} | {:.0} | {:.1} | {:.0} | {:.0} | {:.1} | {:.2} | {:.2}x | {:.2}x |",
            row.calls_per_s,
            row.cpu_us,
            row.p50,
            row.p99,
            row.rss_mb,
            row.wire_per_call,
            row.calls_per_s / sdk.calls_per_s,
            row.cpu_us / sdk.cpu_us,
        );
    }
    Ok(())
}

/// Requests on the wire per 10,000 SDK calls spread over a token's expiry.
fn token_scenario() -> Result<(), String> {
    const CALLS: u64 = 10_000;
    let policies = [
        (
            "API rule, scaled: life 3 s, asking in the last 1 s extends by 3 s",
            TokenPolicy { life: 3, extend_window: 1, extend_by: 3 },
        ),
        (
            "strict: life 3 s, never extended, new token after expiry",
            TokenPolicy { life: 3, extend_window: 0, extend_by: 0 },
        ),
    ];
    println!(
        "\n### Token behaviour: {CALLS} SDK calls at concurrency 64 spread over 4.5 s, refresh margin 1 s, no warm-up\n"
    );
    println!("| server token policy | getToken | payment requests | of which 401 | on the wire | goal |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (label, policy) in policies {
        eprintln!("token scenario: {label}");
        let server = ServerProcess::start(policy)?;
        let command = self_command(&[
            "client",
            "--variant",
            "sdk",
            "--base-url",
            &server.url(),
            "--calls",
            &CALLS.to_string(),
            "--warmup",
            "0",
            "--concurrency",
            "64",
            "--spread-ms",
            "4500",
            "--token-margin-ms",
            "1000",
        ])?;
        let run = server.measure(command, 0)?;
        let w = run.wire;
        println!(
            "| {label} | {} | {} | {} | {} | ≤ {} |{}",
            w.get_token,
            w.payment,
            w.unauthorized,
            w.on_the_wire(),
            CALLS + 2,
            if run.report.errors > 0 { format!(" ({} calls failed)", run.report.errors) } else { String::new() },
        );
    }
    Ok(())
}

/// The medians of one variant's runs.
struct Row {
    name: String,
    calls_per_s: f64,
    calls_per_s_range: (f64, f64),
    cpu_us: f64,
    p50: f64,
    p90: f64,
    p99: f64,
    p999: f64,
    rss_mb: f64,
    wire_per_call: f64,
    errors: u64,
}

impl Row {
    fn of(name: &str, runs: &[Run]) -> Self {
        let figure = |f: &dyn Fn(&Run) -> f64| median(&mut runs.iter().map(f).collect::<Vec<_>>());
        let rates: Vec<f64> = runs.iter().map(|r| r.report.calls_per_s()).collect();
        Row {
            name: name.to_owned(),
            calls_per_s: figure(&|r| r.report.calls_per_s()),
            calls_per_s_range: (
                rates.iter().copied().fold(f64::INFINITY, f64::min),
                rates.iter().copied().fold(0.0, f64::max),
            ),
            cpu_us: figure(&|r| r.report.cpu_us_per_call()),
            p50: figure(&|r| r.report.latency_us.p50),
            p90: figure(&|r| r.report.latency_us.p90),
            p99: figure(&|r| r.report.latency_us.p99),
            p999: figure(&|r| r.report.latency_us.p999),
            rss_mb: figure(&|r| r.report.peak_rss_kb as f64 / 1024.0),
            wire_per_call: figure(&|r| r.wire.on_the_wire() as f64 / r.lookups as f64),
            errors: runs.iter().map(|r| r.report.errors).sum(),
        }
    }
}

fn print_rows(rows: &[Row]) {
    println!(
        "| variant | calls/s (min–max) | p50 µs | p90 µs | p99 µs | p99.9 µs | CPU µs/call | peak RSS MB \
         | requests/call | failed |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {:.0} ({:.0}–{:.0}) | {:.0} | {:.0} | {:.0} | {:.0} | {:.1} | {:.1} | {:.3} | {} |",
            r.name,
            r.calls_per_s,
            r.calls_per_s_range.0,
            r.calls_per_s_range.1,
            r.p50,
            r.p90,
            r.p99,
            r.p999,
            r.cpu_us,
            r.rss_mb,
            r.wire_per_call,
            r.errors
        );
    }
}

fn print_ratios(by_concurrency: &[(usize, Vec<Row>)]) {
    fn find<'a>(rows: &'a [Row], name: &str) -> Option<&'a Row> {
        rows.iter().find(|r| r.name == name)
    }
    println!("\n### SDK / raw reqwest (same run, medians)\n");
    println!(
        "| figure | {} | target |",
        by_concurrency.iter().map(|(c, _)| format!("c={c}")).collect::<Vec<_>>().join(" | ")
    );
    println!("|---|{}---|", "---:|".repeat(by_concurrency.len()));
    let pairs: Vec<(&Row, &Row)> =
        by_concurrency.iter().filter_map(|(_, rows)| Some((find(rows, "sdk")?, find(rows, "raw")?))).collect();
    let line = |label: &str, target: &str, f: &dyn Fn(&Row, &Row) -> String| {
        let cells: Vec<String> = pairs.iter().map(|(sdk, raw)| f(sdk, raw)).collect();
        println!("| {label} | {} | {target} |", cells.join(" | "));
    };
    line("throughput SDK/raw", "≥ 0.90", &|s, r| format!("{:.3}", s.calls_per_s / r.calls_per_s));
    line("throughput SDK/raw, best runs", "", &|s, r| format!("{:.3}", s.calls_per_s_range.1 / r.calls_per_s_range.1));
    line("CPU per call SDK/raw", "", &|s, r| format!("{:.3}", s.cpu_us / r.cpu_us));
    line("CPU µs added per call", "< 20", &|s, r| format!("{:+.1}", s.cpu_us - r.cpu_us));
    line("p50 latency SDK/raw", "", &|s, r| format!("{:.3}", s.p50 / r.p50));
    line("p99 latency SDK/raw", "", &|s, r| format!("{:.3}", s.p99 / r.p99));
    line("peak RSS SDK/raw", "", &|s, r| format!("{:.3}", s.rss_mb / r.rss_mb));
    line("requests on the wire per call (SDK)", "1", &|s, _| format!("{:.4}", s.wire_per_call));
}

/// This binary, run as a child with `args`.
fn self_command(args: &[&str]) -> Result<Command, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
    let mut command = Command::new(exe);
    command.args(args);
    Ok(command)
}

/// The server, in its own process so its CPU time is not the client's.
struct ServerProcess {
    child: Child,
    addr: String,
}

impl ServerProcess {
    fn start(policy: TokenPolicy) -> Result<Self, String> {
        let mut command = self_command(&[
            "serve",
            "--token-life",
            &policy.life.to_string(),
            "--extend-window",
            &policy.extend_window.to_string(),
            "--extend-by",
            &policy.extend_by.to_string(),
            "--exit-on-stdin-eof",
        ])?;
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let mut line = String::new();
        let stdout = child.stdout.take().ok_or("the server has no stdout")?;
        BufReader::new(stdout).read_line(&mut line).map_err(|e| format!("server: {e}"))?;
        let addr = line.trim().to_owned();
        if addr.is_empty() {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the server did not say where it listens".into());
        }
        Ok(Self { child, addr })
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Runs a client to completion and returns its report with the server's counts.
    fn measure(&self, mut command: Command, warmup: u64) -> Result<Run, String> {
        let before = self.stats()?;
        let output = command
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run {command:?}: {e}"))?;
        let after = self.stats()?;
        if !output.status.success() {
            return Err(format!("{command:?} failed: {}", output.status));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout.lines().rev().find(|l| l.trim_start().starts_with('{')).unwrap_or_default();
        let report: Report =
            serde_json::from_str(line).map_err(|e| format!("{command:?} printed no report ({e}): {stdout}"))?;
        Ok(Run { lookups: report.calls + warmup, report, wire: after.since(before) })
    }

    fn stats(&self) -> Result<Stats, String> {
        let mut stream = TcpStream::connect(&self.addr).map_err(|e| format!("server stats: {e}"))?;
        stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
        write!(stream, "GET /__stats HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr)
            .map_err(|e| format!("server stats: {e}"))?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).map_err(|e| format!("server stats: {e}"))?;
        let body = answer.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or_default();
        serde_json::from_str(body).map_err(|e| format!("server stats are not JSON ({e}): {answer}"))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
