//! The client side of a run: the same payment lookup made through the SDK or
//! through a minimal hand-written reqwest + serde_json call, by `concurrency`
//! tasks sharing one client, with per-call latencies and the process's CPU
//! time measured over the calls after the warm-up.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use serde::Deserialize;

use crate::measure::{self, Percentiles, Report};

pub const IMP_KEY: &str = "bench_imp_key";
pub const IMP_SECRET: &str = "bench_imp_secret";
pub const IMP_UID: &str = "imp_123412341234";

/// Who makes the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// `client.get_payment_by_imp_uid().imp_uid(..).send()`.
    Sdk,
    /// reqwest + serde_json into the same `types::Payment`: the floor.
    Raw,
    /// reqwest + `serde_json::Value`: what a quick script would write.
    RawValue,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Raw, Variant::Sdk, Variant::RawValue];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Sdk => "sdk",
            Variant::Raw => "raw",
            Variant::RawValue => "raw-value",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// One client run.
#[derive(Debug, Clone)]
pub struct Plan {
    pub variant: Variant,
    pub base_url: String,
    pub calls: u64,
    pub warmup: u64,
    pub concurrency: usize,
    /// Spread the measured calls evenly over this long instead of going flat out.
    pub spread_over: Option<Duration>,
    /// `ClientBuilder::token_refresh_margin` for the SDK.
    pub token_margin: Option<Duration>,
}

pub fn run(plan: &Plan) -> Result<Report, String> {
    // Two workers for every variant: the machine the figures come from has two cores.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    runtime.block_on(run_async(plan))
}

async fn run_async(plan: &Plan) -> Result<Report, String> {
    let caller = Arc::new(Caller::new(plan).await?);
    let warm = phase(&caller, plan.warmup, plan.concurrency, None).await;
    if let Some(error) = warm.first_error {
        return Err(format!("warm-up call failed: {error}"));
    }

    let (user_before, sys_before) = measure::cpu_times();
    let started = Instant::now();
    let mut measured = phase(&caller, plan.calls, plan.concurrency, plan.spread_over).await;
    let wall = started.elapsed();
    let (user_after, sys_after) = measure::cpu_times();
    if let Some(error) = &measured.first_error {
        eprintln!("{}: {} of {} calls failed, first: {error}", plan.variant.name(), measured.errors, plan.calls);
    }

    Ok(Report {
        variant: plan.variant.name().to_owned(),
        concurrency: plan.concurrency,
        calls: plan.calls,
        errors: measured.errors,
        wall_s: wall.as_secs_f64(),
        cpu_user_s: user_after - user_before,
        cpu_sys_s: sys_after - sys_before,
        latency_us: Percentiles::of(&mut measured.latencies),
        peak_rss_kb: measure::peak_rss_kb(),
    })
}

struct Outcome {
    latencies: Vec<Duration>,
    errors: u64,
    first_error: Option<String>,
}

/// `calls` calls shared out to `concurrency` tasks through a ticket counter.
async fn phase(caller: &Arc<Caller>, calls: u64, concurrency: usize, spread_over: Option<Duration>) -> Outcome {
    let tickets = Arc::new(AtomicU64::new(0));
    let first_error = Arc::new(Mutex::new(None::<String>));
    let start = tokio::time::Instant::now();
    let interval = spread_over.map(|d| d / calls.max(1) as u32);
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (caller, tickets, first_error) = (Arc::clone(caller), Arc::clone(&tickets), Arc::clone(&first_error));
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity((calls as usize / concurrency.max(1)) + 1);
            let mut errors = 0;
            loop {
                let ticket = tickets.fetch_add(1, Ordering::Relaxed);
                if ticket >= calls {
                    break;
                }
                if let Some(interval) = interval {
                    tokio::time::sleep_until(start + interval * ticket as u32).await;
                }
                let began = Instant::now();
                let result = caller.call().await;
                latencies.push(began.elapsed());
                if let Err(error) = result {
                    errors += 1;
                    first_error.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(error);
                }
            }
            (latencies, errors)
        }));
    }
    let mut outcome = Outcome { latencies: Vec::with_capacity(calls as usize), errors: 0, first_error: None };
    for task in tasks {
        match task.await {
            Ok((latencies, errors)) => {
                outcome.latencies.extend(latencies);
                outcome.errors += errors;
            }
            Err(panic) => {
                outcome.errors += 1;
                outcome.first_error.get_or_insert(format!("a worker task failed: {panic}"));
            }
        }
    }
    if outcome.first_error.is_none() {
        outcome.first_error = first_error.lock().unwrap_or_else(|e| e.into_inner()).take();
    }
    outcome
}

