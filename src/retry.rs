//! When a failed call is sent again, and how long to wait first.
//!
//! Only calls that are safe to repeat are re-sent after the request may have
//! reached the server: GET lookups and operations the spec marks
//! `x-iamport-idempotent` (getToken). A call that moves money or changes
//! state is re-sent only when its connection was never established, so the
//! server cannot have seen it.

use std::{
    hash::{BuildHasher, Hasher},
    time::Duration,
};

use crate::{Error, StatusCode};

/// How many times, and how patiently, a failed call is sent again.
///
/// Set it for a client with [`crate::ClientBuilder::retry_policy`], or for
/// some calls with [`crate::Client::with_retry_policy`]. The default retries
/// twice, waiting about 0.2 s then 0.4 s (with jitter, at most 5 s), and
/// honours a `Retry-After` of up to 10 s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// Never send a call twice (a 401 still renews the token once).
    pub fn none() -> Self {
        Self { max_retries: 0, ..Self::default() }
    }

    /// How many times a call may be sent again after the first attempt.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The wait before the first retry, doubled for each next one up to `max`.
    /// Each wait is drawn between half and all of that figure (jitter).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest `Retry-After` the client waits for; a server asking for
    /// more gets its error returned instead.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// The wait before retry number `retry` (1-based), or `None` to give up.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if retry > self.max_retries {
            return None;
        }
        let doubled = self.initial_backoff.saturating_mul(1u32 << (retry - 1).min(16));
        let ceiling = doubled.min(self.max_backoff);
        let backoff = ceiling / 2 + ceiling.mul_f64(random_fraction() / 2.0);
        match retry_after {
            Some(asked) if asked > self.max_retry_after => None,
            Some(asked) => Some(asked.max(backoff)),
            None => Some(backoff),
        }
    }
}

/// Whether an error is worth another attempt, given whether the request may
/// have reached the server and whether the operation may be repeated.
pub(crate) fn is_retryable(error: &Error, idempotent: bool, maybe_sent: bool) -> bool {
    if !maybe_sent {
        // The connection was never made: the server saw nothing.
        return matches!(error, Error::Transport { .. });
    }
    if !idempotent {
        return false;
    }
    let transient = |status: Option<StatusCode>| {
        status.is_none_or(|s| {
            s == StatusCode::TOO_MANY_REQUESTS
                || s == StatusCode::REQUEST_TIMEOUT
                // 501: the API does not support the call; asking again will not help.
                || (s.is_server_error() && s != StatusCode::NOT_IMPLEMENTED)
        })
    };
    match error {
        Error::Transport { .. } | Error::Timeout { .. } => true,
        Error::Api { status, .. } => transient(Some(*status)),
        Error::Decode { status, .. } => transient(*status),
        _ => false,
    }
}

/// A number in [0, 1) that differs between calls, for jitter. The standard
/// library's randomly keyed hasher is enough: this needs no cryptography.
fn random_fraction() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_a_ceiling() {
        let policy =
            RetryPolicy::default().max_retries(5).backoff(Duration::from_millis(100), Duration::from_millis(300));
        for _ in 0..100 {
            let first = policy.delay(1, None).unwrap();
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let third = policy.delay(3, None).unwrap();
            assert!(third >= Duration::from_millis(150) && third <= Duration::from_millis(300), "{third:?}");
        }
        assert_eq!(policy.delay(6, None), None);
        assert_eq!(RetryPolicy::none().delay(1, None), None);
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_limit() {
        let policy = RetryPolicy::default();
        assert!(policy.delay(1, Some(Duration::from_secs(3))).unwrap() >= Duration::from_secs(3));
        assert_eq!(policy.delay(1, Some(Duration::from_secs(60))), None);
    }
}
