//! Reads `spec/iamport.yaml` for the sandbox, which takes its operations
//! from the spec rather than from the library (built without features, the
//! library compiles only some of them):
//! - `OUT_DIR/spec.json`: the spec's `paths` and `components` without their
//!   examples, so that every answer carries every field of its schema
//!   (`src/core/shape.rs`) and the request bodies of the groups behind the
//!   library's features are checked against their schemas
//!   (`src/core/request_schema.rs`);
//! - `OUT_DIR/operations.rs`: every operation, in the spec's order, as a
//!   list of `Operation`s (`src/core/spec.rs`), the table the server routes by.

use std::{env, fmt::Write, fs, path::PathBuf};

use serde_json::Value;

// A symbolic link to ../spec/iamport.yaml: `cargo package` copies the file
// it points to, so the published crate builds on its own.
const SPEC: &str = "iamport.yaml";

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn main() {
    println!("cargo::rerun-if-changed={SPEC}");
    let text = fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("cannot read {SPEC}: {e}"));
    let document: Value = yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{SPEC} is not valid YAML: {e}"));
    let mut components = document.get("components").cloned().unwrap_or_default();
    if let Some(components) = components.as_object_mut() {
        components.remove("examples");
    }
    let kept = serde_json::json!({ "paths": document["paths"], "components": components });
    write("spec.json", &kept.to_string());
    write("operations.rs", &operations(&document));
}

fn write(name: &str, contents: &str) {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join(name);
    fs::write(&out, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// Every operation of the spec, as a Rust expression of type `&[Operation]`.
/// An operation needs a token unless its `security` is an empty list (or
/// there is neither its own nor a global one), as the library reads it.
fn operations(document: &Value) -> String {
    let global_auth = document.get("security").and_then(Value::as_array).is_some_and(|s| !s.is_empty());
    let paths = document.get("paths").and_then(Value::as_object).expect("the spec has paths");
    let mut table = String::from("&[\n");
    for (path, item) in paths {
        let Some(item) = item.as_object() else { panic!("{SPEC}: path {path} is not an object") };
        for (method, operation) in item.iter().filter(|(method, _)| METHODS.contains(&method.as_str())) {
            let id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{SPEC}: {method} {path} has no operationId"));
            let requires_auth = match operation.get("security").and_then(Value::as_array) {
                Some(requirements) => !requirements.is_empty(),
                None => global_auth,
            };
            let method = method.to_ascii_uppercase();
            writeln!(
                table,
                "    Operation {{ id: {id:?}, method: {method:?}, path: {path:?}, requires_auth: {requires_auth} }},"
            )
            .expect("writing to a String");
        }
    }
    table.push(']');
    table
}
