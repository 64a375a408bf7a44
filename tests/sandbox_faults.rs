//! Each error of the README's table, provoked through the sandbox in one
//! line (`sandbox.inject_fault(..)`, `sandbox.expire_token()`, a declined
//! card, ...) and met through the client, as a merchant's test would.

use std::time::Duration;

use iamport::{Client, DecodeErrorKind, Error, RetryPolicy, StatusCode, enums::PaymentStatus, types};
use iamport_sandbox::{CARD_APPROVED, CARD_DECLINED, Fault, Sandbox};

const LOOKUP: &str = "getPaymentByImpUid";
const CHARGE: &str = "onetime";

/// Retries quickly, so that the tests stay fast.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(10), Duration::from_millis(40))
}

/// A sandbox and a client that retries quickly.
async fn start() -> (Sandbox, Client) {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client_with(&sandbox, fast_retries());
    (sandbox, client)
}

fn client_with(sandbox: &Sandbox, policy: RetryPolicy) -> Client {
    let (key, secret) = sandbox.credentials();
    Client::builder(key, secret).base_url(sandbox.base_url()).retry_policy(policy).build().unwrap()
}

fn card(merchant_uid: &str, number: &str) -> types::builder::OnetimeRequest {
    types::OnetimeRequest::builder().merchant_uid(merchant_uid).amount(8_900u64).card_number(number).expiry("2030-12")
}

async fn charge(client: &Client, merchant_uid: &str) -> iamport::Result<types::Payment> {
    client.onetime().body(card(merchant_uid, CARD_APPROVED)).send().await
}

async fn lookup(client: &Client, imp_uid: &str) -> iamport::Result<types::Payment> {
    client.get_payment_by_imp_uid().imp_uid(imp_uid).send().await
}

/// A paid payment to look up.
async fn paid(client: &Client) -> String {
    charge(client, "faults-lookup").await.unwrap().imp_uid
}

#[tokio::test]
async fn an_answer_lost_after_the_charge_is_outcome_unknown_and_the_payment_is_found() {
    let (sandbox, client) = start().await;
    sandbox.inject_fault(CHARGE, Fault::LoseAnswerAfter).unwrap();
    let err = charge(&client, "faults-after").await.unwrap_err();
    let Error::OutcomeUnknown { operation, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*operation, err.outcome_key("merchant_uid")), (CHARGE, Some("faults-after")));
    let found = client.resolve_outcome(&err).await.unwrap().expect("the charge went through");
    assert_eq!((found.merchant_uid.as_str(), found.status), ("faults-after", PaymentStatus::Paid));
    assert!(sandbox.pending_faults().is_empty(), "the fault was met once");
}

#[tokio::test]
async fn an_answer_lost_before_the_charge_is_outcome_unknown_and_nothing_is_found() {
    let (sandbox, client) = start().await;
    sandbox.inject_fault(CHARGE, Fault::LoseAnswerBefore).unwrap();
    let err = charge(&client, "faults-before").await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    let found = client.resolve_outcome(&err).await.unwrap();
    assert!(found.is_none(), "the charge was never made");
    // Nothing was charged, so the order may be charged again, and it is.
    assert_eq!(charge(&client, "faults-before").await.unwrap().status, PaymentStatus::Paid);
}

