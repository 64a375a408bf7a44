//! The generated code of two operations after the build script's rewrite
//! (their request builders, `Call` impls and envelope), compared with the
//! committed `tests/snapshots/generated_code.rs`. A progenitor or typify
//! upgrade, or a change to `build/`, that alters the call path shows up
//! here as a readable diff. To accept a change on purpose:
//! `UPDATE_SNAPSHOTS=1 cargo test --all-features --test generated_code`.

const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/generated_excerpt.rs"));
const SNAPSHOT: &str = "tests/snapshots/generated_code.rs";

#[test]
fn the_generated_call_path_matches_the_snapshot() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, GENERATED).expect("cannot write the snapshot");
        return;
    }
    let committed = std::fs::read_to_string(&path).expect("the snapshot is committed");
    if committed != GENERATED {
        panic!(
            "the generated code differs from {SNAPSHOT}:\n{}\nReview the change; if it is meant, run \
             UPDATE_SNAPSHOTS=1 cargo test --all-features --test generated_code and commit the snapshot.",
            line_diff(&committed, GENERATED)
        );
    }
}

/// The lines that differ, with their line numbers: `-` committed, `+` generated.
fn line_diff(committed: &str, generated: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (committed.lines().collect(), generated.lines().collect());
    let mut out = String::new();
    for line in 0..old.len().max(new.len()) {
        let (before, after) = (old.get(line), new.get(line));
        if before != after {
            if let Some(before) = before {
                out.push_str(&format!("{:>5} - {before}\n", line + 1));
            }
            if let Some(after) = after {
                out.push_str(&format!("{:>5} + {after}\n", line + 1));
            }
        }
    }
    out
}

#[test]
fn the_diff_names_the_lines_that_changed() {
    assert_eq!(line_diff("a\nb\nc", "a\nB\nc\nd"), "    2 - b\n    2 + B\n    4 + d\n");
}
