//! Fault injection: a server on 127.0.0.1 that resets, stalls, floods and
//! lies. Each case ends in a documented error, without a panic or a hang,
//! and a call that moves money is never sent twice. The request counts are
//! what the server saw.

mod support;

use std::time::Duration;

use iamport::{Client, DecodeErrorKind, Error, RetryPolicy, StatusCode, types};
use support::{faulty::*, *};

const LOOKUP: &str = "/payments/imp_123412341234";
const CHARGE: &str = "/subscribe/payments/onetime";
const TOKEN_PATH: &str = "/users/getToken";

/// Retries quickly, so that the tests stay fast.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(10), Duration::from_millis(40))
}

/// A server whose getToken works and whose other paths answer `fault`.
async fn serving(fault: Fault) -> FaultyServer {
    FaultyServer::start(move |seen| {
        if seen.path == TOKEN_PATH {
            Fault::json(200, &token_body(TOKEN, 1_700_000_000, 1_700_001_800))
        } else {
            fault.clone()
        }
    })
    .await
}

fn client_for(server: &FaultyServer, timeout: Duration) -> Client {
    Client::builder(KEY, SECRET)
        .base_url(&server.base_url)
        .retry_policy(fast_retries())
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap()
}

async fn lookup(client: &Client) -> iamport::Result<types::Payment> {
    client.get_payment_by_imp_uid().imp_uid("imp_123412341234").send().await
}

async fn charge(client: &Client) -> iamport::Result<types::Payment> {
    let body = types::OnetimeRequest::builder()
        .merchant_uid("order-fault-1")
        .amount(8900.0)
        .card_number("9410-1234-5678-4242")
        .expiry("2030-12");
    client.onetime().body(body).send().await
}

fn payment_bytes() -> Vec<u8> {
    serde_json::to_vec(&envelope(payment())).unwrap()
}

/// Asserts the charge error says the outcome is unknown and names the order.
fn assert_outcome_unknown(err: &Error) {
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(err.outcome_key("merchant_uid"), Some("order-fault-1"));
}

#[tokio::test]
async fn connection_refused() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder(KEY, SECRET)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let err = lookup(&client).await.unwrap_err();
    let Error::Authentication(cause) = &err else { panic!("{err:?}") };
    let Error::Transport { source, .. } = &**cause else { panic!("{cause:?}") };
    assert!(source.is_connect());
    // A charge fails the same way: the token could not be fetched, so
    // nothing was sent and the outcome is known.
    let err = charge(&client).await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)) && !err.is_outcome_unknown(), "{err:?}");
}

#[tokio::test]
async fn reset_before_the_response() {
    let server = serving(Fault::ResetBeforeResponse).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = lookup(&client).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.hits(LOOKUP), 3, "a lookup is retried twice");

    let err = charge(&client).await.unwrap_err();
    assert_outcome_unknown(&err);
    assert!(matches!(err, Error::OutcomeUnknown { ref cause, .. } if matches!(**cause, Error::Transport { .. })));
    assert_eq!(server.hits(CHARGE), 1, "a charge is never re-sent");
}

#[tokio::test]
async fn reset_mid_body() {
    let body = payment_bytes();
    let server = serving(Fault::ResetMidBody { status: 200, sent: body.len() / 2, body }).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = lookup(&client).await.unwrap_err();
    assert!(matches!(err, Error::Transport { status: Some(StatusCode::OK), .. }), "{err:?}");
    assert_eq!(server.hits(LOOKUP), 3);

    assert_outcome_unknown(&charge(&client).await.unwrap_err());
    assert_eq!(server.hits(CHARGE), 1);
}

#[tokio::test]
async fn html_502_from_a_proxy() {
    let server = serving(Fault::raw(502, "text/html", "<html><h1>502 Bad Gateway</h1></html>")).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = lookup(&client).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { status: Some(StatusCode::BAD_GATEWAY), source } if source.kind() == DecodeErrorKind::NotJson),
        "{err:?}"
    );
    assert_eq!(server.hits(LOOKUP), 3);

    assert_outcome_unknown(&charge(&client).await.unwrap_err());
    assert_eq!(server.hits(CHARGE), 1);
}

#[tokio::test]
async fn empty_503_honours_retry_after() {
    let server = serving(Fault::raw(503, "text/plain", "").with_header("retry-after", "0")).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = lookup(&client).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { status: Some(StatusCode::SERVICE_UNAVAILABLE), source } if source.kind() == DecodeErrorKind::Empty),
        "{err:?}"
    );
    assert_eq!(server.hits(LOOKUP), 3);

    // A server asking for a longer wait than the policy allows is not retried.
    let server = serving(Fault::raw(503, "text/plain", "").with_header("retry-after", "3600")).await;
    let client = client_for(&server, Duration::from_secs(5));
    assert!(lookup(&client).await.is_err());
    assert_eq!(server.hits(LOOKUP), 1);
}

