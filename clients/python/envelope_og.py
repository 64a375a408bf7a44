"""The envelope rule every caller of the API needs, typed for openapi-generator's
`python` client (pydantic 2 models; the package `iamport_og` here): an answer
is `{code, message, response}`, and `code != 0` is a failure even at HTTP
200. The client's methods return the envelope and raise `ApiException` for a
4xx themselves:

    payment = unwrap_envelope(PaymentsApi(api_client).get_payment_by_imp_uid(imp_uid))

spec/README.md shows this file; .ci/other-languages checks that it still says
the same, runs `mypy --strict` on it and uses it (clients/python/check_og.py).
"""

from typing import Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Envelope(Protocol[T_co]):
    """What every envelope model of the spec has (`PaymentEnvelope`, `TokenEnvelope`, ...)."""

    @property
    def code(self) -> int: ...
    @property
    def message(self) -> str | None: ...
    @property
    def response(self) -> T_co | None: ...


class IamportError(Exception):
    """A call the API refused: its `code` and `message`."""

    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(f"code {code}: {message}")
        self.code, self.message = code, message


def unwrap_envelope(envelope: Envelope[T] | None) -> T:
    """The `response` of a successful envelope; raises IamportError otherwise."""
    if envelope is None:
        raise IamportError(None, "the answer is not an envelope")
    response = envelope.response
    if envelope.code != 0 or response is None:
        raise IamportError(envelope.code, envelope.message or "no response")
    return response
