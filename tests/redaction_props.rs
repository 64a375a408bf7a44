//! Property: whatever the card number, secret and token, none of them shows
//! in Debug, Display, error chains or tracing output, on any path. The same
//! for the secrets that travel in a URL (an account number, a PG key), which
//! reqwest's own errors would print with the URL.

mod support;

use std::{collections::BTreeSet, time::Duration};

use iamport::{Client, RetryPolicy, types};
use proptest::prelude::*;
use support::{faulty::*, *};
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

/// The redacted types that can sit in a URL: every schema that
/// build/replacements.rs maps to a `crate::secret` type.
fn redacted_schemas() -> BTreeSet<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/build/replacements.rs"))
        .expect("build/replacements.rs lists the redacted schemas");
    let schemas: BTreeSet<String> = text
        .lines()
        .filter(|line| line.contains("\"crate::secret::"))
        .filter_map(|line| line.split('"').nth(1).map(str::to_owned))
        .collect();
    assert!(schemas.len() > 5, "no redacted schema found in build/replacements.rs");
    schemas
}

/// Every `operationId parameter` of the spec whose value travels in the path
/// or the query string and whose schema is a redacted type.
fn url_secrets_in_spec() -> BTreeSet<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/iamport.yaml")).unwrap();
    let spec: serde_json::Value = yaml_serde::from_str(&text).unwrap();
    let redacted = redacted_schemas();
    let resolve = |p: &serde_json::Value| match p["$ref"].as_str() {
        Some(r) => spec["components"]["parameters"][r.rsplit('/').next().unwrap()].clone(),
        None => p.clone(),
    };
    let schema_name = |schema: &serde_json::Value| -> Option<String> {
        let reference = schema["$ref"].as_str().or_else(|| schema["allOf"][0]["$ref"].as_str())?;
        Some(reference.rsplit('/').next()?.to_owned())
    };
    let mut found = BTreeSet::new();
    for item in spec["paths"].as_object().unwrap().values() {
        let shared = item["parameters"].as_array().cloned().unwrap_or_default();
        for op in item.as_object().unwrap().values().filter(|op| op["operationId"].is_string()) {
            let own = op["parameters"].as_array().cloned().unwrap_or_default();
            for parameter in shared.iter().chain(&own).map(resolve) {
                let in_url = matches!(parameter["in"].as_str(), Some("path" | "query"));
                if in_url && schema_name(&parameter["schema"]).is_some_and(|name| redacted.contains(&name)) {
                    found.insert(format!(
                        "{} {}",
                        op["operationId"].as_str().unwrap(),
                        parameter["name"].as_str().unwrap()
                    ));
                }
            }
        }
    }
    found
}

/// The URL secrets `url_secrets_never_print` sends; a new one in the spec
/// fails `every_url_secret_is_exercised` until it is added here and there.
const URL_SECRETS_EXERCISED: &[&str] =
    &["createVbank pg_api_key", "queryBankHolder bank_num", "revokeVbank pg_api_key"];

#[test]
fn every_url_secret_is_exercised() {
    let exercised: BTreeSet<String> = URL_SECRETS_EXERCISED.iter().map(|s| s.to_string()).collect();
    assert_eq!(url_secrets_in_spec(), exercised, "redacted path or query parameters of the spec");
}

#[derive(Debug, Clone)]
struct UrlSecrets {
    account: String,
    pg_key: String,
}

fn url_secrets() -> impl Strategy<Value = UrlSecrets> {
    ("[0-9]{3}-[0-9]{3}-[0-9]{6}", "pk_[A-Za-z0-9]{24}").prop_map(|(account, pg_key)| UrlSecrets { account, pg_key })
}

/// What the server does with the call, one per path through the client,
/// including the ones where no answer comes back at all.
fn url_faults() -> Vec<Fault> {
    let slow = Fault::json(200, &refusal(-1, "late"));
    vec![
        Fault::json(200, &refusal(-1, "존재하지 않는 계좌입니다.")),
        Fault::json(401, &refusal(-1, "Unauthorized")),
        Fault::json(404, &refusal(-1, "not found")),
        Fault::json(500, &refusal(-1, "server error")),
        Fault::raw(502, "text/html", "<html>bad gateway</html>"),
        Fault::Truncated { body: b"{\"code\":0,\"response\":{".to_vec(), declared: 400 },
        Fault::ResetBeforeResponse,
        Fault::ResetMidBody { status: 200, body: b"{\"code\":0,\"response\":{\"x\":1}}".to_vec(), sent: 8 },
        Fault::SlowHeaders { delay: Duration::from_secs(2), then: Box::new(slow) },
    ]
}

async fn exercise_url_secrets(s: &UrlSecrets) -> Vec<String> {
    let mut printed = Vec::new();
    for fault in url_faults() {
        let server = FaultyServer::start(move |seen| match seen.path.as_str() {
            "/users/getToken" => Fault::json(200, &token_body("tk_url", 1_700_000_000, 1_700_001_800)),
            _ => fault.clone(),
        })
        .await;
        let client = Client::builder(KEY, "secret-url")
            .base_url(&server.base_url)
            .retry_policy(RetryPolicy::none())
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let holder = client.query_bank_holder().bank_code("088").bank_num(s.account.as_str());
        let revoke = client.revoke_vbank().imp_uid("imp_url").pg_api_key(s.pg_key.as_str());
        let create = client.create_vbank().pg_api_key(s.pg_key.as_str()).body(
            types::VbankCreateRequest::builder()
                .channel_key("channel-key-url")
                .merchant_uid("order-url")
                .amount(1000.0)
                .vbank_code("088")
                .vbank_due(1_900_000_000),
        );
        printed.push(format!("{holder:?} {revoke:?} {create:?}"));
        let errors =
            [holder.send().await.map(|_| ()), revoke.send().await.map(|_| ()), create.send().await.map(|_| ())];
        for error in errors.into_iter().filter_map(Result::err) {
            printed.push(format!("{error} {error:?} {error:#?}"));
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                printed.push(format!("{cause} {cause:?}"));
                source = cause.source();
            }
        }
        assert!(server.requests().len() >= 4, "the calls reached the server");
    }
    printed
}

#[test]
fn url_secrets_never_print() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let config = ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() };
    let ran = std::sync::atomic::AtomicUsize::new(0);
    proptest::test_runner::TestRunner::new(config)
        .run(&url_secrets(), |s| {
            ran.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let captured = CapturedLogs::default();
            let mut printed =
                tracing::subscriber::with_default(captured.subscriber(), || runtime.block_on(exercise_url_secrets(&s)));
            printed.push(captured.text());
            let digits: String = s.account.chars().filter(char::is_ascii_digit).collect();
            for text in &printed {
                for needle in [&s.account, &digits, &s.pg_key] {
                    prop_assert!(!text.contains(needle.as_str()), "{needle:?} printed in: {text}");
                }
            }
            // Reaching here must mean the secrets went somewhere to be hidden.
            prop_assert!(printed.iter().any(|t| t.contains("Transport")), "a transport failure was among the cases");
            Ok(())
        })
        .unwrap();
    println!("URL secrets: {} cases, each through {} faults", ran.into_inner(), url_faults().len());
}
