//! Amounts in requests: the integer types amounts are held in are accepted,
//! a whole amount goes out as a JSON integer, and a negative amount, NaN or
//! an infinity is refused before anything is sent. Also: a required value
//! left unset names the request and the field.

mod support;

use iamport::{Amount, Error, types};
use support::*;
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

const ONETIME: &str = "/subscribe/payments/onetime";

async fn server_charging() -> MockServer {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(ONETIME))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(payment())))
        .mount(&server)
        .await;
    server
}

fn charge() -> types::builder::OnetimeRequest {
    types::OnetimeRequest::builder().merchant_uid("order-amount-1").card_number("1234-5678-9012-3456").expiry("2030-12")
}

/// The body of the one onetime request the server received, as text.
async fn sent_body(server: &MockServer) -> String {
    let requests = server.received_requests().await.unwrap_or_default();
    let charges: Vec<_> = requests.iter().filter(|r| r.url.path() == ONETIME).collect();
    assert_eq!(charges.len(), 1, "expected one charge on the wire");
    String::from_utf8(charges[0].body.clone()).unwrap()
}

#[tokio::test]
async fn integer_amounts_go_out_as_json_integers() {
    let server = server_charging().await;
    let price: u64 = 15_000;
    let vat: i64 = 1_364;
    client(&server).onetime().body(charge().amount(price).tax_free(0u32).vat_amount(vat)).send().await.unwrap();
    let body = sent_body(&server).await;
    for field in [r#""amount":15000"#, r#""tax_free":0"#, r#""vat_amount":1364"#] {
        assert!(body.contains(field), "{field} not in {body}");
    }
    assert!(!body.contains("15000.0"), "{body}");
}

#[tokio::test]
async fn a_whole_float_is_sent_as_an_integer_and_a_fraction_as_a_decimal() {
    let server = server_charging().await;
    client(&server).onetime().body(charge().amount(8_900.0).vat_amount(9.5)).send().await.unwrap();
    let body = sent_body(&server).await;
    assert!(body.contains(r#""amount":8900,"#) || body.contains(r#""amount":8900}"#), "{body}");
    assert!(body.contains(r#""vat_amount":9.5"#), "{body}");
}

#[tokio::test]
async fn negative_nan_and_infinite_amounts_are_refused_before_sending() {
    let server = server_charging().await;
    let client = client(&server);
    let bad_floats = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.5];
    let mut requests = bad_floats.iter().map(|&bad| charge().amount(bad)).collect::<Vec<_>>();
    requests.push(charge().amount(-1_000i64));
    requests.push(charge().amount(8_900u32).tax_free(-1));
    for request in requests {
        let error = client.onetime().body(request).send().await.unwrap_err();
        let Error::InvalidRequest { message } = &error else { panic!("expected InvalidRequest, got {error:?}") };
        assert!(message.contains("amount must be a finite number, 0 or more"), "{message}");
    }
    assert_eq!(hits(&server, ONETIME).await, 0, "a refused amount reached the server");
}

#[test]
fn integer_typed_amounts_refuse_negatives_too() {
    // The spec types a receipt's amount as an integer: it is a `u64`.
    let receipt = types::ExternalReceiptIssueRequest::builder().amount(-1).tax_free(0u64);
    let error = types::ExternalReceiptIssueRequest::try_from(receipt).unwrap_err().to_string();
    assert!(error.contains("amount"), "{error}");
}

#[test]
fn amount_accepts_what_amounts_are_held_in() {
    let from: [Amount; 6] = [
        15_000u64.into(),
        15_000u32.into(),
        Amount::try_from(15_000i64).unwrap(),
        Amount::try_from(15_000i32).unwrap(),
        Amount::try_from(15_000usize).unwrap(),
        Amount::try_from(15_000.0).unwrap(),
    ];
    assert!(from.iter().all(|a| a.as_whole() == Some(15_000)));
}

#[tokio::test]
async fn a_required_body_field_left_unset_names_the_request_and_the_field() {
    let server = server_charging().await;
    let without_expiry = types::OnetimeRequest::builder()
        .merchant_uid("order-amount-2")
        .amount(1_000)
        .card_number("1234-5678-9012-3456");
    let error = client(&server).onetime().body(without_expiry).send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: the body of `onetime()`: `OnetimeRequest` needs `expiry`, which was not set"
    );
    assert_eq!(hits(&server, ONETIME).await, 0);
}

#[tokio::test]
async fn a_path_parameter_left_unset_names_the_method_and_the_parameter() {
    let server = server().await;
    let error = client(&server).get_payment_by_imp_uid().send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: `get_payment_by_imp_uid()` needs `.imp_uid(..)`, which was not set"
    );
}
