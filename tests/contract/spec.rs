//! What `spec/iamport.yaml` says each operation answers: every declared
//! status code and every example of it, with `$ref`s resolved.

use std::path::Path;

use serde_json::Value;

/// One example answer of an operation, as the spec declares it.
#[derive(Debug, Clone)]
pub struct Example {
    /// The HTTP status it is declared under.
    pub status: u16,
    /// Its key in `examples`, or `None` for a lone `example`.
    pub name: Option<String>,
    /// The body: an envelope `{code, message, response}`.
    pub body: Value,
}

impl Example {
    /// The `Prefer` header that makes Prism answer with this example.
    pub fn prefer(&self) -> String {
        match &self.name {
            Some(name) => format!("code={}, example={name}", self.status),
            None => format!("code={}", self.status),
        }
    }

    /// How a report names it: `404` or `200/declined`.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{}/{name}", self.status),
            None => self.status.to_string(),
        }
    }
}

/// Writes the copy of the spec that Prism reads to `to`: the spec with the
/// brackets taken out of parameter names (see `relay.rs` for why).
pub fn write_for_prism(spec: &Path, to: &Path) {
    let text = std::fs::read_to_string(spec).unwrap_or_else(|e| panic!("cannot read {}: {e}", spec.display()));
    let mut copy = String::with_capacity(text.len());
    for line in text.lines() {
        let key = line.trim_start_matches([' ', '-']);
        match key.strip_prefix("name: ") {
            Some(name) if name.contains('[') => {
                copy.push_str(&line[..line.len() - key.len()]);
                copy.push_str("name: ");
                copy.push_str(&crate::relay::unbracket(name));
            }
            _ => copy.push_str(line),
        }
        copy.push('\n');
    }
    std::fs::write(to, copy).unwrap_or_else(|e| panic!("cannot write {}: {e}", to.display()));
}

/// The spec as a JSON value.
pub struct Spec {
    doc: Value,
}

impl Spec {
    pub fn load(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let doc = yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
        Self { doc }
    }

    /// Every example of every response the operation declares, in the
    /// spec's order (so the first 2xx example is the one Prism answers
    /// without a `Prefer` header). A declared response without a JSON
    /// example is an error: Prism would invent a body nobody checked.
    pub fn examples(&self, method: &str, path: &str) -> Result<Vec<Example>, String> {
        let operation = &self.doc["paths"][path][method.to_ascii_lowercase()];
        let Some(responses) = operation["responses"].as_object() else {
            return Err(format!("{method} {path} has no responses in the spec"));
        };
        let mut examples = Vec::new();
        for (code, response) in responses {
            let Ok(status) = code.parse::<u16>() else {
                // A range such as `4XX` cannot be asked of Prism by code.
                continue;
            };
            let media = &self.resolve(response)["content"]["application/json"];
            if let Some(body) = media.get("example") {
                examples.push(Example { status, name: None, body: body.clone() });
            }
            for (name, example) in media["examples"].as_object().into_iter().flatten() {
                let body = self.resolve(example).get("value").cloned().ok_or_else(|| {
                    format!("{method} {path}: example {name} of {status} has no `value` (external examples are not supported)")
                })?;
                examples.push(Example { status, name: Some(name.clone()), body });
            }
            if !examples.iter().any(|e| e.status == status) {
                return Err(format!("{method} {path}: response {status} has no application/json example"));
            }
        }
        Ok(examples)
    }

    /// Follows a local `$ref` (`#/components/...`), repeatedly.
    fn resolve<'a>(&'a self, mut value: &'a Value) -> &'a Value {
        for _ in 0..16 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else { return value };
            let pointer =
                reference.strip_prefix('#').unwrap_or_else(|| panic!("only local $refs are supported: {reference}"));
            value = self.doc.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {reference}"));
        }
        panic!("$ref chain longer than 16 links");
    }
}