#[tokio::test]
async fn a_429_is_retried_for_lookups_only() {
    let server = serving(Fault::json(429, &refusal(-1, "too many requests"))).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = lookup(&client).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode { status: Some(StatusCode::TOO_MANY_REQUESTS), .. }
                | Error::Api { status: StatusCode::TOO_MANY_REQUESTS, .. }
        ),
        "{err:?}"
    );
    assert_eq!(server.hits(LOOKUP), 3);
    let err = charge(&client).await.unwrap_err();
    assert!(!err.is_outcome_unknown(), "a 429 means the charge was refused: {err:?}");
    assert_eq!(server.hits(CHARGE), 1);
}

#[tokio::test]
async fn a_500_with_an_envelope() {
    let server = serving(Fault::json(500, &refusal(-1, "서버 오류"))).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = lookup(&client).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::INTERNAL_SERVER_ERROR, code: -1, .. }), "{err:?}");
    assert_eq!(err.message(), Some("서버 오류"));
    assert_eq!(server.hits(LOOKUP), 3);

    let err = charge(&client).await.unwrap_err();
    assert_outcome_unknown(&err);
    assert_eq!(err.code(), Some(-1), "the cause keeps the API's answer");
    assert_eq!(server.hits(CHARGE), 1);
}

#[tokio::test]
async fn truncated_json() {
    let body = payment_bytes();
    let server = serving(Fault::Truncated { declared: body.len(), body: body[..body.len() / 3].to_vec() }).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = lookup(&client).await.unwrap_err();
    assert!(matches!(err, Error::Transport { status: Some(StatusCode::OK), .. }), "{err:?}");
    assert_eq!(server.hits(LOOKUP), 3);

    assert_outcome_unknown(&charge(&client).await.unwrap_err());
    assert_eq!(server.hits(CHARGE), 1);
}

#[tokio::test]
async fn a_20_mb_body_is_refused_unread() {
    for chunked in [false, true] {
        let server = serving(Fault::Huge { size: 20 * 1024 * 1024, chunked }).await;
        let client = client_for(&server, Duration::from_secs(10));
        let err = lookup(&client).await.unwrap_err();
        assert!(
            matches!(&err, Error::Decode { status: Some(StatusCode::OK), source } if source.kind() == DecodeErrorKind::TooLarge),
            "chunked={chunked}: {err:?}"
        );
        assert_eq!(server.hits(LOOKUP), 1, "not retried");

        let err = charge(&client).await.unwrap_err();
        assert_outcome_unknown(&err);
        assert_eq!(server.hits(CHARGE), 1);
    }
}

#[tokio::test]
async fn slow_headers_time_out() {
    let slow =
        Fault::SlowHeaders { delay: Duration::from_secs(30), then: Box::new(Fault::json(200, &envelope(payment()))) };
    let server = serving(slow).await;
    let client = client_for(&server, Duration::from_millis(300)).with_retry_policy(RetryPolicy::none());
    let err = lookup(&client).await.unwrap_err();
    let Error::Transport { source, .. } = &err else { panic!("{err:?}") };
    assert!(source.is_timeout());
    assert_eq!(server.hits(LOOKUP), 1);

    let err = charge(&client).await.unwrap_err();
    assert_outcome_unknown(&err);
    assert_eq!(server.hits(CHARGE), 1);
}

#[tokio::test]
async fn a_trickling_body_times_out() {
    let server = serving(Fault::SlowBody { body: payment_bytes(), interval: Duration::from_millis(100) }).await;
    let client = client_for(&server, Duration::from_millis(500)).with_retry_policy(RetryPolicy::none());
    let err = lookup(&client).await.unwrap_err();
    assert!(matches!(&err, Error::Transport { source, .. } if source.is_timeout()), "{err:?}");

    assert_outcome_unknown(&charge(&client).await.unwrap_err());
    assert_eq!(server.hits(CHARGE), 1);
}

#[tokio::test]
async fn a_callers_http_client_without_timeout_still_cannot_hang() {
    let slow =
        Fault::SlowHeaders { delay: Duration::from_secs(30), then: Box::new(Fault::json(200, &envelope(payment()))) };
    let server = serving(slow).await;
    let client = Client::builder(KEY, SECRET)
        .base_url(&server.base_url)
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = lookup(&client).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_outcome_unknown(&charge(&client).await.unwrap_err());
}

#[tokio::test]
async fn two_401s_in_a_row_renew_once_then_fail() {
    let server = serving(Fault::json(401, &refusal(-1, "Unauthorized"))).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = lookup(&client).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::UNAUTHORIZED, .. }), "{err:?}");
    assert_eq!(server.hits(LOOKUP), 2);
    assert_eq!(server.hits(TOKEN_PATH), 2);

    // A 401 means the charge was refused before it was processed: re-sent
    // once with a new token, then a clear error.
    let err = charge(&client).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::UNAUTHORIZED, .. }), "{err:?}");
    assert_eq!(server.hits(CHARGE), 2);
}

