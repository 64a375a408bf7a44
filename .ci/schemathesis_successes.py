"""Counts, per operation of spec/iamport.yaml, the requests schemathesis
sent (from its HAR report) and those that reached the operation's success
path: a 2xx answer whose envelope has `code` 0. Prints the table and fails
(exit 1) when an operation never got there, unless it is named in
--allow-without-success.

Usage: python3 .ci/schemathesis_successes.py SPEC HAR [--allow-without-success ID,ID]
"""

import argparse
import collections
import json
import re
import sys
import urllib.parse

import yaml

METHODS = ("get", "put", "post", "delete", "patch")


def operations(spec_path):
    """(method, compiled path pattern, operationId), literal paths first."""
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    found = []
    for path, item in spec["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method in METHODS:
            if method in item:
                found.append((method.upper(), pattern, item[method]["operationId"], path.count("{")))
    # A literal segment wins over a template (/payments/prepare before /payments/{imp_uid}).
    found.sort(key=lambda o: o[3])
    return [(m, p, i) for m, p, i, _ in found]


def operation_of(ops, method, url):
    path = urllib.parse.urlsplit(url).path
    for m, pattern, op_id in ops:
        if m == method and pattern.match(path):
            return op_id
    return None


def succeeded(status, text):
    if not 200 <= status < 300:
        return False
    try:
        return json.loads(text).get("code") == 0
    except (ValueError, AttributeError):
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("spec")
    parser.add_argument("har")
    parser.add_argument("--allow-without-success", default="")
    args = parser.parse_args()
    allowed = {x for x in args.allow_without_success.split(",") if x}
    ops = operations(args.spec)
    with open(args.har, encoding="utf-8") as f:
        entries = json.load(f)["log"]["entries"]
    sent = collections.Counter()
    successes = collections.Counter()
    statuses = collections.defaultdict(collections.Counter)
    for entry in entries:
        op_id = operation_of(ops, entry["request"]["method"], entry["request"]["url"])
        if op_id is None:
            continue
        response = entry["response"]
        status = response["status"]
        sent[op_id] += 1
        statuses[op_id][status] += 1
        if succeeded(status, (response.get("content") or {}).get("text") or ""):
            successes[op_id] += 1
    print(f"{'operation':<42} {'sent':>6} {'success':>8}  statuses")
    for _, _, op_id in sorted(ops, key=lambda o: o[2].lower()):
        codes = " ".join(f"{s}:{n}" for s, n in sorted(statuses[op_id].items()))
        print(f"{op_id:<42} {sent[op_id]:>6} {successes[op_id]:>8}  {codes}")
    ids = {o[2] for o in ops}
    never = sorted(i for i in ids if successes[i] == 0)
    reached = len(ids) - len(never)
    print(f"{reached} of {len(ids)} operations reached their success path; "
          f"{sum(sent.values())} requests, {sum(successes.values())} successes")
    missing = [i for i in never if i not in allowed]
    if never:
        print("never a success:", " ".join(never), flush=True)
    if missing:
        print(f"{len(missing)} operations never reached their success path (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
