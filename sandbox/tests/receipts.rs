//! Cash receipts through the client: issued for a paid virtual account (for
//! what is left after a partial cancel), read, revoked and issued again;
//! receipts of outside payments.

mod support;

use iamport::{Client, StatusCode, types};
use iamport_sandbox::Sandbox;
use support::{T0, card_payment, start};

/// A virtual account of 32,000 KRW, deposited into.
async fn paid_vbank(sandbox: &Sandbox, client: &Client, merchant_uid: &str) -> types::Payment {
    let request = types::VbankCreateRequest::builder()
        .channel_key("channel-key-sandbox")
        .merchant_uid(merchant_uid)
        .amount(32000.0)
        .vbank_code("004")
        .vbank_due(T0 + 86_400);
    let ready = client.create_vbank().body(request).send().await.expect("issued");
    sandbox.simulate_vbank_deposit(&ready.imp_uid).await.expect("deposited")
}

fn receipt_request() -> types::builder::ReceiptIssueRequest {
    types::ReceiptIssueRequest::builder()
        .identifier("01012345678")
        .identifier_type(types::ReceiptIdentifierType::Phone)
        .type_(types::ReceiptType::Person)
}

#[tokio::test]
async fn a_receipt_is_issued_read_revoked_and_issued_again() {
    let (sandbox, client) = start().await;
    let paid = paid_vbank(&sandbox, &client, "receipt-1").await;
    let imp_uid = paid.imp_uid.as_str();
    let cancel = types::CancelRequest::builder().imp_uid(imp_uid).amount(2000.0).reason("부분 환불");
    client.cancel_payment().body(cancel).send().await.expect("partly cancelled");

    let issued = client.issue_receipt().imp_uid(imp_uid).body(receipt_request()).send().await.unwrap();
    assert_eq!(issued.imp_uid.as_deref(), Some(imp_uid));
    assert_eq!(issued.amount, Some(30000.0), "what is left after the cancel");
    assert_eq!(issued.vat, Some(2727.0));
    assert_eq!(issued.type_.as_deref(), Some("person"));
    assert_eq!(issued.applied_at.raw(), T0);
    assert!(!issued.cancelled_at.is_set());
    assert!(issued.receipt_tid.is_some() && issued.apply_num.is_some());
    let payment = client.get_payment_by_imp_uid().imp_uid(imp_uid).send().await.unwrap();
    assert_eq!(payment.cash_receipt_issued, Some(true));

    let read = client.get_receipt().imp_uid(imp_uid).send().await.unwrap();
    assert_eq!(read.receipt_tid, issued.receipt_tid);
    let twice = client.issue_receipt().imp_uid(imp_uid).body(receipt_request()).send().await.unwrap_err();
    assert_eq!((twice.status(), twice.code()), (Some(StatusCode::OK), Some(1)));

    let revoked = client.revoke_receipt().imp_uid(imp_uid).send().await.unwrap();
    assert_eq!(revoked.cancelled_at.raw(), T0);
    assert_eq!(client.get_receipt().imp_uid(imp_uid).send().await.unwrap().cancelled_at, revoked.cancelled_at);
    assert_eq!(client.revoke_receipt().imp_uid(imp_uid).send().await.unwrap_err().code(), Some(1));

    let again = client.issue_receipt().imp_uid(imp_uid).body(receipt_request()).send().await.unwrap();
    assert_ne!(again.receipt_tid, issued.receipt_tid);
}

#[tokio::test]
async fn receipts_are_only_for_paid_cash_like_payments() {
    let (_sandbox, client) = start().await;
    let card = card_payment(&client, "receipt-card", 1000.0).await;
    let refused = client.issue_receipt().imp_uid(card.imp_uid.as_str()).body(receipt_request()).send().await;
    assert_eq!(refused.unwrap_err().code(), Some(1));
    let unknown = client.issue_receipt().imp_uid("imp_000000000000").body(receipt_request()).send().await;
    assert_eq!(unknown.unwrap_err().code(), Some(-1));
    let none = client.get_receipt().imp_uid(card.imp_uid.as_str()).send().await.unwrap_err();
    assert_eq!(none.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn an_outside_payment_gets_a_receipt_and_loses_it() {
    let (_sandbox, client) = start().await;
    let request = types::ExternalReceiptIssueRequest::builder()
        .channel_key("channel-key-sandbox")
        .name("매장 결제")
        .amount(110000)
        .identifier("1234567890")
        .identifier_type(types::ReceiptIdentifierType::Business)
        .type_(types::ReceiptType::Company);
    let issued = client.issue_external_receipt().merchant_uid("offline-1").body(request.clone()).send().await.unwrap();
    assert_eq!(issued.merchant_uid.as_deref(), Some("offline-1"));
    assert_eq!((issued.amount, issued.vat), (Some(110000.0), Some(10000.0)));
    assert_eq!(issued.type_.as_deref(), Some("company"));
    let twice = client.issue_external_receipt().merchant_uid("offline-1").body(request).send().await.unwrap_err();
    assert_eq!(twice.code(), Some(1));

    let read = client.get_external_receipt().merchant_uid("offline-1").send().await.unwrap();
    assert_eq!(read.receipt_tid, issued.receipt_tid);
    let revoked = client.revoke_external_receipt().merchant_uid("offline-1").send().await.unwrap();
    assert_eq!(revoked.cancelled_at.raw(), T0);
    let unknown = client.get_external_receipt().merchant_uid("offline-404").send().await.unwrap_err();
    assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND));
    let unknown = client.revoke_external_receipt().merchant_uid("offline-404").send().await.unwrap_err();
    assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND));
}
