"""Time `eujgraph extract` per memo, and score each draft against its curated file.

Prints, for each source in graph/sources/ that has a curated file in graph/memos/:
the cold time (a fresh `eujgraph extract` process: start-up, imports, reference data,
Voikko, the memo) and the warm in-process time (median of 5), then the F1 per kind.
Run from the repository root: python benchmarks/bench_extract.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eujgraph.extract.evaluate import evaluate
from eujgraph.extract.draft import extract

ROOT = Path(__file__).resolve().parents[1]
PAIRS = {
    "eu-japan-summit-2025-07-23.fi.txt": "eu-japan-summit-2025-07-23.fi.yaml",
    "eu-japan-summit-2023-07-13.joint-statement.en.excerpt.txt": "eu-japan-summit-2023-07-13.joint-statement.en.yaml",
    "japan-finland-2025-06-11.joint-statement.en.excerpt.txt": "japan-finland-2025-06-11.joint-statement.en.yaml",
}


def main() -> None:
    print(f"{'memo':<58} {'chars':>6} {'cold s':>7} {'warm s':>7}  F1 (event, participants, commitments, areas)")
    for source, gold in PAIRS.items():
        memo = ROOT / "graph/sources" / source
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / gold
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "eujgraph", "extract", str(memo), "--out", str(out)],
                           check=True, capture_output=True, cwd=ROOT)
            cold = time.perf_counter() - start
            warm = statistics.median(extract(memo).seconds for _ in range(5))
            result = evaluate(out, ROOT / "graph/memos" / gold)
        scores = ", ".join(f"{result[kind].f1:.2f}" for kind in ("event facts", "participants", "commitments",
                                                                  "policy areas"))
        print(f"{source:<58} {len(memo.read_text(encoding='utf-8')):>6} {cold:>7.2f} {warm:>7.3f}  {scores}")


if __name__ == "__main__":
    main()
