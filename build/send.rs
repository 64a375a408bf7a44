//! Routes each request builder through the crate's dispatcher.
//!
//! progenitor gives every builder a `send` that builds the request, runs its
//! hooks, sends it and decodes the answer. This module takes that method
//! apart: the statements that check the builder's fields and build the
//! request become the builder's `impl crate::call::Call` (with the URL and
//! its query built in one string, parsed once), the status match tells
//! which answers come in the success envelope, and `send` becomes one call
//! to `crate::dispatch::send`. Every statement of progenitor's method must
//! be one this module knows; anything else stops the build with a message
//! saying what changed, so a progenitor upgrade cannot alter the call path
//! silently.

use std::collections::{BTreeMap, BTreeSet};

use quote::{ToTokens, quote};
use syn::visit_mut::VisitMut;

use crate::operations::Operation;

/// The named fields of the structs of `mod types`: wire name, Rust name, type.
pub type StructFields = BTreeMap<String, Vec<(String, syn::Ident, syn::Type)>>;

/// What `route` needs to know besides the builder itself.
pub struct Context<'a> {
    pub operations: &'a [Operation],
    /// Envelope type name -> the type of its `response`, as seen from `mod builder`.
    pub envelopes: &'a BTreeMap<String, syn::Type>,
    pub structs: &'a StructFields,
    /// The generated types that convert from `&str` (string newtypes and
    /// string enums): their values print as the string sent.
    pub strings: &'a BTreeSet<String>,
}

