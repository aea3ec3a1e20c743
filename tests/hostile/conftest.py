"""Hostile inputs driven through the real CLI and a real `eujgraph serve`, each bounded in time and memory.

Every case asserts its exact outcome: the exit code, the one clear message, and that nothing
was left behind. A case that would hang or grow without bound is stopped by the limits of
:func:`run_cli`, and that counts as a failure, never as a pass.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CLI_TIME_LIMIT_S = 60
CLI_MEMORY_LIMIT_MB = 3_000


@dataclass
class Outcome:
    """What one command did: its exit code and its two streams."""

    code: int
    stdout: str
    stderr: str

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr


def run_cli(*args: str, cwd: Path | None = None, timeout: float = CLI_TIME_LIMIT_S,
            memory_mb: int = CLI_MEMORY_LIMIT_MB, env: dict | None = None, stdin: str | None = None) -> Outcome:
    """Run ``eujgraph ARGS`` in a child process with an address-space cap and a wall-clock limit."""

    def cap() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    completed = subprocess.run([sys.executable, "-m", "eujgraph", *args], cwd=cwd, capture_output=True,
                               text=True, errors="replace", timeout=timeout, preexec_fn=cap, input=stdin,
                               env={**os.environ, **(env or {})})
    return Outcome(completed.returncode, completed.stdout, completed.stderr)
