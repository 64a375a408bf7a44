//! A local mock of the API on 127.0.0.1 (wiremock) and the bodies it answers.

#![allow(dead_code)]

pub mod faulty;
pub mod listings;

use std::{sync::Arc, time::Duration};

use iamport::{Client, clock::ManualClock};
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

pub const KEY: &str = "test_imp_key";
pub const SECRET: &str = "S3cr3t-imp-secret-6f1b2c";
pub const TOKEN: &str = "tok_0000000000000000000000000000000000000001";
pub const TOKEN_2: &str = "tok_0000000000000000000000000000000000000002";

/// A payment with every field the API documents.
pub fn payment() -> Value {
    serde_json::from_str(include_str!("../fixtures/payment.json")).expect("fixture is JSON")
}

pub fn payment_with(changes: Value) -> Value {
    let mut p = payment();
    for (k, v) in changes.as_object().expect("changes is an object") {
        p[k] = v.clone();
    }
    p
}

pub fn envelope(response: Value) -> Value {
    json!({ "code": 0, "message": null, "response": response })
}

pub fn refusal(code: i64, message: &str) -> Value {
    json!({ "code": code, "message": message, "response": null })
}

pub fn token_body(token: &str, now: i64, expired_at: i64) -> Value {
    envelope(json!({ "access_token": token, "now": now, "expired_at": expired_at }))
}

/// A started mock server whose getToken hands out `TOKEN` for 30 minutes.
pub async fn server() -> MockServer {
    let server = MockServer::start().await;
    mount_token(&server, TOKEN, 1800).await;
    server
}

pub async fn mount_token(server: &MockServer, token: &str, life: i64) {
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(token, 1_700_000_000, 1_700_000_000 + life)))
        .mount(server)
        .await;
}

/// getToken hands out `TOKEN` once, then `TOKEN_2`.
pub async fn mount_tokens_in_turn(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/users/getToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(TOKEN, 1_700_000_000, 1_700_001_800)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    mount_token(server, TOKEN_2, 1800).await;
}

pub fn client(server: &MockServer) -> Client {
    Client::builder(KEY, SECRET).base_url(server.uri()).build().expect("client builds")
}

pub fn client_with_clock(server: &MockServer) -> (Client, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    let client = Client::builder(KEY, SECRET)
        .base_url(server.uri())
        .clock(clock.clone())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds");
    (client, clock)
}

/// How many requests the server saw for `path`.
pub async fn hits(server: &MockServer, p: &str) -> usize {
    server.received_requests().await.unwrap_or_default().iter().filter(|r| r.url.path() == p).count()
}

/// The Authorization headers of the requests for `path`, in order.
pub async fn bearer_tokens(server: &MockServer, p: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == p)
        .filter_map(|r| r.headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned))
        .collect()
}

/// Everything `tracing` emits while the returned guard's subscriber is set,
/// at every level, as text.
#[derive(Clone, Default)]
pub struct CapturedLogs(Arc<std::sync::Mutex<Vec<u8>>>);

impl CapturedLogs {
    /// A subscriber writing every event and span, at TRACE, into `self`.
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync + 'static {
        let writer = self.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
            .with_writer(move || writer.clone())
            .finish()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
