//! The API's response envelope, `{code, message, response}`.
//!
//! `build.rs` implements [`Envelope`] for every envelope schema of the spec,
//! so the dispatch layer unwraps any operation's answer the same way.

/// A response body in the API's envelope.
pub(crate) trait Envelope {
    /// The type of `response` when the call succeeds.
    type Output;
    /// Splits the envelope into its three fields.
    fn into_parts(self) -> Parts<Self::Output>;
}

/// The three fields of an envelope.
pub(crate) struct Parts<T> {
    /// `0` on success.
    pub code: i64,
    /// Why the call failed; usually `None` on success.
    pub message: Option<String>,
    /// The payload; `None` on most failures.
    pub response: Option<T>,
}