#[tokio::test]
async fn get_token_answering_401_is_not_retried() {
    let server =
        FaultyServer::start(|_| Fault::json(401, &refusal(-1, "입력된 API키와 Secret이 올바르지 않습니다."))).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = lookup(&client).await.unwrap_err();
    assert!(matches!(&err, Error::Authentication(c) if c.status() == Some(StatusCode::UNAUTHORIZED)), "{err:?}");
    assert_eq!(server.hits(TOKEN_PATH), 1);
    assert_eq!(server.hits(LOOKUP), 0);
}

#[tokio::test]
async fn get_token_returning_garbage() {
    let server = FaultyServer::start(|_| Fault::raw(200, "text/html", "<html>maintenance</html>")).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = lookup(&client).await.unwrap_err();
    let Error::Authentication(cause) = &err else { panic!("{err:?}") };
    assert!(matches!(&**cause, Error::Decode { source, .. } if source.kind() == DecodeErrorKind::NotJson), "{cause:?}");
    assert_eq!(server.hits(TOKEN_PATH), 1);
    assert_eq!(server.hits(LOOKUP), 0);
}

#[tokio::test]
async fn get_token_is_retried_after_a_transient_failure() {
    let attempts = std::sync::atomic::AtomicUsize::new(0);
    let server = FaultyServer::start(move |seen| match seen.path.as_str() {
        TOKEN_PATH if attempts.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 => Fault::ResetBeforeResponse,
        TOKEN_PATH => Fault::json(200, &token_body(TOKEN, 1_700_000_000, 1_700_001_800)),
        _ => Fault::json(200, &envelope(payment())),
    })
    .await;
    let client = client_for(&server, Duration::from_secs(5));
    lookup(&client).await.unwrap();
    assert_eq!(server.hits(TOKEN_PATH), 2);
}

#[tokio::test]
async fn the_token_never_follows_a_redirect_to_another_host() {
    let elsewhere = FaultyServer::start(|_| Fault::json(200, &envelope(payment()))).await;
    let location = format!("{}{LOOKUP}", elsewhere.base_url);
    let server = serving(Fault::Redirect { location }).await;

    // The default client does not follow redirects at all.
    let err = lookup(&client_for(&server, Duration::from_secs(5))).await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: Some(StatusCode::FOUND), .. }), "{err:?}");
    assert_eq!(elsewhere.hits(LOOKUP), 0);

    // A caller's client that follows redirects drops the token when the host
    // (here: the port) changes.
    let following = Client::builder(KEY, SECRET)
        .base_url(&server.base_url)
        .http_client(reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(3)).build().unwrap())
        .build()
        .unwrap();
    lookup(&following).await.unwrap();
    let followed = elsewhere.requests();
    assert_eq!(followed.len(), 1);
    assert!(!followed[0].headers.contains_key("authorization"), "the token followed the redirect");
    assert!(server.requests().iter().filter(|r| r.path == LOOKUP).all(|r| r.headers.contains_key("authorization")));
}

#[tokio::test]
async fn a_plain_http_base_url_elsewhere_is_refused() {
    let err = Client::builder(KEY, SECRET).base_url("http://api.iamport.kr").build().unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(Client::builder(KEY, SECRET).base_url("http://api.iamport.kr").allow_insecure_http(true).build().is_ok());
}

#[tokio::test]
async fn an_unknown_outcome_names_path_keys_too() {
    let server = serving(Fault::ResetBeforeResponse).await;
    let client = client_for(&server, Duration::from_secs(5));
    let err = client.revoke_cvs_payment().imp_uid("imp_246824682468").send().await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(err.outcome_key("imp_uid"), Some("imp_246824682468"));
    assert_eq!(server.hits("/cvs/imp_246824682468"), 1, "a revoke is never re-sent");
}

#[tokio::test]
async fn an_unknown_outcome_reads_keys_the_builder_cannot_give_from_the_request() {
    // `product_order_id` is a list in its own named type: the builder does
    // not give it as a key, so it is read from the body as it was sent.
    let server = serving(Fault::ResetBeforeResponse).await;
    let client = client_for(&server, Duration::from_secs(5));
    let orders = types::NaverProductOrderIds(vec!["po-1".into(), "po-2".into()]);
    let err = client
        .naver_cancel_product_order()
        .imp_uid("imp_135713571357")
        .body(types::NaverCancelRequest::builder().product_order_id(orders))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(err.outcome_key("imp_uid"), Some("imp_135713571357"));
    assert_eq!(err.outcome_key("product_order_id"), Some("po-1,po-2"));
    assert_eq!(server.hits("/payments/imp_135713571357/naver/cancel"), 1, "a cancel is never re-sent");
}
