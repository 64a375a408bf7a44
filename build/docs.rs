//! The crate's list of operations by group, as markdown generated from the
//! spec, so that the documentation cannot drift from what the client can call.

use std::fmt::Write;

use openapiv3::OpenAPI;

use crate::operations::Operation;

pub fn operations_markdown(spec: &OpenAPI, operations: &[Operation]) -> String {
    let mut groups: Vec<(String, String)> =
        spec.tags.iter().map(|t| (t.name.clone(), t.description.clone().unwrap_or_default())).collect();
    for op in operations {
        if !groups.iter().any(|(name, _)| *name == op.tag) {
            groups.push((op.tag.clone(), String::new()));
        }
    }

    let mut md = format!(
        "Every operation of `spec/iamport.yaml` ({} in all), by group: the HTTP call, the \
         client method that makes it and what it does. Generated from the spec at build time.\n",
        operations.len()
    );
    for (group, description) in groups {
        let members: Vec<&Operation> = operations.iter().filter(|op| op.tag == group).collect();
        if members.is_empty() {
            continue;
        }
        let _ = write!(md, "\n# `{group}`\n\n");
        if !description.is_empty() {
            let _ = writeln!(md, "{}\n", description.trim());
        }
        md.push_str("| call | method | summary |\n|---|---|---|\n");
        for op in members {
            let name = op.method_name();
            let _ = writeln!(
                md,
                "| `{} {}` | [`client.{name}()`](crate::Client::{name}) | {} |",
                op.method,
                op.path,
                op.summary.replace('|', "\\|")
            );
        }
    }
    md
}
