//! What the page loads: the fake SDK (`iamport.js`, the same file at the
//! current and the legacy path; it tells them apart by its own `src`) and
//! its TypeScript declarations.

use crate::core::reply::Reply;

/// The current SDK's path, and its declarations beside it.
pub(crate) const CURRENT_PREFIX: &str = "/v1/iamport.";
/// The legacy SDK's path, `/js/iamport.payment-{version}.js`.
pub(crate) const LEGACY_PREFIX: &str = "/js/iamport.payment-";

/// The fake SDK: plain ES2017, no framework.
const SCRIPT: &str = include_str!("iamport.js");
/// `window.IMP`'s declarations (also checked in CI by `.ci/checkout-types`).
const DECLARATIONS: &str = include_str!("../../js/iamport.d.ts");

const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
const TYPESCRIPT: &str = "application/typescript; charset=utf-8";

/// The asset at `path`, if it is one; `None` for every other path.
pub(crate) fn serve(method: &str, path: &str) -> Option<Reply> {
    let asset = match path {
        "/v1/iamport.js" => Reply::content(JAVASCRIPT, SCRIPT),
        "/v1/iamport.d.ts" => Reply::content(TYPESCRIPT, DECLARATIONS),
        _ if path.strip_prefix(LEGACY_PREFIX).is_some_and(|rest| rest.ends_with(".js") && !rest.contains('/')) => {
            Reply::content(JAVASCRIPT, SCRIPT)
        }
        _ => return None,
    };
    Some(match method {
        "GET" => asset,
        _ => Reply::method_not_allowed("GET".to_owned()),
    })
}
