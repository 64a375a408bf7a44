"""The ``iamport_sandbox`` pytest fixture (registered through the ``pytest11`` entry point).

One server per test session, on a free port::

    def test_token(iamport_sandbox):
        url = iamport_sandbox.base_url + "/users/getToken"
"""

from __future__ import annotations

from typing import Iterator

import pytest

from . import SandboxProcess, running_sandbox


@pytest.fixture(scope="session")
def iamport_sandbox() -> Iterator[SandboxProcess]:
    """A sandbox server for the session; its state is shared by the session's tests."""
    with running_sandbox() as sandbox:
        yield sandbox
