//! The browser checkout: a fake of i'mport's browser SDK (`window.IMP`,
//! served at the real SDK's paths), the window it opens inside the
//! merchant's page, and the control endpoints it (or a test without a
//! browser) calls to play the customer's choice. It imports the core only:
//! payments, billing keys, accounts and verifications are made through the
//! core's services, as the API groups make them.
//!
//! The DOM contract, the endpoints and the results are in the crate's
//! README ("The browser checkout").

mod assets;
pub(crate) mod certification;
mod order;
mod pay;
mod result;

use iamport::{StatusCode, enums::PaymentChannel};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::core::{
    Shared, body,
    reply::Reply,
    server::{Answer, PlainCall, later},
};

/// The control endpoints of the checkout, under the control API's prefix
/// but answered here (the operation table puts this prefix first).
pub(crate) const CONTROL_PREFIX: &str = "/_sandbox/checkout";

/// Every path prefix the checkout answers, each open to pages of any
/// origin (CORS), as the real SDK's are.
pub(crate) const PREFIXES: &[&str] = &[CONTROL_PREFIX, assets::CURRENT_PREFIX, assets::LEGACY_PREFIX];

/// The merchant code a sandbox accepts unless told otherwise.
pub const DEFAULT_MERCHANT_CODE: &str = "imp00000000";

/// What the customer does in the checkout window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Choice {
    /// Pays (or, for a virtual account, takes the account; for a
    /// `customer_uid`, registers the card; for a verification, confirms).
    Approve,
    /// The card company (or the carrier) refuses.
    Decline,
    /// The customer closes the window.
    Cancel,
}

/// Which of i'mport's scripts the page loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum Sdk {
    /// `/v1/iamport.js`: the full object for most PGs, only `imp_uid`,
    /// `merchant_uid`, `error_code`, `error_msg` for the newer modules; a
    /// redirect carries `error_code`, `error_msg` on failure.
    #[default]
    #[serde(rename = "v1")]
    Current,
    /// `/js/iamport.payment-{version}.js`: the full object with `success`;
    /// a redirect carries `imp_success` (`"true"` or `"false"`).
    #[serde(rename = "legacy")]
    Legacy,
}

/// How the page receives the result: which script, and whether the
/// browser is a phone's (with `m_redirect_url`, the result then comes as
/// a redirect, as the real SDK decides).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dialect {
    /// Which script.
    pub sdk: Sdk,
    /// A mobile browser.
    pub mobile: bool,
}

/// What the merchant's page gets from a checkout.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CheckoutResult {
    /// The object the callback is called with (a PC, or a phone without
    /// `m_redirect_url`).
    Callback(Value),
    /// The address the browser is sent to: `m_redirect_url` with the
    /// result in its query; the callback is not called.
    Redirect(String),
}

impl CheckoutResult {
    /// The result as `POST /_sandbox/checkout` answers it: the callback's
    /// object, or `{"redirect_url": ...}`.
    pub fn to_json(&self) -> Value {
        match self {
            Self::Callback(object) => object.clone(),
            Self::Redirect(url) => json!({ "redirect_url": url }),
        }
    }
}

/// A checkout request the sandbox cannot play (not a refusal of the SDK,
/// which comes back as a failed result): a malformed body, a verification
/// form with a malformed field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CheckoutError(String);

impl CheckoutError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// Who calls: the merchant code given to `IMP.init` (or `IMP.agency`, with
/// its tier). `None` stands for the sandbox's own.
#[derive(Debug, Clone, Default)]
pub(crate) struct Merchant {
    pub merchant_code: Option<String>,
    pub tier_code: Option<String>,
}

impl Merchant {
    /// The merchant's refusal, as the SDK gives it, when the code is not the
    /// sandbox's or the tier is unknown.
    fn check(&self, shared: &Shared) -> Result<(), String> {
        if let Some(code) = self.merchant_code.as_deref().filter(|code| *code != shared.merchant_code) {
            return Err(format!(
                "가맹점 식별코드({code})가 올바르지 않습니다. 관리자 콘솔의 가맹점 식별코드로 IMP.init()을 호출해주세요."
            ));
        }
        if let Some(tier) = self.tier_code.as_deref().filter(|t| !shared.tiers.iter().any(|(code, _)| code == t)) {
            return Err(format!("등록되지 않은 하위가맹점 코드({tier})입니다."));
        }
        Ok(())
    }

