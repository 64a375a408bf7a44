//! Reading request bodies and parameters, refusing malformed ones with a
//! 400 that names the field but never repeats its value (it may be card data).

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

use super::reply::Reply;

/// Decodes a JSON body into the operation's generated request type, which
/// checks the spec's required fields, types, lengths and formats. A refusal
/// names the field at fault by its path (`schedules[0].amount`).
pub(crate) fn parse<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<T, Reply> {
    decode(json_object(body)?)
}

/// Decodes a JSON body of an operation whose request type the library
/// compiles only behind a feature (naver, kcpquick, ...): checked against
/// the spec's schema `schema` (`request_schema`), then decoded into the
/// sandbox's own plain type, which need not repeat the schema's rules.
pub(crate) fn parse_checked<T: DeserializeOwned>(body: &[u8], schema: &str) -> Result<T, Reply> {
    let value = json_object(body)?;
    if let Some(path) = beyond_int64(&value, "") {
        return Err(Reply::bad_request(format!("`{path}` is larger than the API accepts")));
    }
    super::request_schema::check(&value, schema)?;
    serde_path_to_error::deserialize(value).map_err(|e| Reply::bad_request(describe(&e)))
}

/// A top-level string field whose format the API checks as a business
/// rule, where the client's type checks more than the spec says: a value
/// the spec allows but the type refuses is a refusal at HTTP 200 (`code:
/// 1`), not a 400.
pub(crate) struct BusinessFormat {
    pub field: &'static str,
    /// What the spec's schema allows.
    pub spec_allows: fn(&str) -> bool,
    /// What the generated type accepts.
    pub type_accepts: fn(&str) -> bool,
    /// A value the type accepts, decoded in place of the refused one so
    /// that the rest of the body is still checked against the spec.
    pub stand_in: &'static str,
}

/// [`parse`], and the first [`BusinessFormat`] field whose value the spec
/// allows but the type refuses (the caller refuses the call for it).
pub(crate) fn parse_with_formats<T: DeserializeOwned + Serialize>(
    body: &[u8],
    formats: &[BusinessFormat],
) -> Result<(T, Option<&'static str>), Reply> {
    let mut value = json_object(body)?;
    let mut refused = None;
    for format in formats {
        let Some(slot) = value.get_mut(format.field) else { continue };
        if slot.as_str().is_some_and(|s| (format.spec_allows)(s) && !(format.type_accepts)(s)) {
            *slot = Value::String(format.stand_in.to_owned());
            refused.get_or_insert(format.field);
        }
    }
    Ok((decode(value)?, refused))
}

fn json_object(body: &[u8]) -> Result<Value, Reply> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Reply::bad_request("the request body is empty"));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        Reply::bad_request(format!("the request body is not valid JSON (line {}, column {})", e.line(), e.column()))
    })?;
    match value.is_object() {
        true => Ok(value),
        false => Err(Reply::bad_request("the request body must be a JSON object")),
    }
}

fn decode<T: DeserializeOwned + Serialize>(value: Value) -> Result<T, Reply> {
    // The spec's integers are `int64`; the client's types hold some as
    // `u64` (amounts that cannot be negative), which would take more.
    if let Some(path) = beyond_int64(&value, "") {
        return Err(Reply::bad_request(format!("`{path}` is larger than the API accepts")));
    }
    let decoded: T = serde_path_to_error::deserialize(value.clone()).map_err(|e| Reply::bad_request(describe(&e)))?;
    // No request field of the spec is nullable, but an `Option` takes `null`
    // for absent. Such a null is missing from the value written back (an
    // open map, such as `bypass`, keeps its nulls).
    let written = serde_json::to_value(&decoded).unwrap_or(Value::Null);
    if let Some(path) = swallowed_null(&value, &written, "") {
        return Err(Reply::bad_request(format!("`{path}` must not be null")));
    }
    match array_for_object(&value, &written, "") {
        Some(path) => Err(Reply::bad_request(format!("`{path}` in the request body is not valid for this operation"))),
        None => Ok(decoded),
    }
}

/// The path of an array in `given` that `kept` (the same body decoded and
/// written back) holds as an object: serde's derived structs take their
/// fields as a sequence too (`[null, null]` for an address), which the
/// spec's objects do not allow.
fn array_for_object(given: &Value, kept: &Value, path: &str) -> Option<String> {
    match (given, kept) {
        (Value::Array(_), Value::Object(_)) => Some(if path.is_empty() { ".".to_owned() } else { path.to_owned() }),
        (Value::Object(given), Value::Object(kept)) => given.iter().find_map(|(key, value)| {
            let at = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            kept.get(key).and_then(|kept| array_for_object(value, kept, &at))
        }),
        (Value::Array(given), Value::Array(kept)) => given
            .iter()
            .zip(kept)
            .enumerate()
            .find_map(|(i, (value, kept))| array_for_object(value, kept, &format!("{path}[{i}]"))),
        _ => None,
    }
}

