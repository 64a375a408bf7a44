//! The control API over plain HTTP, as a test in another language drives
//! it: simulations, the clock, the webhooks sent.

mod support;

use iamport::{Client, StatusCode, types};
use iamport_sandbox::{CARD_APPROVED, CONTROL_PREFIX, Sandbox};
use serde_json::{Value, json};
use support::{T0, start};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers::method};

/// `method /_sandbox/<route>` without a token: status and envelope.
async fn control(sandbox: &Sandbox, method: &str, route: &str, body: Option<Value>) -> (StatusCode, Value) {
    let url = format!("{}{CONTROL_PREFIX}{route}", sandbox.base_url());
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("sandbox answers");
    (response.status(), response.json().await.expect("an envelope"))
}

/// A merchant whose webhook handler answers 200 to every POST.
async fn merchant() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

#[tokio::test]
async fn store_payments_and_deposits_are_simulated_over_http() {
    let (sandbox, client) = start().await;
    let barcode = types::CvsIssueRequest::builder()
        .merchant_uid("control-cvs")
        .amount(15000.0)
        .channel_key("channel-key-sandbox-cvs");
    let barcode = client.issue_cvs_payment().body(barcode).send().await.unwrap();
    let (status, paid) =
        control(&sandbox, "POST", &format!("cvs/{}/pay", barcode.imp_uid), Some(json!({ "pay_type": "card" }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((paid["code"].as_i64(), paid["response"]["status"].as_str()), (Some(0), Some("paid")));
    assert_eq!(paid["response"]["amount"], json!(15000), "an integer, as the API writes it");
    let (status, again) = control(&sandbox, "POST", &format!("cvs/{}/pay", barcode.imp_uid), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(again["code"], 1);

    let vbank = types::VbankCreateRequest::builder()
        .channel_key("channel-key-sandbox-vbank")
        .merchant_uid("control-vbank")
        .amount(32000.0)
        .vbank_code("004")
        .vbank_due(T0 + 3600);
    let vbank = client.create_vbank().body(vbank).send().await.unwrap();
    let (status, deposited) = control(&sandbox, "POST", &format!("vbanks/{}/deposit", vbank.imp_uid), None).await;
    assert_eq!((status, deposited["response"]["status"].as_str()), (StatusCode::OK, Some("paid")));
    let (status, _) = control(&sandbox, "POST", "vbanks/imp_000000000000/deposit", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn schedule(client: &Client, merchant_uid: &str, notice_url: String) {
    let key = types::CustomerSaveRequest::builder()
        .channel_key("channel-key-sandbox")
        .card_number(CARD_APPROVED)
        .expiry("2099-12");
    client.customer_save().customer_uid("control-key").body(key).send().await.unwrap();
    let item: types::ScheduleItem = types::ScheduleItem::builder()
        .merchant_uid(merchant_uid)
        .schedule_at(T0 + 3600)
        .amount(8900.0)
        .name("월간 이용권")
        .notice_url(notice_url)
        .try_into()
        .unwrap();
    let request = types::ScheduleRequest::builder().customer_uid("control-key").schedules(vec![item]);
    client.schedule().body(request).send().await.unwrap();
}

#[tokio::test]
async fn a_declined_schedule_runs_when_the_clock_is_advanced_and_its_webhook_is_listed() {
    let (sandbox, client) = start().await;
    let merchant = merchant().await;
    schedule(&client, "control-sub-1", format!("{}/notice", merchant.uri())).await;
    let (status, marked) = control(&sandbox, "POST", "schedules/control-sub-1/decline", None).await;
    assert_eq!((status, marked["response"]["merchant_uid"].as_str()), (StatusCode::OK, Some("control-sub-1")));

    let (_, clock) = control(&sandbox, "GET", "clock", None).await;
    assert_eq!(clock["response"]["now"], T0);
    let (status, advanced) = control(&sandbox, "POST", "clock/advance", Some(json!({ "seconds": 3600 }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(advanced["response"]["now"], T0 + 3600);
    let payments = advanced["response"]["payments"].as_array().expect("the payments made");
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0]["status"], "failed");

    let (_, webhooks) = control(&sandbox, "GET", "webhooks", None).await;
    let webhooks = webhooks["response"].as_array().expect("a list").clone();
    assert_eq!(webhooks.len(), 1);
    assert_eq!(webhooks[0]["kind"], "notification");
    assert_eq!(webhooks[0]["url"], format!("{}/notice", merchant.uri()));
    assert_eq!(webhooks[0]["body"]["status"], "failed");
    assert_eq!(webhooks[0]["body"]["merchant_uid"], "control-sub-1");
    assert_eq!((webhooks[0]["outcome"].as_str(), webhooks[0]["status"].as_u64()), (Some("answered"), Some(200)));

    let (status, _) = control(&sandbox, "POST", "schedules/control-sub-1/decline", None).await;
    assert_eq!(status, StatusCode::CONFLICT, "it ran already");
}

#[tokio::test]
async fn naver_orders_and_claims_are_simulated_over_http() {
    let (sandbox, client) = start().await;
    let order = json!({ "merchant_uid": "control-naver", "products": [{ "name": "도시락", "amount": 10000 }] });
    let (status, paid) = control(&sandbox, "POST", "naver/orders", Some(order)).await;
    assert_eq!(status, StatusCode::OK);
    let imp_uid = paid["response"]["imp_uid"].as_str().expect("an imp_uid");
    let orders = client.get_product_orders().imp_uid(imp_uid).send().await.unwrap();
    let id = orders[0].product_order_id.clone().unwrap();
    let (status, claimed) =
        control(&sandbox, "POST", &format!("naver/product-orders/{id}/claim"), Some(json!({ "claim": "cancel" })))
            .await;
    assert_eq!((status, claimed["response"]["claim_status"].as_str()), (StatusCode::OK, Some("CANCEL_REQUEST")));
    let (status, _) =
        control(&sandbox, "POST", &format!("naver/product-orders/{id}/claim"), Some(json!({ "claim": "refund" })))
            .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn malformed_and_unknown_control_requests_are_refused() {
    let (sandbox, _client) = start().await;
    let (status, body) = control(&sandbox, "GET", "no/such/route", None).await;
    assert_eq!((status, body["code"].as_i64()), (StatusCode::NOT_FOUND, Some(-1)));
    let (status, body) = control(&sandbox, "POST", "clock/advance", Some(json!({ "seconds": -5 }))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().is_some_and(|m| m.contains("seconds")), "{body}");
}

#[tokio::test]
async fn faults_are_armed_listed_and_cleared_over_http() {
    let (sandbox, client) = start().await;
    let (status, armed) = control(
        &sandbox,
        "POST",
        "faults",
        Some(json!({ "operation_id": "getPaymentByImpUid", "fault": "delay", "delay_ms": 1500 })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        armed["response"],
        json!([{ "operation_id": "getPaymentByImpUid", "fault": "delay", "delay_ms": 1500 }])
    );
    let (_, armed) =
        control(&sandbox, "POST", "faults", Some(json!({ "operation_id": "onetime", "fault": "server_error" }))).await;
    assert_eq!(armed["response"][1], json!({ "operation_id": "onetime", "fault": "server_error", "delay_ms": null }));
    let (_, listed) = control(&sandbox, "GET", "faults", None).await;
    assert_eq!(listed["response"], armed["response"]);

    // The armed 500 meets the next charge.
    let body = types::OnetimeRequest::builder()
        .merchant_uid("control-fault")
        .amount(1000u64)
        .card_number(CARD_APPROVED)
        .expiry("2030-12");
    let err = client.onetime().body(body).send().await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    let (_, listed) = control(&sandbox, "GET", "faults", None).await;
    assert_eq!(listed["response"].as_array().map(Vec::len), Some(1), "{listed}");

    let (status, cleared) = control(&sandbox, "DELETE", "faults", None).await;
    assert_eq!((status, cleared["response"].clone()), (StatusCode::OK, json!([])));
    assert!(sandbox.pending_faults().is_empty());
}

#[tokio::test]
async fn faults_that_cannot_be_armed_are_refused() {
    let (sandbox, _client) = start().await;
    let refusals = [
        (json!({ "operation_id": "noSuchOperation", "fault": "server_error" }), StatusCode::NOT_FOUND),
        (json!({ "operation_id": "onetime", "fault": "explode" }), StatusCode::BAD_REQUEST),
        (json!({ "operation_id": "onetime", "fault": "delay" }), StatusCode::BAD_REQUEST),
        (json!({ "operation_id": "onetime", "fault": "server_error", "delay_ms": 5 }), StatusCode::BAD_REQUEST),
        (json!({ "operation_id": "onetime", "fault": "delay", "delay_ms": 3_600_000 }), StatusCode::BAD_REQUEST),
        (json!({ "fault": "server_error" }), StatusCode::BAD_REQUEST),
    ];
    for (body, expected) in refusals {
        let (status, envelope) = control(&sandbox, "POST", "faults", Some(body.clone())).await;
        assert_eq!(status, expected, "{body}: {envelope}");
        assert_ne!(envelope["code"], 0);
    }
    assert!(sandbox.pending_faults().is_empty());
}

#[tokio::test]
async fn the_token_is_expired_over_http() {
    let (sandbox, client) = start().await;
    let (status, expired) = control(&sandbox, "POST", "token/expire", None).await;
    assert_eq!((status, expired["response"].clone()), (StatusCode::OK, json!({ "expired": false })));
    client.get_payment_by_imp_uid().imp_uid("imp_000000000000").send().await.unwrap_err();
    let (_, expired) = control(&sandbox, "POST", "token/expire", None).await;
    assert_eq!(expired["response"], json!({ "expired": true }), "the client's token was alive");
    let (_, expired) = control(&sandbox, "POST", "token/expire", None).await;
    assert_eq!(expired["response"], json!({ "expired": false }));
}
