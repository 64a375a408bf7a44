//! What a refused cancel looks like, against the sandbox: a stale
//! `checksum` is told apart from a payment that does not exist, though the
//! API answers both with `code: 1` at HTTP 200.

use iamport::{Error, StatusCode, types};
use iamport_sandbox::{CARD_APPROVED, Sandbox};

#[tokio::test]
async fn a_stale_checksum_is_recognised_and_no_such_payment_is_not() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client().unwrap();
    let charge = types::OnetimeRequest::builder()
        .merchant_uid("cancel-checksum")
        .amount(10_000u64)
        .card_number(CARD_APPROVED)
        .expiry("2030-12");
    let paid = client.onetime().body(charge).send().await.unwrap();
    let cancel = |imp_uid: &str, checksum: u64| {
        let body = types::CancelRequest::builder().imp_uid(imp_uid).amount(1_000u64).checksum(checksum);
        client.cancel_payment().body(body).send()
    };

    // Our records say 10,000 is left; someone else refunds 1,000 meanwhile.
    cancel(&paid.imp_uid, 10_000).await.unwrap();
    let stale = cancel(&paid.imp_uid, 10_000).await.unwrap_err();
    assert!(matches!(stale, Error::Api { status: StatusCode::OK, code: 1, .. }), "{stale:?}");
    assert!(stale.is_checksum_mismatch(), "{stale:?}");
    assert!(!stale.is_retryable(), "{stale:?}");
    cancel(&paid.imp_uid, 9_000).await.expect("the checksum of up-to-date records is accepted");

    let missing = cancel("imp_000000000000", 10_000).await.unwrap_err();
    assert!(matches!(missing, Error::Api { code: 1, .. }), "{missing:?}");
    assert!(!missing.is_checksum_mismatch(), "{missing:?}");
}
