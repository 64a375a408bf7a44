//! Reading webhook bodies field by field, so that an error can name the
//! field without quoting a value.

use serde_json::{Map, Value};

use super::{CVS_CONFIRM_EVENT, CvsConfirm, CvsConfirmExtra, CvsPayType, MAX_BODY_LEN, Notification, WebhookError};

impl Notification {
    /// Parses a notification by its `Content-Type` header value:
    /// `application/json` or `application/x-www-form-urlencoded`. Without
    /// one, a body starting with `{` is read as JSON, anything else as a form.
    pub fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Self, WebhookError> {
        let media_type = content_type.map(|c| c.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
        match media_type.as_deref() {
            Some("application/json") => Self::from_json(body),
            Some(t) if t.starts_with("application/") && t.ends_with("+json") => Self::from_json(body),
            Some("application/x-www-form-urlencoded") => Self::from_form(body),
            Some(_) => Err(WebhookError::UnsupportedContentType),
            None if body.trim_ascii_start().starts_with(b"{") => Self::from_json(body),
            None => Self::from_form(body),
        }
    }

    /// Parses a JSON notification.
    pub fn from_json(body: &[u8]) -> Result<Self, WebhookError> {
        Self::from_fields(&Fields::json(body)?)
    }

    /// Parses a form-encoded notification (`imp_uid=...&merchant_uid=...`).
    pub fn from_form(body: &[u8]) -> Result<Self, WebhookError> {
        Self::from_fields(&Fields::form(body)?)
    }

    fn from_fields(fields: &Fields) -> Result<Self, WebhookError> {
        Ok(Self {
            imp_uid: fields.required("imp_uid")?,
            merchant_uid: fields.required("merchant_uid")?,
            status: fields.required("status")?.as_str().into(),
            cancellation_id: fields.optional("cancellation_id")?,
        })
    }
}

impl CvsConfirm {
    /// Parses a confirm request (always JSON) and checks its `event`.
    pub fn from_json(body: &[u8]) -> Result<Self, WebhookError> {
        let map = json_object(body)?;
        let extra = match map.get("extra") {
            Some(Value::Object(extra)) => Fields::Json(extra.clone()),
            None | Some(Value::Null) => return Err(WebhookError::MissingField { field: "extra" }),
            Some(_) => return Err(WebhookError::WrongType { field: "extra", expected: "an object" }),
        };
        let fields = Fields::Json(map);
        if fields.required("event")? != CVS_CONFIRM_EVENT {
            return Err(WebhookError::UnexpectedEvent);
        }
        Ok(Self {
            event: CVS_CONFIRM_EVENT.to_owned(),
            imp_uid: fields.required("imp_uid")?,
            merchant_uid: fields.required("merchant_uid")?,
            status: fields.required("status")?.as_str().into(),
            extra: CvsConfirmExtra {
                barcode: extra.required("barcode")?,
                pay_type: CvsPayType::from(extra.required("payType")?.as_str()),
            },
        })
    }
}

enum Fields {
    Json(Map<String, Value>),
    Form(Vec<(String, String)>),
}

impl Fields {
    fn json(body: &[u8]) -> Result<Self, WebhookError> {
        json_object(body).map(Self::Json)
    }

    fn form(body: &[u8]) -> Result<Self, WebhookError> {
        check_size(body)?;
        serde_urlencoded::from_bytes(body).map(Self::Form).map_err(|_| WebhookError::NotForm)
    }

    fn optional(&self, field: &'static str) -> Result<Option<String>, WebhookError> {
        let value = match self {
            Self::Json(map) => match map.get(field) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                // Ids are strings; a number is tolerated as its decimal text.
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(_) => return Err(WebhookError::WrongType { field, expected: "a string" }),
            },
            Self::Form(pairs) => pairs.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone()),
        };
        Ok(value.filter(|v| !v.trim().is_empty()))
    }

    fn required(&self, field: &'static str) -> Result<String, WebhookError> {
        self.optional(field)?.ok_or(WebhookError::MissingField { field })
    }
}

