//! Listings walked as streams, from the spec's `x-iamport-paging`.
//!
//! An operation that answers a page at a time says so in the spec:
//!
//! ```yaml
//! x-iamport-paging:
//!   page: page          # the query parameter of the page number (from 1)
//!   limit: limit        # optional: the query parameter of the page size
//!   list: list          # the field of the answer holding the items
//!   next: next          # the field holding the next page number (0: none)
//!   window:             # optional: a time window the API limits
//!     from: from        # its start parameter (unix seconds)
//!     to: to            # its end parameter
//!     to_inclusive: true
//!     max_days: 90      # the longest window the API accepts
//!     sorting: sorting  # optional: ascending when set to a value without `-`
//! ```
//!
//! For each such operation this module adds to its request builder an
//! `impl crate::paging::Listing` (which fields hold the parameters, how to
//! set them, how to read an answer's items and next page) and the public
//! `.pages()` and `.items()`; the walking itself is `src/paging.rs`.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{OpenAPI, Operation as SpecOperation, Parameter, ReferenceOr};
use quote::{ToTokens, format_ident, quote};
use syn::visit_mut::VisitMut;

use crate::{operations::Operation, rewrite::QualifyTypes};

/// An operation's `x-iamport-paging`.
pub struct Rule {
    pub page: String,
    pub limit: Option<String>,
    pub list: String,
    pub next: String,
    pub window: Option<WindowRule>,
}

pub struct WindowRule {
    pub from: String,
    pub to: String,
    pub to_inclusive: bool,
    pub max_days: u32,
    pub sorting: Option<String>,
}

/// The operation's `x-iamport-paging`, checked against its parameters.
pub fn from_spec(spec: &OpenAPI, id: &str, op: &SpecOperation) -> Option<Rule> {
    let value = op.extensions.get("x-iamport-paging")?;
    let fail = |why: &str| -> ! { panic!("{id}: x-iamport-paging {why}") };
    let object = value.as_object().unwrap_or_else(|| fail("must be a map"));
    let known = ["page", "limit", "list", "next", "window"];
    if let Some(unknown) = object.keys().find(|k| !known.contains(&k.as_str())) {
        fail(&format!("has an unknown key `{unknown}` (known: {})", known.join(", ")));
    }
    let parameters = query_parameters(spec, op);
    let parameter = |map: &serde_json::Map<String, serde_json::Value>, key: &str, required: bool| {
        let name = match map.get(key) {
            Some(v) => v.as_str().unwrap_or_else(|| fail(&format!("`{key}` must name a parameter"))),
            None if required => fail(&format!("needs `{key}`")),
            None => return None,
        };
        if !parameters.contains(name) {
            fail(&format!("`{key}` names `{name}`, which is not a query parameter of the operation"));
        }
        Some(name.to_owned())
    };
    let field = |key: &str| -> String {
        object
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| fail(&format!("needs `{key}`, a field of the answer")))
            .to_owned()
    };
    let window = object.get("window").map(|w| {
        let w = w.as_object().unwrap_or_else(|| fail("`window` must be a map"));
        let known = ["from", "to", "to_inclusive", "max_days", "sorting"];
        if let Some(unknown) = w.keys().find(|k| !known.contains(&k.as_str())) {
            fail(&format!("`window` has an unknown key `{unknown}` (known: {})", known.join(", ")));
        }
        WindowRule {
            from: parameter(w, "from", true).unwrap_or_default(),
            to: parameter(w, "to", true).unwrap_or_default(),
            to_inclusive: w
                .get("to_inclusive")
                .and_then(|v| v.as_bool())
                .unwrap_or_else(|| fail("`window.to_inclusive` must be true or false")),
            max_days: w
                .get("max_days")
                .and_then(|v| v.as_u64())
                .and_then(|v| u32::try_from(v).ok())
                .filter(|&d| d > 0)
                .unwrap_or_else(|| fail("`window.max_days` must be a number of days")),
            sorting: parameter(w, "sorting", false),
        }
    });
    Some(Rule {
        page: parameter(object, "page", true).unwrap_or_default(),
        limit: parameter(object, "limit", false),
        list: field("list"),
        next: field("next"),
        window,
    })
}

