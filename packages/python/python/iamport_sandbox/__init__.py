"""Start the iamport-sandbox server (installed with this package) for tests.

>>> from iamport_sandbox import running_sandbox
>>> with running_sandbox() as sandbox:
...     token_url = sandbox.base_url + "/users/getToken"

The control API (``/_sandbox/...``) is documented in the sandbox's README:
https://github.com/iamport-rs/iamport/blob/main/sandbox/README.md
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import IO, Iterator, Optional, Sequence

__all__ = [
    "DEFAULT_KEY",
    "DEFAULT_SECRET",
    "SandboxError",
    "SandboxProcess",
    "binary_path",
    "free_port",
    "running_sandbox",
    "start_sandbox",
]

#: The REST API key the sandbox accepts unless started with ``--key``.
DEFAULT_KEY = "sandbox_imp_key"
#: The REST API secret the sandbox accepts unless started with ``--secret``.
DEFAULT_SECRET = "sandbox_imp_secret"

_EXE = "iamport-sandbox" + (".exe" if sys.platform == "win32" else "")


class SandboxError(RuntimeError):
    """The sandbox could not be found, did not start, or did not answer."""


def binary_path() -> str:
    """The ``iamport-sandbox`` executable this package installed.

    ``IAMPORT_SANDBOX_BIN`` overrides it; otherwise the scripts directory of
    this interpreter's environment, then the ``PATH``.
    """
    override = os.environ.get("IAMPORT_SANDBOX_BIN")
    if override:
        return override
    for scheme in (None, f"{os.name}_user"):
        try:
            scripts = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        except KeyError:
            continue
        candidate = os.path.join(scripts, _EXE)
        if os.path.isfile(candidate):
            return candidate
    found = shutil.which(_EXE)
    if found:
        return found
    raise SandboxError(f"{_EXE} not found: install the iamport-sandbox wheel or set IAMPORT_SANDBOX_BIN")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@dataclass
class SandboxProcess:
    """A running sandbox server; ``stop()`` ends it."""

    process: subprocess.Popen[bytes]
    port: int
    host: str = "127.0.0.1"
    key: str = DEFAULT_KEY
    secret: str = field(default=DEFAULT_SECRET, repr=False)
    _stderr: Optional[IO[bytes]] = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        """Where the API and the control API (``/_sandbox/``) answer."""
        return f"http://{self.host}:{self.port}"

    def stop(self, timeout: float = 5.0) -> None:
        """Ends the server (terminate, then kill after ``timeout`` seconds)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def __enter__(self) -> "SandboxProcess":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def start_sandbox(
    port: Optional[int] = None,
    *,
    host: str = "127.0.0.1",
    args: Sequence[str] = (),
    timeout: float = 10.0,
    binary: Optional[str] = None,
) -> SandboxProcess:
    """Starts the server on ``port`` (a free one if None) and waits until it answers.

    ``args`` go to the command line after ``--host`` and ``--port`` (see
    ``iamport-sandbox --help``). Raises :class:`SandboxError` if it exits or
    does not answer within ``timeout`` seconds.
    """
    port = free_port(host) if port is None else port
    command = [binary or binary_path(), "--host", host, "--port", str(port), *args]
    stderr = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    sandbox = SandboxProcess(process=process, port=port, host=host, _stderr=stderr)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr.seek(0)
            said = stderr.read().decode(errors="replace").strip()
            sandbox.stop()
            raise SandboxError(f"iamport-sandbox exited with {process.returncode}: {said}")
        if _answers(sandbox.base_url + "/_sandbox/clock"):
            return sandbox
        time.sleep(0.05)
    sandbox.stop()
    raise SandboxError(f"iamport-sandbox did not answer on {sandbox.base_url} within {timeout} s")


@contextlib.contextmanager
def running_sandbox(
    port: Optional[int] = None, *, host: str = "127.0.0.1", args: Sequence[str] = (), timeout: float = 10.0
) -> Iterator[SandboxProcess]:
    """``start_sandbox`` as a context manager: the server stops at the end of the block."""
    sandbox = start_sandbox(port, host=host, args=args, timeout=timeout)
    try:
        yield sandbox
    finally:
        sandbox.stop()
