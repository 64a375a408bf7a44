//! The access tokens `getToken` grants, and the check of the token every
//! other call carries (see the server).
//!
//! One token at a time, as the API does for one key: it lives 30 minutes;
//! asking again before it expires returns the same token with the same
//! expiry, except in its last minute, when the expiry moves 5 minutes on;
//! after expiry a new token is issued and the old one is refused.

use std::hash::{BuildHasher, RandomState};

/// How long a new token lives (seconds).
pub const TOKEN_LIFETIME: i64 = 30 * 60;
/// How much a token asked for in its last minute is extended by (seconds).
pub const TOKEN_EXTENSION: i64 = 5 * 60;
const LAST_MINUTE: i64 = 60;

#[derive(Default)]
pub(crate) struct Tokens {
    current: Option<(String, i64)>,
    issued: u64,
    hasher: RandomState,
}

// Written by hand so that the current token never prints.
impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens").field("issued", &self.issued).finish_non_exhaustive()
    }
}

impl Tokens {
    /// The token to hand out at `now`, and its expiry.
    pub(crate) fn grant(&mut self, now: i64) -> (String, i64) {
        match &mut self.current {
            Some((token, expired_at)) if now < *expired_at => {
                if *expired_at - now <= LAST_MINUTE {
                    *expired_at += TOKEN_EXTENSION;
                }
                (token.clone(), *expired_at)
            }
            _ => {
                self.issued += 1;
                let token: String = (0..3u64)
                    .map(|i| format!("{:016x}", self.hasher.hash_one((self.issued, now, i))))
                    .collect::<String>()
                    .chars()
                    .take(40)
                    .collect();
                let expired_at = now + TOKEN_LIFETIME;
                self.current = Some((token.clone(), expired_at));
                (token, expired_at)
            }
        }
    }

    /// Ends the current token's life at `now`, as if its 30 minutes had
    /// passed: calls carrying it get 401, and the next `getToken` issues a
    /// new one. Returns whether a token was alive.
    pub(crate) fn expire(&mut self, now: i64) -> bool {
        match &mut self.current {
            Some((_, expired_at)) if now < *expired_at => {
                *expired_at = now;
                true
            }
            _ => false,
        }
    }

    /// Whether `token` is the current token and has not expired at `now`.
    pub fn is_valid(&self, token: &str, now: i64) -> bool {
        self.current.as_ref().is_some_and(|(current, expired_at)| current == token && now < *expired_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_the_api_rules() {
        let mut tokens = Tokens::default();
        let t0 = 1_700_000_000;
        let (first, expiry) = tokens.grant(t0);
        assert_eq!(expiry, t0 + TOKEN_LIFETIME);
        assert_eq!(tokens.grant(t0 + 100), (first.clone(), expiry));
        assert_eq!(tokens.grant(expiry - 30), (first.clone(), expiry + TOKEN_EXTENSION));
        assert!(tokens.is_valid(&first, expiry + TOKEN_EXTENSION - 1));
        assert!(!tokens.is_valid(&first, expiry + TOKEN_EXTENSION));
        let (second, _) = tokens.grant(expiry + TOKEN_EXTENSION);
        assert_ne!(first, second);
        assert_eq!(second.len(), 40);
        assert!(!tokens.is_valid(&first, expiry));
    }

    #[test]
    fn an_expired_token_is_refused_and_replaced() {
        let mut tokens = Tokens::default();
        let t0 = 1_700_000_000;
        assert!(!tokens.expire(t0));
        let (first, _) = tokens.grant(t0);
        assert!(tokens.expire(t0 + 10));
        assert!(!tokens.is_valid(&first, t0 + 10));
        assert!(!tokens.expire(t0 + 10));
        let (second, expiry) = tokens.grant(t0 + 10);
        assert_ne!(first, second);
        assert_eq!(expiry, t0 + 10 + TOKEN_LIFETIME);
    }
}
