//! The one error type of the crate.
//!
//! Nothing here prints a request or response body, a header, a secret or
//! card data: the API's own `message`, statuses, codes and the identifiers
//! of a payment are all an error shows. A variant with a cause returns it
//! from `source()` and does not repeat its text in its own `Display`, so
//! that a report walking the chain prints each cause once; it does say what
//! failed and what kind of failure it was ("connection refused"), so that
//! `{err}` alone is enough to act on.

use std::{fmt, sync::Arc};

use reqwest::StatusCode;

use crate::types::Payment;

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a call.
///
/// Match on the variant to decide what to do; [`Error::status`],
/// [`Error::code`] and [`Error::message`] read the API's answer whatever the
/// variant. One rule matters most for money: an [`Error::OutcomeUnknown`]
/// means the payment may have gone through. Look it up (see
/// [`crate::Client::find_payment`]) before charging again.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Fetching an access token failed: wrong key or secret (the cause is an
    /// [`Error::Api`] with status 401), or the token endpoint could not be
    /// reached or understood. Concurrent callers waiting for the same
    /// token share one cause. Its `Display` says which, e.g.
    /// "authentication failed: no answer to the token request (connection
    /// refused)".
    #[error("authentication failed: {}", AuthFailure(.0))]
    Authentication(#[source] Arc<Error>),

    /// The API refused the call: an envelope with `code != 0`, whether it
    /// came with HTTP 200 or with an error status.
    #[error("the API refused the call (HTTP {status}, code {code}): {}", message.as_deref().unwrap_or("no message"))]
    Api {
        /// The HTTP status (200 for a business failure).
        status: StatusCode,
        /// The envelope's `code` (never 0 here).
        code: i64,
        /// The envelope's `message`, as the API wrote it (often Korean).
        message: Option<String>,
    },

    /// A charge went through the API but the card was declined: the payment
    /// has status `failed` and `fail_reason` says why.
    #[error("the charge was declined: {}", payment.fail_reason.as_deref().unwrap_or("no reason given"))]
    Declined {
        /// The failed payment as the API recorded it.
        payment: Box<Payment>,
    },

    /// The answer could not be decoded: not JSON, cut short, or not the
    /// shape the spec describes.
    #[error("could not decode the answer (HTTP {})", DisplayStatus(status))]
    Decode {
        /// The HTTP status of the answer, when one arrived.
        status: Option<StatusCode>,
        /// What was wrong with the body.
        #[source]
        source: DecodeError,
    },

    /// The request did not get an answer: the connection failed or timed
    /// out. For a call that changes nothing this is safe to retry; a call
    /// that changes state reports [`Error::OutcomeUnknown`] instead once the
    /// request may have been sent.
    #[error("no answer from the API ({})", TransportKind(source))]
    Transport {
        /// The HTTP status, if headers arrived before the failure.
        status: Option<StatusCode>,
        /// The underlying failure, without the request's URL (which can
        /// carry a secret in its query string).
        #[source]
        source: reqwest::Error,
    },

    /// No answer within the client's own deadline for one attempt, enforced
    /// when the `reqwest::Client` is the caller's (see
    /// [`crate::ClientBuilder::timeout`]); the client's own HTTP client
    /// reports a timeout as [`Error::Transport`]. Like [`Error::Transport`], a
    /// state-changing call reports [`Error::OutcomeUnknown`] instead.
    #[error("no answer within {after:?}")]
    Timeout {
        /// The deadline that passed.
        after: std::time::Duration,
    },

    /// A call that moves money or changes state may have reached the server,
    /// but no usable answer came back (timeout, broken connection, 5xx,
    /// unreadable body). The payment may have gone through: look it up by
    /// the keys below before trying again.
    #[error("the outcome of {operation} is unknown ({}); look the payment up before retrying", DisplayKeys(keys))]
    OutcomeUnknown {
        /// The operation's `operationId`.
        operation: &'static str,
        /// The request's identifying fields (`merchant_uid`, `imp_uid`, ...).
        keys: Vec<(&'static str, String)>,
        /// What happened to the request.
        #[source]
        cause: Box<Error>,
    },

    /// The request could not be built, e.g. a field longer than the API
    /// allows; nothing was sent.
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// Which field is wrong and why (never its value).
        message: String,
    },

    /// The client is misconfigured: a missing environment variable, a bad
    /// base URL, or an HTTP client that could not be built.
    #[error("invalid configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },

    /// A page of a listing walked as a stream (`.items()`, `.pages()`) is
    /// larger than the client reads
    /// ([`crate::ClientBuilder::max_response_bytes`]); the stream ends
    /// here. Ask for smaller pages (the builder's `.limit(..)`, where the
    /// operation has one) or raise the limit, then walk again.
    #[error("{}", PageTooLargeMessage { operation, page: *page, per_page: *per_page, max_response_bytes: *max_response_bytes })]
    PageTooLarge {
        /// The operation's `operationId`.
        operation: &'static str,
        /// The page's number within its window.
        page: u32,
        /// The page size asked for; `None` where the API decides it.
        per_page: Option<u32>,
        /// The client's limit on an answer's body, in bytes.
        max_response_bytes: u64,
    },
}

