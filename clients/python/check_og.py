"""Uses envelope_og.py with the models openapi-generator's `python` client
generates from spec/iamport.yaml (the package `iamport_og` on PYTHONPATH): the
paid and the refused payment envelopes of bodies.json, unwrapped.

    python clients/python/check_og.py bodies.json

.ci/other-languages runs it and type-checks it with `mypy --strict`.
"""

import json
import sys
from pathlib import Path

from envelope_og import IamportError, unwrap_envelope
from iamport_og.models import Payment, PaymentEnvelope


def body(bodies: list[dict[str, object]], label: str) -> str:
    found = [entry["body"] for entry in bodies if entry["schema"] == "PaymentEnvelope" and entry["label"] == label]
    if not found:
        sys.exit(f"check_og: bodies.json has no PaymentEnvelope `{label}`")
    return json.dumps(found[0])


def main(bodies_path: str) -> None:
    bodies = json.loads(Path(bodies_path).read_text(encoding="utf-8"))
    payment: Payment = unwrap_envelope(PaymentEnvelope.from_json(body(bodies, "onetime 200 paid")))
    assert payment.imp_uid and payment.amount == 8900, payment.imp_uid
    try:
        unwrap_envelope(PaymentEnvelope.from_json(body(bodies, "cancelPayment 200 notFound")))
    except IamportError as refused:
        assert refused.code == 1, refused
    else:
        sys.exit("check_og: a refused envelope unwrapped")
    print("openapi-generator python: unwrap_envelope gives the payment of a paid envelope and refuses a refusal")


if __name__ == "__main__":
    main(sys.argv[1])
