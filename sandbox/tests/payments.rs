//! Card charges, billing keys, lookups and cancels against the sandbox,
//! through the client.

mod support;

use std::time::Duration;

use iamport::{
    Client, Error, StatusCode,
    enums::{CustomerUidUsage, PaymentSorting, PaymentStatus},
    types::{self, Payment, PaymentStatusFilter},
};
use iamport_sandbox::{CARD_APPROVED, CARD_AUTHENTICATION_FAILS, CARD_DECLINED, DECLINE_REASON};
use support::{T0, start};

async fn charge(client: &Client, merchant_uid: &str, amount: f64, card: &str) -> iamport::Result<Payment> {
    client
        .onetime()
        .body(
            types::OnetimeRequest::builder()
                .merchant_uid(merchant_uid)
                .amount(amount)
                .card_number(card)
                .expiry("2030-12")
                .name("월간 이용권"),
        )
        .send()
        .await
}

#[tokio::test]
async fn test_cards_approve_decline_and_fail_authentication() {
    let (_sandbox, client) = start().await;

    let paid = charge(&client, "order-approved", 8900.0, CARD_APPROVED).await.unwrap();
    assert_eq!(paid.status, PaymentStatus::Paid);
    assert_eq!((paid.amount, paid.cancel_amount), (8900.0, 0.0));
    assert_eq!(paid.paid_at.unix(), Some(T0));
    assert_eq!(paid.card_number.as_deref(), Some("42424242****4242"));
    assert!(paid.imp_uid.starts_with("imp_") && paid.imp_uid.len() == 16, "{}", paid.imp_uid);

    let err = charge(&client, "order-declined", 8900.0, CARD_DECLINED).await.unwrap_err();
    let declined = err.declined_payment().expect("a declined charge");
    assert_eq!(declined.status, PaymentStatus::Failed);
    assert_eq!(declined.fail_reason.as_deref(), Some(DECLINE_REASON));
    assert_eq!(declined.failed_at.unix(), Some(T0));

    let err = charge(&client, "order-auth", 8900.0, CARD_AUTHENTICATION_FAILS).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::OK, code: -1, .. }), "{err:?}");
    assert!(client.find_payment("order-auth").await.unwrap().is_none(), "no payment is created");
}

#[tokio::test]
async fn an_expired_card_fails_authentication() {
    let (sandbox, client) = start().await;
    let body = types::OnetimeRequest::builder()
        .merchant_uid("order-expired")
        .amount(1000.0)
        .card_number(CARD_APPROVED)
        .expiry("2023-10"); // T0 is in 2023-11
    let err = client.onetime().body(body).send().await.unwrap_err();
    assert_eq!(err.code(), Some(-1));
    drop(sandbox);
}