fn json_object(body: &[u8]) -> Result<Map<String, Value>, WebhookError> {
    check_size(body)?;
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(WebhookError::NotJson { line: 1, column: 1 }),
        Err(e) => Err(WebhookError::NotJson { line: e.line(), column: e.column() }),
    }
}

fn check_size(body: &[u8]) -> Result<(), WebhookError> {
    if body.len() > MAX_BODY_LEN {
        Err(WebhookError::TooLarge { limit: MAX_BODY_LEN })
    } else if body.trim_ascii().is_empty() {
        Err(WebhookError::Empty)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enums::PaymentStatus;

    #[test]
    fn notifications_parse_from_json_and_forms() {
        let json = br#"{"imp_uid":"imp_1","merchant_uid":"o1","status":"paid"}"#;
        let form = b"imp_uid=imp_1&merchant_uid=o1&status=cancelled&cancellation_id=c%201";
        let n = Notification::parse(Some("application/json; charset=utf-8"), json).unwrap();
        assert_eq!((n.imp_uid.as_str(), n.status, n.cancellation_id), ("imp_1", PaymentStatus::Paid, None));
        let n = Notification::parse(Some("application/x-www-form-urlencoded"), form).unwrap();
        assert_eq!((n.status, n.cancellation_id.as_deref()), (PaymentStatus::Cancelled, Some("c 1")));
        assert_eq!(Notification::parse(None, json).unwrap().merchant_uid, "o1");
        assert_eq!(Notification::parse(None, form).unwrap().merchant_uid, "o1");
    }

    #[test]
    fn bad_bodies_get_errors_that_do_not_quote_them() {
        let cases: [(Option<&str>, &[u8], WebhookError); 7] = [
            (Some("application/json"), b"", WebhookError::Empty),
            (Some("text/plain"), b"imp_uid=x", WebhookError::UnsupportedContentType),
            (Some("application/json"), b"<html>secret-4242</html>", WebhookError::NotJson { line: 1, column: 1 }),
            (Some("application/json"), b"[1]", WebhookError::NotJson { line: 1, column: 1 }),
            (None, b"imp_uid=imp_1&status=paid", WebhookError::MissingField { field: "merchant_uid" }),
            (
                Some("application/json"),
                br#"{"imp_uid":["secret-4242"],"merchant_uid":"o","status":"paid"}"#,
                WebhookError::WrongType { field: "imp_uid", expected: "a string" },
            ),
            (
                Some("application/json"),
                br#"{"imp_uid":"","merchant_uid":"o","status":"paid"}"#,
                WebhookError::MissingField { field: "imp_uid" },
            ),
        ];
        for (content_type, body, expected) in cases {
            let err = Notification::parse(content_type, body).unwrap_err();
            assert_eq!(err, expected);
            assert!(!err.to_string().contains("secret"), "{err}");
        }
        let big = vec![b'a'; MAX_BODY_LEN + 1];
        assert_eq!(Notification::from_form(&big), Err(WebhookError::TooLarge { limit: MAX_BODY_LEN }));
    }

    #[test]
    fn cvs_confirm_parses_and_checks_its_event() {
        let body = br#"{"event":"Galaxia.Cvs.Confirm","imp_uid":"imp_1","merchant_uid":"o1","status":"ready",
                        "extra":{"barcode":"1234","payType":"cash"}}"#;
        let confirm = CvsConfirm::from_json(body).unwrap();
        assert_eq!((confirm.extra.barcode.as_str(), &confirm.extra.pay_type), ("1234", &CvsPayType::Cash));
        let round_trip = CvsConfirm::from_json(&serde_json::to_vec(&confirm).unwrap()).unwrap();
        assert_eq!(round_trip, confirm);
        let other = br#"{"event":"Other","imp_uid":"imp_1","merchant_uid":"o1","status":"ready","extra":{}}"#;
        assert_eq!(CvsConfirm::from_json(other), Err(WebhookError::UnexpectedEvent));
        let no_extra = br#"{"event":"Galaxia.Cvs.Confirm","imp_uid":"imp_1","merchant_uid":"o1","status":"ready"}"#;
        assert_eq!(CvsConfirm::from_json(no_extra), Err(WebhookError::MissingField { field: "extra" }));
    }
}
