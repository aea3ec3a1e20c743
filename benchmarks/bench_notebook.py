"""Time the notebook network (`eujgraph.viz.network`) on the memo graph and a ~20,000-node graph; print the figures.

Usage: python benchmarks/bench_notebook.py [--summits N] [--runs N] [--from-nx N]

The big graph is bench_viz.py's synthetic one (N summits, default 400: about 20,000
projection nodes and 81,000 edges). For each graph it prints the time to fill the pyvis
Network (median of the runs, wall clock and CPU) and to generate its HTML, and the HTML's
size; for comparison, pyvis's own ``from_nx`` on the first ``--from-nx`` nodes (default
5,000) of the big view. Target (issue 12): 20,000 nodes filled well under a second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_viz import _built, synthetic


def timed(function, runs: int) -> tuple[float, float, object]:
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def report(name: str, graph, runs: int) -> None:
    from eujgraph.viz import network

    network(graph)  # imports pyvis and reads its template once
    wall, cpu, net = timed(lambda: network(graph), runs)
    html_wall, _, html = timed(net.generate_html, max(1, runs // 2))
    print(f"{name}: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")
    print(f"  network(): {wall * 1e3:.0f} ms wall, {cpu * 1e3:.0f} ms CPU (median of {runs})")
    print(f"  generate_html(): {html_wall * 1e3:.0f} ms, {len(html.encode()) / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summits", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--from-nx", type=int, default=5000)
    options = parser.parse_args()

    from pyvis.network import Network

    from eujgraph.viz.projection import project

    report("memo graph", project(_built()), options.runs)
    big = project(synthetic(options.summits))
    report(f"synthetic graph ({options.summits} summits)", big, options.runs)
    if options.from_nx:
        part = big.subgraph(sorted(big)[: options.from_nx])
        simple = {node: {"label": part.nodes[node]["labels"]["en"]} for node in part}
        plain = type(big)()
        plain.add_nodes_from(simple.items())
        plain.add_edges_from((s, t) for s, t, _ in part.edges(keys=True))
        start = time.perf_counter()
        Network(directed=True, cdn_resources="in_line").from_nx(plain)
        print(f"  for comparison, pyvis from_nx on {plain.number_of_nodes():,} nodes, "
              f"{plain.number_of_edges():,} edges: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
