//! Every operation of the spec, once, against a local mock of the API:
//! the request on the wire (method, path, bearer token, body) and the
//! decoded answer.

mod support;

use iamport::{
    Timestamp,
    enums::{CardType, Currency, PaymentChannel, PaymentSorting, PaymentStatus},
    secret::{CardCvc, CardExpiry, CardNumber, CardholderBirth},
    types,
};
use serde_json::json;
use support::*;
use wiremock::{
    Mock, ResponseTemplate,
    matchers::{body_json, body_partial_json, header, method, path, query_param},
};

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn get_token_sends_the_credentials_and_decodes_the_grant() {
    let server = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .and(body_json(json!({ "imp_key": KEY, "imp_secret": SECRET })))
        .respond_with(ok(token_body(TOKEN, 1_700_000_000, 1_700_001_800)))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let grant = client
        .get_token()
        .body(types::GetTokenRequest { imp_key: KEY.into(), imp_secret: SECRET.parse().unwrap() })
        .send()
        .await
        .unwrap();
    assert_eq!(grant.access_token.expose_secret(), TOKEN);
    assert_eq!(grant.expired_at - grant.now, 1800);
    // getToken itself never carries a bearer token.
    assert!(bearer_tokens(&server, "/users/getToken").await.is_empty());
}

#[tokio::test]
async fn issue_cvs_payment() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/cvs"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_partial_json(json!({
            "merchant_uid": "order-cvs-1",
            "amount": 15000,
            "channel_key": "channel-key-galaxia",
            "name": "도시락",
            "notice_url": ["https://merchant.example.com/iamport/notice"],
            "expired_at": 1_700_086_400,
        })))
        .respond_with(ok(envelope(payment_with(json!({
            "merchant_uid": "order-cvs-1", "pay_method": "cvs", "status": "ready",
            "amount": 15000, "vbank_num": "12345678901234", "paid_at": 0,
        })))))
        .expect(1)
        .mount(&server)
        .await;
    let payment = client(&server)
        .issue_cvs_payment()
        .body(
            types::CvsIssueRequest::builder()
                .merchant_uid("order-cvs-1")
                .amount(15_000u64)
                .channel_key("channel-key-galaxia")
                .name("도시락")
                .notice_url(vec!["https://merchant.example.com/iamport/notice".to_owned()])
                .expired_at(1_700_086_400),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(payment.status, PaymentStatus::Ready);
    assert_eq!(payment.vbank_num.as_deref(), Some("12345678901234"));
    assert_eq!(payment.paid_at.unix(), None);
}