impl Error {
    /// A transport failure. reqwest's error carries the request's URL, and a
    /// URL can carry a secret (an account number or a PG key in the query),
    /// so it is dropped here, the one place such an error is kept.
    pub(crate) fn transport(status: Option<StatusCode>, source: reqwest::Error) -> Self {
        Self::Transport { status, source: source.without_url() }
    }

    /// The HTTP status of the answer, if one arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Authentication(cause) => cause.status(),
            Self::Api { status, .. } => Some(*status),
            Self::Declined { .. } => Some(StatusCode::OK),
            Self::Decode { status, .. } | Self::Transport { status, .. } => *status,
            Self::OutcomeUnknown { cause, .. } => cause.status(),
            Self::InvalidRequest { .. } | Self::Config { .. } | Self::Timeout { .. } | Self::PageTooLarge { .. } => {
                None
            }
        }
    }

    /// The envelope's `code`, if the API answered with one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Authentication(cause) => cause.code(),
            Self::Api { code, .. } => Some(*code),
            Self::OutcomeUnknown { cause, .. } => cause.code(),
            _ => None,
        }
    }

    /// The envelope's `message`, if the API answered with one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Authentication(cause) => cause.message(),
            Self::Api { message, .. } => message.as_deref(),
            Self::OutcomeUnknown { cause, .. } => cause.message(),
            _ => None,
        }
    }

    /// Whether a payment may have gone through despite the error.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Self::OutcomeUnknown { .. })
    }

    /// The value of an identifying key (`"merchant_uid"`, `"imp_uid"`) of a
    /// call whose outcome is unknown.
    pub fn outcome_key(&self, name: &str) -> Option<&str> {
        match self {
            Self::OutcomeUnknown { keys, .. } => keys.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    /// Whether asking again later may succeed: no answer or a timeout, HTTP
    /// 429 or a 5xx (other than 501), an answer that could not be read (a
    /// proxy's page, a cut-off body), or a token that could not be fetched
    /// for one of these reasons; and an [`Error::OutcomeUnknown`] (look the
    /// payment up first). `false` when asking again gets the same answer: a
    /// refusal (4xx, `code != 0`), a declined card, a wrong key or secret, a
    /// request refused before sending, a misconfigured client.
    ///
    /// A webhook handler answers 5xx when this is true, so that the API
    /// sends the notification again (when the console asks it to resend),
    /// and 200 otherwise.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Authentication(cause) => cause.is_retryable(),
            Self::OutcomeUnknown { .. } => true,
            _ => crate::retry::is_retryable(self, true, true),
        }
    }

    /// Whether the API refused a cancel because its `checksum` is not the
    /// amount still cancellable: the payment was cancelled (in part) since
    /// the merchant's records were written, by another request or in the
    /// console. The API answers `code: 1` at HTTP 200, as it does for a
    /// payment that does not exist, with a message naming `checksum`
    /// (`[취소실패] 취소가능잔액(...)과 checksum(...)이 일치하지 않습니다.`):
    /// re-read the payment and bring the records up to date before
    /// cancelling again.
    pub fn is_checksum_mismatch(&self) -> bool {
        match self {
            Self::Api { code: 1, message: Some(message), .. } => message.to_ascii_lowercase().contains("checksum"),
            _ => false,
        }
    }

    /// The declined payment, for [`Error::Declined`].
    pub fn declined_payment(&self) -> Option<&Payment> {
        match self {
            Self::Declined { payment } => Some(payment),
            _ => None,
        }
    }
}

