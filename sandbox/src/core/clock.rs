//! The sandbox's wall clock, in unix seconds, which tests can move.

use std::{
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

/// The clock the sandbox stamps payments and tokens with (unix seconds).
///
/// Clones share one clock: [`advance`](Self::advance) on a clone moves the
/// sandbox's time too. It is separate from [`iamport::clock::Clock`], the
/// client's monotonic clock: moving the sandbox clock past a token's expiry
/// makes the sandbox refuse a token the client still believes fresh, which
/// is what happens when a real server and client disagree.
#[derive(Debug, Clone)]
pub struct SandboxClock {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// `None`: follow the system clock; `Some(t)`: frozen at `t` + offset.
    frozen_at: Option<i64>,
    offset: AtomicI64,
}

impl SandboxClock {
    /// A clock that follows the system clock (plus whatever it is advanced by).
    pub fn system() -> Self {
        Self { inner: Arc::new(Inner { frozen_at: None, offset: AtomicI64::new(0) }) }
    }

    /// A clock frozen at `unix_seconds` that moves only when advanced:
    /// deterministic timestamps for tests.
    pub fn fixed(unix_seconds: i64) -> Self {
        Self { inner: Arc::new(Inner { frozen_at: Some(unix_seconds), offset: AtomicI64::new(0) }) }
    }

    /// The current time, unix seconds.
    pub fn now(&self) -> i64 {
        let base = self.inner.frozen_at.unwrap_or_else(system_now);
        base.saturating_add(self.inner.offset.load(Ordering::Acquire))
    }

    /// Moves the clock forward (whole seconds; a fraction is dropped).
    pub fn advance(&self, by: Duration) {
        let seconds = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        self.inner.offset.fetch_add(seconds, Ordering::AcqRel);
    }
}

impl Default for SandboxClock {
    fn default() -> Self {
        Self::system()
    }
}

fn system_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_advanced() {
        let clock = SandboxClock::fixed(1_700_000_000);
        let shared = clock.clone();
        assert_eq!(clock.now(), 1_700_000_000);
        shared.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), 1_700_000_090);
    }
}
