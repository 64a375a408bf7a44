//! The one path every operation takes: token, HTTP exchange, envelope.
//!
//! The generated `send` of each request builder calls [`send`] with the
//! operation's facts from the spec; nothing here knows an operation by name.

use std::{future::Future, time::Instant};

use progenitor_client::{Error as RawError, ResponseValue};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::{
    Client, DecodeError, Error, Operation, Result,
    auth::{BearerToken, Grant},
    envelope::{Envelope, Parts},
    generated::{builder, operations, types},
    hooks::{CALL, CallContext, Exchange},
    retry,
    types::Payment,
    url_parts,
};

type Raw<T, E> = std::result::Result<ResponseValue<T>, RawError<E>>;

/// Sends one operation: with a token when the spec asks for one, retried
/// where the policy and the operation allow, and once more with a fresh token
/// if the API answers 401 (never more than once).
pub(crate) async fn send<B, F, Fut, T, E>(
    client: &Client,
    op: &'static Operation,
    request: B,
    send_once: F,
) -> Result<T::Output>
where
    B: Clone,
    F: Fn(B) -> Fut,
    Fut: Future<Output = Raw<T, E>>,
    T: Envelope,
    E: Envelope + DeserializeOwned,
{
    let tokens = &client.shared().tokens;
    let mut token = match op.requires_auth {
        true => Some(token(client).await?),
        false => None,
    };
    let mut renewed = false;
    loop {
        let result = with_retries(client, op, &request, &send_once, token.clone()).await;
        match (result, &token) {
            (Err(error), Some(rejected)) if !renewed && error.status() == Some(StatusCode::UNAUTHORIZED) => {
                tracing::debug!(operation = op.id, "access token rejected; renewing it once");
                tokens.invalidate(rejected);
                token = Some(self::token(client).await?);
                renewed = true;
            }
            (result, _) => return result,
        }
    }
}

/// A token for a call, from the cache or, when it has none, from getToken.
async fn token(client: &Client) -> Result<BearerToken> {
    client.shared().tokens.token(|| fetch_token(client)).await
}

/// One getToken call, retried like any idempotent call.
async fn fetch_token(client: &Client) -> Result<Grant> {
    let shared = client.shared();
    let body = types::GetTokenRequest { imp_key: shared.imp_key.clone(), imp_secret: shared.imp_secret.clone() };
    let request = client.get_token().body(body);
    let grant = with_retries(client, &operations::GET_TOKEN, &request, &builder::GetToken::send_once, None).await?;
    Ok(Grant { token: grant.access_token, now: grant.now, expired_at: grant.expired_at })
}

