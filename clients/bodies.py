"""Collects the answer bodies every generated client must decode.

    python clients/bodies.py spec/iamport.yaml tests/fixtures/bodies OUT.json

Writes OUT.json: a list of {"schema", "label", "status", "body", "response"}
where `schema` is the envelope schema of spec/iamport.yaml the body answers
with and `response` says what its `response` must decode into:
{"kind": "model", "name": X, "fields": [...]} (an object of schema X, which
declares these fields), {"kind": "list", ...} (a list of X), or {"kind":
"any"} (anything, nothing to check).

The bodies are, for every envelope schema an operation answers with:
- every example of the spec (success, 207, 4xx and 5xx envelopes);
- a business failure at HTTP 200: `code: 1`, a message, `response: null`;
- the first success example with fields the spec does not name, at the top
  and in the response object (or each object of a list);
- the recorded bodies of tests/fixtures/bodies/*.json (values the spec does
  not list, `null` everywhere the API may send it, partial answers).
"""

import copy
import json
import sys
from pathlib import Path

import yaml

METHODS = ("get", "put", "post", "delete", "patch")


def follow(spec: dict, ref: str) -> dict:
    node = spec
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def deref(spec: dict, node):
    while isinstance(node, dict) and "$ref" in node:
        node = follow(spec, node["$ref"])
    return node


def ref_name(node: dict) -> str | None:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref.rsplit("/", 1)[1] if ref else None


def response_kind(spec: dict, envelope: str) -> dict:
    """What the envelope's `response` decodes into, read from the spec."""
    schema = spec["components"]["schemas"][envelope]
    response = schema.get("properties", {}).get("response")
    if not response:
        return {"kind": "any"}
    branches = response.get("anyOf", [response])
    for branch in branches:
        name = ref_name(branch)
        kind = "model"
        if not name and branch.get("type") == "array":
            name, kind = ref_name(branch.get("items", {})), "list"
        if name:
            target = spec["components"]["schemas"][name]
            # A named union (ScheduleListing) has no class of its own everywhere.
            if target.get("type") != "object":
                return {"kind": "any"}
            return {"kind": kind, "name": name, "fields": sorted(target.get("properties", {}))}
    return {"kind": "any"}


def examples_of(spec: dict) -> list[dict]:
    found = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            for status, response in op["responses"].items():
                response = deref(spec, response)
                media = response.get("content", {}).get("application/json")
                if not media:
                    continue
                schema = ref_name(media["schema"])
                bodies = []
                if "example" in media:
                    bodies.append(("example", media["example"]))
                for name, example in media.get("examples", {}).items():
                    bodies.append((name, deref(spec, example)["value"]))
                for name, body in bodies:
                    found.append({
                        "schema": schema,
                        "label": f"{op['operationId']} {status} {name}",
                        "status": int(status.replace("XX", "00")),
                        "body": body,
                    })
    return found


def with_unknown_fields(body: dict) -> dict:
    body = copy.deepcopy(body)
    body["field_the_spec_does_not_name"] = {"added": "later"}
    response = body.get("response")
    items = response if isinstance(response, list) else [response]
    for item in items:
        if isinstance(item, dict):
            item["field_the_spec_does_not_name"] = [1, "two", None]
    return body


def main(spec_path: str, fixtures: str, out: str) -> None:
    spec = yaml.safe_load(Path(spec_path).read_text(encoding="utf-8"))
    bodies = examples_of(spec)
    envelopes = sorted({b["schema"] for b in bodies})
    derived = []
    for envelope in envelopes:
        derived.append({
            "schema": envelope,
            "label": f"{envelope}: business failure at HTTP 200, response null",
            "status": 200,
            "body": {"code": 1, "message": "요청을 처리하지 못했습니다.", "response": None},
        })
        success = next((b for b in bodies if b["schema"] == envelope and b["body"].get("code") == 0), None)
        if success and success["body"].get("response") is not None:
            derived.append({
                "schema": envelope,
                "label": f"{envelope}: fields the spec does not name",
                "status": success["status"],
                "body": with_unknown_fields(success["body"]),
            })
    recorded = []
    for path in sorted(Path(fixtures).glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            if entry["schema"] not in spec["components"]["schemas"]:
                sys.exit(f"{path}: {entry['label']}: no schema {entry['schema']} in the spec")
            recorded.append({**entry, "label": f"{path.name}: {entry['label']}"})
    unique, seen = [], set()
    for entry in bodies + derived + recorded:
        key = (entry["schema"], json.dumps(entry["body"], sort_keys=True))
        if key not in seen:
            seen.add(key)
            unique.append({**entry, "response": response_kind(spec, entry["schema"])})
    Path(out).write_text(json.dumps(unique, ensure_ascii=False, indent=1), encoding="utf-8")
    schemas = len({e["schema"] for e in unique})
    print(f"bodies: {len(unique)} bodies of {schemas} response schemas "
          f"({len(bodies)} spec examples, {len(derived)} derived, {len(recorded)} recorded)")


if __name__ == "__main__":
    main(*sys.argv[1:4])
