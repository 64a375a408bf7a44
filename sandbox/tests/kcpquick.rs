//! KCP Quick Pay through the client: prepaid money charged until it runs
//! out, automatic-payment keys, advance registrations, members.

mod support;

use iamport::{Error, StatusCode, enums::PaymentStatus, types};
use iamport_sandbox::{CARD_APPROVED, CARD_DECLINED, KCPQUICK_MEMBER, KCPQUICK_MONEY};
use support::start;

fn money(merchant_uid: &str, member_id: &str, amount: i64) -> types::builder::KcpQuickMoneyRequest {
    types::KcpQuickMoneyRequest::builder()
        .imp_uid(format!("imp_{merchant_uid}"))
        .member_id(member_id)
        .channel_key("channel-key-sandbox-kcpquick")
        .merchant_uid(merchant_uid)
        .name("충전 상품")
        .amount(amount)
}

#[tokio::test]
async fn prepaid_money_pays_until_it_runs_out() {
    let (_sandbox, client) = start().await;
    let paid =
        client.pay_with_money().body(money("kcp-1", KCPQUICK_MEMBER, KCPQUICK_MONEY - 1000)).send().await.unwrap();
    assert_eq!((paid.status.clone(), paid.imp_uid.as_str()), (PaymentStatus::Paid, "imp_kcp-1"));
    assert_eq!(paid.pg_provider.as_deref(), Some("kcp_quick"));
    let declined = client.pay_with_money().body(money("kcp-2", KCPQUICK_MEMBER, 2000)).send().await.unwrap_err();
    let Error::Declined { payment } = &declined else { panic!("expected a decline, got {declined:?}") };
    assert_eq!(payment.status, PaymentStatus::Failed);
    let unknown = client.pay_with_money().body(money("kcp-3", "nobody", 10)).send().await.unwrap_err();
    assert_eq!((unknown.status(), unknown.code()), (Some(StatusCode::OK), Some(1)));
    let done = client.pay_with_money().body(money("kcp-1", KCPQUICK_MEMBER, 10)).send().await.unwrap_err();
    assert_eq!(done.code(), Some(1), "the payment imp_kcp-1 is done");

    let fido = types::KcpQuickFidoReleaseRequest::builder().channel_key("channel-key-sandbox-kcpquick");
    client.release_fido().member_id(KCPQUICK_MEMBER).body(fido).send().await.unwrap();
    let delete = || {
        client
            .member_delete()
            .member_id(KCPQUICK_MEMBER)
            .site_code("T0000")
            .partner_type("PARTNER")
            .partner_subtype("SUB")
    };
    let deleted = delete().send().await.unwrap();
    assert_eq!(deleted.member_id.as_deref(), Some(KCPQUICK_MEMBER));
    let gone = delete().send().await.unwrap_err();
    assert_eq!(gone.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn automatic_payment_keys_are_billing_keys() {
    let (_sandbox, client) = start().await;
    for (customer_uid, card) in [("kcp-key-ok", CARD_APPROVED), ("kcp-key-declined", CARD_DECLINED)] {
        let key = types::CustomerSaveRequest::builder()
            .channel_key("channel-key-sandbox")
            .card_number(card)
            .expiry("2099-12");
        client.customer_save().customer_uid(customer_uid).body(key).send().await.unwrap();
    }
    let charge = |customer_uid: &str, merchant_uid: &str| {
        types::KcpQuickAutopayRequest::builder()
            .customer_uid(customer_uid)
            .merchant_uid(merchant_uid)
            .name("정기 배송")
            .buyer_name("홍길동")
            .amount(15000)
    };
    let paid = client.pay_with_auto_payment_key().body(charge("kcp-key-ok", "kcp-auto-1")).send().await.unwrap();
    assert_eq!((paid.status, paid.buyer_name.as_deref()), (PaymentStatus::Paid, Some("홍길동")));
    let declined = client.pay_with_auto_payment_key().body(charge("kcp-key-declined", "kcp-auto-2")).send().await;
    assert!(matches!(declined, Err(Error::Declined { .. })), "{declined:?}");

    client.delete_auto_pay_key().customer_uid("kcp-key-ok").send().await.unwrap();
    let gone = client.delete_auto_pay_key().customer_uid("kcp-key-ok").send().await.unwrap_err();
    assert_eq!(gone.status(), Some(StatusCode::NOT_FOUND));
    let refused = client.pay_with_auto_payment_key().body(charge("kcp-key-ok", "kcp-auto-3")).send().await.unwrap_err();
    assert_eq!(refused.code(), Some(1));
}

#[tokio::test]
async fn payments_are_registered_in_advance_once_then_changed() {
    let (_sandbox, client) = start().await;
    let registration = |btid: &str| {
        types::KcpQuickPrepareRequest::builder().btid(btid).cust_ip("127.0.0.1").code_verifier("verifier-0123456789")
    };
    client.prepare_create().merchant_uid("kcp-prep-1").body(registration("B1")).send().await.unwrap();
    let twice = client.prepare_create().merchant_uid("kcp-prep-1").body(registration("B2")).send().await.unwrap_err();
    assert_eq!(twice.status(), Some(StatusCode::CONFLICT));
    client.prepare_update().merchant_uid("kcp-prep-1").body(registration("B3")).send().await.unwrap();
    let missing =
        client.prepare_update().merchant_uid("kcp-prep-404").body(registration("B4")).send().await.unwrap_err();
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));
}
