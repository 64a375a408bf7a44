"""The installed wheel's pytest fixture (loaded through its pytest11 entry point)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sandbox_token import get_token  # noqa: E402


def test_fixture_gives_a_running_sandbox(iamport_sandbox):
    assert get_token(iamport_sandbox.base_url)
