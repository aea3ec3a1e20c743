"""A real `oxigraph serve` (from the `oxigraph` package of the test extra) on 127.0.0.1, for tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """`oxigraph serve` with an in-memory store (or ``location``), waited for, stopped by :meth:`stop`."""

    def __init__(self, *, union: bool = True, location: Path | None = None) -> None:
        binary = shutil.which("oxigraph")
        assert binary, "the oxigraph server (pip install oxigraph) is part of the test extra"
        port = free_port()
        arguments = [binary, "serve", "--bind", f"127.0.0.1:{port}"]
        arguments += ["--location", str(location)] if location else []
        arguments += ["--union-default-graph"] if union else []
        self.process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.query, self.store = f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/store"
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(self.query, params={"query": "ASK {}"}, timeout=1)
                return
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "oxigraph server did not start"
                time.sleep(0.1)

    @classmethod
    def loaded_with(cls, graph_file: Path, location: Path) -> "OxigraphServer":
        """A server over ``location``, first filled offline by `oxigraph load`."""
        subprocess.run([shutil.which("oxigraph"), "load", "--location", str(location), "--file", str(graph_file)],
                       check=True, capture_output=True)
        return cls(location=location)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
