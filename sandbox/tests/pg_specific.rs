//! The small PG-specific groups through the client: Benepia points, PAYCO
//! order statuses, Paymentwall deliveries, sub-merchant sales slips.

mod support;

use iamport::{Error, StatusCode, enums::PaymentStatus, types};
use iamport_sandbox::{BENEPIA_PASSWORD, BENEPIA_POINTS, BENEPIA_USER};
use support::{card_payment, start};

#[tokio::test]
async fn benepia_points_pay_until_they_run_out() {
    let (_sandbox, client) = start().await;
    let login = |password: &str| {
        types::BenepiaPointRequest::builder()
            .benepia_user(BENEPIA_USER)
            .benepia_password(password)
            .channel_key("channel-key-sandbox")
    };
    let balance = client.query_benepia_point().body(login(BENEPIA_PASSWORD)).send().await.unwrap();
    assert_eq!(balance.point, Some(BENEPIA_POINTS));
    let wrong = client.query_benepia_point().body(login("wrong")).send().await.unwrap_err();
    assert_eq!((wrong.status(), wrong.code()), (Some(StatusCode::OK), Some(1)));

    let pay = |merchant_uid: &str, amount: f64| {
        types::BenepiaPaymentRequest::builder()
            .benepia_user(BENEPIA_USER)
            .benepia_password(BENEPIA_PASSWORD)
            .merchant_uid(merchant_uid)
            .amount(amount)
            .name("복지몰 상품")
            .channel_key("channel-key-sandbox")
    };
    let paid = client.pay_benepia_point().body(pay("benepia-1", 100_000.0)).send().await.unwrap();
    assert_eq!(paid.status, PaymentStatus::Paid);
    let left = client.query_benepia_point().body(login(BENEPIA_PASSWORD)).send().await.unwrap();
    assert_eq!(left.point, Some(BENEPIA_POINTS - 100_000));
    let declined = client.pay_benepia_point().body(pay("benepia-2", 50_000.0)).send().await;
    assert!(matches!(declined, Err(Error::Declined { .. })), "{declined:?}");
}

#[tokio::test]
async fn payco_orders_move_to_a_final_status() {
    let (_sandbox, client) = start().await;
    let paid = card_payment(&client, "payco-1", 20000.0).await;
    let change = |status| types::PaycoStatusRequest::builder().status(status);
    let shipped = client
        .change_order_status()
        .imp_uid(paid.imp_uid.as_str())
        .body(change(types::PaycoStatusRequestStatus::DeliveryStart))
        .send()
        .await
        .unwrap();
    assert_eq!(shipped.status.as_deref(), Some("DELIVERY_START"));
    let cancelled = client
        .change_order_status()
        .imp_uid(paid.imp_uid.as_str())
        .body(change(types::PaycoStatusRequestStatus::Canceled))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status.as_deref(), Some("CANCELED"));
    let payment = client.get_payment_by_imp_uid().imp_uid(paid.imp_uid.as_str()).send().await.unwrap();
    assert_eq!((payment.status, payment.cancel_amount), (PaymentStatus::Cancelled, 20000.0));
    let again = client
        .change_order_status()
        .imp_uid(paid.imp_uid.as_str())
        .body(change(types::PaycoStatusRequestStatus::PurchaseDecision))
        .send()
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some(1));
    let unknown = client
        .change_order_status()
        .imp_uid("imp_000000000000")
        .body(change(types::PaycoStatusRequestStatus::DeliveryStart))
        .send()
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Some(-1));
}

#[tokio::test]
async fn paymentwall_takes_deliveries_of_payments_it_knows() {
    let (_sandbox, client) = start().await;
    let paid = card_payment(&client, "pw-1", 9900.0).await;
    let delivery = |imp_uid: &str| {
        types::PaymentwallDeliveryRequest::builder()
            .imp_uid(imp_uid)
            .merchant_uid("pw-1")
            .type_(types::PaymentwallDeliveryRequestType::Digital)
            .status(types::PaymentwallDeliveryRequestStatus::Delivered)
            .estimated_delivery_datetime(1_700_000_000)
            .estimated_update_datetime(1_700_000_000)
            .refundable(types::PaymentwallDeliveryRequestRefundable::Yes)
            .shipping_address_email("buyer@example.com")
    };
    let taken = client.paymentwall_delivery().body(delivery(&paid.imp_uid)).send().await.unwrap();
    assert_eq!((taken.error_code, taken.notices), (None, Some(Vec::new())));
    let refused = client.paymentwall_delivery().body(delivery("imp_000000000000")).send().await.unwrap();
    assert_eq!(refused.error_code, Some(1));
}

#[tokio::test]
async fn sub_merchant_amounts_fit_in_the_payment() {
    let (_sandbox, client) = start().await;
    let paid = card_payment(&client, "partner-1", 30000.0).await;
    let item = |amount: f64| {
        types::PartnerReceiptItem::builder()
            .business_registration_number("1234567890")
            .company_name("하위가맹점")
            .amount(amount)
            .try_into()
            .expect("a valid item")
    };
    let slip = client
        .partner()
        .imp_uid(paid.imp_uid.as_str())
        .body(types::PartnerReceiptRequest::builder().data(vec![item(10000.0), item(20000.0)]))
        .send()
        .await
        .unwrap();
    assert!(slip.receipt_url.is_some());
    let too_much = client
        .partner()
        .imp_uid(paid.imp_uid.as_str())
        .body(types::PartnerReceiptRequest::builder().data(vec![item(30001.0)]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(too_much.code(), Some(1));
    let unknown = client
        .partner()
        .imp_uid("imp_000000000000")
        .body(types::PartnerReceiptRequest::builder().data(vec![item(1.0)]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(unknown.status(), Some(StatusCode::NOT_FOUND));
}
