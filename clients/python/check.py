"""Uses the Python client generated from spec/iamport.yaml for two operations.

`.ci/other-languages` generates the package `iamport_client` with
openapi-python-client and runs this file with it on PYTHONPATH:

    python clients/python/check.py spec/iamport.yaml

Nothing goes over the network: the client's requests go to an
httpx.MockTransport that records them and answers with the spec's own
examples, so this checks both what the generated client sends and that it
decodes what the spec says the API answers.
"""

import json
import sys
from pathlib import Path

import httpx
import yaml
from iamport_client import AuthenticatedClient
from iamport_client.api.payments import get_payment_by_imp_uid
from iamport_client.api.subscribe import onetime
from iamport_client.models import ErrorEnvelope, OnetimeRequest, PaymentEnvelope, PaymentStatusKnown, ProductType

TOKEN = "contract-access-token"


def main(spec_path: str) -> None:
    spec = yaml.safe_load(Path(spec_path).read_text(encoding="utf-8"))
    examples = spec["components"]["examples"]
    not_found = spec["components"]["responses"]["PaymentNotFound"]["content"]["application/json"]["example"]
    answers = {
        ("POST", "/subscribe/payments/onetime"): (200, examples["DeclinedCardPayment"]["value"]),
        ("GET", "/payments/imp_123412341234"): (200, examples["PaidCardPayment"]["value"]),
        ("GET", "/payments/imp_unknown"): (404, not_found),
    }
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        status, body = answers[(request.method, request.url.path)]
        return httpx.Response(status, json=body)

    client = AuthenticatedClient(
        base_url="https://api.iamport.kr",
        token=TOKEN,
        httpx_args={"transport": httpx.MockTransport(answer)},
    )

    # onetime: POST /subscribe/payments/onetime, answered with a declined charge.
    body = OnetimeRequest(
        merchant_uid="order-20261122-0002",
        amount=8900,
        card_number="1234-5678-9012-3456",
        expiry="2030-12",
        birth="900101",
        pwd_2digit="12",
        name="월간 이용권",
        card_quota=0,
        product_type=ProductType.DIGITAL,
    )
    charged = onetime.sync_detailed(client=client, body=body)
    request = sent[-1]
    assert request.method == "POST" and request.url.path == "/subscribe/payments/onetime", request.url
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {
        "merchant_uid": "order-20261122-0002",
        "amount": 8900,
        "card_number": "1234-5678-9012-3456",
        "expiry": "2030-12",
        "birth": "900101",
        "pwd_2digit": "12",
        "name": "월간 이용권",
        "card_quota": 0,
        "product_type": "digital",
    }, "the onetime body differs from what the spec names"
    envelope = charged.parsed
    assert isinstance(envelope, PaymentEnvelope) and envelope.code == 0, envelope
    # A successful call whose payment failed: the card was declined.
    # PaymentStatus is open: a known status is a PaymentStatusKnown member,
    # one the spec does not list yet stays a str.
    assert envelope.response.status == PaymentStatusKnown.FAILED
    assert envelope.response.fail_reason == "[F113] 잔액이 부족합니다."
    assert envelope.response.failed_at == 1700000001

    # getPaymentByImpUid: GET /payments/{imp_uid}, found and not found.
    found = get_payment_by_imp_uid.sync_detailed("imp_123412341234", client=client, include_sandbox=True)
    request = sent[-1]
    assert request.method == "GET" and request.url.path == "/payments/imp_123412341234", request.url
    assert dict(request.url.params) == {"include_sandbox": "true"}, request.url
    envelope = found.parsed
    assert isinstance(envelope, PaymentEnvelope) and envelope.code == 0, envelope
    payment = envelope.response
    assert payment.status == PaymentStatusKnown.PAID and payment.amount == 8900 and payment.paid_at == 1700000002
    assert payment.card_number == "45184212****1234" and payment.cancel_history == []

    missing = get_payment_by_imp_uid.sync_detailed("imp_unknown", client=client)
    assert missing.status_code == 404 and isinstance(missing.parsed, ErrorEnvelope), missing
    assert missing.parsed.code == -1 and missing.parsed.message == not_found["message"]

    print(f"python client: {len(sent)} requests for onetime and getPaymentByImpUid built and answered as the spec says")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "spec/iamport.yaml")
