#!/usr/bin/env bash
# Every figure of BENCHMARKS.md in one run: the machine, SDK vs raw reqwest
# (concurrency 1 and 64) and the token scenario, instructions per call under
# callgrind, the official clients, and the build cost. Output (markdown) goes to stdout and to
# target/bench-results/latest.md. Takes about ten minutes on two cores, most
# of it the from-scratch build; pass --quick to reuse a compiled build-cost target.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench-results
out=target/bench-results/latest.md
build_cost_args=(--from-scratch)
[ "${1:-}" = "--quick" ] && build_cost_args=()

{
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with local changes)')"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
  echo "- kernel $(uname -r), $(rustc --version), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "==> cargo bench --bench calls" >&2
  cargo bench --bench calls
  echo "==> benches/profile.sh" >&2
  benches/profile.sh
  echo "==> benches/compare.sh" >&2
  benches/compare.sh
  echo "==> benches/build-cost.sh ${build_cost_args[*]}" >&2
  benches/build-cost.sh "${build_cost_args[@]}"
} | tee "$out"
echo "==> written to $out" >&2