#[tokio::test]
async fn a_lookup_whose_answer_is_lost_is_retried_or_a_transport_error() {
    let (sandbox, client) = start().await;
    let imp_uid = paid(&client).await;
    sandbox.inject_fault(LOOKUP, Fault::LoseAnswerBefore).unwrap();
    assert_eq!(lookup(&client, &imp_uid).await.unwrap().imp_uid, imp_uid, "retried");

    let once = client_with(&sandbox, RetryPolicy::none());
    sandbox.inject_fault(LOOKUP, Fault::LoseAnswerAfter).unwrap();
    let err = lookup(&once, &imp_uid).await.unwrap_err();
    assert!(matches!(err, Error::Transport { status: None, .. }), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn an_answer_past_the_deadline_of_the_caller_s_http_client_is_a_timeout() {
    let sandbox = Sandbox::start().await.unwrap();
    let (key, secret) = sandbox.credentials();
    let client = Client::builder(key, secret)
        .base_url(sandbox.base_url())
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let imp_uid = paid(&client).await;
    sandbox.inject_fault(LOOKUP, Fault::Delay(Duration::from_secs(30))).unwrap();
    let err = lookup(&client, &imp_uid).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn a_late_answer_to_a_charge_is_outcome_unknown_with_the_client_s_own_deadline() {
    let sandbox = Sandbox::start().await.unwrap();
    let (key, secret) = sandbox.credentials();
    let client =
        Client::builder(key, secret).base_url(sandbox.base_url()).timeout(Duration::from_millis(200)).build().unwrap();
    sandbox.inject_fault(CHARGE, Fault::Delay(Duration::from_secs(30))).unwrap();
    let err = charge(&client, "faults-late").await.unwrap_err();
    let Error::OutcomeUnknown { cause, .. } = &err else { panic!("{err:?}") };
    let Error::Transport { source, .. } = &**cause else { panic!("{cause:?}") };
    assert!(source.is_timeout(), "{source:?}");
    let found = client.resolve_outcome(&err).await.unwrap().expect("the charge was made before the delay");
    assert_eq!(found.status, PaymentStatus::Paid);
}

#[tokio::test]
async fn a_500_on_a_lookup_is_retried_and_three_are_an_api_error() {
    let (sandbox, client) = start().await;
    let imp_uid = paid(&client).await;
    sandbox.inject_fault(LOOKUP, Fault::ServerError).unwrap();
    assert_eq!(lookup(&client, &imp_uid).await.unwrap().imp_uid, imp_uid, "retried");

    // The first attempt and the policy's two retries.
    for _ in 0..3 {
        sandbox.inject_fault(LOOKUP, Fault::ServerError).unwrap();
    }
    let err = lookup(&client, &imp_uid).await.unwrap_err();
    let Error::Api { status, code, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*status, *code), (StatusCode::INTERNAL_SERVER_ERROR, -1));
    assert!(err.is_retryable());
    assert!(sandbox.pending_faults().is_empty());
}

#[tokio::test]
async fn a_proxy_s_html_page_is_a_decode_error_with_its_status() {
    let (sandbox, client) = start().await;
    let imp_uid = paid(&client).await;
    let once = client_with(&sandbox, RetryPolicy::none());
    sandbox.inject_fault(LOOKUP, Fault::HtmlErrorPage).unwrap();
    let err = lookup(&once, &imp_uid).await.unwrap_err();
    let Error::Decode { status, source } = &err else { panic!("{err:?}") };
    assert_eq!(*status, Some(StatusCode::BAD_GATEWAY));
    assert_eq!(source.kind(), DecodeErrorKind::NotJson);

    // A charge met by the page may have gone through: it is looked up.
    sandbox.inject_fault(CHARGE, Fault::HtmlErrorPage).unwrap();
    let err = charge(&client, "faults-html").await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    let found = client.resolve_outcome(&err).await.unwrap();
    assert!(found.is_none(), "the proxy never passed it on");
}

#[tokio::test]
async fn a_token_expired_early_is_renewed_and_the_call_succeeds() {
    let (sandbox, client) = start().await;
    let imp_uid = paid(&client).await;
    let held = current_token(&sandbox, &client).await;
    assert!(sandbox.expire_token(), "the client's token was alive");
    assert_eq!(lookup(&client, &imp_uid).await.unwrap().imp_uid, imp_uid, "renewed after a 401");
    assert_ne!(current_token(&sandbox, &client).await, held, "the sandbox issued a new token");
}

/// The token the sandbox hands out now (the same while one is alive).
async fn current_token(sandbox: &Sandbox, client: &Client) -> String {
    let (key, secret) = sandbox.credentials();
    let body = types::GetTokenRequest::builder().imp_key(key).imp_secret(secret);
    client.get_token().body(body).send().await.unwrap().access_token.expose_secret().to_owned()
}

#[tokio::test]
async fn a_token_endpoint_that_fails_is_an_authentication_error() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client_with(&sandbox, RetryPolicy::none());
    sandbox.inject_fault("getToken", Fault::ServerError).unwrap();
    let err = lookup(&client, "imp_000000000000").await.unwrap_err();
    let Error::Authentication(cause) = &err else { panic!("{err:?}") };
    assert_eq!(cause.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
}

#[tokio::test]
async fn the_errors_without_a_fault_come_from_the_sandbox_s_rules() {
    let (_sandbox, client) = start().await;
    let err = lookup(&client, "imp_000000000000").await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::NOT_FOUND, .. }), "{err:?}");
    let err = client.onetime().body(card("faults-declined", CARD_DECLINED)).send().await.unwrap_err();
    assert!(matches!(err, Error::Declined { .. }), "{err:?}");
}

#[tokio::test]
async fn an_operation_the_spec_lacks_is_refused() {
    let sandbox = Sandbox::start().await.unwrap();
    let err = sandbox.inject_fault("noSuchOperation", Fault::ServerError).unwrap_err();
    assert_eq!(err.to_string(), "the spec has no operation \"noSuchOperation\"");
    assert!(sandbox.inject_fault(LOOKUP, Fault::Delay(Duration::from_secs(3600))).is_err());
}
