//! Reading request bodies and parameters, refusing malformed ones with a
//! 400 that names the field but never repeats its value (it may be card data).

use serde::de::DeserializeOwned;

use super::reply::Reply;

/// Decodes a JSON body into the operation's generated request type, which
/// checks the spec's required fields, types, lengths and formats.
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Reply> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Reply::bad_request("the request body is empty"));
    }
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| Reply::bad_request(describe(body, &e)))?;
    // No request field of the spec is nullable, but `Option` accepts `null`.
    // (Fields the spec does not name may be anything.)
    let known = field_names::<T>();
    let null_field = value.as_object().and_then(|o| o.iter().find(|(k, v)| v.is_null() && known.contains(&k.as_str())));
    if let Some((field, _)) = null_field {
        return Err(Reply::bad_request(format!("`{field}` must not be null")));
    }
    // From the bytes, not the value: the error's position names the field.
    serde_json::from_slice(body).map_err(|e| Reply::bad_request(describe(body, &e)))
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

fn describe(body: &[u8], error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let (line, column) = (error.line(), error.column());
    match error.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            format!("the request body is not valid JSON (line {line}, column {column})")
        }
        Category::Data => {
            let message = error.to_string();
            if let Some(missing) = message.strip_prefix("missing field ")
                && let Some(field) = missing.split(' ').next()
            {
                return format!("the request body has no {field}");
            }
            match field_before(body, line, column) {
                Some(field) => format!("`{field}` in the request body is not valid for this operation"),
                None => format!("the request body does not match the spec (line {line}, column {column})"),
            }
        }
    }
}

/// The last object key before the position serde_json reported, so that a
/// message can name the field without quoting the value.
fn field_before(body: &[u8], line: usize, column: usize) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            offset += l.char_indices().nth(column.saturating_sub(1)).map_or(l.len(), |(at, _)| at);
            break;
        }
        offset += l.len();
    }
    let before = text.get(..offset.min(text.len()))?;
    let colon = before.rfind("\":")?;
    let start = before[..colon].rfind('"')?;
    let key = &before[start + 1..colon];
    (!key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .then(|| key.to_owned())
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

/// A string as one of the spec's string enums.
pub(crate) fn enum_value<T: DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_field_not_the_value() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Req {
            merchant_uid: String,
            card_number: crate::secret::CardNumber,
        }
        let body = br#"{"merchant_uid": "o1", "card_number": "9999888877776666x"}"#;
        let message = parse::<Req>(body).unwrap_err().body["message"].as_str().unwrap().to_owned();
        assert!(message.contains("card_number"), "{message}");
        assert!(!message.contains("9999"), "{message}");
        let message =
            parse::<Req>(br#"{"card_number": "1234-5678-9012-3456"}"#).unwrap_err().body["message"].to_string();
        assert!(message.contains("merchant_uid"), "{message}");
        assert!(parse::<Req>(b"{").is_err());
        assert_eq!(field_names::<Req>(), ["merchant_uid", "card_number"]);
        let null = parse::<Req>(br#"{"merchant_uid": null, "card_number": "1234-5678-9012-3456"}"#).unwrap_err();
        assert!(null.body["message"].to_string().contains("merchant_uid"));
        assert!(parse::<Req>(br#"{"merchant_uid": "o", "card_number": "1234-5678-9012-3456", "x": null}"#).is_ok());
        assert!(parse::<Req>(b"").is_err());
    }
}
