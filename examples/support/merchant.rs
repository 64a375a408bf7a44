//! A merchant's webhook endpoints, as the examples run them: a small hyper
//! server on 127.0.0.1 that parses what i'mport POSTs, checks it against
//! the API with the client, and answers.
//!
//! - `POST /iamport/confirm`: a convenience-store confirm request. 200
//!   accepts the payment, anything else rejects it.
//! - `POST /iamport/notice`: a payment notification, JSON or form-encoded.
//!   Notifications are unsigned: the payment is re-read and compared with
//!   the order before anything is trusted. A failure to ask the API is
//!   answered with 503 when asking again may work, so that the notification
//!   can be sent again.

use std::{
    collections::HashMap,
    convert::Infallible,
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{Request, Response, StatusCode, body::Incoming, service::service_fn};
use hyper_util::rt::TokioIo;
use iamport::{
    Client,
    verify::{Expected, Verification},
    webhook::{CvsConfirm, MAX_BODY_LEN, Notification},
};

/// The merchant's side: its orders (merchant_uid → amount in won) and what
/// its endpoints saw.
#[derive(Clone)]
pub struct Merchant {
    addr: SocketAddr,
    state: Arc<State>,
}

struct State {
    client: Client,
    orders: Mutex<HashMap<String, u64>>,
    log: Mutex<Vec<String>>,
}

impl Merchant {
    /// Serves the endpoints on 127.0.0.1 at an ephemeral port; `client`
    /// re-reads payments.
    pub async fn start(client: Client) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State { client, orders: Mutex::default(), log: Mutex::default() });
        let serving = Arc::clone(&state);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = Arc::clone(&serving);
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let state = Arc::clone(&state);
                        async move { Ok::<_, Infallible>(handle(&state, request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Self { addr, state })
    }

    /// Where the API should POST confirm requests.
    pub fn confirm_url(&self) -> String {
        format!("http://{}/iamport/confirm", self.addr)
    }

    /// Where the API should POST notifications.
    pub fn notice_url(&self) -> String {
        format!("http://{}/iamport/notice", self.addr)
    }

    /// Records an order, so that webhooks about it can be checked.
    pub fn expect_order(&self, merchant_uid: &str, amount: u64) {
        self.state.orders.lock().unwrap().insert(merchant_uid.to_owned(), amount);
    }

    /// What the endpoints did since the last call, oldest first.
    pub fn take_log(&self) -> Vec<String> {
        std::mem::take(&mut *self.state.log.lock().unwrap())
    }
}

async fn handle(state: &State, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let path = request.uri().path().to_owned();
    let content_type = request.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body = match Limited::new(request.into_body(), MAX_BODY_LEN).collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => return answer(StatusCode::PAYLOAD_TOO_LARGE),
    };
    let (status, line) = match path.as_str() {
        "/iamport/confirm" => confirm(state, &body).await,
        "/iamport/notice" => notice(state, content_type.as_deref(), &body).await,
        _ => (StatusCode::NOT_FOUND, format!("unknown endpoint {path}")),
    };
    state.log.lock().unwrap().push(line);
    answer(status)
}

async fn confirm(state: &State, body: &[u8]) -> (StatusCode, String) {
    let confirm = match CvsConfirm::from_json(body) {
        Ok(confirm) => confirm,
        Err(e) => return (StatusCode::BAD_REQUEST, format!("confirm request refused: {e}")),
    };
    let Some(expected) = expected(state, &confirm.merchant_uid) else {
        return (StatusCode::CONFLICT, format!("confirm request for an unknown order {}", confirm.merchant_uid));
    };
    match state.client.verify_cvs_confirm(&confirm, &expected).await {
        Ok(_) => (
            StatusCode::OK,
            format!(
                "confirm request for {} ({} KRW, paid by {}): verified, accepted with 200",
                expected.merchant_uid, expected.amount, confirm.extra.pay_type
            ),
        ),
        Err(e) => (StatusCode::CONFLICT, format!("confirm request rejected: {e}")),
    }
}

async fn notice(state: &State, content_type: Option<&str>, body: &[u8]) -> (StatusCode, String) {
    let notification = match Notification::parse(content_type, body) {
        Ok(notification) => notification,
        Err(e) => return (StatusCode::BAD_REQUEST, format!("notification refused: {e}")),
    };
    let Some(expected) = expected(state, &notification.merchant_uid) else {
        return (StatusCode::OK, format!("notification for an order we do not know ({})", notification.merchant_uid));
    };
    let order = &expected.merchant_uid;
    // Whatever the payment turns out to be, the notification was received:
    // 200, unless the API could not be asked and asking again may work.
    let verdict = match state.client.verify_notification(&notification, &expected).await {
        Ok(verification) => verification,
        Err(e) if e.is_retryable() => return (StatusCode::SERVICE_UNAVAILABLE, format!("{order}: try again: {e}")),
        Err(e) => return (StatusCode::OK, format!("{order}: could not verify: {e}")),
    };
    let line = match verdict {
        Verification::Paid { payment } => format!("{order} is paid ({} {}): ship it", payment.amount, payment.currency),
        Verification::VirtualAccountIssued { account, .. } => {
            format!("{order} awaits a deposit to {} before {}", account.number, account.deadline)
        }
        Verification::Pending { payment } => format!("{order} is not paid yet ({})", payment.status),
        Verification::Failed { reason, .. } => format!("{order} failed: {}", reason.as_deref().unwrap_or("no reason")),
        Verification::Cancelled { cancelled, wholly, .. } => {
            format!("{order}: {cancelled} cancelled{}", if wholly { ", nothing left" } else { "" })
        }
        Verification::AmountMismatch { expected, actual, .. } => {
            format!("{order} NOT trusted: the payment is for {actual}, the order costs {expected}")
        }
        Verification::OtherOrder { merchant_uid, .. } => {
            format!("{order} NOT trusted: the payment is {merchant_uid}'s")
        }
        Verification::NotFound => format!("{order} NOT trusted: no such payment"),
    };
    (StatusCode::OK, format!("notification \"{}\": {line}", notification.status))
}

fn expected(state: &State, merchant_uid: &str) -> Option<Expected> {
    let amount = *state.orders.lock().unwrap().get(merchant_uid)?;
    Some(Expected::new(merchant_uid, amount))
}

fn answer(status: StatusCode) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}