/// Attempts `op` until it succeeds, fails for good, or the retry policy
/// gives up. A failure of a state-changing call that may have reached the
/// server becomes [`Error::OutcomeUnknown`].
pub(crate) async fn with_retries<B, F, Fut, T, E>(
    client: &Client,
    op: &'static Operation,
    request: &B,
    send_once: &F,
    token: Option<BearerToken>,
) -> Result<T::Output>
where
    B: Clone,
    F: Fn(B) -> Fut,
    Fut: Future<Output = Raw<T, E>>,
    T: Envelope,
    E: Envelope + DeserializeOwned,
{
    let mut retries = 0;
    loop {
        let (result, exchange) = attempt(client, op, request.clone(), send_once, token.clone(), retries + 1).await;
        let error = match result {
            Ok(output) => return Ok(output),
            Err(error) => error,
        };
        if retry::is_retryable(&error, op.idempotent, exchange.maybe_sent) {
            retries += 1;
            if let Some(wait) = client.retry_policy().delay(retries, exchange.retry_after) {
                tracing::debug!(operation = op.id, retry = retries, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
                tokio::time::sleep(wait).await;
                continue;
            }
        }
        return Err(if !op.idempotent && may_have_gone_through(&error, &exchange) {
            Error::OutcomeUnknown { operation: op.id, keys: outcome_keys(op, &exchange), cause: Box::new(error) }
        } else {
            error
        });
    }
}

/// One HTTP exchange of `op`, its answer unwrapped, and what the hooks saw.
async fn attempt<B, F, Fut, T, E>(
    client: &Client,
    op: &'static Operation,
    request: B,
    send_once: &F,
    token: Option<BearerToken>,
    number: u32,
) -> (Result<T::Output>, Exchange)
where
    F: Fn(B) -> Fut,
    Fut: Future<Output = Raw<T, E>>,
    T: Envelope,
    E: Envelope + DeserializeOwned,
{
    let span = tracing::debug_span!(
        "iamport.call",
        operation = op.id,
        attempt = number,
        http.status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let started = Instant::now();
    let keep_request = !op.idempotent && !op.outcome_keys.is_empty();
    let exchanged = CALL
        .scope(CallContext::new(token, keep_request), async {
            // Boxed so that the layers above move a pointer, not the future.
            let exchange = Box::pin(send_once(request));
            let raw = match client.shared().own_deadline {
                Some(deadline) => tokio::time::timeout(deadline, exchange).await.map_err(|_| deadline),
                None => Ok(exchange.await),
            };
            let result = match raw {
                Ok(raw) => Ok(interpret(raw, CallContext::status()).await),
                Err(deadline) => Err(Error::Timeout { after: deadline }),
            };
            (result, CallContext::exchange())
        })
        .instrument(span.clone())
        .await;
    let (result, exchange) = match exchanged {
        (Ok(result), exchange) => (result, exchange),
        (Err(timeout), mut exchange) => {
            exchange.maybe_sent = true;
            (Err(timeout), exchange)
        }
    };
    let result = match result {
        Err(_) if exchange.too_large => {
            Err(Error::Decode { status: exchange.status, source: DecodeError::too_large() })
        }
        other => other,
    };
    if let Some(status) = exchange.status {
        span.record("http.status", status.as_u16());
    }
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    (result, exchange)
}

/// For a charge: a payment that came back `failed` is a declined card.
pub(crate) fn reject_declined(payment: Payment) -> Result<Payment> {
    if payment.status == crate::enums::PaymentStatus::Failed {
        Err(Error::Declined { payment: Box::new(payment) })
    } else {
        Ok(payment)
    }
}

async fn interpret<T, E>(raw: Raw<T, E>, status: Option<StatusCode>) -> Result<T::Output>
where
    T: Envelope,
    E: Envelope + DeserializeOwned,
{
    match raw {
        Ok(value) => {
            let status = value.status();
            unwrap(status, value.into_inner().into_parts())
        }
        Err(RawError::ErrorResponse(value)) => {
            let status = value.status();
            Err(refusal(status, value.into_inner().into_parts()))
        }
        // A status the spec does not list (5xx, usually): an envelope if the
        // API wrote it, anything at all if a proxy did.
        Err(RawError::UnexpectedResponse(response)) => {
            let status = response.status();
            let body = match response.bytes().await {
                Ok(body) => body,
                Err(source) => return Err(Error::transport(Some(status), source)),
            };
            match serde_json::from_slice::<E>(&body) {
                Ok(envelope) => Err(refusal(status, envelope.into_parts())),
                Err(e) => Err(Error::Decode { status: Some(status), source: DecodeError::from_json(&body, &e) }),
            }
        }
        Err(RawError::InvalidResponsePayload(body, e)) => {
            Err(Error::Decode { status, source: DecodeError::from_json(&body, &e) })
        }
        Err(RawError::CommunicationError(source) | RawError::InvalidUpgrade(source)) => {
            Err(Error::transport(source.status(), source))
        }
        Err(RawError::ResponseBodyError(source)) => Err(Error::transport(status, source)),
        Err(RawError::InvalidRequest(message) | RawError::Custom(message)) => Err(Error::InvalidRequest { message }),
    }
}

fn unwrap<T>(status: StatusCode, parts: Parts<T>) -> Result<T> {
    match parts {
        Parts { code: 0, response: Some(response), .. } => Ok(response),
        Parts { code: 0, response: None, .. } => {
            Err(Error::Decode { status: Some(status), source: DecodeError::missing_response() })
        }
        parts => Err(refusal(status, parts)),
    }
}

fn refusal<T>(status: StatusCode, parts: Parts<T>) -> Error {
    Error::Api { status, code: parts.code, message: parts.message }
}

/// Whether a failed call that changes state may still have taken effect.
fn may_have_gone_through(error: &Error, exchange: &Exchange) -> bool {
    match error {
        Error::Transport { .. } | Error::Timeout { .. } => exchange.maybe_sent,
        Error::Decode { status, .. } => !status.is_some_and(|s| s.is_client_error()),
        // 501: the API does not support the call at all, so nothing happened.
        Error::Api { status, .. } => status.is_server_error() && *status != StatusCode::NOT_IMPLEMENTED,
        _ => false,
    }
}

/// The values of `op.outcome_keys`, read from the path or the JSON body of
/// the request as it was sent.
fn outcome_keys(op: &Operation, exchange: &Exchange) -> Vec<(&'static str, String)> {
    let Some((url, body)) = &exchange.request else { return Vec::new() };
    let body: Option<serde_json::Value> = body.as_deref().and_then(|b| serde_json::from_slice(b).ok());
    // The base URL may add a prefix: match the template against the path's end.
    let segments = url_parts::path_segments(url.path());
    let depth = op.path.trim_start_matches('/').split('/').count();
    let params = url_parts::match_template(op.path, &segments[segments.len().saturating_sub(depth)..])
        .map(|(params, _)| params)
        .unwrap_or_default();
    op.outcome_keys
        .iter()
        .filter_map(|&key| {
            let from_path = params.iter().find(|(name, _)| *name == key).map(|(_, value)| value.clone());
            let from_body = || match body.as_ref()?.get(key)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            from_path.or_else(from_body).map(|value| (key, value))
        })
        .collect()
}
