//! What the clients measured: each request's latency, HTTP status and
//! envelope `code`, by kind of request; percentiles by sorting.

use std::{
    collections::{BTreeMap, HashSet},
    fmt::Write,
    time::Duration,
};

/// The kinds of request the clients mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `POST /subscribe/payments/onetime` with the approved test card.
    Onetime,
    /// `POST /subscribe/payments/again` with a stored billing key.
    Again,
    /// Two `onetime` charges of one new `merchant_uid` sent at once: one
    /// must be paid, the other refused.
    ChargeTwice,
    /// `POST /payments/cancel`, part of a payment, no checksum.
    Cancel,
    /// `POST /payments/cancel` with the checksum the client last saw.
    CancelChecksum,
    /// `POST /payments/cancel` with a checksum already honoured: must be refused.
    CancelStale,
    /// `GET /payments/{imp_uid}`.
    LookupImpUid,
    /// `GET /payments/find/{merchant_uid}`.
    LookupMerchantUid,
    /// `GET /payments/status/{status}?page=..&limit=..`.
    Listing,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Onetime,
        Kind::Again,
        Kind::ChargeTwice,
        Kind::Cancel,
        Kind::CancelChecksum,
        Kind::CancelStale,
        Kind::LookupImpUid,
        Kind::LookupMerchantUid,
        Kind::Listing,
    ];

    /// How the report names it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Onetime => "charge (onetime)",
            Kind::Again => "charge (again)",
            Kind::ChargeTwice => "same charge twice at once",
            Kind::Cancel => "partial cancel",
            Kind::CancelChecksum => "cancel with checksum",
            Kind::CancelStale => "cancel, stale checksum",
            Kind::LookupImpUid => "lookup by imp_uid",
            Kind::LookupMerchantUid => "lookup by merchant_uid",
            Kind::Listing => "status listing (paged)",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The most distinct bodies counted per kind (enough to tell Prism's fixed
/// examples from the sandbox's own answers).
const MAX_DISTINCT_BODIES: usize = 100;

/// The measurements of one kind.
#[derive(Debug, Default, Clone)]
pub struct KindStats {
    /// Microseconds, one per request.
    pub latencies: Vec<u32>,
    /// Requests by HTTP status.
    pub statuses: BTreeMap<u16, u64>,
    /// Answers by envelope `code` (absent: no envelope).
    pub codes: BTreeMap<i64, u64>,
    /// Hashes of distinct bodies, up to [`MAX_DISTINCT_BODIES`].
    pub bodies: HashSet<u64>,
    /// Transport errors (no answer, a timeout).
    pub transport_errors: u64,
}

/// The measurements of one client, or of all merged.
#[derive(Debug, Clone)]
pub struct Stats {
    kinds: Vec<KindStats>,
}

impl Default for Stats {
    fn default() -> Self {
        Self { kinds: vec![KindStats::default(); Kind::ALL.len()] }
    }
}

impl Stats {
    /// Records an answered request.
    pub fn answered(&mut self, kind: Kind, latency: Duration, status: u16, code: Option<i64>, body_hash: u64) {
        let k = &mut self.kinds[kind.index()];
        k.latencies.push(micros(latency));
        *k.statuses.entry(status).or_default() += 1;
        if let Some(code) = code {
            *k.codes.entry(code).or_default() += 1;
        }
        if k.bodies.len() < MAX_DISTINCT_BODIES {
            k.bodies.insert(body_hash);
        }
    }

    /// Records a request that got no answer.
    pub fn transport_error(&mut self, kind: Kind, latency: Duration) {
        let k = &mut self.kinds[kind.index()];
        k.latencies.push(micros(latency));
        k.transport_errors += 1;
    }

    /// Adds another client's measurements.
    pub fn merge(&mut self, other: Stats) {
        for (mine, theirs) in self.kinds.iter_mut().zip(other.kinds) {
            mine.latencies.extend(theirs.latencies);
            for (status, n) in theirs.statuses {
                *mine.statuses.entry(status).or_default() += n;
            }
            for (code, n) in theirs.codes {
                *mine.codes.entry(code).or_default() += n;
            }
            for hash in theirs.bodies {
                if mine.bodies.len() < MAX_DISTINCT_BODIES {
                    mine.bodies.insert(hash);
                }
            }
            mine.transport_errors += theirs.transport_errors;
        }
    }

    /// The measurements of `kind`.
    pub fn of(&self, kind: Kind) -> &KindStats {
        &self.kinds[kind.index()]
    }

    /// Every request of every kind.
    pub fn total(&self) -> u64 {
        self.kinds.iter().map(|k| k.latencies.len() as u64).sum()
    }

    /// Every latency, all kinds together.
    pub fn all_latencies(&self) -> Vec<u32> {
        self.kinds.iter().flat_map(|k| k.latencies.iter().copied()).collect()
    }
}

fn micros(latency: Duration) -> u32 {
    u32::try_from(latency.as_micros()).unwrap_or(u32::MAX)
}

/// p50, p90, p99 and the maximum, in milliseconds (nearest rank).
#[derive(Debug, Clone, Copy, Default)]
pub struct Percentiles {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

impl Percentiles {
    pub fn of(latencies: &[u32]) -> Self {
        if latencies.is_empty() {
            return Self::default();
        }
        let mut sorted = latencies.to_vec();
        sorted.sort_unstable();
        let rank = |p: f64| {
            let index = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
            f64::from(sorted[index]) / 1000.0
        };
        Self { p50: rank(0.50), p90: rank(0.90), p99: rank(0.99), max: f64::from(sorted[sorted.len() - 1]) / 1000.0 }
    }
}

/// The table of one target's run: per kind and overall, requests,
/// requests per second, percentiles and what came back.
pub fn table(stats: &Stats, wall: Duration) -> String {
    let seconds = wall.as_secs_f64().max(f64::EPSILON);
    let mut out = String::from(
        "| request | count | req/s | p50 ms | p90 ms | p99 ms | max ms | answers (HTTP status: count; envelope code: count) | distinct bodies |\n\
         |---|---:|---:|---:|---:|---:|---:|---|---:|\n",
    );
    let row = |out: &mut String, name: &str, latencies: &[u32], answers: String, bodies: String| {
        let p = Percentiles::of(latencies);
        let _ = writeln!(
            out,
            "| {name} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.1} | {answers} | {bodies} |",
            latencies.len(),
            latencies.len() as f64 / seconds,
            p.p50,
            p.p90,
            p.p99,
            p.max,
        );
    };
    for kind in Kind::ALL {
        let k = stats.of(kind);
        let bodies = match k.bodies.len() {
            n if n >= MAX_DISTINCT_BODIES => format!("{MAX_DISTINCT_BODIES}+"),
            n => n.to_string(),
        };
        row(&mut out, kind.name(), &k.latencies, answers(k), bodies);
    }
    row(&mut out, "**all**", &stats.all_latencies(), String::new(), String::new());
    out
}

fn answers(k: &KindStats) -> String {
    let mut parts: Vec<String> = k.statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
    if k.transport_errors > 0 {
        parts.push(format!("no answer: {}", k.transport_errors));
    }
    let codes: Vec<String> = k.codes.iter().map(|(c, n)| format!("code {c}: {n}")).collect();
    match codes.is_empty() {
        true => parts.join(", "),
        false => format!("{}; {}", parts.join(", "), codes.join(", ")),
    }
}
