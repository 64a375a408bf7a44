#!/usr/bin/env bash
# Builds the `calls` bench (release profile) and prints the path of its binary.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench calls --no-run --message-format=json 2>/dev/null | python3 -c '
import json, sys
paths = [m["executable"] for m in map(json.loads, sys.stdin)
         if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "calls"]
if not paths:
    sys.exit("bench-binary.sh: cargo built no `calls` bench (run `cargo bench --bench calls --no-run` to see why)")
print(paths[-1])'
