//! What the merchant's page gets back, in each script's dialect: the
//! callback's object (full, or the four fields the current script gives
//! for the newer PG modules), or the redirect to `m_redirect_url`.

use iamport::{Timestamp, enums::PaymentStatus};
use serde_json::{Map, Value, json};

use crate::core::reply::integral_numbers;

use super::{CheckoutResult, Dialect, Sdk, pay::Outcome};

/// The sandbox's `error_code`s (the real ones vary with the PG): a refusal
/// before the window opened, ...
pub(crate) const REFUSED: &str = "F400";
/// ... a payment the merchant's `confirm_url` refused, ...
pub(crate) const CONFIRM_REFUSED: &str = "F401";
/// ... a card (or a carrier) that declined, ...
pub(crate) const DECLINED: &str = "F402";
/// ... a window the customer closed, ...
pub(crate) const CANCELLED: &str = "F403";
/// ... and a person younger than a verification's `min_age`.
pub(crate) const TOO_YOUNG: &str = "F404";

/// The PG modules for which the current script gives only `imp_uid`,
/// `merchant_uid`, `error_code` and `error_msg`.
const NEWER_MODULES: &[&str] = &["tosspayments", "nice_v2", "smartro_v2", "ksnet", "welcome", "paypal_v2"];

/// A payment window's result.
pub(crate) fn of_payment(outcome: &Outcome, dialect: Dialect) -> CheckoutResult {
    let imp_uid = outcome.payment.as_ref().map(|p| p.imp_uid.clone());
    let success = outcome.failure.is_none();
    let failure = outcome.failure.as_ref().map(|(code, message)| (*code, message.as_str()));
    if dialect.mobile
        && let Some(url) = &outcome.m_redirect_url
    {
        let mut query = base_query(imp_uid.as_deref(), outcome.merchant_uid.as_deref());
        match dialect.sdk {
            Sdk::Legacy => {
                query.push(("imp_success", success.to_string()));
                if let Some((_, message)) = failure {
                    query.push(("error_msg", message.to_owned()));
                }
            }
            Sdk::Current => push_failure(&mut query, failure),
        }
        return CheckoutResult::Redirect(with_query(url, &query));
    }
    let newer = outcome.pg_provider.as_deref().is_some_and(|pg| NEWER_MODULES.contains(&pg));
    if dialect.sdk == Sdk::Current && newer {
        let mut object = Map::new();
        object.insert("imp_uid".into(), json!(imp_uid));
        object.insert("merchant_uid".into(), json!(outcome.merchant_uid));
        if let Some((code, message)) = failure {
            object.insert("error_code".into(), json!(code));
            object.insert("error_msg".into(), json!(message));
        }
        return CheckoutResult::Callback(Value::Object(object));
    }
    CheckoutResult::Callback(full_object(outcome, success))
}

/// A verification window's result: the callback's `{success, imp_uid,
/// merchant_uid, error_code, error_msg}`, or the redirect with `success`.
pub(crate) fn of_certification(
    imp_uid: Option<&str>,
    merchant_uid: Option<&str>,
    m_redirect_url: Option<&str>,
    failure: Option<(&'static str, String)>,
    dialect: Dialect,
) -> CheckoutResult {
    let success = failure.is_none();
    if dialect.mobile
        && let Some(url) = m_redirect_url
    {
        let mut query = base_query(imp_uid, merchant_uid);
        query.push(("success", success.to_string()));
        push_failure(&mut query, failure.as_ref().map(|(code, message)| (*code, message.as_str())));
        return CheckoutResult::Redirect(with_query(url, &query));
    }
    let (error_code, error_msg) = failure.map_or((None, None), |(code, message)| (Some(code), Some(message)));
    CheckoutResult::Callback(json!({
        "success": success,
        "imp_uid": imp_uid,
        "merchant_uid": merchant_uid,
        "pg_type": "certification",
        "error_code": error_code,
        "error_msg": error_msg,
    }))
}

fn base_query(imp_uid: Option<&str>, merchant_uid: Option<&str>) -> Vec<(&'static str, String)> {
    vec![
        ("imp_uid", imp_uid.unwrap_or_default().to_owned()),
        ("merchant_uid", merchant_uid.unwrap_or_default().to_owned()),
    ]
}

fn push_failure(query: &mut Vec<(&'static str, String)>, failure: Option<(&str, &str)>) {
    if let Some((code, message)) = failure {
        query.push(("error_code", code.to_owned()));
        query.push(("error_msg", message.to_owned()));
    }
}

/// `url` with the pairs added to its query (percent-encoded).
fn with_query(url: &str, pairs: &[(&str, String)]) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            parsed.query_pairs_mut().extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
            parsed.into()
        }
        // The order's checks took only absolute URLs.
        Err(_) => url.to_owned(),
    }
}

/// The full object of the legacy script and most PG modules.
fn full_object(outcome: &Outcome, success: bool) -> Value {
    let (error_code, error_msg) =
        outcome.failure.as_ref().map_or((None, None), |(code, message)| (Some(*code), Some(message.clone())));
    let Some(p) = &outcome.payment else {
        return json!({
            "success": false,
            "error_code": error_code,
            "error_msg": error_msg,
            "imp_uid": null,
            // A string even when the page gave none, as the SDK's object has it.
            "merchant_uid": outcome.merchant_uid.as_deref().unwrap_or_default(),
        });
    };
    let unix = |t: Timestamp| if t.is_set() { t.raw() } else { 0 };
    let paid_amount = match p.status {
        PaymentStatus::Paid | PaymentStatus::Ready => p.amount,
        _ => 0.0,
    };
    // The API stores `custom_data` as text; the SDK hands back what the page gave.
    let custom_data = p.custom_data.as_deref().map(|s| serde_json::from_str(s).unwrap_or_else(|_| json!(s)));
    let mut object = json!({
        "success": success,
        "error_code": error_code,
        "error_msg": error_msg,
        "imp_uid": p.imp_uid,
        "merchant_uid": p.merchant_uid,
        "pay_method": p.pay_method,
        "paid_amount": paid_amount,
        "status": p.status,
        "name": p.name,
        "pg_provider": p.pg_provider,
        "emb_pg_provider": p.emb_pg_provider,
        "pg_tid": p.pg_tid,
        "buyer_name": p.buyer_name,
        "buyer_email": p.buyer_email,
        "buyer_tel": p.buyer_tel,
        "buyer_addr": p.buyer_addr,
        "buyer_postcode": p.buyer_postcode,
        "custom_data": custom_data,
        "paid_at": unix(p.paid_at),
        "receipt_url": p.receipt_url,
        "apply_num": p.apply_num,
        "vbank_num": p.vbank_num,
        "vbank_name": p.vbank_name,
        "vbank_holder": p.vbank_holder,
        "vbank_date": unix(p.vbank_date),
        "card_name": p.card_name,
        "card_number": p.card_number,
        "card_quota": p.card_quota,
        "currency": p.currency,
    });
    if let Some(customer_uid) = &p.customer_uid {
        object["customer_uid"] = json!(customer_uid);
    }
    integral_numbers(&mut object);
    object
}
