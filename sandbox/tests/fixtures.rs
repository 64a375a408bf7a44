//! The fixtures (`SandboxBuilder::fixtures`, `--fixtures`): what the
//! examples of `spec/iamport.yaml` name exists, in the state its operations
//! need, and a sandbox without them holds none of it.

mod support;

use iamport_sandbox::{Sandbox, SandboxClock};
use serde_json::{Value, json};
use support::{Raw, T0};

/// The spec, as JSON.
fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/iamport.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    yaml_serde::from_str(&text).expect("the spec is YAML")
}

/// The named examples of the component parameter `name`: (name, value),
/// by name.
fn named_examples(spec: &Value, name: &str) -> Vec<(String, String)> {
    let examples = spec["components"]["parameters"][name]["examples"].as_object().expect("named examples");
    examples.iter().map(|(k, v)| (k.clone(), v["value"].as_str().expect("a string").to_owned())).collect()
}

/// The value of the example `name` among `examples`.
fn example(examples: &[(String, String)], name: &str) -> String {
    examples.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no example {name}")).1.clone()
}

/// The operation `id` of the spec.
fn operation<'a>(spec: &'a Value, id: &str) -> &'a Value {
    let paths = spec["paths"].as_object().expect("paths");
    paths
        .values()
        .flat_map(|item| item.as_object().into_iter().flat_map(|m| m.values()))
        .find(|op| op["operationId"] == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

/// The example of the inline parameter `name` of operation `id`.
fn parameter_example(spec: &Value, id: &str, name: &str) -> String {
    let parameters = operation(spec, id)["parameters"].as_array().expect("parameters");
    let parameter = parameters.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("{id} has no {name}"));
    parameter["example"].as_str().expect("an example").to_owned()
}

/// The request example of operation `id`.
fn body_example(spec: &Value, id: &str) -> Value {
    operation(spec, id)["requestBody"]["content"]["application/json"]["example"].clone()
}

async fn with_fixtures() -> (Sandbox, Raw) {
    let sandbox = Sandbox::builder().clock(SandboxClock::fixed(T0)).fixtures().start().await.expect("starts");
    let raw = Raw::new(&sandbox).await;
    (sandbox, raw)
}

/// `GET path`'s `response`, which must be a success.
async fn found(raw: &Raw, path: &str) -> Value {
    let answer = raw.call("GET", path, None).await;
    assert_eq!((answer.status.as_u16(), &answer.body["code"]), (200, &json!(0)), "GET {path}: {}", answer.text);
    answer.body["response"].clone()
}

#[tokio::test]
async fn the_payments_the_spec_names_are_in_the_states_its_examples_say() {
    let spec = spec();
    let (_sandbox, raw) = with_fixtures().await;
    let examples = named_examples(&spec, "ImpUidPath");
    assert_eq!(examples.len(), 6, "{examples:?}");
    for (name, imp_uid) in &examples {
        let payment = found(&raw, &format!("/payments/{imp_uid}")).await;
        let expected = match name.as_str() {
            "paid" | "cash" | "naver" | "deposited" => "paid",
            "vbank" | "cvs" => "ready",
            other => panic!("an example the test does not know: {other}"),
        };
        assert_eq!(payment["status"], expected, "{name}");
        let receipt = raw.call("GET", &format!("/receipts/{imp_uid}"), None).await;
        assert_eq!(receipt.body["code"] == 0, name == "cash", "{name}'s receipt: {}", receipt.text);
    }
    let escrow = raw.call("GET", &format!("/escrows/logis/{}", example(&examples, "paid")), None).await;
    assert_eq!(escrow.body["code"], 0, "the paid payment has its shipping registered: {}", escrow.text);

    let merchant_uid = example(&named_examples(&spec, "MerchantUidPath"), "paid");
    assert_eq!(found(&raw, &format!("/payments/find/{merchant_uid}")).await["status"], "paid");
}

