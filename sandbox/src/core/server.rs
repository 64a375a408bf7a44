//! The HTTP side: accepts connections, routes each request to an operation
//! of the spec (or, under a prefix such as `/_sandbox/`, to the control
//! API), checks the token, catches up with the clock, and writes the
//! envelope. The handlers come from the layer above, in a [`Dispatch`]:
//! the core knows no group.

use std::{future::Future, pin::Pin, sync::Arc};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{Request, Response, body::Incoming, header, service::service_fn};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::{
    Shared,
    faults::{Fault, Instead, instead},
    jobs,
    reply::Reply,
    routes::{Params, Route, route},
    shape,
};

/// The largest request body the sandbox reads.
const MAX_BODY: usize = 1024 * 1024;

/// An operation's answer, once its handler has run.
pub(crate) type Answer<'a> = Pin<Box<dyn Future<Output = Reply> + Send + 'a>>;

/// The sandbox's implementation of one operation of the spec.
pub(crate) type Handler = for<'a> fn(&'a Shared, &'a Call) -> Answer<'a>;

/// A group's operations by `operationId`, each module's `HANDLERS`.
pub(crate) type Handlers = &'static [(&'static str, Handler)];

/// The handler of a request under a path prefix outside the spec (the
/// control API's `/_sandbox/`): no token, no routing by the spec.
pub(crate) type PrefixHandler = for<'a> fn(&'a Shared, &'a PlainCall) -> Answer<'a>;

/// Where the server sends requests, given by the layer above at start.
#[derive(Clone, Copy)]
pub(crate) struct Dispatch {
    /// The handler of an operation by `operationId`, if the sandbox implements it.
    pub operation: fn(&str) -> Option<Handler>,
    /// Path prefixes answered before the spec's routes, with their handlers
    /// (the first prefix that matches takes the request).
    pub prefixes: &'static [(&'static str, PrefixHandler)],
    /// Path prefixes a page of another origin may call (the browser
    /// checkout's): answered with CORS headers, and a preflight (`OPTIONS`)
    /// answered by the server itself.
    pub cors: &'static [&'static str],
}

/// The headers that let a page of any origin load and call what is under a
/// CORS prefix (no credentials: the checkout needs no cookie).
const CORS_HEADERS: &[(&str, &str)] = &[
    ("access-control-allow-origin", "*"),
    ("access-control-allow-methods", "GET, POST, OPTIONS"),
    ("access-control-allow-headers", "content-type"),
    ("access-control-max-age", "600"),
];

/// The answer of a handler that needs no waiting.
pub(crate) fn ready<'a>(reply: impl Into<Reply>) -> Answer<'a> {
    Box::pin(std::future::ready(reply.into()))
}

/// The answer of a handler that waits (to send a webhook, say).
pub(crate) fn later<'a, R: Into<Reply>>(answer: impl Future<Output = R> + Send + 'a) -> Answer<'a> {
    Box::pin(async move { answer.await.into() })
}

/// What a handler gets from the request.
pub(crate) struct Call {
    pub params: Params,
    pub query: Vec<(String, String)>,
    pub body: Bytes,
}

impl Call {
    /// A path parameter (the router guarantees the template's names).
    pub fn param(&self, name: &str) -> &str {
        self.params.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v.as_str())
    }
}

/// What a [`PrefixHandler`] gets from the request.
pub(crate) struct PlainCall {
    pub method: String,
    pub path: String,
    pub body: Bytes,
    /// The body is form-encoded (`application/x-www-form-urlencoded`): an
    /// HTML form sent it.
    pub form: bool,
}

/// Answers the connections `listener` accepts, each request by `dispatch`.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, dispatch: Dispatch) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, usually: wait rather than spin.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let shared = Arc::clone(&shared);
                // An error closes the connection without an answer.
                async move { answer(&shared, dispatch, request).await.ok_or(AnswerLost) }
            });
            // A connection that fails concerns only its client.
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// The answer not sent because a [`Fault`] lost it.
#[derive(Debug)]
struct AnswerLost;

impl std::fmt::Display for AnswerLost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the answer was lost, as asked (an injected fault)")
    }
}

impl std::error::Error for AnswerLost {}

