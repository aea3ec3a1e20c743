"""Build an archive of N synthetic memos: a full build, a rebuild after one memo changed; print the figures.

The project (issue 16) is this repository's own (ontology, shapes, queries, reference data,
history and its three memos) plus N copies of the 2025 memo under new ids
(`synthetic.make_archive_project`: same text, renamed memo, summit, side event and claims,
each summit with its own date and ordinal; reproducible with --seed). Then, each in a fresh
`eujgraph build --project DIR` process:

1. full build of the new project;
2. rebuild after one memo changed (the English label of one commitment of one synthetic memo,
   chosen with the seed), in the same project, whatever it kept from the first build;
3. the check: every file the build writes (graph/eujgraph.trig, .ttl, .nt, .jsonld, the pages,
   void.ttl) is compared, by SHA-256, with a build from scratch of the same inputs — a fresh
   copy of the project's input folders, so nothing cached is reused (``--check scratch``,
   the default). ``--check revert`` instead undoes the change, rebuilds the project once more
   and compares with the full build (cheaper once rebuilds are incremental); ``--check none``
   skips it.

Per step: the wall time the build itself reports (its ``time per step:`` line) and the peak
resident memory of the build's process tree (Python and HermiT's JVM summed, sampled from
/proc every 50 ms) while that step ran, the step being the one the last progress line on
stderr announced. ``start-up`` is from the process start to the first step (imports, finding
Java); an ``untimed`` row is time between two steps that neither times (before ``page``: merging
the graphs into the canonical dataset), from the progress lines' arrival; the last row is from
the end of the last step to the process's exit (the summary's counts, freeing the graph). The
whole build's peak is also given as the largest single process's ``ru_maxrss`` (wait4), which
includes HermiT's JVM.

Usage: python benchmarks/bench_archive.py [--memos 200] [--seed 16] [--keep DIR] [--no-reasoning]
                                          [--check scratch|revert|none]
Targets (issue 16), 2-core machine: 200 memos < 20 s full build; 1,000 memos < 120 s and
< 3 GB peak; rebuild after one memo changed < 5 s at 1,000 memos; same bytes as from scratch.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, copy_project_inputs, make_archive_project

sys.path.insert(0, str(ROOT / "src"))
from eujgraph.pipeline.files import GRAPH_FILES

# The build's progress lines (stderr, "· MESSAGE") that start each step of its timings.
STEP_STARTS = (("loading", "load"), ("building RDF", "rdf"), ("validating", "shacl"),
               ("HermiT on", "reason"), ("drawing", "page"), ("writing", "write"))
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    """One `eujgraph build` process: what it printed and what it cost."""

    wall: float = 0.0
    maxrss_mb: float = 0.0  # ru_maxrss of the largest process of the tree
    peak_mb: float = 0.0  # sampled, the whole tree summed
    triples: int | None = None
    steps: dict[str, float] = field(default_factory=dict)  # the build's own timings
    step_peak_mb: dict[str, float] = field(default_factory=dict)  # sampled, per step
    started: dict[str, float] = field(default_factory=dict)  # step -> seconds after start (progress line)
    stdout: str = ""


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (0 for a process that has gone)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * PAGE
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def build(project: Path, reasoning: bool, label: str) -> Run:
    """Run `eujgraph build --project PROJECT` in a fresh process and measure it."""
    command = [sys.executable, "-m", "eujgraph", "build", "--project", str(project)]
    if not reasoning:
        command.append("--no-reasoning")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    run, step, lock, finished = Run(), ["start-up"], threading.Lock(), threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
                               encoding="utf-8")
    errors: list[str] = []

    def read_stderr() -> None:
        for line in process.stderr:
            errors.append(line)
            text = line.removeprefix("· ").strip()
            for prefix, name in STEP_STARTS:
                if text.startswith(prefix):
                    with lock:
                        step[0] = name
                        run.started[name] = time.perf_counter() - start
            print(f"  [{label} {time.perf_counter() - start:6.1f} s] {line.rstrip()}", file=sys.stderr, flush=True)

    def read_stdout(into: list[str]) -> None:
        into.append(process.stdout.read())

    def sample() -> None:
        while not finished.is_set():
            rss = tree_rss(process.pid) / 1e6
            with lock:
                name = step[0]
                run.step_peak_mb[name] = max(run.step_peak_mb.get(name, 0.0), rss)
                run.peak_mb = max(run.peak_mb, rss)
            finished.wait(0.05)

    out: list[str] = []
    threads = [threading.Thread(target=read_stderr, daemon=True), threading.Thread(target=read_stdout, args=(out,),
                                                                                   daemon=True),
               threading.Thread(target=sample, daemon=True)]
    for thread in threads:
        thread.start()
    _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, its JVM included
    run.wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    finished.set()
    for thread in threads:
        thread.join()
    run.maxrss_mb = usage.ru_maxrss * 1024 / 1e6  # Linux: kilobytes
    run.stdout = out[0] if out else ""
    if process.returncode != 0:
        sys.exit(f"eujgraph build failed ({process.returncode}):\n{run.stdout[-3000:]}{''.join(errors)[-3000:]}")
    first = re.match(r"(\d+) triples", run.stdout)
    run.triples = int(first.group(1)) if first else None
    timings = re.search(r"^time per step: (.*)$", run.stdout, re.MULTILINE)
    if timings:
        for name, seconds in re.findall(r"([\w-]+) ([\d.]+)s", timings.group(1)):
            run.steps[name] = float(seconds)
    return run


def hashes(graph_dir: Path) -> dict[str, str]:
    return {name: hashlib.sha256((graph_dir / name).read_bytes()).hexdigest()
            for name in GRAPH_FILES if (graph_dir / name).exists()}


def change_one_memo(memos: list[Path], seed: int) -> tuple[Path, str, str]:
    """Change the English label of one commitment of one memo (chosen with ``seed``); (file, old, new line)."""
    rng = random.Random(seed)
    path = rng.choice(memos)
    text = path.read_text(encoding="utf-8")
    labels = [m for m in re.finditer(r"^    label: \{en: ([^,}]+), fi: ", text, re.MULTILINE)
              if text.rfind("\ncommitments:", 0, m.start()) > text.rfind("\nevents:", 0, m.start())]
    chosen = rng.choice(labels)
    old = chosen.group(0)
    new = old.replace(f"en: {chosen.group(1)},", f"en: {chosen.group(1)} (revised),")
    path.write_text(text[:chosen.start()] + new + text[chosen.end():], encoding="utf-8")
    return path, old, new


def table(runs: list[tuple[str, Run]]) -> str:
    names = list(dict.fromkeys(name for _, run in runs for name in run.steps))
    header = "| step | " + " | ".join(f"{title}: wall s | {title}: peak MB" for title, _ in runs) + " |"
    lines = [header, "|---|" + "---|---|" * len(runs)]

    def row(label: str, cells: list[tuple[float | None, float | None]]) -> str:
        def fmt(value, spec):
            return "—" if value is None else format(value, spec)
        return f"| {label} | " + " | ".join(f"{fmt(w, '.2f')} | {fmt(m, ',.0f')}" for w, m in cells) + " |"

    def startup(run: Run) -> float | None:
        return min(run.started.values()) if run.started else None

    def gap_before(run: Run, name: str) -> float | None:
        """Seconds between the end of the step before ``name`` and the start of ``name`` (no step's timing)."""
        order = [n for n in names if n in run.started and n in run.steps]
        if name not in order or order.index(name) == 0:
            return None
        before = order[order.index(name) - 1]
        return run.started[name] - run.started[before] - run.steps[before]

    lines.append(row("start-up (imports, Java found)", [(startup(r), r.step_peak_mb.get("start-up")) for _, r in runs]))
    for name in names:
        gaps = [gap_before(r, name) for _, r in runs]
        if any(gap is not None and gap >= 0.5 for gap in gaps):
            what = " (canonical dataset)" if name == "page" else ""
            lines.append(row(f"untimed, before {name}{what}", [(gap, None) for gap in gaps]))
        lines.append(row(name, [(r.steps.get(name), r.step_peak_mb.get(name)) for _, r in runs]))

    def after(run: Run) -> float | None:
        last = [n for n in names if n in run.started and n in run.steps]
        return run.wall - run.started[last[-1]] - run.steps[last[-1]] if last else None

    lines.append(row("after the last step (summary, exit)", [(after(r), None) for _, r in runs]))
    lines.append(row("**whole build** (peak: tree sampled)", [(r.wall, r.peak_mb) for _, r in runs]))
    lines.append(row("whole build, peak of one process (ru_maxrss)", [(None, r.maxrss_mb) for _, r in runs]))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memos", type=int, default=200, help="synthetic memos (default 200)")
    parser.add_argument("--seed", type=int, default=16, help="seed of dates and of the change (default 16)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="make the project in DIR (new or empty) and keep it")
    parser.add_argument("--no-reasoning", action="store_true", help="pass --no-reasoning to eujgraph build")
    parser.add_argument("--check", choices=("scratch", "revert", "none"), default="scratch",
                        help="how to check the rebuild's bytes (default: against a build from scratch)")
    args = parser.parse_args()
    if args.memos < 1:
        parser.error("--memos must be at least 1")
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: not empty")

    work = Path(tempfile.mkdtemp(prefix="eujgraph-archive-"))
    project = args.keep.resolve() if args.keep is not None else work / "project"
    try:
        started = time.perf_counter()
        memos = make_archive_project(project, args.memos, args.seed)
        print(f"project {project}: {args.memos} synthetic memos + the repository's 3, made in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        reasoning = not args.no_reasoning
        full = build(project, reasoning, "full")
        full_hashes = hashes(project / "graph")
        path, old, new = change_one_memo(memos, args.seed)
        print(f"changed {path.name}: {old.strip()!r} -> {new.strip()!r}", file=sys.stderr)
        rebuild = build(project, reasoning, "rebuild")
        rebuild_hashes = hashes(project / "graph")
        check, compared = None, None
        if args.check == "scratch":
            scratch = work / "scratch"
            copy_project_inputs(project, scratch)
            build(scratch, reasoning, "scratch")
            compared, check = hashes(scratch / "graph"), rebuild_hashes
            what = "rebuild after the change vs a build from scratch of the same inputs (fresh copy)"
        elif args.check == "revert":
            path.write_text(path.read_text(encoding="utf-8").replace(new, old, 1), encoding="utf-8")
            build(project, reasoning, "revert")
            compared, check = full_hashes, hashes(project / "graph")
            what = "rebuild after undoing the change vs the full build"
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\n{args.memos} synthetic memos (+3 of the repository), seed {args.seed}"
          f"{', --no-reasoning' if args.no_reasoning else ''}; "
          f"full build {full.triples:,} triples, rebuild {rebuild.triples:,} triples\n")
    print(table([("full build", full), ("rebuild after one change", rebuild)]))
    print()
    if check is None:
        print("byte check: not run (--check none)")
    else:
        differing = sorted(name for name in set(check) | set(compared) if check.get(name) != compared.get(name))
        verdict = "all identical: " + ", ".join(sorted(check)) if not differing else "DIFFERENT: " + ", ".join(differing)
        print(f"byte check ({what}): {verdict}")
        changed = sorted(name for name in full_hashes if full_hashes[name] != rebuild_hashes.get(name))
        print(f"files the change altered: {', '.join(changed) or 'none'}")
        if differing:
            sys.exit(1)


if __name__ == "__main__":
    main()
