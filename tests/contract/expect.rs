//! What the SDK must make of an example answer, and the comparison of a
//! decoded answer with the example it came from.

use iamport::{Error, Operation};
use serde_json::Value;

use crate::spec::Example;

/// What a call answered with `example` must return.
pub enum Expected {
    /// `Ok` with this `response`.
    Answer(Value),
    /// `Error::Declined` with this payment (a charge whose payment failed).
    Declined(Value),
    /// `Error::Api` with these fields.
    Refusal { status: u16, code: i64, message: Option<String> },
    /// `Error::OutcomeUnknown` caused by this refusal: a 5xx answer (but 501,
    /// "not supported") to a call that is not idempotent may come after the
    /// change was made (the SDK's rule, RELIABILITY.md), even when the body
    /// says it failed.
    UnknownOutcome(Box<Expected>),
}

impl Expected {
    pub fn of(op: &Operation, example: &Example) -> Self {
        let body = &example.body;
        let code =
            body["code"].as_i64().unwrap_or_else(|| panic!("{} example {}: no integer `code`", op.id, example.label()));
        let success = (200..300).contains(&example.status) && code == 0;
        match &body["response"] {
            response if success && op.charge && response["status"] == "failed" => Self::Declined(response.clone()),
            response if success => Self::Answer(response.clone()),
            _ => {
                let refusal = Self::Refusal {
                    status: example.status,
                    code,
                    message: body["message"].as_str().map(str::to_owned),
                };
                match example.status >= 500 && example.status != 501 && !op.idempotent {
                    true => Self::UnknownOutcome(Box::new(refusal)),
                    false => refusal,
                }
            }
        }
    }

    /// `Ok(())` when `outcome` is what this expects, or what differs.
    pub fn check(&self, outcome: &iamport::Result<Value>) -> Result<(), String> {
        match (self, outcome) {
            (Self::Answer(expected), Ok(decoded)) => same_json(expected, decoded, "response"),
            (Self::Declined(expected), Err(Error::Declined { payment })) => {
                let decoded =
                    serde_json::to_value(&**payment).map_err(|e| format!("payment does not serialize: {e}"))?;
                same_json(expected, &decoded, "payment")
            }
            (Self::Refusal { status, code, message }, Err(Error::Api { status: s, code: c, message: m }))
                if s.as_u16() == *status && c == code && m == message =>
            {
                Ok(())
            }
            (Self::UnknownOutcome(refusal), Err(Error::OutcomeUnknown { cause, .. })) => match (&**refusal, &**cause) {
                (Self::Refusal { status, code, message }, Error::Api { status: s, code: c, message: m })
                    if s.as_u16() == *status && c == code && m == message =>
                {
                    Ok(())
                }
                _ => Err(format!("expected {self}, got OutcomeUnknown caused by {}", describe(cause))),
            },
            (_, Ok(_)) => Err(format!("expected {self}, got Ok")),
            (_, Err(error)) => Err(format!("expected {self}, got {}", describe(error))),
        }
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Answer(_) => f.write_str("Ok with the example's response"),
            Self::Declined(_) => f.write_str("Error::Declined with the example's payment"),
            Self::Refusal { status, code, message } => {
                write!(f, "Error::Api {{ status: {status}, code: {code}, message: {message:?} }}")
            }
            Self::UnknownOutcome(refusal) => write!(f, "Error::OutcomeUnknown caused by {refusal}"),
        }
    }
}

/// An error with its whole `source` chain (the SDK never puts bodies or
/// secrets in it).
pub fn describe(error: &Error) -> String {
    let mut text = format!("{error:?}: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(" <- {cause}"));
        source = cause.source();
    }
    text
}

/// Compares a decoded answer (serialized back to JSON) with the example.
/// `null` and absent are the same (the SDK decodes both to `None`), a
/// decoded `0` where the example has nothing is a timestamp's "not
/// happened", and numbers compare by value (`8900` is `8900.0`).
pub fn same_json(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Null, Value::Null) => Ok(()),
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => Ok(()),
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                same_json(value, a.get(key).unwrap_or(&Value::Null), &format!("{at}.{key}"))?;
            }
            match a.iter().find(|(key, value)| !e.contains_key(*key) && !value.is_null() && **value != Value::from(0)) {
                Some((key, value)) => Err(format!("{at}.{key}: decoded {value} but the example has no such field")),
                None => Ok(()),
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            e.iter().zip(a).enumerate().try_for_each(|(i, (e, a))| same_json(e, a, &format!("{at}[{i}]")))
        }
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{at}: the example has {e}, the SDK decoded {a}")),
    }
}
