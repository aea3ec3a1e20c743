"""Precision and recall of `eujgraph link` on EuroVoc against the verified matches.

Converts the shipped EuroVoc edition to SKOS, reconciles our policy-area scheme with it
on labels and types alone (our own EuroVoc links are ignored, else the answer is known),
and compares the proposed links with the verified ones recorded in graph/reference/
policy-areas.yaml (from the project's verified identifier list): exact matches against
`eurovoc: {exact}`, and any match against exact plus close/broad/narrow.

Usage: python benchmarks/eval_eurovoc_link.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eujgraph.linking.eurovoc import convert  # noqa: E402
from eujgraph.linking.reconcile import SKOS, precision_recall, reconcile_with  # noqa: E402
from eujgraph.pipeline import Project  # noqa: E402

AREA = "https://w3id.org/eujgraph/id/area/"
EUROVOC = "http://eurovoc.europa.eu/"


def gold() -> tuple[set, set]:
    areas = yaml.safe_load((ROOT / "graph/reference/policy-areas.yaml").read_text())["policy_areas"]
    exact, other = set(), set()
    for slug, area in areas.items():
        for relation, ids in (area.get("eurovoc") or {}).items():
            pairs = {(AREA + slug, EUROVOC + str(i)) for i in ids}
            (exact if relation == "exact" else other).update(pairs)
    return exact, other


def evaluate(skos: Path, use_identifiers: bool = False) -> dict:
    started = time.perf_counter()
    result, _ = reconcile_with(Project(ROOT), str(skos), kinds={"concept"}, use_identifiers=use_identifiers)
    seconds = time.perf_counter() - started
    exact_gold, other_gold = gold()
    proposed_exact = {(l.ours, l.theirs) for l in result.links if l.relation == SKOS + "exactMatch"}
    proposed_any = {(l.ours, l.theirs) for l in result.links}
    return {
        "exact": precision_recall(proposed_exact, exact_gold),
        "any": precision_recall(proposed_any, exact_gold | other_gold),
        "proposed": len(proposed_any), "ambiguous": len(result.ambiguous), "areas": len(result.ours),
        "gold_exact": len(exact_gold), "gold_any": len(exact_gold | other_gold), "seconds": seconds,
        "false": sorted(proposed_any - exact_gold - other_gold),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        skos = Path(tmp) / "eurovoc.nt"
        started = time.perf_counter()
        triples = convert(ROOT / "graph/external/eurovoc-2021-06-04/eurovoc.yaml", skos)
        print(f"EuroVoc to SKOS: {triples} triples in {time.perf_counter() - started:.1f} s")
        figures = evaluate(skos)
    print(f"policy areas: {figures['areas']}; verified matches: {figures['gold_exact']} exact, "
          f"{figures['gold_any']} in all; links proposed: {figures['proposed']}, ambiguous: {figures['ambiguous']} "
          f"({figures['seconds']:.2f} s)")
    print("exact matches   precision {:.2f}  recall {:.2f}".format(*figures["exact"]))
    print("any match       precision {:.2f}  recall {:.2f}".format(*figures["any"]))
    for ours, theirs in figures["false"]:
        print(f"  not verified: {ours.rsplit('/', 1)[1]} -> {theirs}")


if __name__ == "__main__":
    main()
