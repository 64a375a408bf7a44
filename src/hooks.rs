//! The hooks progenitor's generated code calls around each HTTP exchange.
//!
//! The dispatch layer runs each attempt inside a task-local [`CallContext`]
//! holding the token chosen for that attempt; `pre` attaches it (and the
//! `Tier` header), `exec` notes what the exchange did for the dispatch layer
//! to read afterwards: the status, whether the request may have been sent,
//! and, for calls that change state, the URL and body to name the payment
//! in an outcome-unknown error.

use std::{cell::RefCell, sync::Arc};

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::{
    StatusCode,
    header::{AUTHORIZATION, HeaderName, HeaderValue},
};

use crate::{Client, client::Shared, secret::AccessToken};

tokio::task_local! {
    pub(crate) static CALL: CallContext;
}

/// One attempt of one call, as seen from inside the generated code.
pub(crate) struct CallContext {
    token: Option<AccessToken>,
    keep_request: bool,
    seen: RefCell<Exchange>,
}

/// What happened on the wire during an attempt.
#[derive(Debug, Default, Clone)]
pub(crate) struct Exchange {
    /// The status of the answer, if headers arrived.
    pub status: Option<StatusCode>,
    /// False when the request certainly did not leave (connection failed).
    pub maybe_sent: bool,
    /// The URL and JSON body, kept only when asked for.
    pub request: Option<(reqwest::Url, Option<bytes::Bytes>)>,
}

impl CallContext {
    pub(crate) fn new(token: Option<AccessToken>, keep_request: bool) -> Self {
        Self { token, keep_request, seen: RefCell::new(Exchange::default()) }
    }

    /// What the attempt running in this context did.
    pub(crate) fn exchange() -> Exchange {
        CALL.try_with(|call| call.seen.borrow().clone()).unwrap_or_default()
    }
}

const TIER: HeaderName = HeaderName::from_static("tier");
const API_VERSION: HeaderName = HeaderName::from_static("api-version");

impl ClientHooks<Arc<Shared>> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let headers = request.headers_mut();
        // progenitor adds the spec's version; the API has no use for it.
        headers.remove(API_VERSION);
        if let Some(tier) = &self.inner.tier {
            let value = HeaderValue::from_str(tier)
                .map_err(|_| progenitor_client::Error::InvalidRequest("the tier is not a valid header value".into()))?;
            headers.insert(TIER, value);
        }
        let token = CALL.try_with(|call| call.token.clone()).ok().flatten();
        if let Some(token) = token {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret())).map_err(|_| {
                progenitor_client::Error::InvalidRequest("the access token is not a valid header value".into())
            })?;
            value.set_sensitive(true);
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
                }
                Err(error) => seen.maybe_sent = !error.is_connect(),
            }
        });
        result
    }
}