// Written by hand so that a declined payment's buyer details stay out of logs.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Authentication(cause) => f.debug_tuple("Authentication").field(cause).finish(),
            Self::Api { status, code, message } => {
                f.debug_struct("Api").field("status", status).field("code", code).field("message", message).finish()
            }
            Self::Declined { payment } => f
                .debug_struct("Declined")
                .field("imp_uid", &payment.imp_uid)
                .field("merchant_uid", &payment.merchant_uid)
                .field("amount", &payment.amount)
                .field("fail_reason", &payment.fail_reason)
                .finish_non_exhaustive(),
            Self::Decode { status, source } => {
                f.debug_struct("Decode").field("status", status).field("source", source).finish()
            }
            Self::Transport { status, source } => {
                f.debug_struct("Transport").field("status", status).field("source", source).finish()
            }
            Self::OutcomeUnknown { operation, keys, cause } => f
                .debug_struct("OutcomeUnknown")
                .field("operation", operation)
                .field("keys", keys)
                .field("cause", cause)
                .finish(),
            Self::Timeout { after } => f.debug_struct("Timeout").field("after", after).finish(),
            Self::InvalidRequest { message } => f.debug_struct("InvalidRequest").field("message", message).finish(),
            Self::Config { message } => f.debug_struct("Config").field("message", message).finish(),
            Self::PageTooLarge { operation, page, per_page, max_response_bytes } => f
                .debug_struct("PageTooLarge")
                .field("operation", operation)
                .field("page", page)
                .field("per_page", per_page)
                .field("max_response_bytes", max_response_bytes)
                .finish(),
        }
    }
}

/// What was wrong with a response body.
///
/// It keeps the position and the category of the problem but not
/// `serde_json`'s message, which can quote the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    line: usize,
    column: usize,
}

/// The category of a [`DecodeError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The body is empty.
    Empty,
    /// The body is not JSON (an HTML error page, for example).
    NotJson,
    /// The body ends before the JSON does.
    Truncated,
    /// The JSON does not have the shape the spec describes.
    UnexpectedShape,
    /// The envelope says success (`code: 0`) but carries no `response`.
    MissingResponse,
    /// The body is larger than the client accepts
    /// ([`crate::ClientBuilder::max_response_bytes`]); it was not read.
    TooLarge,
}

impl DecodeError {
    pub(crate) fn from_json(body: &[u8], error: &serde_json::Error) -> Self {
        let kind = match error.classify() {
            _ if body.iter().all(u8::is_ascii_whitespace) => DecodeErrorKind::Empty,
            serde_json::error::Category::Eof => DecodeErrorKind::Truncated,
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => DecodeErrorKind::NotJson,
            serde_json::error::Category::Data => DecodeErrorKind::UnexpectedShape,
        };
        Self { kind, line: error.line(), column: error.column() }
    }

    pub(crate) fn too_large() -> Self {
        Self { kind: DecodeErrorKind::TooLarge, line: 0, column: 0 }
    }

    pub(crate) fn unexpected_shape() -> Self {
        Self { kind: DecodeErrorKind::UnexpectedShape, line: 0, column: 0 }
    }

