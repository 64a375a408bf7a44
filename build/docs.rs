//! The crate's list of operations by group, as markdown generated from the
//! spec, so that the documentation cannot drift from what the client can call;
//! and the rustdoc of `Client` and its methods.

use std::fmt::Write;

use heck::ToSnakeCase;
use openapiv3::OpenAPI;

use crate::operations::Operation;

pub fn operations_markdown(spec: &OpenAPI, operations: &[Operation]) -> String {
    let mut groups: Vec<(String, String)> =
        spec.tags.iter().map(|t| (t.name.clone(), t.description.clone().unwrap_or_default())).collect();
    for op in operations {
        if !groups.iter().any(|(name, _)| *name == op.tag) {
            groups.push((op.tag.clone(), String::new()));
        }
    }

    let mut md = format!(
        "Every operation of `spec/iamport.yaml` ({} in all), by group: the HTTP call, the \
         client method that makes it and what it does. Generated from the spec at build time.\n",
        operations.len()
    );
    for (group, description) in groups {
        let members: Vec<&Operation> = operations.iter().filter(|op| op.tag == group).collect();
        if members.is_empty() {
            continue;
        }
        let _ = write!(md, "\n# `{group}`\n\n");
        if !description.is_empty() {
            let _ = writeln!(md, "{}\n", description.trim());
        }
        if let Some(feature) = crate::groups::feature_of(&group) {
            let _ = writeln!(md, "Needs the cargo feature `{feature}` (or `full`).\n");
        }
        md.push_str("| call | method | summary |\n|---|---|---|\n");
        for op in members {
            let name = op.method_name();
            // A paged listing can be walked to its end (`x-iamport-paging`).
            let stream = match op.paging {
                Some(_) => " (every page: `.items()`, `.pages()`)",
                None => "",
            };
            let _ = writeln!(
                md,
                "| `{} {}` | [`client.{name}()`](crate::Client::{name}) | {}{stream} |",
                op.method,
                op.path,
                op.summary.replace('|', "\\|")
            );
        }
    }
    md
}

/// The operation whose method the client calls itself to get tokens.
const TOKEN_OPERATION: &str = "getToken";

/// Rewrites the rustdoc progenitor gives `Client` and its methods:
/// - `Client` gets its own description instead of the spec's description
///   of itself;
/// - each method loses the placeholder example progenitor adds (an
///   `ignore`d block that counts as an ignored test in every run);
/// - a charge says that a declined card is `Error::Declined`;
/// - a method of a feature-gated group says which feature it needs on
///   docs.rs (`doc(cfg)`), as does its request builder;
/// - `get_token` says that the client calls it itself.
pub fn adapt_client(file: &mut syn::File, operations: &[Operation]) {
    for item in &mut file.items {
        match item {
            syn::Item::Struct(client) if client.ident == "Client" => {
                client.attrs.retain(|a| !a.path().is_ident("doc"));
                client.attrs.push(syn::parse_quote!(#[doc = #CLIENT_DOC]));
            }
            syn::Item::Impl(block) if is_impl_of(block, "Client") => {
                for item in &mut block.items {
                    let syn::ImplItem::Fn(method) = item else { continue };
                    let name = method.sig.ident.to_string();
                    let Some(op) = operations.iter().find(|op| op.method_name() == name) else { continue };
                    let doc = method_doc(&doc_text(&method.attrs), op);
                    method.attrs.retain(|a| !a.path().is_ident("doc"));
                    method.attrs.insert(0, syn::parse_quote!(#[doc = #doc]));
                    mark_feature(&mut method.attrs, op);
                }
            }
            syn::Item::Mod(module) if module.ident == "builder" => {
                let Some((_, items)) = &mut module.content else { continue };
                for item in items {
                    let syn::Item::Struct(builder) = item else { continue };
                    let name = builder.ident.to_string().to_snake_case();
                    if let Some(op) = operations.iter().find(|op| op.method_name() == name) {
                        mark_feature(&mut builder.attrs, op);
                    }
                }
            }
            _ => {}
        }
    }
}

const CLIENT_DOC: &str = " A client of the i'mport (PortOne V1) REST API.\n\n \
    Build one with [`Client::builder`] or [`Client::from_env`] and share it: clones are cheap \
    and share one token cache. Each operation of the API is a method that starts a request; \
    its `send()` fetches a token when needed, sends the request (again only where that cannot \
    charge twice) and returns the API's `response` as a [`crate::Result`]. \
    [`crate::operations_doc`] lists every operation by group, and which cargo feature a \
    PG-specific group needs.";

fn method_doc(generated: &str, op: &Operation) -> String {
    // Everything before progenitor's placeholder example.
    let doc = generated.split("```ignore").next().unwrap_or_default().trim_end();
    // The notes go right after the summary line, before the spec's text.
    let (summary, rest) = doc.split_once("\n\n").unwrap_or((doc, ""));
    let mut notes = Vec::new();
    if op.charge {
        notes.push(
            "**A declined card is an error.** Where the API answers a charge with a payment whose \
             `status` is `failed` (the card issuer declined it), `send()` returns \
             [`Error::Declined`](crate::Error::Declined) with that payment and its `fail_reason`; \
             an `Ok` payment went through."
                .to_owned(),
        );
    }
    if op.id == TOKEN_OPERATION {
        notes.push(
            "**There is no need to call this.** The client fetches a token on first use, caches it \
             and renews it before it expires; every call carries it. This method is public to check \
             a key and secret (at start-up, say); the token in its answer never shows in `Debug` or \
             `Display`."
                .to_owned(),
        );
    }
    if let Some(feature) = crate::groups::feature_of(&op.tag) {
        notes.push(format!("Needs the cargo feature `{feature}` (or `full`)."));
    }
    [summary.to_owned()]
        .into_iter()
        .chain(notes)
        .chain([rest.to_owned()])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn mark_feature(attrs: &mut Vec<syn::Attribute>, op: &Operation) {
    if let Some(feature) = crate::groups::feature_of(&op.tag) {
        attrs.push(syn::parse_quote!(#[cfg_attr(docsrs, doc(cfg(feature = #feature)))]));
    }
}

/// The text of the `#[doc]` attributes, joined as rustdoc joins them.
fn doc_text(attrs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .collect();
    lines.join("\n")
}

fn is_impl_of(block: &syn::ItemImpl, name: &str) -> bool {
    block.trait_.is_none() && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident(name))
}
