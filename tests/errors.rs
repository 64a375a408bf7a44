//! How failures reach the caller: business failures at HTTP 200, error
//! envelopes, proxies answering HTML, lenient decoding, declined charges and
//! calls whose outcome is unknown.

mod support;

use iamport::{
    DecodeErrorKind, Error, StatusCode,
    enums::{Currency, PaymentChannel, PaymentStatus},
    types,
};
use serde_json::json;
use support::*;
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

async fn answer(server: &MockServer, verb: &str, p: &str, response: ResponseTemplate) {
    Mock::given(method(verb)).and(path(p)).respond_with(response).mount(server).await;
}

async fn lookup(server: &MockServer) -> iamport::Result<types::Payment> {
    client(server).get_payment_by_imp_uid().imp_uid("imp_123412341234").send().await
}

fn onetime_body() -> types::builder::OnetimeRequest {
    types::OnetimeRequest::builder()
        .merchant_uid("order-0001")
        .amount(8900.0)
        .card_number("9410-1234-5678-4242")
        .expiry("2030-12")
}

#[tokio::test]
async fn a_nonzero_code_at_http_200_is_an_error() {
    let server = server().await;
    answer(
        &server,
        "POST",
        "/payments/cancel",
        ResponseTemplate::new(200).set_body_json(refusal(1, "취소할 결제건이 존재하지 않습니다.")),
    )
    .await;
    let err = client(&server)
        .cancel_payment()
        .body(types::CancelRequest::builder().merchant_uid("order-0001"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::OK, code: 1, .. }), "{err:?}");
    assert_eq!(err.message(), Some("취소할 결제건이 존재하지 않습니다."));
    assert!(!err.is_outcome_unknown(), "the API answered: nothing happened");
}

#[tokio::test]
async fn a_404_envelope_keeps_status_code_and_message() {
    let server = server().await;
    answer(
        &server,
        "GET",
        "/payments/imp_123412341234",
        ResponseTemplate::new(404).set_body_json(refusal(-1, "존재하지 않는 결제정보입니다.")),
    )
    .await;
    let err = lookup(&server).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::NOT_FOUND, code: -1, .. }), "{err:?}");
    assert!(err.to_string().contains("존재하지 않는 결제정보입니다."), "{err}");
}

#[tokio::test]
async fn an_html_502_from_a_proxy_is_a_decode_error_with_its_status() {
    let server = server().await;
    answer(
        &server,
        "GET",
        "/payments/imp_123412341234",
        ResponseTemplate::new(502).set_body_raw("<html><body>502 Bad Gateway</body></html>", "text/html"),
    )
    .await;
    let err = lookup(&server).await.unwrap_err();
    let Error::Decode { status, source } = &err else { panic!("{err:?}") };
    assert_eq!(*status, Some(StatusCode::BAD_GATEWAY));
    assert_eq!(source.kind(), DecodeErrorKind::NotJson);
    assert!(!err.to_string().contains("<html>"), "bodies are never printed: {err}");
}

#[tokio::test]
async fn a_500_envelope_is_an_api_error() {
    let server = server().await;
    answer(
        &server,
        "GET",
        "/payments/imp_123412341234",
        ResponseTemplate::new(500).set_body_json(refusal(-1, "internal error")),
    )
    .await;
    let err = lookup(&server).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::INTERNAL_SERVER_ERROR, code: -1, .. }), "{err:?}");
}

#[tokio::test]
async fn a_non_json_404_keeps_its_status() {
    let server = server().await;
    answer(
        &server,
        "GET",
        "/payments/imp_123412341234",
        ResponseTemplate::new(404).set_body_raw("Not Found", "text/plain"),
    )
    .await;
    let err = lookup(&server).await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: Some(StatusCode::NOT_FOUND), .. }), "{err:?}");
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error() {
    let server = server().await;
    let body = serde_json::to_string(&envelope(payment())).unwrap();
    answer(
        &server,
        "GET",
        "/payments/imp_123412341234",
        ResponseTemplate::new(200).set_body_raw(&body[..body.len() / 2], "application/json"),
    )
    .await;
    let err = lookup(&server).await.unwrap_err();
    let Error::Decode { status, source } = &err else { panic!("{err:?}") };
    assert_eq!(*status, Some(StatusCode::OK));
    assert_eq!(source.kind(), DecodeErrorKind::Truncated);
}

