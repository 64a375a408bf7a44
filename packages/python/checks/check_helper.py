"""The installed wheel's helper: a sandbox on a free port answers, then stops."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from iamport_sandbox import running_sandbox  # noqa: E402
from sandbox_token import get_token  # noqa: E402

with running_sandbox() as sandbox:
    get_token(sandbox.base_url)
    process = sandbox.process
assert process.poll() is not None, "the sandbox still runs after the block"
print(f"running_sandbox(): {sandbox.base_url} gave a token, then stopped")