#[tokio::test]
async fn a_paid_merchant_uid_cannot_be_charged_again_but_a_failed_one_can() {
    let (_sandbox, client) = start().await;
    charge(&client, "order-1", 1000.0, CARD_APPROVED).await.unwrap();
    let err = charge(&client, "order-1", 1000.0, CARD_APPROVED).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::OK, code: 1, .. }), "{err:?}");

    charge(&client, "order-2", 1000.0, CARD_DECLINED).await.unwrap_err();
    let retried = charge(&client, "order-2", 1000.0, CARD_APPROVED).await.unwrap();
    assert_eq!(retried.status, PaymentStatus::Paid);

    // Two payments under order-2 now: the lookups pick by status and sorting.
    let failed = client
        .get_payment_by_merchant_uid()
        .merchant_uid("order-2")
        .payment_status(PaymentStatusFilter::Failed)
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status, PaymentStatus::Failed);
    let newest = client.find_payment("order-2").await.unwrap().unwrap();
    assert_eq!(newest.imp_uid, retried.imp_uid);
    let oldest = client
        .get_payment_by_merchant_uid_any_status()
        .merchant_uid("order-2")
        .sorting(PaymentSorting::StartedOldestFirst)
        .send()
        .await
        .unwrap();
    assert_eq!(oldest.imp_uid, failed.imp_uid);
    let none = client
        .get_payment_by_merchant_uid()
        .merchant_uid("order-2")
        .payment_status(PaymentStatusFilter::Cancelled)
        .send()
        .await
        .unwrap_err();
    assert_eq!(none.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn a_billing_key_is_stored_charged_viewed_and_deleted() {
    let (_sandbox, client) = start().await;
    let first = client
        .onetime()
        .body(
            types::OnetimeRequest::builder()
                .merchant_uid("sub-1")
                .amount(9900.0)
                .card_number(CARD_APPROVED)
                .expiry("2030-12")
                .customer_uid("customer-1")
                .buyer_name("홍길동"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(first.customer_uid_usage, Some(CustomerUidUsage::Issue));

    let customer = client.customer_view().customer_uid("customer-1").send().await.unwrap();
    assert_eq!(customer.customer_uid, "customer-1");
    assert_eq!(customer.card_number.as_deref(), Some("42424242****4242"));
    assert_eq!(customer.customer_name.as_deref(), Some("홍길동"));

    let again = client
        .again()
        .body(
            types::AgainRequest::builder().customer_uid("customer-1").merchant_uid("sub-2").amount(9900.0).name("2월"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(again.status, PaymentStatus::Paid);
    assert_eq!(again.customer_uid_usage, Some(CustomerUidUsage::Payment));
    assert_eq!(again.buyer_name.as_deref(), Some("홍길동"));

    client.customer_delete().customer_uid("customer-1").reason("해지").send().await.unwrap();
    let gone = client.customer_view().customer_uid("customer-1").send().await.unwrap_err();
    assert_eq!(gone.status(), Some(StatusCode::NOT_FOUND));
    let refused = client
        .again()
        .body(
            types::AgainRequest::builder().customer_uid("customer-1").merchant_uid("sub-3").amount(9900.0).name("3월"),
        )
        .send()
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Api { status: StatusCode::OK, code: 1, .. }), "{refused:?}");
}

#[tokio::test]
async fn a_declining_billing_key_declines_again() {
    let (_sandbox, client) = start().await;
    let body = types::OnetimeRequest::builder()
        .merchant_uid("sub-d1")
        .amount(1000.0)
        .card_number(CARD_DECLINED)
        .expiry("2030-12")
        .customer_uid("customer-d");
    client.onetime().body(body).send().await.unwrap_err();
    let body =
        types::AgainRequest::builder().customer_uid("customer-d").merchant_uid("sub-d2").amount(1000.0).name("x");
    let err = client.again().body(body).send().await.unwrap_err();
    assert!(err.declined_payment().is_some(), "{err:?}");
}

#[tokio::test]
async fn partial_then_full_cancel_with_checksum_and_history() {
    let (sandbox, client) = start().await;
    let paid = charge(&client, "order-c", 10000.0, CARD_APPROVED).await.unwrap();
    sandbox.clock().advance(Duration::from_secs(60));

    let partial = client
        .cancel_payment()
        .body(
            types::CancelRequest::builder()
                .imp_uid(paid.imp_uid.clone())
                .amount(3000.0)
                .checksum(10000.0)
                .reason("부분 환불"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(partial.status, PaymentStatus::Paid);
    assert_eq!(partial.cancel_amount, 3000.0);
    let history = partial.cancel_history.clone().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].amount, Some(3000.0));
    assert_eq!(history[0].cancelled_at.unix(), Some(T0 + 60));
    assert!(history[0].cancellation_id.is_some());

    // A stale checksum (a retry of the same cancel) is refused.
    let stale = client
        .cancel_payment()
        .body(types::CancelRequest::builder().imp_uid(paid.imp_uid.clone()).amount(3000.0).checksum(10000.0))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(stale, Error::Api { status: StatusCode::OK, code: 1, .. }), "{stale:?}");
    let too_much = client
        .cancel_payment()
        .body(types::CancelRequest::builder().merchant_uid("order-c").amount(7001.0))
        .send()
        .await
        .unwrap_err();
    assert_eq!(too_much.code(), Some(1));

    let full = client
        .cancel_payment()
        .body(types::CancelRequest::builder().merchant_uid("order-c").checksum(7000.0))
        .send()
        .await
        .unwrap();
    assert_eq!(full.status, PaymentStatus::Cancelled);
    assert_eq!(full.cancel_amount, 10000.0);
    assert_eq!(full.cancel_history.unwrap().len(), 2);

    let looked_up = client.get_payment_by_imp_uid().imp_uid(paid.imp_uid.as_str()).send().await.unwrap();
    assert_eq!(looked_up.status, PaymentStatus::Cancelled);
    let again = client
        .cancel_payment()
        .body(types::CancelRequest::builder().imp_uid(paid.imp_uid.clone()))
        .send()
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some(1));
}

#[tokio::test]
async fn unknown_payments_are_404_on_lookup_and_code_1_on_cancel() {
    let (_sandbox, client) = start().await;
    let err = client.get_payment_by_imp_uid().imp_uid("imp_999999999999").send().await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::NOT_FOUND, code: -1, .. }), "{err:?}");
    assert!(client.find_payment("no-such-order").await.unwrap().is_none());
    let err = client
        .cancel_payment()
        .body(types::CancelRequest::builder().imp_uid("imp_999999999999"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::OK, code: 1, .. }), "{err:?}");
}
