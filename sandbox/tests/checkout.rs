//! The browser checkout without a browser: `POST /_sandbox/checkout` and
//! `Sandbox::checkout` play the window's choices, and the REST API shows
//! what they did (the payment, the billing key, the verification, the
//! webhooks); the fake SDK is served with its content type and CORS.

mod support;

use iamport_sandbox::{CheckoutResult, Choice, DECLINE_REASON, DeliveryKind, Dialect, Sandbox, SandboxClock, Sdk};
use reqwest::header;
use serde_json::{Value, json};
use support::{Raw, T0, start};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

/// The parameters of a card payment of `amount` under `merchant_uid`.
fn card(merchant_uid: &str, amount: u32) -> Value {
    json!({
        "pg": "html5_inicis",
        "pay_method": "card",
        "merchant_uid": merchant_uid,
        "name": "도시락",
        "amount": amount,
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "custom_data": { "order": 7 },
    })
}

/// `GET path` through the REST API: the envelope's `response`.
async fn api(raw: &Raw, path: &str) -> Value {
    let answer = raw.call("GET", path, None).await;
    assert_eq!(answer.status, 200, "{path}: {}", answer.text);
    answer.body["response"].clone()
}

/// `POST /_sandbox/checkout` (or one of its actions) with `body`: the envelope.
async fn control(sandbox: &Sandbox, action: &str, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/_sandbox/checkout{action}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .expect("sandbox answers");
    (response.status().as_u16(), response.json().await.expect("an envelope"))
}