#[tokio::test]
async fn code_zero_without_a_response_is_a_decode_error() {
    let server = server().await;
    answer(
        &server,
        "GET",
        "/payments/imp_123412341234",
        ResponseTemplate::new(200).set_body_json(envelope(json!(null))),
    )
    .await;
    let err = lookup(&server).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { source, .. } if source.kind() == DecodeErrorKind::MissingResponse),
        "{err:?}"
    );
}

#[tokio::test]
async fn unknown_enum_values_decode() {
    let server = server().await;
    answer(
        &server,
        "GET",
        "/payments/imp_123412341234",
        ResponseTemplate::new(200).set_body_json(envelope(payment_with(json!({
            "status": "partial_cancelled", "currency": "VND", "channel": "kiosk",
            "card_type": 9, "customer_uid_usage": "payment.recurring",
        })))),
    )
    .await;
    let p = lookup(&server).await.unwrap();
    assert_eq!(p.status, PaymentStatus::Unknown("partial_cancelled".into()));
    assert_eq!(p.currency, Currency::Unknown("VND".into()));
    assert_eq!(p.channel, Some(PaymentChannel::Unknown("kiosk".into())));
    assert_eq!(p.card_type, Some(iamport::enums::CardType::Unknown(9)));
}

#[tokio::test]
async fn nulls_everywhere_decode() {
    let server = server().await;
    let mut minimal = payment();
    for (key, value) in minimal.as_object_mut().unwrap() {
        if !matches!(key.as_str(), "imp_uid" | "merchant_uid" | "amount" | "cancel_amount" | "currency" | "status") {
            *value = serde_json::Value::Null;
        }
    }
    answer(&server, "GET", "/payments/imp_123412341234", ResponseTemplate::new(200).set_body_json(envelope(minimal)))
        .await;
    let p = lookup(&server).await.unwrap();
    assert_eq!(p.paid_at.unix(), None);
    assert!(p.buyer_name.is_none() && p.card_type.is_none() && p.cancel_history.is_none());

    // Absent fields decode the same way.
    let sparse = json!({ "imp_uid": "imp_1", "merchant_uid": "m", "amount": 1.5, "cancel_amount": 0,
                         "currency": "USD", "status": "ready" });
    server.reset().await;
    mount_token(&server, TOKEN, 1800).await;
    answer(&server, "GET", "/payments/imp_123412341234", ResponseTemplate::new(200).set_body_json(envelope(sparse)))
        .await;
    let p = lookup(&server).await.unwrap();
    assert_eq!(p.amount, 1.5);
}

#[tokio::test]
async fn a_declined_onetime_charge_is_an_error_carrying_the_payment() {
    let server = server().await;
    answer(
        &server,
        "POST",
        "/subscribe/payments/onetime",
        ResponseTemplate::new(200).set_body_json(envelope(payment_with(json!({
            "status": "failed", "fail_reason": "[F113] 잔액이 부족합니다.", "paid_at": 0, "failed_at": 1_700_000_001,
        })))),
    )
    .await;
    let err = client(&server).onetime().body(onetime_body()).send().await.unwrap_err();
    let Error::Declined { payment } = &err else { panic!("{err:?}") };
    assert_eq!(payment.fail_reason.as_deref(), Some("[F113] 잔액이 부족합니다."));
    assert_eq!(err.declined_payment().unwrap().imp_uid, "imp_123412341234");
    assert!(err.to_string().contains("잔액이 부족합니다"), "{err}");
}

