//! Billing keys stored from card data against the sandbox, through the
//! client: save (test cards decide), read several (200, 207, 404), the
//! payments charged to a key.

mod support;

use iamport::{
    Client, Error, StatusCode,
    enums::PaymentStatus,
    types::{self, Customer},
};
use iamport_sandbox::{CARD_APPROVED, CARD_AUTHENTICATION_FAILS, CARD_DECLINED};
use support::{T0, start};

async fn save(client: &Client, customer_uid: &str, card: &str) -> iamport::Result<Customer> {
    let request = types::CustomerSaveRequest::builder()
        .channel_key("channel-key-sandbox")
        .card_number(card)
        .expiry("2099-12")
        .customer_name("홍길동");
    client.customer_save().customer_uid(customer_uid).body(request).send().await
}

async fn again(client: &Client, customer_uid: &str, merchant_uid: &str) -> iamport::Result<types::Payment> {
    let request = types::AgainRequest::builder()
        .customer_uid(customer_uid)
        .merchant_uid(merchant_uid)
        .amount(9900.0)
        .name("정기결제");
    client.again().body(request).send().await
}

#[tokio::test]
async fn a_saved_card_is_a_billing_key_that_again_charges() {
    let (sandbox, client) = start().await;

    let saved = save(&client, "cust-1", CARD_APPROVED).await.unwrap();
    assert_eq!(saved.customer_uid, "cust-1");
    assert_eq!(saved.card_number.as_deref(), Some("42424242****4242"));
    assert_eq!(saved.customer_name.as_deref(), Some("홍길동"));
    assert_eq!(saved.inserted.unix(), Some(T0));
    let viewed = client.customer_view().customer_uid("cust-1").send().await.unwrap();
    assert_eq!(viewed.card_number, saved.card_number);

    let paid = again(&client, "cust-1", "sub-1").await.unwrap();
    assert_eq!(paid.status, PaymentStatus::Paid);
    assert_eq!(paid.buyer_name.as_deref(), Some("홍길동"));

    // Saving again under the same id replaces the card, keeps `inserted`.
    sandbox.clock().advance(std::time::Duration::from_secs(60));
    let replaced = save(&client, "cust-1", CARD_DECLINED).await.unwrap();
    assert_eq!(replaced.card_number.as_deref(), Some("40000000****0002"));
    assert_eq!((replaced.inserted.unix(), replaced.updated.unix()), (Some(T0), Some(T0 + 60)));
    let declined = again(&client, "cust-1", "sub-2").await.unwrap_err();
    assert!(declined.declined_payment().is_some(), "{declined:?}");
}

#[tokio::test]
async fn a_card_that_fails_authentication_stores_nothing() {
    let (_sandbox, client) = start().await;
    let err = save(&client, "cust-bad", CARD_AUTHENTICATION_FAILS).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::OK, code: -1, .. }), "{err:?}");
    assert!(!format!("{err:?} {err}").contains("0127"), "no card data in errors");
    let missing = client.customer_view().customer_uid("cust-bad").send().await.unwrap_err();
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn several_keys_answer_200_207_or_404() {
    let (_sandbox, client) = start().await;
    save(&client, "cust-a", CARD_APPROVED).await.unwrap();
    save(&client, "cust-b", CARD_APPROVED).await.unwrap();

    let uids = |list: &[Customer]| list.iter().map(|c| c.customer_uid.clone()).collect::<Vec<_>>();
    let both = client.customer_view_multiple().customer_uid(vec!["cust-a".into(), "cust-b".into()]).send().await;
    assert_eq!(uids(&both.unwrap()), ["cust-a", "cust-b"]);
    let some = client.customer_view_multiple().customer_uid(vec!["cust-x".into(), "cust-b".into()]).send().await;
    assert_eq!(uids(&some.unwrap()), ["cust-b"]);
    let none = client.customer_view_multiple().customer_uid(vec!["cust-x".into()]).send().await.unwrap_err();
    assert_eq!(none.status(), Some(StatusCode::NOT_FOUND), "{none:?}");
}

#[tokio::test]
async fn the_payments_of_a_key_newest_first() {
    let (sandbox, client) = start().await;
    save(&client, "cust-p", CARD_APPROVED).await.unwrap();
    let first = again(&client, "cust-p", "sub-p1").await.unwrap();
    sandbox.clock().advance(std::time::Duration::from_secs(1));
    let second = again(&client, "cust-p", "sub-p2").await.unwrap();

    let page = client.customer_payments().customer_uid("cust-p").send().await.unwrap();
    assert_eq!((page.total, page.previous, page.next), (Some(2), Some(0), Some(0)));
    let ids: Vec<_> = page.list.unwrap().into_iter().map(|p| p.imp_uid).collect();
    assert_eq!(ids, [second.imp_uid, first.imp_uid]);

    let unknown = client.customer_payments().customer_uid("cust-none").send().await.unwrap_err();
    assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND), "{unknown:?}");
}