/// The names of the operation's query parameters, `$ref`s resolved.
fn query_parameters(spec: &OpenAPI, op: &SpecOperation) -> BTreeSet<String> {
    op.parameters
        .iter()
        .filter_map(|p| match p {
            ReferenceOr::Item(p) => Some(p.clone()),
            ReferenceOr::Reference { reference } => {
                let name = reference.rsplit('/').next()?;
                match spec.components.as_ref()?.parameters.get(name)? {
                    ReferenceOr::Item(p) => Some(p.clone()),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        })
        .filter_map(|p| match p {
            Parameter::Query { parameter_data, .. } => Some(parameter_data.name),
            _ => None,
        })
        .collect()
}

/// The named structs and enums of `mod types`, for reading answers.
struct Types {
    names: BTreeSet<String>,
    /// Struct -> (wire name, Rust name, type) of each field.
    structs: BTreeMap<String, Vec<(String, syn::Ident, syn::Type)>>,
    /// Enum -> (variant, the type it holds) of each one-field variant.
    enums: BTreeMap<String, Vec<(syn::Ident, Option<syn::Type>)>>,
}

/// Adds `Listing`, `.pages()` and `.items()` to the builder of every paged
/// operation. Runs after `rewrite::adapt`, whose `send` gives the answer's type.
pub fn adapt(file: &mut syn::File, operations: &[Operation], structs: &crate::send::StructFields) {
    let types = types_of(file, structs);
    let builders = builder_items(file);
    let mut added = Vec::new();
    for op in operations {
        let Some(rule) = &op.paging else { continue };
        let name = op.id.to_upper_camel_case();
        let fields = builder_fields(builders, &name)
            .unwrap_or_else(|| panic!("{}: no request builder `{name}` for x-iamport-paging", op.id));
        let output = send_output(builders, &name)
            .unwrap_or_else(|| panic!("{}: the builder `{name}` has no routed `send`", op.id));
        added.extend(listing(op, rule, &name, &fields, &output, &types));
    }
    builders.extend(added);
}

fn types_of(file: &syn::File, structs: &crate::send::StructFields) -> Types {
    let items = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
            _ => None,
        })
        .expect("progenitor's output has `mod types`");
    let mut names = BTreeSet::new();
    let mut enums = BTreeMap::new();
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                names.insert(s.ident.to_string());
            }
            syn::Item::Enum(e) => {
                names.insert(e.ident.to_string());
                let variants = e
                    .variants
                    .iter()
                    .map(|v| {
                        let held = match &v.fields {
                            syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => Some(f.unnamed[0].ty.clone()),
                            _ => None,
                        };
                        (v.ident.clone(), held)
                    })
                    .collect();
                enums.insert(e.ident.to_string(), variants);
            }
            syn::Item::Type(t) => {
                names.insert(t.ident.to_string());
            }
            _ => {}
        }
    }
    Types { names, structs: structs.clone(), enums }
}

fn builder_items(file: &mut syn::File) -> &mut Vec<syn::Item> {
    file.items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .expect("progenitor's output has `mod builder`")
}

/// The builder struct's field names and types.
fn builder_fields(items: &[syn::Item], name: &str) -> Option<BTreeMap<String, syn::Type>> {
    items.iter().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == name => match &s.fields {
            syn::Fields::Named(f) => {
                Some(f.named.iter().filter_map(|f| Some((f.ident.as_ref()?.to_string(), f.ty.clone()))).collect())
            }
            _ => None,
        },
        _ => None,
    })
}

/// `T` of the routed `send(self) -> impl Future<Output = crate::Result<T>>`.
fn send_output(items: &[syn::Item], name: &str) -> Option<syn::Type> {
    items.iter().find_map(|item| {
        let syn::Item::Impl(block) = item else { return None };
        let is_builder = matches!(&*block.self_ty, syn::Type::Path(p)
            if p.path.segments.last().is_some_and(|s| s.ident == name));
        if !is_builder || block.trait_.is_some() {
            return None;
        }
        block.items.iter().find_map(|item| match item {
            syn::ImplItem::Fn(f) if f.sig.ident == "send" => future_output(&f.sig.output),
            _ => None,
        })
    })
}

fn future_output(output: &syn::ReturnType) -> Option<syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else { return None };
    let syn::Type::ImplTrait(bounds) = &**ty else { return None };
    bounds.bounds.iter().find_map(|bound| {
        let syn::TypeParamBound::Trait(t) = bound else { return None };
        let syn::PathArguments::AngleBracketed(args) = &t.path.segments.last()?.arguments else { return None };
        args.args.iter().find_map(|arg| match arg {
            syn::GenericArgument::AssocType(assoc) if assoc.ident == "Output" => first_generic(&assoc.ty),
            _ => None,
        })
    })
}

