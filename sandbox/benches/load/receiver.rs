//! The merchant's webhook endpoint: a plain HTTP server on 127.0.0.1 that
//! answers 200 to every POST and keeps each notification it received.

use std::{
    net::{Ipv4Addr, SocketAddr},
    sync::{Arc, Mutex},
};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response, body::Incoming, service::service_fn};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;

/// A notification as the books compare it: `imp_uid`, `merchant_uid`,
/// `status` and `cancellation_id` (`None` for a charge's).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Notice {
    pub imp_uid: String,
    pub merchant_uid: String,
    pub status: String,
    pub cancellation_id: Option<String>,
}

impl Notice {
    /// The notice of a JSON notification body, if it is one.
    pub fn from_json(body: &Value) -> Option<Self> {
        let text = |name: &str| body.get(name).and_then(Value::as_str).map(str::to_owned);
        Some(Self {
            imp_uid: text("imp_uid")?,
            merchant_uid: text("merchant_uid")?,
            status: text("status")?,
            cancellation_id: text("cancellation_id"),
        })
    }
}

/// What the endpoint received.
#[derive(Debug, Default)]
pub struct Received {
    /// Every notification, in the order received.
    pub notices: Vec<Notice>,
    /// Bodies that were not a JSON notification (each is a broken rule).
    pub malformed: Vec<String>,
}

/// The running endpoint; its task ends when the runtime does.
pub struct Receiver {
    /// `http://127.0.0.1:PORT/webhook`.
    pub url: String,
    received: Arc<Mutex<Received>>,
}

impl Receiver {
    /// Listens on a free port of 127.0.0.1.
    pub async fn start() -> Result<Self, String> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .map_err(|e| format!("the webhook receiver cannot bind 127.0.0.1:0: {e}"))?;
        let address = listener.local_addr().map_err(|e| format!("the webhook receiver has no address: {e}"))?;
        let received = Arc::new(Mutex::new(Received::default()));
        tokio::spawn(serve(listener, Arc::clone(&received)));
        Ok(Self { url: format!("http://{address}/webhook"), received })
    }

    /// Takes what was received so far, leaving the endpoint empty (for the
    /// next target).
    pub fn take(&self) -> Received {
        std::mem::take(&mut *self.received.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

async fn serve(listener: TcpListener, received: Arc<Mutex<Received>>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            continue;
        };
        let received = Arc::clone(&received);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let received = Arc::clone(&received);
                async move { Ok::<_, hyper::Error>(receive(&received, request).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

async fn receive(received: &Mutex<Received>, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let body = match request.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let notice = serde_json::from_slice::<Value>(&body).ok().as_ref().and_then(Notice::from_json);
    {
        let mut received = received.lock().unwrap_or_else(|e| e.into_inner());
        match notice {
            Some(notice) => received.notices.push(notice),
            None => received.malformed.push(String::from_utf8_lossy(&body).chars().take(200).collect()),
        }
    }
    Response::new(Full::new(Bytes::from_static(b"OK")))
}
