//! What the browser brings back from the payment window, read into a
//! [`Report`]: the callback's object (posted by the page as JSON) or the
//! query of the mobile redirect. The legacy SDK says `success`/`imp_success`,
//! the current one only `error_code`/`error_msg` on failure; either way only
//! `imp_uid` and `merchant_uid` are used, to look the payment up.

use std::collections::HashMap;

use serde_json::Value;

use crate::settle::Report;

/// Reads the callback's object. `None` when it names no order.
pub fn from_callback(object: &serde_json::Map<String, Value>) -> Option<Report> {
    let text = |name: &str| object.get(name).and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty());
    let failed = object.get("success").and_then(Value::as_bool) == Some(false);
    assemble(text("imp_uid"), text("merchant_uid"), text("error_code"), text("error_msg"), failed)
}

/// Reads the query of `m_redirect_url`. `None` when it names no order.
pub fn from_query(query: &HashMap<String, String>) -> Option<Report> {
    let text = |name: &str| query.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let failed = text("imp_success") == Some("false") || text("success") == Some("false");
    assemble(text("imp_uid"), text("merchant_uid"), text("error_code"), text("error_msg"), failed)
}

fn assemble(
    imp_uid: Option<&str>,
    merchant_uid: Option<&str>,
    error_code: Option<&str>,
    error_msg: Option<&str>,
    failed: bool,
) -> Option<Report> {
    let failure = match (error_code, error_msg) {
        (_, Some(message)) => Some(message.to_owned()),
        (Some(code), None) => Some(format!("error {code}")),
        (None, None) => failed.then(|| "the payment window reported a failure".to_owned()),
    };
    Some(Report { imp_uid: imp_uid.map(str::to_owned), merchant_uid: merchant_uid?.to_owned(), failure })
}
