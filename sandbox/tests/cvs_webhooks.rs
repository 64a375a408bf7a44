//! Convenience-store barcodes and webhooks end to end: the sandbox calls a
//! merchant (a wiremock server on 127.0.0.1), and the merchant parses and
//! verifies what it received.

use std::time::Duration;

use iamport::{
    Amount, Client, Error, StatusCode,
    enums::PaymentStatus,
    types::{self, Payment},
    verify::{Expected, Verification},
    webhook::{CvsConfirm, CvsPayType, Notification, VerificationError},
};
use iamport_sandbox::{
    CARD_APPROVED, DeliveryKind, DeliveryOutcome, NotificationFormat, Sandbox, SandboxClock, SimulationError,
};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

const T0: i64 = 1_700_000_000;

async fn start(format: NotificationFormat) -> (Sandbox, Client) {
    let sandbox = Sandbox::builder()
        .clock(SandboxClock::fixed(T0))
        .notification_format(format)
        .start()
        .await
        .expect("sandbox starts");
    let client = sandbox.client().expect("client builds");
    (sandbox, client)
}

/// A merchant that answers `confirm_status` to confirm requests and 200 to notifications.
async fn merchant(confirm_status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/confirm"))
        .respond_with(ResponseTemplate::new(confirm_status))
        .mount(&server)
        .await;
    Mock::given(method("POST")).and(path("/notice")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

async fn issue(client: &Client, merchant: &MockServer, merchant_uid: &str, barcode: Option<&str>) -> Payment {
    let mut body = types::CvsIssueRequest::builder()
        .merchant_uid(merchant_uid)
        .amount(15000.0)
        .channel_key("channel-key-sandbox")
        .name("도시락")
        .confirm_url(format!("{}/confirm", merchant.uri()))
        .notice_url(vec![format!("{}/notice", merchant.uri())]);
    if let Some(barcode) = barcode {
        body = body.barcode(barcode);
    }
    client.issue_cvs_payment().body(body).send().await.expect("barcode issued")
}

/// The bodies and content types the merchant received at `p`.
async fn received(server: &MockServer, p: &str) -> Vec<(Option<String>, Vec<u8>)> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.url.path() == p)
        .map(|r| {
            let content_type = r.headers.get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
            (content_type, r.body.clone())
        })
        .collect()
}

#[tokio::test]
async fn a_barcode_is_confirmed_paid_and_its_notification_verified() {
    let (sandbox, client) = start(NotificationFormat::Json).await;
    let merchant = merchant(200).await;
    let ready = issue(&client, &merchant, "cvs-1", None).await;
    assert_eq!(ready.status, PaymentStatus::Ready);
    assert_eq!(ready.pay_method.as_deref(), Some("cvs"));
    let barcode = ready.vbank_num.clone().expect("a barcode");
    assert!(!barcode.is_empty());

    let paid = sandbox.simulate_cvs_payment(&ready.imp_uid, CvsPayType::Cash).await.unwrap();
    assert_eq!(paid.status, PaymentStatus::Paid);

    // The confirm request came first, in the documented shape.
    let confirms = received(&merchant, "/confirm").await;
    assert_eq!(confirms.len(), 1);
    let confirm = CvsConfirm::from_json(&confirms[0].1).unwrap();
    assert_eq!(confirm.imp_uid, ready.imp_uid);
    assert_eq!(confirm.status, PaymentStatus::Ready);
    assert_eq!((confirm.extra.barcode.as_str(), confirm.extra.pay_type), (barcode.as_str(), CvsPayType::Cash));

    // Then the notification, which the merchant verifies against the API.
    let notices = received(&merchant, "/notice").await;
    assert_eq!(notices.len(), 1);
    let notification = Notification::parse(notices[0].0.as_deref(), &notices[0].1).unwrap();
    assert_eq!(notification.status, PaymentStatus::Paid);
    let expected = Expected::new(&notification.merchant_uid, 15_000u32);
    let verified = client.verify_notification(&notification, &expected).await.unwrap();
    assert!(verified.is_paid(), "{verified:?}");
    assert_eq!(verified.payment().unwrap().imp_uid, ready.imp_uid);

    let deliveries = sandbox.deliveries();
    assert_eq!(deliveries.len(), 2);
    assert!(matches!(deliveries[0].kind, DeliveryKind::CvsConfirm(_)));
    assert!(matches!(deliveries[1].kind, DeliveryKind::Notification(_)));
    assert!(deliveries.iter().all(|d| d.outcome == DeliveryOutcome::Answered(200)));

    // A paid barcode can be neither paid again nor revoked.
    let again = sandbox.simulate_cvs_payment(&ready.imp_uid, CvsPayType::Card).await.unwrap_err();
    assert_eq!(again, SimulationError::NotReady(PaymentStatus::Paid));
    let err = client.revoke_cvs_payment().imp_uid(ready.imp_uid.as_str()).send().await.unwrap_err();
    assert!(matches!(err, Error::Api { status: StatusCode::OK, code: 1, .. }), "{err:?}");
}

