//! The HTTP side: accepts connections, routes each request to an operation
//! of the spec, checks the token, and writes the envelope.

use std::{convert::Infallible, sync::Arc};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{Request, Response, body::Incoming, header, service::service_fn};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::{
    Shared, charges, codes, customers, cvs, listings, payments, prepare,
    reply::Reply,
    routes::{Route, route},
    tokens,
};

/// The largest request body the sandbox reads.
const MAX_BODY: usize = 1024 * 1024;

/// The operations the sandbox implements; every other one answers 501.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Handler {
    GetToken,
    IssueCvsPayment,
    RevokeCvsPayment,
    Onetime,
    Again,
    GetPaymentByImpUid,
    GetPaymentByMerchantUidAnyStatus,
    GetPaymentByMerchantUid,
    CancelPayment,
    CustomerView,
    CustomerDelete,
    PreparePayment,
    EditPreparePayment,
    GetPaymentPrepare,
    GetPaymentListByImpUid,
    GetAllPaymentsByMerchantUidAnyStatus,
    GetAllPaymentsByMerchantUid,
    GetPaymentsByStatus,
    CustomerSave,
    CustomerViewMultiple,
    CustomerPayments,
    AllCardCodes,
    CardCodes,
    AllBankCodes,
    BankCodes,
}

impl Handler {
    pub(crate) fn for_operation(operation_id: &str) -> Option<Self> {
        Some(match operation_id {
            "getToken" => Self::GetToken,
            "issueCvsPayment" => Self::IssueCvsPayment,
            "revokeCvsPayment" => Self::RevokeCvsPayment,
            "onetime" => Self::Onetime,
            "again" => Self::Again,
            "getPaymentByImpUid" => Self::GetPaymentByImpUid,
            "getPaymentByMerchantUidAnyStatus" => Self::GetPaymentByMerchantUidAnyStatus,
            "getPaymentByMerchantUid" => Self::GetPaymentByMerchantUid,
            "cancelPayment" => Self::CancelPayment,
            "customer_view" => Self::CustomerView,
            "customer_delete" => Self::CustomerDelete,
            "preparePayment" => Self::PreparePayment,
            "editPreparePayment" => Self::EditPreparePayment,
            "getPaymentPrepareByMerchantUid" => Self::GetPaymentPrepare,
            "getPaymentListByImpUid" => Self::GetPaymentListByImpUid,
            "getAllPaymentsByMerchantUidAnyStatus" => Self::GetAllPaymentsByMerchantUidAnyStatus,
            "getAllPaymentsByMerchantUid" => Self::GetAllPaymentsByMerchantUid,
            "getPaymentsByStatus" => Self::GetPaymentsByStatus,
            "customer_save" => Self::CustomerSave,
            "customer_view_multiple" => Self::CustomerViewMultiple,
            "customer_payments" => Self::CustomerPayments,
            "allCardCodes" => Self::AllCardCodes,
            "cardCodes" => Self::CardCodes,
            "allBankCodes" => Self::AllBankCodes,
            "bankCodes" => Self::BankCodes,
            _ => return None,
        })
    }
}

/// What a handler gets from the request.
pub(crate) struct Call {
    pub params: super::routes::Params,
    pub query: Vec<(String, String)>,
    pub body: Bytes,
}

impl Call {
    /// A path parameter (the router guarantees the template's names).
    pub fn param(&self, name: &str) -> &str {
        self.params.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v.as_str())
    }
}

pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
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
                async move { Ok::<_, Infallible>(answer(&shared, request).await) }
            });
            // A connection that fails concerns only its client.
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

async fn answer(shared: &Shared, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let reply = handle(shared, request).await;
    let body = serde_json::to_vec(&reply.body).unwrap_or_default();
    let mut response =
        Response::builder().status(reply.status).header(header::CONTENT_TYPE, "application/json; charset=utf-8");
    if let Some(allow) = reply.allow {
        response = response.header(header::ALLOW, allow);
    }
    response.body(Full::new(Bytes::from(body))).unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

async fn handle(shared: &Shared, request: Request<Incoming>) -> Reply {
    let (op, params) = match route(request.method().as_str(), request.uri().path()) {
        Route::Operation(op, params) => (op, params),
        Route::MethodNotAllowed(methods) => return Reply::method_not_allowed(methods.join(", ")),
        Route::NotFound => return Reply::no_such_path(),
    };
    if op.requires_auth && !authorized(shared, request.headers()) {
        return Reply::unauthorized();
    }
    let Some(handler) = Handler::for_operation(op.id) else { return Reply::not_implemented(op.id) };
    let query = match serde_urlencoded::from_str(request.uri().query().unwrap_or_default()) {
        Ok(query) => query,
        Err(_) => return Reply::bad_request("the query string is malformed"),
    };
    let body = match Limited::new(request.into_body(), MAX_BODY).collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => return Reply::bad_request("the request body could not be read (or is over 1 MiB)"),
    };
    let call = Call { params, query, body };
    match handler {
        Handler::GetToken => tokens::get_token(shared, &call.body),
        Handler::IssueCvsPayment => cvs::issue(shared, &call),
        Handler::RevokeCvsPayment => cvs::revoke(shared, &call),
        Handler::Onetime => charges::onetime(shared, &call).await,
        Handler::Again => charges::again(shared, &call).await,
        Handler::GetPaymentByImpUid => payments::by_imp_uid(shared, &call),
        Handler::GetPaymentByMerchantUidAnyStatus => payments::by_merchant_uid(shared, &call, false),
        Handler::GetPaymentByMerchantUid => payments::by_merchant_uid(shared, &call, true),
        Handler::CancelPayment => payments::cancel(shared, &call).await,
        Handler::CustomerView => customers::view(shared, &call),
        Handler::CustomerDelete => customers::delete(shared, &call),
        Handler::PreparePayment => prepare::prepare(shared, &call),
        Handler::EditPreparePayment => prepare::edit(shared, &call),
        Handler::GetPaymentPrepare => prepare::get(shared, &call),
        Handler::GetPaymentListByImpUid => listings::by_ids(shared, &call),
        Handler::GetAllPaymentsByMerchantUidAnyStatus => listings::by_merchant_uid(shared, &call, false),
        Handler::GetAllPaymentsByMerchantUid => listings::by_merchant_uid(shared, &call, true),
        Handler::GetPaymentsByStatus => listings::by_status(shared, &call),
        Handler::CustomerSave => customers::save(shared, &call),
        Handler::CustomerViewMultiple => customers::view_multiple(shared, &call),
        Handler::CustomerPayments => customers::payments(shared, &call),
        Handler::AllCardCodes => codes::all_cards(),
        Handler::CardCodes => codes::card(&call),
        Handler::AllBankCodes => codes::all_banks(),
        Handler::BankCodes => codes::bank(&call),
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
    shared.tokens.lock().unwrap_or_else(|e| e.into_inner()).is_valid(token, shared.clock.now())
}