/// The path of the first whole number above `i64::MAX` in `value`.
fn beyond_int64(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::Number(n) => (n.is_u64() && !n.is_i64()).then(|| path.to_owned()),
        Value::Object(map) => map.iter().find_map(|(key, value)| {
            beyond_int64(value, &if path.is_empty() { key.clone() } else { format!("{path}.{key}") })
        }),
        Value::Array(items) => {
            items.iter().enumerate().find_map(|(i, value)| beyond_int64(value, &format!("{path}[{i}]")))
        }
        _ => None,
    }
}

/// The path of a `null` in `given` that `kept` (the same body decoded and
/// written back) has dropped.
fn swallowed_null(given: &Value, kept: &Value, path: &str) -> Option<String> {
    match (given, kept) {
        (Value::Object(given), Value::Object(kept)) => given.iter().find_map(|(key, value)| {
            let at = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            match kept.get(key) {
                Some(kept) => swallowed_null(value, kept, &at),
                None => value.is_null().then_some(at),
            }
        }),
        (Value::Array(given), Value::Array(kept)) => given
            .iter()
            .zip(kept)
            .enumerate()
            .find_map(|(i, (value, kept))| swallowed_null(value, kept, &format!("{path}[{i}]"))),
        _ => None,
    }
}

/// What is wrong, by the field's path; never the value (it may be card data).
fn describe(error: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let path = error.path().to_string();
    let message = error.inner().to_string();
    // serde names the field in these two messages: `missing field `x``, `unknown field `x`, ...`.
    let named = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .filter(|f| is_field_name(f))
            .map(str::to_owned)
    };
    let within = if path == "." { "the request body".to_owned() } else { format!("`{path}`") };
    if let Some(field) = named("missing field `") {
        return format!("{within} has no `{field}`");
    }
    if named("unknown field `").is_some() {
        // The path ends with the unknown key.
        return format!("{within} is not a field of this request in the spec");
    }
    match path.as_str() {
        "." => "the request body does not match the spec".to_owned(),
        _ => format!("`{path}` in the request body is not valid for this operation"),
    }
}

/// A JSON key that can be quoted in a message: short, letters, digits, `_`, `-`.
fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A spec `minimum: 0` (or, with `exclusive`, `exclusiveMinimum`).
pub(crate) fn at_least_zero(field: &str, value: Option<impl Into<f64>>, exclusive: bool) -> Result<(), Reply> {
    match value.map(Into::into) {
        Some(v) if v < 0.0 || (exclusive && v <= 0.0) => {
            let bound = if exclusive { "greater than 0" } else { "0 or more" };
            Err(Reply::bad_request(format!("`{field}` must be {bound}")))
        }
        _ => Ok(()),
    }
}

/// A spec `format: uri`: an absolute URI.
pub(crate) fn uri<'a>(field: &str, values: impl IntoIterator<Item = &'a String>) -> Result<(), Reply> {
    match values.into_iter().all(|v| url::Url::parse(v).is_ok()) {
        true => Ok(()),
        false => Err(Reply::bad_request(format!("`{field}` must be an absolute URI"))),
    }
}

