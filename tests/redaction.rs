//! Card data, the API secret and access tokens never appear in Debug,
//! Display, errors or tracing output, on success or on any error path.

mod support;

use iamport::{Client, secret::CardNumber, types};
use serde_json::json;
use support::*;
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

const CARD: &str = "9410-6123-4567-8901";
const EXPIRY: &str = "2031-07";
const BIRTH: &str = "880715";
const PWD: &str = "47";
const CVC: &str = "913";

/// Everything secret in these tests, and distinctive pieces of it.
fn secrets() -> Vec<&'static str> {
    vec![CARD, "9410-6123", "6123-4567", EXPIRY, BIRTH, SECRET, TOKEN, "\"47\"", "\"913\""]
}

fn assert_clean(what: &str, printed: &str) {
    for secret in secrets() {
        assert!(!printed.contains(secret), "{what} leaks {secret:?}: {printed}");
    }
}

fn request() -> types::builder::OnetimeRequest {
    types::OnetimeRequest::builder()
        .merchant_uid("order-0001")
        .amount(8900.0)
        .card_number(CARD)
        .expiry(EXPIRY)
        .birth(BIRTH)
        .pwd_2digit(PWD)
        .cvc(CVC)
        .customer_uid("customer-0001")
}

#[tokio::test]
async fn secrets_never_print_on_success_or_failure() {
    let captured = CapturedLogs::default();
    let _guard = tracing::subscriber::set_default(captured.subscriber());

    let built: types::OnetimeRequest = request().try_into().unwrap();
    assert_clean("request builder Debug", &format!("{:?}", request()));
    assert_clean("request Debug", &format!("{built:?} {built:#?}"));
    assert_clean("card Display", &CardNumber::new(CARD).unwrap().to_string());

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(TOKEN, 1_700_000_000, 1_700_001_800)))
        .mount(&server)
        .await;
    let client = client(&server);
    assert_clean("client Debug", &format!("{client:?}"));
    assert_clean("operation builder Debug", &format!("{:?}", client.onetime().body(request())));

    let answers = [
        ResponseTemplate::new(200).set_body_json(envelope(payment())),
        ResponseTemplate::new(200)
            .set_body_json(envelope(payment_with(json!({ "status": "failed", "fail_reason": "declined" })))),
        ResponseTemplate::new(200).set_body_json(refusal(-1, "카드정보 인증에 실패하였습니다.")),
        ResponseTemplate::new(400).set_body_json(refusal(-1, "bad request")),
        ResponseTemplate::new(401).set_body_json(refusal(-1, "Unauthorized")),
        ResponseTemplate::new(500).set_body_json(refusal(-1, "server error")),
        ResponseTemplate::new(502).set_body_raw("<html>bad gateway</html>", "text/html"),
        ResponseTemplate::new(200).set_body_raw("{\"code\":0,\"response\":{\"imp_uid\"", "application/json"),
    ];
    let mut errors = 0;
    for answer in answers {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/users/getToken"))
            .respond_with(ResponseTemplate::new(200).set_body_json(token_body(TOKEN, 1_700_000_000, 1_700_001_800)))
            .mount(&server)
            .await;
        Mock::given(method("POST")).and(path("/subscribe/payments/onetime")).respond_with(answer).mount(&server).await;
        match client.onetime().body(request()).send().await {
            Ok(payment) => assert_clean("payment", &format!("{payment:?}")),
            Err(error) => {
                errors += 1;
                assert_clean("error", &format!("{error} | {error:?} | {error:#?}"));
                let mut source = std::error::Error::source(&error);
                while let Some(cause) = source {
                    assert_clean("error source", &format!("{cause} | {cause:?}"));
                    source = cause.source();
                }
            }
        }
    }
    assert_eq!(errors, 7);

    // A rejected secret, and a request that cannot be built.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(401).set_body_json(refusal(-1, "bad key or secret")))
        .mount(&server)
        .await;
    let fresh = Client::builder(KEY, SECRET).base_url(server.uri()).build().unwrap();
    let error = fresh.onetime().body(request()).send().await.unwrap_err();
    assert_clean("authentication error", &format!("{error} | {error:?}"));
    let error = client.onetime().body(request().expiry("2031-13")).send().await.unwrap_err();
    assert_clean("invalid request error", &format!("{error} | {error:?}"));

    let logs = captured.text();
    assert!(logs.contains("iamport.call"), "tracing saw the calls: {logs}");
    assert_clean("tracing output", &logs);
}

#[test]
fn a_certification_prints_none_of_its_personal_data() {
    let body = json!({
        "imp_uid": "imp_448280090638", "name": "홍길동", "birth": 584895600, "birthday": "1988-07-15",
        "phone": "01012345678", "unique_key": "ci-value-1", "unique_in_site": "di-value-1", "certified_at": 1700000300
    });
    let certification: types::Certification = serde_json::from_value(body).unwrap();
    let printed = format!("{certification:?} {certification:#?}");
    for personal in ["584895600", "1988-07-15", "01012345678", "ci-value-1", "di-value-1"] {
        assert!(!printed.contains(personal), "Certification Debug leaks {personal:?}: {printed}");
    }
    assert_eq!(certification.birth.map(|b| b.expose_secret()), Some(584_895_600));
}
