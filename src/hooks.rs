//! The hooks progenitor's generated code calls around each HTTP exchange.
//!
//! The dispatch layer runs each attempt inside a task-local [`CallContext`]
//! holding the token chosen for that attempt; `pre` attaches it (and the
//! `Tier` header), `exec` notes what the exchange did for the dispatch layer
//! to read afterwards: the status, whether the request may have been sent,
//! and, for calls that change state, the URL and body to name the payment
//! in an outcome-unknown error.

use std::{
    cell::RefCell,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::{
    StatusCode,
    header::{AUTHORIZATION, HeaderName, HeaderValue, RETRY_AFTER},
};

use crate::{Client, auth::BearerToken, client::Inner};

tokio::task_local! {
    pub(crate) static CALL: CallContext;
}

/// One attempt of one call, as seen from inside the generated code.
pub(crate) struct CallContext {
    token: Option<BearerToken>,
    keep_request: bool,
    seen: RefCell<Exchange>,
}

/// What happened on the wire during an attempt. No `Debug`: the kept body
/// of a charge holds card data.
#[derive(Default, Clone)]
pub(crate) struct Exchange {
    /// The status of the answer, if headers arrived.
    pub status: Option<StatusCode>,
    /// False when the request certainly did not leave (connection failed).
    pub maybe_sent: bool,
    /// The URL and JSON body, kept only when asked for.
    pub request: Option<(reqwest::Url, Option<bytes::Bytes>)>,
    /// The server's `Retry-After`, in seconds.
    pub retry_after: Option<Duration>,
    /// The body was over the size limit and was not read.
    pub too_large: bool,
}

impl CallContext {
    pub(crate) fn new(token: Option<BearerToken>, keep_request: bool) -> Self {
        Self { token, keep_request, seen: RefCell::new(Exchange::default()) }
    }

    /// The status of the answer in the attempt running in this context.
    pub(crate) fn status() -> Option<StatusCode> {
        CALL.try_with(|call| call.seen.borrow().status).ok().flatten()
    }

    /// What the attempt running in this context did.
    pub(crate) fn exchange() -> Exchange {
        CALL.try_with(|call| call.seen.borrow().clone()).unwrap_or_default()
    }
}

const TIER: HeaderName = HeaderName::from_static("tier");

impl ClientHooks<Inner> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let headers = request.headers_mut();
        if let Some(tier) = &self.shared().tier {
            let value = HeaderValue::from_str(tier)
                .map_err(|_| progenitor_client::Error::InvalidRequest("the tier is not a valid header value".into()))?;
            headers.insert(TIER, value);
        }
        if let Ok(Some(value)) = CALL.try_with(|call| call.token.as_ref().map(|t| t.header().clone())) {
            headers.insert(AUTHORIZATION, value);
        }
        Ok(())
    }

    async fn exec(&self, request: reqwest::Request, _info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        let _ = CALL.try_with(|call| {
            if call.keep_request {
                let body = request.body().and_then(|b| b.as_bytes()).map(bytes::Bytes::copy_from_slice);
                call.seen.borrow_mut().request = Some((request.url().clone(), body));
            }
        });
        let result = self.client.execute(request).await;
        let _ = CALL.try_with(|call| {
            let mut seen = call.seen.borrow_mut();
            match &result {
                Ok(response) => {
                    seen.status = Some(response.status());
                    seen.maybe_sent = true;
                    seen.retry_after = response
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse().ok())
                        .map(Duration::from_secs);
                }
                Err(error) => seen.maybe_sent = !error.is_connect(),
            }
        });
        result.map(|response| limit_body(response, self.shared().max_response_bytes))
    }
}

/// Caps how much of an answer is read. A declared length over the limit is
/// refused before reading; an undeclared one is cut off when it gets there.
fn limit_body(response: reqwest::Response, limit: u64) -> reqwest::Response {
    match response.content_length() {
        Some(length) if length <= limit => response,
        Some(_) => {
            let _ = CALL.try_with(|call| call.seen.borrow_mut().too_large = true);
            let mut head = http::Response::new(reqwest::Body::from(Vec::new()));
            copy_head(&response, &mut head);
            head.headers_mut().remove(reqwest::header::CONTENT_LENGTH);
            reqwest::Response::from(head)
        }
        None => {
            let mut head = http::Response::new(reqwest::Body::from(Vec::new()));
            copy_head(&response, &mut head);
            let stream = LimitedStream { inner: Box::pin(response.bytes_stream()), remaining: limit };
            *head.body_mut() = reqwest::Body::wrap_stream(stream);
            reqwest::Response::from(head)
        }
    }
}

fn copy_head(from: &reqwest::Response, to: &mut http::Response<reqwest::Body>) {
    *to.status_mut() = from.status();
    *to.version_mut() = from.version();
    *to.headers_mut() = from.headers().clone();
}

type ByteStream = Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// A body stream that fails once more than `remaining` bytes have arrived.
struct LimitedStream {
    inner: ByteStream,
    remaining: u64,
}

/// The error a [`LimitedStream`] ends with.
#[derive(Debug, thiserror::Error)]
#[error("the answer is larger than the client accepts")]
struct TooLarge;

impl futures_core::Stream for LimitedStream {
    type Item = Result<bytes::Bytes, Box<dyn std::error::Error + Send + Sync>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => match self.remaining.checked_sub(chunk.len() as u64) {
                Some(left) => {
                    self.remaining = left;
                    Poll::Ready(Some(Ok(chunk)))
                }
                None => {
                    let _ = CALL.try_with(|call| call.seen.borrow_mut().too_large = true);
                    Poll::Ready(Some(Err(Box::new(TooLarge))))
                }
            },
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(Box::new(error)))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}
