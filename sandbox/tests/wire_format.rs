//! What goes over the wire: amounts as the API writes them, and 400s that
//! name the field at fault.

mod support;

use iamport::StatusCode;
use iamport_sandbox::CARD_APPROVED;
use serde_json::json;
use support::{Raw, card_payment, start};

#[tokio::test]
async fn krw_amounts_are_json_integers() {
    let (sandbox, client) = start().await;
    let payment = card_payment(&client, "wire-1", 1000.0).await;

    let raw = Raw::new(&sandbox).await;
    let answer = raw.call("GET", &format!("/payments/{}", payment.imp_uid), None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.text.contains(r#""amount":1000,"#), "{}", answer.text);
    assert!(answer.text.contains(r#""cancel_amount":0,"#), "{}", answer.text);
    assert!(!answer.text.contains("1000.0"), "{}", answer.text);
}

#[tokio::test]
async fn text_goes_out_escaped_as_the_api_writes_it() {
    let (sandbox, client) = start().await;
    let request = iamport::types::OnetimeRequest::builder()
        .merchant_uid("wire-escape")
        .amount(1000.0)
        .card_number(CARD_APPROVED)
        .expiry("2099-12")
        .name("월간 이용권 1/12");
    let payment = client.onetime().body(request).send().await.unwrap();
    assert_eq!(payment.name.as_deref(), Some("월간 이용권 1/12"), "the client reads the escapes back");

    let raw = Raw::new(&sandbox).await;
    let answer = raw.call("GET", &format!("/payments/{}", payment.imp_uid), None).await;
    let name = r#""name":"\uc6d4\uac04 \uc774\uc6a9\uad8c 1\/12""#;
    assert!(answer.text.contains(name), "{}", answer.text);
    assert!(answer.text.is_ascii(), "non-ASCII text is escaped: {}", answer.text);
}

#[tokio::test]
async fn a_400_names_the_malformed_field_not_the_last_one() {
    let (sandbox, _client) = start().await;
    let raw = Raw::new(&sandbox).await;
    let body = json!({ "merchant_uid": 42, "amount": 1000, "card_number": CARD_APPROVED, "expiry": "2099-12" });
    let answer = raw.call("POST", "/subscribe/payments/onetime", Some(body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let message = answer.body["message"].as_str().expect("a message");
    assert!(message.contains("`merchant_uid`"), "{message}");
    assert!(!message.contains("expiry"), "{message}");

    let body =
        json!({ "merchant_uid": "wire-2", "amount": 1000, "card_number": "4242-4242-4242-424x", "expiry": "2099-12" });
    let answer = raw.call("POST", "/subscribe/payments/onetime", Some(body)).await;
    let message = answer.body["message"].as_str().expect("a message");
    assert!(message.contains("`card_number`") && !message.contains("4242"), "{message}");
}

#[tokio::test]
async fn a_fraction_of_a_won_is_refused_and_other_currencies_keep_theirs() {
    let (sandbox, client) = start().await;
    let payment = card_payment(&client, "wire-3", 1000.0).await;
    let raw = Raw::new(&sandbox).await;

    let cancel = json!({ "imp_uid": payment.imp_uid, "amount": 100.5 });
    let answer = raw.call("POST", "/payments/cancel", Some(cancel)).await;
    assert_eq!((answer.status, answer.body["code"].as_i64()), (StatusCode::OK, Some(1)), "{}", answer.text);
    assert!(answer.body["message"].as_str().is_some_and(|m| m.contains("amount")), "{}", answer.text);
    let after = raw.call("GET", &format!("/payments/{}", payment.imp_uid), None).await;
    assert!(after.text.contains(r#""cancel_amount":0,"#), "nothing was cancelled: {}", after.text);

    let charge = |merchant_uid: &str, amount: f64, currency: &str| {
        json!({ "merchant_uid": merchant_uid, "amount": amount, "currency": currency,
                "card_number": CARD_APPROVED, "expiry": "2099-12" })
    };
    let answer = raw.call("POST", "/subscribe/payments/onetime", Some(charge("wire-4", 8900.5, "KRW"))).await;
    assert_eq!(answer.body["code"].as_i64(), Some(1), "{}", answer.text);
    let answer = raw.call("POST", "/subscribe/payments/onetime", Some(charge("wire-5", 12.5, "USD"))).await;
    assert_eq!(answer.body["code"].as_i64(), Some(0), "{}", answer.text);
    assert_eq!(answer.body["response"]["amount"].as_f64(), Some(12.5), "{}", answer.text);

    let schedule = json!({ "customer_uid": "wire-key", "schedules": [
        { "merchant_uid": "wire-6", "schedule_at": 4_000_000_000_i64, "amount": 990.5, "name": "정기 결제" }] });
    let answer = raw.call("POST", "/subscribe/payments/schedule", Some(schedule)).await;
    assert_eq!(answer.body["code"].as_i64(), Some(1), "{}", answer.text);
    assert!(answer.body["message"].as_str().is_some_and(|m| m.contains("schedules[0].amount")), "{}", answer.text);
}
