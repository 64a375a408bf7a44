//! A value refused before anything is sent (a path or query parameter, a
//! body field) names the operation, the parameter and the rule it broke.
//! The client points at a port nobody listens on: a refusal never gets
//! as far as a connection.

use iamport::{Client, Error, types};

fn client() -> Client {
    // Bind and drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    Client::builder("key", "secret").base_url(format!("http://127.0.0.1:{port}")).build().unwrap()
}

fn message(error: Error) -> String {
    match error {
        Error::InvalidRequest { .. } => error.to_string(),
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
}

#[tokio::test]
async fn a_path_parameter_names_the_operation_the_parameter_and_the_rule() {
    let client = client();
    let err = client.get_tier().tier_code("ABCD").send().await.unwrap_err();
    assert_eq!(message(err), "invalid request: `get_tier()`: `.tier_code(..)` was refused: longer than 3 characters");
    let err = client.get_tier().tier_code("AB").send().await.unwrap_err();
    assert_eq!(message(err), "invalid request: `get_tier()`: `.tier_code(..)` was refused: shorter than 3 characters");
}

#[tokio::test]
async fn a_query_parameter_lists_the_values_it_takes() {
    let err = client()
        .find_schedules_by_range()
        .schedule_from(1_700_000_000)
        .schedule_to(1_700_086_400)
        .sorting("sideways")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        message(err),
        "invalid request: `find_schedules_by_range()`: `.sorting(..)` was refused: not one of `scheduled`"
    );
}

#[tokio::test]
async fn a_body_field_names_the_operation_the_field_and_the_rule() {
    let body = types::OnetimeRequest::builder()
        .merchant_uid("x".repeat(41))
        .amount(1_000)
        .card_number("1234-5678-9012-3456")
        .expiry("2030-12");
    let err = client().onetime().body(body).send().await.unwrap_err();
    let text = message(err);
    assert!(text.contains("`onetime()`") && text.contains("merchant_uid"), "{text}");
    assert!(text.ends_with("longer than 40 characters"), "{text}");
}

#[tokio::test]
async fn a_body_enum_lists_the_values_it_takes() {
    let body = types::AgainRequest::builder()
        .customer_uid("customer-1")
        .merchant_uid("order-1")
        .amount(1_000)
        .name("plan")
        .cash_receipt_type("somebody");
    let err = client().again().body(body).send().await.unwrap_err();
    let text = message(err);
    assert!(text.contains("`again()`") && text.contains("cash_receipt_type"), "{text}");
    assert!(text.ends_with("not one of `person`, `company`, `anonymous`"), "{text}");
}

#[tokio::test]
async fn a_number_out_of_its_range_says_the_range() {
    let err = client()
        .find_schedules_by_range()
        .schedule_from(1_700_000_000)
        .schedule_to(1_700_086_400)
        .page(0u32)
        .send()
        .await
        .unwrap_err();
    let text = message(err);
    assert!(
        text.starts_with("invalid request: `find_schedules_by_range()`: `.page(..)` was refused: must be 1 or more"),
        "{text}"
    );
    let err = client().find_schedules_by_range().schedule_from(u64::MAX).schedule_to(0).send().await.unwrap_err();
    let text = message(err);
    assert!(text.contains("`.schedule_from(..)` was refused: out of the range of i64"), "{text}");
}
