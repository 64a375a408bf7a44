"""The seed flow through the Python client openapi-python-client generates
from spec/iamport.yaml (the package `iamport_client` on PYTHONPATH), against
the sandbox server:

    python clients/python/flow.py http://127.0.0.1:PORT

Get a token, issue and revoke a convenience-store barcode, charge a card once,
see a declined card, look the payment up, cancel part of it, see a fractional
KRW cancel refused. What the caller has to add to the generated client is
marked: the token, the envelope (`unwrap`, envelope.py: `code != 0` is a
failure even at HTTP 200) and the declined charge (a call that succeeds with a
payment whose `status` is `failed`). Test cards and keys: sandbox/README.md.
.ci/other-languages runs `mypy --strict` on it (clients/python/mypy.ini).
"""

import os
import sys
from typing import Any, assert_never

from envelope import unwrap
from iamport_client import AuthenticatedClient, Client
from iamport_client.api.authenticate import get_token
from iamport_client.api.cvs import issue_cvs_payment, revoke_cvs_payment
from iamport_client.api.payments import cancel_payment, get_payment_by_imp_uid
from iamport_client.api.subscribe import onetime
from iamport_client.models import (
    CancelRequest,
    CvsIssueRequest,
    GetTokenRequest,
    OnetimeRequest,
    Payment,
    PaymentEnvelope,
    PaymentStatusKnown,
)

CARD_APPROVED = "4242-4242-4242-4242"
CARD_DECLINED = "4000-0000-0000-0002"

# Fields of a request that carry card data: never in a log line.
CARD_FIELDS = frozenset({"card_number", "expiry", "birth", "pwd_2digit", "cvc"})


def loggable(body: OnetimeRequest) -> dict[str, Any]:
    """A request without its card data (the models' repr prints every field)."""
    return {name: value for name, value in body.to_dict().items() if name not in CARD_FIELDS}


def describe(status: PaymentStatusKnown | str) -> str:
    """An open enum: a known status is a PaymentStatusKnown member, a new one a str."""
    if not isinstance(status, PaymentStatusKnown):
        return f"a status this code does not know yet ({status})"
    match status:
        case PaymentStatusKnown.READY:
            return "waiting to be paid"
        case PaymentStatusKnown.PAID:
            return "paid"
        case PaymentStatusKnown.CANCELLED:
            return "cancelled in full"
        case PaymentStatusKnown.FAILED:
            return "failed"
        case _:
            assert_never(status)  # a value added to PaymentStatusKnown fails mypy here


def expect(step: str, ok: bool, what: object) -> None:
    if not ok:
        sys.exit(f"{step}: unexpected {what!r}")


def main(base_url: str) -> None:
    run = f"py-{os.getpid()}"
    anonymous = Client(base_url=base_url)
    grant = unwrap(get_token.sync_detailed(
        client=anonymous, body=GetTokenRequest(imp_key="sandbox_imp_key", imp_secret="sandbox_imp_secret")))
    # The token goes on every other call.
    client = AuthenticatedClient(base_url=base_url, token=grant.access_token)
    done = [f"token ({grant.expired_at - grant.now} s left)"]

    barcode = unwrap(issue_cvs_payment.sync_detailed(client=client, body=CvsIssueRequest(
        merchant_uid=f"{run}-cvs", amount=15000, channel_key="channel-key-cvs", name="도시락")))
    expect("issueCvsPayment", barcode.status == PaymentStatusKnown.READY, barcode.status)
    voided = unwrap(revoke_cvs_payment.sync_detailed(barcode.imp_uid, client=client))
    expect("revokeCvsPayment", voided.status == PaymentStatusKnown.CANCELLED, voided.status)
    done.append(f"barcode issued ({describe(barcode.status)}) and revoked ({describe(voided.status)})")

    def charge(merchant_uid: str, card_number: str) -> Payment:
        body = OnetimeRequest(merchant_uid=merchant_uid, amount=8900, card_number=card_number,
                              expiry="2030-12", birth="900101", pwd_2digit="12", name="월간 이용권")
        logged = repr(loggable(body))
        expect("loggable", card_number not in logged and "pwd_2digit" not in logged, "card data in a log line")
        return unwrap(onetime.sync_detailed(client=client, body=body))

    paid = charge(f"{run}-paid", CARD_APPROVED)
    expect("onetime", paid.status == PaymentStatusKnown.PAID, paid.status)
    done.append(f"card charged ({paid.status}, {paid.amount:g} {paid.currency})")

    declined = charge(f"{run}-declined", CARD_DECLINED)
    # A declined charge is a successful call whose payment failed.
    expect("onetime declined", declined.status == PaymentStatusKnown.FAILED and bool(declined.fail_reason), declined)
    # An optional field is `None | str | Unset`; Unset is falsy, so `or` gives a str.
    done.append(f"declined card seen ({declined.status}: {declined.fail_reason or 'no reason'})")

    found = unwrap(get_payment_by_imp_uid.sync_detailed(paid.imp_uid, client=client))
    expect("getPaymentByImpUid", found.merchant_uid == paid.merchant_uid and found.status == PaymentStatusKnown.PAID, found)
    done.append(f"payment looked up ({describe(found.status)})")

    after = unwrap(cancel_payment.sync_detailed(client=client, body=CancelRequest(
        imp_uid=paid.imp_uid, amount=1000, checksum=found.amount - found.cancel_amount, reason="부분 환불")))
    expect("cancelPayment", after.cancel_amount == 1000, after.cancel_amount)
    done.append(f"{after.cancel_amount:g} of {after.amount:g} cancelled")

    # A KRW amount has no fractions: the API refuses one, and so does the sandbox.
    fraction = cancel_payment.sync_detailed(client=client, body=CancelRequest(imp_uid=paid.imp_uid, amount=100.5))
    refused = fraction.parsed
    expect("cancelPayment 100.5 KRW", isinstance(refused, PaymentEnvelope) and refused.code != 0, refused)
    done.append(f"a fractional KRW cancel refused (code {refused.code if refused else None})")

    print(f"openapi-python-client flow: {len(done)} steps: {'; '.join(done)}")


if __name__ == "__main__":
    main(sys.argv[1])
