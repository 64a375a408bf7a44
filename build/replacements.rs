//! Named schemas of the spec that the crate implements by hand.
//!
//! Secrets get types whose `Debug`/`Display` redact them (generated types
//! always derive `Debug`); response enums get open types that keep unknown
//! values instead of failing to decode. Other languages still see the plain
//! strings, integers and enums of the spec.
//!
//! Amounts need no named schema: every `type: number` with a lower bound
//! of 0 (what the spec writes for an amount in a request) becomes
//! `crate::Amount`, whatever its description, so request amounts take
//! integers, refuse NaN and negatives, and go out as JSON integers when whole.
//! An amount the spec types `integer` (`format: int64`, `minimum: 0`: a
//! receipt's amount, a test charge) becomes `u64`, so that a negative one is
//! refused when the request is built instead of being sent.

use std::collections::{BTreeMap, BTreeSet};

use progenitor::{GenerationSettings, TypeImpl, TypePatch};
use quote::ToTokens;
use schemars::schema::{InstanceType, NumberValidation, SchemaObject};
use syn::visit_mut::VisitMut;

/// (schema name, Rust path, traits the type implements that typify may use).
const REPLACEMENTS: &[(&str, &str, &[TypeImpl])] = &[
    ("ImpSecret", "crate::secret::ImpSecret", &[]),
    ("AccessToken", "crate::secret::AccessToken", &[]),
    ("CardNumber", "crate::secret::CardNumber", &[]),
    ("CardExpiry", "crate::secret::CardExpiry", &[]),
    ("CardholderBirth", "crate::secret::CardholderBirth", &[]),
    ("CardPassword2Digit", "crate::secret::CardPassword2Digit", &[]),
    ("CardCvc", "crate::secret::CardCvc", &[]),
    ("BankAccountNumber", "crate::secret::BankAccountNumber", &[]),
    ("PgApiKey", "crate::secret::PgApiKey", &[]),
    ("Password", "crate::secret::Password", &[]),
    ("PhoneNumber", "crate::secret::PhoneNumber", &[]),
    ("BirthDate", "crate::secret::BirthDate", &[]),
    ("BirthTimestamp", "crate::secret::BirthTimestamp", &[]),
    ("GenderDigit", "crate::secret::GenderDigit", &[]),
    ("OtpCode", "crate::secret::OtpCode", &[]),
    ("PersonalIdentifier", "crate::secret::PersonalIdentifier", &[]),
    ("PaymentStatus", "crate::enums::PaymentStatus", &[TypeImpl::Display]),
    ("PaymentChannel", "crate::enums::PaymentChannel", &[TypeImpl::Display]),
    ("Currency", "crate::enums::Currency", &[TypeImpl::Display]),
    ("CustomerUidUsage", "crate::enums::CustomerUidUsage", &[TypeImpl::Display]),
    ("CardType", "crate::enums::CardType", &[TypeImpl::Display]),
    // The known values of each open enum, a schema of their own so that other
    // languages can name them; in Rust they are the open enum's variants.
    ("PaymentStatusKnown", "crate::enums::PaymentStatus", &[TypeImpl::Display]),
    ("PaymentChannelKnown", "crate::enums::PaymentChannel", &[TypeImpl::Display]),
    ("CurrencyKnown", "crate::enums::Currency", &[TypeImpl::Display]),
    ("CustomerUidUsageKnown", "crate::enums::CustomerUidUsage", &[TypeImpl::Display]),
    ("CardTypeKnown", "crate::enums::CardType", &[TypeImpl::Display]),
    ("PaymentSorting", "crate::enums::PaymentSorting", &[TypeImpl::Display, TypeImpl::Default]),
    ("UnixTimestamp", "crate::Timestamp", &[TypeImpl::Default, TypeImpl::Display]),
];

/// (schema name, the name of its generated Rust type): schemas renamed in
/// the spec whose Rust type keeps its published name.
const RENAMES: &[(&str, &str)] = &[
    // Named `BankHolder` in Python, the schema's one field `bank_holder`
    // clashed with the generated code's local variable of the same name.
    ("BankAccountHolder", "BankHolder"),
];

pub fn apply(settings: &mut GenerationSettings) {
    for (schema, rust_path, impls) in REPLACEMENTS {
        settings.with_replacement(*schema, *rust_path, impls.iter().cloned());
    }
    for (schema, rust_name) in RENAMES {
        settings.with_patch(*schema, TypePatch::default().with_rename(*rust_name));
    }
    // typify matches these ignoring descriptions and examples.
    for bound in [
        NumberValidation { minimum: Some(0.0), ..Default::default() },
        NumberValidation { exclusive_minimum: Some(0.0), ..Default::default() },
    ] {
        let amount = SchemaObject {
            instance_type: Some(InstanceType::Number.into()),
            number: Some(Box::new(bound)),
            ..Default::default()
        };
        settings.with_conversion(amount, "crate::Amount", [TypeImpl::Display].into_iter());
    }
    let whole_amount = SchemaObject {
        instance_type: Some(InstanceType::Integer.into()),
        format: Some("int64".into()),
        number: Some(Box::new(NumberValidation { minimum: Some(0.0), ..Default::default() })),
        ..Default::default()
    };
    settings.with_conversion(whole_amount, "u64", [TypeImpl::Display, TypeImpl::Default].into_iter());
}

