//! The modeling decisions of the full API (see `spec/README.md`) against a
//! local mock: 207 partial success, responses of two shapes, an
//! undocumented `response`, array query parameters, renamed duplicates, and
//! the redaction of the new personal data.

mod support;

use iamport::types;
use serde_json::json;
use support::*;
use wiremock::{
    Mock, ResponseTemplate,
    matchers::{body_partial_json, method, path, query_param},
};

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn a_207_partial_answer_is_the_list_of_what_could_be_read() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/payments"))
        .and(query_param("imp_uid[]", "imp_1"))
        .and(query_param("imp_uid[]", "imp_unknown"))
        .respond_with(
            ResponseTemplate::new(207).set_body_json(envelope(json!([payment_with(json!({ "imp_uid": "imp_1" }))]))),
        )
        .expect(1)
        .mount(&server)
        .await;
    let payments = client(&server)
        .get_payment_list_by_imp_uid()
        .imp_uid(vec!["imp_1".to_owned(), "imp_unknown".to_owned()])
        .send()
        .await
        .unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].imp_uid, "imp_1");
}

#[tokio::test]
async fn a_billing_key_decodes_in_both_of_its_shapes() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/subscribe/customers"))
        .respond_with(ok(envelope(json!([
            { "customer_uid": "normal-1", "pg_provider": "nice", "card_number": "45184212****1234", "card_type": 0 },
            {
                "customer_uid": "super-1",
                "channelGroupId": "group-1",
                "succeededChannels": [{ "pg_provider": "nice", "pg_id": "mid1", "inserted": 1_700_000_000 }],
                "failedChannels": [{ "type": "PG_PROVIDER", "message": "refused", "pg_provider": "kcp", "pg_id": "mid2" }],
            },
        ]))))
        .mount(&server)
        .await;
    let keys = client(&server)
        .customer_view_multiple()
        .customer_uid(vec!["normal-1".to_owned(), "super-1".to_owned()])
        .send()
        .await
        .unwrap();
    assert_eq!(keys[0].channel_group_id, None);
    assert_eq!(keys[1].channel_group_id.as_deref(), Some("group-1"));
    assert_eq!(keys[1].succeeded_channels.as_ref().map(Vec::len), Some(1));
    assert_eq!(keys[1].failed_channels.as_ref().unwrap()[0].type_.as_deref(), Some("PG_PROVIDER"));
}

#[tokio::test]
async fn a_schedule_listing_decodes_as_a_page_or_a_bare_list() {
    let schedule = json!({ "merchant_uid": "sched-1", "customer_uid": "customer-0001", "schedule_at": 1_764_547_200,
        "amount": 8900, "schedule_status": "scheduled", "payment_status": null, "imp_uid": null });
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/subscribe/payments/schedule"))
        .respond_with(ok(envelope(json!({ "total": 1, "previous": 0, "next": 0, "list": [schedule.clone()] }))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/subscribe/customers/customer-0001/schedules"))
        .and(query_param("from", "1764000000"))
        .respond_with(ok(envelope(json!([schedule]))))
        .mount(&server)
        .await;
    let client = client(&server);
    let page = client.find_schedules_by_range().schedule_from(1_764_000_000).schedule_to(1_766_000_000).send().await;
    let types::ScheduleListing::SchedulePage(page) = page.unwrap() else { panic!("expected the paged shape") };
    assert_eq!(page.total, Some(1));
    let list = client
        .customer_schedules()
        .customer_uid("customer-0001")
        .from(1_764_000_000)
        .to(1_766_000_000)
        .send()
        .await
        .unwrap();
    let types::ScheduleListing::Array(list) = list else { panic!("expected the bare list") };
    assert_eq!(list[0].merchant_uid.as_deref(), Some("sched-1"));
}

#[tokio::test]
async fn an_undocumented_null_response_is_a_success() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/payments/imp_1/naver/point"))
        .respond_with(ok(json!({ "code": 0, "message": null, "response": null })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/payments/imp_1/naver/confirm"))
        .respond_with(ok(json!({ "code": 0, "message": null })))
        .mount(&server)
        .await;
    let client = client(&server);
    assert_eq!(client.naver_deposit_point().imp_uid("imp_1").send().await.unwrap(), serde_json::Value::Null);
    let confirmed = client
        .naver_confirm_payment()
        .imp_uid("imp_1")
        .body(types::NaverConfirmRequest::builder().requester(types::NaverConfirmRequestRequester::Customer))
        .send()
        .await;
    assert_eq!(confirmed.unwrap(), serde_json::Value::Null);
}

#[tokio::test]
async fn the_renamed_duplicate_calls_its_own_path() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/payments/imp_1/naver/ship-exchanged"))
        .and(body_partial_json(json!({ "delivery_method": "DELIVERY", "delivery_company": "CJGLS" })))
        .respond_with(ok(envelope(json!([{ "product_order_id": "po-1", "product_order_status": "DELIVERING" }]))))
        .expect(1)
        .mount(&server)
        .await;
    let orders = client(&server)
        .naver_ship_exchanged_product_order()
        .imp_uid("imp_1")
        .body(
            types::NaverShipExchangedRequest::builder()
                .delivery_method(types::NaverDeliveryMethod::Delivery)
                .delivery_company(types::NaverDeliveryCompany::Cjgls)
                .tracking_number("123456789012"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(orders[0].product_order_id.as_deref(), Some("po-1"));
}

#[tokio::test]
async fn identity_data_goes_on_the_wire_but_never_prints() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/certifications/otp/request"))
        .and(body_partial_json(json!({ "phone": "010-9876-5432", "birth": "880715", "gender_digit": "1" })))
        .respond_with(ok(envelope(json!({ "imp_uid": "imp_cert_1" }))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/certifications/imp_cert_1"))
        .respond_with(ok(envelope(json!({ "imp_uid": "imp_cert_1", "phone": "01098765432",
            "birthday": "1988-07-15", "unique_key": "ci-9f8e7d6c", "unique_in_site": "di-1a2b3c", "certified": true }))))
        .mount(&server)
        .await;
    let request: types::OtpRequest = types::OtpRequest::builder()
        .name("홍길동")
        .phone("010-9876-5432")
        .birth("880715")
        .gender_digit("1")
        .carrier(types::OtpRequestCarrier::Skt)
        .channel_key("channel-key-danal")
        .try_into()
        .unwrap();
    let printed = format!("{request:?}");
    let client = client(&server);
    let started = client.request_otp().body(request).send().await.unwrap();
    let result = client.get_certification().imp_uid(started.imp_uid.as_str()).send().await.unwrap();
    assert_eq!(result.phone.as_ref().unwrap().expose_secret(), "01098765432");
    let printed = format!("{printed} {result:?}");
    for secret in ["9876", "880715", "1988", "ci-9f8e7d6c", "di-1a2b3c"] {
        assert!(!printed.contains(secret), "{secret} leaks: {printed}");
    }
}

#[tokio::test]
async fn a_malformed_personal_value_is_refused_before_sending() {
    let server = server().await;
    let err = client(&server)
        .request_otp()
        .body(
            types::OtpRequest::builder()
                .name("홍길동")
                .phone("not a phone 12345")
                .birth("880715")
                .gender_digit("1")
                .carrier(types::OtpRequestCarrier::Skt)
                .channel_key("channel-key-danal"),
        )
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, iamport::Error::InvalidRequest { .. }), "{err:?}");
    assert!(!err.to_string().contains("12345"), "{err}");
    assert_eq!(hits(&server, "/certifications/otp/request").await, 0);
}
