//! The crate's layers (see `src/lib.rs` and the README's "Layout"): the
//! core (`src/core/`) imports nothing above it; each API group
//! (`src/api/<group>.rs`), the control API (`src/control/`) and the
//! browser checkout (`src/checkout/`) import the core and themselves only;
//! the top (`lib.rs`, `main.rs`, `operations.rs`) may import anything.
//!
//! Every `crate::` and `super::` path in the sources (outside comments,
//! strings and the in-file `#[cfg(test)]` module) is resolved to the
//! module it names, `use` groups (`{a, b::c}`) included, and checked.

use std::{
    fs,
    path::{Path, PathBuf},
};

/// Where a module sits.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Layer {
    Core,
    /// One module of the middle layer: `api::payments`, `control`, `checkout`.
    Beside(String),
    Top,
}

fn layer(module: &[String]) -> Layer {
    match module {
        [first, ..] if first == "core" => Layer::Core,
        [first, group, ..] if first == "api" => Layer::Beside(format!("api::{group}")),
        [first, ..] if matches!(first.as_str(), "api" | "control" | "checkout") => Layer::Beside(first.clone()),
        _ => Layer::Top,
    }
}

fn allowed(from: &Layer, to: &Layer) -> bool {
    to == &Layer::Core || from == &Layer::Top || from == to
}

/// The module path of a source file relative to `src/`: `core/server.rs`
/// is `core::server`, `api/mod.rs` is `api`, `lib.rs` the root.
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        let crate_root = parts.is_empty() && matches!(stem, "lib" | "main");
        if stem != "mod" && !crate_root {
            parts.push(stem.to_owned());
        }
    }
    parts
}

/// The code of a source, with comments and string and char literals
/// blanked out, up to its `#[cfg(test)]` module.
fn code_of(source: &str) -> String {
    let source = source.split("#[cfg(test)]").next().unwrap_or_default();
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let at_boundary = i == 0 || !is_ident(chars[i - 1]);
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
            out.push(' ');
        } else if c == 'r' && at_boundary && matches!(next, Some('"' | '#')) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            i += 2 + hashes;
            let closing: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            while i < chars.len() && !chars[i..].starts_with(&closing) {
                i += 1;
            }
            i += closing.len();
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Reads a path from `chars[i..]` (after `crate`/`super` and the first
/// `::`), relative to `base`; pushes every module path it names (each item
/// of a `{...}` group) and returns where it ends.
fn read_path(chars: &[char], mut i: usize, mut base: Vec<String>, found: &mut Vec<Vec<String>>) -> usize {
    let skip_space = |mut i: usize| {
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        i
    };
    loop {
        i = skip_space(i);
        match chars.get(i) {
            Some('{') => {
                i += 1;
                loop {
                    i = skip_space(i);
                    match chars.get(i) {
                        Some('}') => return i + 1,
                        Some(',') => i += 1,
                        None => return i,
                        Some(_) => i = read_path(chars, i, base.clone(), found),
                    }
                }
            }
            Some('*') => {
                found.push(base);
                return i + 1;
            }
            Some(c) if c.is_alphanumeric() || *c == '_' => {
                let start = i;
                while chars.get(i).is_some_and(|c| c.is_alphanumeric() || *c == '_') {
                    i += 1;
                }
                let segment: String = chars[start..i].iter().collect();
                match segment.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => base.push(segment),
                }
                let after = skip_space(i);
                if chars.get(after) == Some(&':') && chars.get(after + 1) == Some(&':') {
                    i = after + 2;
                } else {
                    found.push(base);
                    return i;
                }
            }
            _ => {
                found.push(base);
                return i;
            }
        }
    }
}

/// The modules that the code of `module` names with `crate::` and `super::` paths.
fn references(module: &[String], code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_boundary = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let word = |w: &str| chars[i..].starts_with(&w.chars().collect::<Vec<_>>());
        let base = if at_boundary && word("crate::") {
            Some((Vec::new(), 7))
        } else if at_boundary && word("super::") {
            let mut parent = module.to_vec();
            parent.pop();
            Some((parent, 7))
        } else {
            None
        };
        match base {
            Some((base, len)) => i = read_path(&chars, i + len, base, &mut found),
            None => i += 1,
        }
    }
    found
}

/// Each reference of the source of `relative` (under `src/`) that its layer
/// does not allow.
fn violations(relative: &Path, source: &str) -> Vec<String> {
    let module = module_of(relative);
    let from = layer(&module);
    references(&module, &code_of(source))
        .into_iter()
        .filter(|target| !allowed(&from, &layer(target)))
        .map(|target| format!("{} ({from:?}) uses crate::{}", relative.display(), target.join("::")))
        .collect()
}

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let relative: Vec<PathBuf> = files.iter().map(|f| f.strip_prefix(&src).expect("under src/").to_owned()).collect();
    for dir in ["core", "api", "control"] {
        assert!(relative.iter().any(|r| r.starts_with(dir)), "src/{dir}/ is missing: the layout changed");
    }
    assert!(relative.iter().filter(|r| r.starts_with("api")).count() >= 10, "the API groups are not under src/api/");
    let mut broken = Vec::new();
    for (file, relative) in files.iter().zip(&relative) {
        let source = fs::read_to_string(file).expect("a readable source");
        broken.extend(violations(relative, &source));
    }
    assert!(broken.is_empty(), "imports that break the layers:\n{}", broken.join("\n"));
}

#[test]
fn the_check_finds_imports_that_break_the_layers() {
    let count = |path: &str, source: &str| violations(Path::new(path), source).len();
    // Core names nothing above it, in any spelling.
    assert_eq!(count("core/server.rs", "use crate::api::payments;"), 1);
    assert_eq!(count("core/server.rs", "use crate::{operations::DISPATCH, core::reply::Reply};"), 1);
    assert_eq!(count("core/server.rs", "fn f() { crate::control::handle(); crate::checkout::x(); }"), 2);
    assert_eq!(count("core/store.rs", "use super::super::control::PREFIX;"), 1);
    assert_eq!(count("core/mod.rs", "use super::Sandbox;"), 1);
    // A group names no other group, nor the control API.
    assert_eq!(count("api/payments.rs", "use super::{cvs, vbanks::open};"), 2);
    assert_eq!(count("api/payments.rs", "use crate::{api::cvs::issue, core::body};"), 1);
    assert_eq!(count("control/mod.rs", "use crate::api::vbanks;"), 1);
    assert_eq!(count("checkout/mod.rs", "use crate::control::PREFIX;"), 1);
    // What is allowed, and what is not code.
    assert_eq!(
        count(
            "api/payments.rs",
            "use crate::core::{Shared, body::{self, parse}};\nfn f() { crate::core::jobs::tick(); }"
        ),
        0
    );
    assert_eq!(count("api/naver.rs", "use crate::api::naver::x; use super::naver::Y;"), 0);
    assert_eq!(
        count("core/server.rs", "let url = \"crate::api\"; // crate::api\npub(crate) fn f() {}\n/* crate::api */"),
        0
    );
    assert_eq!(count("core/server.rs", "let raw = r#\"crate::api\"#; let c = '\"'; use super::reply::Reply;"), 0);
    assert_eq!(count("core/charges.rs", "$crate::core::charges::Buyer"), 0);
    assert_eq!(count("core/reply.rs", "#[cfg(test)]\nmod tests { use crate::api::payments; }"), 0);
    assert_eq!(count("operations.rs", "use crate::{api::payments, control, core::server::Dispatch};"), 0);
    assert_eq!(count("lib.rs", "use crate::{api::x, operations::DISPATCH};"), 0);
}