/// The Rust type of a response timestamp.
const TIMESTAMP: &str = "crate::Timestamp";

/// One way to say "has not happened": a response timestamp is a plain
/// [`crate::Timestamp`] (whose `0` is "not happened"), never an `Option` of
/// one. typify makes every `UnixTimestamp` field an `Option` (the schema is
/// nullable, and most fields are not required); here those fields become
/// `#[serde(default)] crate::Timestamp`, so `null`, absent and `0` all read
/// as `Timestamp::NONE`, and their body builders' setters take the value.
///
/// Only types that no request reaches (`request_schemas`): an unset
/// timestamp in a request must stay unsent, not go out as `0`.
pub fn settle_timestamps(file: &mut syn::File, request_schemas: &BTreeSet<String>) {
    let types = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .expect("progenitor's output has a `mod types`");
    let mut settled: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in types.iter_mut() {
        let syn::Item::Struct(s) = item else { continue };
        if request_schemas.contains(&s.ident.to_string()) {
            continue;
        }
        let syn::Fields::Named(fields) = &mut s.fields else { continue };
        for field in fields.named.iter_mut() {
            if !is_option_of(&field.ty, TIMESTAMP) {
                continue;
            }
            field.ty = syn::parse_quote!(crate::Timestamp);
            field.attrs.retain(|a| !a.path().is_ident("serde"));
            field.attrs.insert(0, syn::parse_quote!(#[serde(default)]));
            let name = field.ident.as_ref().expect("named field").to_string();
            settled.entry(s.ident.to_string()).or_default().insert(name);
        }
    }
    assert!(!settled.is_empty(), "no response field of type Option<{TIMESTAMP}> found: adapt settle_timestamps");
    let builders = types
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .expect("typify's output has a `mod types::builder`");
    let mut setters = 0;
    for item in builders.iter_mut() {
        match item {
            syn::Item::Struct(s) => {
                let Some(names) = settled.get(&s.ident.to_string()) else { continue };
                let syn::Fields::Named(fields) = &mut s.fields else { continue };
                for field in fields.named.iter_mut() {
                    if field.ident.as_ref().is_some_and(|i| names.contains(&i.to_string())) {
                        field.ty = syn::parse_quote!(::std::result::Result<crate::Timestamp, ::std::string::String>);
                    }
                }
            }
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let name = block.self_ty.to_token_stream().to_string();
                let Some(names) = settled.get(name.trim()) else { continue };
                for item in &mut block.items {
                    if let syn::ImplItem::Fn(setter) = item
                        && names.contains(&setter.sig.ident.to_string())
                    {
                        let mut unwrap = DropMapSome(false);
                        unwrap.visit_block_mut(&mut setter.block);
                        assert!(unwrap.0, "the setter of `{name}::{}` no longer stores `Some`", setter.sig.ident);
                        setters += 1;
                    }
                }
            }
            _ => {}
        }
    }
    let fields: usize = settled.values().map(BTreeSet::len).sum();
    assert_eq!(setters, fields, "not every settled timestamp has a builder setter");
}

/// `x.map(Some)` becomes `x`.
struct DropMapSome(bool);

impl VisitMut for DropMapSome {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::MethodCall(call) = expr
            && call.method == "map"
            && call.args.len() == 1
            && matches!(call.args.first(), Some(syn::Expr::Path(p)) if p.path.is_ident("Some"))
        {
            *expr = (*call.receiver).clone();
            self.0 = true;
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

fn is_option_of(ty: &syn::Type, inner: &str) -> bool {
    let text = ty.to_token_stream().to_string().replace(' ', "");
    text == format!("::std::option::Option<{inner}>") || text == format!("Option<{inner}>")
}

/// The schemas a request (a body or a parameter) reaches, by name.
pub fn request_schemas(document: &serde_json::Value) -> BTreeSet<String> {
    fn walk(node: &serde_json::Value, document: &serde_json::Value, found: &mut BTreeSet<String>) {
        match node {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(reference)) = map.get("$ref") {
                    let target = document.pointer(reference.trim_start_matches('#'));
                    let name = reference.rsplit('/').next().unwrap_or_default().to_owned();
                    if found.insert(name)
                        && let Some(target) = target
                    {
                        walk(target, document, found);
                    }
                }
                map.values().for_each(|v| walk(v, document, found));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, document, found)),
            _ => {}
        }
    }
    let mut found = BTreeSet::new();
    let paths = document.get("paths").and_then(serde_json::Value::as_object).into_iter().flatten();
    for (_, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for operation in item.values().filter_map(serde_json::Value::as_object) {
            for part in ["requestBody", "parameters"] {
                if let Some(node) = operation.get(part) {
                    walk(node, document, &mut found);
                }
            }
        }
        // Parameters shared by every operation of a path.
        if let Some(node) = item.get("parameters") {
            walk(node, document, &mut found);
        }
    }
    found
}
