//! The control API: what the library offers Rust tests ([`crate::Sandbox`]'s
//! simulations, its clock, the webhooks it sent and how it sends them),
//! over HTTP for tests in other languages, under [`PREFIX`], which no path
//! of the API uses, and a page for people ([`page`]).
//!
//! Answers come in the API's envelope (to a form of the page, a redirect
//! back to it). No token is needed: the sandbox listens on loopback unless
//! told otherwise, with a warning. The routes are listed in the crate's README.

use iamport::{StatusCode, webhook::CvsPayType};
use serde::{Deserialize, Serialize};
use serde_json::json;

mod faults;
mod html;
mod page;
mod webhooks;

use crate::core::{
    Shared, body, cvs, jobs, naver,
    naver_orders::NaverClaim,
    reply::Reply,
    schedules,
    server::{Answer, PlainCall, later},
    simulation::SimulationError,
    vbanks,
};

/// The path prefix of the control API.
pub const PREFIX: &str = "/_sandbox/";

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct CvsPayment {
    #[serde(default = "cash")]
    pay_type: String,
}

fn cash() -> String {
    "cash".to_owned()
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: u64,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct NaverOrder {
    merchant_uid: String,
    products: Vec<NaverProduct>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct NaverProduct {
    name: String,
    amount: f64,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Claim {
    claim: String,
}

/// A body that may be left out: `{}` then.
fn optional_body<T: serde::de::DeserializeOwned + Serialize>(raw: &[u8]) -> Result<T, Reply> {
    match raw.iter().all(u8::is_ascii_whitespace) {
        true => body::parse(b"{}"),
        false => body::parse(raw),
    }
}

/// Answers a request under [`PREFIX`]: in the envelope, or, to a form of
/// the page, by sending the browser back to the page.
pub(crate) fn handle<'a>(shared: &'a Shared, call: &'a PlainCall) -> Answer<'a> {
    match call.form {
        false => later(answer(shared, &call.method, &call.path, &call.body)),
        true => later(submitted(shared, call)),
    }
}

/// A form of the page: the same route, its fields as a JSON body; the page
/// again (303) when it worked, a short page saying why when it did not.
async fn submitted(shared: &Shared, call: &PlainCall) -> Reply {
    let reply = match form_fields(&call.body) {
        Ok(body) => answer(shared, &call.method, &call.path, &body).await,
        Err(refusal) => refusal,
    };
    if reply.status.is_success() && reply.body["code"] == 0 {
        return Reply::see_other(PREFIX);
    }
    let message = reply.body["message"].as_str().unwrap_or("refused");
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>iamport sandbox</title></head>\
         <body><p>The sandbox refused: {}</p><p><a href=\"{PREFIX}\">Back</a></p></body></html>\n",
        html::escape(message)
    );
    Reply::content("text/html; charset=utf-8", html).with_status(reply.status)
}

/// A form's fields as a JSON object: empty fields left out, whole numbers
/// as numbers (the page's forms send numbers and names only).
fn form_fields(raw: &[u8]) -> Result<Vec<u8>, Reply> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(raw).map_err(|_| Reply::bad_request("the form is malformed"))?;
    let fields: serde_json::Map<String, serde_json::Value> = pairs
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| {
            let value = value.parse::<u64>().map_or(serde_json::Value::String(value), serde_json::Value::from);
            (name, value)
        })
        .collect();
    serde_json::to_vec(&fields).map_err(|_| Reply::bad_request("the form is malformed"))
}

