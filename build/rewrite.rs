//! Adapts progenitor's output to the handwritten layer.
//!
//! - Each request builder's `send` is routed through `crate::dispatch` by an
//!   `impl crate::call::Call` (see `send.rs`).
//! - Every envelope type (`code`, `message`, `response`) gets an
//!   `impl crate::envelope::Envelope`, whatever its `response` type.
//! - The generated `Client::new` (which panics on a TLS set-up failure) is
//!   dropped and `new_with_client` becomes crate-private: clients are built
//!   by `crate::ClientBuilder`. progenitor's hook and client-info impls,
//!   which the crate's call path does not use, are dropped.
//! - typify's setters of optional fields take the value, not an `Option`;
//!   string newtypes also convert from `&String`.
//! - Public items that progenitor leaves undocumented get a line.
//!
//! Each edit checks that progenitor's output still has the shape it expects
//! and stops the build with a message otherwise.

use std::collections::{BTreeMap, BTreeSet};

use quote::{ToTokens, quote};
use syn::visit_mut::VisitMut;

use crate::{
    operations::Operation,
    send::{self, StructFields},
};

/// Returns the fields of the structs of `mod types` (for `paging.rs`) and
/// the names of the generated types.
pub fn adapt(file: &mut syn::File, operations: &[Operation]) -> (StructFields, BTreeSet<String>) {
    let mut envelopes = BTreeMap::new();
    let mut structs = StructFields::new();
    let types = find_module(&mut file.items, "types");
    let items = module_items(types);
    let type_names: BTreeSet<String> = items.iter().filter_map(type_name).collect();
    let decoders = decode_every_type(&type_names);
    let mut added: Vec<syn::Item> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => envelope_impl(s, &type_names, &mut envelopes),
            _ => None,
        })
        .collect();
    assert!(!envelopes.is_empty(), "no envelope schema (code, message, response) found in the spec");
    let strings = string_types(items);
    added.extend(string_conversions(items));
    for item in items.iter() {
        if let syn::Item::Struct(s) = item {
            structs.insert(s.ident.to_string(), struct_fields(s));
        }
    }
    items.extend(added);
    for item in items.iter_mut() {
        document_type_item(item);
        if let syn::Item::Mod(builders) = item
            && builders.ident == "builder"
        {
            adapt_type_builders(module_items(builders));
        }
    }
    file.items.push(decoders);

    let before = file.items.len();
    file.items.retain(|item| !is_unused_progenitor_impl(item));
    assert_eq!(
        before - file.items.len(),
        2,
        "progenitor's `impl ClientInfo for Client` and `impl ClientHooks for &Client` not found \
         (build.rs asks for `HooksMode::Optional`)"
    );
    let mut kept_client_impls = 0;
    for item in &mut file.items {
        if let syn::Item::Impl(block) = item
            && is_plain_impl_of(block, "Client")
            && restrict_constructors(block)
        {
            kept_client_impls += 1;
        }
    }
    assert_eq!(kept_client_impls, 1, "progenitor's `impl Client` with `new` and `new_with_client` not found");

    let cx = send::Context { operations, envelopes: &envelopes, structs: &structs, strings: &strings };
    let builders = module_items(find_module(&mut file.items, "builder"));
    let fields: BTreeMap<String, Vec<(syn::Ident, syn::Type)>> = builders
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some((s.ident.to_string(), named_fields(s))),
            _ => None,
        })
        .collect();
    let mut calls = Vec::new();
    for item in builders.iter_mut() {
        if let syn::Item::Impl(block) = item
            && block.trait_.is_none()
        {
            let name = block_name(block);
            let fields = fields.get(&name).unwrap_or_else(|| panic!("no builder struct for `impl {name}`"));
            calls.push(send::route(block, fields, &cx));
            document_setters(block);
        }
    }
    let routed = calls.len();
    builders.extend(calls);
    assert_eq!(routed, operations.len(), "{routed} request builders routed for {} operations", operations.len());
    (structs, type_names)
}

fn find_module<'a>(items: &'a mut [syn::Item], name: &str) -> &'a mut syn::ItemMod {
    items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == name => Some(module),
            _ => None,
        })
        .unwrap_or_else(|| panic!("progenitor's output has no `mod {name}`"))
}

