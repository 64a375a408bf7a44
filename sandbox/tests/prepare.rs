//! Registered amounts (payments.validation) against the sandbox, through
//! the client: register, read, change, and a charge that must match.

use iamport::{Client, Error, StatusCode, enums::PaymentStatus, types};
use iamport_sandbox::{CARD_APPROVED, Sandbox};

async fn start() -> (Sandbox, Client) {
    let sandbox = Sandbox::start().await.expect("sandbox starts");
    let client = sandbox.client().expect("client builds");
    (sandbox, client)
}

fn prepare_request(merchant_uid: &str, amount: f64) -> types::builder::PaymentPrepareRequest {
    types::PaymentPrepareRequest::builder().merchant_uid(merchant_uid).amount(amount)
}

async fn charge(client: &Client, merchant_uid: &str, amount: f64) -> iamport::Result<types::Payment> {
    let request = types::OnetimeRequest::builder()
        .merchant_uid(merchant_uid)
        .amount(amount)
        .card_number(CARD_APPROVED)
        .expiry("2099-12");
    client.onetime().body(request).send().await
}

#[tokio::test]
async fn a_registered_amount_is_read_back_and_changed() {
    let (_sandbox, client) = start().await;

    let prepared = client.prepare_payment().body(prepare_request("order-p1", 8900.0)).send().await.unwrap();
    assert_eq!(prepared.merchant_uid.as_deref(), Some("order-p1"));
    assert_eq!(prepared.amount, Some(8900.0));
    assert_eq!(prepared.currency, None);

    let read = client.get_payment_prepare_by_merchant_uid().merchant_uid("order-p1").send().await.unwrap();
    assert_eq!(
        (read.merchant_uid, read.amount, read.currency),
        (prepared.merchant_uid, prepared.amount, prepared.currency)
    );

    let twice = client.prepare_payment().body(prepare_request("order-p1", 100.0)).send().await.unwrap_err();
    assert!(matches!(twice, Error::Api { status: StatusCode::OK, code: 1, .. }), "{twice:?}");

    let edited = client
        .edit_prepare_payment()
        .body(prepare_request("order-p1", 12000.0).currency("KRW".to_owned()))
        .send()
        .await
        .unwrap();
    assert_eq!((edited.amount, edited.currency.as_deref()), (Some(12000.0), Some("KRW")));
    let read = client.get_payment_prepare_by_merchant_uid().merchant_uid("order-p1").send().await.unwrap();
    assert_eq!(read.amount, Some(12000.0));
}

#[tokio::test]
async fn unknown_merchant_uids_are_404() {
    let (_sandbox, client) = start().await;

    let missing = client.get_payment_prepare_by_merchant_uid().merchant_uid("order-none").send().await.unwrap_err();
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND), "{missing:?}");
    let edit = client.edit_prepare_payment().body(prepare_request("order-none", 1.0)).send().await.unwrap_err();
    assert_eq!(edit.status(), Some(StatusCode::NOT_FOUND), "{edit:?}");
}

#[tokio::test]
async fn a_charge_must_have_the_registered_amount() {
    let (_sandbox, client) = start().await;
    client.prepare_payment().body(prepare_request("order-p2", 5000.0)).send().await.unwrap();

    let tampered = charge(&client, "order-p2", 100.0).await.unwrap_err();
    assert!(matches!(tampered, Error::Api { status: StatusCode::OK, code: 1, .. }), "{tampered:?}");
    assert!(tampered.message().unwrap_or_default().contains("일치하지 않습니다"), "{tampered:?}");
    assert!(client.find_payment("order-p2").await.unwrap().is_none(), "no payment is created");

    let paid = charge(&client, "order-p2", 5000.0).await.unwrap();
    assert_eq!(paid.status, PaymentStatus::Paid);
    // A merchant_uid that was never prepared is not checked.
    assert_eq!(charge(&client, "order-free", 1.0).await.unwrap().status, PaymentStatus::Paid);
}

#[tokio::test]
async fn a_registered_currency_is_checked_too() {
    let (_sandbox, client) = start().await;
    client.prepare_payment().body(prepare_request("order-usd", 10.0).currency("USD".to_owned())).send().await.unwrap();
    let krw = charge(&client, "order-usd", 10.0).await.unwrap_err();
    assert!(matches!(krw, Error::Api { status: StatusCode::OK, code: 1, .. }), "{krw:?}");
}

#[tokio::test]
async fn a_negative_amount_is_a_400_naming_the_field() {
    let (sandbox, client) = start().await;
    let err = client.prepare_payment().body(prepare_request("order-neg", -1.0)).send().await.unwrap_err();
    // The client may refuse it before sending; either way the field is named.
    assert!(err.to_string().contains("amount") || err.message().is_some_and(|m| m.contains("amount")), "{err:?}");

    let (key, secret) = sandbox.credentials();
    let login = types::GetTokenRequest { imp_key: key.to_owned(), imp_secret: secret.parse().unwrap() };
    let token = client.get_token().body(login).send().await.unwrap().access_token;
    let raw = reqwest::Client::new()
        .put(format!("{}/payments/prepare", sandbox.base_url()))
        .bearer_auth(token.expose_secret())
        .json(&serde_json::json!({ "merchant_uid": "order-neg", "amount": -1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = raw.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("`amount`"), "{body}");
}
