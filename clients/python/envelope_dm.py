"""The envelope rule every caller of the API needs, typed for the pydantic 2
models datamodel-code-generator generates from spec/iamport.yaml (the module
`iamport_models` here): an answer is `{code, message, response}`, and
`code != 0` is a failure even at HTTP 200. A nullable `response` is
`Payment | Response | None`, where `Response` is the `RootModel[None]` of
the null branch, so the helper takes that branch out:

    payment = unwrap_envelope(PaymentEnvelope.model_validate_json(text))

spec/README.md shows this file; .ci/other-languages checks that it still says
the same, runs `mypy --strict` on it and uses it (clients/python/check_dm.py).
"""

from typing import Protocol, TypeVar

from pydantic import RootModel
from typing_extensions import TypeIs

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Envelope(Protocol[T_co]):
    """What every envelope model of the spec has (`PaymentEnvelope`, `TokenEnvelope`, ...)."""

    @property
    def code(self) -> int: ...
    @property
    def message(self) -> str | None: ...
    @property
    def response(self) -> T_co | RootModel[None] | None: ...


class IamportError(Exception):
    """A call the API refused: its `code` and `message`."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"code {code}: {message}")
        self.code, self.message = code, message


def is_null(value: object) -> TypeIs[RootModel[None] | None]:
    """`null`, as the model holds it (a `RootModel` of other values is not)."""
    return value is None or (isinstance(value, RootModel) and value.root is None)


def unwrap_envelope(envelope: Envelope[T]) -> T:
    """The `response` of a successful envelope; raises IamportError otherwise."""
    response = envelope.response
    if envelope.code != 0 or is_null(response):
        raise IamportError(envelope.code, envelope.message or "no response")
    return response
