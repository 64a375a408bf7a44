//! Access tokens: fetched lazily, cached, refreshed before they expire.
//!
//! A token's life is measured as `expired_at - now`, both read from the
//! server's answer, and counted down on the local monotonic clock, so a
//! skewed local wall clock does not matter. Callers that find the token
//! stale queue on one lock: the first fetches, the others reuse its token,
//! or its error, so a burst of calls or a wrong secret costs one request.
//!
//! The cache does not know how a token is fetched: each caller hands it the
//! fetch to run if one is needed (`crate::dispatch` passes a getToken call),
//! so the rules below are tested here without a server.

use std::{
    future::Future,
    sync::{
        Arc, RwLock,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use reqwest::header::HeaderValue;

use crate::{DecodeError, Error, Result, clock::Clock, secret::AccessToken};

/// What a token fetch returns: the token and its life on the server's clock
/// (unix seconds, as getToken answers).
pub(crate) struct Grant {
    pub(crate) token: AccessToken,
    pub(crate) now: i64,
    pub(crate) expired_at: i64,
}

pub(crate) struct TokenCache {
    current: RwLock<Option<Cached>>,
    refresh: tokio::sync::Mutex<Option<Arc<Error>>>,
    fetches: AtomicU64,
    margin: Duration,
    clock: Arc<dyn Clock>,
}

struct Cached {
    token: BearerToken,
    refresh_at: Instant,
}

/// An access token as the `Authorization` header value that carries it,
/// built once per token rather than once per call. Marked sensitive, so
/// the HTTP stack never prints it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct BearerToken(HeaderValue);

impl BearerToken {
    fn new(token: &AccessToken) -> Result<Self> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret())).map_err(|_| {
            // Control characters in a token: not what the spec describes.
            Error::Decode { status: None, source: DecodeError::unexpected_shape() }
        })?;
        value.set_sensitive(true);
        Ok(Self(value))
    }

    pub(crate) fn header(&self) -> &HeaderValue {
        &self.0
    }
}

// Written by hand: the token never prints.
impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerToken(** redacted **)")
    }
}

impl TokenCache {
    pub(crate) fn new(margin: Duration, clock: Arc<dyn Clock>) -> Self {
        Self {
            current: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(None),
            fetches: AtomicU64::new(0),
            margin,
            clock,
        }
    }

    /// A token valid for at least the margin. When there is none, `fetch`
    /// runs, in one caller only: concurrent callers wait for its result and
    /// share it, success or failure. A failure is [`Error::Authentication`].
    pub(crate) async fn token<F, Fut>(&self, fetch: F) -> Result<BearerToken>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Grant>>,
    {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let fetches_seen = self.fetches.load(Ordering::Acquire);
        let mut last_failure = self.refresh.lock().await;
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        // A fetch finished while this caller waited and failed: share its
        // error rather than asking again at once.
        if self.fetches.load(Ordering::Acquire) != fetches_seen
            && let Some(failure) = &*last_failure
        {
            return Err(Error::Authentication(Arc::clone(failure)));
        }

        let fetched = fetch().await.and_then(|grant| Ok((BearerToken::new(&grant.token)?, life(&grant))));
        self.fetches.fetch_add(1, Ordering::Release);
        match fetched {
            Ok((token, life)) => {
                // Refresh a margin before expiry, but never sooner than half
                // the token's life, so a short-lived token is still reused.
                let margin = self.margin.min(life / 2);
                let refresh_at = self.clock.now() + life - margin;
                *self.write() = Some(Cached { token: token.clone(), refresh_at });
                *last_failure = None;
                Ok(token)
            }
            Err(error) => {
                let error = Arc::new(error);
                *last_failure = Some(Arc::clone(&error));
                Err(Error::Authentication(error))
            }
        }
    }

    /// Forgets `rejected` after the API answered 401 to it; a token that
    /// another caller has already replaced is left alone.
    pub(crate) fn invalidate(&self, rejected: &BearerToken) {
        let mut current = self.write();
        if current.as_ref().is_some_and(|c| &c.token == rejected) {
            *current = None;
        }
    }

    fn fresh(&self) -> Option<BearerToken> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        let cached = current.as_ref()?;
        (self.clock.now() < cached.refresh_at).then(|| cached.token.clone())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Option<Cached>> {
        self.current.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// The remaining life of a granted token, on the server's clock.
fn life(grant: &Grant) -> Duration {
    Duration::from_secs(grant.expired_at.saturating_sub(grant.now).max(0).unsigned_abs())
}

#[cfg(test)]
mod tests;
