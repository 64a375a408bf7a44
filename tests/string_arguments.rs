//! Builders take the strings people hold: `&str`, `String` or `&String`,
//! for path parameters (per-operation newtypes in the generated code) and
//! for the string fields of request bodies alike.

mod support;

use iamport::{Error, types};
use support::*;
use wiremock::{
    Mock, ResponseTemplate,
    matchers::{body_partial_json, method, path},
};

#[tokio::test]
async fn path_parameters_take_str_string_and_a_reference_to_a_string() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_123412341234"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(payment())))
        .mount(&server)
        .await;
    let client = client(&server);

    let payment = client.get_payment_by_imp_uid().imp_uid("imp_123412341234").send().await.unwrap();
    let imp_uid: &String = &payment.imp_uid;
    client.get_payment_by_imp_uid().imp_uid(imp_uid).send().await.unwrap();
    client.get_payment_by_imp_uid().imp_uid(payment.imp_uid.clone()).send().await.unwrap();
    assert_eq!(hits(&server, "/payments/imp_123412341234").await, 3);

    // The newtype's rule (not empty) still applies, whatever the string came in.
    let empty = String::new();
    let err = client.get_payment_by_imp_uid().imp_uid(&empty).send().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest { message } if message.contains("imp_uid")), "{err:?}");
    assert_eq!(hits(&server, "/payments/imp_123412341234").await, 3, "nothing sent");
}

#[tokio::test]
async fn body_fields_take_a_reference_to_a_string() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .and(body_partial_json(serde_json::json!({ "imp_uid": "imp_123412341234", "merchant_uid": "order-0001" })))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(payment())))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let (imp_uid, merchant_uid) = ("imp_123412341234".to_owned(), "order-0001".to_owned());
    client
        .cancel_payment()
        .body(types::CancelRequest::builder().imp_uid(&imp_uid).merchant_uid(&merchant_uid).reason(&merchant_uid))
        .send()
        .await
        .unwrap();
}