/// A merchant whose `confirm_url` answers `confirm` and whose `notice_url` answers 200.
async fn merchant(confirm: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/confirm")).respond_with(confirm).mount(&server).await;
    Mock::given(method("POST")).and(path("/notice")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

/// The notifications the sandbox sent, as `(imp_uid, status)`.
fn notifications(sandbox: &Sandbox) -> Vec<(String, String)> {
    sandbox
        .deliveries()
        .into_iter()
        .filter_map(|d| match d.kind {
            DeliveryKind::Notification(n) => Some((n.imp_uid, n.status.to_string())),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn the_script_and_its_declarations_are_served_with_their_types_and_cors() {
    let (sandbox, _) = start().await;
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(format!("{}{path}", sandbox.base_url())).header(header::ORIGIN, "http://shop.test");
    for script in ["/v1/iamport.js", "/js/iamport.payment-1.2.0.js", "/js/iamport.payment-1.1.8.js"] {
        let response = get(script).send().await.unwrap();
        assert_eq!(response.status(), 200, "{script}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
        assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        let text = response.text().await.unwrap();
        assert!(text.contains("window.IMP = {") && text.contains("document.currentScript"), "{script}");
    }
    let declarations = get("/v1/iamport.d.ts").send().await.unwrap();
    assert_eq!(declarations.headers()[header::CONTENT_TYPE], "application/typescript; charset=utf-8");
    assert!(declarations.text().await.unwrap().contains("request_pay"));
    assert_eq!(get("/js/iamport.payment-1.2.0.css").send().await.unwrap().status(), 404);

    // The preflight of the script's JSON POST, answered by the server.
    let preflight = http
        .request(reqwest::Method::OPTIONS, format!("{}/_sandbox/checkout/open", sandbox.base_url()))
        .header(header::ORIGIN, "http://shop.test")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    let allowed = |name| preflight.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(allowed(header::ACCESS_CONTROL_ALLOW_ORIGIN), "*");
    assert!(allowed(header::ACCESS_CONTROL_ALLOW_METHODS).contains("POST"));
    assert!(allowed(header::ACCESS_CONTROL_ALLOW_HEADERS).contains("content-type"));

    // The REST API and the rest of the control API stay without CORS.
    let api = get("/payments/imp_1").send().await.unwrap();
    assert!(api.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    let clock = get("/_sandbox/clock").send().await.unwrap();
    assert!(clock.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn an_approved_card_is_paid_and_notified() {
    let (sandbox, _) = start().await;
    let raw = Raw::new(&sandbox).await;
    let shop = merchant(ResponseTemplate::new(200)).await;
    let mut params = card("order-1", 1000);
    params["notice_url"] = json!(format!("{}/notice", shop.uri()));
    let (status, envelope) = control(&sandbox, "", json!({ "params": params, "choice": "approve" })).await;
    assert_eq!((status, envelope["code"].as_i64()), (200, Some(0)), "{envelope}");
    let result = &envelope["response"];
    assert_eq!(result["success"], true);
    assert_eq!(result["status"], "paid");
    assert_eq!(result["paid_amount"], 1000);
    assert_eq!(result["custom_data"], json!({ "order": 7 }));
    assert!(result["error_code"].is_null());
    let imp_uid = result["imp_uid"].as_str().expect("an imp_uid");

    let payment = api(&raw, &format!("/payments/{imp_uid}")).await;
    assert_eq!(payment["status"], "paid");
    assert_eq!(payment["amount"], 1000);
    assert_eq!(payment["merchant_uid"], "order-1");
    assert_eq!(payment["pg_provider"], "html5_inicis");
    assert_eq!(payment["pay_method"], "card");
    assert_eq!(payment["channel"], "pc");
    assert_eq!(payment["buyer_name"], "홍길동");
    assert_eq!(payment["custom_data"], r#"{"order":7}"#);
    assert!(payment["card_number"].as_str().is_some_and(|n| n.contains('*')));
    assert!(payment["receipt_url"].as_str().is_some());
    assert_eq!(notifications(&sandbox), [(imp_uid.to_owned(), "paid".to_owned())]);

    // Paid once, the merchant_uid is refused before the window opens (and
    // the call can run on another task).
    fn sendable<F: std::future::Future + Send>(future: F) -> F {
        future
    }
    let again = sendable(sandbox.checkout(card("order-1", 1000), Choice::Approve)).await;
    assert_eq!(again["success"], false);
    assert!(again["imp_uid"].is_null());
    assert_eq!(again["merchant_uid"], "order-1");
    assert!(again["error_msg"].as_str().unwrap().contains("order-1"), "{again}");
}

#[tokio::test]
async fn a_declined_or_cancelled_window_fails_the_payment_without_a_webhook() {
    let sandbox = Sandbox::builder()
        .clock(SandboxClock::fixed(T0))
        .default_notice_url("http://127.0.0.1:9/notice")
        .start()
        .await
        .unwrap();
    let raw = Raw::new(&sandbox).await;
    let declined = sandbox.checkout(card("order-d", 1000), Choice::Decline).await;
    assert_eq!(declined["success"], false);
    assert_eq!(declined["status"], "failed");
    assert_eq!(declined["error_msg"], DECLINE_REASON);
    let payment = api(&raw, &format!("/payments/{}", declined["imp_uid"].as_str().unwrap())).await;
    assert_eq!((payment["status"].as_str(), payment["fail_reason"].as_str()), (Some("failed"), Some(DECLINE_REASON)));

    let cancelled = sandbox.checkout(card("order-c", 1000), Choice::Cancel).await;
    assert_eq!(cancelled["success"], false);
    let reason = cancelled["error_msg"].as_str().unwrap();
    assert!(reason.contains("결제포기"), "{reason}");
    let payment = api(&raw, &format!("/payments/{}", cancelled["imp_uid"].as_str().unwrap())).await;
    assert_eq!(payment["status"], "failed");
    assert!(notifications(&sandbox).is_empty(), "no webhook for a failed payment");

    // A failed payment leaves its merchant_uid free.
    let paid = sandbox.checkout(card("order-d", 1000), Choice::Approve).await;
    assert_eq!(paid["status"], "paid");
    // The sandbox's default notice URL (nothing listens there).
    let sent: Vec<String> = sandbox.deliveries().into_iter().map(|d| d.url).collect();
    assert_eq!(sent, ["http://127.0.0.1:9/notice"]);
    // It serves every payment that names no notice_url, as the console's setting does.
    support::card_payment(&sandbox.client().unwrap(), "api-1", 1000.0).await;
    assert_eq!(sandbox.deliveries().len(), 2);
}

#[tokio::test]
async fn an_approved_virtual_account_is_issued_ready_then_deposited() {
    let (sandbox, _) = start().await;
    let raw = Raw::new(&sandbox).await;
    let shop = merchant(ResponseTemplate::new(200)).await;
    let params = json!({
        "pg": "html5_inicis", "pay_method": "vbank", "merchant_uid": "order-v", "name": "책", "amount": 25000,
        "vbank_due": "2023-11-20 23:59:59", "notice_url": [format!("{}/notice", shop.uri())],
    });
    let result = sandbox.checkout(params, Choice::Approve).await;
    assert_eq!(result["success"], true);
    assert_eq!(result["status"], "ready");
    assert!(result["vbank_num"].as_str().is_some_and(|n| !n.is_empty()));
    assert_eq!(result["vbank_name"], "KB국민은행");
    // 2023-11-20 23:59:59 KST.
    assert_eq!(result["vbank_date"], 1_700_492_399);
    let imp_uid = result["imp_uid"].as_str().unwrap().to_owned();
    let payment = api(&raw, &format!("/payments/{imp_uid}")).await;
    assert_eq!((payment["status"].as_str(), payment["pay_method"].as_str()), (Some("ready"), Some("vbank")));
    assert_eq!(payment["vbank_num"], result["vbank_num"]);

    let deposited = raw.call("POST", &format!("/_sandbox/vbanks/{imp_uid}/deposit"), None).await;
    assert_eq!(deposited.body["response"]["status"], "paid", "{}", deposited.text);
    let statuses: Vec<String> = notifications(&sandbox).into_iter().map(|(_, status)| status).collect();
    assert_eq!(statuses, ["ready", "paid"]);
}

#[tokio::test]
async fn a_prepared_amount_is_enforced_before_the_window_opens() {
    let (sandbox, _) = start().await;
    let raw = Raw::new(&sandbox).await;
    let prepared =
        raw.call("POST", "/payments/prepare", Some(json!({ "merchant_uid": "order-p", "amount": 1000 }))).await;
    assert_eq!(prepared.body["code"], 0, "{}", prepared.text);

    // A page that tampered with the amount: the window does not open.
    let (_, opened) =
        control(&sandbox, "/open", json!({ "params": card("order-p", 10), "merchant_code": "imp00000000" })).await;
    let refused = &opened["response"]["refused"];
    assert_eq!(refused["success"], false, "{opened}");
    assert_eq!(refused["error_code"], "F400");
    assert!(refused["imp_uid"].is_null());
    let tampered = sandbox.checkout(card("order-p", 10), Choice::Approve).await;
    assert_eq!(tampered["success"], false);
    assert!(tampered["error_msg"].as_str().unwrap().contains("1000"), "{tampered}");
    let none = raw.call("GET", "/payments/find/order-p", None).await;
    assert_eq!(none.status, 404, "no payment was made: {}", none.text);

    let (_, opened) = control(&sandbox, "/open", json!({ "params": card("order-p", 1000) })).await;
    let window = &opened["response"]["window"];
    assert_eq!((window["purpose"].as_str(), window["amount"].as_i64()), (Some("payment"), Some(1000)), "{opened}");
    assert_eq!(window["merchant"], "imp00000000");
    let paid = sandbox.checkout(card("order-p", 1000), Choice::Approve).await;
    assert_eq!(paid["status"], "paid");
}

#[tokio::test]
async fn parameters_and_merchant_codes_the_sdk_refuses() {
    let sandbox = Sandbox::builder().clock(SandboxClock::fixed(T0)).merchant_code("imp12345678").start().await.unwrap();
    assert_eq!(sandbox.merchant_code(), "imp12345678");
    let refused = |result: &Value| result["success"] == false && result["imp_uid"].is_null();
    let mut long = card("o", 1000);
    long["merchant_uid"] = json!("x".repeat(41));
    assert!(refused(&sandbox.checkout(long, Choice::Approve).await));
    let mut text_amount = card("o-text", 1000);
    text_amount["amount"] = json!("1000");
    let result = sandbox.checkout(text_amount, Choice::Approve).await;
    assert!(refused(&result) && result["error_msg"].as_str().unwrap().contains("amount"), "{result}");
    let phone = json!({ "pay_method": "phone", "merchant_uid": "o-phone", "amount": 1000 });
    assert!(refused(&sandbox.checkout(phone, Choice::Approve).await));

    let body = |code: &str| json!({ "params": card("o-code", 1000), "choice": "approve", "merchant_code": code });
    let (_, wrong) = control(&sandbox, "", body("imp00000000")).await;
    assert!(refused(&wrong["response"]), "{wrong}");
    assert!(wrong["response"]["error_msg"].as_str().unwrap().contains("imp00000000"));
    let (_, right) = control(&sandbox, "", body("imp12345678")).await;
    assert_eq!(right["response"]["status"], "paid", "{right}");
    let (_, unknown_tier) =
        control(&sandbox, "", json!({ "params": card("o-tier", 1000), "choice": "approve", "tier_code": "ZZZ" })).await;
    assert!(refused(&unknown_tier["response"]), "{unknown_tier}");

    // What the sandbox cannot play at all is a 400.
    let (status, bad) = control(&sandbox, "", json!({ "params": card("o-bad", 1), "choice": "maybe" })).await;
    assert_eq!(status, 400, "{bad}");
    let (status, _) = control(&sandbox, "", json!({ "params": card("o-bad", 1) })).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_customer_uid_window_issues_a_billing_key_and_charges_when_the_pg_does() {
    let (sandbox, client) = start().await;
    let raw = Raw::new(&sandbox).await;
    let issue_only = json!({
        "pg": "html5_inicis.INIBillTst", "pay_method": "card", "merchant_uid": "issue-1",
        "customer_uid": "customer-1", "name": "정기결제 등록", "amount": 0, "buyer_name": "홍길동",
    });
    let result = sandbox.checkout(issue_only, Choice::Approve).await;
    assert_eq!(result["success"], true, "{result}");
    assert_eq!(result["customer_uid"], "customer-1");
    let key = api(&raw, "/subscribe/customers/customer-1").await;
    assert_eq!((key["pg_provider"].as_str(), key["pg_id"].as_str()), (Some("html5_inicis"), Some("INIBillTst")));
    assert_eq!(key["customer_name"], "홍길동");
    let issued = api(&raw, &format!("/payments/{}", result["imp_uid"].as_str().unwrap())).await;
    assert_eq!((issued["amount"].as_i64(), issued["customer_uid_usage"].as_str()), (Some(0), Some("issue")));

    // The key is charged from the server afterwards.
    let again = iamport::types::AgainRequest::builder()
        .customer_uid("customer-1")
        .merchant_uid("again-1")
        .amount(5000.0)
        .name("첫 달");
    let payment = client.again().body(again).send().await.expect("charged");
    assert_eq!(payment.status, iamport::enums::PaymentStatus::Paid);

    // A PG that charges at issuance.
    let kakao = json!({
        "pg": "kakaopay", "merchant_uid": "issue-2", "customer_uid": "customer-2", "name": "구독", "amount": 9900,
    });
    let charged = sandbox.checkout(kakao, Choice::Approve).await;
    assert_eq!((charged["status"].as_str(), charged["paid_amount"].as_i64()), (Some("paid"), Some(9900)));
    api(&raw, "/subscribe/customers/customer-2").await;

    let declined = json!({ "pg": "html5_inicis", "merchant_uid": "issue-3", "customer_uid": "customer-3" });
    assert_eq!(sandbox.checkout(declined, Choice::Decline).await["success"], false);
    assert_eq!(raw.call("GET", "/subscribe/customers/customer-3", None).await.status, 404);
}

#[tokio::test]
async fn confirm_url_is_asked_before_approval_and_its_refusal_fails_the_payment() {
    let (sandbox, _) = start().await;
    let raw = Raw::new(&sandbox).await;
    let refusing = merchant(ResponseTemplate::new(409).set_body_json(json!({ "reason": "재고가 없습니다" }))).await;
    let mut params = card("order-confirm", 3000);
    params["confirm_url"] = json!(format!("{}/confirm", refusing.uri()));
    params["notice_url"] = json!(format!("{}/notice", refusing.uri()));
    let result = sandbox.checkout(params, Choice::Approve).await;
    assert_eq!((result["success"].as_bool(), result["error_code"].as_str()), (Some(false), Some("F401")));
    assert_eq!(result["error_msg"], "재고가 없습니다");
    let imp_uid = result["imp_uid"].as_str().unwrap();
    let payment = api(&raw, &format!("/payments/{imp_uid}")).await;
    assert_eq!(
        (payment["status"].as_str(), payment["fail_reason"].as_str()),
        (Some("failed"), Some("재고가 없습니다"))
    );
    let asked = refusing.received_requests().await.unwrap();
    let confirm: Vec<Value> =
        asked.iter().filter(|r| r.url.path() == "/confirm").map(|r| serde_json::from_slice(&r.body).unwrap()).collect();
    assert_eq!(confirm, [json!({ "imp_uid": imp_uid, "merchant_uid": "order-confirm", "amount": 3000 })]);
    assert!(asked.iter().all(|r| r.url.path() != "/notice"), "no webhook for the failed payment");
    let listed = raw.call("GET", "/_sandbox/webhooks", None).await.body["response"].clone();
    assert_eq!(listed[0]["kind"], "payment_confirm", "{listed}");
    assert_eq!((listed[0]["status"].as_i64(), listed[0]["body"]["amount"].as_i64()), (Some(409), Some(3000)));

    // A refusal without a reason, and an agreeing merchant.
    let bare = merchant(ResponseTemplate::new(500)).await;
    let mut params = card("order-confirm-2", 3000);
    params["confirm_url"] = json!(format!("{}/confirm", bare.uri()));
    let result = sandbox.checkout(params, Choice::Approve).await;
    assert!(result["error_msg"].as_str().unwrap().contains("HTTP 500"), "{result}");
    let agreeing = merchant(ResponseTemplate::new(200)).await;
    let mut params = card("order-confirm-3", 3000);
    params["confirm_url"] = json!(format!("{}/confirm", agreeing.uri()));
    assert_eq!(sandbox.checkout(params, Choice::Approve).await["status"], "paid");
    // A merchant that does not answer (nothing listens there) fails it too.
    let mut params = card("order-confirm-5", 3000);
    params["confirm_url"] = json!("http://127.0.0.1:9/confirm");
    let result = sandbox.checkout(params, Choice::Approve).await;
    assert_eq!(result["status"], "failed");
    assert!(result["error_msg"].as_str().unwrap().contains("응답하지 않았습니다"), "{result}");
    // A declined card never reaches the merchant's confirmation.
    let mut params = card("order-confirm-4", 3000);
    params["confirm_url"] = json!(format!("{}/confirm", agreeing.uri()));
    sandbox.checkout(params, Choice::Decline).await;
    assert_eq!(agreeing.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn each_script_answers_in_its_dialect_on_a_pc_and_on_a_phone() {
    let (sandbox, _) = start().await;
    let raw = Raw::new(&sandbox).await;
    let redirect = "https://shop.test/orders/done?from=checkout";
    let on = |merchant_uid: &str, pg: &str| {
        let mut params = card(merchant_uid, 1000);
        params["pg"] = json!(pg);
        params["m_redirect_url"] = json!(redirect);
        params
    };
    let phone = |sdk| Dialect { sdk, mobile: true };
    let query = |result: CheckoutResult| match result {
        CheckoutResult::Redirect(url) => {
            assert!(url.starts_with("https://shop.test/orders/done?from=checkout&"), "{url}");
            let parsed = url::Url::parse(&url).unwrap();
            parsed.query_pairs().into_owned().filter(|(k, _)| k != "from").collect::<Vec<(String, String)>>()
        }
        other => panic!("not a redirect: {other:?}"),
    };

    let legacy_paid = query(sandbox.checkout_in(on("m-1", "html5_inicis"), Choice::Approve, phone(Sdk::Legacy)).await);
    let imp_uid = legacy_paid[0].1.clone();
    assert_eq!(legacy_paid[1..], [("merchant_uid".into(), "m-1".into()), ("imp_success".into(), "true".into())]);
    assert_eq!(api(&raw, &format!("/payments/{imp_uid}")).await["channel"], "mobile");
    let legacy_failed = query(sandbox.checkout_in(on("m-2", "html5_inicis"), Choice::Cancel, phone(Sdk::Legacy)).await);
    assert!(legacy_failed.contains(&("imp_success".into(), "false".into())), "{legacy_failed:?}");

    let current_paid = query(sandbox.checkout_in(on("m-3", "nice_v2"), Choice::Approve, phone(Sdk::Current)).await);
    assert_eq!(current_paid.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["imp_uid", "merchant_uid"]);
    let current_failed = query(sandbox.checkout_in(on("m-4", "nice_v2"), Choice::Decline, phone(Sdk::Current)).await);
    let keys: Vec<&str> = current_failed.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["imp_uid", "merchant_uid", "error_code", "error_msg"]);
    assert!(current_failed.contains(&("error_msg".into(), DECLINE_REASON.into())));

    // Over HTTP, the redirect comes as `redirect_url`.
    let (_, envelope) = control(
        &sandbox,
        "",
        json!({ "params": on("m-5", "kcp"), "choice": "approve", "sdk": "legacy", "mobile": true }),
    )
    .await;
    assert!(envelope["response"]["redirect_url"].as_str().unwrap().contains("imp_success=true"), "{envelope}");

    // On a PC: the current script gives the newer modules four fields
    // only, the older ones (and the legacy script) the full object.
    let pc = |sdk| Dialect { sdk, mobile: false };
    let callback = |result: CheckoutResult| match result {
        CheckoutResult::Callback(object) => object,
        other => panic!("not a callback: {other:?}"),
    };
    let newer = callback(sandbox.checkout_in(on("m-6", "tosspayments"), Choice::Decline, pc(Sdk::Current)).await);
    let mut keys: Vec<&String> = newer.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["error_code", "error_msg", "imp_uid", "merchant_uid"]);
    let paid = callback(sandbox.checkout_in(on("m-7", "tosspayments"), Choice::Approve, pc(Sdk::Current)).await);
    assert_eq!(paid.as_object().unwrap().len(), 2, "{paid}");
    let legacy = callback(sandbox.checkout_in(on("m-8", "tosspayments"), Choice::Approve, pc(Sdk::Legacy)).await);
    assert_eq!((legacy["success"].as_bool(), legacy["status"].as_str()), (Some(true), Some("paid")));
    // A phone without m_redirect_url still gets the callback.
    let no_redirect = sandbox.checkout_in(card("m-9", 1000), Choice::Approve, phone(Sdk::Current)).await;
    assert!(matches!(no_redirect, CheckoutResult::Callback(_)));
}

#[tokio::test]
async fn an_easy_pay_window_names_its_service() {
    let (sandbox, _) = start().await;
    let raw = Raw::new(&sandbox).await;
    let params = json!({ "pg": "html5_inicis", "pay_method": "kakaopay", "merchant_uid": "e-1", "amount": 1500 });
    let result = sandbox.checkout(params, Choice::Approve).await;
    assert_eq!(result["emb_pg_provider"], "kakaopay");
    let payment = api(&raw, &format!("/payments/{}", result["imp_uid"].as_str().unwrap())).await;
    assert_eq!(
        (payment["emb_pg_provider"].as_str(), payment["pg_provider"].as_str()),
        (Some("kakaopay"), Some("html5_inicis"))
    );
    let transfer = json!({ "pg": "kcp", "pay_method": "trans", "merchant_uid": "t-1", "amount": 1500 });
    let result = sandbox.checkout(transfer, Choice::Approve).await;
    let payment = api(&raw, &format!("/payments/{}", result["imp_uid"].as_str().unwrap())).await;
    assert_eq!((payment["pay_method"].as_str(), payment["bank_name"].as_str()), (Some("trans"), Some("KB국민은행")));
}

#[tokio::test]
async fn a_verification_window_certifies_the_person_in_its_form() {
    let (sandbox, _) = start().await;
    let raw = Raw::new(&sandbox).await;
    let params = json!({ "merchant_uid": "cert-1", "pg": "inicis_unified" });
    let CheckoutResult::Callback(result) =
        sandbox.certification(params.clone(), None, Choice::Approve, Dialect::default()).unwrap()
    else {
        panic!("a callback")
    };
    assert_eq!((result["success"].as_bool(), result["merchant_uid"].as_str()), (Some(true), Some("cert-1")));
    let certification = api(&raw, &format!("/certifications/{}", result["imp_uid"].as_str().unwrap())).await;
    assert_eq!(certification["certified"], true);
    assert_eq!(certification["name"], "홍길동");
    assert_eq!(certification["pg_provider"], "inicis_unified");
    assert!(certification["unique_key"].as_str().is_some_and(|ci| !ci.is_empty()));

    // Over HTTP with the form's fields.
    let fields = json!({ "name": "김영희", "phone": "010-9876-5432", "birthday": "2001-02-03", "gender": "female", "carrier": "KT" });
    let (_, envelope) =
        control(&sandbox, "/certification", json!({ "params": params, "fields": fields, "choice": "approve" })).await;
    let imp_uid = envelope["response"]["imp_uid"].as_str().expect("an imp_uid").to_owned();
    let certification = api(&raw, &format!("/certifications/{imp_uid}")).await;
    assert_eq!((certification["name"].as_str(), certification["gender"].as_str()), (Some("김영희"), Some("female")));
    assert_eq!(certification["birthday"], "2001-02-03");

    // A malformed field is shown in the window (400), not a result.
    let (status, _) = control(
        &sandbox,
        "/certification",
        json!({ "params": {}, "fields": { "phone": "call me" }, "choice": "approve" }),
    )
    .await;
    assert_eq!(status, 400);
    let declined =
        sandbox.certification(json!({ "merchant_uid": "cert-2" }), None, Choice::Decline, Dialect::default());
    let CheckoutResult::Callback(declined) = declined.unwrap() else { panic!("a callback") };
    assert_eq!(declined["success"], false);
    let too_young = json!({ "merchant_uid": "cert-3", "min_age": 40 });
    let CheckoutResult::Callback(young) =
        sandbox.certification(too_young, None, Choice::Approve, Dialect::default()).unwrap()
    else {
        panic!("a callback")
    };
    assert_eq!(young["success"], false);

    // On a phone with m_redirect_url: a redirect with `success`.
    let mobile = json!({ "merchant_uid": "cert-4", "m_redirect_url": "https://shop.test/certified" });
    let phone = Dialect { sdk: Sdk::Current, mobile: true };
    let CheckoutResult::Redirect(url) = sandbox.certification(mobile, None, Choice::Approve, phone).unwrap() else {
        panic!("a redirect")
    };
    assert!(
        url.starts_with("https://shop.test/certified?imp_uid=imp_")
            && url.ends_with("&merchant_uid=cert-4&success=true"),
        "{url}"
    );
}