/// The `Listing` impl and the stream methods of one builder.
fn listing(
    op: &Operation,
    rule: &Rule,
    name: &str,
    fields: &BTreeMap<String, syn::Type>,
    output: &syn::Type,
    types: &Types,
) -> Vec<syn::Item> {
    let id = &op.id;
    let field = |parameter: &str| -> syn::Ident {
        let ident = parameter.to_snake_case();
        if !fields.contains_key(&ident) {
            panic!("{id}: x-iamport-paging names `{parameter}`, but the builder has no field `{ident}`");
        }
        format_ident!("{ident}")
    };
    for taken in ["pages", "items"] {
        if fields.contains_key(taken) {
            panic!("{id}: a parameter named `{taken}` would hide the builder's `.{taken}()` stream");
        }
    }
    let read = |parameter: Option<&String>, how: proc_macro2::TokenStream| match parameter {
        Some(p) => {
            let f = field(p);
            quote!(#how(&self.#f))
        }
        None => quote!(None),
    };
    let number = quote!(crate::paging::number);
    let page = read(Some(&rule.page), number.clone());
    let limit = read(rule.limit.as_ref(), number.clone());
    let window = rule.window.as_ref();
    let from = read(window.map(|w| &w.from), number.clone());
    let to = read(window.map(|w| &w.to), number);
    let sorting = read(window.and_then(|w| w.sorting.as_ref()), quote!(crate::paging::text));

    let page_setter = field(&rule.page);
    let set_limit = match &rule.limit {
        Some(p) => {
            let setter = field(p);
            quote!(if let Some(limit) = limit { this = this.#setter(limit); })
        }
        None => quote!(let _ = limit;),
    };
    let (set_window, window_rule) = match window {
        Some(w) => {
            let (from, to) = (field(&w.from), field(&w.to));
            let max_seconds = i64::from(w.max_days) * 86_400;
            let to_inclusive = w.to_inclusive;
            (
                quote!(if let Some(window) = window { this = this.#from(window.from).#to(window.to); }),
                quote!(Some(crate::paging::WindowRule { max_seconds: #max_seconds, to_inclusive: #to_inclusive })),
            )
        }
        None => (quote!(let _ = window;), quote!(None)),
    };
    let has_limit = rule.limit.is_some();

    let (item, into_page) = read_page(id, rule, output, types);
    let builder = format_ident!("{name}");
    let method = op.method_name();
    let window_doc = match window {
        Some(w) => format!(
            " A window (`{}` to `{}`) longer than the {} days the API accepts is cut into windows it \
             accepts, walked in the listing's order; without `{}`, the API's default window applies.",
            w.from, w.to, w.max_days, w.from
        ),
        None => String::new(),
    };
    let size_doc = match &rule.limit {
        Some(limit) => format!(
            " Pages hold [`crate::paging::DEFAULT_PAGE_SIZE`] items unless `.{limit}(..)` says otherwise.",
            limit = limit.to_snake_case()
        ),
        None => " Pages are as large as the API makes them.".to_owned(),
    };
    let pages_doc = format!(
        " Every page of `{id}`, one request each, as a stream: the request as built, then the page \
         the answer names as `next`, until there is none.{window_doc}{size_doc}\n\n Each page is sent \
         like [`Self::send`] (token, retries); only one page is held at a time. The stream ends after \
         its first error; a page larger than the client reads is [`crate::Error::PageTooLarge`]. \
         See [`crate::paging`]."
    );
    let items_doc = format!(
        " Every item of every page of `{id}`, as a stream: [`Self::pages`] flattened. \
         `client.{method}()...items()` with `futures_util::TryStreamExt::try_next` walks them all."
    );
    vec![
        syn::parse_quote! {
            impl<'a> crate::paging::Listing for #builder<'a> {
                type Item = #item;
                const LIMIT: bool = #has_limit;
                const WINDOW: Option<crate::paging::WindowRule> = #window_rule;
                fn client(&self) -> &crate::Client {
                    self.client
                }
                fn asked(&self) -> crate::paging::Asked {
                    crate::paging::Asked { page: #page, limit: #limit, from: #from, to: #to, sorting: #sorting }
                }
                fn at(self, page: u32, limit: Option<u32>, window: Option<crate::paging::Window>) -> Self {
                    let mut this = self.#page_setter(page);
                    #set_limit
                    #set_window
                    this
                }
                fn fetch(self) -> impl ::std::future::Future<Output = crate::Result<#output>> + Send {
                    self.send()
                }
                fn into_page(response: #output) -> crate::paging::Parts<#item> {
                    #into_page
                }
            }
        },
        syn::parse_quote! {
            impl<'a> #builder<'a> {
                #[doc = #pages_doc]
                pub fn pages(self) -> impl futures_core::Stream<Item = crate::Result<crate::paging::Page<#item>>> + Send + Unpin + 'a {
                    crate::paging::pages(self)
                }
                #[doc = #items_doc]
                pub fn items(self) -> impl futures_core::Stream<Item = crate::Result<#item>> + Send + Unpin + 'a {
                    crate::paging::items(self)
                }
            }
        },
    ]
}

/// The item type, and the body of `into_page(response)`: the answer is a
/// struct with the list and next fields, or an enum of such a struct and a
/// bare list (a one-page answer).
fn read_page(id: &str, rule: &Rule, output: &syn::Type, types: &Types) -> (syn::Type, proc_macro2::TokenStream) {
    let name = type_name(output);
    if let Some((item, parts)) = struct_page(id, rule, &name, quote!(response), types) {
        return (item, parts);
    }
    let Some(variants) = types.enums.get(&name) else {
        panic!("{id}: x-iamport-paging: the answer `{name}` has no field `{}`", rule.list)
    };
    let name_ident = format_ident!("{name}");
    let mut item: Option<syn::Type> = None;
    let mut arms = Vec::new();
    for (variant, held) in variants {
        let held = held.as_ref().unwrap_or_else(|| {
            panic!("{id}: x-iamport-paging: the answer `{name}` has a variant `{variant}` that holds no page")
        });
        let (found, parts) = match vec_inner(held) {
            Some(list) => (qualify(&list, types), quote!(crate::paging::Parts { items: page, next: None })),
            None => struct_page(id, rule, &type_name(held), quote!(page), types)
                .unwrap_or_else(|| panic!("{id}: x-iamport-paging: `{name}::{variant}` is neither a page nor a list")),
        };
        let text = |t: &syn::Type| t.to_token_stream().to_string();
        if item.as_ref().is_some_and(|i| text(i) != text(&found)) {
            panic!("{id}: x-iamport-paging: the variants of `{name}` list different items");
        }
        item = Some(found);
        arms.push(quote!(types::#name_ident::#variant(page) => #parts,));
    }
    let item = item.unwrap_or_else(|| panic!("{id}: x-iamport-paging: the answer `{name}` has no variant"));
    (item, quote!(match response { #(#arms)* }))
}

/// For a struct with the list and next fields: the item type and the
/// `Parts` expression over `value`.
fn struct_page(
    id: &str,
    rule: &Rule,
    name: &str,
    value: proc_macro2::TokenStream,
    types: &Types,
) -> Option<(syn::Type, proc_macro2::TokenStream)> {
    let fields = types.structs.get(name)?;
    let find = |wire: &str| fields.iter().find(|(w, _, _)| w == wire);
    let (_, list, list_ty) = find(&rule.list)?;
    let (_, next, next_ty) = find(&rule.next)
        .unwrap_or_else(|| panic!("{id}: x-iamport-paging: the answer `{name}` has no field `{}`", rule.next));
    let (items, item) = match option_inner(list_ty) {
        Some(inner) => (quote!(#value.#list.unwrap_or_default()), vec_inner(&inner)),
        None => (quote!(#value.#list), vec_inner(list_ty)),
    };
    let item = item.unwrap_or_else(|| panic!("{id}: x-iamport-paging: `{name}.{}` is not a list", rule.list));
    let next = match option_inner(next_ty) {
        Some(_) => quote!(#value.#next.map(i64::from)),
        None => quote!(Some(i64::from(#value.#next))),
    };
    Some((qualify(&item, types), quote!(crate::paging::Parts { items: #items, next: #next })))
}

/// `X` of `types::X` or `X`.
fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        other => other.to_token_stream().to_string(),
    }
}

/// A type of `mod types` as seen from `mod builder`.
fn qualify(ty: &syn::Type, types: &Types) -> syn::Type {
    let mut ty = ty.clone();
    QualifyTypes(&types.names).visit_type_mut(&mut ty);
    ty
}

fn first_generic(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else { return None };
    args.args.iter().find_map(|arg| match arg {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

fn generic_of(ty: &syn::Type, outer: &str) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    if path.path.segments.last()?.ident != outer {
        return None;
    }
    first_generic(ty)
}

fn option_inner(ty: &syn::Type) -> Option<syn::Type> {
    generic_of(ty, "Option")
}

fn vec_inner(ty: &syn::Type) -> Option<syn::Type> {
    generic_of(ty, "Vec")
}