#[tokio::test]
async fn the_schedules_billing_keys_and_verifications_the_spec_names_exist() {
    let spec = spec();
    let (_sandbox, raw) = with_fixtures().await;
    let schedule = |merchant_uid: String| format!("/subscribe/payments/schedule/{merchant_uid}");
    let schedules: Vec<_> =
        named_examples(&spec, "MerchantUidPath").into_iter().filter(|(name, _)| name != "paid").collect();
    let mut names: Vec<&str> = schedules.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["failed", "scheduled"], "the schedules the spec's examples name");
    for (name, merchant_uid) in schedules {
        let found = found(&raw, &schedule(merchant_uid)).await;
        let state = (found["schedule_status"].as_str(), found["payment_status"].as_str());
        match name.as_str() {
            "scheduled" => assert_eq!(state, (Some("scheduled"), None)),
            "failed" => assert_eq!(state, (Some("executed"), Some("failed"))),
            other => panic!("an example the test does not know: {other}"),
        }
    }
    let retried = found(&raw, &schedule(parameter_example(&spec, "retryScheduleByMid", "merchant_uid"))).await;
    assert_eq!(retried["payment_status"], "failed");
    let unscheduled = body_example(&spec, "unschedule");
    let waiting = found(&raw, &schedule(unscheduled["merchant_uid"][0].as_str().unwrap().to_owned())).await;
    assert_eq!(
        (&waiting["schedule_status"], &waiting["customer_uid"]),
        (&json!("scheduled"), &unscheduled["customer_uid"])
    );

    let customer_uid = spec["components"]["parameters"]["CustomerUidPath"]["example"].as_str().unwrap();
    for customer_uid in [customer_uid.to_owned(), parameter_example(&spec, "deleteAutoPayKey", "customer_uid")] {
        assert_eq!(found(&raw, &format!("/subscribe/customers/{customer_uid}")).await["customer_uid"], customer_uid);
    }
    let certifications = named_examples(&spec, "CertificationUidPath");
    let mut names: Vec<&str> = certifications.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["certified", "otp_sent"], "the verifications the spec's examples name");
    for (name, imp_uid) in certifications {
        let certification = found(&raw, &format!("/certifications/{imp_uid}")).await;
        assert_eq!(certification["certified"], name == "certified", "{name}");
    }
    let otp = raw
        .call(
            "POST",
            &format!(
                "/certifications/otp/confirm/{}",
                example(&named_examples(&spec, "CertificationUidPath"), "otp_sent")
            ),
            Some(body_example(&spec, "confirmOTP")),
        )
        .await;
    assert_eq!(otp.body["code"], 0, "the example's code confirms the verification waiting: {}", otp.text);

    let tier = operation(&spec, "GetTier")["parameters"][0]["example"].as_str().unwrap().to_owned();
    assert_eq!(found(&raw, &format!("/tiers/{tier}")).await["tier_code"], tier);
    let member_id = parameter_example(&spec, "member_delete", "member_id");
    let query = "site_code=s&partner_type=p&partner_subtype=q";
    let deleted = raw.call("DELETE", &format!("/kcpquick/members/{member_id}?{query}"), None).await;
    assert_eq!(deleted.body["code"], 0, "{}", deleted.text);
}

#[tokio::test]
async fn each_naver_example_moves_its_product_order() {
    let spec = spec();
    let (_sandbox, raw) = with_fixtures().await;
    let naver = example(&named_examples(&spec, "ImpUidPath"), "naver");
    let single = operation(&spec, "getProductOrderSingle")["parameters"][0]["example"].as_str().unwrap().to_owned();
    assert_eq!(found(&raw, &format!("/naver/product-orders/{single}")).await["product_order_status"], "PAYED");
    let moves = [
        ("naverPlaceProductOrder", "place"),
        ("naverShipProductOrder", "ship"),
        ("naverCancelProductOrder", "cancel"),
        ("naverApproveCancelProductOrder", "approve-cancel"),
        ("naverRequestReturnProductOrder", "request-return"),
        ("naverApproveReturnProductOrder", "approve-return"),
        ("naverRejectReturnProductOrder", "reject-return"),
        ("naverWithholdReturnProductOrder", "withhold-return"),
        ("naverResolveReturnProductOrder", "resolve-return"),
        ("naverCollectProductOrder", "collect-exchanged"),
        ("naverShipExchangedProductOrder", "ship-exchanged"),
    ];
    for (id, path) in moves {
        let answer = raw.call("POST", &format!("/payments/{naver}/naver/{path}"), Some(body_example(&spec, id))).await;
        assert_eq!((answer.status.as_u16(), &answer.body["code"]), (200, &json!(0)), "{id}: {}", answer.text);
        // Each example names its own product order: a second time, it cannot move.
        let again = raw.call("POST", &format!("/payments/{naver}/naver/{path}"), Some(body_example(&spec, id))).await;
        assert_ne!(again.body["code"], 0, "{id} again: {}", again.text);
    }
    let confirmed = parameter_example(&spec, "naverConfirmPayment", "imp_uid");
    let answer = raw.call("POST", &format!("/payments/{confirmed}/naver/confirm"), Some(json!({}))).await;
    assert_eq!(answer.body["code"], 0, "{}", answer.text);
}

#[tokio::test]
async fn a_sandbox_without_fixtures_holds_none_of_them() {
    let spec = spec();
    let sandbox = Sandbox::builder().clock(SandboxClock::fixed(T0)).start().await.expect("starts");
    let raw = Raw::new(&sandbox).await;
    for (_, imp_uid) in named_examples(&spec, "ImpUidPath") {
        assert_eq!(raw.call("GET", &format!("/payments/{imp_uid}"), None).await.status.as_u16(), 404);
    }
    let tier = operation(&spec, "GetTier")["parameters"][0]["example"].as_str().unwrap().to_owned();
    assert_eq!(raw.call("GET", &format!("/tiers/{tier}"), None).await.status.as_u16(), 404);
}
