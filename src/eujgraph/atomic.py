"""Writing files atomically: every file is first written to a temporary file beside its target and
renamed only when all have been written; on any failure every temporary file is removed.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from pathlib import Path


def write_atomically(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file into ``out_dir``; on any failure none of the targets changes and no temporary stays.

    Interrupts (SIGINT, SIGTERM, SIGHUP) wait until every file is in place, so an interrupted
    write leaves either all the old files or all the new ones.
    """
    blocked = _block_interrupts()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[Path, Path]] = []
        try:
            for name, content in files.items():
                handle = tempfile.NamedTemporaryFile(dir=out_dir, prefix=f".{name}.", suffix=".tmp",
                                                     delete=False)
                staged.append((Path(handle.name), out_dir / name))
                with handle:
                    os.chmod(handle.name, 0o666 & ~_umask())
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
        except BaseException:
            for temporary, _ in staged:
                temporary.unlink(missing_ok=True)
            raise
        for temporary, target in staged:
            os.replace(temporary, target)
        return [target for _, target in staged]
    finally:
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _block_interrupts() -> set | None:
    """Block the interrupt signals in this thread; the previous mask, or None where that cannot be done."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
