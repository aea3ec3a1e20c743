"""Score `eujgraph extract` on the development set of real texts, per text and in total.

The development set (18 official texts nobody on the team wrote, with gold annotations and
the scorer) lives outside the repository, in the shared folder of the project's workspace;
its texts must not be copied here. This script runs that scorer (``score.py --json``) and
prints the table recorded in benchmarks/README.md, as Markdown with ``--markdown``.

    python benchmarks/bench_extract_eval.py [--corpus ../shared/eval] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYS = ("date", "place", "sides", "people", "commits", "typed", "positions", "precision")


def cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return f"{value[0]}/{value[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "eval",
                        help="folder with texts/, gold/ and score.py (default: ../shared/eval)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    scorer = args.corpus / "score.py"
    if not scorer.is_file():
        sys.exit(f"no scorer at {scorer}: pass --corpus DIR (the development set is not in the repository)")
    started = time.perf_counter()
    run = subprocess.run([sys.executable, str(scorer), "--corpus", str(args.corpus), "--json"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    seconds = time.perf_counter() - started
    result = json.loads(run.stdout)
    rows = [(stem, {k: (tuple(v) if isinstance(v, list) and k != "leaks" else v) for k, v in r.items()})
            for stem, r in result["rows"]]
    sep = " | " if args.markdown else "  "
    header = ["text", *KEYS, "leaks"]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    else:
        print(f"{'text':44s}" + "".join(f"{k:>10s}" for k in KEYS) + "  leaks")
    for stem, r in rows:
        cells = [cell(r.get(k)) for k in KEYS] + [str(len(r.get("leaks") or []))]
        if args.markdown:
            print("| " + sep.join([stem[:44], *cells]) + " |")
        else:
            print(f"{stem[:44]:44s}" + "".join(f"{c:>10s}" for c in cells[:-1]) + f"  {cells[-1]}")
    totals = [f"{result['ratios'].get(k, 0):.2f}" for k in KEYS] + [str(result["total"].get("leaks", 0))]
    if args.markdown:
        print("| **total** | " + " | ".join(totals) + " |")
    else:
        print(f"{'total':44s}" + "".join(f"{t:>10s}" for t in totals[:-1]) + f"  {totals[-1]}")
    print(f"{len(rows)} texts scored in {seconds:.1f} s (one `eujgraph extract` process each)")


if __name__ == "__main__":
    main()
