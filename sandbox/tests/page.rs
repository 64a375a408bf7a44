//! `GET /_sandbox/`: the page a person looks at, fetched as a browser
//! would: what the sandbox holds is listed (and escaped), and its forms
//! drive the control API.

mod support;

use iamport::{StatusCode, enums::PaymentStatus, types};
use iamport_sandbox::{CARD_APPROVED, Sandbox};
use support::{T0, receiver::Receiver, start};

/// GET the page: its status, content type and HTML.
async fn page(sandbox: &Sandbox) -> (StatusCode, String, String) {
    let response = reqwest::get(format!("{}/_sandbox/", sandbox.base_url())).await.expect("the page answers");
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    (response.status(), content_type, response.text().await.unwrap())
}

/// POSTs a form as a browser does, without following the redirect: the
/// status, the `Location` and the body.
async fn submit(sandbox: &Sandbox, action: &str, fields: &str) -> (StatusCode, Option<String>, String) {
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = http
        .post(format!("{}{action}", sandbox.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(fields.to_owned())
        .send()
        .await
        .expect("the form is answered");
    let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
    (response.status(), location, response.text().await.unwrap())
}

#[tokio::test]
async fn a_payment_is_listed_with_what_the_store_holds_escaped() {
    let (sandbox, client) = start().await;
    let empty = page(&sandbox).await;
    assert_eq!((empty.0, empty.1.as_str()), (StatusCode::OK, "text/html; charset=utf-8"));
    assert!(empty.2.contains("none yet"));

    let charge = types::OnetimeRequest::builder()
        .merchant_uid("page-1")
        .amount(15000.0)
        .name("도시락 <script>alert('x')</script>")
        .card_number(CARD_APPROVED)
        .expiry("2099-12");
    let paid = client.onetime().body(charge).send().await.unwrap();
    let (_, _, html) = page(&sandbox).await;
    assert!(html.contains(&paid.imp_uid) && html.contains("page-1"), "the payment is listed");
    assert!(html.contains("<td>paid</td>") && html.contains("15000 KRW"), "its status and amount");
    assert!(html.contains("도시락 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "its name, escaped");
    assert!(!html.contains("<script>"), "nothing from the store is markup");
    assert!(html.contains("2023-11-14 22:13:20 UTC"), "the clock");
}

#[tokio::test]
async fn the_forms_deposit_move_the_clock_and_replay() {
    let (sandbox, client) = start().await;
    let merchant = Receiver::start().await;
    let vbank = types::VbankCreateRequest::builder()
        .channel_key("channel-key-sandbox")
        .merchant_uid("page-vbank")
        .amount(32000.0)
        .vbank_code("004")
        .vbank_due(T0 + 86_400)
        .notice_url(vec![merchant.url("/notice")]);
    let issued = client.create_vbank().body(vbank).send().await.unwrap();

    // The deposit button: its form, its action, then the payment is paid.
    let action = format!("/_sandbox/vbanks/{}/deposit", issued.imp_uid);
    let (_, _, html) = page(&sandbox).await;
    assert!(html.contains(&format!("<form method=\"post\" action=\"{action}\">")), "{html}");
    let (status, location, _) = submit(&sandbox, &action, "").await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/_sandbox/")));
    let payment = client.get_payment_by_imp_uid().imp_uid(&issued.imp_uid).send().await.unwrap();
    assert_eq!(payment.status, PaymentStatus::Paid);
    merchant.wait_for(1).await;

    // Pressed again: refused, with the reason, on a page of its own.
    let (status, _, refusal) = submit(&sandbox, &action, "").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(refusal.contains("The sandbox refused") && refusal.contains("not ready"), "{refusal}");

    // The webhook is listed with the merchant's answer, and replayed as a form.
    let (_, _, html) = page(&sandbox).await;
    assert!(html.contains("HTTP 200") && html.contains(&merchant.url("/notice")), "{html}");
    assert!(html.contains("action=\"/_sandbox/webhooks/1/replay\""), "{html}");
    let (status, _, _) = submit(&sandbox, "/_sandbox/webhooks/1/replay", "format=form").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let received = merchant.wait_for(2).await;
    assert_eq!(received[1].content_type, "application/x-www-form-urlencoded");

    // The clock.
    assert!(html.contains("action=\"/_sandbox/clock/advance\""));
    let (status, _, _) = submit(&sandbox, "/_sandbox/clock/advance", "seconds=3600").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(sandbox.clock().now(), T0 + 3600);
    let (_, _, html) = page(&sandbox).await;
    assert!(html.contains("2023-11-14 23:13:20 UTC"), "the page shows the clock moved");

    // The webhook settings, a late delivery held until the clock passes it.
    let (status, _, _) = submit(&sandbox, "/_sandbox/webhooks/settings", "mode=late&delay_seconds=60").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, html) = page(&sandbox).await;
    assert!(html.contains("late, 60 s after the action"), "{html}");
}

#[tokio::test]
async fn a_json_client_of_the_control_api_still_gets_the_envelope() {
    let (sandbox, _) = start().await;
    let response = reqwest::Client::new()
        .post(format!("{}/_sandbox/clock/advance", sandbox.base_url()))
        .header("content-type", "application/json")
        .body(r#"{"seconds": 60}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["response"]["now"], T0 + 60);
}
