//! Contract cases: operations of one PG each: KCP Quick Pay (`kcpquick`),
//! Benepia points (`benepia`), PAYCO (`payco`) and Paymentwall
//! (`paymentwall`).

use iamport::{Client, types};

use super::{CHANNEL_KEY, CUSTOMER_UID, Call, DAY, IMP_UID, MERCHANT_UID, NOV_22, answer};

/// The KCP Quick Pay member the kcpquick cases charge and delete.
const KCP_MEMBER_ID: &str = "kcpmember0001";

pub fn member_delete(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .member_delete()
            .member_id(KCP_MEMBER_ID)
            .site_code("A52Q7")
            .partner_type("PAYMENT")
            .partner_subtype("QUICKPAY");
        answer(call.send().await)
    })
}

pub fn pay_with_money(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::KcpQuickMoneyRequest::builder()
            .imp_uid("imp_975310864200")
            .member_id(KCP_MEMBER_ID)
            .channel_key(CHANNEL_KEY)
            .merchant_uid("order-20261122-0005")
            .name("커피 원두 1kg")
            .amount(24000)
            .notice_url("https://shop.example.com/iamport/notice");
        answer(client.pay_with_money().body(body).send().await)
    })
}

/// The order the KCP Quick Pay payment is registered for in advance.
const KCP_PREPARED_MERCHANT_UID: &str = "order-20261122-0007";

fn kcp_prepare_body() -> types::builder::KcpQuickPrepareRequest {
    types::KcpQuickPrepareRequest::builder()
        .btid("BT2026112200000001")
        .cust_ip("203.0.113.7")
        .code_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        .prepaid_auth_yn(types::KcpQuickPrepareRequestPrepaidAuthYn::Y)
        .prepaid_amount(5000)
        .vender_type("PARTNER")
        .reward_id("RW0001")
}

pub fn prepare_create(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client.prepare_create().merchant_uid(KCP_PREPARED_MERCHANT_UID).body(kcp_prepare_body());
        answer(call.send().await)
    })
}

pub fn prepare_update(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client.prepare_update().merchant_uid(KCP_PREPARED_MERCHANT_UID).body(kcp_prepare_body());
        answer(call.send().await)
    })
}

pub fn pay_with_auto_payment_key(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::KcpQuickAutopayRequest::builder()
            .customer_uid(CUSTOMER_UID)
            .merchant_uid(KCP_PREPARED_MERCHANT_UID)
            .name("커피 원두 1kg 정기배송")
            .buyer_name("홍길동")
            .amount(24000)
            .notice_url("https://shop.example.com/iamport/notice");
        answer(client.pay_with_auto_payment_key().body(body).send().await)
    })
}

pub fn delete_auto_pay_key(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.delete_auto_pay_key().customer_uid(CUSTOMER_UID).send().await) })
}

pub fn release_fido(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::KcpQuickFidoReleaseRequest::builder().channel_key(CHANNEL_KEY);
        answer(client.release_fido().member_id(KCP_MEMBER_ID).body(body).send().await)
    })
}

pub fn query_benepia_point(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::BenepiaPointRequest::builder()
            .benepia_user("benepia-user-01")
            .benepia_password("benepia-pass-01")
            .channel_key(CHANNEL_KEY);
        answer(client.query_benepia_point().body(body).send().await)
    })
}

pub fn pay_benepia_point(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::BenepiaPaymentRequest::builder()
            .benepia_user("benepia-user-01")
            .benepia_password("benepia-pass-01")
            .benepia_member_code("MC0001")
            .merchant_uid("order-20261122-0006")
            .amount(12000.0)
            .name("복지몰 상품권")
            .buyer_name("홍길동")
            .buyer_email("buyer@example.com")
            .buyer_tel("010-1234-5678")
            .buyer_addr("서울특별시 강남구 테헤란로 1")
            .buyer_postcode("06236")
            .channel_key(CHANNEL_KEY)
            .notice_url(vec!["https://shop.example.com/iamport/notice".to_owned()])
            .custom_data(r#"{"welfare":"2026"}"#);
        answer(client.pay_benepia_point().body(body).send().await)
    })
}

pub fn change_order_status(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::PaycoStatusRequest::builder().status(types::PaycoStatusRequestStatus::DeliveryStart);
        answer(client.change_order_status().imp_uid(IMP_UID).body(body).send().await)
    })
}

pub fn paymentwall_delivery(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::PaymentwallDeliveryRequest::builder()
            .imp_uid(IMP_UID)
            .merchant_uid(MERCHANT_UID)
            .type_(types::PaymentwallDeliveryRequestType::Physical)
            .status(types::PaymentwallDeliveryRequestStatus::OrderShipped)
            .carrier_tracking_id("1Z999AA10123456784")
            .carrier_type("UPS")
            .estimated_delivery_datetime(NOV_22 + 5 * DAY)
            .estimated_update_datetime(NOV_22 + DAY)
            .reason("shipped from the Seoul warehouse")
            .refundable(types::PaymentwallDeliveryRequestRefundable::Yes)
            .details("2 items in one parcel")
            .shipping_address_email("buyer@example.com")
            .shipping_address_country("KR")
            .shipping_address_city("Seoul")
            .shipping_address_zip("06236")
            .shipping_address_state("Seoul")
            .shipping_address_street("1 Teheran-ro, Gangnam-gu")
            .shipping_address_phone("+82-10-1234-5678")
            .shipping_address_firstname("Gildong")
            .shipping_address_lastname("Hong");
        answer(client.paymentwall_delivery().body(body).send().await)
    })
}
