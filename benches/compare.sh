#!/usr/bin/env bash
# The official clients beside the SDK and raw reqwest, on the bench server:
# calls per second, CPU per call and HTTP requests per API call, one table.
# Installs the clients into the checkout only: target/bench-venv (Python,
# iamport-rest-client from PyPI) and target/bench-node (Node, iamport from npm).
# Needs python3 (with venv) and node/npm. Options go to `calls compare`
# (--rounds N, --calls N).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON_CLIENT="iamport-rest-client==0.9.0"
NODE_CLIENT="iamport@0.3.4"
venv=target/bench-venv
node_dir=target/bench-node

echo "==> Python client ($PYTHON_CLIENT) into $venv" >&2
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$PYTHON_CLIENT"

echo "==> Node client ($NODE_CLIENT) into $node_dir" >&2
mkdir -p "$node_dir"
[ -f "$node_dir/package.json" ] || echo '{"name":"iamport-bench-node","private":true}' > "$node_dir/package.json"
npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error "$NODE_CLIENT" >&2

echo "==> bench binary (cargo bench --bench calls --no-run)" >&2
bin=$(benches/bench-binary.sh)

NODE_PATH="$PWD/$node_dir/node_modules" "$bin" compare \
  --python "$venv/bin/python" --node node --drivers benches/drivers "$@"
