"""The seed flow through the Python client openapi-python-client generates
from spec/iamport.yaml (the package `iamport_client` on PYTHONPATH), against
the sandbox server:

    python clients/python/flow.py http://127.0.0.1:PORT

Get a token, issue and revoke a convenience-store barcode, charge a card once,
see a declined card, look the payment up, cancel part of it. What the caller
has to add to the generated client is marked: the token, the envelope
(`code != 0` is a failure even at HTTP 200) and the declined charge (a call
that succeeds with a payment whose `status` is `failed`).
"""

import os
import sys
from typing import Any

from iamport_client import AuthenticatedClient, Client
from iamport_client.api.authenticate import get_token
from iamport_client.api.cvs import issue_cvs_payment, revoke_cvs_payment
from iamport_client.api.payments import cancel_payment, get_payment_by_imp_uid
from iamport_client.api.subscribe import onetime
from iamport_client.models import CancelRequest, CvsIssueRequest, GetTokenRequest, OnetimeRequest, Payment

CARD_APPROVED = "4242-4242-4242-4242"
CARD_DECLINED = "4000-0000-0000-0002"


def unwrap(step: str, answer: Any) -> Any:
    """The envelope rule every caller needs: `code != 0` is a failure."""
    envelope = answer.parsed
    if envelope is None or not hasattr(envelope, "response"):
        sys.exit(f"{step}: HTTP {answer.status_code}: {answer.content[:200]!r}")
    if envelope.code != 0 or envelope.response is None:
        sys.exit(f"{step}: refused, code {envelope.code}: {envelope.message}")
    return envelope.response


def expect(step: str, ok: bool, what: Any) -> None:
    if not ok:
        sys.exit(f"{step}: unexpected {what!r}")


def status(payment: Payment) -> str:
    """An open enum: a known value is an enum member, an unknown one a str."""
    return getattr(payment.status, "value", payment.status)


def main(base_url: str) -> None:
    run = f"py-{os.getpid()}"
    anonymous = Client(base_url=base_url)
    grant = unwrap("getToken", get_token.sync_detailed(
        client=anonymous, body=GetTokenRequest(imp_key="sandbox_imp_key", imp_secret="sandbox_imp_secret")))
    # The token goes on every other call.
    client = AuthenticatedClient(base_url=base_url, token=grant.access_token)
    done = [f"token ({grant.expired_at - grant.now} s left)"]

    barcode = unwrap("issueCvsPayment", issue_cvs_payment.sync_detailed(client=client, body=CvsIssueRequest(
        merchant_uid=f"{run}-cvs", amount=15000, channel_key="channel-key-cvs", name="도시락")))
    expect("issueCvsPayment", isinstance(barcode, Payment) and status(barcode) == "ready", barcode)
    voided = unwrap("revokeCvsPayment", revoke_cvs_payment.sync_detailed(barcode.imp_uid, client=client))
    expect("revokeCvsPayment", status(voided) == "cancelled", voided)
    done.append(f"barcode issued ({status(barcode)}) and revoked ({status(voided)})")

    def charge(merchant_uid: str, card_number: str) -> Payment:
        body = OnetimeRequest(merchant_uid=merchant_uid, amount=8900, card_number=card_number,
                              expiry="2030-12", birth="900101", pwd_2digit="12", name="월간 이용권")
        return unwrap("onetime", onetime.sync_detailed(client=client, body=body))

    paid = charge(f"{run}-paid", CARD_APPROVED)
    expect("onetime", status(paid) == "paid", paid)
    currency = getattr(paid.currency, "value", paid.currency)
    done.append(f"card charged ({status(paid)}, {paid.amount:g} {currency})")

    declined = charge(f"{run}-declined", CARD_DECLINED)
    # A declined charge is a successful call whose payment failed.
    expect("onetime declined", status(declined) == "failed" and bool(declined.fail_reason), declined)
    done.append(f"declined card seen ({status(declined)}: {declined.fail_reason})")

    found = unwrap("getPaymentByImpUid", get_payment_by_imp_uid.sync_detailed(paid.imp_uid, client=client))
    expect("getPaymentByImpUid", found.merchant_uid == paid.merchant_uid and status(found) == "paid", found)
    done.append(f"payment looked up ({status(found)})")

    after = unwrap("cancelPayment", cancel_payment.sync_detailed(client=client, body=CancelRequest(
        imp_uid=paid.imp_uid, amount=1000, checksum=found.amount - found.cancel_amount, reason="부분 환불")))
    expect("cancelPayment", after.cancel_amount == 1000, after)
    done.append(f"{after.cancel_amount:g} of {after.amount:g} cancelled")

    print(f"openapi-python-client flow: {len(done)} steps: {'; '.join(done)}")


if __name__ == "__main__":
    main(sys.argv[1])
