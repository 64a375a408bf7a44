//! The sandbox's tokens, auth checks and routing, seen by the client and by
//! a plain HTTP client.

use std::time::Duration;

use iamport::{Error, StatusCode};
use iamport_sandbox::{Sandbox, SandboxClock, TOKEN_EXTENSION, TOKEN_LIFETIME};
use serde_json::{Value, json};

const T0: i64 = 1_700_000_000;

async fn sandbox() -> Sandbox {
    Sandbox::builder().clock(SandboxClock::fixed(T0)).start().await.expect("sandbox starts")
}

async fn get_token(sandbox: &Sandbox, key: &str, secret: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/users/getToken", sandbox.base_url()))
        .json(&json!({ "imp_key": key, "imp_secret": secret }))
        .send()
        .await
        .expect("sandbox answers");
    (response.status(), response.json().await.expect("an envelope"))
}

async fn lookup_with(sandbox: &Sandbox, token: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .get(format!("{}/payments/imp_000000000000", sandbox.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .expect("sandbox answers");
    (response.status(), response.json().await.expect("an envelope"))
}

#[tokio::test]
async fn tokens_live_30_minutes_and_are_extended_in_their_last_minute() {
    let sandbox = sandbox().await;
    let (key, secret) = sandbox.credentials();
    let (status, first) = get_token(&sandbox, key, secret).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["code"], 0);
    assert!(first["message"].is_null());
    let token = first["response"]["access_token"].as_str().unwrap().to_owned();
    assert_eq!(first["response"]["now"], T0);
    assert_eq!(first["response"]["expired_at"], T0 + TOKEN_LIFETIME);

    sandbox.clock().advance(Duration::from_secs(10 * 60));
    let (_, again) = get_token(&sandbox, key, secret).await;
    assert_eq!(again["response"]["access_token"], token.as_str(), "same token before expiry");
    assert_eq!(again["response"]["expired_at"], T0 + TOKEN_LIFETIME, "same expiry");

    sandbox.clock().advance(Duration::from_secs(19 * 60 + 30)); // 30 s left
    let (_, extended) = get_token(&sandbox, key, secret).await;
    assert_eq!(extended["response"]["access_token"], token.as_str());
    assert_eq!(extended["response"]["expired_at"], T0 + TOKEN_LIFETIME + TOKEN_EXTENSION);

    // Valid until the extended expiry, refused from then on.
    assert_eq!(lookup_with(&sandbox, &token).await.0, StatusCode::NOT_FOUND);
    sandbox.clock().advance(Duration::from_secs(30 + 5 * 60));
    let (status, refused) = lookup_with(&sandbox, &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused["code"], -1);

    let (_, fresh) = get_token(&sandbox, key, secret).await;
    assert_ne!(fresh["response"]["access_token"], token.as_str(), "a new token after expiry");
}

#[tokio::test]
async fn wrong_credentials_and_missing_tokens_get_401() {
    let sandbox = sandbox().await;
    let (key, _) = sandbox.credentials();
    let (status, body) = get_token(&sandbox, key, "not-the-secret").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], -1);
    assert!(body["response"].is_null());

    let response = reqwest::get(format!("{}/payments/imp_000000000000", sandbox.base_url())).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(lookup_with(&sandbox, "made-up-token").await.0, StatusCode::UNAUTHORIZED);

    let printed = format!("{sandbox:?} {:?}", Sandbox::builder().credentials("k", "builder-secret"));
    assert!(!printed.contains(sandbox.credentials().1) && !printed.contains("builder-secret"), "{printed}");

    let client = iamport::Client::builder(key, "not-the-secret").base_url(sandbox.base_url()).build().unwrap();
    let err = client.get_payment_by_imp_uid().imp_uid("imp_000000000000").send().await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert!(!format!("{err:?} {err}").contains("not-the-secret"));
}

