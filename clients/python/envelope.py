"""The envelope rule every caller of the API needs, typed for the client
openapi-python-client generates from spec/iamport.yaml (`iamport_client`):
an answer is `{code, message, response}`, `code != 0` is a failure even at
HTTP 200, and a 4xx answer is parsed as an `ErrorEnvelope`.

    payment = unwrap(get_payment_by_imp_uid.sync_detailed(imp_uid, client=client))

The generated envelopes share no base class and `Response[T]` is invariant,
so the two shapes `unwrap` reads are Protocols. spec/README.md shows this
file; .ci/other-languages checks that it still says the same, and runs
`mypy --strict` on it.
"""

from typing import Protocol, TypeVar

from iamport_client.models import ErrorEnvelope
from iamport_client.types import Unset

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
E_co = TypeVar("E_co", covariant=True)


class Envelope(Protocol[T_co]):
    """What every envelope of the spec has (`PaymentEnvelope`, `TokenEnvelope`, ...)."""

    @property
    def code(self) -> int: ...
    @property
    def message(self) -> str | None | Unset: ...
    @property
    def response(self) -> T_co | None | Unset: ...


class Answer(Protocol[E_co]):
    """What `sync_detailed` returns: its envelope, an `ErrorEnvelope` or nothing parsed."""

    @property
    def status_code(self) -> int: ...
    @property
    def parsed(self) -> E_co | ErrorEnvelope | None: ...


class IamportError(Exception):
    """A failed call: the HTTP status and the API's `code` and `message`."""

    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(f"HTTP {status}, code {code}: {message}")
        self.status, self.code, self.message = status, code, message


def unwrap(answer: Answer[Envelope[T]]) -> T:
    """The `response` of a successful call; raises IamportError otherwise."""
    envelope = answer.parsed
    if envelope is None:
        raise IamportError(answer.status_code, None, "the answer is not an envelope")
    message = envelope.message if isinstance(envelope.message, str) else "no response"
    if isinstance(envelope, ErrorEnvelope) or envelope.code != 0:
        raise IamportError(answer.status_code, envelope.code, message)
    response = envelope.response
    if response is None or isinstance(response, Unset):
        raise IamportError(answer.status_code, envelope.code, message)
    return response
