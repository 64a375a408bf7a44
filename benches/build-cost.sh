#!/usr/bin/env bash
# Build cost of the generated code, measured on a scratch copy of the
# checkout (target/bench-build-cost/src) with its own target directory, so
# the real spec and target/ are never touched:
#   1. build of the library from scratch, dependencies included (only when
#      the scratch target is new, or with --from-scratch),
#   2. clean build of the crate alone, dependencies already compiled,
#   3. incremental rebuild after adding one optional field to `Payment`,
#   4. generated lines: progenitor's output for the Builder and the
#      Positional interface styles, and the adapted codegen.rs the crate
#      compiles (Builder).
# All builds are `cargo build --lib` in the dev profile.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scratch=$root/target/bench-build-cost
export CARGO_TARGET_DIR=$scratch/target
log=$scratch/build.log

from_scratch=0
if [ "${1:-}" = "--from-scratch" ] || [ ! -d "$CARGO_TARGET_DIR" ]; then
  rm -rf "$CARGO_TARGET_DIR"
  from_scratch=1
fi

# The checkout as it is (tracked and untracked files, minus ignored ones).
rm -rf "$scratch/src"
mkdir -p "$scratch/src"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && cp --parents "$f" "$scratch/src/"
done
cd "$scratch/src"
: > "$log"

# Dump progenitor's output before the crate's adaptation, for the line counts.
python3 - <<'PY'
import pathlib
p = pathlib.Path("build.rs")
s = p.read_text()
anchor = "    rewrite::adapt(&mut file, &operations);"
assert anchor in s, "build.rs changed: update benches/build-cost.sh"
dump = ('    std::fs::write(PathBuf::from(env::var_os("OUT_DIR").unwrap()).join("progenitor-raw.rs"), '
        'prettyplease::unparse(&file)).unwrap();\n')
p.write_text(s.replace(anchor, dump + anchor))
PY

seconds() { # runs "$@" quietly and prints its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >>"$log" 2>&1 || { echo "build-cost.sh: '$*' failed, see $log" >&2; tail -20 "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.1f}')"
}
newest() { ls -t "$CARGO_TARGET_DIR"/debug/build/iamport-*/out/"$1" 2>/dev/null | head -1; }
lines() { wc -l < "$1" | tr -d ' '; }

if [ "$from_scratch" = 1 ]; then
  echo "==> build from scratch (dependencies included)" >&2
  t_scratch="$(seconds cargo build --lib) s"
else
  cargo build --lib >>"$log" 2>&1
  t_scratch="not measured (scratch target reused; pass --from-scratch)"
fi

echo "==> clean build of the crate, dependencies compiled" >&2
cargo clean -p iamport >>"$log" 2>&1
t_crate=$(seconds cargo build --lib)
builder_raw=$(lines "$(newest progenitor-raw.rs)")
builder_adapted=$(lines "$(newest codegen.rs)")

echo "==> incremental rebuild after a one-field spec edit" >&2
cp spec/iamport.yaml spec/iamport.yaml.orig
awk '
  { print }
  /^    Payment:$/ { in_payment = 1 }
  in_payment && /^      properties:$/ {
    print "        bench_note:"
    print "          type: string"
    print "          nullable: true"
    print "          description: A field added by benches/build-cost.sh."
    in_payment = 0
  }' spec/iamport.yaml.orig > spec/iamport.yaml
grep -q "bench_note" spec/iamport.yaml || { echo "build-cost.sh: could not add a field to Payment" >&2; exit 1; }
t_incremental=$(seconds cargo build --lib)
mv spec/iamport.yaml.orig spec/iamport.yaml

echo "==> Positional interface style (generation only)" >&2
sed -i 's/InterfaceStyle::Builder/InterfaceStyle::Positional/' build.rs
# The handwritten layer is written for builders, so this build fails after
# the build script has dumped progenitor's output; only its size is used.
cargo build --lib >>"$log" 2>&1 || true
positional_raw=$(lines "$(newest progenitor-raw.rs)")
operations=$(grep -c "operationId:" spec/iamport.yaml)

cat <<EOF2

### Build cost (cargo build --lib, dev profile, $(nproc) cores, spec with $operations operations)

| figure | value |
|---|---:|
| build from scratch, dependencies included | $t_scratch |
| clean build of the crate, dependencies already compiled | $t_crate s |
| incremental rebuild after adding one field to Payment | $t_incremental s |
| generated lines, progenitor Builder style | $builder_raw |
| generated lines, progenitor Positional style | $positional_raw |
| generated lines the crate compiles (Builder, adapted codegen.rs) | $builder_adapted |
EOF2