#[tokio::test]
async fn revoke_cvs_payment() {
    let server = server().await;
    Mock::given(method("DELETE"))
        .and(path("/cvs/imp_246824682468"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ok(envelope(payment_with(json!({ "imp_uid": "imp_246824682468", "status": "cancelled" })))))
        .expect(1)
        .mount(&server)
        .await;
    let payment = client(&server).revoke_cvs_payment().imp_uid("imp_246824682468").send().await.unwrap();
    assert_eq!(payment.status, PaymentStatus::Cancelled);
}

#[tokio::test]
async fn onetime_sends_every_field() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/subscribe/payments/onetime"))
        .and(body_json(json!({
            "merchant_uid": "order-0001",
            "amount": 8900,
            "currency": "KRW",
            "tax_free": 0,
            "vat_amount": 809,
            "card_number": "9410-1234-5678-4242",
            "expiry": "2030-12",
            "birth": "900101",
            "pwd_2digit": "12",
            "cvc": "123",
            "customer_uid": "customer-0001",
            "pg": "nice.nictest04m",
            "channelGroupId": "group-1",
            "name": "월간 이용권",
            "buyer_name": "홍길동",
            "buyer_email": "buyer@example.com",
            "buyer_tel": "010-1234-5678",
            "buyer_addr": "서울특별시 강남구",
            "buyer_postcode": "06236",
            "card_quota": 0,
            "interest_free_by_merchant": false,
            "use_card_point": false,
            "custom_data": "{\"plan\":\"monthly\"}",
            "notice_url": "https://merchant.example.com/iamport/notice",
            "browser_ip": "203.0.113.7",
            "product_type": "digital",
            "promotion_id": "promo-1",
            "bypass": { "nice": { "extra": "1" } },
            "secure_3d_charge_id": "charge-1",
            "secure_3d_token": "3ds-token-1",
        })))
        .respond_with(ok(envelope(payment())))
        .expect(1)
        .mount(&server)
        .await;
    let bypass = json!({ "nice": { "extra": "1" } }).as_object().unwrap().clone();
    let payment = client(&server)
        .onetime()
        .body(
            types::OnetimeRequest::builder()
                .merchant_uid("order-0001")
                .amount(8_900i64)
                .currency("KRW")
                .tax_free(0.0)
                .vat_amount(809.0)
                .card_number(CardNumber::new("9410-1234-5678-4242").unwrap())
                .expiry(CardExpiry::new("2030-12").unwrap())
                .birth(CardholderBirth::new("900101").unwrap())
                .pwd_2digit("12".parse::<iamport::secret::CardPassword2Digit>().unwrap())
                .cvc(CardCvc::new("123").unwrap())
                .customer_uid("customer-0001")
                .pg("nice.nictest04m")
                .channel_group_id("group-1")
                .name("월간 이용권")
                .buyer_name("홍길동")
                .buyer_email("buyer@example.com")
                .buyer_tel("010-1234-5678")
                .buyer_addr("서울특별시 강남구")
                .buyer_postcode("06236")
                .card_quota(0)
                .interest_free_by_merchant(false)
                .use_card_point(false)
                .custom_data("{\"plan\":\"monthly\"}")
                .notice_url("https://merchant.example.com/iamport/notice")
                .browser_ip("203.0.113.7")
                .product_type(types::ProductType::Digital)
                .promotion_id("promo-1")
                .bypass(bypass)
                .secure_3d_charge_id("charge-1")
                .secure_3d_token("3ds-token-1"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(payment.status, PaymentStatus::Paid);
    assert_eq!(payment.amount, 8900.0);
    assert_eq!(payment.card_type, Some(CardType::Credit));
    assert_eq!(payment.channel, Some(PaymentChannel::Api));
}

#[tokio::test]
async fn get_payment_by_imp_uid_decodes_every_field() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/payments/imp_123412341234"))
        .and(query_param("include_sandbox", "true"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ok(envelope(payment())))
        .expect(1)
        .mount(&server)
        .await;
    let p = client(&server)
        .get_payment_by_imp_uid()
        .imp_uid("imp_123412341234")
        .include_sandbox(true)
        .send()
        .await
        .unwrap();
    assert_eq!(p.imp_uid, "imp_123412341234");
    assert_eq!(p.merchant_uid, "order-0001");
    assert_eq!(p.currency, Currency::Krw);
    assert_eq!(p.status, PaymentStatus::Paid);
    assert_eq!(p.paid_at, Timestamp::from_unix(1_700_000_002));
    assert_eq!(p.failed_at.unix(), None);
    assert_eq!(p.card_number.as_deref(), Some("45184212****1234"));
    assert_eq!(p.apply_num.as_deref(), Some(""));
    assert_eq!(p.escrow, Some(false));
    assert!(p.cancel_history.unwrap().is_empty());
}

#[tokio::test]
async fn get_payment_by_merchant_uid_with_and_without_status() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/payments/find/order-0001/paid"))
        .and(query_param("sorting", "-paid"))
        .respond_with(ok(envelope(payment())))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/payments/find/order-0001"))
        .respond_with(ok(envelope(payment_with(json!({ "status": "failed" })))))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let paid = client
        .get_payment_by_merchant_uid()
        .merchant_uid("order-0001")
        .payment_status(types::PaymentStatusFilter::Paid)
        .sorting(PaymentSorting::PaidNewestFirst)
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status, PaymentStatus::Paid);
    // A lookup that finds a failed payment is an answer, not an error.
    let any = client.get_payment_by_merchant_uid_any_status().merchant_uid("order-0001").send().await.unwrap();
    assert_eq!(any.status, PaymentStatus::Failed);
}