/// The name of the type an impl block is for, without generics.
fn block_name(block: &syn::ItemImpl) -> String {
    match &*block.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        other => other.to_token_stream().to_string(),
    }
}

fn named_fields(s: &syn::ItemStruct) -> Vec<(syn::Ident, syn::Type)> {
    match &s.fields {
        syn::Fields::Named(fields) => {
            fields.named.iter().filter_map(|f| Some((f.ident.clone()?, f.ty.clone()))).collect()
        }
        _ => Vec::new(),
    }
}

/// (wire name, Rust name, type) of each named field of a generated struct.
fn struct_fields(s: &syn::ItemStruct) -> Vec<(String, syn::Ident, syn::Type)> {
    let syn::Fields::Named(fields) = &s.fields else { return Vec::new() };
    fields
        .named
        .iter()
        .filter_map(|f| {
            let ident = f.ident.clone()?;
            let wire = serde_rename(&f.attrs).unwrap_or_else(|| ident.to_string());
            Some((wire, ident, f.ty.clone()))
        })
        .collect()
}

/// progenitor's `impl ClientInfo for Client` and `impl ClientHooks for
/// &Client`: the crate sends requests itself, so nothing calls them.
fn is_unused_progenitor_impl(item: &syn::Item) -> bool {
    let syn::Item::Impl(block) = item else { return false };
    let Some((path, _)) = &block.trait_ else { return false };
    path.segments.last().is_some_and(|s| s.ident == "ClientInfo" || s.ident == "ClientHooks")
}

/// typify's builders of request bodies: optional setters take the value,
/// and each public item gets a line of documentation.
fn adapt_type_builders(items: &mut [syn::Item]) {
    let optional: BTreeMap<String, BTreeSet<String>> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some((s.ident.to_string(), optional_fields(s))),
            _ => None,
        })
        .collect();
    for item in items {
        match item {
            syn::Item::Impl(block) => {
                if block.trait_.is_none() {
                    let name = block_name(block);
                    let rewritten: BTreeSet<String> =
                        block.items.iter_mut().filter_map(unwrap_optional_setter).collect();
                    let expected = optional.get(&name).cloned().unwrap_or_default();
                    if let Some(missed) = expected.difference(&rewritten).next() {
                        panic!(
                            "typify's setter of the optional field `{name}::{missed}` no longer takes                              `T: TryInto<Option<X>>`: adapt `unwrap_optional_setter` in build/rewrite.rs"
                        );
                    }
                }
                document_setters(block);
            }
            syn::Item::Struct(s) if !has_doc(&s.attrs) => {
                let doc = format!(" A builder for [`super::{}`]; unset optional fields stay `None`.", s.ident);
                s.attrs.push(syn::parse_quote!(#[doc = #doc]));
            }
            _ => {}
        }
    }
}

/// The fields of a typify builder that hold `Result<Option<X>, String>`.
fn optional_fields(s: &syn::ItemStruct) -> BTreeSet<String> {
    named_fields(s)
        .into_iter()
        .filter(|(_, ty)| first_generic(ty).is_some_and(|ok| option_inner(&ok).is_some()))
        .map(|(name, _)| name.to_string())
        .collect()
}

/// The generated types that implement `TryFrom<from>`.
fn converting_from(items: &[syn::Item], from: &str) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) => {
                let (path, _) = block.trait_.as_ref()?;
                let last = path.segments.last()?;
                let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
                let arg = args.args.first()?.to_token_stream().to_string().replace(' ', "");
                (last.ident == "TryFrom" && arg == from).then(|| block_name(block))
            }
            _ => None,
        })
        .collect()
}

/// String newtypes and string enums: they convert from `&str`, and print
/// (through `Deref` or `Display`) as the string they hold.
fn string_types(items: &[syn::Item]) -> BTreeSet<String> {
    converting_from(items, "&str")
}

