"""Uses envelope_dm.py with the models datamodel-code-generator generates from
spec/iamport.yaml (the module `iamport_models` on PYTHONPATH): envelopes of
bodies.json unwrapped, a refused one refused.

    python clients/python/check_dm.py bodies.json

.ci/other-languages runs it and type-checks it with `mypy --strict`.
"""

import json
import sys
from pathlib import Path

from envelope_dm import IamportError, unwrap_envelope
from iamport_models import Payment, PaymentEnvelope, ScheduleListing, ScheduleListingEnvelope


def body(bodies: list[dict[str, object]], schema: str, label: str) -> str:
    found = [entry["body"] for entry in bodies if entry["schema"] == schema and entry["label"] == label]
    if not found:
        sys.exit(f"check_dm: bodies.json has no {schema} `{label}`")
    return json.dumps(found[0])


def main(bodies_path: str) -> None:
    bodies = json.loads(Path(bodies_path).read_text(encoding="utf-8"))
    paid = PaymentEnvelope.model_validate_json(body(bodies, "PaymentEnvelope", "onetime 200 paid"))
    payment: Payment = unwrap_envelope(paid)
    assert payment.imp_uid and payment.amount == 8900, payment.imp_uid
    # A response that is itself a RootModel (a page or a bare list) is not `null`.
    page = ScheduleListingEnvelope.model_validate_json(body(bodies, "ScheduleListingEnvelope", "findSchedulesByRange 200 list"))
    listing: ScheduleListing = unwrap_envelope(page)
    assert isinstance(listing.root, list), listing
    refused = PaymentEnvelope.model_validate_json(body(bodies, "PaymentEnvelope", "cancelPayment 200 notFound"))
    try:
        unwrap_envelope(refused)
    except IamportError as error:
        assert error.code == 1, error
    else:
        sys.exit("check_dm: a refused envelope unwrapped")
    print("datamodel-code-generator: unwrap_envelope gives a payment and a schedule listing, and refuses a refusal")


if __name__ == "__main__":
    main(sys.argv[1])
