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

/// A unified-style diff of two texts, lines prefixed `-` (committed) and
/// `+` (generated), with two lines of context around each change.
fn line_diff(committed: &str, generated: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (committed.lines().collect(), generated.lines().collect());
    // Longest common subsequence lengths of the suffixes.
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut lines = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            lines.push((' ', old[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            lines.push(('-', old[i]));
            i += 1;
        } else {
            lines.push(('+', new[j]));
            j += 1;
        }
    }
    let changed = |k: usize| lines.get(k).is_some_and(|(mark, _)| *mark != ' ');
    let mut out = String::new();
    for (k, (mark, line)) in lines.iter().enumerate() {
        if (k.saturating_sub(2)..=k + 2).any(changed) {
            out.push_str(&format!("{mark} {line}\n"));
        }
    }
    out
}

#[test]
fn the_diff_shows_changed_lines_with_context() {
    let committed = "a\nb\nc\nd\ne\nf\ng\nh";
    let generated = "a\nb\nc\nd\nE\nf\ng\nh\ni";
    assert_eq!(line_diff(committed, generated), "  c\n  d\n- e\n+ E\n  f\n  g\n  h\n+ i\n");
}
