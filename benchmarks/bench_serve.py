"""Load test of `eujgraph serve` on 127.0.0.1: concurrent clients asking library queries and entity pages.

Usage: python benchmarks/bench_serve.py [--clients 50] [--seconds 30] [--max-requests 1000000]
                                        [--entity-share 0.2] [--workers N] [--graph DIR]

Starts `eujgraph serve` on a free port of 127.0.0.1 (the project's built graph), then runs
N clients, each on its own keep-alive HTTP/1.1 connection, sending one request after the
other with no pause (closed loop) until the time is up or the request budget is spent: a
library query (every query of queries/, its required parameters filled, in English and
Finnish, bound as the server binds them, sent as a SPARQL Protocol GET asking for SPARQL
JSON), or, for the given share of requests, an entity page as HTML. The client is plain
asyncio streams, so that it costs little of the machine's CPU. Prints throughput, p50 and
p99 latency per kind of request and the errors (any answer but 200, or a broken connection).
Target (DESIGN.md): at least 200 library queries per second at p99 under 100 ms with 50
concurrent clients, zero errors. Only 127.0.0.1 is contacted; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {"area": "euj:area/security-and-defence", "actor": "euj:organisation/japan",
            "claim": "euj:commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance"}
ENTITIES_QUERY = """SELECT DISTINCT ?s WHERE { ?s a ?type .
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/eujgraph/id/") && !CONTAINS(STR(?s), "/span/")) } ORDER BY ?s LIMIT 5000"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, graph: Path | None, workers: int | None) -> subprocess.Popen:
    command = [sys.executable, "-m", "eujgraph", "serve", "--port", str(port)]
    if graph:
        command += ["--graph", str(graph)]
    if workers:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sparql", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"the server did not start: {process.stderr.read().decode()[-2000:]}")
        time.sleep(0.1)


def requests_to_send(base: str, entity_share: float, seed: int = 0) -> list[tuple[str, str, str]]:
    """(kind, path, accept) in a shuffled order with ``entity_share`` of entity pages."""
    library = httpx.get(base + "/queries", timeout=10).json()
    queries = []
    for query in library:
        names = {p["name"] for p in query["parameters"]}
        for lang in ("en", "fi") if "lang" in names else ("en",):
            params = {p["name"]: EXAMPLES[p["name"]] for p in query["parameters"] if p["required"]}
            if "lang" in names:
                params["lang"] = lang
            sparql = httpx.get(f"{base}/queries/{query['name']}.rq", params=params, timeout=10).text
            accept = ("text/turtle" if query["form"] in ("CONSTRUCT", "DESCRIBE")
                      else "application/sparql-results+json")
            queries.append(("query", "/sparql?" + urlencode({"query": sparql}), accept))
    found = httpx.get(base + "/sparql", params={"query": ENTITIES_QUERY}, timeout=10).json()
    entities = [("entity", quote(b["s"]["value"].replace("https://w3id.org/eujgraph", "")), "text/html")
                for b in found["results"]["bindings"]]
    rng = random.Random(seed)
    count = 2000
    mix = [rng.choice(entities) if rng.random() < entity_share else rng.choice(queries) for _ in range(count)]
    return mix


async def client(port: int, plan: list, offset: int, stop_at: float, budget: list[int], results: list) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = offset
    try:
        while time.monotonic() < stop_at and budget[0] > 0:
            budget[0] -= 1
            kind, path, accept = plan[i % len(plan)]
            i += 1
            started = time.perf_counter()
            try:
                writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: {accept}\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:"))
                await reader.readexactly(length)
            except (OSError, asyncio.IncompleteReadError, StopIteration, ValueError) as error:
                results.append((kind, time.perf_counter() - started, f"broken: {type(error).__name__}"))
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            results.append((kind, time.perf_counter() - started, None if status == 200 else f"HTTP {status}"))
    finally:
        writer.close()


async def load(port: int, plan: list, clients: int, seconds: float, max_requests: int) -> tuple[list, float]:
    results: list = []
    budget = [max_requests]
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(*(client(port, plan, k * 37, stop_at, budget, results) for k in range(clients)))
    return results, time.monotonic() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def report(results: list, elapsed: float) -> None:
    print(f"{len(results)} requests in {elapsed:.1f} s: {len(results) / elapsed:.0f} requests/s")
    for kind in ("query", "entity", None):
        chosen = [r for r in results if kind is None or r[0] == kind]
        ok = [seconds for _, seconds, error in chosen if error is None]
        errors = [error for _, _, error in chosen if error]
        name = {"query": "library queries", "entity": "entity pages", None: "all"}[kind]
        print(f"  {name:<16} {len(chosen) / elapsed:7.0f}/s  p50 {percentile(ok, 50) * 1000:6.1f} ms  "
              f"p99 {percentile(ok, 99) * 1000:6.1f} ms  max {max(ok, default=0) * 1000:6.1f} ms  "
              f"errors {len(errors)}" + (f" ({', '.join(sorted(set(errors)))})" if errors else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--entity-share", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--graph", type=Path, default=None)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port, args.graph, args.workers)
    try:
        plan = requests_to_send(f"http://127.0.0.1:{port}", args.entity_share)
        asyncio.run(load(port, plan, args.clients, 2.0, 2_000))  # warm-up, not counted
        print(f"eujgraph serve, {args.workers or 'default'} workers, {os.cpu_count()} cores; "
              f"{args.clients} clients for {args.seconds:g} s, {args.entity_share:.0%} entity pages")
        results, elapsed = asyncio.run(load(port, plan, args.clients, args.seconds, args.max_requests))
        report(results, elapsed)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
