"""A real `eujgraph serve` for the server tests: a subprocess on 127.0.0.1 and a free port.

The served graph is the built graph plus one crafted named graph whose labels carry markup
and whose links carry ``javascript:`` IRIs, so that every page is also an XSS test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from .conftest import ROOT
from .oxigraph_server import free_port

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"
EVIL_TRIG = f"""
@prefix eujo: <https://w3id.org/eujgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/eujgraph/graph/crafted> {{
    <https://w3id.org/eujgraph/id/person/evil> a eujo:Person ;
        rdfs:label "{EVIL}"@en, "\\"><svg onload=alert(3)>"@fi ;
        rdfs:seeAlso <javascript:alert(4)> ;
        eujo:memberOf <https://w3id.org/eujgraph/id/organisation/japan> .
}}
"""
TIMEOUT_S = 1.5
ROW_CAP = 400
MAX_QUERY_BYTES = 50_000  # below the HTTP parser's own limit on a request head (about 64 kB)


@dataclass
class Served:
    """A running server: its base URL, process and the graph directory it serves."""

    url: str
    process: subprocess.Popen
    graph_dir: Path

    def get(self, path: str, **options) -> httpx.Response:
        return httpx.get(self.url + path, timeout=30, **options)

    def post(self, path: str, **options) -> httpx.Response:
        return httpx.post(self.url + path, timeout=30, **options)

    def rss_mb(self) -> float:
        """The server process's resident memory, in MB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(status.split("VmRSS:")[1].split()[0]) / 1024

    def children(self) -> list[int]:
        """The server's child processes (its query workers) that are still running."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid and fields[0] not in ("Z", "X"):
                found.append(int(stat.parent.name))
        return found


def start(graph_dir: Path, *args: str, env: dict | None = None) -> Served:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "eujgraph", "serve", "--port", str(port),
                                "--graph", str(graph_dir), *args], cwd=ROOT, env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/sparql", timeout=2).status_code == 200:
                return Served(url, process, graph_dir)
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"eujgraph serve did not start: {process.stderr.read().decode()[-3000:]}")
        time.sleep(0.1)


def stop(served: Served) -> None:
    served.process.terminate()
    try:
        served.process.wait(10)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait(10)


@pytest.fixture(scope="session")
def served_graph(built_dir, tmp_path_factory) -> Path:
    """A graph directory: the built TriG and the crafted named graph."""
    directory = tmp_path_factory.mktemp("served")
    (directory / "eujgraph.trig").write_text(
        (built_dir / "eujgraph.trig").read_text(encoding="utf-8") + EVIL_TRIG, encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def server(served_graph):
    """`eujgraph serve` with a short timeout, a small row cap and a small body limit, so that tests are fast."""
    served = start(served_graph, "--timeout", str(TIMEOUT_S), "--row-cap", str(ROW_CAP), "--workers", "2",
                   env={"EUJGRAPH_SERVE_MAX_QUERY_BYTES": str(MAX_QUERY_BYTES)})
    yield served
    stop(served)
