//! One attempt of a call: the request with its token, the answer's status
//! and `Retry-After`, its body read up to the size limit; and the envelope
//! of that body decoded down to its `response`.
//!
//! Everything the dispatcher needs to decide what to do next comes back in
//! the [`Answer`]; nothing is stashed on the side. The envelope is decoded
//! by the dispatcher's own loop ([`unwrap`]), so that the decoded value is
//! moved as little as possible on its way to the caller.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::{
    StatusCode,
    header::{AUTHORIZATION, RETRY_AFTER},
};
use serde::de::DeserializeOwned;

use crate::{
    Client, DecodeError, Error, Result,
    auth::BearerToken,
    call::{Call, Output, Request},
    envelope::{Envelope, Parts},
};

/// What one attempt got: the answer's body, or why there is none.
pub(crate) struct Answer {
    /// The answer's status and whole body, read up to the size limit.
    pub(crate) body: Result<(StatusCode, Bytes)>,
    /// The server's `Retry-After`, in seconds.
    pub(crate) retry_after: Option<Duration>,
    /// False when the request certainly did not leave (connection failed).
    pub(crate) maybe_sent: bool,
}

impl Answer {
    /// An attempt that ended without an answer.
    pub(crate) fn failed(error: Error, maybe_sent: bool) -> Self {
        Self { body: Err(error), retry_after: None, maybe_sent }
    }

    /// The status of the answer, if headers arrived.
    pub(crate) fn status(&self) -> Option<StatusCode> {
        match &self.body {
            Ok((status, _)) => Some(*status),
            Err(error) => error.status(),
        }
    }
}

/// Sends `request` once, with `token` as its `Authorization` header, and
/// reads the answer's body.
pub(crate) async fn exchange(client: &Client, request: &Request, token: Option<&BearerToken>) -> Answer {
    let Some(mut request) = request.for_attempt() else {
        // Only a streamed body cannot be cloned, and the generated code
        // builds none; refuse rather than send half a request.
        let refused = Error::InvalidRequest { message: "a streamed request body cannot be sent again".into() };
        return Answer::failed(refused, false);
    };
    if let Some(token) = token {
        request.headers_mut().insert(AUTHORIZATION, token.header().clone());
    }
    let response = match client.client.execute(request).await {
        Ok(response) => response,
        Err(error) => {
            let maybe_sent = !error.is_connect();
            return Answer::failed(Error::transport(error.status(), error), maybe_sent);
        }
    };
    let status = response.status();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .map(Duration::from_secs);
    let body = match read_body(response, client.shared().max_response_bytes).await {
        Ok(body) => Ok((status, body)),
        Err(BodyError::TooLarge) => Err(Error::Decode { status: Some(status), source: DecodeError::too_large() }),
        Err(BodyError::Transport(error)) => Err(Error::transport(Some(status), error)),
    };
    Answer { body, retry_after, maybe_sent: true }
}

/// The `response` of an answer of `C`: the success envelope's when the
/// status is a success and `code` is 0, otherwise the API's refusal, or
/// what made the body unreadable.
pub(crate) fn unwrap<C: Call>(status: StatusCode, body: &[u8]) -> Result<Output<C>> {
    if !C::is_success(status.as_u16()) {
        return Err(refusal(status, decode::<C::Failure>(status, body)?));
    }
    match decode::<C::Success>(status, body)? {
        Parts { code: 0, response: Some(response), .. } => Ok(response),
        Parts { code: 0, response: None, .. } => {
            Err(Error::Decode { status: Some(status), source: DecodeError::missing_response() })
        }
        parts => Err(refusal(status, parts)),
    }
}

fn decode<E: Envelope + DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<Parts<E::Output>> {
    match serde_json::from_slice::<E>(body) {
        Ok(envelope) => Ok(envelope.into_parts()),
        Err(e) => Err(Error::Decode { status: Some(status), source: DecodeError::from_json(body, &e) }),
    }
}

fn refusal<T>(status: StatusCode, parts: Parts<T>) -> Error {
    Error::Api { status, code: parts.code, message: parts.message }
}

enum BodyError {
    TooLarge,
    Transport(reqwest::Error),
}

impl From<reqwest::Error> for BodyError {
    fn from(error: reqwest::Error) -> Self {
        Self::Transport(error)
    }
}

/// The whole body, or [`BodyError::TooLarge`] as soon as it is known to be
/// over `limit`: a declared length is checked before reading, an undeclared
/// one is cut off when it gets there.
async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<Bytes, BodyError> {
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit) {
        return Err(BodyError::TooLarge);
    }
    let too_large = |length: usize| length as u64 > limit;
    let Some(first) = response.chunk().await? else { return Ok(Bytes::new()) };
    if too_large(first.len()) {
        return Err(BodyError::TooLarge);
    }
    // Most answers arrive in one piece: keep it without copying.
    let Some(second) = response.chunk().await? else { return Ok(first) };
    let capacity = declared.map_or(first.len() + second.len(), |length| length as usize);
    let mut body = BytesMut::with_capacity(capacity);
    body.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        if too_large(body.len() + chunk.len()) {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok(body.freeze())
}
