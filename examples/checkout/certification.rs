//! Identity verification: the page opens the verification window with
//! `IMP.certification`; the shop reads the result from the API by
//! `imp_uid` (`GET /certifications/{imp_uid}`) rather than believe the
//! browser, as with payments. The phone number, birth date and CI/DI are
//! personal data: the shop shows none of them.

use std::sync::Arc;

use axum::{
    Json,
    body::Bytes,
    extract::{RawQuery, State},
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use serde_json::{Value, json};

use crate::{browser, html, payments::refusal, settle::Report, shop::Shop};

/// A verification the shop read from the API.
#[derive(Clone, Debug)]
pub struct Checked {
    /// i'mport's id of the verification.
    pub imp_uid: String,
    /// The verified name.
    pub name: String,
}

/// `GET /certification`: the page.
pub async fn page(State(shop): State<Arc<Shop>>) -> Html<String> {
    let redirect = Value::from(format!("{}/certification/redirect", shop.shop_url));
    let checked: String = shop
        .certifications
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .map(|c| format!("<li>{} ({})</li>", html::escape(&c.name), html::escape(&c.imp_uid)))
        .collect();
    let body = format!(
        r#"<p>Adults only: verify your identity with your phone before ordering.</p>
<p>Verified so far:</p><ul id="verified">{checked}</ul>
<p><button id="certify">Verify my identity</button></p>
{result}
<script>
IMP.init({code});
document.getElementById('certify').addEventListener('click', () => {{
  const params = {{ merchant_uid: 'certification-' + Date.now(), m_redirect_url: {redirect} }};
  IMP.certification(params, async (rsp) => {{
    try {{ showResult(await postJson('/certification/complete', rsp)); }} catch (e) {{ showError(e); }}
  }});
}});
</script>"#,
        result = html::result("none", ""),
        code = Value::from(shop.merchant_code.as_str()),
    );
    let script = format!("{}/v1/iamport.js", shop.sandbox_url);
    html::page("Identity", Some(&script), &body)
}

/// `POST /certification/complete`: the callback's object.
pub async fn complete(State(shop): State<Arc<Shop>>, body: Bytes) -> Response {
    let report = match browser::from_callback(&body) {
        Ok(report) => report,
        Err(e) => return refusal(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let (state, message) = check(&shop, &report).await;
    Json(json!({ "state": state, "imp_uid": report.imp_uid, "message": message })).into_response()
}

/// `GET /certification/redirect`: where a phone lands after the window.
pub async fn redirect(State(shop): State<Arc<Shop>>, RawQuery(query): RawQuery) -> Html<String> {
    let (state, message) = match browser::from_query(query.as_deref()) {
        Ok(report) => check(&shop, &report).await,
        Err(e) => ("error", e.to_string()),
    };
    html::page("Identity", None, &html::result(state, &message))
}

/// Reads the verification from the API: `("certified", ...)` or `("failed", why)`.
async fn check(shop: &Shop, report: &Report) -> (&'static str, String) {
    let Some(imp_uid) = report.imp_uid.as_deref() else {
        let reason = report.failure.clone().unwrap_or_else(|| "no verification was made".to_owned());
        return ("failed", format!("not verified: {reason}"));
    };
    let certification = match shop.client.get_certification().imp_uid(imp_uid).send().await {
        Ok(certification) => certification,
        Err(e) => {
            let reason = report.failure.clone().unwrap_or_else(|| format!("the API has no such verification: {e}"));
            return ("failed", format!("not verified: {reason}"));
        }
    };
    if certification.certified != Some(true) || certification.merchant_uid.as_deref() != Some(&report.merchant_uid) {
        let reason = report.failure.clone().unwrap_or_else(|| "the verification did not succeed".to_owned());
        return ("failed", format!("not verified: {reason}"));
    }
    let name = certification.name.clone().unwrap_or_default();
    let carrier = certification.carrier.clone().unwrap_or_default();
    shop.certifications
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Checked { imp_uid: imp_uid.to_owned(), name: name.clone() });
    ("certified", format!("Verified: {name} ({carrier}), verification {imp_uid}"))
}
