//! Generates the typed client from `spec/iamport.yaml` at build time.
//!
//! progenitor turns the spec into types and per-operation request builders;
//! `build/rewrite.rs` then adapts its output to the crate's handwritten layer
//! so that every operation, present or future, is authenticated and
//! unwrapped the same way without a Rust edit. The parts live in `build/`.

#[path = "build/docs.rs"]
mod docs;
#[path = "build/groups.rs"]
mod groups;
#[path = "build/messages.rs"]
mod messages;
#[path = "build/operations.rs"]
mod operations;
#[path = "build/paging.rs"]
mod paging;
#[path = "build/replacements.rs"]
mod replacements;
#[path = "build/rewrite.rs"]
mod rewrite;
#[path = "build/send.rs"]
mod send;
#[path = "build/snapshot.rs"]
mod snapshot;

use std::{env, fs, path::PathBuf};

const SPEC: &str = "spec/iamport.yaml";

fn main() {
    // Cargo reruns the script when its own sources (this file and build/)
    // change; the spec is the one input it reads besides features.
    println!("cargo::rerun-if-changed={SPEC}");

    let text = fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("cannot read {SPEC}: {e}"));
    let mut document: serde_json::Value =
        yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{SPEC} is not valid YAML: {e}"));
    normalize_null_branches(&mut document);
    groups::prune_disabled(&mut document);
    let request_schemas = replacements::request_schemas(&document);
    let spec: openapiv3::OpenAPI =
        serde_json::from_value(document).unwrap_or_else(|e| panic!("{SPEC} is not a valid OpenAPI 3.0 document: {e}"));
    let operations = operations::from_spec(&spec);

    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_inner_type(quote::quote!(crate::client::Inner))
        // The crate sends requests itself (`crate::dispatch`): no hooks.
        .with_hooks(progenitor::HooksMode::Optional);
    replacements::apply(&mut settings);

    let tokens = progenitor::Generator::new(&settings)
        .generate_tokens(&spec)
        .unwrap_or_else(|e| panic!("progenitor could not generate a client from {SPEC}: {e}"));
    let mut file: syn::File =
        syn::parse2(tokens).unwrap_or_else(|e| panic!("progenitor produced code that does not parse: {e}"));

    let (structs, type_names) = rewrite::adapt(&mut file, &operations);
    replacements::settle_timestamps(&mut file, &request_schemas);
    paging::adapt(&mut file, &operations, &structs);
    docs::adapt_client(&mut file, &operations);
    messages::name_missing_values(&mut file);
    file.items.push(operations::table(&operations));

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let out = out_dir.join("codegen.rs");
    fs::write(&out, prettyplease::unparse(&file)).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    let excerpt = out_dir.join("generated_excerpt.rs");
    fs::write(&excerpt, snapshot::excerpt(&file)).unwrap_or_else(|e| panic!("cannot write {}: {e}", excerpt.display()));
    let round_trip = out_dir.join("round_trip.rs");
    fs::write(&round_trip, rewrite::round_trip_source(&type_names))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", round_trip.display()));
    let list = out_dir.join("operations.md");
    fs::write(&list, docs::operations_markdown(&spec, &operations))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", list.display()));
}

/// The spec writes "or null" as an `anyOf` branch `{type: object, nullable:
/// true, enum: [null]}`, the form both linters accept; typify recognizes the
/// branch as `Option` only without the `type`, so it is dropped here.
fn normalize_null_branches(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let is_null_branch = map.get("nullable") == Some(&serde_json::Value::Bool(true))
                && map.get("enum") == Some(&serde_json::json!([null]));
            if is_null_branch {
                map.remove("type");
            }
            map.values_mut().for_each(normalize_null_branches);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(normalize_null_branches),
        _ => {}
    }
}
