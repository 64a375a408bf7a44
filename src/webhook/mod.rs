//! What the API POSTs to the merchant: payment notifications (`notice_url`)
//! and, for convenience-store payments, the confirm request (`confirm_url`).
//!
//! Neither is signed. Parse the body with [`Notification::parse`] or
//! [`CvsConfirm::from_json`], then believe only what the API says when asked
//! directly: [`crate::Client::verify_notification`] re-reads the payment and
//! compares it with the order ([`crate::verify::Expected`]).
//!
//! The parsers never echo the body in their errors: a forged or garbled
//! request can end up in logs.

mod parse;
mod verify;

use serde::{Deserialize, Serialize};

use crate::enums::PaymentStatus;

pub use verify::VerificationError;

/// The largest webhook body the parsers accept (64 KiB); real ones are a
/// few hundred bytes.
pub const MAX_BODY_LEN: usize = 64 * 1024;

/// The `event` of a convenience-store confirm request.
pub const CVS_CONFIRM_EVENT: &str = "Galaxia.Cvs.Confirm";

/// A payment notification, POSTed to `notice_url` when a payment is paid,
/// fails, is cancelled or (for virtual accounts and barcodes) is issued.
///
/// It only names the payment: re-read it before acting on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// i'mport's id of the payment.
    pub imp_uid: String,
    /// The merchant's order id.
    pub merchant_uid: String,
    /// The status the notification claims.
    pub status: PaymentStatus,
    /// The id of the cancel, on a cancel notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_id: Option<String>,
}

/// The request the API POSTs to `confirm_url` before a convenience store
/// accepts a barcode payment. Answer HTTP 200 to accept it; anything else
/// rejects it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvsConfirm {
    /// Always [`CVS_CONFIRM_EVENT`].
    pub event: String,
    /// i'mport's id of the payment.
    pub imp_uid: String,
    /// The merchant's order id.
    pub merchant_uid: String,
    /// The payment's status; `ready` while it awaits confirmation.
    pub status: PaymentStatus,
    /// What the store is about to accept.
    pub extra: CvsConfirmExtra,
}

/// The store side of a [`CvsConfirm`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvsConfirmExtra {
    /// The barcode being paid.
    pub barcode: String,
    /// How the customer pays at the store.
    #[serde(rename = "payType")]
    pub pay_type: CvsPayType,
}

/// How a customer pays a barcode at the store. Open: a value this version
/// does not know is kept in `Unknown`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CvsPayType {
    /// By card.
    Card,
    /// In cash.
    Cash,
    /// A value this version of the crate does not know.
    Unknown(String),
}

impl CvsPayType {
    /// The value as the API sends it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Card => "card",
            Self::Cash => "cash",
            Self::Unknown(other) => other,
        }
    }
}

impl From<&str> for CvsPayType {
    fn from(value: &str) -> Self {
        match value {
            "card" => Self::Card,
            "cash" => Self::Cash,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl std::fmt::Display for CvsPayType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CvsPayType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CvsPayType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::from(value.as_ref()))
    }
}

/// Why a webhook body could not be read. The message says what is wrong
/// and never quotes the body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is empty.
    #[error("the webhook body is empty")]
    Empty,
    /// The body is larger than [`MAX_BODY_LEN`].
    #[error("the webhook body is larger than {limit} bytes")]
    TooLarge {
        /// The limit, [`MAX_BODY_LEN`].
        limit: usize,
    },
    /// The `Content-Type` is neither JSON nor form-encoded.
    #[error("unsupported webhook content type (expected application/json or application/x-www-form-urlencoded)")]
    UnsupportedContentType,
    /// The body is not JSON, or not a JSON object.
    #[error("the webhook body is not a JSON object (line {line}, column {column})")]
    NotJson {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// The body is not `application/x-www-form-urlencoded` data.
    #[error("the webhook body is not form-encoded data")]
    NotForm,
    /// A required field is absent, `null` or empty.
    #[error("the webhook has no `{field}`")]
    MissingField {
        /// The field's name.
        field: &'static str,
    },
    /// A field has the wrong JSON type.
    #[error("`{field}` in the webhook is not {expected}")]
    WrongType {
        /// The field's name.
        field: &'static str,
        /// What it should be.
        expected: &'static str,
    },
    /// A confirm request whose `event` is not [`CVS_CONFIRM_EVENT`].
    #[error("the webhook's `event` is not {CVS_CONFIRM_EVENT}")]
    UnexpectedEvent,
}
