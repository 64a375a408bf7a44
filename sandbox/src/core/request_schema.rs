//! Checks a request body against a request schema of the spec, as the
//! library's generated types do when they decode one: the fields the
//! schema requires, no field it lacks (`additionalProperties: false`), each
//! value's type, `enum`, `minLength` and `maxLength` (in characters),
//! `minimum`, `maximum`, `format: int32`, `minItems`, and no `null` where
//! the schema does not allow one. The sandbox depends on the library
//! without features, which leaves out the request types of the groups they
//! gate (naver, kcpquick, ...): it checks those bodies here, then decodes
//! them into plain types of its own (`body::parse_checked`). A refusal
//! names the field by its path, never its value.

use iamport::StatusCode;
use serde_json::{Map, Value};

use super::{
    reply::Reply,
    spec::{DOCUMENT, MAX_DEPTH, resolve},
};

/// Checks `body` against the spec's component schema `schema_name`.
pub(crate) fn check(body: &Value, schema_name: &str) -> Result<(), Reply> {
    let Some(schema) = DOCUMENT.pointer(&format!("/components/schemas/{schema_name}")) else {
        let message = format!("the sandbox has no request schema {schema_name}");
        return Err(Reply::failure(StatusCode::INTERNAL_SERVER_ERROR, -1, message));
    };
    check_value(&DOCUMENT, body, schema, "", 0).map_err(Reply::bad_request)
}

/// What is wrong with `value` at `path` against `schema`, if anything.
fn check_value(spec: &Value, value: &Value, schema: &Value, path: &str, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let schema = resolve(spec, schema);
    for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        check_value(spec, value, part, path, depth + 1)?;
    }
    if value.is_null() {
        return match schema.get("nullable").and_then(Value::as_bool) == Some(true) {
            true => Ok(()),
            false => Err(format!("`{path}` must not be null")),
        };
    }
    if schema.get("enum").and_then(Value::as_array).is_some_and(|values| !values.contains(value)) {
        return Err(format!("`{path}` is not one of the values the spec allows"));
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => check_object(spec, value.as_object().ok_or_else(|| invalid(path))?, schema, path, depth),
        Some("array") => check_array(spec, value.as_array().ok_or_else(|| invalid(path))?, schema, path, depth),
        Some("string") => check_length(value.as_str().ok_or_else(|| invalid(path))?, schema, path),
        Some("integer") => {
            let n = value.as_i64().ok_or_else(|| invalid(path))?;
            if schema.get("format").and_then(Value::as_str) == Some("int32") && i32::try_from(n).is_err() {
                return Err(format!("`{path}` is out of range"));
            }
            check_bounds(n as f64, schema, path)
        }
        Some("number") => check_bounds(value.as_f64().ok_or_else(|| invalid(path))?, schema, path),
        Some("boolean") if !value.is_boolean() => Err(invalid(path)),
        _ => Ok(()),
    }
}

fn invalid(path: &str) -> String {
    match path {
        "" => "the request body does not match the spec".to_owned(),
        _ => format!("`{path}` in the request body is not valid for this operation"),
    }
}

fn check_object(
    spec: &Value,
    fields: &Map<String, Value>,
    schema: &Value,
    path: &str,
    depth: usize,
) -> Result<(), String> {
    let properties = schema.get("properties").and_then(Value::as_object);
    let additional = schema.get("additionalProperties");
    for (name, field) in fields {
        let at = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
        match (properties.and_then(|p| p.get(name)), additional) {
            (Some(property), _) => check_value(spec, field, property, &at, depth + 1)?,
            (None, Some(Value::Bool(false))) => {
                return Err(format!("`{at}` is not a field of this request in the spec"));
            }
            (None, Some(other @ Value::Object(_))) => check_value(spec, field, other, &at, depth + 1)?,
            (None, _) => {}
        }
    }
    let within = if path.is_empty() { "the request body".to_owned() } else { format!("`{path}`") };
    let required = schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
    match required.into_iter().find(|name| !fields.contains_key(*name)) {
        Some(missing) => Err(format!("{within} has no `{missing}`")),
        None => Ok(()),
    }
}

fn check_array(spec: &Value, items: &[Value], schema: &Value, path: &str, depth: usize) -> Result<(), String> {
    if let Some(min) = schema.get("minItems").and_then(Value::as_u64).filter(|min| (items.len() as u64) < *min) {
        return Err(match min {
            1 => format!("`{path}` must not be empty"),
            _ => format!("`{path}` must have at least {min} items"),
        });
    }
    if let Some(max) = schema.get("maxItems").and_then(Value::as_u64).filter(|max| items.len() as u64 > *max) {
        return Err(format!("`{path}` must have at most {max} items"));
    }
    let Some(item_schema) = schema.get("items") else { return Ok(()) };
    for (i, item) in items.iter().enumerate() {
        check_value(spec, item, item_schema, &format!("{path}[{i}]"), depth + 1)?;
    }
    Ok(())
}

