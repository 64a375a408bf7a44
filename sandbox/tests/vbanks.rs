//! Virtual accounts through the client: issued, deposited into (and the
//! notification verified), changed, expired, revoked; account holders.

mod support;

use std::time::Duration;

use iamport::{Client, StatusCode, enums::PaymentStatus, types, webhook::Notification};
use iamport_sandbox::{DeliveryKind, DeliveryOutcome, SimulationError, TEST_ACCOUNT_HOLDER};
use support::{T0, start};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

const DAY: i64 = 86_400;

async fn merchant() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/notice")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

async fn issue(
    client: &Client,
    merchant_uid: &str,
    due: i64,
    notice_url: Vec<String>,
) -> iamport::Result<types::Payment> {
    let request = types::VbankCreateRequest::builder()
        .channel_key("channel-key-sandbox")
        .merchant_uid(merchant_uid)
        .amount(32000.0)
        .vbank_code("004")
        .vbank_due(due)
        .vbank_holder("홍길동상점")
        .name("도시락 정기배송")
        .buyer_name("김구매")
        .notice_url(notice_url);
    client.create_vbank().body(request).send().await
}

#[tokio::test]
async fn a_vbank_is_issued_deposited_into_and_notified() {
    let (sandbox, client) = start().await;
    let merchant = merchant().await;
    let ready = issue(&client, "vbank-1", T0 + DAY, vec![format!("{}/notice", merchant.uri())]).await.unwrap();
    assert_eq!(ready.status, PaymentStatus::Ready);
    assert_eq!(ready.pay_method.as_deref(), Some("vbank"));
    assert_eq!((ready.vbank_code.as_deref(), ready.vbank_name.as_deref()), (Some("004"), Some("KB국민은행")));
    assert_eq!(ready.vbank_holder.as_deref(), Some("홍길동상점"));
    assert!(ready.vbank_num.as_deref().is_some_and(|n| n.len() >= 10), "{:?}", ready.vbank_num);
    assert_eq!(ready.vbank_date.raw(), T0 + DAY);
    assert_eq!(ready.vbank_issued_at.raw(), T0);

    sandbox.clock().advance(Duration::from_secs(3600));
    let paid = sandbox.simulate_vbank_deposit(&ready.imp_uid).await.unwrap();
    assert_eq!(paid.status, PaymentStatus::Paid);
    assert_eq!(paid.paid_at.raw(), T0 + 3600);
    assert_eq!(paid.deposit_history.as_ref().map(Vec::len), Some(1));

    // The notification reached the merchant and checks out with the API.
    let received = merchant.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1);
    let content_type = received[0].headers.get("content-type").and_then(|v| v.to_str().ok());
    let notification = Notification::parse(content_type, &received[0].body).unwrap();
    assert_eq!(notification.status, PaymentStatus::Paid);
    let expected = iamport::verify::Expected::new(&notification.merchant_uid, 32_000u32);
    let verified = client.verify_notification(&notification, &expected).await.unwrap();
    assert!(verified.is_paid(), "{verified:?}");
    assert_eq!(verified.payment().unwrap().imp_uid, ready.imp_uid);
    let deliveries = sandbox.deliveries();
    assert!(
        matches!(&deliveries[..], [d] if matches!(d.kind, DeliveryKind::Notification(_)) && d.outcome == DeliveryOutcome::Answered(200))
    );

    // Paid: neither deposited into again nor revoked nor changed.
    let again = sandbox.simulate_vbank_deposit(&ready.imp_uid).await.unwrap_err();
    assert_eq!(again, SimulationError::NotReady(PaymentStatus::Paid));
    let revoke = client.revoke_vbank().imp_uid(ready.imp_uid.as_str()).send().await.unwrap_err();
    assert_eq!((revoke.status(), revoke.code()), (Some(StatusCode::OK), Some(1)));
}

#[tokio::test]
async fn an_expired_vbank_refuses_the_deposit() {
    let (sandbox, client) = start().await;
    let ready = issue(&client, "vbank-2", T0 + DAY, Vec::new()).await.unwrap();
    sandbox.clock().advance(Duration::from_secs(DAY as u64));
    assert_eq!(sandbox.simulate_vbank_deposit(&ready.imp_uid).await.unwrap_err(), SimulationError::Expired);
    let still = client.get_payment_by_imp_uid().imp_uid(ready.imp_uid.as_str()).send().await.unwrap();
    assert_eq!(still.status, PaymentStatus::Ready, "an expired account stays unpaid");
    assert!(sandbox.deliveries().is_empty());
}

#[tokio::test]
async fn a_vbank_is_changed_then_revoked_and_refuses_the_deposit() {
    let (sandbox, client) = start().await;
    let ready = issue(&client, "vbank-3", T0 + DAY, Vec::new()).await.unwrap();
    let changed = client
        .modify_vbank()
        .imp_uid(ready.imp_uid.as_str())
        .body(types::VbankModifyRequest::builder().amount(30000.0).vbank_due(T0 + 2 * DAY))
        .send()
        .await
        .unwrap();
    assert_eq!((changed.amount, changed.vbank_date.raw()), (30000.0, T0 + 2 * DAY));
    let past = client
        .modify_vbank()
        .imp_uid(ready.imp_uid.as_str())
        .body(types::VbankModifyRequest::builder().vbank_due(T0 - 1))
        .send()
        .await
        .unwrap_err();
    assert_eq!(past.code(), Some(1));

    let revoked = client.revoke_vbank().imp_uid(ready.imp_uid.as_str()).send().await.unwrap();
    assert_eq!(revoked.status, PaymentStatus::Cancelled);
    assert_eq!(revoked.cancel_amount, 30000.0);
    assert_eq!(
        sandbox.simulate_vbank_deposit(&ready.imp_uid).await.unwrap_err(),
        SimulationError::NotReady(PaymentStatus::Cancelled)
    );
    let unknown = client.revoke_vbank().imp_uid("imp_000000000000").send().await.unwrap_err();
    assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn vbanks_are_refused_for_past_deadlines_unknown_banks_and_taken_merchant_uids() {
    let (sandbox, client) = start().await;
    assert_eq!(issue(&client, "vbank-4", T0, Vec::new()).await.unwrap_err().code(), Some(1));
    let unknown_bank = types::VbankCreateRequest::builder()
        .channel_key("channel-key-sandbox")
        .merchant_uid("vbank-4")
        .amount(1000.0)
        .vbank_code("999")
        .vbank_due(T0 + DAY);
    assert_eq!(client.create_vbank().body(unknown_bank).send().await.unwrap_err().code(), Some(1));
    issue(&client, "vbank-4", T0 + DAY, Vec::new()).await.unwrap();
    assert_eq!(issue(&client, "vbank-4", T0 + DAY, Vec::new()).await.unwrap_err().code(), Some(1));
    let unknown = sandbox.simulate_vbank_deposit("imp_000000000000").await.unwrap_err();
    assert_eq!(unknown, SimulationError::UnknownPayment);
}

#[tokio::test]
async fn account_holders_are_looked_up_for_known_banks() {
    let (_sandbox, client) = start().await;
    let holder = client.query_bank_holder().bank_code("088").bank_num("110-123-456789").send().await.unwrap();
    assert_eq!(holder.bank_holder.as_deref(), Some(TEST_ACCOUNT_HOLDER));
    let unknown = client.query_bank_holder().bank_code("999").bank_num("110-123-456789").send().await.unwrap_err();
    assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND));
}
