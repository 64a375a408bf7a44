//! Property: whatever the card number, secret and token, none of them shows
//! in Debug, Display, error chains or tracing output, on any path.

mod support;

use iamport::{Client, RetryPolicy, types};
use proptest::prelude::*;
use support::*;
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

const CASES: u32 = 24;

#[derive(Debug, Clone)]
struct Secrets {
    card: String,
    expiry: String,
    birth: String,
    cvc: String,
    secret: String,
    token: String,
}

fn secrets() -> impl Strategy<Value = Secrets> {
    (
        "[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{4}",
        (2030u32..2099, 1u32..=12).prop_map(|(y, m)| format!("{y}-{m:02}")),
        "[0-9]{6}",
        "[0-9]{3,4}",
        "sk_[A-Za-z0-9]{24}",
        "tk_[A-Za-z0-9]{32}",
    )
        .prop_map(|(card, expiry, birth, cvc, secret, token)| Secrets { card, expiry, birth, cvc, secret, token })
}

/// The answers the charge meets, one per path through the client.
fn answers() -> Vec<ResponseTemplate> {
    vec![
        ResponseTemplate::new(200).set_body_json(envelope(payment())),
        ResponseTemplate::new(200).set_body_json(envelope(payment_with(serde_json::json!({ "status": "failed" })))),
        ResponseTemplate::new(200).set_body_json(refusal(-1, "카드정보 인증에 실패하였습니다.")),
        ResponseTemplate::new(401).set_body_json(refusal(-1, "Unauthorized")),
        ResponseTemplate::new(500).set_body_json(refusal(-1, "server error")),
        ResponseTemplate::new(502).set_body_raw("<html>bad gateway</html>", "text/html"),
        ResponseTemplate::new(200).set_body_raw("{\"code\":0,\"response\":{", "application/json"),
    ]
}

async fn exercise(s: &Secrets) -> Vec<String> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(&s.token, 1_700_000_000, 1_700_001_800)))
        .mount(&server)
        .await;
    let client =
        Client::builder(KEY, &s.secret).base_url(server.uri()).retry_policy(RetryPolicy::none()).build().unwrap();
    let request = || {
        types::OnetimeRequest::builder()
            .merchant_uid("order-prop")
            .amount(1000.0)
            .card_number(s.card.as_str())
            .expiry(s.expiry.as_str())
            .birth(s.birth.as_str())
            .cvc(s.cvc.as_str())
    };
    let mut printed =
        vec![format!("{client:?}"), format!("{:?}", request()), format!("{:?}", client.onetime().body(request()))];
    for answer in answers() {
        Mock::given(method("POST")).and(path("/subscribe/payments/onetime")).respond_with(answer).mount(&server).await;
        match client.onetime().body(request()).send().await {
            Ok(payment) => printed.push(format!("{payment:?}")),
            Err(error) => {
                printed.push(format!("{error} {error:?} {error:#?}"));
                let mut source = std::error::Error::source(&error);
                while let Some(cause) = source {
                    printed.push(format!("{cause} {cause:?}"));
                    source = cause.source();
                }
            }
        }
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/users/getToken"))
            .respond_with(ResponseTemplate::new(200).set_body_json(token_body(&s.token, 1_700_000_000, 1_700_001_800)))
            .mount(&server)
            .await;
    }
    // A rejected secret.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(401).set_body_json(refusal(-1, "bad secret")))
        .mount(&server)
        .await;
    let rejected = Client::builder(KEY, &s.secret).base_url(server.uri()).build().unwrap();
    let error = rejected.onetime().body(request()).send().await.unwrap_err();
    printed.push(format!("{error} {error:?}"));
    printed
}

#[test]
fn random_secrets_never_print() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let config = ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() };
    let ran = std::sync::atomic::AtomicUsize::new(0);
    proptest::test_runner::TestRunner::new(config)
        .run(&secrets(), |s| {
            ran.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let captured = CapturedLogs::default();
            let mut printed =
                tracing::subscriber::with_default(captured.subscriber(), || runtime.block_on(exercise(&s)));
            printed.push(captured.text());
            let needles: [&str; 5] = [&s.card, &s.card[..14], &s.expiry, &s.secret, &s.token];
            for text in &printed {
                for needle in needles {
                    prop_assert!(!text.contains(needle), "{needle:?} printed in: {text}");
                }
                prop_assert!(!text.contains(&format!("\"{}\"", s.birth)), "birth printed in: {text}");
                prop_assert!(!text.contains(&format!("\"{}\"", s.cvc)), "cvc printed in: {text}");
            }
            prop_assert!(printed.last().unwrap().contains("iamport.call"), "tracing saw the calls");
            Ok(())
        })
        .unwrap();
    println!("random secrets: {} cases, each through {} answers", ran.into_inner(), answers().len() + 1);
}
