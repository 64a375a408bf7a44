//! What the browser brings back from the payment window: the callback's
//! object (posted by the page as JSON) or the query of the mobile
//! redirect, read with [`BrowserReturn`] (which knows both SDKs' dialects:
//! `success`/`imp_success`, or only `error_code`/`error_msg` on failure)
//! into the shop's [`Report`]. Only `imp_uid` and `merchant_uid` are used,
//! to look the payment up.

use iamport::checkout::{BrowserReturn, BrowserReturnError};

use crate::settle::Report;

/// Why a report from the browser is not taken.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// It could not be read.
    #[error(transparent)]
    Unreadable(#[from] BrowserReturnError),
    /// It names no order.
    #[error("the report names no merchant_uid")]
    NoOrder,
}

/// Reads the callback's object.
pub fn from_callback(body: &[u8]) -> Result<Report, ReportError> {
    report(BrowserReturn::from_json(body)?)
}

/// Reads the query of `m_redirect_url` (`None`: no query at all).
pub fn from_query(query: Option<&str>) -> Result<Report, ReportError> {
    report(BrowserReturn::from_query(query.unwrap_or_default())?)
}

fn report(back: BrowserReturn) -> Result<Report, ReportError> {
    let failure = back.failure.as_ref().map(|failure| match (&failure.message, &failure.code) {
        (Some(message), _) => message.clone(),
        (None, Some(code)) => format!("error {code}"),
        (None, None) => "the payment window reported a failure".to_owned(),
    });
    let merchant_uid = back.merchant_uid.ok_or(ReportError::NoOrder)?;
    Ok(Report { imp_uid: back.imp_uid, merchant_uid, failure })
}