enum Caller {
    Sdk(iamport::Client),
    Raw(RawClient),
    RawValue(RawClient),
}

impl Caller {
    async fn new(plan: &Plan) -> Result<Self, String> {
        Ok(match plan.variant {
            Variant::Sdk => {
                let mut builder = iamport::Client::builder(IMP_KEY, IMP_SECRET).base_url(&plan.base_url);
                if let Some(margin) = plan.token_margin {
                    builder = builder.token_refresh_margin(margin);
                }
                Caller::Sdk(builder.build().map_err(|e| e.to_string())?)
            }
            Variant::Raw => Caller::Raw(RawClient::connect(&plan.base_url).await?),
            Variant::RawValue => Caller::RawValue(RawClient::connect(&plan.base_url).await?),
        })
    }

    /// One lookup; the amount read from the answer so the decode is not skipped.
    async fn call(&self) -> Result<f64, String> {
        let amount = match self {
            Caller::Sdk(client) => {
                let payment =
                    client.get_payment_by_imp_uid().imp_uid(IMP_UID).send().await.map_err(|e| e.to_string())?;
                payment.amount
            }
            Caller::Raw(raw) => raw.get::<iamport::types::Payment>().await?.amount,
            Caller::RawValue(raw) => {
                let payment = raw.get::<serde_json::Value>().await?;
                payment["amount"].as_f64().ok_or("the payment has no amount")?
            }
        };
        Ok(std::hint::black_box(amount))
    }
}

/// The hand-written baseline: one reqwest client, a token fetched once, and
/// a GET whose envelope is decoded with serde_json.
struct RawClient {
    http: reqwest::Client,
    base_url: String,
    bearer: String,
}

#[derive(Deserialize)]
struct RawEnvelope<T> {
    code: i64,
    message: Option<String>,
    response: Option<T>,
}

#[derive(Deserialize)]
struct RawGrant {
    access_token: String,
}

impl RawClient {
    async fn connect(base_url: &str) -> Result<Self, String> {
        // The same settings the SDK's default client uses, so both pay for the same timers.
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        let grant: RawEnvelope<RawGrant> = http
            .post(format!("{base_url}/users/getToken"))
            .json(&serde_json::json!({ "imp_key": IMP_KEY, "imp_secret": IMP_SECRET }))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| format!("getToken failed: {e}"))?
            .json()
            .await
            .map_err(|e| format!("getToken answer: {e}"))?;
        let token = grant.response.ok_or("getToken answered without a token")?.access_token;
        Ok(Self { http, base_url: base_url.to_owned(), bearer: format!("Bearer {token}") })
    }

    async fn get<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        let response = self
            .http
            .get(format!("{}/payments/{IMP_UID}", self.base_url))
            .header(reqwest::header::AUTHORIZATION, &self.bearer)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        let envelope: RawEnvelope<T> = serde_json::from_slice(&body).map_err(|e| format!("HTTP {status}: {e}"))?;
        match envelope {
            RawEnvelope { code: 0, response: Some(payment), .. } if status.is_success() => Ok(payment),
            RawEnvelope { code, message, .. } => Err(format!("HTTP {status}, code {code}: {message:?}")),
        }
    }
}
