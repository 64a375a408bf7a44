//! Gives the sandbox the response schemas of `spec/iamport.yaml`, so that
//! every answer carries every field of its schema (`src/core/shape.rs`):
//! the spec's `paths` and `components` without their examples, as JSON in
//! `OUT_DIR/spec.json`.

use std::{env, fs, path::PathBuf};

const SPEC: &str = "../spec/iamport.yaml";

fn main() {
    println!("cargo::rerun-if-changed={SPEC}");
    let text = fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("cannot read {SPEC}: {e}"));
    let document: serde_json::Value =
        yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{SPEC} is not valid YAML: {e}"));
    let mut components = document.get("components").cloned().unwrap_or_default();
    if let Some(components) = components.as_object_mut() {
        components.remove("examples");
    }
    let kept = serde_json::json!({ "paths": document["paths"], "components": components });
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("spec.json");
    fs::write(&out, kept.to_string()).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
