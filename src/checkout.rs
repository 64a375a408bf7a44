//! What the browser brings back from the payment window.
//!
//! After `IMP.request_pay` the page learns the result in one of two ways:
//! in callback mode (PC) the SDK calls the page's callback with an object,
//! which the page posts to the merchant's server; in redirect mode (most
//! mobile PGs) the browser lands on `m_redirect_url` with a query string.
//! Both come in two dialects: the legacy SDK's (`imp_success=true|false` as
//! strings in the query, `success: true|false` in the callback object, with
//! every field of the payment) and the current SDK's (`imp_uid`,
//! `merchant_uid`, and on failure only `error_code` and `error_msg`).
//! [`BrowserReturn`] reads all of them.

use serde_json::{Map, Value};

use crate::webhook::MAX_BODY_LEN;

/// What the browser reports after the payment window: the query of
/// `m_redirect_url`, or the object given to `request_pay`'s callback.
///
/// **Nothing in it is to be trusted**: the customer's browser wrote it, and
/// `success`/`imp_success` only say the window closed without an error,
/// not that anything was paid. It gives the `imp_uid` (and `merchant_uid`)
/// to verify with [`crate::Client::verify_payment`], and on failure a
/// reason to show the customer. Every other field the SDK sends (the
/// amount, the status, the buyer's details) is left out on purpose: read
/// them from the verified payment.
///
/// ```
/// use iamport::checkout::BrowserReturn;
///
/// // The current SDK, redirected after the customer gave up.
/// let back = BrowserReturn::from_query(
///     "imp_uid=imp_1234&merchant_uid=order-1&error_code=F400&error_msg=%5B%EA%B2%B0%EC%A0%9C%ED%8F%AC%EA%B8%B0%5D",
/// )?;
/// assert_eq!(back.failure_message(), Some("[결제포기]"));
///
/// // The legacy SDK's callback object.
/// let back = BrowserReturn::from_json(br#"{"success": true, "imp_uid": "imp_1234", "merchant_uid": "order-1", "paid_amount": 1}"#)?;
/// assert!(back.failure.is_none());
/// assert_eq!(back.imp_uid.as_deref(), Some("imp_1234")); // now verify it: paid_amount means nothing
/// # Ok::<(), iamport::checkout::BrowserReturnError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrowserReturn {
    /// i'mport's id of the payment, to verify. `None` when the SDK refused
    /// the request before a payment was created (a `merchant_uid` already
    /// paid, a bad parameter).
    pub imp_uid: Option<String>,
    /// The order id the page gave `request_pay`. Look the order up by it,
    /// then verify the payment against the order as the merchant's records
    /// have it.
    pub merchant_uid: Option<String>,
    /// Set when the browser reports a failure: an `error_code` or
    /// `error_msg`, or `imp_success`/`success` false. A report without one
    /// is *not* a success: only the verified payment says what happened.
    pub failure: Option<BrowserFailure>,
}

/// A failure the browser reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrowserFailure {
    /// The SDK's or PG's `error_code`, if any.
    pub code: Option<String>,
    /// The `error_msg` to show the customer (often Korean: `"[결제포기]
    /// 사용자가 결제를 취소하셨습니다"` when they gave up), if any.
    pub message: Option<String>,
}

/// Why a browser report could not be read. The message names the problem,
/// never the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BrowserReturnError {
    /// The input is larger than [`MAX_BODY_LEN`].
    #[error("the browser's report is larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// The callback object is not JSON, or not a JSON object.
    #[error("the browser's report is not a JSON object (line {line}, column {column})")]
    NotJson {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// The query string is not `application/x-www-form-urlencoded` data.
    #[error("the browser's report is not a query string")]
    NotQuery,
    /// A field has a JSON type the SDKs never send.
    #[error("`{field}` in the browser's report is not {expected}")]
    WrongType {
        /// The field's name.
        field: &'static str,
        /// What it should be.
        expected: &'static str,
    },
}

impl BrowserReturn {
    /// Reads the query string of the request to `m_redirect_url` (with or
    /// without its leading `?`), or a callback object the page posted as a
    /// form (`application/x-www-form-urlencoded`), which is written the same way.
    pub fn from_query(query: &str) -> Result<Self, BrowserReturnError> {
        check_size(query.len())?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.strip_prefix('?').unwrap_or(query))
            .map_err(|_| BrowserReturnError::NotQuery)?;
        let field = |name: &str| {
            pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).filter(|v| !v.is_empty())
        };
        let flag = field("imp_success").or_else(|| field("success"));
        Ok(Self::assemble(field("imp_uid"), field("merchant_uid"), field("error_code"), field("error_msg"), flag))
    }

    /// Reads the object given to `request_pay`'s callback, as the page
    /// posted it (JSON).
    pub fn from_json(body: &[u8]) -> Result<Self, BrowserReturnError> {
        check_size(body.len())?;
        let map = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(BrowserReturnError::NotJson { line: 1, column: 1 }),
            Err(e) => return Err(BrowserReturnError::NotJson { line: e.line(), column: e.column() }),
        };
        let flag = match flag(&map, "success")? {
            Some(flag) => Some(flag),
            None => flag(&map, "imp_success")?,
        };
        Ok(Self::assemble(
            text(&map, "imp_uid")?,
            text(&map, "merchant_uid")?,
            text(&map, "error_code")?,
            text(&map, "error_msg")?,
            flag.map(|f| f.to_string()),
        ))
    }

    fn assemble(
        imp_uid: Option<String>,
        merchant_uid: Option<String>,
        code: Option<String>,
        message: Option<String>,
        success: Option<String>,
    ) -> Self {
        let reported_failure = success.is_some_and(|s| s.eq_ignore_ascii_case("false"));
        let failure =
            (code.is_some() || message.is_some() || reported_failure).then_some(BrowserFailure { code, message });
        Self { imp_uid, merchant_uid, failure }
    }

    /// The reason to show the customer when the browser reports a failure
    /// and gives one.
    pub fn failure_message(&self) -> Option<&str> {
        self.failure.as_ref()?.message.as_deref()
    }
}