#[tokio::test]
async fn cancel_payment_partially() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/payments/cancel"))
        .and(body_json(json!({
            "imp_uid": "imp_123412341234",
            "amount": 1000,
            "checksum": 8900,
            "reason": "부분 환불",
            "refund_account": "110123456789",
        })))
        .respond_with(ok(envelope(payment_with(json!({
            "cancel_amount": 1000,
            "cancel_history": [{
                "pg_tid": "t1", "amount": 1000, "cancelled_at": 1_700_003_600,
                "reason": "부분 환불", "cancellation_id": "c1", "receipt_url": null
            }],
        })))))
        .expect(1)
        .mount(&server)
        .await;
    let p = client(&server)
        .cancel_payment()
        .body(
            types::CancelRequest::builder()
                .imp_uid("imp_123412341234")
                .amount(1000.0)
                .checksum(8900.0)
                .reason("부분 환불")
                .refund_account("110123456789".parse::<iamport::secret::BankAccountNumber>().unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(p.cancel_amount, 1000.0);
    let history = p.cancel_history.unwrap();
    assert_eq!(history[0].cancellation_id.as_deref(), Some("c1"));
    assert_eq!(history[0].cancelled_at, Timestamp::from_unix(1_700_003_600));
}

#[tokio::test]
async fn again_charges_a_billing_key() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/subscribe/payments/again"))
        .and(body_partial_json(json!({
            "customer_uid": "customer-0001", "merchant_uid": "order-0002", "amount": 8900,
            "name": "월간 이용권", "cash_receipt_type": "person", "product_count": 1,
        })))
        .respond_with(ok(envelope(payment_with(
            json!({ "merchant_uid": "order-0002", "customer_uid": "customer-0001", "customer_uid_usage": "payment" }),
        ))))
        .expect(1)
        .mount(&server)
        .await;
    let p = client(&server)
        .again()
        .body(
            types::AgainRequest::builder()
                .customer_uid("customer-0001")
                .merchant_uid("order-0002")
                .amount(8900.0)
                .name("월간 이용권")
                .cash_receipt_type(types::CashReceiptType::Person)
                .product_count(1),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(p.customer_uid_usage, Some(iamport::enums::CustomerUidUsage::Payment));
}

fn customer() -> serde_json::Value {
    json!({
        "customer_uid": "customer-0001", "pg_provider": "nice", "pg_id": "nictest04m",
        "card_code": "366", "card_name": "신한카드", "card_number": "45184212****1234", "card_type": 1,
        "customer_name": null, "customer_tel": null, "customer_email": null,
        "customer_addr": null, "customer_postcode": null, "inserted": 1_700_000_000, "updated": 1_700_000_000,
    })
}

#[tokio::test]
async fn customer_view_and_delete() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/subscribe/customers/customer-0001"))
        .respond_with(ok(envelope(customer())))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/subscribe/customers/customer-0001"))
        .and(query_param("reason", "해지"))
        .respond_with(ok(envelope(customer())))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let viewed = client.customer_view().customer_uid("customer-0001").send().await.unwrap();
    assert_eq!(viewed.card_type, Some(CardType::Check));
    assert_eq!(viewed.inserted, Timestamp::from_unix(1_700_000_000));
    let deleted = client.customer_delete().customer_uid("customer-0001").reason("해지").send().await.unwrap();
    assert_eq!(deleted.customer_uid, "customer-0001");
}

#[tokio::test]
async fn path_parameters_are_escaped() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/payments/find/order%2F1%3Fx"))
        .respond_with(ok(envelope(payment_with(json!({ "merchant_uid": "order/1?x" })))))
        .expect(1)
        .mount(&server)
        .await;
    let p = client(&server).get_payment_by_merchant_uid_any_status().merchant_uid("order/1?x").send().await.unwrap();
    assert_eq!(p.merchant_uid, "order/1?x");
}

/// Every operation in the spec is reachable through the dispatch layer; the
/// table is generated from the spec, so a new operation appears here (and
/// gets a method on `Client`) without a Rust edit.
#[test]
fn the_operation_table_matches_the_spec() {
    let spec = include_str!("../spec/iamport.yaml");
    let ids: Vec<&str> = spec.lines().filter_map(|l| l.trim().strip_prefix("operationId:")).map(str::trim).collect();
    let table: Vec<&str> = iamport::OPERATIONS.iter().map(|op| op.id).collect();
    assert_eq!(table.len(), ids.len());
    for id in ids {
        assert!(table.contains(&id), "{id} is in the spec but not in OPERATIONS");
    }
    let onetime = iamport::OPERATIONS.iter().find(|op| op.id == "onetime").unwrap();
    assert!(onetime.charge && !onetime.idempotent && onetime.requires_auth);
    let get_token = iamport::OPERATIONS.iter().find(|op| op.id == "getToken").unwrap();
    assert!(get_token.idempotent && !get_token.requires_auth);
}
