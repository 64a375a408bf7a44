//! Answers in the live API's shape: the API writes every field of what it
//! answers, with `null` for what does not apply, where the client's types
//! the handlers serialize leave a `None` out. [`complete`] adds each
//! property the operation's response schema (in `spec/iamport.yaml`, read
//! at build time) lists and the answer lacks, as `null`, in nested objects
//! and list items too: no handler needs code for it.

use serde_json::{Map, Value};

use super::spec::{DOCUMENT as SPEC, MAX_DEPTH, resolve};

/// Adds to `body`, the answer of the operation at `method` and `path` (the
/// spec's template) with HTTP `status`, every nullable property of its
/// response schema that it lacks, as `null`.
pub(crate) fn complete(method: &str, path: &str, status: u16, body: &mut Value) {
    if let Some(schema) = response_schema(&SPEC, method, path, status) {
        fill(&SPEC, body, schema, 0);
    }
}

/// The JSON schema of an operation's answer with `status`.
pub(crate) fn response_schema<'a>(spec: &'a Value, method: &str, path: &str, status: u16) -> Option<&'a Value> {
    let responses = spec.get("paths")?.get(path)?.get(method.to_ascii_lowercase())?.get("responses")?;
    let response = resolve(spec, responses.get(status.to_string())?);
    response.get("content")?.get("application/json")?.get("schema")
}

fn fill(spec: &Value, value: &mut Value, schema: &Value, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = resolve(spec, schema);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        parts.iter().for_each(|part| fill(spec, value, part, depth + 1));
    }
    if let Some(alternative) = alternative_for(spec, value, schema) {
        fill(spec, value, alternative, depth + 1);
    }
    match value {
        Value::Object(fields) => {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return };
            fill_properties(spec, fields, properties, depth);
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                items.iter_mut().for_each(|item| fill(spec, item, item_schema, depth + 1));
            }
        }
        _ => {}
    }
}

fn fill_properties(spec: &Value, fields: &mut Map<String, Value>, properties: &Map<String, Value>, depth: usize) {
    for (name, property) in properties {
        match fields.get_mut(name) {
            Some(field) => fill(spec, field, property, depth + 1),
            None if nullable(spec, property, 0) => {
                fields.insert(name.clone(), Value::Null);
            }
            None => {}
        }
    }
}

/// The `anyOf`/`oneOf` branch that describes `value`: for an object, the
/// object branch that names most of its keys; for a list, the list branch.
fn alternative_for<'a>(spec: &'a Value, value: &Value, schema: &'a Value) -> Option<&'a Value> {
    let branches = schema.get("anyOf").or_else(|| schema.get("oneOf"))?.as_array()?;
    let resolved = branches.iter().map(|branch| resolve(spec, branch));
    match value {
        Value::Object(fields) => resolved
            .filter_map(|branch| Some((branch, branch.get("properties")?.as_object()?)))
            .max_by_key(|(_, properties)| fields.keys().filter(|k| properties.contains_key(*k)).count())
            .map(|(branch, _)| branch),
        Value::Array(_) => resolved.into_iter().find(|branch| branch.get("items").is_some()),
        _ => None,
    }
}

/// Whether the schema allows `null` (`nullable: true`, or a branch that does).
fn nullable(spec: &Value, schema: &Value, depth: usize) -> bool {
    let schema = resolve(spec, schema);
    if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return true;
    }
    depth < MAX_DEPTH
        && ["anyOf", "oneOf"].iter().any(|key| {
            schema
                .get(*key)
                .and_then(Value::as_array)
                .is_some_and(|branches| branches.iter().any(|branch| nullable(spec, branch, depth + 1)))
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_payment_gets_every_field_and_nested_lists_theirs() {
        let mut body = json!({ "code": 0, "message": null, "response": {
            "imp_uid": "imp_1", "merchant_uid": "o1", "amount": 1000, "cancel_amount": 0, "currency": "KRW",
            "status": "paid", "cancel_history": [{ "amount": 500 }]
        }});
        complete("POST", "/subscribe/payments/onetime", 200, &mut body);
        let payment = body["response"].as_object().unwrap();
        for key in ["vbank_num", "buyer_email", "fail_reason", "custom_data", "emb_pg_provider", "cancel_reason"] {
            assert_eq!(payment.get(key), Some(&Value::Null), "{key}");
        }
        assert_eq!(payment["imp_uid"], "imp_1");
        let cancel = body["response"]["cancel_history"][0].as_object().unwrap();
        assert!(cancel.contains_key("reason"), "{cancel:?}");
    }

    #[test]
    fn a_failure_keeps_its_null_response() {
        let mut body = json!({ "code": 1, "message": "no", "response": null });
        complete("POST", "/subscribe/payments/onetime", 200, &mut body);
        assert_eq!(body, json!({ "code": 1, "message": "no", "response": null }));
    }
}