/// `impl TryFrom<&String>` for each string newtype that converts from
/// `&str` and `String`, so a builder takes `&payment.imp_uid` as well.
fn string_conversions(items: &[syn::Item]) -> Vec<syn::Item> {
    let from_str = converting_from(items, "&str");
    let from_string = converting_from(items, "::std::string::String");
    let from_string_ref = converting_from(items, "&::std::string::String");
    let newtypes: Vec<syn::Ident> = from_str
        .intersection(&from_string)
        .filter(|name| !from_string_ref.contains(*name))
        .map(|name| syn::Ident::new(name, proc_macro2::Span::call_site()))
        .collect();
    assert!(
        !newtypes.is_empty(),
        "typify's string newtypes no longer convert from `&str` and `String`: adapt `string_conversions` in \
         build/rewrite.rs"
    );
    newtypes
        .iter()
        .map(|name| {
            syn::parse_quote! {
                impl ::std::convert::TryFrom<&::std::string::String> for #name {
                    type Error = <Self as ::std::convert::TryFrom<&'static str>>::Error;
                    fn try_from(value: &::std::string::String) -> ::std::result::Result<Self, Self::Error> {
                        Self::try_from(value.as_str())
                    }
                }
            }
        })
        .collect()
}

/// typify's setter of an optional field takes `T: TryInto<Option<X>>`, so
/// `.name("...")` does not compile; make it take `T: TryInto<X>` and store
/// `Some`. A field left unset stays `None`.
fn unwrap_optional_setter(item: &mut syn::ImplItem) -> Option<String> {
    let syn::ImplItem::Fn(setter) = item else { return None };
    let where_clause = setter.sig.generics.where_clause.as_mut()?;
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
    if !rewritten {
        return None;
    }
    let field = &setter.sig.ident;
    let message = format!("error converting supplied value for {field}: {{e}}");
    setter.block = syn::parse_quote!({
        self.#field = value.try_into().map(Some).map_err(|e| format!(#message));
        self
    });
    Some(field.to_string())
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

/// The source of `round_trip_as(schema, body)`, for the recorded-body tests
/// only (`tests/recorded_bodies.rs` includes it from `OUT_DIR`, so that
/// users' builds do not compile a serializer call per type): decodes `body`
/// as the generated type of `schema` and serializes it back, or `None` for
/// a name the spec lacks.
pub fn round_trip_source(type_names: &BTreeSet<String>) -> String {
    let names: Vec<syn::Ident> =
        type_names.iter().map(|n| syn::Ident::new(n, proc_macro2::Span::call_site())).collect();
    let labels = type_names.iter();
    let function: syn::Item = syn::parse_quote! {
        /// Decodes `body` as the generated type of the schema `schema` and
        /// serializes it back; `None` for a name the spec lacks.
        pub fn round_trip_as(schema: &str, body: &[u8]) -> Option<Result<serde_json::Value, String>> {
            fn via<T: serde::de::DeserializeOwned + serde::Serialize>(
                body: &[u8],
            ) -> Result<serde_json::Value, String> {
                let value: T = serde_json::from_slice(body).map_err(|e| e.to_string())?;
                serde_json::to_value(&value).map_err(|e| e.to_string())
            }
            match schema {
                #(#labels => Some(via::<iamport::types::#names>(body)),)*
                _ => None,
            }
        }
    };
    let file = syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items: vec![function] };
    format!("// Generated by build/rewrite.rs (round_trip_source).\n{}", prettyplease::unparse(&file))
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

/// Drops `Client::new` and makes `new_with_client` crate-private; false
/// when the block does not hold both.
fn restrict_constructors(block: &mut syn::ItemImpl) -> bool {
    let is_fn = |item: &syn::ImplItem, name: &str| matches!(item, syn::ImplItem::Fn(f) if f.sig.ident == name);
    if !(block.items.iter().any(|i| is_fn(i, "new")) && block.items.iter().any(|i| is_fn(i, "new_with_client"))) {
        return false;
    }
    block.items.retain(|item| !is_fn(item, "new"));
    for item in &mut block.items {
        if let syn::ImplItem::Fn(f) = item
            && f.sig.ident == "new_with_client"
        {
            f.vis = syn::parse_quote!(pub(crate));
        }
    }
    true
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
pub struct QualifyTypes<'a>(pub &'a BTreeSet<String>);

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
