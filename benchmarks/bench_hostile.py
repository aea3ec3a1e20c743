"""`eujgraph serve` under attack: well-behaved clients while runaway queries and a header flood run.

Usage: python benchmarks/bench_hostile.py [--clients 16] [--seconds 20] [--runaways 2] [--floods 8]
                                          [--workers N] [--graph DIR]

Starts `eujgraph serve` on a free port of 127.0.0.1 (the project's built graph, default
settings), then for the given time runs at once:
- ``--clients`` well-behaved clients, each on its own keep-alive connection, sending library
  queries (every query of queries/, bound as the server binds them) back to back, each made
  unique by a comment so that no answer comes from the cache;
- ``--runaways`` clients that each send a query running past the timeout, again and again;
- ``--floods`` connections at a time that each send an endless request head (64 kB header
  lines) until the server drops them, then start again; and as many half-open connections
  that send part of a head and wait.
Prints p50, p99 and max latency and the errors (any answer but 200, or a broken connection)
of the well-behaved clients, and what the attackers got. Target (DESIGN.md): p99 under
250 ms with zero errors. Only 127.0.0.1 is contacted; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_serve import free_port, percentile, start_server  # noqa: E402

EXAMPLES = {"area": "euj:area/security-and-defence", "actor": "euj:organisation/japan",
            "claim": "euj:commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance"}
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } #"


def library_queries(base: str) -> list[tuple[str, str]]:
    """(SPARQL text, Accept) of every library query with its required parameters bound."""
    found = []
    for query in httpx.get(base + "/queries", timeout=10).json():
        params = {p["name"]: EXAMPLES[p["name"]] for p in query["parameters"] if p["required"]}
        sparql = httpx.get(f"{base}/queries/{query['name']}.rq", params=params, timeout=10).text
        accept = "text/turtle" if query["form"] in ("CONSTRUCT", "DESCRIBE") else "application/sparql-results+json"
        found.append((sparql, accept))
    return found


async def exchange(reader, writer, request: bytes) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    await reader.readexactly(length)
    return status


async def polite(port: int, queries: list, serial: itertools.count, stop_at: float, results: list) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while time.monotonic() < stop_at:
        number = next(serial)
        sparql, accept = queries[number % len(queries)]
        path = "/sparql?" + urlencode({"query": f"{sparql}\n# request {number}"})
        started = time.perf_counter()
        try:
            status = await exchange(reader, writer, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                    f"Accept: {accept}\r\n\r\n".encode())
        except (OSError, asyncio.IncompleteReadError, StopIteration, ValueError) as error:
            results.append((time.perf_counter() - started, f"broken: {type(error).__name__}"))
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            continue
        results.append((time.perf_counter() - started, None if status == 200 else f"HTTP {status}"))
    writer.close()


async def runaway(port: int, serial: itertools.count, stop_at: float, outcomes: Counter) -> None:
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            path = "/sparql?" + urlencode({"query": RUNAWAY + str(next(serial))})
            status = await asyncio.wait_for(exchange(reader, writer, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"
                                                     .encode()), max(0.1, stop_at - time.monotonic()))
            outcomes[f"HTTP {status}"] += 1
            writer.close()
            if status != 503:
                continue
            await asyncio.sleep(0.05)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, StopIteration, ValueError):
            outcomes["unfinished"] += 1


async def flood(port: int, stop_at: float, outcomes: Counter) -> None:
    line = b"X-Flood: " + b"a" * 65_536
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
            while time.monotonic() < stop_at:
                writer.write(line)
                await asyncio.wait_for(writer.drain(), 2)
            writer.close()
        except (OSError, TimeoutError):
            outcomes["flood connection dropped"] += 1


async def half_open(port: int, stop_at: float, outcomes: Counter) -> None:
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /sparql HTTP/1.1\r\nHost: x\r\n")
            data = await asyncio.wait_for(reader.read(100), max(0.1, stop_at - time.monotonic()))
            outcomes["half-open closed by the server" if not data else "half-open answered"] += 1
            writer.close()
        except TimeoutError:
            outcomes["half-open still held at the end"] += 1
        except OSError:
            outcomes["half-open reset"] += 1


async def attack(port: int, queries: list, args) -> tuple[list, Counter, float]:
    results: list = []
    outcomes: Counter = Counter()
    serial = itertools.count()
    started = time.monotonic()
    stop_at = started + args.seconds
    tasks = [polite(port, queries, serial, stop_at, results) for _ in range(args.clients)]
    tasks += [runaway(port, serial, stop_at, outcomes) for _ in range(args.runaways)]
    tasks += [flood(port, stop_at, outcomes) for _ in range(args.floods)]
    tasks += [half_open(port, stop_at, outcomes) for _ in range(args.floods)]
    await asyncio.gather(*tasks)
    return results, outcomes, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--runaways", type=int, default=2)
    parser.add_argument("--floods", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--graph", type=Path, default=None)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port, args.graph, args.workers)
    try:
        queries = library_queries(f"http://127.0.0.1:{port}")
        print(f"eujgraph serve, {args.workers or 'default'} workers, {os.cpu_count()} cores; {args.clients} "
              f"well-behaved clients, {args.runaways} runaway queries, {args.floods} header floods and "
              f"{args.floods} half-open connections for {args.seconds:g} s")
        results, outcomes, elapsed = asyncio.run(attack(port, queries, args))
        ok = [seconds for seconds, error in results if error is None]
        errors = Counter(error for _, error in results if error)
        print(f"well-behaved: {len(results)} requests, {len(results) / elapsed:.0f}/s  "
              f"p50 {percentile(ok, 50) * 1000:.1f} ms  p99 {percentile(ok, 99) * 1000:.1f} ms  "
              f"max {max(ok, default=0) * 1000:.1f} ms  errors {sum(errors.values())}"
              + (f" ({dict(errors)})" if errors else ""))
        print("attackers: " + ", ".join(f"{name} {count}" for name, count in sorted(outcomes.items())))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
