//! `GET /`: the order page. It loads the sandbox's `iamport.js`, asks the
//! shop for an order (the shop sets the amount and registers it), opens the
//! payment window with `IMP.request_pay`, and posts the callback's object
//! back to the shop, which verifies the payment itself.

use std::sync::Arc;

use axum::{
    extract::{Query, State},
    response::Html,
};
use serde::Deserialize;

use crate::{html, payments::PRODUCTS, shop::Shop};

/// The order page's query: `?sdk=legacy` loads the legacy script
/// (`/js/iamport.payment-1.2.0.js`, which reports `success`/`imp_success`)
/// instead of the current one.
#[derive(Deserialize)]
pub struct Page {
    sdk: Option<String>,
}

/// The order page.
pub async fn show(State(shop): State<Arc<Shop>>, Query(page): Query<Page>) -> Html<String> {
    let options: String = PRODUCTS
        .iter()
        .map(|(id, name, price)| format!("<option value=\"{id}\">{} — {price} KRW</option>", html::escape(name)))
        .collect();
    let body = format!(
        r#"<p><label>Product <select id="product">{options}</select></label></p>
<p><label><input type="checkbox" id="prepare" checked> register the amount with <code>payments/prepare</code> before the window opens</label></p>
<p><button data-pay="card">Pay by card</button> <button data-pay="vbank">Pay into a virtual account</button></p>
{result}
<script>
IMP.init({code});
async function pay(method) {{
  try {{
    const order = await postJson('/api/orders', {{
      product: document.getElementById('product').value,
      method,
      prepare: document.getElementById('prepare').checked,
    }});
    showResult({{ state: 'open', merchant_uid: order.merchant_uid, message: 'Order ' + order.merchant_uid + ': waiting for the payment window' }});
    // A PC browser gets the result here; a phone is sent to m_redirect_url instead.
    IMP.request_pay(order.params, async (rsp) => {{
      // Nothing in rsp is trusted: the shop looks the payment up by imp_uid.
      try {{ showResult(await postJson('/payments/complete', rsp)); }} catch (e) {{ showError(e); }}
    }});
  }} catch (e) {{ showError(e); }}
}}
for (const button of document.querySelectorAll('[data-pay]')) {{
  button.addEventListener('click', () => pay(button.dataset.pay));
}}
</script>"#,
        result = html::result("none", ""),
        code = serde_json::Value::from(shop.merchant_code.as_str()),
    );
    let script = match page.sdk.as_deref() {
        Some("legacy") => format!("{}/js/iamport.payment-1.2.0.js", shop.sandbox_url),
        _ => format!("{}/v1/iamport.js", shop.sandbox_url),
    };
    html::page("Order", Some(&script), &body)
}
