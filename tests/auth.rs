//! Access tokens: reuse, refresh before expiry on the server's clock, one
//! refresh for concurrent callers, one retry after a 401, typed failures.

mod support;

use std::time::Duration;

use iamport::{Client, Error, StatusCode};
use serde_json::json;
use support::*;
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{header, method, path},
};

async fn mount_payment(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/payments/imp_123412341234"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(payment())))
        .mount(server)
        .await;
}

async fn lookup(client: &Client) -> iamport::Result<iamport::types::Payment> {
    client.get_payment_by_imp_uid().imp_uid("imp_123412341234").send().await
}

#[tokio::test]
async fn the_token_is_fetched_lazily_and_reused() {
    let server = server().await;
    mount_payment(&server).await;
    let client = client(&server);
    assert_eq!(hits(&server, "/users/getToken").await, 0, "building a client sends nothing");
    for _ in 0..5 {
        lookup(&client).await.unwrap();
    }
    assert_eq!(hits(&server, "/users/getToken").await, 1);
    assert_eq!(bearer_tokens(&server, "/payments/imp_123412341234").await, vec![format!("Bearer {TOKEN}"); 5]);
    // Clones share the cache.
    lookup(&client.clone()).await.unwrap();
    assert_eq!(hits(&server, "/users/getToken").await, 1);
}

#[tokio::test]
async fn the_token_life_comes_from_the_server_clock() {
    // `now` and `expired_at` are in 1970: a client comparing expired_at with
    // the local clock would fetch a token for every call.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(TOKEN, 1_000, 2_800)))
        .mount(&server)
        .await;
    mount_payment(&server).await;
    let client = client(&server);
    for _ in 0..3 {
        lookup(&client).await.unwrap();
    }
    assert_eq!(hits(&server, "/users/getToken").await, 1);
}

#[tokio::test]
async fn the_token_is_refreshed_a_margin_before_it_expires() {
    let server = MockServer::start().await;
    mount_tokens_in_turn(&server).await;
    mount_payment(&server).await;
    let (client, clock) = client_with_clock(&server);

    lookup(&client).await.unwrap();
    clock.advance(Duration::from_secs(1800 - 61));
    lookup(&client).await.unwrap();
    assert_eq!(hits(&server, "/users/getToken").await, 1, "still more than the 60 s margin left");

    clock.advance(Duration::from_secs(2));
    lookup(&client).await.unwrap();
    assert_eq!(hits(&server, "/users/getToken").await, 2, "inside the margin: refreshed");
    let sent = bearer_tokens(&server, "/payments/imp_123412341234").await;
    assert_eq!(sent.last().unwrap(), &format!("Bearer {TOKEN_2}"));
}

#[tokio::test]
async fn fifty_concurrent_calls_share_one_token_fetch() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body(TOKEN, 1_700_000_000, 1_700_001_800))
                .set_delay(Duration::from_millis(200)),
        )
        .mount(&server)
        .await;
    mount_payment(&server).await;
    let client = client(&server);
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { lookup(&client).await })
    });
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(hits(&server, "/users/getToken").await, 1);
    assert_eq!(hits(&server, "/payments/imp_123412341234").await, 50);
}

#[tokio::test]
async fn a_401_renews_the_token_and_retries_once() {
    let server = MockServer::start().await;
    mount_tokens_in_turn(&server).await;
    // The first token was revoked on the server.
    Mock::given(method("GET"))
        .and(path("/payments/imp_123412341234"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(401).set_body_json(refusal(-1, "Unauthorized")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_123412341234"))
        .and(header("authorization", format!("Bearer {TOKEN_2}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(payment())))
        .mount(&server)
        .await;
    let client = client(&server);
    lookup(&client).await.unwrap();
    assert_eq!(hits(&server, "/users/getToken").await, 2);
    assert_eq!(hits(&server, "/payments/imp_123412341234").await, 2);
}

#[tokio::test]
async fn a_second_401_is_an_error_not_a_loop() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_123412341234"))
        .respond_with(ResponseTemplate::new(401).set_body_json(refusal(-1, "Unauthorized")))
        .mount(&server)
        .await;
    let client = client(&server);
    let err = lookup(&client).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::UNAUTHORIZED, code: -1, .. }), "{err:?}");
    assert_eq!(err.message(), Some("Unauthorized"));
    assert_eq!(hits(&server, "/payments/imp_123412341234").await, 2, "one retry, never more");
    assert_eq!(hits(&server, "/users/getToken").await, 2);
}

#[tokio::test]
async fn wrong_credentials_are_an_authentication_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(refusal(-1, "입력된 API키와 Secret이 올바르지 않습니다.")),
        )
        .mount(&server)
        .await;
    mount_payment(&server).await;
    let client = client(&server);
    let err = lookup(&client).await.unwrap_err();
    let Error::Authentication(cause) = &err else { panic!("{err:?}") };
    assert!(matches!(**cause, Error::Api { status: StatusCode::UNAUTHORIZED, .. }));
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(err.message(), Some("입력된 API키와 Secret이 올바르지 않습니다."));
    assert_eq!(hits(&server, "/payments/imp_123412341234").await, 0);
}

#[tokio::test]
async fn concurrent_callers_share_a_failed_token_fetch() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(refusal(-1, "bad secret")).set_delay(Duration::from_millis(200)),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { lookup(&client).await })
        })
        .collect();
    for call in calls {
        assert!(matches!(call.await.unwrap(), Err(Error::Authentication(_))));
    }
    assert_eq!(hits(&server, "/users/getToken").await, 1, "no retry storm on bad credentials");
}

#[tokio::test]
async fn a_business_failure_of_get_token_is_an_authentication_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "code": -1, "message": "비활성 키", "response": null })),
        )
        .mount(&server)
        .await;
    let err = lookup(&client(&server)).await.unwrap_err();
    assert!(matches!(&err, Error::Authentication(c) if c.code() == Some(-1)), "{err:?}");
}

#[tokio::test]
async fn the_tier_header_is_sent_with_every_call() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_123412341234"))
        .and(header("tier", "A01"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(payment())))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(KEY, SECRET).base_url(server.uri()).tier("A01").build().unwrap();
    lookup(&client).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| r.headers.get("tier").is_some_and(|v| v == "A01")));
    assert!(requests.iter().all(|r| r.headers.get("api-version").is_none()));
}
