//! What the dispatch layer needs to know about each operation, read from
//! the spec: its method and path, whether it needs a token, whether it may
//! be re-sent, whether a `failed` payment in its answer is a declined charge,
//! and which request fields identify the payment it touches.
//!
//! Vendor extensions on an operation:
//! - `x-iamport-idempotent: bool` overrides the rule that only GET, HEAD and
//!   OPTIONS may be re-sent (getToken is a POST that is safe to repeat);
//! - `x-iamport-charge: true` marks a call that charges a card, so that a
//!   payment answered with status `failed` becomes a declined-charge error;
//! - `x-iamport-outcome-keys: [names]` lists the path parameters or body
//!   fields that identify what a call changed, reported with an error whose
//!   outcome is unknown;
//! - `x-iamport-paging` marks a paged listing (see `paging.rs`).

use heck::{ToShoutySnakeCase, ToSnakeCase};
use openapiv3::{OpenAPI, ReferenceOr};
use quote::{format_ident, quote};

pub struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub tag: String,
    pub summary: String,
    pub requires_auth: bool,
    pub idempotent: bool,
    pub charge: bool,
    pub outcome_keys: Vec<String>,
    /// `x-iamport-paging`: how to walk the listing page by page.
    pub paging: Option<crate::paging::Rule>,
}

impl Operation {
    /// The name of the generated constant describing this operation.
    pub fn const_ident(&self) -> syn::Ident {
        format_ident!("{}", self.id.to_shouty_snake_case())
    }

    /// The name progenitor gives the operation's method (and `OperationInfo`).
    pub fn method_name(&self) -> String {
        self.id.to_snake_case()
    }
}

pub fn from_spec(spec: &OpenAPI) -> Vec<Operation> {
    let global_auth = spec.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut operations = Vec::new();
    for (path, item) in spec.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            panic!("path {path}: path items by $ref are not supported");
        };
        for (method, op) in item.iter() {
            let id = op.operation_id.clone().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            let method = method.to_ascii_uppercase();
            let requires_auth = match &op.security {
                Some(requirements) => !requirements.is_empty(),
                None => global_auth,
            };
            let idempotent = match op.extensions.get("x-iamport-idempotent") {
                Some(value) => {
                    value.as_bool().unwrap_or_else(|| panic!("{id}: x-iamport-idempotent must be a boolean"))
                }
                None => matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS"),
            };
            let charge = op
                .extensions
                .get("x-iamport-charge")
                .map(|v| v.as_bool().unwrap_or_else(|| panic!("{id}: x-iamport-charge must be a boolean")))
                .unwrap_or(false);
            let outcome_keys = op
                .extensions
                .get("x-iamport-outcome-keys")
                .map(|v| {
                    v.as_array()
                        .and_then(|keys| keys.iter().map(|k| k.as_str().map(str::to_owned)).collect())
                        .unwrap_or_else(|| panic!("{id}: x-iamport-outcome-keys must be a list of names"))
                })
                .unwrap_or_default();
            let paging = crate::paging::from_spec(spec, &id, op);
            operations.push(Operation {
                id,
                method,
                path: path.clone(),
                tag: op.tags.first().cloned().unwrap_or_default(),
                summary: op.summary.clone().unwrap_or_default(),
                requires_auth,
                idempotent,
                charge,
                outcome_keys,
                paging,
            });
        }
    }
    operations
}

/// `pub(crate) mod operations`: one `crate::Operation` constant per
/// operation and `ALL`, the list in spec order.
pub fn table(operations: &[Operation]) -> syn::Item {
    let consts = operations.iter().map(|op| {
        let ident = op.const_ident();
        let Operation { id, method, path, tag, summary, requires_auth, idempotent, charge, outcome_keys, paging: _ } =
            op;
        let doc = format!("`{id}`: {summary}");
        quote! {
            #[doc = #doc]
            pub(crate) const #ident: Operation = Operation {
                id: #id,
                method: #method,
                path: #path,
                group: #tag,
                summary: #summary,
                requires_auth: #requires_auth,
                idempotent: #idempotent,
                charge: #charge,
                outcome_keys: &[#(#outcome_keys),*],
            };
        }
    });
    let idents = operations.iter().map(Operation::const_ident);
    syn::parse_quote! {
        /// Every operation of the spec, as the dispatch layer sees it.
        pub(crate) mod operations {
            use crate::Operation;
            #(#consts)*
            /// All operations, in the order of the spec.
            pub(crate) const ALL: &[Operation] = &[#(#idents),*];
        }
    }
}
