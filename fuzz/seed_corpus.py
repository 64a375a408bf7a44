"""Writes the fuzz targets' seed corpus, fuzz/corpus/TARGET/, from the spec
and the recorded bodies:

    python3 fuzz/seed_corpus.py        (from the repository's root)

- envelope: every answer body of clients/bodies.py (the spec's examples,
  their derived variants and tests/fixtures/bodies);
- sandbox_body: for each request body type of the spec (in the order the
  target numbers them, by name), a body with every field and one with the
  required fields only, built from the schema, behind the type's byte;
- webhook, amount, timestamp: the shapes the API sends, written out below.

Each seed is named by the SHA-1 of its bytes, as libFuzzer names what it
adds. Files the script did not write are left alone.
"""

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def write(target: str, data: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def compact(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def envelope_seeds() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "bodies.json"
        subprocess.run(
            [sys.executable, "clients/bodies.py", "spec/iamport.yaml", "tests/fixtures/bodies", str(out)],
            cwd=ROOT, check=True,
        )
        for entry in json.loads(out.read_text(encoding="utf-8")):
            write("envelope", compact(entry["body"]))


class Example:
    """A value of a schema, from its example, enum or type."""

    def __init__(self, spec: dict):
        self.schemas = spec["components"]["schemas"]

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].split("/")[-1]]
        return schema

    def of(self, schema: dict, required_only: bool, depth: int = 0):
        schema = self.resolve(schema)
        if "example" in schema:
            return schema["example"]
        if "enum" in schema:
            return next((v for v in schema["enum"] if v is not None), None)
        for key in ("allOf", "anyOf", "oneOf"):
            if key in schema:
                return self.of(schema[key][0], required_only, depth)
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            required = set(schema.get("required", []))
            return {
                name: self.of(field, required_only, depth + 1)
                for name, field in schema.get("properties", {}).items()
                if name in required or (not required_only and depth < 4)
            }
        if kind == "array":
            return [self.of(schema.get("items", {}), required_only, depth + 1)]
        if kind == "integer":
            return max(1, schema.get("minimum", 1))
        if kind == "number":
            return 1000
        if kind == "boolean":
            return True
        return {"date": "2026-12-01", "date-time": "2026-12-01T00:00:00Z", "uri": "https://example.com/notice"}.get(
            schema.get("format"), "x"
        )


def sandbox_body_seeds(spec: dict) -> None:
    names = sorted({
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
        for item in spec["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "requestBody" in operation
    })
    example = Example(spec)
    for index, name in enumerate(names):
        for required_only in (False, True):
            body = example.of({"$ref": f"#/components/schemas/{name}"}, required_only)
            write("sandbox_body", bytes([index]) + compact(body))
    # The spec's own request examples (those naming the sandbox's fixtures).
    for item in spec["paths"].values():
        for operation in item.values():
            media = operation.get("requestBody", {}).get("content", {}).get("application/json", {}) if isinstance(operation, dict) else {}
            if "example" in media:
                index = names.index(media["schema"]["$ref"].split("/")[-1])
                write("sandbox_body", bytes([index]) + compact(media["example"]))


WEBHOOKS = [
    b'{"imp_uid":"imp_1234567890","merchant_uid":"order-1","status":"paid"}',
    b'{"imp_uid":"imp_1234567890","merchant_uid":"order-1","status":"cancelled","cancellation_id":"c1"}',
    b'{"imp_uid":123,"merchant_uid":"order-1","status":"ready","extra":null}',
    b"imp_uid=imp_1234567890&merchant_uid=order-1&status=paid",
    b"imp_uid=imp_1&merchant_uid=order%201&status=cancelled&cancellation_id=c%201",
    b'{"event":"Galaxia.Cvs.Confirm","imp_uid":"imp_1","merchant_uid":"order-1","status":"ready",'
    b'"extra":{"barcode":"1234567890123","payType":"cash"}}',
]
AMOUNTS = [b"0", b"15000", b"10.5", b"-1", b"-0.0", b"1e20", b"18446744073709551615", b"18446744073709551616",
           b"9007199254740993", b"0.01", b'"1000"', b"null"]
TIMESTAMPS = [b"0", b"1700000000", b"null", b'""', b'"1700000000"', b'" 1700000000 "', b"1700000000.9", b"-1",
              b"9223372036854775807", b"-9223372036854775808", b"1e300", b'"x"']


def main() -> None:
    spec = yaml.safe_load((ROOT / "spec" / "iamport.yaml").read_text(encoding="utf-8"))
    envelope_seeds()
    sandbox_body_seeds(spec)
    for data in WEBHOOKS:
        write("webhook", data)
    for data in AMOUNTS:
        write("amount", data)
    for data in TIMESTAMPS:
        write("timestamp", data)
    for folder in sorted(CORPUS.iterdir()):
        print(f"{folder.name}: {len(list(folder.iterdir()))} seeds")


if __name__ == "__main__":
    main()
