//! A load test of the `iamport-sandbox` server: concurrent clients mix
//! charges, partial cancels racing on the same payments (with and without
//! `checksum`, stale checksums among them), lookups and status listings
//! against one sandbox for a while, then the books are checked (see
//! `books.rs`). The same mix runs against Prism serving the same spec, for
//! comparison. Speed is reported, never asserted; a broken rule exits 1.
//!
//! ```sh
//! cargo bench -p iamport-sandbox --bench load -- --clients 64 --seconds 60 --target both
//! .ci/sandbox-load    # the short run CI makes: 16 clients, 5 s, the sandbox only
//! ```

mod books;
mod cli;
mod ledger;
mod receiver;
mod servers;
mod stats;
mod workload;

use std::{
    path::PathBuf,
    process::ExitCode,
    sync::{Arc, Mutex, atomic::AtomicU64},
    time::{Duration, Instant},
};

use serde_json::{Value, json};

use cli::{Options, Target};
use ledger::Ledger;
use receiver::Receiver;
use servers::Server;
use stats::{Kind, Percentiles, Stats};
use workload::{BILLING_KEYS, CARD, EXPIRY, REQUEST_TIMEOUT, Run};

/// How long the clients may overrun the deadline (their requests in
/// flight) before the run counts as hung.
const GRACE: Duration = Duration::from_secs(60);
/// How long the books may take to check.
const BOOKS_TIMEOUT: Duration = Duration::from_secs(600);