fn check_size(len: usize) -> Result<(), BrowserReturnError> {
    if len > MAX_BODY_LEN { Err(BrowserReturnError::TooLarge { limit: MAX_BODY_LEN }) } else { Ok(()) }
}

/// A string field; a number is taken as its decimal text, empty as absent.
fn text(map: &Map<String, Value>, field: &'static str) -> Result<Option<String>, BrowserReturnError> {
    let value = match map.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(BrowserReturnError::WrongType { field, expected: "a string" }),
    };
    Ok(value.filter(|v| !v.is_empty()))
}

/// `true`/`false`, as a JSON boolean or the strings the legacy SDK writes.
fn flag(map: &Map<String, Value>, field: &'static str) -> Result<Option<bool>, BrowserReturnError> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(BrowserReturnError::WrongType { field, expected: "true or false" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: Option<&str>, message: Option<&str>) -> Option<BrowserFailure> {
        Some(BrowserFailure { code: code.map(str::to_owned), message: message.map(str::to_owned) })
    }

    #[test]
    fn redirect_queries_in_both_dialects() {
        let legacy_paid = BrowserReturn::from_query("?imp_uid=imp_1&merchant_uid=o-1&imp_success=true").unwrap();
        assert_eq!(
            legacy_paid,
            BrowserReturn { imp_uid: Some("imp_1".into()), merchant_uid: Some("o-1".into()), failure: None }
        );
        let legacy_failed = BrowserReturn::from_query("imp_uid=imp_1&merchant_uid=o-1&imp_success=false").unwrap();
        assert_eq!(legacy_failed.failure, failure(None, None));
        let current = "imp_uid=imp_1&merchant_uid=o-1&error_code=F1002&error_msg=%5B%EA%B2%B0%EC%A0%9C%ED%8F%AC%EA%B8%B0%5D+%EC%B7%A8%EC%86%8C";
        let current = BrowserReturn::from_query(current).unwrap();
        assert_eq!(current.failure, failure(Some("F1002"), Some("[결제포기] 취소")));
        assert_eq!(current.failure_message(), Some("[결제포기] 취소"));
        let certification = BrowserReturn::from_query("imp_uid=imp_2&merchant_uid=&success=false").unwrap();
        assert_eq!((certification.merchant_uid, certification.failure), (None, failure(None, None)));
        let current_paid = BrowserReturn::from_query("imp_uid=imp_1&merchant_uid=o-1").unwrap();
        assert_eq!(current_paid.failure, None);
    }

    #[test]
    fn callback_objects_in_both_dialects() {
        let legacy = r#"{"success":false,"error_code":null,"error_msg":"카드 한도 초과","imp_uid":null,
                         "merchant_uid":"o-1","paid_amount":0,"status":"failed"}"#;
        let legacy = BrowserReturn::from_json(legacy.as_bytes()).unwrap();
        assert_eq!(legacy.imp_uid, None);
        assert_eq!(legacy.failure, failure(None, Some("카드 한도 초과")));
        let current = BrowserReturn::from_json(br#"{"imp_uid":"imp_1","merchant_uid":"o-1"}"#).unwrap();
        assert_eq!((current.imp_uid.as_deref(), current.failure), (Some("imp_1"), None));
        let stringly =
            BrowserReturn::from_json(br#"{"imp_success":"false","imp_uid":"imp_1","error_code":4001}"#).unwrap();
        assert_eq!(stringly.failure, failure(Some("4001"), None));
    }

    #[test]
    fn bad_input_gets_an_error_that_does_not_quote_it() {
        let cases: [(&[u8], BrowserReturnError); 3] = [
            (b"<html>secret-4242</html>", BrowserReturnError::NotJson { line: 1, column: 1 }),
            (b"[\"secret-4242\"]", BrowserReturnError::NotJson { line: 1, column: 1 }),
            (
                br#"{"success":"secret-4242"}"#,
                BrowserReturnError::WrongType { field: "success", expected: "true or false" },
            ),
        ];
        for (body, expected) in cases {
            let err = BrowserReturn::from_json(body).unwrap_err();
            assert_eq!(err, expected);
            assert!(!err.to_string().contains("secret"), "{err}");
        }
        let big = "a".repeat(MAX_BODY_LEN + 1);
        assert_eq!(BrowserReturn::from_query(&big), Err(BrowserReturnError::TooLarge { limit: MAX_BODY_LEN }));
    }
}
