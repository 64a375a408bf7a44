//! Operation groups that only some merchants need, compiled only when their
//! cargo feature is on.
//!
//! The Naver Pay order operations and a few PG-specific ones make up a third
//! of the spec's operations. Generated code is a compile-time cost for every
//! user, so these groups sit behind features (`naver`, `kcpquick`,
//! `benepia`, `payco`, `paymentwall`, `partners`, or `full` for all). With a
//! group off, its operations and the schemas only they use are removed from
//! the document before generation; the spec file itself always holds them.

use std::collections::BTreeSet;

use serde_json::Value;

/// (tag of the operations, cargo feature that compiles them).
const GATED: &[(&str, &str)] = &[
    ("naver", "naver"),
    ("kcpquick", "kcpquick"),
    ("benepia", "benepia"),
    ("payco", "payco"),
    ("paymentwall", "paymentwall"),
    ("partners", "partners"),
];

/// The cargo feature that compiles the operations tagged `tag`, if any.
pub fn feature_of(tag: &str) -> Option<&'static str> {
    GATED.iter().find(|(gated, _)| *gated == tag).map(|(_, feature)| *feature)
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Removes the operations of groups whose feature is off, and then every
/// component schema no remaining operation reaches.
pub fn prune_disabled(document: &mut Value) {
    let disabled: BTreeSet<&str> = GATED
        .iter()
        .filter(|(_, feature)| std::env::var_os(format!("CARGO_FEATURE_{}", feature.to_uppercase())).is_none())
        .map(|(tag, _)| *tag)
        .collect();
    if disabled.is_empty() {
        return;
    }
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        item.retain(|method, operation| {
            let tag = operation.pointer("/tags/0").and_then(Value::as_str).unwrap_or_default();
            !(METHODS.contains(&method.as_str()) && disabled.contains(tag))
        });
    }
    paths.retain(|_, item| item.as_object().is_some_and(|i| i.keys().any(|k| METHODS.contains(&k.as_str()))));
    prune_unreachable_schemas(document);
}

/// Keeps only the component schemas reachable, through `$ref`s, from the
/// paths (typify would otherwise generate every component).
fn prune_unreachable_schemas(document: &mut Value) {
    let mut reached = BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    collect_refs(&document["paths"], &mut pending);
    while let Some(reference) = pending.pop() {
        if !reached.insert(reference.clone()) {
            continue;
        }
        let pointer = reference.trim_start_matches('#');
        if let Some(target) = document.pointer(pointer) {
            collect_refs(target, &mut pending);
        }
    }
    if let Some(schemas) = document.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        schemas.retain(|name, _| reached.contains(&format!("#/components/schemas/{name}")));
    }
}

fn collect_refs(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                into.push(reference.clone());
            }
            map.values().for_each(|v| collect_refs(v, into));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, into)),
        _ => {}
    }
}
