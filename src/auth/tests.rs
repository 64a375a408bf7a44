//! The token cache's rules, with a fetch written in the test instead of a
//! server: one fetch for concurrent callers, refresh a margin before expiry
//! on the server's clock, a failure shared by the callers that waited for
//! it, and a 401 that forgets only the token it was answered to.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use reqwest::StatusCode;
use tokio::sync::Notify;

use super::*;
use crate::clock::ManualClock;

/// The server's clock in the grants: far from the local one on purpose.
const SERVER_NOW: i64 = 1_000;

fn grant(token: &str, life: i64) -> Grant {
    Grant { token: AccessToken::new(token).unwrap(), now: SERVER_NOW, expired_at: SERVER_NOW + life }
}

fn cache(margin: Duration) -> (Arc<TokenCache>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    (Arc::new(TokenCache::new(margin, clock.clone())), clock)
}

fn header(token: &BearerToken) -> &str {
    token.header().to_str().unwrap()
}

/// A fetch that hands out `tok_1`, `tok_2`, ... living `life` seconds, and
/// counts how often it ran.
struct Issuer {
    issued: AtomicUsize,
    life: i64,
}

impl Issuer {
    fn new(life: i64) -> Self {
        Self { issued: AtomicUsize::new(0), life }
    }

    async fn fetch(&self) -> Result<Grant> {
        let number = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(grant(&format!("tok_{number}"), self.life))
    }

    fn issued(&self) -> usize {
        self.issued.load(Ordering::SeqCst)
    }
}

/// Starts `callers` tasks asking `cache` for a token whose fetch waits for
/// `release` and then answers `answer()`; returns once every caller is
/// waiting (the first in its fetch, the others on the cache's lock).
async fn waiting_callers(
    cache: &Arc<TokenCache>,
    callers: usize,
    release: &Arc<Notify>,
    fetches: &Arc<AtomicUsize>,
    answer: fn() -> Result<Grant>,
) -> Vec<tokio::task::JoinHandle<Result<BearerToken>>> {
    let entered = Arc::new(AtomicUsize::new(0));
    let tasks = (0..callers)
        .map(|_| {
            let (cache, release, fetches, entered) =
                (Arc::clone(cache), Arc::clone(release), Arc::clone(fetches), Arc::clone(&entered));
            tokio::spawn(async move {
                entered.fetch_add(1, Ordering::SeqCst);
                cache
                    .token(|| async move {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        release.notified().await;
                        answer()
                    })
                    .await
            })
        })
        .collect();
    // On the single-threaded test runtime a task runs until it waits, so
    // once every caller has entered, every caller is waiting.
    for _ in 0..1_000 {
        if entered.load(Ordering::SeqCst) == callers {
            break;
        }
        tokio::task::yield_now().await;
    }
    assert_eq!(entered.load(Ordering::SeqCst), callers, "the callers did not all start");
    tasks
}

