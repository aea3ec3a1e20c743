"""Time `eujgraph build` of the memo graph and CLI start-up; print the figures.

Usage: python benchmarks/bench_build.py [--runs N]
Targets (../shared/DESIGN.md): build with reasoning under 10 s; `--help` under 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    eujgraph = [sys.executable, "-m", "eujgraph"]
    with tempfile.TemporaryDirectory() as out:
        builds = [wall([*eujgraph, "build", "-q", "--out", out]) for _ in range(runs)]
        no_reasoning = [wall([*eujgraph, "build", "-q", "--no-reasoning", "--out", out]) for _ in range(runs)]
    helps = [wall([*eujgraph, "--help"]) for _ in range(runs * 2)]

    sys.path.insert(0, str(ROOT / "src"))
    from eujgraph.pipeline import Project, build

    steps: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            report = build(Project(ROOT), Path(out))
            for name, seconds in report.timings.items():
                steps.setdefault(name, []).append(seconds)
    triples = sum(size for _, size in report.graph_sizes())

    print(f"memo graph: {triples} triples, median of {runs} runs")
    print(f"eujgraph build (cold process, reasoning): {statistics.median(builds):.2f} s  (target < 10 s)")
    print(f"eujgraph build --no-reasoning:            {statistics.median(no_reasoning):.2f} s")
    print(f"eujgraph --help start-up:                 {statistics.median(helps):.3f} s  (target < 0.3 s)")
    print("in-process steps: " + ", ".join(f"{name} {statistics.median(v):.2f} s" for name, v in steps.items()))


if __name__ == "__main__":
    main()