#[tokio::test]
async fn a_confirm_request_is_verified_before_it_is_answered() {
    let (_sandbox, client) = start(NotificationFormat::Json).await;
    let merchant = merchant(200).await;
    let ready = issue(&client, &merchant, "cvs-confirm", Some("99887766554433")).await;
    assert_eq!(ready.vbank_num.as_deref(), Some("99887766554433"), "the merchant's own barcode");
    let confirm = CvsConfirm {
        event: iamport::webhook::CVS_CONFIRM_EVENT.to_owned(),
        imp_uid: ready.imp_uid.clone(),
        merchant_uid: "cvs-confirm".to_owned(),
        status: PaymentStatus::Ready,
        extra: iamport::webhook::CvsConfirmExtra { barcode: "99887766554433".to_owned(), pay_type: CvsPayType::Card },
    };
    let expected = Expected::new("cvs-confirm", 15_000u32);
    client.verify_cvs_confirm(&confirm, &expected).await.unwrap();
    let wrong_barcode = CvsConfirm {
        extra: iamport::webhook::CvsConfirmExtra { barcode: "1".to_owned(), pay_type: CvsPayType::Card },
        ..confirm.clone()
    };
    let err = client.verify_cvs_confirm(&wrong_barcode, &expected).await.unwrap_err();
    assert!(matches!(err, VerificationError::BarcodeMismatch), "{err:?}");
    let err = client.verify_cvs_confirm(&confirm, &Expected::new("cvs-confirm", 1_500u32)).await.unwrap_err();
    let VerificationError::NotAwaitingPayment(verification) = err else { panic!("{err:?}") };
    let Verification::AmountMismatch { expected, actual, .. } = *verification else { panic!("{verification:?}") };
    assert_eq!((expected.amount, actual.amount), (Amount::from(1_500u32), Amount::from(15_000u32)));
}

#[tokio::test]
async fn a_merchant_that_refuses_the_confirm_keeps_the_barcode_ready() {
    let (sandbox, client) = start(NotificationFormat::Json).await;
    let merchant = merchant(409).await;
    let ready = issue(&client, &merchant, "cvs-2", None).await;
    let err = sandbox.simulate_cvs_payment(&ready.imp_uid, CvsPayType::Card).await.unwrap_err();
    assert_eq!(err, SimulationError::Rejected { status: 409 });
    let still = client.get_payment_by_imp_uid().imp_uid(ready.imp_uid.as_str()).send().await.unwrap();
    assert_eq!(still.status, PaymentStatus::Ready);
    assert!(received(&merchant, "/notice").await.is_empty(), "no notification for a rejected payment");
}