#[tokio::test]
async fn concurrent_callers_share_one_fetch() {
    let (cache, _) = cache(Duration::from_secs(60));
    let (release, fetches) = (Arc::new(Notify::new()), Arc::new(AtomicUsize::new(0)));
    let callers = waiting_callers(&cache, 20, &release, &fetches, || Ok(grant("tok_shared", 1800))).await;
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "one fetch while the others wait");
    release.notify_one();
    for caller in callers {
        assert_eq!(header(&caller.await.unwrap().unwrap()), "Bearer tok_shared");
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failed_fetch_is_shared_by_its_waiters_and_not_remembered() {
    let (cache, _) = cache(Duration::from_secs(60));
    let (release, fetches) = (Arc::new(Notify::new()), Arc::new(AtomicUsize::new(0)));
    let refused = || Err(Error::Api { status: StatusCode::UNAUTHORIZED, code: -1, message: Some("bad secret".into()) });
    let callers = waiting_callers(&cache, 20, &release, &fetches, refused).await;
    release.notify_one();
    let mut causes = Vec::new();
    for caller in callers {
        match caller.await.unwrap() {
            Err(Error::Authentication(cause)) => causes.push(cause),
            Err(other) => panic!("expected an authentication error, got {other:?}"),
            Ok(_) => panic!("expected an authentication error, got a token"),
        }
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "one fetch, its error shared");
    assert!(causes.iter().all(|cause| Arc::ptr_eq(cause, &causes[0])), "the same cause for every waiter");
    assert_eq!(causes[0].status(), Some(StatusCode::UNAUTHORIZED));

    // A caller that comes later asks again rather than inheriting the failure.
    let issuer = Issuer::new(1800);
    assert_eq!(header(&cache.token(|| issuer.fetch()).await.unwrap()), "Bearer tok_1");
    assert_eq!(issuer.issued(), 1);
}

#[tokio::test]
async fn a_token_is_reused_until_a_margin_before_it_expires_on_the_server_clock() {
    let (cache, clock) = cache(Duration::from_secs(60));
    let issuer = Issuer::new(1800);
    assert_eq!(header(&cache.token(|| issuer.fetch()).await.unwrap()), "Bearer tok_1");

    // The grant says 1970; only `expired_at - now` counts.
    clock.advance(Duration::from_secs(1800 - 61));
    assert_eq!(header(&cache.token(|| issuer.fetch()).await.unwrap()), "Bearer tok_1");
    assert_eq!(issuer.issued(), 1, "more than the margin left: reused");

    clock.advance(Duration::from_secs(1));
    assert_eq!(header(&cache.token(|| issuer.fetch()).await.unwrap()), "Bearer tok_2");
    assert_eq!(issuer.issued(), 2, "inside the margin: refreshed");
}

#[tokio::test]
async fn the_margin_is_at_most_half_of_a_short_life() {
    let (cache, clock) = cache(Duration::from_secs(60));
    let issuer = Issuer::new(100);
    cache.token(|| issuer.fetch()).await.unwrap();
    clock.advance(Duration::from_secs(49));
    cache.token(|| issuer.fetch()).await.unwrap();
    assert_eq!(issuer.issued(), 1, "half of a 100 s life is left: reused");
    clock.advance(Duration::from_secs(1));
    cache.token(|| issuer.fetch()).await.unwrap();
    assert_eq!(issuer.issued(), 2);
}

#[tokio::test]
async fn an_already_expired_grant_is_used_once_and_not_cached() {
    let (cache, _) = cache(Duration::from_secs(60));
    let issuer = Issuer::new(-5);
    assert_eq!(header(&cache.token(|| issuer.fetch()).await.unwrap()), "Bearer tok_1");
    assert_eq!(header(&cache.token(|| issuer.fetch()).await.unwrap()), "Bearer tok_2");
}

#[tokio::test]
async fn invalidating_forgets_only_the_token_still_cached() {
    let (cache, _) = cache(Duration::from_secs(60));
    let issuer = Issuer::new(1800);
    let first = cache.token(|| issuer.fetch()).await.unwrap();

    cache.invalidate(&BearerToken::new(&AccessToken::new("tok_other").unwrap()).unwrap());
    assert_eq!(header(&cache.token(|| issuer.fetch()).await.unwrap()), "Bearer tok_1", "another token: kept");

    cache.invalidate(&first);
    let second = cache.token(|| issuer.fetch()).await.unwrap();
    assert_eq!(header(&second), "Bearer tok_2", "the rejected token: forgotten");

    // A caller that met the 401 late reports the first token again; the
    // replacement another caller fetched stays.
    cache.invalidate(&first);
    assert_eq!(header(&cache.token(|| issuer.fetch()).await.unwrap()), "Bearer tok_2");
    assert_eq!(issuer.issued(), 2);
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_an_authentication_error() {
    let (cache, _) = cache(Duration::from_secs(60));
    let err = cache.token(|| async { Ok(grant("tok\nwith a newline", 1800)) }).await.unwrap_err();
    let Error::Authentication(cause) = &err else { panic!("{err:?}") };
    assert!(matches!(**cause, Error::Decode { .. }), "{cause:?}");
    assert!(!format!("{err:?}").contains("newline"), "the token never prints");
}
