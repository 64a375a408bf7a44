//! The one path every operation takes: request, token, attempts, outcome.
//!
//! The generated `send` of each request builder calls [`send`]; the
//! builder's [`Call`] implementation says everything about the operation,
//! and nothing here knows an operation by name.

use std::{future::Future, pin::Pin, time::Instant};

use reqwest::{StatusCode, header::HeaderName};
use tracing::Instrument;

use crate::{
    Client, Error, Operation, Result,
    auth::{BearerToken, Grant},
    call::{Call, Output, Request},
    exchange::{Answer, exchange, unwrap},
    outcome, retry,
    types::{GetTokenRequest, Payment},
};

const TIER: HeaderName = HeaderName::from_static("tier");

/// Sends one operation: with a token when the spec asks for one, retried
/// where the policy and the operation allow, and once more with a fresh token
/// if the API answers 401 (never more than once). A failure of a
/// state-changing call that may have reached the server becomes
/// [`Error::OutcomeUnknown`].
///
/// One loop in one function: the decoded `response` is returned from here,
/// not passed up through a layer per concern.
pub(crate) async fn send<C: Call>(call: C) -> Result<Output<C>> {
    let op = C::OPERATION;
    let (client, mut request) = call.request()?;
    let client: &Client = &client;
    if let Some(tier) = &client.shared().tier {
        request.http.headers_mut().insert(TIER, tier.clone());
    }
    let mut token = match op.requires_auth {
        true => Some(token(client).await?),
        false => None,
    };
    let mut renewed = false;
    let mut retries = 0;
    loop {
        let answer = attempt(client, op, &request, token.as_ref(), retries + 1).await;
        let error = match answer.body {
            Ok((status, body)) => match unwrap::<C>(status, &body) {
                Ok(response) => return C::accept(response),
                Err(error) => error,
            },
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
        if let Some(rejected) = &token
            && !renewed
            && error.status() == Some(StatusCode::UNAUTHORIZED)
        {
            tracing::debug!(operation = op.id, "access token rejected; renewing it once");
            client.shared().tokens.invalidate(rejected);
            token = Some(self::token(client).await?);
            (renewed, retries) = (true, 0);
            continue;
        }
        return Err(if !op.idempotent && may_have_gone_through(&error, answer.maybe_sent) {
            Error::OutcomeUnknown { operation: op.id, keys: outcome::keys(op, &request), cause: Box::new(error) }
        } else {
            error
        });
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

/// One exchange, in its tracing span, within the client's own deadline
/// when it has one.
async fn attempt(
    client: &Client,
    op: &Operation,
    request: &Request,
    token: Option<&BearerToken>,
    number: u32,
) -> Answer {
    let span = tracing::debug_span!(
        "iamport.call",
        operation = op.id,
        attempt = number,
        http.status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let started = (!span.is_disabled()).then(Instant::now);
    let exchange = exchange(client, request, token).instrument(span.clone());
    let answer = match client.shared().own_deadline {
        None => exchange.await,
        Some(deadline) => match tokio::time::timeout(deadline, exchange).await {
            Ok(answer) => answer,
            Err(_) => Answer::failed(Error::Timeout { after: deadline }, true),
        },
    };
    if let Some(started) = started {
        if let Some(status) = answer.status() {
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
