//! Lists the request body types of `spec/iamport.yaml` for the
//! `sandbox_body` target, so that a type the spec adds is fuzzed too.

use std::{collections::BTreeSet, env, fs, path::Path};

const SPEC: &str = "../spec/iamport.yaml";

fn main() {
    println!("cargo::rerun-if-changed={SPEC}");
    let text = fs::read_to_string(SPEC).expect("the spec is readable");
    let spec: serde_json::Value = yaml_serde::from_str(&text).expect("the spec is YAML");
    let names: BTreeSet<&str> = spec["paths"]
        .as_object()
        .expect("the spec has paths")
        .values()
        .filter_map(serde_json::Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|operation| operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str())
        .filter_map(|reference| reference.strip_prefix("#/components/schemas/"))
        .collect();
    assert!(!names.is_empty(), "the spec names no request body type");
    let entries: String =
        names.iter().map(|name| format!("    (\"{name}\", check::<iamport::types::{name}>),\n")).collect();
    let code = format!(
        "/// Every request body type of the spec, by name, sorted, with its check.\n\
         const REQUEST_TYPES: &[(&str, fn(&[u8]))] = &[\n{entries}];\n"
    );
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("request_types.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