fn main() -> ExitCode {
    let options = match Options::from_args() {
        Ok(options) => options,
        Err(error) => error.exit(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("load: cannot start a tokio runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("load: {error}");
            ExitCode::FAILURE
        }
    }
}

/// What one target's run measured.
struct Measured {
    name: &'static str,
    stats: Stats,
    wall: Duration,
    /// CPU seconds the server's processes used during the load.
    server_cpu: f64,
}

/// Runs each target asked for; `Ok(true)` when no rule was broken.
async fn run(options: Options) -> Result<bool, String> {
    println!(
        "# load: {} clients, {} s per target, at most {} requests; client and server share this machine's {} cores",
        options.clients,
        options.seconds,
        options.max_requests,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let command: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    println!("command: {}", command.join(" "));
    let mut measured = Vec::new();
    let mut passed = true;
    if options.sandbox_target() {
        let binary = options.sandbox.clone().unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_iamport-sandbox")));
        let receiver = Receiver::start().await?;
        let server = Server::sandbox(&binary, &receiver.url)?;
        let (m, ok) = load("sandbox", &options, server, Some(&receiver)).await?;
        measured.push(m);
        passed &= ok;
    }
    if options.prism_target() {
        let root = servers::repository_root();
        let server = Server::prism(&root, &root.join("spec/iamport.yaml"))?;
        let (m, ok) = load("prism", &options, server, None).await?;
        measured.push(m);
        passed &= ok;
    }
    if options.target == Target::Both
        && let [sandbox, prism] = &measured[..]
    {
        print!("{}", side_by_side(sandbox, prism));
    }
    println!("\n{}", if passed { "PASSED: no broken rule" } else { "FAILED: rules broken (above)" });
    Ok(passed)
}

/// Loads one server; with a receiver (the sandbox) the books are checked.
async fn load(
    name: &'static str,
    options: &Options,
    mut server: Server,
    receiver: Option<&Receiver>,
) -> Result<(Measured, bool), String> {
    println!("\n## {name} ({})", server.base_url);
    let token = setup(&server.base_url, receiver.is_some()).await?;
    let mut headers = reqwest::header::HeaderMap::new();
    let bearer = format!("Bearer {token}").parse().map_err(|_| "the token is not a header value".to_owned())?;
    headers.insert(reqwest::header::AUTHORIZATION, bearer);
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(usize::from(options.clients))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let run = Arc::new(Run {
        http: http.clone(),
        base_url: server.base_url.clone(),
        stateful: receiver.is_some(),
        deadline: Instant::now() + Duration::from_secs(options.seconds),
        max_requests: options.max_requests,
        sent: AtomicU64::new(0),
        ledger: Mutex::new(Ledger::default()),
    });

    let (load_before, cpu_before, own_before) =
        (servers::load_average(), servers::tree_cpu_seconds(server.pid()), servers::own_cpu_seconds());
    let started = Instant::now();
    let mut clients = tokio::task::JoinSet::new();
    for id in 0..options.clients {
        clients.spawn(workload::client(Arc::clone(&run), id));
    }
    let mut stats = Stats::default();
    let mut violations = Vec::new();
    let joined = tokio::time::timeout(Duration::from_secs(options.seconds) + GRACE, async {
        while let Some(done) = clients.join_next().await {
            match done {
                Ok(client_stats) => stats.merge(client_stats),
                Err(error) => violations.push(format!("a client task failed: {error}")),
            }
        }
    })
    .await;
    let wall = started.elapsed();
    let (server_cpu, own_cpu, load_after) = (
        servers::tree_cpu_seconds(server.pid()) - cpu_before,
        servers::own_cpu_seconds() - own_before,
        servers::load_average(),
    );
    if joined.is_err() {
        clients.abort_all();
        // Until each aborted task is dropped, it still holds the run.
        while clients.join_next().await.is_some() {}
        violations.push(format!("the clients were still waiting {GRACE:?} after the deadline (a hung server?)"));
    }

    let total = stats.total();
    println!(
        "wall {:.2} s, {total} requests, {:.0} req/s; CPU {server_cpu:.2} s {name} (process tree, {:.3} ms per request), {own_cpu:.2} s clients and webhook receiver (this process); load average {load_before} before, {load_after} after",
        wall.as_secs_f64(),
        total as f64 / wall.as_secs_f64(),
        cpu_per_request(server_cpu, total),
    );
    println!();
    print!("{}", stats::table(&stats, wall));

    let run = Arc::try_unwrap(run).map_err(|_| "a client still holds the run".to_owned())?;
    let ledger = run.ledger.into_inner().unwrap_or_else(|e| e.into_inner());
    let (seen, count) = ledger.violations();
    violations.extend(seen.iter().cloned());
    if count > seen.len() as u64 {
        violations.push(format!("... and {} more broken rules seen by the clients", count - seen.len() as u64));
    }
    if let Some(receiver) = receiver {
        let books = books::check(&http, &server.base_url, &ledger, receiver.take(), &receiver.url, &mut violations);
        match tokio::time::timeout(BOOKS_TIMEOUT, books).await {
            Ok(s) => println!(
                "\nbooks: {} payments charged, {} cancels accepted ({} with a checksum) for {} KRW in all; {} stale checksums sent, {} refused; {} webhooks logged, {} received",
                s.payments,
                s.cancels,
                s.checksum_cancels,
                s.cancelled_amount,
                s.stale_sent,
                s.stale_refused,
                s.webhooks_logged,
                s.webhooks_received
            ),
            Err(_) => violations.push(format!("checking the books took over {BOOKS_TIMEOUT:?}")),
        }
    }
    if let Some(status) = server.exited() {
        violations.push(format!("{name} is no longer running: {status}"));
    }
    let output = server.output();
    if output.contains("panicked") {
        violations.push(format!("{name} panicked:\n{output}"));
    } else if !output.trim().is_empty() {
        println!("\n{name} said (stderr, warnings and errors):\n{}", output.trim_end());
    }
    if !violations.is_empty() {
        println!("\n{name}: {} broken rules:", violations.len());
        for v in &violations {
            println!("- {v}");
        }
    }
    Ok((Measured { name, stats, wall, server_cpu }, violations.is_empty()))
}

/// A token, and the billing keys the `again` charges use. On the sandbox,
/// checks that notifications go once (the default mode).
async fn setup(base_url: &str, sandbox: bool) -> Result<String, String> {
    let http = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let credentials = json!({"imp_key": iamport_sandbox::DEFAULT_KEY, "imp_secret": iamport_sandbox::DEFAULT_SECRET});
    let token = post(&http, &format!("{base_url}/users/getToken"), None, &credentials).await?;
    let token = token["response"]["access_token"].as_str().ok_or("getToken gave no access_token")?.to_owned();
    for i in 0..BILLING_KEYS {
        let card = json!({"card_number": CARD, "expiry": EXPIRY, "channel_key": "channel-key-sandbox"});
        let url = format!("{base_url}/subscribe/customers/{}", workload::billing_key(i));
        post(&http, &url, Some(&token), &card).await?;
    }
    if sandbox {
        let settings = http
            .get(format!("{base_url}/_sandbox/webhooks/settings"))
            .send()
            .await
            .map_err(|e| format!("the webhook settings: {e}"))?;
        let settings: Value = settings.json().await.map_err(|e| format!("the webhook settings: {e}"))?;
        if settings["response"]["mode"] != "once" {
            return Err(format!("the sandbox's webhook mode is not `once`: {settings}"));
        }
    }
    Ok(token)
}

async fn post(http: &reqwest::Client, url: &str, token: Option<&str>, body: &Value) -> Result<Value, String> {
    let mut request = http.post(url).json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|e| format!("{url}: {e}"))?;
    let status = response.status();
    let body: Value = response.json().await.map_err(|e| format!("{url}: HTTP {status}, not JSON: {e}"))?;
    match status.is_success() && body["code"] == 0 {
        true => Ok(body),
        false => Err(format!("{url}: HTTP {status}: {}", workload::snippet(&body))),
    }
}

/// The two targets side by side: requests per second and median latency,
/// and their ratios.
fn side_by_side(sandbox: &Measured, prism: &Measured) -> String {
    use std::fmt::Write;
    let mut out = format!(
        "\n## side by side ({} and {}, same clients, same mix)\n\n| request | {0} req/s | {1} req/s | ratio | {0} p50 ms | {1} p50 ms | {0} p99 ms | {1} p99 ms |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
        sandbox.name, prism.name
    );
    let rate = |m: &Measured, n: usize| n as f64 / m.wall.as_secs_f64().max(f64::EPSILON);
    let mut row = |name: &str, a: &[u32], b: &[u32]| {
        let (ra, rb) = (rate(sandbox, a.len()), rate(prism, b.len()));
        let (pa, pb) = (Percentiles::of(a), Percentiles::of(b));
        let ratio = if rb > 0.0 { format!("{:.1}x", ra / rb) } else { "n/a".to_owned() };
        let _ = writeln!(
            out,
            "| {name} | {ra:.0} | {rb:.0} | {ratio} | {:.2} | {:.2} | {:.2} | {:.2} |",
            pa.p50, pb.p50, pa.p99, pb.p99
        );
    };
    for kind in Kind::ALL {
        row(kind.name(), &sandbox.stats.of(kind).latencies, &prism.stats.of(kind).latencies);
    }
    row("**all**", &sandbox.stats.all_latencies(), &prism.stats.all_latencies());
    let (a, b) = (
        cpu_per_request(sandbox.server_cpu, sandbox.stats.total()),
        cpu_per_request(prism.server_cpu, prism.stats.total()),
    );
    let _ = writeln!(
        out,
        "\nserver CPU per request: {a:.3} ms {}, {b:.3} ms {} ({:.1}x)",
        sandbox.name,
        prism.name,
        b / a.max(f64::EPSILON)
    );
    out
}

/// Milliseconds of CPU per request.
fn cpu_per_request(cpu_seconds: f64, requests: u64) -> f64 {
    cpu_seconds * 1000.0 / requests.max(1) as f64
}
