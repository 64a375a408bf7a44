//! The one path every operation takes: request, token, attempts, outcome.
//!
//! The generated `send` of each request builder calls [`send`]; the
//! builder's [`Call`] implementation says everything about the operation,
//! and nothing here knows an operation by name.

use std::{future::Future, pin::Pin, time::Instant};

use reqwest::{StatusCode, header::HeaderName};
use tracing::Instrument;

use crate::{
    Client, Error, Result,
    auth::{BearerToken, Grant},
    call::{Call, Output, Request},
    exchange::{Answer, exchange},
    outcome, retry,
    types::{GetTokenRequest, Payment},
};

const TIER: HeaderName = HeaderName::from_static("tier");

/// Sends one operation: with a token when the spec asks for one, retried
/// where the policy and the operation allow, and once more with a fresh token
/// if the API answers 401 (never more than once).
pub(crate) async fn send<C: Call>(call: C) -> Result<Output<C>> {
    let (client, mut request) = call.request()?;
    let client: &Client = &client;
    if let Some(tier) = &client.shared().tier {
        request.http.headers_mut().insert(TIER, tier.clone());
    }
    let mut token = match C::OPERATION.requires_auth {
        true => Some(token(client).await?),
        false => None,
    };
    let mut renewed = false;
    loop {
        let result = with_retries::<C>(client, &request, token.as_ref()).await;
        match (result, &token) {
            (Err(error), Some(rejected)) if !renewed && error.status() == Some(StatusCode::UNAUTHORIZED) => {
                tracing::debug!(operation = C::OPERATION.id, "access token rejected; renewing it once");
                client.shared().tokens.invalidate(rejected);
                token = Some(self::token(client).await?);
                renewed = true;
            }
            (result, _) => return result.and_then(C::accept),
        }
    }
}

/// A token for a call, from the cache or, when it has none, from getToken.
async fn token(client: &Client) -> Result<BearerToken> {
    client.shared().tokens.token(|| fetch_token(client)).await
}

/// One getToken call, sent like any other (it needs no token, and may be
/// retried). Boxed: it is a call made from inside a call.
fn fetch_token(client: &Client) -> Pin<Box<dyn Future<Output = Result<Grant>> + Send + '_>> {
    Box::pin(async move {
        let shared = client.shared();
        let body = GetTokenRequest { imp_key: shared.imp_key.clone(), imp_secret: shared.imp_secret.clone() };
        let grant = client.get_token().body(body).send().await?;
        Ok(Grant { token: grant.access_token, now: grant.now, expired_at: grant.expired_at })
    })
}

/// Attempts the call until it succeeds, fails for good, or the retry policy
/// gives up. A failure of a state-changing call that may have reached the
/// server becomes [`Error::OutcomeUnknown`].
async fn with_retries<C: Call>(client: &Client, request: &Request, token: Option<&BearerToken>) -> Result<Output<C>> {
    let op = C::OPERATION;
    let mut retries = 0;
    loop {
        let answer = attempt::<C>(client, &request.http, token, retries + 1).await;
        let error = match answer.result {
            Ok(output) => return Ok(output),
            Err(error) => error,
        };
        if retry::is_retryable(&error, op.idempotent, answer.maybe_sent) {
            retries += 1;
            if let Some(wait) = client.retry_policy().delay(retries, answer.retry_after) {
                tracing::debug!(operation = op.id, retry = retries, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
                tokio::time::sleep(wait).await;
                continue;
            }
        }
        return Err(if !op.idempotent && may_have_gone_through(&error, answer.maybe_sent) {
            Error::OutcomeUnknown { operation: op.id, keys: outcome::keys(op, request), cause: Box::new(error) }
        } else {
            error
        });
    }
}

/// One exchange, in its tracing span, within the client's own deadline
/// when it has one.
async fn attempt<C: Call>(
    client: &Client,
    request: &reqwest::Request,
    token: Option<&BearerToken>,
    number: u32,
) -> Answer<Output<C>> {
    let span = tracing::debug_span!(
        "iamport.call",
        operation = C::OPERATION.id,
        attempt = number,
        http.status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let started = (!span.is_disabled()).then(Instant::now);
    let exchange = exchange::<C>(client, request, token).instrument(span.clone());
    let answer = match client.shared().own_deadline {
        None => exchange.await,
        Some(deadline) => match tokio::time::timeout(deadline, exchange).await {
            Ok(answer) => answer,
            Err(_) => Answer {
                result: Err(Error::Timeout { after: deadline }),
                status: None,
                retry_after: None,
                maybe_sent: true,
            },
        },
    };
    if let Some(started) = started {
        if let Some(status) = answer.status {
            span.record("http.status", status.as_u16());
        }
        span.record("duration_ms", started.elapsed().as_millis() as u64);
    }
    answer
}

/// For a charge: a payment that came back `failed` is a declined card.
pub(crate) fn reject_declined(payment: Payment) -> Result<Payment> {
    if payment.status == crate::enums::PaymentStatus::Failed {
        Err(Error::Declined { payment: Box::new(payment) })
    } else {
        Ok(payment)
    }
}

/// Whether a failed call that changes state may still have taken effect.
fn may_have_gone_through(error: &Error, maybe_sent: bool) -> bool {
    match error {
        Error::Transport { .. } | Error::Timeout { .. } => maybe_sent,
        Error::Decode { status, .. } => !status.is_some_and(|s| s.is_client_error()),
        // 501: the API does not support the call at all, so nothing happened.
        Error::Api { status, .. } => status.is_server_error() && *status != StatusCode::NOT_IMPLEMENTED,
        _ => false,
    }
}
