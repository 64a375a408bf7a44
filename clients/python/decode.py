"""Decodes every body of bodies.json with a Python client generated from the spec.

    python clients/python/decode.py GENERATOR bodies.json

GENERATOR is one of
- `openapi-python-client`: the package `iamport_client` (attrs models, `from_dict`);
- `openapi-generator`: the package `iamport_og` of openapi-generator's `python`
  generator (pydantic 2 models, `from_dict`);
- `datamodel-code-generator`: the module `iamport_models` (pydantic 2 models,
  `model_validate`);
each on PYTHONPATH. A body passes when it decodes without an error, its
`response` is an instance of the generated model (or a list of them) where
bodies.json says so, not a raw `dict`, every field the spec declares and the
body carries survives, and what the model gives back is what the body said
(so an unknown status comes back as that status, not as something else).
"""

import importlib
import json
import sys
from typing import Any


class Generator:
    """How one generator's models decode and give back a body."""

    def __init__(self, name: str) -> None:
        self.name = name
        if name == "openapi-python-client":
            self.models = importlib.import_module("iamport_client.models")
        elif name == "openapi-generator":
            self.models = importlib.import_module("iamport_og.models")
        elif name == "datamodel-code-generator":
            self.models = importlib.import_module("iamport_models")
        else:
            sys.exit(f"unknown generator {name}")

    def model(self, schema: str) -> type:
        return getattr(self.models, schema)

    def decode(self, schema: str, body: dict) -> Any:
        cls = self.model(schema)
        if self.name == "datamodel-code-generator":
            return cls.model_validate(body)
        return cls.from_dict(body)

    def encode(self, decoded: Any) -> Any:
        if self.name == "datamodel-code-generator":
            return decoded.model_dump(mode="json", by_alias=True)
        return plain(decoded.to_dict())


def plain(value: Any) -> Any:
    """JSON values, with any model left inside (openapi-generator leaves the
    items of a list in an `anyOf` as models) given back as its dict."""
    if hasattr(value, "to_dict"):
        return plain(value.to_dict())
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def contained(decoded: Any, original: Any, where: str) -> list[str]:
    """What `decoded` (given back by a model) says that `original` does not.

    `null` and absent are alike; numbers compare by value.
    """
    if decoded is None:
        return []
    if isinstance(decoded, dict):
        if not isinstance(original, dict):
            return [f"{where}: {original!r} came back as an object"]
        wrong = []
        for key, value in decoded.items():
            wrong += contained(value, original.get(key), f"{where}.{key}")
        return wrong
    if isinstance(decoded, list):
        if not isinstance(original, list) or len(original) != len(decoded):
            return [f"{where}: {original!r} came back as {decoded!r}"]
        return [w for i, (d, o) in enumerate(zip(decoded, original)) for w in contained(d, o, f"{where}[{i}]")]
    if isinstance(decoded, (int, float)) and not isinstance(decoded, bool) and isinstance(original, (int, float)):
        return [] if float(decoded) == float(original) else [f"{where}: {original!r} came back as {decoded!r}"]
    return [] if decoded == original else [f"{where}: {original!r} came back as {decoded!r}"]


def check(gen: Generator, entry: dict) -> list[str]:
    body = entry["body"]
    try:
        decoded = gen.decode(entry["schema"], body)
    except Exception as error:  # the point: any failure to decode is reported
        return [f"does not decode: {type(error).__name__}: {str(error)[:300]}"]
    wrong = []
    kind = entry["response"]
    response = getattr(decoded, "response", None)
    original = body.get("response")
    if original is not None and kind["kind"] in ("model", "list"):
        cls = gen.model(kind["name"])
        items = response if kind["kind"] == "list" else [response]
        originals = original if kind["kind"] == "list" else [original]
        if kind["kind"] == "list" and not isinstance(response, list):
            return [f"response is {type(response).__name__}, not a list of {kind['name']}"]
        for item, source in zip(items, originals):
            if not isinstance(item, cls):
                wrong.append(f"response is {type(item).__name__}, not {kind['name']}")
                continue
            given = gen.encode(item)
            for field in kind["fields"]:
                if source.get(field) is not None and given.get(field) is None:
                    wrong.append(f"response.{field} ({source[field]!r}) was lost")
    if original is None and response not in (None,) and not _is_unset(response):
        wrong.append(f"response null came back as {response!r}")
    wrong += contained(gen.encode(decoded), body, "body")
    return wrong


def _is_unset(value: Any) -> bool:
    return type(value).__name__ == "Unset"


def main(generator: str, bodies_path: str) -> None:
    gen = Generator(generator)
    bodies = json.load(open(bodies_path, encoding="utf-8"))
    failures = []
    for entry in bodies:
        for problem in check(gen, entry):
            failures.append(f"{entry['schema']} [{entry['label']}]: {problem}")
    schemas_seen = len({e["schema"] for e in bodies})
    decoded = len(bodies) - len({f.split(']:')[0] for f in failures})
    print(f"{generator}: decoded {decoded} of {len(bodies)} bodies ({schemas_seen} response schemas)")
    if failures:
        print("\n".join(f"  FAIL {f}" for f in failures[:40]))
        sys.exit(f"{generator}: {len(failures)} problems")


if __name__ == "__main__":
    main(*sys.argv[1:3])
