//! Every recorded answer body of `tests/fixtures/bodies/` (see its README),
//! decoded with the generated type of its schema and serialized back, must
//! come back with every value it had: a field the spec lacks, which the
//! client would silently drop, fails here. `null` equals an absent field;
//! a number equals the same number written otherwise (`1000` and `1000.0`);
//! a value the type adds (a timestamp's `0` for `null`) is no loss. The
//! spec's own response examples are held to the same rule.

use std::path::Path;

use serde_json::Value;

struct Recorded {
    file: String,
    schema: String,
    label: String,
    ignored: Vec<String>,
    body: Value,
}

fn recorded() -> Vec<Recorded> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bodies");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/bodies exists")
        .map(|entry| entry.expect("a readable directory").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let entries: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{file} is not a JSON list: {e}"));
        for entry in entries {
            let text = |key: &str| entry[key].as_str().unwrap_or_else(|| panic!("{file}: an entry lacks `{key}`"));
            all.push(Recorded {
                schema: text("schema").to_owned(),
                label: text("label").to_owned(),
                ignored: entry["ignored"]
                    .as_array()
                    .map(|list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                    .unwrap_or_default(),
                body: entry["body"].clone(),
                file: file.clone(),
            });
        }
    }
    all
}

/// The paths (`response.card_type`, `response[1].amount`) whose value in
/// `body` is missing or different in `back`.
fn losses(body: &Value, back: &Value, path: &str, ignored: &[String], found: &mut Vec<String>) {
    if ignored.iter().any(|i| i == path) {
        return;
    }
    let child = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match (body, back) {
        (Value::Null, _) => {}
        (Value::Object(fields), Value::Object(back_fields)) => {
            for (key, value) in fields {
                losses(value, back_fields.get(key).unwrap_or(&Value::Null), &child(key), ignored, found);
            }
        }
        (Value::Array(items), Value::Array(back_items)) if items.len() == back_items.len() => {
            for (i, (item, back_item)) in items.iter().zip(back_items).enumerate() {
                losses(item, back_item, &format!("{path}[{i}]"), ignored, found);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => found.push(format!("{path}: {a} came back as {b}")),
    }
}

#[test]
fn no_recorded_body_loses_a_value_in_a_round_trip() {
    let recorded = recorded();
    assert!(recorded.len() >= 10, "only {} recorded bodies found", recorded.len());
    let mut failures = Vec::new();
    for r in &recorded {
        let bytes = serde_json::to_vec(&r.body).unwrap();
        let back = match iamport::round_trip_as(&r.schema, &bytes) {
            None => panic!("{} ({}): the spec has no schema {}", r.file, r.label, r.schema),
            Some(Err(e)) => {
                failures.push(format!("{} ({}): does not decode as {}: {e}", r.file, r.label, r.schema));
                continue;
            }
            Some(Ok(back)) => back,
        };
        let mut lost = Vec::new();
        losses(&r.body, &back, "", &r.ignored, &mut lost);
        failures.extend(lost.into_iter().map(|l| format!("{} ({}): {l}", r.file, r.label)));
    }
    assert!(failures.is_empty(), "values lost in a round trip through the generated types:\n{}", failures.join("\n"));
}

#[test]
fn each_group_named_in_the_issue_has_recorded_bodies() {
    let schemas: Vec<String> = recorded().into_iter().map(|r| r.schema).collect();
    for schema in ["PaymentEnvelope", "CertificationEnvelope", "CustomerEnvelope", "ScheduleEnvelope"] {
        assert!(schemas.iter().any(|s| s == schema), "no recorded body of {schema}");
    }
}

#[test]
fn a_dropped_field_is_found() {
    let body = serde_json::json!({ "code": 0, "message": null, "response": { "customer_uid": "c-1", "kept": null, "lost": 1 } });
    let back = serde_json::json!({ "code": 0, "response": { "customer_uid": "c-1", "inserted": 0 } });
    let mut lost = Vec::new();
    losses(&body, &back, "", &[], &mut lost);
    assert_eq!(lost, vec!["response.lost: 1 came back as null".to_owned()]);
    let mut none = Vec::new();
    losses(&body, &back, "", &["response.lost".to_owned()], &mut none);
    assert!(none.is_empty(), "{none:?}");
    let mut numbers = Vec::new();
    losses(&serde_json::json!({ "amount": 1000 }), &serde_json::json!({ "amount": 1000.0 }), "", &[], &mut numbers);
    assert!(numbers.is_empty(), "{numbers:?}");
}

/// The spec's own response examples: (where, schema, example).
fn spec_examples() -> Vec<(String, String, Value)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/iamport.yaml")).unwrap();
    let spec: Value = yaml_serde::from_str(&text).expect("the spec is YAML");
    let follow = |node: &Value| -> Value {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => spec.pointer(reference.trim_start_matches('#')).cloned().unwrap_or(Value::Null),
            None => node.clone(),
        }
    };
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(responses) = operation.get("responses").and_then(Value::as_object) else { continue };
            for (status, response) in responses {
                let media = &follow(response)["content"]["application/json"];
                let Some(schema) = media["schema"]["$ref"].as_str().and_then(|r| r.rsplit('/').next()) else {
                    continue;
                };
                let examples =
                    media["examples"].as_object().into_iter().flatten().map(|(_, e)| follow(e)["value"].clone());
                for example in media.get("example").cloned().into_iter().chain(examples) {
                    found.push((format!("{method} {path} {status}"), schema.to_owned(), example));
                }
            }
        }
    }
    found
}

#[test]
fn no_example_of_the_spec_loses_a_value_in_a_round_trip() {
    let examples = spec_examples();
    assert!(examples.len() >= 50, "only {} examples found", examples.len());
    let mut failures = Vec::new();
    for (place, schema, example) in &examples {
        match iamport::round_trip_as(schema, &serde_json::to_vec(example).unwrap()) {
            None => failures.push(format!("{place}: no type for {schema}")),
            Some(Err(e)) => failures.push(format!("{place}: does not decode as {schema}: {e}")),
            Some(Ok(back)) => {
                let mut lost = Vec::new();
                losses(example, &back, "", &[], &mut lost);
                failures.extend(lost.into_iter().map(|l| format!("{place}: {l}")));
            }
        }
    }
    assert!(failures.is_empty(), "spec examples losing values:\n{}", failures.join("\n"));
}