    pub(crate) fn missing_response() -> Self {
        Self { kind: DecodeErrorKind::MissingResponse, line: 0, column: 0 }
    }

    /// The category of the problem.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// Where in the body the problem was found (1-based line, column).
    pub fn position(&self) -> (usize, usize) {
        (self.line, self.column)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            DecodeErrorKind::Empty => return f.write_str("the body is empty"),
            DecodeErrorKind::MissingResponse => return f.write_str("code 0 but no `response`"),
            DecodeErrorKind::TooLarge => return f.write_str("the body is larger than the client accepts"),
            DecodeErrorKind::NotJson => "the body is not JSON",
            DecodeErrorKind::Truncated => "the body ends early",
            DecodeErrorKind::UnexpectedShape => "the body does not match the spec",
        };
        write!(f, "{what} (line {}, column {})", self.line, self.column)
    }
}

impl std::error::Error for DecodeError {}

/// What went wrong in fetching a token, without the cause's own text.
struct AuthFailure<'a>(&'a Error);

impl fmt::Display for AuthFailure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Error::Api { status, .. } if matches!(status.as_u16(), 401 | 403) => {
                f.write_str("the API refused the key or secret")
            }
            Error::Api { status, code, .. } => write!(f, "the token request was refused (HTTP {status}, code {code})"),
            Error::Transport { source, .. } => write!(f, "no answer to the token request ({})", TransportKind(source)),
            Error::Timeout { after } => write!(f, "no answer to the token request within {after:?}"),
            Error::Decode { .. } => f.write_str("the answer to the token request could not be decoded"),
            Error::InvalidRequest { .. } | Error::Config { .. } => f.write_str("the token request could not be made"),
            Error::Authentication(cause) => AuthFailure(cause).fmt(f),
            Error::Declined { .. } | Error::OutcomeUnknown { .. } | Error::PageTooLarge { .. } => {
                f.write_str("the token request failed")
            }
        }
    }
}

/// The kind of a transport failure, in a few words: the kind of the
/// operating system's error where there is one ("connection refused"),
/// else what reqwest says it was.
struct TransportKind<'a>(&'a reqwest::Error);

impl fmt::Display for TransportKind<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = self.0;
        if error.is_timeout() {
            return f.write_str("timed out");
        }
        let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
        while let Some(current) = cause {
            if let Some(io) = current.downcast_ref::<std::io::Error>()
                && io.kind() != std::io::ErrorKind::Other
            {
                return write!(f, "{}", io.kind());
            }
            cause = current.source();
        }
        f.write_str(match () {
            () if error.is_connect() => "could not connect",
            () if error.is_body() || error.is_decode() => "the connection broke during the answer",
            () if error.is_request() => "the request could not be sent",
            () => "the HTTP client failed",
        })
    }
}

/// What [`Error::PageTooLarge`] says: which page, and the ways past it.
struct PageTooLargeMessage<'a> {
    operation: &'a str,
    page: u32,
    per_page: Option<u32>,
    max_response_bytes: u64,
}

impl fmt::Display for PageTooLargeMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { operation, page, per_page, max_response_bytes } = self;
        write!(f, "page {page} of {operation} is larger than the client reads ({max_response_bytes} bytes); ")?;
        match per_page {
            Some(n) => write!(
                f,
                "ask for fewer than {n} items a page with `.limit(..)` or raise `ClientBuilder::max_response_bytes`"
            ),
            None => f.write_str("raise `ClientBuilder::max_response_bytes` (the API decides this listing's page size)"),
        }
    }
}

struct DisplayStatus<'a>(&'a Option<StatusCode>);

impl fmt::Display for DisplayStatus<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(status) => write!(f, "{status}"),
            None => f.write_str("status unknown"),
        }
    }
}

struct DisplayKeys<'a>(&'a [(&'static str, String)]);

impl fmt::Display for DisplayKeys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no identifying key in the request");
        }
        for (i, (name, value)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name}={value}")?;
        }
        Ok(())
    }
}
