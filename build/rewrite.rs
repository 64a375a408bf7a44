//! Adapts progenitor's output to the handwritten layer.
//!
//! - Each request builder's `send` becomes the crate-private `send_once`
//!   (one HTTP exchange, progenitor's error type), and a new public `send`
//!   routes it through `crate::dispatch`, which authenticates, retries where
//!   safe and unwraps the envelope into `crate::Result`.
//! - Every envelope type (`code`, `message`, `response`) gets an
//!   `impl crate::envelope::Envelope`, whatever its `response` type.
//! - The generated `Client::new` (which panics on a TLS set-up failure) is
//!   dropped and `new_with_client` becomes crate-private: clients are built
//!   by `crate::ClientBuilder`.
//! - Public builder methods that progenitor leaves undocumented get a line.

use std::collections::{BTreeMap, BTreeSet};

use quote::{ToTokens, quote};
use syn::{visit::Visit, visit_mut::VisitMut};

use crate::operations::Operation;

pub fn adapt(file: &mut syn::File, operations: &[Operation]) {
    let mut outputs = BTreeMap::new();
    let mut decoders = None;
    for item in &mut file.items {
        if let syn::Item::Mod(module) = item
            && module.ident == "types"
        {
            let items = module_items(module);
            let type_names: BTreeSet<String> = items.iter().filter_map(type_name).collect();
            decoders = Some(decode_every_type(&type_names));
            let impls: Vec<syn::Item> = items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Struct(s) => envelope_impl(s, &type_names, &mut outputs),
                    _ => None,
                })
                .collect();
            items.extend(impls);
            for item in items.iter_mut() {
                document_type_item(item);
                if let syn::Item::Mod(builders) = item
                    && builders.ident == "builder"
                {
                    for item in module_items(builders) {
                        match item {
                            syn::Item::Impl(block) => {
                                block.items.iter_mut().for_each(unwrap_optional_setter);
                                document_setters(block);
                            }
                            syn::Item::Struct(s) if !has_doc(&s.attrs) => {
                                let doc = format!(
                                    " A builder for [`super::{}`]; unset optional fields stay `None`.",
                                    s.ident
                                );
                                s.attrs.push(syn::parse_quote!(#[doc = #doc]));
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    assert!(!outputs.is_empty(), "no envelope schema (code, message, response) found in the spec");
    file.items.extend(decoders);

    for item in &mut file.items {
        match item {
            syn::Item::Impl(block) if is_plain_impl_of(block, "Client") => restrict_constructors(block),
            syn::Item::Mod(module) if module.ident == "builder" => {
                for item in module_items(module) {
                    if let syn::Item::Impl(block) = item {
                        route_send(block, operations, &outputs);
                        document_setters(block);
                    }
                }
            }
            _ => {}
        }
    }
}

/// typify's setter of an optional field takes `T: TryInto<Option<X>>`, so
/// `.name("...")` does not compile; make it take `T: TryInto<X>` and store
/// `Some`. A field left unset stays `None`.
fn unwrap_optional_setter(item: &mut syn::ImplItem) {
    let syn::ImplItem::Fn(setter) = item else { return };
    let Some(where_clause) = &mut setter.sig.generics.where_clause else { return };
    let mut rewritten = false;
    for predicate in &mut where_clause.predicates {
        let syn::WherePredicate::Type(bound) = predicate else { continue };
        for b in &mut bound.bounds {
            let syn::TypeParamBound::Trait(t) = b else { continue };
            let Some(last) = t.path.segments.last_mut() else { continue };
            if last.ident != "TryInto" {
                continue;
            }
            let syn::PathArguments::AngleBracketed(args) = &mut last.arguments else { continue };
            if let Some(syn::GenericArgument::Type(target)) = args.args.first_mut()
                && let Some(inner) = option_inner(target)
            {
                *target = inner;
                rewritten = true;
            }
        }
    }
    if rewritten {
        let field = &setter.sig.ident;
        let message = format!("error converting supplied value for {field}: {{e}}");
        setter.block = syn::parse_quote!({
            self.#field = value.try_into().map(Some).map_err(|e| format!(#message));
            self
        });
    }
}

/// `decode_as_every_type(body)`: tries `body` as JSON of every generated
/// type, so the hostile-input tests cover types added to the spec later.
fn decode_every_type(type_names: &BTreeSet<String>) -> syn::Item {
    let names: Vec<syn::Ident> =
        type_names.iter().map(|n| syn::Ident::new(n, proc_macro2::Span::call_site())).collect();
    let labels = type_names.iter();
    syn::parse_quote! {
        /// Decodes `body` as each generated type and returns how many accept
        /// it. Used by the crate's hostile-input tests; not part of the API.
        #[doc(hidden)]
        pub fn decode_as_every_type(body: &[u8]) -> Vec<(&'static str, bool)> {
            vec![#((#labels, serde_json::from_slice::<types::#names>(body).is_ok())),*]
        }
    }
}

fn type_name(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        _ => None,
    }
}

fn module_items(module: &mut syn::ItemMod) -> &mut Vec<syn::Item> {
    &mut module.content.as_mut().expect("generated modules are inline").1
}

fn is_plain_impl_of(block: &syn::ItemImpl, name: &str) -> bool {
    block.trait_.is_none() && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident(name))
}

fn restrict_constructors(block: &mut syn::ItemImpl) {
    block.items.retain(|item| !matches!(item, syn::ImplItem::Fn(f) if f.sig.ident == "new"));
    for item in &mut block.items {
        if let syn::ImplItem::Fn(f) = item
            && f.sig.ident == "new_with_client"
        {
            f.vis = syn::parse_quote!(pub(crate));
        }
    }
}

/// Renames `send` to `send_once` and adds the dispatching `send`.
fn route_send(block: &mut syn::ItemImpl, operations: &[Operation], outputs: &BTreeMap<String, syn::Type>) {
    let Some(position) =
        block.items.iter().position(|item| matches!(item, syn::ImplItem::Fn(f) if f.sig.ident == "send"))
    else {
        return;
    };
    let syn::ImplItem::Fn(send) = &mut block.items[position] else { unreachable!() };

    let operation_id = operation_id_of(&send.block)
        .unwrap_or_else(|| panic!("no OperationInfo in the generated send of {}", block.self_ty.to_token_stream()));
    let operation = operations
        .iter()
        .find(|op| op.method_name() == operation_id)
        .unwrap_or_else(|| panic!("operation {operation_id} is generated but missing from the spec table"));
    let envelope = success_type(&send.sig.output)
        .unwrap_or_else(|| panic!("{operation_id}: unexpected return type of the generated send"));
    let envelope_name = envelope.to_token_stream().to_string().replace(' ', "");
    let output = outputs.get(envelope_name.trim_start_matches("types::")).unwrap_or_else(|| {
        panic!("{operation_id}: its 200 response {envelope_name} is not an envelope (code, message, response)")
    });

    send.sig.ident = syn::parse_quote!(send_once);
    send.vis = syn::parse_quote!(pub(crate));
    // progenitor sends the spec's version in `api-version`; the API ignores it.
    send.block.stmts.retain(|stmt| !stmt.to_token_stream().to_string().contains("\"api-version\""));
    for stmt in &mut send.block.stmts {
        if stmt.to_token_stream().to_string().starts_with("let mut header_map") {
            // Empty unless the operation has header parameters: no allocation.
            *stmt = syn::parse_quote!(let mut header_map = ::reqwest::header::HeaderMap::new(););
        }
    }

    let meta = operation.const_ident();
    let doc = format!(
        " Sends the `{operation_id}` request and returns the API's `response`.\n\n \
         The call is authenticated, re-sent only where that is safe, and the \
         envelope is unwrapped: a `code != 0` or an error status is an `Err`{}.",
        if operation.charge { ", and so is a declined charge ([`crate::Error::Declined`])" } else { "" }
    );
    let check = if operation.charge { quote!(.and_then(crate::dispatch::reject_declined)) } else { quote!() };
    let dispatching: syn::ImplItem = syn::parse_quote! {
        #[doc = #doc]
        pub async fn send(self) -> crate::Result<#output> {
            let client = self.client;
            crate::dispatch::send(client, &super::operations::#meta, self, Self::send_once).await #check
        }
    };
    block.items.insert(position + 1, dispatching);
}

/// The `operation_id` string of the `OperationInfo` built inside `send`.
fn operation_id_of(body: &syn::Block) -> Option<String> {
    struct Finder(Option<String>);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_expr_struct(&mut self, node: &'ast syn::ExprStruct) {
            if node.path.segments.last().is_some_and(|s| s.ident == "OperationInfo") {
                for field in &node.fields {
                    if let (syn::Member::Named(name), syn::Expr::Lit(lit)) = (&field.member, &field.expr)
                        && name == "operation_id"
                        && let syn::Lit::Str(s) = &lit.lit
                    {
                        self.0 = Some(s.value());
                    }
                }
            }
            syn::visit::visit_expr_struct(self, node);
        }
    }
    let mut finder = Finder(None);
    finder.visit_block(body);
    finder.0
}

/// `T` in `Result<ResponseValue<T>, Error<E>>`.
fn success_type(output: &syn::ReturnType) -> Option<syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else { return None };
    let ok = first_generic(ty)?;
    first_generic(&ok)
}

fn first_generic(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|arg| match arg {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

fn has_doc(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc"))
}

/// Documents what typify leaves bare in `mod types`: fields whose schema is
/// a `$ref` (OpenAPI 3.0 allows no description beside it), enum variants
/// and `builder()` constructors.
fn document_type_item(item: &mut syn::Item) {
    match item {
        syn::Item::Struct(s) => {
            if let syn::Fields::Named(fields) = &mut s.fields {
                for field in fields.named.iter_mut().filter(|f| !has_doc(&f.attrs)) {
                    let doc = format!(" See [`{}`].", innermost_type(&field.ty));
                    field.attrs.push(syn::parse_quote!(#[doc = #doc]));
                }
            }
        }
        syn::Item::Enum(e) => {
            for variant in e.variants.iter_mut().filter(|v| !has_doc(&v.attrs)) {
                let wire = serde_rename(&variant.attrs).unwrap_or_else(|| variant.ident.to_string());
                let doc = format!(" `{wire}`");
                variant.attrs.push(syn::parse_quote!(#[doc = #doc]));
            }
        }
        syn::Item::Impl(block) if block.trait_.is_none() => {
            let name = block.self_ty.to_token_stream().to_string();
            for item in &mut block.items {
                if let syn::ImplItem::Fn(f) = item
                    && f.sig.ident == "builder"
                    && !has_doc(&f.attrs)
                {
                    let doc = format!(" Starts a builder for [`{name}`].");
                    f.attrs.push(syn::parse_quote!(#[doc = #doc]));
                }
            }
        }
        _ => {}
    }
}

/// `X` in `X`, `Option<X>`, `Vec<X>`, `a::b::X`, as a path rustdoc can link.
fn innermost_type(ty: &syn::Type) -> String {
    match option_inner(ty).or_else(|| vec_inner(ty)) {
        Some(inner) => innermost_type(&inner),
        None => {
            let text = ty.to_token_stream().to_string().replace(' ', "");
            text.split('<').next().unwrap_or_default().trim_start_matches("::").to_owned()
        }
    }
}

fn vec_inner(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    if path.path.segments.last()?.ident != "Vec" {
        return None;
    }
    first_generic(ty)
}

fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().filter(|a| a.path().is_ident("serde")).find_map(|a| {
        let text = a.to_token_stream().to_string();
        let start = text.find("rename = \"")? + "rename = \"".len();
        text[start..].split('"').next().map(str::to_owned)
    })
}

fn document_setters(block: &mut syn::ItemImpl) {
    for item in &mut block.items {
        if let syn::ImplItem::Fn(f) = item
            && matches!(f.vis, syn::Visibility::Public(_))
            && !has_doc(&f.attrs)
        {
            let name = f.sig.ident.to_string();
            let doc = match name.strip_suffix("_map") {
                Some(field) => format!(" Edits `{field}` with a closure over its builder."),
                None if name == "new" => {
                    " Starts a request; prefer the method of the same name on `Client`.".to_owned()
                }
                None => format!(" Sets `{name}`."),
            };
            f.attrs.push(syn::parse_quote!(#[doc = #doc]));
        }
    }
}

/// `impl Envelope` for a struct whose fields are exactly code, message and
/// response; records its output type, as seen from the `builder` module.
fn envelope_impl(
    s: &syn::ItemStruct,
    type_names: &BTreeSet<String>,
    outputs: &mut BTreeMap<String, syn::Type>,
) -> Option<syn::Item> {
    let syn::Fields::Named(fields) = &s.fields else { return None };
    let names: BTreeSet<String> =
        fields.named.iter().filter_map(|f| f.ident.as_ref().map(ToString::to_string)).collect();
    if names != BTreeSet::from(["code".into(), "message".into(), "response".into()]) {
        return None;
    }
    let response = fields.named.iter().find(|f| f.ident.as_ref().is_some_and(|i| i == "response"))?;
    let (output, value) = match option_inner(&response.ty) {
        // A `response` of any JSON (the spec documents no data): `null` or
        // absent is the answer itself, not a missing one.
        Some(inner) if is_json_value(&inner) => (inner, quote!(Some(self.response.unwrap_or_default()))),
        Some(inner) => (inner, quote!(self.response)),
        None => (response.ty.clone(), quote!(Some(self.response))),
    };
    let mut qualified = output.clone();
    QualifyTypes(type_names).visit_type_mut(&mut qualified);
    outputs.insert(s.ident.to_string(), qualified);
    let name = &s.ident;
    Some(syn::parse_quote! {
        impl crate::envelope::Envelope for #name {
            type Output = #output;
            fn into_parts(self) -> crate::envelope::Parts<Self::Output> {
                crate::envelope::Parts { code: self.code, message: self.message, response: #value }
            }
        }
    })
}

/// Prefixes the bare names of generated types with `types::`.
struct QualifyTypes<'a>(&'a BTreeSet<String>);

impl VisitMut for QualifyTypes<'_> {
    fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
        if node.qself.is_none()
            && node.path.leading_colon.is_none()
            && node.path.segments.len() == 1
            && self.0.contains(&node.path.segments[0].ident.to_string())
        {
            node.path.segments.insert(0, syn::parse_quote!(types));
        }
        syn::visit_mut::visit_type_path_mut(self, node);
    }
}

fn is_json_value(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Value")
        && p.path.segments.iter().any(|s| s.ident == "serde_json"))
}

fn option_inner(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    first_generic(ty)
}
