//! Matches a request to an operation of the spec by method and path
//! template, so that every operation of the spec ([`OPERATIONS`]) is
//! routed, implemented or not.

use super::spec::{OPERATIONS, Operation};

/// Path parameters by name, percent-decoded.
pub(crate) type Params = Vec<(&'static str, String)>;

/// Where a request goes.
#[derive(Debug)]
pub(crate) enum Route {
    /// An operation, with its path parameters (percent-decoded).
    Operation(&'static Operation, Params),
    /// The path is in the spec but not with this method; the allowed ones.
    MethodNotAllowed(Vec<&'static str>),
    /// The path is not in the spec.
    NotFound,
}

pub(crate) fn route(method: &str, path: &str) -> Route {
    let segments = path_segments(path);
    let mut best: Option<(&'static Operation, Params, usize)> = None;
    // The methods of the most specific templates the path matches.
    let mut allowed: Vec<&'static str> = Vec::new();
    let mut allowed_literals = 0;
    for op in OPERATIONS {
        let Some((params, literals)) = match_template(op.path, &segments) else { continue };
        if !op.method.eq_ignore_ascii_case(method) {
            if allowed.is_empty() || literals > allowed_literals {
                allowed = vec![op.method];
                allowed_literals = literals;
            } else if literals == allowed_literals {
                allowed.push(op.method);
            }
            continue;
        }
        // The template with the most literal segments wins:
        // `/payments/find/{merchant_uid}` over `/payments/{imp_uid}/{x}`.
        if best.as_ref().is_none_or(|(_, _, n)| literals > *n) {
            best = Some((op, params, literals));
        }
    }
    match best {
        Some((op, params, _)) => Route::Operation(op, params),
        None if !allowed.is_empty() => {
            allowed.sort_unstable();
            allowed.dedup();
            Route::MethodNotAllowed(allowed)
        }
        None => Route::NotFound,
    }
}

/// The segments of a URL path, percent-decoded.
fn path_segments(path: &str) -> Vec<String> {
    path.trim_start_matches('/')
        .split('/')
        .map(|segment| percent_encoding::percent_decode_str(segment).decode_utf8_lossy().into_owned())
        .collect()
}

/// The parameters of `template` (by name) and its number of literal
/// segments, when the decoded `segments` match it. A parameter never
/// matches an empty segment.
fn match_template(template: &'static str, segments: &[String]) -> Option<(Params, usize)> {
    let parts: Vec<&'static str> = template.trim_start_matches('/').split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    let mut literals = 0;
    for (part, segment) in parts.iter().zip(segments) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) if !segment.is_empty() => params.push((name, segment.clone())),
            Some(_) => return None,
            None if *part == segment => literals += 1,
            None => return None,
        }
    }
    Some((params, literals))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation_id(method: &str, path: &str) -> Option<&'static str> {
        match route(method, path) {
            Route::Operation(op, _) => Some(op.id),
            _ => None,
        }
    }

    #[test]
    fn routes_by_method_and_template() {
        assert_eq!(operation_id("GET", "/payments/imp_1"), Some("getPaymentByImpUid"));
        assert_eq!(operation_id("GET", "/payments/find/o%2F1"), Some("getPaymentByMerchantUidAnyStatus"));
        assert_eq!(operation_id("GET", "/payments/find/o1/paid"), Some("getPaymentByMerchantUid"));
        assert_eq!(operation_id("DELETE", "/subscribe/customers/c1"), Some("customer_delete"));
        match route("GET", "/payments/find/o%2F1") {
            Route::Operation(_, params) => assert_eq!(params, vec![("merchant_uid", "o/1".to_owned())]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(route("PUT", "/users/getToken"), Route::MethodNotAllowed(m) if m == ["POST"]));
        assert!(matches!(route("PUT", "/payments/cancel"), Route::MethodNotAllowed(m) if m == ["POST"]));
        assert!(matches!(route("GET", "/no/such/path"), Route::NotFound));
        assert!(matches!(route("GET", "/payments/"), Route::NotFound));
    }
}