#[tokio::test]
async fn a_failed_card_authentication_is_an_api_error() {
    let server = server().await;
    answer(
        &server,
        "POST",
        "/subscribe/payments/onetime",
        ResponseTemplate::new(200).set_body_json(refusal(-1, "카드정보 인증에 실패하였습니다.")),
    )
    .await;
    let err = client(&server).onetime().body(onetime_body()).send().await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::OK, code: -1, .. }), "{err:?}");
}

#[tokio::test]
async fn a_charge_answered_by_a_proxy_502_has_an_unknown_outcome() {
    let server = server().await;
    answer(
        &server,
        "POST",
        "/subscribe/payments/onetime",
        ResponseTemplate::new(502).set_body_raw("<html>bad gateway</html>", "text/html"),
    )
    .await;
    let err = client(&server).onetime().body(onetime_body()).send().await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(err.outcome_key("merchant_uid"), Some("order-0001"));
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(hits(&server, "/subscribe/payments/onetime").await, 1, "a charge is never re-sent");
    // The cause is the error's source, printed once by a chain report.
    let cause = std::error::Error::source(&err).expect("the cause is kept");
    assert!(cause.to_string().starts_with("could not decode the answer (HTTP 502"), "{cause}");
    assert!(!err.to_string().contains(&cause.to_string()), "{err}");

    // One call tells what happened: here the charge did go through.
    answer(&server, "GET", "/payments/find/order-0001", ResponseTemplate::new(200).set_body_json(envelope(payment())))
        .await;
    let found = client(&server).resolve_outcome(&err).await.unwrap().expect("the payment exists");
    assert_eq!(found.status, PaymentStatus::Paid);
}

#[tokio::test]
async fn resolving_an_outcome_that_never_happened_finds_nothing() {
    let server = server().await;
    answer(&server, "POST", "/cvs", ResponseTemplate::new(503).set_body_raw("", "text/plain")).await;
    answer(
        &server,
        "GET",
        "/payments/find/order-cvs-9",
        ResponseTemplate::new(404).set_body_json(refusal(-1, "존재하지 않는 결제정보입니다.")),
    )
    .await;
    let client = client(&server);
    let err = client
        .issue_cvs_payment()
        .body(types::CvsIssueRequest::builder().merchant_uid("order-cvs-9").amount(1000.0).channel_key("ck"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(client.resolve_outcome(&err).await.unwrap().map(|p| p.imp_uid), None);
}

#[tokio::test]
async fn a_value_too_long_is_refused_before_sending() {
    let server = server().await;
    let err = client(&server).onetime().body(onetime_body().merchant_uid("x".repeat(41))).send().await.unwrap_err();
    let Error::InvalidRequest { message } = &err else { panic!("{err:?}") };
    assert!(message.contains("merchant_uid"), "{message}");
    assert_eq!(hits(&server, "/subscribe/payments/onetime").await, 0);
}

#[tokio::test]
async fn a_malformed_card_number_is_refused_without_echoing_it() {
    let server = server().await;
    let err =
        client(&server).onetime().body(onetime_body().card_number("9410 1234 5678 4242")).send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("9410"), "{err:?}");
    assert_eq!(hits(&server, "/subscribe/payments/onetime").await, 0);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // Bind and drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = iamport::Client::builder(KEY, SECRET).base_url(format!("http://127.0.0.1:{port}")).build().unwrap();
    let err = client.get_payment_by_imp_uid().imp_uid("imp_1").send().await.unwrap_err();
    let Error::Authentication(cause) = &err else { panic!("{err:?}") };
    assert!(matches!(**cause, Error::Transport { .. }), "{cause:?}");
}

#[tokio::test]
async fn a_501_not_supported_is_a_plain_refusal_even_for_a_charge() {
    let server = server().await;
    answer(
        &server,
        "POST",
        "/subscribe/payments/onetime",
        ResponseTemplate::new(501).set_body_json(refusal(-1, "지원하지 않는 PG사입니다.")),
    )
    .await;
    let err = client(&server).onetime().body(onetime_body()).send().await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::NOT_IMPLEMENTED, .. }), "{err:?}");
    assert_eq!(hits(&server, "/subscribe/payments/onetime").await, 1);
}
