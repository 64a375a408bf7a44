//! The spec (`spec/iamport.yaml`) as build.rs reads it: every operation,
//! which the server routes, and the `paths` and `components`, which shape
//! the answers and check some request bodies. The sandbox takes them from
//! the spec rather than from the library, which it uses without features:
//! the library then compiles only the operations outside the groups its
//! features gate (naver, kcpquick, ...), and the sandbox serves them all.

use std::sync::LazyLock;

use serde_json::Value;

/// An operation of the spec: what routing and authentication need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Operation {
    /// The spec's `operationId`.
    pub(crate) id: &'static str,
    /// HTTP method, upper case.
    pub(crate) method: &'static str,
    /// Path template (`/payments/{imp_uid}`).
    pub(crate) path: &'static str,
    /// Whether a call needs an access token.
    pub(crate) requires_auth: bool,
}

/// Every operation of the spec, in its order (build.rs).
pub(crate) const OPERATIONS: &[Operation] = include!(concat!(env!("OUT_DIR"), "/operations.rs"));

/// The operation with this `operationId`.
pub(crate) fn operation(id: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.id == id)
}

/// The spec's `paths` and `components` (build.rs).
pub(crate) static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/spec.json")))
        .expect("build.rs writes spec.json as JSON")
});

/// How deep schemas are followed: deeper than any schema of the spec, and
/// a bound for a schema that refers to itself.
pub(crate) const MAX_DEPTH: usize = 32;

/// `schema`, or what its `$ref` (and theirs) points to.
pub(crate) fn resolve<'a>(spec: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..MAX_DEPTH {
        let Some(pointer) = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) else {
            break;
        };
        match spec.pointer(pointer) {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_of_the_spec_is_listed_once_with_what_routing_needs() {
        assert_eq!(OPERATIONS.len(), 83);
        let token = operation("getToken").unwrap();
        assert_eq!((token.method, token.path, token.requires_auth), ("POST", "/users/getToken", false));
        let naver = operation("naverShipProductOrder").unwrap();
        assert_eq!((naver.method, naver.requires_auth), ("POST", true));
        for op in OPERATIONS {
            assert_eq!(OPERATIONS.iter().filter(|other| other.id == op.id).count(), 1, "{}", op.id);
        }
        assert!(operation("noSuchOperation").is_none());
    }
}
