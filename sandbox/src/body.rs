//! Reading request bodies and parameters, refusing malformed ones with a
//! 400 that names the field but never repeats its value (it may be card data).

use serde::de::DeserializeOwned;

use super::reply::Reply;

/// Decodes a JSON body into the operation's generated request type, which
/// checks the spec's required fields, types, lengths and formats. A refusal
/// names the field at fault by its path (`schedules[0].amount`).
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Reply> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Reply::bad_request("the request body is empty"));
    }
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        Reply::bad_request(format!("the request body is not valid JSON (line {}, column {})", e.line(), e.column()))
    })?;
    if !value.is_object() {
        return Err(Reply::bad_request("the request body must be a JSON object"));
    }
    // No request field of the spec is nullable, but `Option` accepts `null`.
    // (Fields the spec does not name may be anything.)
    let known = field_names::<T>();
    let null_field = value.as_object().and_then(|o| o.iter().find(|(k, v)| v.is_null() && known.contains(&k.as_str())));
    if let Some((field, _)) = null_field {
        return Err(Reply::bad_request(format!("`{field}` must not be null")));
    }
    serde_path_to_error::deserialize(value).map_err(|e| Reply::bad_request(describe(&e)))
}

/// The JSON names of a struct's fields, read from its `Deserialize` impl.
fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Introspect<'a>(&'a mut &'static [&'static str]);

    impl<'de> serde::Deserializer<'de> for Introspect<'_> {
        type Error = serde::de::value::Error;

        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(serde::de::Error::custom("fields recorded"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Introspect(&mut fields));
    fields
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
pub(crate) fn at_least_zero(field: &str, value: Option<f64>, exclusive: bool) -> Result<(), Reply> {
    match value {
        Some(v) if v < 0.0 || (exclusive && v <= 0.0) => {
            let bound = if exclusive { "greater than 0" } else { "0 or more" };
            Err(Reply::bad_request(format!("`{field}` must be {bound}")))
        }
        _ => Ok(()),
    }
}

/// A spec `format: uri`: an absolute URI.
pub(crate) fn uri<'a>(field: &str, values: impl IntoIterator<Item = &'a String>) -> Result<(), Reply> {
    match values.into_iter().all(|v| reqwest::Url::parse(v).is_ok()) {
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

/// A string as one of the spec's string enums.
pub(crate) fn enum_value<T: DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Req {
        merchant_uid: String,
        card_number: iamport::secret::CardNumber,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        amount: f64,
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
        assert_eq!(field_names::<Req>(), ["merchant_uid", "card_number", "items"]);
        let null = message(br#"{"merchant_uid": null, "card_number": "1234-5678-9012-3456"}"#);
        assert!(null.contains("merchant_uid"), "{null}");
        assert!(parse::<Req>(b"").is_err());
        assert!(parse::<Req>(b"[]").is_err());
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
