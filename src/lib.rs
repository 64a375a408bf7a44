#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// The README's examples are doc tests: they must compile without a warning.
#![doc(test(attr(deny(warnings))))]

mod amount;
mod auth;
mod call;
pub mod checkout;
mod client;
pub mod clock;
mod dispatch;
pub mod enums;
mod envelope;
mod error;
mod exchange;
mod generated;
mod operation;
mod outcome;
pub mod paging;
mod retry;
pub mod secret;
mod timestamp;
mod tls;
mod url_parts;
pub mod verify;
pub mod webhook;

pub use amount::{Amount, InvalidAmount};
pub use client::{ClientBuilder, DEFAULT_BASE_URL};
pub use error::{DecodeError, DecodeErrorKind, Error, Result};
#[doc(hidden)]
pub use generated::decode_as_every_type;
pub use generated::{Client, builder, types};
pub use operation::Operation;
pub use reqwest::StatusCode;
pub use retry::RetryPolicy;
pub use timestamp::Timestamp;

/// The operations of the API by group, one line each.
///
/// Generated from `spec/iamport.yaml` when the crate is built, like the
/// client itself, so the list always matches what [`Client`] can call.
#[doc = include_str!(concat!(env!("OUT_DIR"), "/operations.md"))]
pub mod operations_doc {}

/// Every operation of `spec/iamport.yaml`, in the spec's order.
pub const OPERATIONS: &[Operation] = generated::operations::ALL;
