//! What the generated code tells the dispatcher about one operation.
//!
//! `build.rs` implements [`Call`] for the request builder of every operation
//! of the spec: its facts, the envelopes its answers come in, its client and
//! the request it sends. [`crate::dispatch::send`] needs nothing else, so the
//! generated `send` is one call and nothing in `src/` names an operation.

use std::ops::Deref;

use bytes::Bytes;
use serde::{Serialize, de::DeserializeOwned};

use crate::{Client, Error, Operation, Result, envelope::Envelope};

/// One operation's request builder, as the dispatcher sees it.
///
/// The trait has no lifetime parameter on purpose: the builder's borrow of
/// its client is the associated type [`Call::Client`], so that the futures
/// of generated calls stay provably `Send` (a trait lifetime tied to the
/// builder's runs into rustc's "implementation is not general enough").
pub(crate) trait Call: Sized {
    /// The operation's facts from the spec.
    const OPERATION: &'static Operation;
    /// The envelope of an answer whose status the spec lists as a success.
    type Success: Envelope + DeserializeOwned;
    /// The envelope of any other answer (the API's error envelope).
    type Failure: Envelope + DeserializeOwned;
    /// The client the builder was started from (`&'a Client`).
    type Client: Deref<Target = Client>;

    /// Whether an answer with `status` comes in [`Call::Success`].
    fn is_success(status: u16) -> bool;

    /// The operation's one exchange, ready to send, and the client to send
    /// it with: the HTTP request built from the builder's fields (once per
    /// call, however many attempts), and the identifying fields the builder
    /// holds. A field the builder refused is [`Error::InvalidRequest`], and
    /// nothing is sent.
    fn request(self) -> Result<(Self::Client, Request)>;

    /// Judges a successful answer's `response`. For a charge the generated
    /// code turns a `failed` payment into [`Error::Declined`].
    fn accept(response: Output<Self>) -> Result<Output<Self>> {
        Ok(response)
    }
}

/// What a successful call of `C` returns: its success envelope's `response`.
pub(crate) type Output<C> = <<C as Call>::Success as Envelope>::Output;

/// A request built once per call, and sent once per attempt.
pub(crate) struct Request {
    pub(crate) http: reqwest::Request,
    /// The body, kept apart so that each attempt shares it.
    body: Option<Bytes>,
    /// The outcome keys (`x-iamport-outcome-keys`) the builder could give,
    /// with their values; a key missing here is read from the request.
    pub(crate) keys: Vec<(&'static str, Option<String>)>,
}

impl Request {
    pub(crate) fn new(http: reqwest::Request, keys: Vec<(&'static str, Option<String>)>) -> Self {
        let body = http.body().and_then(reqwest::Body::as_bytes).map(Bytes::copy_from_slice);
        Self { http, body, keys }
    }

    /// The body as sent, if it was bytes (the generated code sends JSON).
    pub(crate) fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// A copy of the request for one attempt. Cheaper than
    /// `reqwest::Request::try_clone`, which allocates for a per-request
    /// timeout the crate never sets; a body that is not bytes (never built
    /// here) is refused rather than sent empty.
    pub(crate) fn for_attempt(&self) -> Option<reqwest::Request> {
        if self.http.body().is_some() && self.body.is_none() {
            return None;
        }
        let mut copy = reqwest::Request::new(self.http.method().clone(), self.http.url().clone());
        *copy.headers_mut() = self.http.headers().clone();
        *copy.version_mut() = self.http.version();
        *copy.body_mut() = self.body.clone().map(reqwest::Body::from);
        Some(copy)
    }
}

/// A field the builder refused, as the generated code reports it.
pub(crate) fn invalid(message: String) -> Error {
    Error::InvalidRequest { message }
}

/// reqwest could not build the request (a body that does not serialize,
/// say). Nothing was sent; the URL stays out of the message.
pub(crate) fn unbuildable(error: reqwest::Error) -> Error {
    Error::InvalidRequest { message: format!("the request could not be built: {}", error.without_url()) }
}

/// Appends one query parameter to `url`, or nothing when its value is
/// `None` (progenitor's `QueryParam` serializes it the way the API expects,
/// arrays included), so the URL is parsed once, with its query. `method` is
/// the client method, for the error.
pub(crate) fn append_query<T: Serialize>(url: &mut String, method: &str, param: &T) -> Result<()> {
    let encoded = serde_urlencoded::to_string(param)
        .map_err(|e| invalid(format!("`{method}()`: a query parameter could not be encoded: {e}")))?;
    if !encoded.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&encoded);
    }
    Ok(())
}

/// The values of a list-valued outcome key, comma-separated; `None` when
/// the list is empty.
pub(crate) fn joined_key<I: IntoIterator<Item = String>>(values: I) -> Option<String> {
    let values: Vec<String> = values.into_iter().collect();
    (!values.is_empty()).then(|| values.join(","))
}

#[cfg(test)]
mod tests {
    use progenitor_client::QueryParam;

    use super::*;

    #[test]
    fn query_parameters_are_appended_only_when_set() {
        let mut url = "http://127.0.0.1/payments/imp_1".to_owned();
        append_query(&mut url, "m", &QueryParam::new("include_sandbox", &None::<bool>)).unwrap();
        assert_eq!(url, "http://127.0.0.1/payments/imp_1");
        append_query(&mut url, "m", &QueryParam::new("include_sandbox", &Some(true))).unwrap();
        append_query(&mut url, "m", &QueryParam::new("reason", &Some("환불 요청 & more"))).unwrap();
        append_query(&mut url, "m", &QueryParam::new("imp_uid[]", &vec!["a", "b"])).unwrap();
        assert_eq!(
            url,
            "http://127.0.0.1/payments/imp_1?include_sandbox=true\
             &reason=%ED%99%98%EB%B6%88+%EC%9A%94%EC%B2%AD+%26+more&imp_uid%5B%5D=a&imp_uid%5B%5D=b"
        );
        let nested = std::collections::BTreeMap::from([("a", vec![vec![1]])]);
        let err = append_query(&mut url, "get_things", &nested).unwrap_err().to_string();
        assert!(err.starts_with("invalid request: `get_things()`: a query parameter could not be encoded"), "{err}");
    }

    #[test]
    fn list_keys_are_joined() {
        assert_eq!(joined_key(["a".to_owned(), "b".to_owned()]), Some("a,b".to_owned()));
        assert_eq!(joined_key(Vec::<String>::new()), None);
    }
}
