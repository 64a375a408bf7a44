//! Answers in the API's envelope, `{code, message, response}`, encoded as
//! the API writes them, or, for what a browser loads (the checkout's
//! script, its type declarations, the control API's page), a body of
//! another content type.

use bytes::Bytes;
use serde::Serialize;
use serde_json::{Value, json};

use iamport::StatusCode;

/// One answer of the sandbox: an HTTP status and an envelope.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub body: Value,
    /// The `Allow` header of a 405 (boxed, like `location` small: a reply
    /// is the error of every handler's `Result`).
    pub allow: Option<Box<str>>,
    /// A body other than the envelope, which `body` then stands for no more.
    pub content: Option<Content>,
    /// The `Location` header of a redirect (a page of the sandbox's own).
    pub location: Option<&'static str>,
}

/// A body that is not the envelope: a script, a page, a declaration file.
#[derive(Debug, Clone)]
pub(crate) struct Content {
    /// The `Content-Type` header, e.g. `text/javascript; charset=utf-8`.
    pub content_type: &'static str,
    pub bytes: Bytes,
}

impl Reply {
    /// Success: HTTP 200, `code: 0`, `message: null`.
    pub fn ok(response: impl Serialize) -> Self {
        let mut response = serde_json::to_value(response).unwrap_or(Value::Null);
        integral_numbers(&mut response);
        Self::with(StatusCode::OK, json!({ "code": 0, "message": null, "response": response }))
    }

    /// The same envelope with another HTTP status (a 207 partial success).
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// A business failure: HTTP 200 with `code != 0`, as the API reports one.
    pub fn refused(code: i64, message: impl Into<String>) -> Self {
        Self::failure(StatusCode::OK, code, message)
    }

    /// A failure with an error status and the same envelope.
    pub fn failure(status: StatusCode, code: i64, message: impl Into<String>) -> Self {
        Self::with(status, json!({ "code": code, "message": message.into(), "response": null }))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::failure(StatusCode::BAD_REQUEST, -1, message)
    }

    pub fn unauthorized() -> Self {
        Self::failure(StatusCode::UNAUTHORIZED, -1, "Unauthorized")
    }

    pub fn payment_not_found() -> Self {
        Self::failure(StatusCode::NOT_FOUND, -1, "존재하지 않는 결제정보입니다.")
    }

    /// A spec operation the sandbox does not implement (yet).
    pub fn not_implemented(operation_id: &str) -> Self {
        Self::failure(StatusCode::NOT_IMPLEMENTED, -1, format!("the iamport sandbox does not implement {operation_id}"))
    }

    /// A path that is in the spec, with a method that is not.
    pub fn method_not_allowed(allow: String) -> Self {
        let mut reply = Self::failure(StatusCode::METHOD_NOT_ALLOWED, -1, "method not allowed on this path");
        reply.allow = Some(allow.into());
        reply
    }

    /// HTTP 200 with a body of another content type than JSON.
    pub fn content(content_type: &'static str, bytes: impl Into<Bytes>) -> Self {
        let mut reply = Self::with(StatusCode::OK, Value::Null);
        reply.content = Some(Content { content_type, bytes: bytes.into() });
        reply
    }

    /// HTTP 303 to `location`: where a browser goes after a form's POST.
    pub fn see_other(location: &'static str) -> Self {
        let mut reply = Self::content("text/plain; charset=utf-8", Bytes::new()).with_status(StatusCode::SEE_OTHER);
        reply.location = Some(location);
        reply
    }

    /// HTTP 204 and no body (the answer to a CORS preflight).
    pub fn no_content() -> Self {
        Self::content("text/plain; charset=utf-8", Bytes::new()).with_status(StatusCode::NO_CONTENT)
    }

    /// A path that is not in the spec.
    pub fn no_such_path() -> Self {
        Self::failure(StatusCode::NOT_FOUND, -1, "no such path in the i'mport API")
    }

    pub(crate) fn with(status: StatusCode, body: Value) -> Self {
        Self { status, body, allow: None, content: None, location: None }
    }
}

/// Writes whole numbers as JSON integers, as the API does (`1000`, not the
/// `1000.0` a Rust `f64` serializes to): amounts in KRW are integers on the
/// wire. A fractional amount (USD, say) stays as it is.
pub(crate) fn integral_numbers(value: &mut Value) {
    /// Beyond 2^53 an `f64` no longer holds every integer.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() <= EXACT) {
                *n = serde_json::Number::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

impl Reply {
    /// The body as the API writes it (a PHP encoder): every non-ASCII
    /// character as `\uXXXX` (UTF-16, so six bytes for a Korean character,
    /// twelve for one outside the BMP) and `/` as `\/`. Sizes on the wire
    /// are then the API's, which matters for how large a page gets.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, PhpEscapes);
        // A `Value` always serializes; an empty body would say otherwise.
        if self.body.serialize(&mut serializer).is_err() {
            out.clear();
        }
        out
    }
}

/// serde_json's compact output, with PHP's `json_encode` escapes.
struct PhpEscapes;

impl serde_json::ser::Formatter for PhpEscapes {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut plain = 0;
        for (at, c) in fragment.char_indices() {
            if c.is_ascii() && c != '/' {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[plain..at])?;
            plain = at + c.len_utf8();
            if c == '/' {
                writer.write_all(b"\\/")?;
                continue;
            }
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
        }
        writer.write_all(&fragment.as_bytes()[plain..])
    }
}

/// A handler's result: the answer, or a refusal answered as it is (so that
/// handlers can use `?`).
impl From<Result<Reply, Reply>> for Reply {
    fn from(result: Result<Reply, Reply>) -> Self {
        result.unwrap_or_else(|refusal| refusal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_the_api_writes_it() {
        let reply = Reply::ok(json!({ "name": "한글 a/b \"q\" \n 😀", "url": "https://x/y" }));
        let text = String::from_utf8(reply.encode()).unwrap();
        assert_eq!(
            text,
            r#"{"code":0,"message":null,"response":{"name":"\ud55c\uae00 a\/b \"q\" \n \ud83d\ude00","url":"https:\/\/x\/y"}}"#
        );
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, reply.body);
    }

    #[test]
    fn whole_amounts_go_out_as_integers() {
        let reply = Reply::ok(json!({ "amount": 1000.0, "cancel_amount": 0.0, "list": [{ "amount": 12.5 }], "n": 3 }));
        let text = serde_json::to_string(&reply.body["response"]).unwrap();
        assert_eq!(text, r#"{"amount":1000,"cancel_amount":0,"list":[{"amount":12.5}],"n":3}"#);
    }
}
