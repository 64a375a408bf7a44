//! What a client process reports about its own run: wall time, CPU time
//! (getrusage of the process, so the server in its own process is not
//! counted), latency percentiles and peak resident memory.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// One client run, as printed on its stdout (one JSON line). The Python and
/// Node drivers print the same shape.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub variant: String,
    pub concurrency: usize,
    pub calls: u64,
    pub errors: u64,
    pub wall_s: f64,
    pub cpu_user_s: f64,
    pub cpu_sys_s: f64,
    pub latency_us: Percentiles,
    pub peak_rss_kb: u64,
}

impl Report {
    pub fn calls_per_s(&self) -> f64 {
        self.calls as f64 / self.wall_s
    }

    pub fn cpu_us_per_call(&self) -> f64 {
        (self.cpu_user_s + self.cpu_sys_s) * 1e6 / self.calls as f64
    }
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub p999: f64,
    pub max: f64,
}

impl Percentiles {
    /// Nearest-rank percentiles of `samples` (any order).
    pub fn of(samples: &mut [Duration]) -> Self {
        if samples.is_empty() {
            return Self::default();
        }
        samples.sort_unstable();
        let at = |q: f64| {
            let rank = ((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
            samples[rank - 1].as_secs_f64() * 1e6
        };
        Self { p50: at(0.50), p90: at(0.90), p99: at(0.99), p999: at(0.999), max: at(1.0) }
    }
}

/// User and system CPU time of this process so far, in seconds.
pub fn cpu_times() -> (f64, f64) {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF is always valid.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (secs(usage.ru_utime), secs(usage.ru_stime))
}

/// Peak resident set size of this process (VmHWM), in kB.
pub fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The median of `values` (upper median for an even count).
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_unstable_by(f64::total_cmp);
    values[values.len() / 2]
}
