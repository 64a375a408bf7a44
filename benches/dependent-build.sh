#!/usr/bin/env bash
# What a user pays to depend on iamport: a clean build of a small binary
# crate that depends on it, in a fresh target directory, nothing reused.
#
#   benches/dependent-build.sh [--crate DIR] [--release] [-- DEPENDENCY-OPTIONS]
#
# DIR is the iamport checkout to depend on (default: this one). Anything
# after `--` goes into the dependency line, e.g.
#   benches/dependent-build.sh -- 'default-features = false, features = ["native-tls"]'
#
# It writes the dependent crate to a new temporary directory (its Cargo.lock
# is a copy of the checkout's, so versions match), builds it with
# `cargo build --offline` and a fresh CARGO_TARGET_DIR, and prints one
# markdown table row: crates compiled, wall time, CPU time (user + system of
# cargo and everything it ran, from /usr/bin/time), and the load average
# before and after. Nothing outside the temporary directory is touched; it
# is removed afterwards (pass KEEP=1 to keep it).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
crate=$here
profile=()
options=""
while [ $# -gt 0 ]; do
  case "$1" in
    --crate) crate=$(cd "$2" && pwd); shift 2 ;;
    --release) profile=(--release); shift ;;
    --) shift; options=${1:-}; shift || true ;;
    *) echo "usage: $0 [--crate DIR] [--release] [-- 'DEPENDENCY OPTIONS']" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/iamport-dependent.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<EOF
[package]
name = "dependent"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
iamport = { path = "$crate"${options:+, $options} }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
EOF
cat > "$work/src/main.rs" <<'EOF'
#[tokio::main]
async fn main() -> iamport::Result<()> {
    let client = iamport::Client::builder("imp_key", "imp_secret").base_url("http://127.0.0.1:9").build()?;
    match client.get_payment_by_imp_uid().imp_uid("imp_1").send().await {
        Ok(payment) => println!("{}", payment.status),
        Err(err) => println!("{err}"),
    }
    Ok(())
}
EOF
cp "$crate/Cargo.lock" "$work/Cargo.lock"

export CARGO_TARGET_DIR=$work/target
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
/usr/bin/time -f '%e %U %S' -o "$work/time" cargo build --offline "${profile[@]}" --manifest-path "$work/Cargo.toml" 2> "$work/build.log" || {
  tail -30 "$work/build.log" >&2
  exit 1
}
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
read -r wall user sys < "$work/time"
crates=$(grep -c '^ *Compiling ' "$work/build.log")
cpu=$(python3 -c "print(f'{$user + $sys:.0f}')")
echo "| ${options:-default features} | $crates | ${wall} s | ${cpu} s (${user} user, ${sys} sys) | $load_before → $load_after |"
