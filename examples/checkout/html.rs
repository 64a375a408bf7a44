//! What every page of the shop shares: the frame, escaping, and the small
//! script that posts to the shop and shows its answer.

use axum::response::Html;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A page of the shop. `sandbox_script` is the address of the sandbox's
/// `iamport.js` for pages that open the payment window (the real SDK's
/// would be `https://cdn.iamport.kr/v1/iamport.js`: only the host changes).
pub fn page(title: &str, sandbox_script: Option<&str>, body: &str) -> Html<String> {
    let script = sandbox_script.map(|src| format!("<script src=\"{}\"></script>\n", escape(src))).unwrap_or_default();
    Html(format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title} · sandbox shop</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }}
nav a {{ margin-right: 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .3rem; text-align: left; vertical-align: top; }}
#result {{ padding: .5rem; background: #f4f4f4; min-height: 1.2rem; }}
</style>
{script}<script>{SHARED_SCRIPT}</script>
</head>
<body>
<nav><a href="/">Order</a><a href="/billing">Card on file</a><a href="/certification">Identity</a><a href="/orders">Orders</a></nav>
<h1>{title}</h1>
{body}
</body>
</html>
"#,
        title = escape(title),
    ))
}

/// The element that shows the shop's answer. `data-state` is the order's
/// state once the shop has verified it (`none` before); the browser tests
/// wait on it.
pub fn result(state: &str, message: &str) -> String {
    format!("<p id=\"result\" role=\"status\" data-state=\"{}\">{}</p>", escape(state), escape(message))
}

/// Posting JSON to the shop, and showing its answer in `#result`.
const SHARED_SCRIPT: &str = r#"
async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.message || ('HTTP ' + response.status));
  return answer;
}
function showResult(answer) {
  const result = document.getElementById('result');
  result.textContent = answer.message;
  result.dataset.state = answer.state;
  if (answer.merchant_uid) result.dataset.merchantUid = answer.merchant_uid;
  if (answer.imp_uid) result.dataset.impUid = answer.imp_uid;
}
function showError(error) {
  showResult({ state: 'error', message: String(error) });
}
"#;
