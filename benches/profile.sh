#!/usr/bin/env bash
# Instructions per call under callgrind, SDK and raw reqwest, concurrency 1:
# a figure the other processes on a shared machine cannot disturb. Each
# variant runs twice (N and 3N measured calls, same warm-up); the difference
# of the two totals divided by 2N is the cost of one call, without set-up.
# Profiles stay in target/bench-profile/ for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "profile.sh: valgrind is not installed; skipped" >&2; exit 0; }
n=${1:-1000}
dir=target/bench-profile
mkdir -p "$dir"
bin=$(benches/bench-binary.sh)

coproc SERVER { exec "$bin" serve --exit-on-stdin-eof; }
read -r addr <&"${SERVER[0]}"
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT

total() { # instructions of one callgrind run of the client
  local variant=$1 calls=$2 file=$dir/callgrind.$1.$2
  valgrind --tool=callgrind --callgrind-out-file="$file" "$bin" client --variant "$variant" \
    --base-url "http://$addr" --calls "$calls" --warmup 100 --concurrency 1 >/dev/null 2>"$file.log"
  sed -n 's/^summary: //p' "$file"
}

echo
echo "### Instructions per call (callgrind, concurrency 1, $((2 * n)) calls)"
echo
echo "| variant | instructions per call |"
echo "|---|---:|"
declare -A per_call
for variant in raw sdk raw-value; do
  small=$(total "$variant" "$n")
  large=$(total "$variant" $((3 * n)))
  per_call[$variant]=$(( (large - small) / (2 * n) ))
  echo "| $variant | ${per_call[$variant]} |"
done
python3 -c "print(f'\nSDK/raw instructions per call: {${per_call[sdk]} / ${per_call[raw]}:.3f}')"