/// Replaces progenitor's `send` in `block` (the inherent impl of a request
/// builder) with the dispatching one, and returns the builder's `Call` impl.
pub fn route(block: &mut syn::ItemImpl, fields: &[(syn::Ident, syn::Type)], cx: &Context) -> syn::Item {
    let builder = block.self_ty.to_token_stream().to_string().replace(' ', "");
    let position = block
        .items
        .iter()
        .position(|item| matches!(item, syn::ImplItem::Fn(f) if f.sig.ident == "send"))
        .unwrap_or_else(|| panic!("progenitor's builder {builder} has no `send` method"));
    let syn::ImplItem::Fn(send) = block.items.remove(position) else { unreachable!() };
    let (success, failure) = result_types(&send.sig.output).unwrap_or_else(|| {
        panic!("{builder}: progenitor's `send` no longer returns `Result<ResponseValue<T>, Error<E>>`")
    });
    let parts = Parts::of(&builder, send.block.stmts);
    let operation = cx
        .operations
        .iter()
        .find(|op| op.method_name() == parts.operation_id)
        .unwrap_or_else(|| panic!("operation {} is generated but missing from the spec table", parts.operation_id));
    let id = &operation.id;
    let output = envelope_output(cx, &success, id);
    envelope_output(cx, &failure, id);
    if operation.charge && output.to_token_stream().to_string().replace(' ', "") != "types::Payment" {
        panic!("{id}: x-iamport-charge is set but its response is not a Payment");
    }

    let doc = format!(
        " Sends the `{id}` request and returns the API's `response`.\n\n \
         The call is authenticated, re-sent only where that is safe, and the \
         envelope is unwrapped: a `code != 0` or an error status is an `Err`{}.",
        if operation.charge { ", and so is a declined charge ([`crate::Error::Declined`])" } else { "" }
    );
    block.items.insert(
        position,
        syn::parse_quote! {
            #[doc = #doc]
            pub fn send(self) -> impl ::std::future::Future<Output = crate::Result<#output>> {
                crate::dispatch::send(self)
            }
        },
    );

    let lifetime = block
        .generics
        .lifetimes()
        .next()
        .unwrap_or_else(|| panic!("{builder}: progenitor's builder no longer borrows the client (no lifetime)"))
        .lifetime
        .clone();
    let generics = &block.generics;
    let self_ty = &block.self_ty;
    let meta = operation.const_ident();
    let statuses = &parts.success_statuses;
    let statements = &parts.statements;
    let request = &parts.request;
    let keys = outcome_keys(operation, fields, cx);
    let accept = operation.charge.then(|| {
        quote! {
            fn accept(response: #output) -> crate::Result<#output> {
                crate::dispatch::reject_declined(response)
            }
        }
    });
    syn::parse_quote! {
        impl #generics crate::call::Call for #self_ty {
            const OPERATION: &'static crate::Operation = &super::operations::#meta;
            type Success = #success;
            type Failure = #failure;
            type Client = &#lifetime super::Client;
            fn is_success(status: u16) -> bool {
                matches!(status, #(#statuses)|*)
            }
            fn request(self) -> crate::Result<(Self::Client, crate::call::Request)> {
                #(#statements)*
                Ok((client, crate::call::Request::new(#request, vec![#(#keys),*])))
            }
            #accept
        }
    }
}

/// progenitor's `send`, taken apart.
struct Parts {
    operation_id: String,
    /// The statements that check the fields and build the request.
    statements: Vec<syn::Stmt>,
    /// The local holding the built `reqwest::Request`.
    request: syn::Ident,
    /// The match patterns of the statuses decoded as the success type.
    success_statuses: Vec<syn::Pat>,
}

impl Parts {
    fn of(builder: &str, stmts: Vec<syn::Stmt>) -> Self {
        let unknown = |stmt: &syn::Stmt, why: &str| -> ! {
            panic!(
                "{builder}: progenitor's `send` has a statement build/send.rs does not know ({why}):\n  {}\n\
                 progenitor's output changed: adapt build/send.rs, then review the snapshot test",
                stmt.to_token_stream()
            )
        };
        let mut statements = Vec::new();
        let mut stmts = stmts.into_iter();
        let mut url = None;
        let mut request = None;
        let operation_id = loop {
            let Some(stmt) = stmts.next() else {
                panic!("{builder}: progenitor's `send` no longer builds an `OperationInfo`")
            };
            let text = stmt.to_token_stream().to_string();
            let syn::Stmt::Local(local) = &stmt else {
                // Only the `api-version` header, which the API ignores, is
                // added outside a `let`; header parameters are not supported.
                if text.starts_with(
                    "header_map . append (:: reqwest :: header :: HeaderName :: from_static (\"api-version\")",
                ) {
                    continue;
                }
                unknown(&stmt, "header parameters are not supported");
            };
            let name = local_name(local).unwrap_or_else(|| unknown(&stmt, "an unexpected pattern"));
            let init = local.init.as_ref().map(|init| &*init.expr);
            match (name.as_str(), init) {
                ("self", _) => {
                    if !text.contains("client") {
                        unknown(&stmt, "the builder's client is no longer its field `client`");
                    }
                    statements.push(stmt);
                }
                (_, Some(syn::Expr::Try(check))) if is_field_check(&check.expr) => {
                    let mut stmt = stmt;
                    let replaced = ReplaceInvalidRequest::run(&mut stmt);
                    assert_eq!(replaced, 1, "{builder}: expected one `Error::InvalidRequest` in `{text}`");
                    statements.push(stmt);
                }
                (_, Some(syn::Expr::Macro(m))) if m.mac.path.is_ident("format") => {
                    url = Some(local_ident(local));
                    statements.push(syn::parse_quote!(let mut #url = #m;));
                }
                ("header_map", _) => {
                    if !text.ends_with("HeaderMap :: with_capacity (1usize) ;") {
                        unknown(&stmt, "header parameters are not supported");
                    }
                }
                (_, Some(syn::Expr::Try(built))) => {
                    let url = url.clone().unwrap_or_else(|| unknown(&stmt, "the request is built before its URL"));
                    let ident = local_ident(local);
                    let (appends, chain) = request_chain(builder, &url, &built.expr);
                    statements.extend(appends);
                    statements.push(syn::parse_quote!(let #ident = #chain.map_err(crate::call::unbuildable)?;));
                    request = Some(ident);
                }
                ("info", Some(syn::Expr::Struct(info))) => {
                    break operation_id_of(info).unwrap_or_else(|| unknown(&stmt, "no operation_id"));
                }
                _ => unknown(&stmt, "an unexpected `let`"),
            }
        };
        let rest: Vec<syn::Stmt> = stmts.collect();
        let expected_hooks =
            ["client . pre (", "let result = client . exec (", "client . post (", "let response = result ?"];
        let texts: Vec<String> = rest.iter().map(|s| s.to_token_stream().to_string()).collect();
        let hooks_match = texts.len() == expected_hooks.len() + 1
            && texts.iter().zip(expected_hooks).all(|(text, expected)| text.starts_with(expected));
        if !hooks_match {
            panic!(
                "{builder}: progenitor's `send` no longer runs pre, exec and post and then matches the status:\n  {}\n\
                 adapt build/send.rs",
                texts.join("\n  ")
            );
        }
        let Some(syn::Stmt::Expr(syn::Expr::Match(decode), None)) = rest.last() else {
            panic!("{builder}: progenitor's `send` no longer ends with a match on the status")
        };
        Self {
            operation_id,
            statements,
            request: request.unwrap_or_else(|| panic!("{builder}: progenitor's `send` builds no request")),
            success_statuses: success_statuses(builder, decode),
        }
    }
}

/// The name bound by a `let`, or `self` for `let Self { .. } = self`.
fn local_name(local: &syn::Local) -> Option<String> {
    match &local.pat {
        syn::Pat::Ident(p) => Some(p.ident.to_string()),
        syn::Pat::Struct(p) if p.path.is_ident("Self") => Some("self".into()),
        _ => None,
    }
}

fn local_ident(local: &syn::Local) -> syn::Ident {
    match &local.pat {
        syn::Pat::Ident(p) => p.ident.clone(),
        _ => unreachable!("checked by local_name"),
    }
}

/// `<field>.map_err(Error::InvalidRequest)`, the check of one builder field.
fn is_field_check(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::MethodCall(call) if call.method == "map_err"
        && call.args.len() == 1
        && call.args[0].to_token_stream().to_string() == "Error :: InvalidRequest")
}

/// Points `Error::InvalidRequest` (progenitor's error) at the crate's.
struct ReplaceInvalidRequest(usize);

impl ReplaceInvalidRequest {
    fn run(stmt: &mut syn::Stmt) -> usize {
        let mut visitor = Self(0);
        visitor.visit_stmt_mut(stmt);
        visitor.0
    }
}

impl VisitMut for ReplaceInvalidRequest {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Path(path) = expr
            && path.to_token_stream().to_string() == "Error :: InvalidRequest"
        {
            *expr = syn::parse_quote!(crate::call::invalid);
            self.0 += 1;
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

/// Takes apart `client.client.<method>(url).header(..).query(..).json(..)
/// .headers(header_map).build()`: each query parameter becomes an
/// `append_query` to the URL string, the (empty) header map is dropped, and
/// the rest of the chain is kept.
fn request_chain(builder: &str, url: &syn::Ident, expr: &syn::Expr) -> (Vec<syn::Stmt>, syn::Expr) {
    let mut calls = Vec::new();
    let mut current = expr;
    while let syn::Expr::MethodCall(call) = current {
        calls.push(call);
        current = &call.receiver;
    }
    calls.reverse();
    if current.to_token_stream().to_string() != "client . client" {
        panic!("{builder}: progenitor's request no longer starts from `client.client`");
    }
    let (first, rest) = calls.split_first().unwrap_or_else(|| panic!("{builder}: no request built"));
    let method = &first.method;
    if !["get", "post", "put", "patch", "delete", "head"].contains(&method.to_string().as_str())
        || first.args.len() != 1
        || *url != first.args[0].to_token_stream().to_string()
    {
        panic!("{builder}: progenitor's request no longer starts with `.{method}({url})`");
    }
    let mut appends = Vec::new();
    let mut chain: syn::Expr = syn::parse_quote!(client.client.#method(#url));
    let mut built = false;
    for call in rest {
        let name = call.method.to_string();
        let args = &call.args;
        match name.as_str() {
            "query" => {
                let method = heck::ToSnakeCase::to_snake_case(builder.split('<').next().unwrap_or_default().trim());
                appends.push(syn::parse_quote!(crate::call::append_query(&mut #url, #method, #args)?;));
            }
            "headers" if args.to_token_stream().to_string() == "header_map" => {}
            "header" | "json" => {
                let method = &call.method;
                chain = syn::parse_quote!(#chain.#method(#args));
            }
            "build" if args.is_empty() => {
                chain = syn::parse_quote!(#chain.build());
                built = true;
            }
            _ => panic!(
                "{builder}: progenitor's request calls `.{name}(..)`, which build/send.rs does not know \
                 (only JSON bodies are supported)"
            ),
        }
    }
    if !built {
        panic!("{builder}: progenitor's request chain no longer ends with `.build()`");
    }
    (appends, chain)
}

/// The `operation_id` of progenitor's `OperationInfo { operation_id: ".." }`.
fn operation_id_of(info: &syn::ExprStruct) -> Option<String> {
    if !info.path.is_ident("OperationInfo") {
        return None;
    }
    info.fields.iter().find_map(|field| match (&field.member, &field.expr) {
        (syn::Member::Named(name), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }))
            if name == "operation_id" =>
        {
            Some(s.value())
        }
        _ => None,
    })
}

/// The patterns of the arms that decode the success type. Every other arm
/// must decode the error type or be progenitor's catch-all: an answer
/// without a JSON body (empty, a stream, an upgrade) is not an envelope the
/// dispatcher could unwrap.
fn success_statuses(builder: &str, decode: &syn::ExprMatch) -> Vec<syn::Pat> {
    if decode.expr.to_token_stream().to_string() != "response . status () . as_u16 ()" {
        panic!("{builder}: progenitor's `send` no longer matches on `response.status().as_u16()`");
    }
    let mut success = Vec::new();
    for arm in &decode.arms {
        let body = arm.body.to_token_stream().to_string().replace(['{', '}'], "");
        match body.trim() {
            "ResponseValue :: from_response (response) . await" => success.push(arm.pat.clone()),
            "Err (Error :: ErrorResponse (ResponseValue :: from_response (response) . await ?))" => {}
            "Err (Error :: UnexpectedResponse (response))" => {}
            other => panic!(
                "{builder}: an answer of status `{}` is decoded as `{other}`; the client unwraps JSON \
                 envelopes only: give the response an envelope schema in the spec",
                arm.pat.to_token_stream()
            ),
        }
    }
    if success.is_empty() {
        panic!("{builder}: progenitor's `send` decodes no success status");
    }
    success
}

/// `T` and `E` of `Result<ResponseValue<T>, Error<E>>`.
fn result_types(output: &syn::ReturnType) -> Option<(syn::Type, syn::Type)> {
    let syn::ReturnType::Type(_, ty) = output else { return None };
    let [ok, err] = generics(ty)?.try_into().ok()?;
    let [success] = generics(&ok)?.try_into().ok()?;
    let [failure] = generics(&err)?.try_into().ok()?;
    Some((success, failure))
}

fn generics(ty: &syn::Type) -> Option<Vec<syn::Type>> {
    let syn::Type::Path(path) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|arg| match arg {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
    )
}

/// The `response` type of the envelope `ty` (`types::X`).
fn envelope_output(cx: &Context, ty: &syn::Type, id: &str) -> syn::Type {
    let name = ty.to_token_stream().to_string().replace(' ', "");
    cx.envelopes
        .get(name.trim_start_matches("types::"))
        .cloned()
        .unwrap_or_else(|| panic!("{id}: its answer {name} is not an envelope (code, message, response)"))
}

/// `("key", value)` for each outcome key the builder holds, where `value`
/// is an `Option<String>` expression over the request's checked fields.
/// Keys only matter for calls that are never re-sent. A key held neither as
/// a parameter nor as a top-level body field, or held in a type that does
/// not print as the string sent, is left out, and the dispatcher reads it
/// from the request as sent.
fn outcome_keys(
    operation: &Operation,
    fields: &[(syn::Ident, syn::Type)],
    cx: &Context,
) -> Vec<proc_macro2::TokenStream> {
    if operation.idempotent {
        return Vec::new();
    }
    let body_fields =
        fields.iter().find(|(name, _)| name == "body").and_then(|(_, ty)| generics(ty)?.into_iter().next()).and_then(
            |ty| {
                cx.structs.get(ty.to_token_stream().to_string().replace(' ', "").trim_start_matches("types::builder::"))
            },
        );
    operation
        .outcome_keys
        .iter()
        .filter_map(|key| {
            let value = if let Some((name, ty)) = fields.iter().find(|(name, _)| name != "body" && name == key) {
                let ty = generics(ty).and_then(|g| g.into_iter().next()).unwrap_or_else(|| ty.clone());
                key_value(&ty, quote!(#name), cx.strings)?
            } else {
                let (_, name, ty) = body_fields?.iter().find(|(wire, _, _)| wire == key)?;
                key_value(ty, quote!(body.#name), cx.strings)?
            };
            Some(quote!((#key, #value)))
        })
        .collect()
}

/// An `Option<String>` expression for a key of type `ty` held in `value`,
/// if values of that type print as the string sent.
fn key_value(
    ty: &syn::Type,
    value: proc_macro2::TokenStream,
    strings: &BTreeSet<String>,
) -> Option<proc_macro2::TokenStream> {
    let syn::Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let name = last.ident.to_string();
    let inner = generics(ty).and_then(|g| g.into_iter().next());
    let local = path.path.segments.len() == 1 || path.path.segments.first().is_some_and(|s| s.ident == "types");
    match (name.as_str(), inner) {
        ("Option", Some(inner)) => {
            let each = key_value(&inner, quote!(v), strings)?;
            Some(quote!(#value.as_ref().and_then(|v| #each)))
        }
        ("Vec", Some(inner)) => {
            let each = key_value(&inner, quote!(v), strings)?;
            Some(quote!(crate::call::joined_key(#value.iter().filter_map(|v| #each))))
        }
        ("String" | "i64" | "i32" | "u64" | "u32" | "f64", None) => Some(quote!(Some(#value.to_string()))),
        (_, None) if local && strings.contains(&name) => Some(quote!(Some(#value.to_string()))),
        _ => None,
    }
}