fn check_length(text: &str, schema: &Value, path: &str) -> Result<(), String> {
    let length = text.chars().count() as u64;
    if let Some(min) = schema.get("minLength").and_then(Value::as_u64).filter(|min| length < *min) {
        return Err(match min {
            1 => format!("`{path}` must not be empty"),
            _ => format!("`{path}` must be at least {min} characters"),
        });
    }
    match schema.get("maxLength").and_then(Value::as_u64).filter(|max| length > *max) {
        Some(max) => Err(format!("`{path}` must be at most {max} characters")),
        None => Ok(()),
    }
}

fn check_bounds(n: f64, schema: &Value, path: &str) -> Result<(), String> {
    let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool) == Some(true);
    if let Some(min) = schema.get("minimum").filter(|min| min.as_f64().is_some()) {
        let bound = min.as_f64().unwrap_or_default();
        if n < bound || (exclusive("exclusiveMinimum") && n <= bound) {
            return Err(match (bound == 0.0, exclusive("exclusiveMinimum")) {
                (true, false) => format!("`{path}` must be 0 or more"),
                (true, true) => format!("`{path}` must be greater than 0"),
                (false, false) => format!("`{path}` must be at least {min}"),
                (false, true) => format!("`{path}` must be greater than {min}"),
            });
        }
    }
    if let Some(max) = schema.get("maximum").filter(|max| max.as_f64().is_some()) {
        let bound = max.as_f64().unwrap_or_default();
        if n > bound || (exclusive("exclusiveMaximum") && n >= bound) {
            return Err(format!("`{path}` must be at most {max}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn message(body: Value, schema: &str) -> Option<String> {
        check(&body, schema).err().map(|reply| reply.body["message"].as_str().unwrap_or_default().to_owned())
    }

    #[test]
    fn a_body_the_schema_allows_passes() {
        let ship = json!({ "product_order_id": ["1"], "delivery_method": "DELIVERY", "dispatched_at": 1 });
        assert_eq!(message(ship, "NaverShipRequest"), None);
        let partner = json!({ "data": [{ "business_registration_number": "1", "company_name": "c", "amount": 1.5 }] });
        assert_eq!(message(partner, "PartnerReceiptRequest"), None);
    }

    #[test]
    fn each_check_names_the_field() {
        let cases = [
            (json!({}), "PaycoStatusRequest", "the request body has no `status`"),
            (json!({ "status": "SHIPPED" }), "PaycoStatusRequest", "`status` is not one of the values the spec allows"),
            (
                json!({ "status": "CANCELED", "x": 1 }),
                "PaycoStatusRequest",
                "`x` is not a field of this request in the spec",
            ),
            (json!({ "status": null }), "PaycoStatusRequest", "`status` must not be null"),
            (json!({ "data": [] }), "PartnerReceiptRequest", "`data` must not be empty"),
            (
                json!({ "data": [{ "business_registration_number": "1", "company_name": "c", "amount": -1 }] }),
                "PartnerReceiptRequest",
                "`data[0].amount` must be 0 or more",
            ),
            (
                json!({ "data": [{ "business_registration_number": "1", "company_name": "c" }] }),
                "PartnerReceiptRequest",
                "`data[0]` has no `amount`",
            ),
            (
                json!({ "btid": "b", "cust_ip": "1", "code_verifier": "v", "prepaid_amount": 1_000_000_000 }),
                "KcpQuickPrepareRequest",
                "`prepaid_amount` must be at most 999999999",
            ),
            (
                json!({ "btid": "b".repeat(21), "cust_ip": "1", "code_verifier": "v" }),
                "KcpQuickPrepareRequest",
                "`btid` must be at most 20 characters",
            ),
            (
                json!({ "btid": "", "cust_ip": "1", "code_verifier": "v" }),
                "KcpQuickPrepareRequest",
                "`btid` must not be empty",
            ),
            (
                json!({ "delivery_method": "DELIVERY", "dispatched_at": 1.5 }),
                "NaverShipRequest",
                "`dispatched_at` in the request body is not valid for this operation",
            ),
            (
                json!({ "product_order_id": [1], "delivery_method": "DELIVERY", "dispatched_at": 1 }),
                "NaverShipRequest",
                "`product_order_id[0]` in the request body is not valid for this operation",
            ),
        ];
        for (body, schema, expected) in cases {
            assert_eq!(message(body.clone(), schema).as_deref(), Some(expected), "{body}");
        }
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let name = "가".repeat(40);
        let request = json!({ "customer_uid": "c", "merchant_uid": "o", "name": name, "buyer_name": "b", "amount": 1 });
        assert_eq!(message(request, "KcpQuickAutopayRequest"), None);
    }

    #[test]
    fn an_unknown_schema_is_the_sandbox_s_fault() {
        let reply = check(&json!({}), "NoSuchRequest").unwrap_err();
        assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    }
}