/// The response to `request`, or `None` when a fault loses it.
async fn answer(shared: &Shared, dispatch: Dispatch, request: Request<Incoming>) -> Option<Response<Full<Bytes>>> {
    let cors = dispatch.cors.iter().any(|prefix| request.uri().path().starts_with(prefix));
    let reply = match cors && request.method() == hyper::Method::OPTIONS {
        true => Reply::no_content(),
        false => handle(shared, dispatch, request).await?,
    };
    let (content_type, body) = match reply.content {
        Some(ref content) => (content.content_type, content.bytes.clone()),
        None => ("application/json; charset=utf-8", Bytes::from(reply.encode())),
    };
    let mut response = Response::builder().status(reply.status).header(header::CONTENT_TYPE, content_type);
    if let Some(allow) = reply.allow {
        response = response.header(header::ALLOW, &*allow);
    }
    if cors {
        for (name, value) in CORS_HEADERS {
            response = response.header(*name, *value);
        }
    }
    if let Some(location) = reply.location {
        response = response.header(header::LOCATION, location);
    }
    Some(response.body(Full::new(body)).unwrap_or_else(|_| Response::new(Full::new(Bytes::new()))))
}

/// The reply to `request`, or `None` when a fault loses it.
async fn handle(shared: &Shared, dispatch: Dispatch, request: Request<Incoming>) -> Option<Reply> {
    let under_prefix = dispatch.prefixes.iter().find(|(prefix, _)| request.uri().path().starts_with(prefix));
    if let Some((_, prefix_handler)) = under_prefix {
        let (method, path) = (request.method().as_str().to_owned(), request.uri().path().to_owned());
        let form = request.headers().get(header::CONTENT_TYPE).is_some_and(|value| {
            value.as_bytes().to_ascii_lowercase().starts_with(b"application/x-www-form-urlencoded")
        });
        let body = match read_body(request).await {
            Ok(body) => body,
            Err(reply) => return Some(reply),
        };
        jobs::catch_up(shared).await;
        return Some(prefix_handler(shared, &PlainCall { method, path, body, form }).await);
    }
    let (op, params) = match route(request.method().as_str(), request.uri().path()) {
        Route::Operation(op, params) => (op, params),
        Route::MethodNotAllowed(methods) => return Some(Reply::method_not_allowed(methods.join(", "))),
        Route::NotFound => return Some(Reply::no_such_path()),
    };
    if op.requires_auth && !authorized(shared, request.headers()) {
        return Some(Reply::unauthorized());
    }
    let Some(handler) = (dispatch.operation)(op.id) else { return Some(Reply::not_implemented(op.id)) };
    let query = match serde_urlencoded::from_str(request.uri().query().unwrap_or_default()) {
        Ok(query) => query,
        Err(_) => return Some(Reply::bad_request("the query string is malformed")),
    };
    let body = match read_body(request).await {
        Ok(body) => body,
        Err(reply) => return Some(reply),
    };
    let call = Call { params, query, body };
    // Taken once the call is one the handler would answer: a call refused
    // for its token leaves the fault to the call that follows.
    let fault = shared.faults().take(op.id);
    match fault.and_then(instead) {
        Some(Instead::Reply(reply)) => return Some(reply),
        Some(Instead::Drop) => return None,
        None => {}
    }
    jobs::catch_up(shared).await;
    let mut reply = handler(shared, &call).await;
    if reply.content.is_none() {
        shape::complete(op.method, op.path, reply.status.as_u16(), &mut reply.body);
    }
    match fault {
        Some(Fault::LoseAnswerAfter) => None,
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            Some(reply)
        }
        _ => Some(reply),
    }
}

async fn read_body(request: Request<Incoming>) -> Result<Bytes, Reply> {
    match Limited::new(request.into_body(), MAX_BODY).collect().await {
        Ok(body) => Ok(body.to_bytes()),
        Err(_) => Err(Reply::bad_request("the request body could not be read (or is over 1 MiB)")),
    }
}

/// The token from `Authorization: Bearer <token>`, a bare `Authorization:
/// <token>` or the legacy `X-ImpTokenHeader`, checked against the clock.
fn authorized(shared: &Shared, headers: &hyper::HeaderMap) -> bool {
    let header_value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let token = header_value("authorization")
        .map(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")).unwrap_or(v).trim())
        .or_else(|| header_value("x-imptokenheader"));
    let Some(token) = token.filter(|t| !t.is_empty()) else { return false };
    shared.tokens().is_valid(token, shared.clock.now())
}
