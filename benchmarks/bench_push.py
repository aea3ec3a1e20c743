"""`eujgraph push` to real stores: triples per second into an Oxigraph server and into Virtuoso.

Run from the repository root: ``python benchmarks/bench_push.py [--graph FILE]`` (default: the
built graph/eujgraph.trig; e.g. the 200-memo archive of bench_archive.py --keep). Both stores are
started on 127.0.0.1 with a fresh database (the test helpers in tests/), the graph is pushed with
`replace` twice (the second replaces what the first wrote: a re-run), and the store is counted.
Virtuoso needs Debian's virtuoso-opensource; it is skipped, and says so, without it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eujgraph.errors import EngineError  # noqa: E402
from eujgraph.linking.push import default_graph_store, push, read_named_graphs, served_sizes  # noqa: E402
from tests import virtuoso_server  # noqa: E402
from tests.oxigraph_server import OxigraphServer  # noqa: E402


def measure(name: str, start, graphs: dict) -> None:
    """Push twice, then push half of every graph and stop the store half-way; restart it and count."""
    server, endpoint, graph_store = start()
    total = sum(map(len, graphs.values()))
    for attempt in ("first push", "re-run"):
        started = time.perf_counter()
        push(graphs, graph_store, timeout=600)
        seconds = time.perf_counter() - started
        served = served_sizes(endpoint, timeout=600)
        same = all(served.get(graph) == len(triples) for graph, triples in graphs.items())
        print(f"| {name} | {attempt} | {total:,} | {len(graphs)} | {seconds:.2f} | {total / seconds:,.0f} | "
              f"{'yes' if same else 'NO'} |")
    halves = {graph: triples[: len(triples) // 2] for graph, triples in graphs.items()}
    stop_at = len(graphs) // 2
    heard: list[str] = []

    def stop_half_way(line: str) -> None:
        heard.append(line)
        if len(heard) == stop_at:
            server.stop()

    try:
        push(halves, graph_store, timeout=60, progress=stop_half_way)
        outcome = "no error"
    except EngineError as error:
        found = re.search(r"could not restore \d+ of the \d+ graphs: numbers [\d, -]+", str(error))
        outcome = f"error: {found.group().strip() if found else str(error)[:120]}"
    server, endpoint, graph_store = start()  # the same database again
    served = served_sizes(endpoint, timeout=600)
    halved = sum(served.get(graph) == len(triples) for graph, triples in halves.items())
    whole = sum(served.get(graph) == len(triples) for graph, triples in graphs.items())
    print(f"| {name} | store stopped at graph {stop_at} of {len(graphs)}: {outcome} | | | | | "
          f"after a restart: {halved} graphs new, {whole} as before, {len(graphs) - halved - whole} other |")
    server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=Path("graph/eujgraph.trig"))
    args = parser.parse_args()
    graphs = read_named_graphs(args.graph)
    print(f"{args.graph}: {sum(map(len, graphs.values())):,} triples in {len(graphs)} named graphs\n")
    print("| store | push | triples | graphs | seconds | triples/s | every graph counted back |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        def oxigraph():
            server = OxigraphServer(location=Path(folder) / "oxigraph")
            return server, server.query, server.store

        measure("Oxigraph server", oxigraph, graphs)
        if not virtuoso_server.available():
            print("| Virtuoso | not installed (apt-get install virtuoso-opensource) | | | | | |")
            return
        os.environ.setdefault("EUJGRAPH_STORE_USER", virtuoso_server.USER)
        os.environ.setdefault("EUJGRAPH_STORE_PASSWORD", virtuoso_server.PASSWORD)
        (Path(folder) / "virtuoso").mkdir()

        def virtuoso():
            server = virtuoso_server.VirtuosoServer(Path(folder) / "virtuoso")
            return server, server.query, default_graph_store(server.query, "virtuoso")

        measure("Virtuoso 7.2 (digest)", virtuoso, graphs)


if __name__ == "__main__":
    main()