#[tokio::test]
async fn revoked_expired_and_unknown_barcodes() {
    let (sandbox, client) = start(NotificationFormat::Json).await;
    let merchant = merchant(200).await;
    let ready = issue(&client, &merchant, "cvs-3", None).await;
    let revoked = client.revoke_cvs_payment().imp_uid(ready.imp_uid.as_str()).send().await.unwrap();
    assert_eq!(revoked.status, PaymentStatus::Cancelled);
    assert_eq!(revoked.cancel_amount, 15000.0);
    assert_eq!(revoked.cancelled_at.unix(), Some(T0));
    let err = sandbox.simulate_cvs_payment(&ready.imp_uid, CvsPayType::Cash).await.unwrap_err();
    assert_eq!(err, SimulationError::NotReady(PaymentStatus::Cancelled));

    let unknown = client.revoke_cvs_payment().imp_uid("imp_999999999999").send().await.unwrap_err();
    assert!(matches!(unknown, Error::Api { status: StatusCode::NOT_FOUND, .. }), "{unknown:?}");
    let unknown = sandbox.simulate_cvs_payment("imp_999999999999", CvsPayType::Cash).await.unwrap_err();
    assert_eq!(unknown, SimulationError::UnknownPayment);

    let expiring = issue(&client, &merchant, "cvs-4", None).await;
    sandbox.clock().advance(Duration::from_secs(8 * 24 * 60 * 60));
    let err = sandbox.simulate_cvs_payment(&expiring.imp_uid, CvsPayType::Cash).await.unwrap_err();
    assert_eq!(err, SimulationError::Expired);
    // A new barcode under a merchant_uid that is still ready is refused.
    let dup = client
        .issue_cvs_payment()
        .body(types::CvsIssueRequest::builder().merchant_uid("cvs-4").amount(100.0).channel_key("k"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(dup.code(), Some(1));
}

#[tokio::test]
async fn cancel_notifications_come_form_encoded_and_stale_ones_fail_verification() {
    let (_sandbox, client) = start(NotificationFormat::Form).await;
    let merchant = merchant(200).await;
    let notice_url = format!("{}/notice", merchant.uri());
    let paid = client
        .onetime()
        .body(
            types::OnetimeRequest::builder()
                .merchant_uid("order-n")
                .amount(5000.0)
                .card_number(CARD_APPROVED)
                .expiry("2030-12")
                .notice_url(notice_url),
        )
        .send()
        .await
        .unwrap();
    client
        .cancel_payment()
        .body(types::CancelRequest::builder().imp_uid(paid.imp_uid.clone()).reason("환불"))
        .send()
        .await
        .unwrap();

    let notices = received(&merchant, "/notice").await;
    assert_eq!(notices.len(), 2);
    assert_eq!(notices[0].0.as_deref(), Some("application/x-www-form-urlencoded"));
    let paid_notice = Notification::parse(notices[0].0.as_deref(), &notices[0].1).unwrap();
    let cancel_notice = Notification::parse(notices[1].0.as_deref(), &notices[1].1).unwrap();
    assert_eq!(paid_notice.status, PaymentStatus::Paid);
    assert_eq!(cancel_notice.status, PaymentStatus::Cancelled);
    assert!(cancel_notice.cancellation_id.is_some());

    let order = Expected::new(&paid_notice.merchant_uid, 5_000u32);
    let cancelled = client.verify_notification(&cancel_notice, &order).await.unwrap();
    assert!(matches!(cancelled, Verification::Cancelled { wholly: true, .. }), "{cancelled:?}");
    // The "paid" notification arriving late: the API's status is what counts.
    let late = client.verify_notification(&paid_notice, &order).await.unwrap();
    assert!(matches!(late, Verification::Cancelled { wholly: true, .. }), "{late:?}");
    // A forged notification: another order's payment, an unknown payment.
    let forged = Notification { merchant_uid: "other-order".into(), ..cancel_notice.clone() };
    let other = client.verify_notification(&forged, &Expected::new("other-order", 5_000u32)).await.unwrap();
    assert!(matches!(other, Verification::OtherOrder { .. }), "{other:?}");
    let unknown = Notification { imp_uid: "imp_999999999999".into(), ..cancel_notice };
    assert!(matches!(client.verify_notification(&unknown, &order).await, Ok(Verification::NotFound)));
}

#[tokio::test]
async fn webhooks_to_non_loopback_hosts_are_not_sent() {
    let (sandbox, client) = start(NotificationFormat::Json).await;
    client
        .onetime()
        .body(
            types::OnetimeRequest::builder()
                .merchant_uid("order-remote")
                .amount(5000.0)
                .card_number(CARD_APPROVED)
                .expiry("2030-12")
                .notice_url("https://shop.example.com/notice"),
        )
        .send()
        .await
        .unwrap();
    let deliveries = sandbox.deliveries();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].outcome, DeliveryOutcome::NotLoopback);
}