    /// How the window names the merchant.
    fn label(&self, shared: &Shared) -> String {
        let code = self.merchant_code.clone().unwrap_or_else(|| shared.merchant_code.clone());
        match &self.tier_code {
            Some(tier) => format!("{code} ({tier})"),
            None => code,
        }
    }
}

/// A request to `POST /_sandbox/checkout` (and its `/open` and
/// `/certification`).
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Request {
    params: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    choice: Option<Choice>,
    #[serde(default)]
    sdk: Sdk,
    #[serde(default)]
    mobile: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    merchant_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tier_code: Option<String>,
    /// The verification form's fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fields: Option<Value>,
    /// What the window is opened for (`/open` only): `payment` (the default) or `certification`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
}

impl Request {
    fn merchant(&self) -> Merchant {
        Merchant { merchant_code: self.merchant_code.clone(), tier_code: self.tier_code.clone() }
    }

    fn dialect(&self) -> Dialect {
        Dialect { sdk: self.sdk, mobile: self.mobile }
    }

    fn choice(&self) -> Result<Choice, Reply> {
        self.choice.ok_or_else(|| Reply::bad_request("the request body has no `choice` (approve, decline or cancel)"))
    }
}

/// Plays a payment window (`IMP.request_pay`) and the customer's choice.
pub(crate) async fn checkout(
    shared: &Shared,
    params: &Value,
    choice: Choice,
    dialect: Dialect,
    merchant: &Merchant,
) -> CheckoutResult {
    let channel = if dialect.mobile { PaymentChannel::Mobile } else { PaymentChannel::Pc };
    let outcome = pay::run(shared, params, choice, channel, merchant).await;
    result::of_payment(&outcome, dialect)
}

/// Answers a request under one of [`PREFIXES`].
pub(crate) fn handle<'a>(shared: &'a Shared, call: &'a PlainCall) -> Answer<'a> {
    later(answer(shared, call))
}

async fn answer(shared: &Shared, call: &PlainCall) -> Reply {
    if let Some(reply) = assets::serve(&call.method, &call.path) {
        return reply;
    }
    let action = call.path.strip_prefix(CONTROL_PREFIX).unwrap_or_default();
    let result = match (call.method.as_str(), action) {
        ("POST", "" | "/") => play(shared, &call.body).await,
        ("POST", "/open") => open(shared, &call.body),
        ("POST", "/certification") => play_certification(shared, &call.body),
        _ => Err(Reply::failure(StatusCode::NOT_FOUND, -1, "no such route in the sandbox's checkout")),
    };
    result.into()
}

async fn play(shared: &Shared, raw: &[u8]) -> Result<Reply, Reply> {
    let request: Request = body::parse(raw)?;
    let result = checkout(shared, &request.params, request.choice()?, request.dialect(), &request.merchant()).await;
    Ok(Reply::ok(result.to_json()))
}

fn play_certification(shared: &Shared, raw: &[u8]) -> Result<Reply, Reply> {
    let request: Request = body::parse(raw)?;
    let choice = request.choice()?;
    certification::run(shared, &request.params, request.fields.as_ref(), choice, request.dialect(), &request.merchant())
        .map(|result| Reply::ok(result.to_json()))
        .map_err(|e| Reply::bad_request(e.to_string()))
}

/// `POST /_sandbox/checkout/open`: what the window shows, or the SDK's
/// refusal before it opens (`{"refused": <the result>}`).
fn open(shared: &Shared, raw: &[u8]) -> Result<Reply, Reply> {
    let request: Request = body::parse(raw)?;
    let (merchant, dialect) = (request.merchant(), request.dialect());
    let window = match request.kind.as_deref().unwrap_or("payment") {
        "payment" => pay::window(shared, &request.params, &merchant, dialect),
        "certification" => certification::window(shared, &request.params, &merchant, dialect),
        _ => return Err(Reply::bad_request("`kind` must be payment or certification")),
    };
    Ok(Reply::ok(match window {
        Ok(window) => json!({ "window": window }),
        Err(refused) => json!({ "refused": refused.to_json() }),
    }))
}
