#!/usr/bin/env bash
# What adding the sandbox to a program's [dev-dependencies] costs its
# builds (issue 19): a small binary crate that depends on iamport (default
# features) and dev-depends on iamport-sandbox, built in a fresh target
# directory with `cargo build`, then `cargo test --no-run`, then both again
# after touching its main.rs (the switch a developer makes all day).
#
#   benches/sandbox-dev-dependency.sh [--crate DIR]
#
# DIR is the checkout to depend on (default: this one; an older commit:
# `git archive COMMIT | tar -x -C DIR`). Prints one markdown table row per
# step: crates compiled (cargo's `Compiling` lines), how many times
# `iamport` itself was compiled, wall and CPU time (user + system of cargo
# and everything it ran), load average before and after. The crate and its
# target directory are in a temporary directory, removed afterwards (KEEP=1
# keeps it); its Cargo.lock is a copy of the checkout's.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
crate=$here
while [ $# -gt 0 ]; do
  case "$1" in
    --crate) crate=$(cd "$2" && pwd); shift 2 ;;
    *) echo "usage: $0 [--crate DIR]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/iamport-sandbox-dev.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/tests"
cat > "$work/Cargo.toml" <<MANIFEST
[package]
name = "merchant"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
iamport = { path = "$crate" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[dev-dependencies]
iamport-sandbox = { path = "$crate/sandbox" }
MANIFEST
cat > "$work/src/main.rs" <<'MAIN'
#[tokio::main]
async fn main() -> iamport::Result<()> {
    let client = iamport::Client::builder("imp_key", "imp_secret").build()?;
    match client.get_payment_by_imp_uid().imp_uid("imp_1").send().await {
        Ok(payment) => println!("{}", payment.status),
        Err(err) => println!("{err}"),
    }
    Ok(())
}
MAIN
cat > "$work/tests/sandbox.rs" <<'TEST'
#[tokio::test]
async fn an_unknown_payment_is_not_found() {
    let sandbox = iamport_sandbox::Sandbox::start().await.unwrap();
    let client = sandbox.client().unwrap();
    assert!(client.get_payment_by_imp_uid().imp_uid("imp_none").send().await.is_err());
}
TEST
cp "$crate/Cargo.lock" "$work/Cargo.lock"

export CARGO_TARGET_DIR=$work/target
step() {
  local name=$1
  shift
  local load_before load_after wall user sys crates iamport cpu
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" --offline --manifest-path "$work/Cargo.toml" 2> "$work/log" || {
    tail -30 "$work/log" >&2
    exit 1
  }
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  read -r wall user sys < "$work/time"
  crates=$(grep -c '^ *Compiling ' "$work/log" || true)
  iamport=$(grep -c '^ *Compiling iamport v' "$work/log" || true)
  cpu=$(python3 -c "print(f'{$user + $sys:.0f}')")
  echo "| $name | $crates | $iamport | ${wall} s | ${cpu} s (${user} user, ${sys} sys) | $load_before → $load_after |"
}
echo "| step | crates compiled | of them iamport | wall | CPU (user + sys) | load average before → after |"
echo "|---|---:|---:|---:|---:|---|"
step "cargo build (clean)" cargo build
step "cargo test --no-run" cargo test --no-run
touch "$work/src/main.rs"
step "cargo build (main.rs touched)" cargo build
step "cargo test --no-run (main.rs touched)" cargo test --no-run