async fn answer(shared: &Shared, method: &str, path: &str, raw: &[u8]) -> Reply {
    let segments: Vec<String> = path
        .trim_start_matches(PREFIX)
        .split('/')
        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let result = match (method, segments.as_slice()) {
        ("GET", [""]) => Ok(page::page(shared)),
        ("GET", ["clock"]) => Ok(Reply::ok(json!({ "now": shared.clock.now() }))),
        ("POST", ["clock", "advance"]) => advance(shared, raw).await,
        ("GET", ["webhooks"]) => Ok(Reply::ok(webhooks::list(shared))),
        ("GET", ["webhooks", "settings"]) => Ok(Reply::ok(webhooks::settings(shared))),
        ("POST", ["webhooks", "settings"]) => webhooks::change_settings(shared, raw),
        ("POST", ["webhooks", id, "replay"]) => webhooks::replay(shared, id, raw).await,
        ("GET", ["faults"]) => Ok(Reply::ok(faults::list(shared))),
        ("POST", ["faults"]) => faults::arm(shared, raw),
        ("DELETE", ["faults"]) => Ok(faults::clear(shared)),
        ("POST", ["token", "expire"]) => Ok(faults::expire_token(shared)),
        ("POST", ["cvs", imp_uid, "pay"]) => pay_cvs(shared, imp_uid, raw).await,
        ("POST", ["vbanks", imp_uid, "deposit"]) => {
            vbanks::simulate_deposit(shared, imp_uid).await.map(Reply::ok).map_err(refused)
        }
        ("POST", ["schedules", merchant_uid, "decline"]) => {
            schedules::decline_next_run(shared, merchant_uid).map(Reply::ok).map_err(refused)
        }
        ("POST", ["naver", "orders"]) => naver_order(shared, raw),
        ("POST", ["naver", "product-orders", id, "claim"]) => naver_claim(shared, id, raw),
        _ => Err(Reply::failure(StatusCode::NOT_FOUND, -1, "no such route in the sandbox's control API")),
    };
    result.into()
}

/// A simulation that did not happen: 404 for what does not exist, 409 for
/// a state that does not allow it.
fn refused(error: SimulationError) -> Reply {
    let status = match error {
        SimulationError::UnknownPayment
        | SimulationError::UnknownSchedule
        | SimulationError::UnknownProductOrder
        | SimulationError::UnknownWebhook => StatusCode::NOT_FOUND,
        _ => StatusCode::CONFLICT,
    };
    Reply::failure(status, 1, error.to_string())
}

async fn advance(shared: &Shared, raw: &[u8]) -> Result<Reply, Reply> {
    let Advance { seconds } = body::parse(raw)?;
    let payments = jobs::advance(shared, std::time::Duration::from_secs(seconds)).await;
    Ok(Reply::ok(json!({ "now": shared.clock.now(), "payments": payments })))
}

async fn pay_cvs(shared: &Shared, imp_uid: &str, raw: &[u8]) -> Result<Reply, Reply> {
    let CvsPayment { pay_type } = optional_body(raw)?;
    let pay_type = match pay_type.as_str() {
        "card" => CvsPayType::Card,
        "cash" => CvsPayType::Cash,
        _ => return Err(Reply::bad_request("`pay_type` must be card or cash")),
    };
    cvs::simulate_payment(shared, imp_uid, pay_type).await.map(Reply::ok).map_err(refused)
}

fn naver_order(shared: &Shared, raw: &[u8]) -> Result<Reply, Reply> {
    let order: NaverOrder = body::parse(raw)?;
    let products: Vec<(&str, f64)> = order.products.iter().map(|p| (p.name.as_str(), p.amount)).collect();
    naver::simulate_order(shared, &order.merchant_uid, &products).map(Reply::ok).map_err(refused)
}

fn naver_claim(shared: &Shared, product_order_id: &str, raw: &[u8]) -> Result<Reply, Reply> {
    let Claim { claim } = body::parse(raw)?;
    let claim = match claim.as_str() {
        "cancel" => NaverClaim::Cancel,
        "exchange" => NaverClaim::Exchange,
        _ => return Err(Reply::bad_request("`claim` must be cancel or exchange")),
    };
    naver::simulate_claim(shared, product_order_id, claim).map(Reply::ok).map_err(refused)
}
