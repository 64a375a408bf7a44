//! Many calls at once: an expired token is fetched once, and a token the
//! server revokes mid-run is renewed once, not once per call in flight.

mod support;

use std::time::Duration;

use support::*;
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{header, method, path},
};

const CALLS: usize = 1000;

async fn lookups(client: &iamport::Client) -> usize {
    let calls: Vec<_> = (0..CALLS)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_payment_by_imp_uid().imp_uid("imp_123412341234").send().await })
        })
        .collect();
    let mut succeeded = 0;
    for call in calls {
        if matches!(call.await, Ok(Ok(_))) {
            succeeded += 1;
        }
    }
    succeeded
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_calls_with_an_expired_token_fetch_one() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(TOKEN, 1_700_000_000, 1_700_001_800)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body(TOKEN_2, 1_700_001_800, 1_700_003_600))
                .set_delay(Duration::from_millis(100)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_123412341234"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(payment())))
        .mount(&server)
        .await;
    let (client, clock) = client_with_clock(&server);
    client.get_payment_by_imp_uid().imp_uid("imp_123412341234").send().await.unwrap();
    assert_eq!(hits(&server, "/users/getToken").await, 1);

    clock.advance(Duration::from_secs(1800));
    assert_eq!(lookups(&client).await, CALLS);
    assert_eq!(hits(&server, "/users/getToken").await, 2, "one fetch for {CALLS} callers");
    let sent = bearer_tokens(&server, "/payments/imp_123412341234").await;
    assert_eq!(sent.iter().filter(|t| t.ends_with(TOKEN_2)).count(), CALLS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_mid_run_is_renewed_once() {
    let server = MockServer::start().await;
    mount_tokens_in_turn(&server).await;
    // Every call in flight still carries the revoked token and gets a 401.
    Mock::given(method("GET"))
        .and(path("/payments/imp_123412341234"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(refusal(-1, "Unauthorized")).set_delay(Duration::from_millis(50)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_123412341234"))
        .and(header("authorization", format!("Bearer {TOKEN_2}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(payment())))
        .mount(&server)
        .await;
    let client = client(&server);
    assert_eq!(lookups(&client).await, CALLS);
    assert_eq!(hits(&server, "/users/getToken").await, 2, "the first token, then one renewal");
    let sent = bearer_tokens(&server, "/payments/imp_123412341234").await;
    let revoked = sent.iter().filter(|t| t.ends_with(TOKEN)).count();
    assert!(revoked > 1, "several calls were in flight with the revoked token: {revoked}");
    assert_eq!(sent.len() - revoked, CALLS, "every call succeeded with the renewed token");
}
