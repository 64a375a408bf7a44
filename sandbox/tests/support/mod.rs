//! What the sandbox's tests share: a sandbox on a fixed clock, its client,
//! and plain HTTP calls for what the typed client cannot send or show.

#![allow(dead_code)]

pub mod receiver;

use iamport::{Client, StatusCode, types};
use iamport_sandbox::{CARD_APPROVED, Sandbox, SandboxClock};
use serde_json::{Value, json};

/// The sandbox clock's start in every test: 2023-11-14 22:13:20 UTC.
pub const T0: i64 = 1_700_000_000;

/// A sandbox on a clock frozen at [`T0`], and a client for it.
pub async fn start() -> (Sandbox, Client) {
    let sandbox = Sandbox::builder().clock(SandboxClock::fixed(T0)).start().await.expect("sandbox starts");
    let client = sandbox.client().expect("client builds");
    (sandbox, client)
}

/// A one-time charge of `amount` on the approved test card: the payment, `paid`.
pub async fn card_payment(client: &Client, merchant_uid: &str, amount: f64) -> types::Payment {
    let charge = types::OnetimeRequest::builder()
        .merchant_uid(merchant_uid)
        .amount(amount)
        .card_number(CARD_APPROVED)
        .expiry("2099-12");
    client.onetime().body(charge).send().await.expect("paid")
}

/// An HTTP answer: status, envelope, and the body as it came.
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub text: String,
}

/// Plain HTTP calls to a sandbox, with a token.
pub struct Raw {
    http: reqwest::Client,
    base_url: String,
    token: String,
}

impl Raw {
    pub async fn new(sandbox: &Sandbox) -> Self {
        let http = reqwest::Client::new();
        let (key, secret) = sandbox.credentials();
        let grant: Value = http
            .post(format!("{}/users/getToken", sandbox.base_url()))
            .json(&json!({ "imp_key": key, "imp_secret": secret }))
            .send()
            .await
            .expect("sandbox answers")
            .json()
            .await
            .expect("an envelope");
        let token = grant["response"]["access_token"].as_str().expect("a token").to_owned();
        Self { http, base_url: sandbox.base_url(), token }
    }

    /// `method path` with a JSON body (when given) and the token.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut request = self.http.request(method, format!("{}{path}", self.base_url)).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("sandbox answers");
        let status = response.status();
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, body, text }
    }
}
