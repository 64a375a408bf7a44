//! Every answer carries every key of its response schema, as the live API
//! writes every field (with `null` for what does not apply): a test written
//! against the sandbox reads `payment["vbank_num"]` as it would from the
//! API. The schemas are read from `spec/iamport.yaml` here, independently
//! of the sandbox's own reading.

mod support;

use iamport::StatusCode;
use iamport_sandbox::{CARD_APPROVED, TEST_OTP};
use serde_json::{Value, json};
use support::{Raw, T0, start};

const DAY: i64 = 86_400;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/iamport.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    yaml_serde::from_str(&text).expect("the spec is YAML")
}

/// `schema`, or what its `$ref`s point to (bounded).
fn resolve<'a>(spec: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => schema = spec.pointer(r.trim_start_matches('#')).expect("a $ref that resolves"),
            None => break,
        }
    }
    schema
}

/// The schema of the answer of `method path` (the spec's template) with `status`.
fn response_schema<'a>(spec: &'a Value, method: &str, template: &str, status: StatusCode) -> &'a Value {
    let operation = &spec["paths"][template][method.to_ascii_lowercase()];
    let response = resolve(spec, &operation["responses"][status.as_str()]);
    &response["content"]["application/json"]["schema"]
}

/// The keys the schema lists that `value` lacks, by their path
/// (`response.cancel_history[0].reason`), in nested objects and list items.
fn missing_keys(spec: &Value, value: &Value, schema: &Value, at: &str, missing: &mut Vec<String>, depth: usize) {
    assert!(depth < 40, "schemas nest too deep at {at}");
    let schema = resolve(spec, schema);
    for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        missing_keys(spec, value, part, at, missing, depth + 1);
    }
    let branches = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array);
    let branches: Vec<&Value> = branches.into_iter().flatten().map(|b| resolve(spec, b)).collect();
    match value {
        Value::Object(fields) => {
            // The object branch that names most of the answer's keys.
            let branch = branches
                .iter()
                .filter(|b| b.get("properties").is_some())
                .max_by_key(|b| fields.keys().filter(|k| b["properties"].get(k.as_str()).is_some()).count());
            if let Some(branch) = branch {
                missing_keys(spec, value, branch, at, missing, depth + 1);
            }
            for (name, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
                match fields.get(name) {
                    Some(field) => missing_keys(spec, field, property, &format!("{at}.{name}"), missing, depth + 1),
                    None => missing.push(format!("{at}.{name}")),
                }
            }
        }
        Value::Array(items) => {
            let items_schema = schema.get("items").or_else(|| branches.iter().find_map(|b| b.get("items")));
            if let Some(items_schema) = items_schema {
                for (i, item) in items.iter().enumerate() {
                    missing_keys(spec, item, items_schema, &format!("{at}[{i}]"), missing, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// Calls `method path` and records, under the operation's template, what
/// its answer lacks; returns the answer's `response`.
struct Check {
    spec: Value,
    raw: Raw,
    failures: Vec<String>,
    checked: Vec<&'static str>,
}

impl Check {
    async fn call(&mut self, method: &str, template: &'static str, path: &str, body: Option<Value>) -> Value {
        let answer = self.raw.call(method, path, body).await;
        assert!(
            answer.status == StatusCode::OK && answer.body["code"] == 0,
            "{method} {path}: {} {}",
            answer.status,
            answer.body["message"]
        );
        assert!(answer.body["response"].is_object() || answer.body["response"].is_array(), "{path}");
        let schema = response_schema(&self.spec, method, template, answer.status);
        assert!(schema.is_object(), "{method} {template} has a response schema");
        let mut missing = Vec::new();
        missing_keys(&self.spec, &answer.body, schema, "", &mut missing, 0);
        if !missing.is_empty() {
            self.failures.push(format!("{method} {template}: {}", missing.join(", ")));
        }
        self.checked.push(template);
        answer.body["response"].clone()
    }
}

#[test]
fn the_checker_finds_a_missing_key() {
    let spec = spec();
    let schema = response_schema(&spec, "GET", "/payments/{imp_uid}", StatusCode::OK);
    let body = json!({ "code": 0, "message": null, "response": {
        "imp_uid": "imp_1", "merchant_uid": "o1", "amount": 1000, "cancel_amount": 0, "currency": "KRW",
        "status": "cancelled", "cancel_history": [{ "amount": 1000 }]
    }});
    let mut missing = Vec::new();
    missing_keys(&spec, &body, schema, "", &mut missing, 0);
    for key in [".response.vbank_num", ".response.buyer_email", ".response.cancel_history[0].reason"] {
        assert!(missing.iter().any(|m| m == key), "{key} in {missing:?}");
    }
    assert!(!missing.iter().any(|m| m == ".response.imp_uid"), "{missing:?}");
}

#[tokio::test]
async fn every_answer_has_every_key_of_its_schema() {
    let (sandbox, _client) = start().await;
    let raw = Raw::new(&sandbox).await;
    let mut check = Check { spec: spec(), raw, failures: Vec::new(), checked: Vec::new() };

    // A one-time charge, looked up, partly cancelled, listed.
    let onetime =
        json!({ "merchant_uid": "shape-1", "amount": 1000, "card_number": CARD_APPROVED, "expiry": "2099-12" });
    let paid = check.call("POST", "/subscribe/payments/onetime", "/subscribe/payments/onetime", Some(onetime)).await;
    let imp_uid = paid["imp_uid"].as_str().expect("an imp_uid").to_owned();
    // The API's vocabulary, and its nulls, in the payment as it came.
    assert_eq!(paid["pg_provider"], "nice");
    assert_eq!((&paid["card_code"], &paid["card_name"]), (&json!("366"), &json!("신한카드")));
    assert_eq!((&paid["channel"], &paid["user_agent"]), (&json!("api"), &json!("sorry_not_supported_anymore")));
    assert_eq!((&paid["vbank_num"], &paid["buyer_email"]), (&Value::Null, &Value::Null));
    assert!(paid.as_object().expect("an object").len() >= 47, "{paid}");
    check.call("GET", "/payments/{imp_uid}", &format!("/payments/{imp_uid}"), None).await;
    let cancel = json!({ "imp_uid": imp_uid, "amount": 400, "reason": "partial" });
    check.call("POST", "/payments/cancel", "/payments/cancel", Some(cancel)).await;
    check.call("GET", "/payments/find/{merchant_uid}", "/payments/find/shape-1", None).await;
    check.call("GET", "/payments", &format!("/payments?imp_uid[]={imp_uid}"), None).await;
    check.call("GET", "/payments/status/{payment_status}", "/payments/status/all", None).await;
    check.call("GET", "/payments/findAll/{merchant_uid}", "/payments/findAll/shape-1", None).await;

    // A virtual account and a convenience-store barcode.
    let vbank = json!({ "channel_key": "channel-key-sandbox", "merchant_uid": "shape-vbank", "amount": 32000,
        "vbank_code": "004", "vbank_due": T0 + DAY, "vbank_holder": "홍길동상점" });
    check.call("POST", "/vbanks", "/vbanks", Some(vbank)).await;
    let cvs = json!({ "merchant_uid": "shape-cvs", "amount": 5000, "channel_key": "channel-key-sandbox" });
    check.call("POST", "/cvs", "/cvs", Some(cvs)).await;

    // A billing key, charged, its payments, schedules on it.
    let customer = json!({ "channel_key": "channel-key-sandbox", "card_number": CARD_APPROVED, "expiry": "2099-12" });
    check.call("POST", "/subscribe/customers/{customer_uid}", "/subscribe/customers/shape-c", Some(customer)).await;
    check.call("GET", "/subscribe/customers/{customer_uid}", "/subscribe/customers/shape-c", None).await;
    let again = json!({ "customer_uid": "shape-c", "merchant_uid": "shape-again", "amount": 9900, "name": "정기결제" });
    check.call("POST", "/subscribe/payments/again", "/subscribe/payments/again", Some(again)).await;
    let template = "/subscribe/customers/{customer_uid}/payments";
    check.call("GET", template, "/subscribe/customers/shape-c/payments", None).await;
    let schedule = json!({ "customer_uid": "shape-c",
        "schedules": [{ "merchant_uid": "shape-s1", "schedule_at": T0 + DAY, "amount": 8900, "name": "월간 이용권" }] });
    check.call("POST", "/subscribe/payments/schedule", "/subscribe/payments/schedule", Some(schedule)).await;
    let template = "/subscribe/payments/schedule/{merchant_uid}";
    check.call("GET", template, "/subscribe/payments/schedule/shape-s1", None).await;
    let range = format!("/subscribe/payments/schedule?schedule_from={T0}&schedule_to={}", T0 + 2 * DAY);
    check.call("GET", "/subscribe/payments/schedule", &range, None).await;
    let by_customer = format!("/subscribe/payments/schedule/customers/shape-c?from={T0}&to={}", T0 + 2 * DAY);
    check.call("GET", "/subscribe/payments/schedule/customers/{customer_uid}", &by_customer, None).await;

    // An identity verification by one-time code.
    let otp = json!({ "name": "홍길동", "phone": "01012345678", "birth": "900101", "gender_digit": "1",
        "carrier": "SKT", "channel_key": "channel-key-sandbox", "merchant_uid": "shape-cert" });
    let requested = check.call("POST", "/certifications/otp/request", "/certifications/otp/request", Some(otp)).await;
    let cert = requested["imp_uid"].as_str().expect("an imp_uid").to_owned();
    let template = "/certifications/otp/confirm/{imp_uid}";
    check
        .call("POST", template, &format!("/certifications/otp/confirm/{cert}"), Some(json!({ "otp": TEST_OTP })))
        .await;
    check.call("GET", "/certifications/{imp_uid}", &format!("/certifications/{cert}"), None).await;

    assert!(check.failures.is_empty(), "answers lack keys of their schemas:\n{}", check.failures.join("\n"));
    assert_eq!(check.checked.len(), 20, "{:?}", check.checked);
}
