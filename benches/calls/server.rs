//! A local stand-in for the API on 127.0.0.1: `POST /users/getToken` and
//! `GET /payments/{imp_uid}`, counting every request it answers.
//!
//! Tokens follow the API's rule, with the durations as parameters: asking
//! again before expiry returns the same token, extended by `extend_by` when
//! asked within the last `extend_window`; after expiry a new token is issued
//! and the old one is refused with 401. `GET /__stats` returns the counters.

use std::{
    convert::Infallible,
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{SystemTime, UNIX_EPOCH},
};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, Response, StatusCode, body::Incoming, header, server::conn::http1, service::service_fn};
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};

/// How the server hands out tokens (whole seconds, as the API reports them).
#[derive(Debug, Clone, Copy)]
pub struct TokenPolicy {
    pub life: i64,
    pub extend_window: i64,
    pub extend_by: i64,
}

impl TokenPolicy {
    /// The API's own durations: 30 minutes, extended by 5 within the last one.
    pub const API: Self = Self { life: 1800, extend_window: 60, extend_by: 300 };
}

/// Requests answered, by kind.
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Stats {
    pub get_token: u64,
    pub payment: u64,
    pub unauthorized: u64,
    pub other: u64,
}

impl Stats {
    pub fn since(self, before: Stats) -> Stats {
        Stats {
            get_token: self.get_token - before.get_token,
            payment: self.payment - before.payment,
            unauthorized: self.unauthorized - before.unauthorized,
            other: self.other - before.other,
        }
    }

    /// Every API request that reached the server.
    pub fn on_the_wire(self) -> u64 {
        self.get_token + self.payment + self.other
    }
}

#[derive(Default)]
struct Counters {
    get_token: AtomicU64,
    payment: AtomicU64,
    unauthorized: AtomicU64,
    other: AtomicU64,
}

struct Token {
    value: String,
    expired_at: i64,
}

struct State {
    policy: TokenPolicy,
    token: Mutex<Option<Token>>,
    serial: AtomicU64,
    counters: Counters,
    payment_body: Bytes,
}

/// Serves until the process ends; prints `127.0.0.1:PORT` once listening.
pub async fn serve(policy: TokenPolicy) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    println!("{}", listener.local_addr()?);
    let state = Arc::new(State {
        policy,
        token: Mutex::new(None),
        serial: AtomicU64::new(0),
        counters: Counters::default(),
        payment_body: payment_envelope(),
    });
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = service_fn(move |request| answer(Arc::clone(&state), request));
            // A client closing its connection mid-request is not the server's concern.
            let _ = http1::Builder::new().keep_alive(true).serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// The payment body, compact as the API sends it (about 1.9 KB).
fn payment_envelope() -> Bytes {
    let payment: serde_json::Value =
        serde_json::from_str(include_str!("payment.json")).expect("benches/calls/payment.json is JSON");
    let envelope = serde_json::json!({ "code": 0, "message": null, "response": payment });
    Bytes::from(serde_json::to_vec(&envelope).expect("a JSON value serializes"))
}

async fn answer(state: Arc<State>, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path();
    let response = match (request.method(), path) {
        (&Method::POST, "/users/getToken") => {
            state.counters.get_token.fetch_add(1, Ordering::Relaxed);
            // Read the body as the API would; its contents are not checked.
            let _ = request.into_body().collect().await;
            json(StatusCode::OK, Bytes::from(state.grant()))
        }
        (&Method::GET, p) if p.starts_with("/payments/") => {
            state.counters.payment.fetch_add(1, Ordering::Relaxed);
            let bearer = request.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
            // The API takes the token with or without the `Bearer` scheme.
            if bearer.map(|b| b.strip_prefix("Bearer ").unwrap_or(b)).is_some_and(|t| state.accepts(t)) {
                json(StatusCode::OK, state.payment_body.clone())
            } else {
                state.counters.unauthorized.fetch_add(1, Ordering::Relaxed);
                json(
                    StatusCode::UNAUTHORIZED,
                    Bytes::from_static(br#"{"code":-1,"message":"Unauthorized","response":null}"#),
                )
            }
        }
        (&Method::GET, "/__stats") => {
            let stats = state.stats();
            json(StatusCode::OK, Bytes::from(serde_json::to_vec(&stats).expect("stats serialize")))
        }
        _ => {
            state.counters.other.fetch_add(1, Ordering::Relaxed);
            json(StatusCode::NOT_FOUND, Bytes::from_static(br#"{"code":-1,"message":"Not Found","response":null}"#))
        }
    };
    Ok(response)
}

fn json(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
    response
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl State {
    /// The body of a getToken answer, applying the token policy.
    fn grant(&self) -> Vec<u8> {
        let now = unix_now();
        let mut current = self.token.lock().unwrap_or_else(|e| e.into_inner());
        let token = match current.as_mut() {
            Some(token) if now < token.expired_at => {
                if token.expired_at - now <= self.policy.extend_window {
                    token.expired_at += self.policy.extend_by;
                }
                token
            }
            _ => {
                let serial = self.serial.fetch_add(1, Ordering::Relaxed) + 1;
                let value = format!("bench_token_{serial:08}");
                current.insert(Token { value, expired_at: now + self.policy.life })
            }
        };
        let envelope = serde_json::json!({
            "code": 0,
            "message": null,
            "response": { "access_token": token.value, "now": now, "expired_at": token.expired_at },
        });
        serde_json::to_vec(&envelope).expect("a JSON value serializes")
    }

    fn accepts(&self, presented: &str) -> bool {
        let current = self.token.lock().unwrap_or_else(|e| e.into_inner());
        current.as_ref().is_some_and(|t| t.value == presented && unix_now() < t.expired_at)
    }

    fn stats(&self) -> Stats {
        let c = &self.counters;
        Stats {
            get_token: c.get_token.load(Ordering::Relaxed),
            payment: c.payment.load(Ordering::Relaxed),
            unauthorized: c.unauthorized.load(Ordering::Relaxed),
            other: c.other.load(Ordering::Relaxed),
        }
    }
}
