//! Arbitrary bytes and arbitrary JSON decoded as every generated type (as
//! many as the spec has: `iamport::decode_as_every_type`) and given to every
//! webhook parser and to the parsers of what the browser brings back, and
//! envelopes whose fields are replaced by arbitrary JSON: never a panic.
//! Run with `--nocapture` to see how many cases ran.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use serde_json::{Value, json};

const CASES: u32 = 2000;

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
        prop_oneof![Just("paid"), Just("ready"), Just("0"), Just(""), Just("KRW"), Just("1700000000")]
            .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,16}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A field name of the payment fixture, or of the envelope around it.
fn payment_field() -> impl Strategy<Value = String> {
    let fields: Vec<String> = support::payment().as_object().unwrap().keys().cloned().collect();
    prop::sample::select(fields)
}

fn decode_everything(body: &[u8]) {
    // Accepting or refusing is fine; panicking is not.
    let _ = iamport::decode_as_every_type(body);
}

/// Every webhook parser, with every kind of `Content-Type`, and the
/// browser-report parsers.
fn parse_as_webhooks(body: &[u8]) {
    use iamport::webhook::{CvsConfirm, Notification};
    for content_type in [None, Some("application/json"), Some("application/x-www-form-urlencoded"), Some("text/html")] {
        let _ = Notification::parse(content_type, body);
    }
    let _ = Notification::from_form(body);
    let _ = CvsConfirm::from_json(body);
    let _ = iamport::checkout::BrowserReturn::from_json(body);
    let _ = iamport::checkout::BrowserReturn::from_query(&String::from_utf8_lossy(body));
}

/// Runs `check` on `CASES` values of `strategy` and prints the count.
fn run<S: Strategy>(name: &str, strategy: S, check: impl Fn(S::Value)) {
    let config = ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() };
    let ran = AtomicUsize::new(0);
    proptest::test_runner::TestRunner::new(config)
        .run(&strategy, |value| {
            ran.fetch_add(1, Ordering::Relaxed);
            check(value);
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{name}: {failure}"));
    println!("{name}: {} cases", ran.into_inner());
}

#[test]
fn arbitrary_bytes_never_panic() {
    run("arbitrary bytes", prop::collection::vec(any::<u8>(), 0..2048), |body| decode_everything(&body));
}

#[test]
fn arbitrary_json_never_panics() {
    run("arbitrary JSON", any_json(), |value| {
        decode_everything(&serde_json::to_vec(&value).unwrap());
        let envelope = json!({ "code": 0, "message": null, "response": value });
        decode_everything(&serde_json::to_vec(&envelope).unwrap());
    });
}

#[test]
fn a_payment_with_any_field_replaced_never_panics() {
    run("mutated payments", (payment_field(), any_json(), any::<i64>()), |(field, value, code)| {
        let mut payment = support::payment();
        payment[field.as_str()] = value.clone();
        let envelope = json!({ "code": code, "message": value, "response": payment });
        decode_everything(&serde_json::to_vec(&envelope).unwrap());
    });
}

#[test]
fn arbitrary_webhook_bodies_never_panic() {
    run("arbitrary webhook bytes", prop::collection::vec(any::<u8>(), 0..1024), |body| parse_as_webhooks(&body));
    run("arbitrary webhook JSON", any_json(), |value| parse_as_webhooks(&serde_json::to_vec(&value).unwrap()));
    let fields =
        prop::collection::vec(("(imp_uid|merchant_uid|status|cancellation_id|[a-z%=&]{1,8})", ".{0,24}"), 0..6);
    run("arbitrary webhook forms", fields, |pairs| {
        let form: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        parse_as_webhooks(form.join("&").as_bytes());
    });
    let confirm = (any_json(), any_json(), any_json()).prop_map(|(status, barcode, pay_type)| {
        serde_json::json!({ "event": "Galaxia.Cvs.Confirm", "imp_uid": "imp_1", "merchant_uid": "m",
                            "status": status, "extra": { "barcode": barcode, "payType": pay_type } })
    });
    run("CVS confirm with arbitrary fields", confirm, |value| parse_as_webhooks(&serde_json::to_vec(&value).unwrap()));
}

#[test]
fn known_good_bodies_still_decode() {
    let body = serde_json::to_vec(&support::envelope(support::payment())).unwrap();
    let accepted: Vec<&str> =
        iamport::decode_as_every_type(&body).into_iter().filter(|(_, ok)| *ok).map(|(name, _)| name).collect();
    assert!(accepted.contains(&"PaymentEnvelope"), "{accepted:?}");
}