#[tokio::test]
async fn the_client_renews_a_token_the_sandbox_expired() {
    let sandbox = sandbox().await;
    let client = sandbox.client().unwrap();
    let missing = client.get_payment_by_imp_uid().imp_uid("imp_000000000000").send().await.unwrap_err();
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));
    // The client still believes its token fresh; the sandbox does not.
    sandbox.clock().advance(Duration::from_secs(31 * 60));
    let again = client.get_payment_by_imp_uid().imp_uid("imp_000000000000").send().await.unwrap_err();
    assert_eq!(again.status(), Some(StatusCode::NOT_FOUND), "renewed after one 401: {again:?}");
}

#[tokio::test]
async fn routing_follows_the_spec() {
    let sandbox = sandbox().await;
    let http = reqwest::Client::new();
    let unknown = http.get(format!("{}/no/such/path", sandbox.base_url())).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_ne!(unknown.json::<Value>().await.unwrap()["code"], 0);

    let wrong_method = http.put(format!("{}/users/getToken", sandbox.base_url())).send().await.unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.headers()["allow"], "POST");

    let malformed = http
        .post(format!("{}/users/getToken", sandbox.base_url()))
        .header("content-type", "application/json")
        .body("{\"imp_key\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(malformed.json::<Value>().await.unwrap()["code"], -1);

    // The operations of the seed flows are implemented; any other operation
    // of the spec answers 501 with an envelope naming it.
    for id in [
        "getToken",
        "issueCvsPayment",
        "revokeCvsPayment",
        "onetime",
        "again",
        "getPaymentByImpUid",
        "getPaymentByMerchantUidAnyStatus",
        "getPaymentByMerchantUid",
        "cancelPayment",
        "customer_view",
        "customer_delete",
        "preparePayment",
        "editPreparePayment",
        "getPaymentPrepareByMerchantUid",
        "getPaymentListByImpUid",
        "getAllPaymentsByMerchantUid",
        "getAllPaymentsByMerchantUidAnyStatus",
        "getPaymentsByStatus",
        "customer_save",
        "customer_view_multiple",
        "customer_payments",
        "allCardCodes",
        "cardCodes",
        "allBankCodes",
        "bankCodes",
    ] {
        assert!(Sandbox::implements(id), "{id}");
    }
    let token = sandbox.client().unwrap().get_token().body(token_request(&sandbox)).send().await.unwrap().access_token;
    for op in iamport::OPERATIONS.iter().filter(|op| !Sandbox::implements(op.id)) {
        let path: String = op
            .path
            .split('/')
            .map(|segment| if segment.starts_with('{') { "x" } else { segment })
            .collect::<Vec<_>>()
            .join("/");
        let method = reqwest::Method::from_bytes(op.method.as_bytes()).unwrap();
        let response = http
            .request(method, format!("{}{path}", sandbox.base_url()))
            .bearer_auth(token.expose_secret())
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_IMPLEMENTED, "{}", op.id);
        let body: Value = response.json().await.unwrap();
        assert_ne!(body["code"], 0);
        assert!(body["message"].as_str().unwrap().contains(op.id), "{body}");
    }
}

fn token_request(sandbox: &Sandbox) -> iamport::types::GetTokenRequest {
    let (key, secret) = sandbox.credentials();
    iamport::types::GetTokenRequest { imp_key: key.to_owned(), imp_secret: secret.parse().unwrap() }
}

/// The sandbox routes by a table it builds from the spec itself (its
/// `iamport` has no features, so the library's table lacks the gated
/// groups); here, with every group on, the two must list the same
/// operations. (Within a path, the library lists the methods in its own
/// order, so the lists are compared sorted.)
#[test]
fn the_sandbox_routes_every_operation_the_library_knows() {
    let mut library: Vec<&str> = iamport::OPERATIONS.iter().map(|op| op.id).collect();
    let mut sandbox: Vec<&str> = Sandbox::operation_ids().collect();
    library.sort_unstable();
    sandbox.sort_unstable();
    assert_eq!(sandbox, library);
}
