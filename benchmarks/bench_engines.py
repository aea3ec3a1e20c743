"""Compare query engines on the memo graph and on the ~1M-quad synthetic graph.

For each graph: load time (raw pyoxigraph ``Store.bulk_load``, eujgraph's embedded
store, rdflib's memory store, rdflib over Oxigraph through oxrdflib), peak memory of
each loader, and the warm time of every library query (median of 3) per engine.
rdflib runs in a child process that is stopped when a query exceeds --rdflib-limit.
Also the cold start of `eujgraph query NAME` on the memo graph.

With ``--graph FILE`` (e.g. the graph/eujgraph.trig of an archive that bench_archive.py kept)
it measures only Oxigraph's loads and queries on that file.

Usage: python benchmarks/bench_engines.py [--summits 1050] [--rdflib-limit 60] [--graph FILE]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

EXAMPLES = {"area": "euj:area/security-and-defence", "actor": "euj:organisation/japan",
            "claim": "euj:commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance"}


def library_texts() -> dict[str, str]:
    """Each library query with its parameters bound, as the engines will run it."""
    from eujgraph.query.library import bind, load_library
    from eujgraph.query.engines import with_inline_values

    library = load_library(ROOT / "queries")
    texts = {}
    for name, query in library.items():
        values = {p.name: EXAMPLES[p.name] for p in query.parameters if p.required}
        texts[name] = with_inline_values(query.sparql, bind(query, values))
    return texts


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def oxigraph_child(path: str, texts: dict[str, str], out) -> None:
    import pyoxigraph as ox
    from eujgraph.query.engines import EmbeddedStore

    raw_times, ours_times = [], []
    for _ in range(3):  # alternate the two loaders, same file, same process; report medians
        started = time.perf_counter()
        raw = ox.Store()
        raw.bulk_load(path=path, format=ox.RdfFormat.from_extension(Path(path).suffix[1:]))
        raw_times.append(time.perf_counter() - started)
        size = len(raw)
        del raw
        started = time.perf_counter()
        store = EmbeddedStore.from_file(Path(path))
        ours_times.append(time.perf_counter() - started)
    out.put(("load", "raw pyoxigraph Store.bulk_load", statistics.median(raw_times), size, peak_mb()))
    out.put(("load", "eujgraph EmbeddedStore.from_file", statistics.median(ours_times), len(store.store), peak_mb()))
    out.put(("ready",))
    for name, text in texts.items():
        times = []
        for _ in range(3):
            started = time.perf_counter()
            answer = store.query(text, {})
            times.append(time.perf_counter() - started)
        out.put(("query", name, statistics.median(times), len(answer)))
    out.put(("done",))


def rdflib_child(path: str, texts: dict[str, str], oxrdflib: bool, out) -> None:
    from rdflib import Dataset

    started = time.perf_counter()
    dataset = Dataset(store="Oxigraph", default_union=True) if oxrdflib else Dataset(default_union=True)
    suffix = Path(path).suffix[1:]
    fmt = {"nq": "nquads", "trig": "trig"}[suffix]
    dataset.parse(path, format=("ox-" + fmt) if oxrdflib else fmt)
    name = "oxrdflib (rdflib API over Oxigraph)" if oxrdflib else "rdflib memory store"
    out.put(("load", name, time.perf_counter() - started, len(dataset), peak_mb()))
    out.put(("ready",))
    for query_name, text in texts.items():
        times = []
        for _ in range(3 if len(dataset) < 100_000 else 1):
            started = time.perf_counter()
            rows = len(list(dataset.query(text)))
            times.append(time.perf_counter() - started)
        out.put(("query", query_name, statistics.median(times), rows))
    out.put(("done",))


def measure(target, args: tuple, limit: float) -> tuple[list, dict[str, tuple[float, int] | str]]:
    """Run ``target`` in a child; a query over ``limit`` is recorded as stopped and the
    child is restarted (loading again) for the queries still to run."""
    path, texts, *rest = args
    loads: list = []
    queries: dict = {}
    pending = list(texts)
    while pending:
        out = mp.Queue()
        process = mp.Process(target=target, args=(path, {n: texts[n] for n in pending}, *rest, out), daemon=True)
        process.start()
        ready = False
        while True:
            try:
                message = out.get(timeout=limit if ready else 900)
            except Exception:
                queries[pending.pop(0)] = f"> {limit:g} s (stopped)"
                process.kill()
                break
            kind = message[0]
            if kind == "done":
                break
            if kind == "ready":
                ready = True
            elif kind == "query":
                queries[message[1]] = (message[2], message[3])
                pending.remove(message[1])
            elif not queries:  # loads of the first run only
                loads.append(message[1:])
        process.join(5)
    return loads, queries


def report(title: str, path: Path, texts: dict[str, str], limit: float, only_oxigraph: bool = False) -> None:
    print(f"\n## {title}: {path.name} ({path.stat().st_size / 1e6:.1f} MB)")
    engines = [("oxigraph", oxigraph_child, (str(path), texts))]
    if not only_oxigraph:
        engines += [("rdflib", rdflib_child, (str(path), texts, False)),
                    ("oxrdflib", rdflib_child, (str(path), texts, True))]
    results = {}
    for key, target, args in engines:
        loads, queries = measure(target, args, limit)
        results[key] = queries
        for name, seconds, size, memory in loads:
            print(f"load  {name:<38} {seconds:7.2f} s  {size:>9} quads  peak {memory:6.0f} MB")
    print(f"\n{'query':<30} {'oxigraph':>12} {'rdflib':>14} {'oxrdflib':>14} {'rows':>6}")
    for name in texts:
        cells = []
        for key in ("oxigraph", "rdflib", "oxrdflib"):
            value = results.get(key, {}).get(name, "-")
            cells.append(f"{value[0] * 1000:10.1f} ms" if isinstance(value, tuple) else str(value))
        rows = results["oxigraph"][name][1] if isinstance(results["oxigraph"].get(name), tuple) else "-"
        print(f"{name:<30} {cells[0]:>12} {cells[1]:>14} {cells[2]:>14} {rows:>6}")


def cold_cli() -> None:
    print("\n## cold start of `eujgraph query NAME` on the memo graph (median of 5)")
    for name in ("summit-participants", "areas-ranked", "security-defence-commitments"):
        times = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "eujgraph", "query", name, "-f", "csv"], cwd=ROOT,
                           check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        print(f"eujgraph query {name:<30} {statistics.median(times):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summits", type=int, default=1050)
    parser.add_argument("--rdflib-limit", type=float, default=60.0)
    parser.add_argument("--graph", type=Path, default=None, help="only Oxigraph, on this graph file")
    args = parser.parse_args()
    texts = library_texts()
    if args.graph is not None:
        report("given graph", args.graph, texts, args.rdflib_limit, only_oxigraph=True)
        return
    report("memo graph", ROOT / "graph" / "eujgraph.trig", texts, args.rdflib_limit)
    import synthetic
    import pyoxigraph as ox

    path = ROOT / "benchmarks" / "out" / f"synthetic-{args.summits}.nq"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        ox.serialize(synthetic.generate(args.summits), str(path), format=ox.RdfFormat.N_QUADS)
    report(f"synthetic graph, {args.summits} summits", path, texts, args.rdflib_limit)
    cold_cli()


if __name__ == "__main__":
    main()
