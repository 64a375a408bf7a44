//! An excerpt of the generated code, after the rewrite, for the snapshot
//! test (`tests/generated_code.rs`): the request builders of two operations
//! with their `Call` impls, and the envelope both answer in. A progenitor or
//! typify upgrade that changes them shows up as a readable diff there.

/// `getPaymentByImpUid` (path and query parameters) and `onetime` (a JSON
/// body, a charge, an outcome key).
const BUILDERS: &[&str] = &["GetPaymentByImpUid", "Onetime"];
const ENVELOPE: &str = "PaymentEnvelope";

pub fn excerpt(file: &syn::File) -> String {
    let mut items = Vec::new();
    for (module, names) in [("types", &[ENVELOPE][..]), ("builder", BUILDERS)] {
        let found: Vec<syn::Item> = module_items(file, module)
            .iter()
            .filter(|item| match item {
                syn::Item::Struct(s) => names.iter().any(|n| s.ident == n),
                // The builders' impls, and the envelope's `impl Envelope`.
                syn::Item::Impl(block) => {
                    names.iter().any(|n| self_name(block) == *n)
                        && (module == "builder" || block.trait_.as_ref().is_some_and(|(p, _)| is_envelope(p)))
                }
                _ => false,
            })
            .cloned()
            .collect();
        let expected = if module == "types" { 2 } else { 3 * BUILDERS.len() };
        assert_eq!(found.len(), expected, "the snapshot's items in `mod {module}` are not all generated");
        items.extend(found);
    }
    let header = "// Generated code of two operations after build/rewrite.rs (see build/snapshot.rs).\n\
                  // Checked by tests/generated_code.rs; to accept a change:\n\
                  // UPDATE_SNAPSHOTS=1 cargo test --all-features --test generated_code\n\n";
    format!(
        "{header}{}",
        prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items })
    )
}

fn module_items<'a>(file: &'a syn::File, name: &str) -> &'a [syn::Item] {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items.as_slice()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no `mod {name}` in the generated code"))
}

fn self_name(block: &syn::ItemImpl) -> String {
    match &*block.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

fn is_envelope(path: &syn::Path) -> bool {
    path.segments.last().is_some_and(|s| s.ident == "Envelope")
}