/// A query parameter decoded with serde, as the spec's enum or boolean.
pub(crate) fn query_value<T>(
    query: &[(String, String)],
    name: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, Reply> {
    match query.iter().rev().find(|(k, _)| k == name) {
        None => Ok(None),
        Some((_, raw)) => parse(raw).map(Some).ok_or_else(|| Reply::bad_request(format!("`{name}` is not valid"))),
    }
}

/// A query parameter the spec requires: 400 when absent.
pub(crate) fn required_query<T>(
    query: &[(String, String)],
    name: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, Reply> {
    query_value(query, name, parse)?.ok_or_else(|| Reply::bad_request(format!("`{name}` is required")))
}

/// A query value of `format: int32`.
pub(crate) fn int32_value(raw: &str) -> Option<i64> {
    raw.parse::<i32>().ok().map(i64::from)
}

/// A query value of `format: int64`.
pub(crate) fn int64_value(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok()
}

/// A query value of `type: string`, as it is.
pub(crate) fn text_value(raw: &str) -> Option<String> {
    Some(raw.to_owned())
}

/// A spec `format: int32` the generated type (say `NonZeroU32`) lets exceed.
pub(crate) fn int32(field: &str, value: Option<i64>) -> Result<(), Reply> {
    match value.is_some_and(|n| i32::try_from(n).is_err()) {
        true => Err(Reply::bad_request(format!("`{field}` is out of range"))),
        false => Ok(()),
    }
}

/// A spec `minItems: 1`, which the generated `Vec` does not check.
pub(crate) fn not_empty<T>(field: &str, items: &[T]) -> Result<(), Reply> {
    match items.is_empty() {
        true => Err(Reply::bad_request(format!("`{field}` must not be empty"))),
        false => Ok(()),
    }
}

/// A string as one of the spec's string enums.
pub(crate) fn enum_value<T: DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, serde::Serialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Req {
        merchant_uid: String,
        card_number: iamport::secret::CardNumber,
        #[serde(default)]
        items: Vec<Item>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bypass: Option<serde_json::Map<String, Value>>,
    }

    #[derive(serde::Deserialize, serde::Serialize, Debug)]
    struct Item {
        amount: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tag: Option<String>,
    }

    fn message(body: &[u8]) -> String {
        parse::<Req>(body).unwrap_err().body["message"].as_str().unwrap().to_owned()
    }

    #[test]
    fn errors_name_the_field_not_the_value() {
        let message_of_bad_card = message(br#"{"merchant_uid": "o1", "card_number": "9999888877776666x"}"#);
        assert_eq!(message_of_bad_card, "`card_number` in the request body is not valid for this operation");
        assert!(message(br#"{"card_number": "1234-5678-9012-3456"}"#).contains("no `merchant_uid`"));
        assert!(parse::<Req>(b"{").is_err());
        let null = message(br#"{"merchant_uid": null, "card_number": "1234-5678-9012-3456"}"#);
        assert!(null.contains("merchant_uid"), "{null}");
        assert!(parse::<Req>(b"").is_err());
        assert!(parse::<Req>(b"[]").is_err());
    }

    #[test]
    fn whole_numbers_beyond_int64_are_refused_by_path() {
        let body = br#"{"merchant_uid": "o1", "card_number": "1234-5678-9012-3456", "items": [{"amount": 9223372036854775808}]}"#;
        assert_eq!(message(body), "`items[0].amount` is larger than the API accepts");
        let largest = br#"{"merchant_uid": "o1", "card_number": "1234-5678-9012-3456", "items": [{"amount": 9223372036854775807}]}"#;
        assert!(parse::<Req>(largest).is_ok());
    }

    #[test]
    fn nulls_are_refused_where_the_spec_has_a_field_but_not_in_open_maps() {
        let card = r#""merchant_uid": "o", "card_number": "1234-5678-9012-3456""#;
        let at = |extra: &str| {
            parse::<Req>(format!("{{{card}, {extra}}}").as_bytes()).map(drop).map_err(|r| r.body["message"].to_string())
        };
        assert_eq!(at(r#""note": null"#).unwrap_err(), r#""`note` must not be null""#);
        assert_eq!(
            at(r#""items": [{"amount": 1}, {"amount": 2, "tag": null}]"#).unwrap_err(),
            r#""`items[1].tag` must not be null""#
        );
        assert!(at(r#""bypass": {"anything": null}"#).is_ok(), "an open map takes what it is given");
        assert!(at(r#""note": "n""#).is_ok());
    }

    #[test]
    fn an_array_is_refused_where_the_spec_has_an_object() {
        // Found by schemathesis once the fixtures let it past the 404s: an
        // escrow body whose address was `[null, null]` was accepted.
        let card = r#""merchant_uid": "o", "card_number": "1234-5678-9012-3456""#;
        let body = format!(r#"{{{card}, "items": [{{"amount": 1}}, [2, "t"]]}}"#);
        assert_eq!(message(body.as_bytes()), "`items[1]` in the request body is not valid for this operation");
        let body = format!(r#"{{{card}, "items": [{{"amount": 1}}, {{"amount": 2, "tag": "t"}}]}}"#);
        assert!(parse::<Req>(body.as_bytes()).is_ok());
    }

    #[test]
    fn a_format_the_spec_allows_but_the_type_refuses_is_a_business_refusal() {
        let formats = [BusinessFormat {
            field: "card_number",
            spec_allows: |s| !s.is_empty(),
            type_accepts: |s| iamport::secret::CardNumber::new(s).is_ok(),
            stand_in: "4242-4242-4242-4242",
        }];
        let body = br#"{"merchant_uid": "o", "card_number": "12345"}"#;
        let (decoded, refused) = parse_with_formats::<Req>(body, &formats).unwrap();
        assert_eq!((decoded.merchant_uid.as_str(), refused), ("o", Some("card_number")));
        // What the spec refuses is still a 400; so is the rest of the body.
        assert!(parse_with_formats::<Req>(br#"{"merchant_uid": "o", "card_number": ""}"#, &formats).is_err());
        assert!(parse_with_formats::<Req>(br#"{"merchant_uid": 1, "card_number": "12345"}"#, &formats).is_err());
    }

    #[test]
    fn the_field_named_is_the_wrong_one_not_the_last_one() {
        // The malformed field comes first; the message used to name the last.
        let wrong_first = message(br#"{"merchant_uid": 5, "card_number": "1234-5678-9012-3456"}"#);
        assert_eq!(wrong_first, "`merchant_uid` in the request body is not valid for this operation");
        let nested = message(br#"{"merchant_uid": "o", "card_number": "1234-5678-9012-3456", "items": [{"amount": 1}, {"amount": "x"}]}"#);
        assert_eq!(nested, "`items[1].amount` in the request body is not valid for this operation");
        let missing = message(br#"{"merchant_uid": "o", "card_number": "1234-5678-9012-3456", "items": [{}]}"#);
        assert_eq!(missing, "`items[0]` has no `amount`");
        let unknown = message(br#"{"merchant_uid": "o", "card_number": "1234-5678-9012-3456", "taxfree": 1}"#);
        assert_eq!(unknown, "`taxfree` is not a field of this request in the spec");
    }
}
