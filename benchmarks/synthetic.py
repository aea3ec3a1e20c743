"""Generate a synthetic many-summit graph shaped like eujgraph's, for benchmarks.

The real ontology and reference data are kept; N synthetic summits are added, each
with participations, commitments (with areas, instruments, statuses and evidence
spans), positions and assessments, plus the types HermiT would infer for them.
About 960 quads per summit: 1,050 summits give ~1M quads.

Usage: python benchmarks/synthetic.py --summits 1050 --out benchmarks/out/synthetic.nq
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
EUJO = "https://w3id.org/eujgraph/ontology#"
EUJ = "https://w3id.org/eujgraph/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")


def o(name: str) -> ox.NamedNode:
    return ox.NamedNode(EUJO + name)


def i(path: str) -> ox.NamedNode:
    return ox.NamedNode(EUJ + path)


def generate(summits: int, seed: int = 7) -> list[ox.Quad]:
    """The real graph plus ``summits`` synthetic summits, as quads."""
    base = list(ox.parse(path=str(ROOT / "graph" / "eujgraph.trig"), format=ox.RdfFormat.TRIG))
    reference = [q for q in base if q.graph_name.value.endswith("/reference")]

    def members(cls: str) -> list[ox.NamedNode]:
        return sorted({q.subject for q in reference if q.predicate == RDF_TYPE and q.object == o(cls)},
                      key=str)

    persons, offices, areas = members("Person"), members("Office"), members("PolicyArea")
    parties = members("State") + members("Union")
    places, instruments = members("Place"), sorted(
        {q.subject for q in reference if q.predicate == o("party")}, key=str)
    broader = {q.subject: q.object for q in reference
               if q.predicate.value == "http://www.w3.org/2004/02/skos/core#broader"}
    security = i("area/security-and-defence")

    def is_security(area: ox.NamedNode) -> bool:
        while area is not None:
            if area == security:
                return True
            area = broader.get(area)
        return False

    rng = random.Random(seed)
    quads = list(base)
    statuses = ["new", "deepened", "continued", "reaffirmed"]
    kinds = ["initiative", "cooperation", "principle", "support"]
    for n in range(summits):
        memo_id = f"synthetic-{n:05d}"
        graph = ox.NamedNode(f"https://w3id.org/eujgraph/graph/memo/{memo_id}")
        inferred = ox.NamedNode("https://w3id.org/eujgraph/graph/inferred")
        document, summit = i(f"document/{memo_id}"), i(f"summit/synthetic-{n:05d}")

        def add(s, p, obj, g=graph):
            quads.append(ox.Quad(s, p, obj, g))

        def span(k: int) -> ox.NamedNode:
            node = i(f"span/{memo_id}/{k * 50}-{k * 50 + 40}")
            add(node, RDF_TYPE, o("TextSpan"))
            add(node, ox.NamedNode(OA + "hasSource"), document)
            add(node, o("sentence"), ox.Literal(f"Synthetic sentence {k} of memo {n}."))
            quote, position = ox.NamedNode(f"{node.value}/quote"), ox.NamedNode(f"{node.value}/position")
            add(node, ox.NamedNode(OA + "hasSelector"), quote)
            add(node, ox.NamedNode(OA + "hasSelector"), position)
            add(quote, ox.NamedNode(OA + "exact"), ox.Literal(f"sentence {k}"))
            add(position, ox.NamedNode(OA + "start"), ox.Literal(str(k * 50), datatype=ox.NamedNode(XSD + "nonNegativeInteger")))
            add(position, ox.NamedNode(OA + "end"), ox.Literal(str(k * 50 + 40), datatype=ox.NamedNode(XSD + "nonNegativeInteger")))
            return node

        add(document, RDF_TYPE, o("Memo"))
        add(document, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal(f"Memo {n}", language="en"))
        add(document, ox.NamedNode("http://purl.org/dc/terms/language"), ox.Literal("en"))
        add(summit, RDF_TYPE, o("Summit"))
        for lang in ("en", "fi"):
            add(summit, LABEL, ox.Literal(f"Synthetic summit {n}", language=lang))
        add(summit, o("ordinal"), ox.Literal(str(n + 100), datatype=ox.NamedNode(XSD + "integer")))
        add(summit, o("date"), ox.Literal(f"{1990 + n % 35}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                                          datatype=ox.NamedNode(XSD + "date")))
        add(summit, o("place"), rng.choice(places))
        for party in rng.sample(parties, 2):
            add(summit, o("party"), party)
        add(summit, o("hasEvidence"), span(0))
        for k, person in enumerate(rng.sample(persons, min(4, len(persons)))):
            participation = i(f"participation/{memo_id}/{k}")
            add(participation, RDF_TYPE, o("Participation"))
            add(participation, o("participant"), person)
            add(participation, o("inOffice"), rng.choice(offices))
            add(participation, o("onBehalfOf"), rng.choice(parties))
            add(participation, o("atEvent"), summit)
            add(participation, SOURCE, document)
            add(participation, o("hasEvidence"), span(1 + k))
        for k in range(30):
            kind = "commitment" if k < 24 else ("position" if k < 27 else "assessment")
            claim = i(f"{kind}/{memo_id}/c{k}")
            add(claim, RDF_TYPE, o(kind.capitalize()))
            add(claim, o("madeAt"), summit)
            add(claim, SOURCE, document)
            for lang in ("en", "fi"):
                add(claim, LABEL, ox.Literal(f"Synthetic {kind} {k} of summit {n}", language=lang))
            claim_areas = rng.sample(areas, rng.randint(1, 2))
            for area in claim_areas:
                add(claim, o("concernsArea"), area)
            status = rng.choice(statuses)
            add(claim, o("heldBy" if kind != "commitment" else "party"), rng.choice(parties))
            for ev in range(2):
                add(claim, o("hasEvidence"), span(10 + k * 2 + ev))
            add(claim, RDF_TYPE, o("Claim"), inferred)
            if kind == "commitment":
                add(claim, o("kind"), o(rng.choice(kinds)))
                add(claim, o("status"), o(status))
                if rng.random() < 0.3:
                    add(claim, o("instrument"), rng.choice(instruments))
                if status == "new":
                    add(claim, RDF_TYPE, o("NewInitiative"), inferred)
                if any(is_security(a) for a in claim_areas):
                    add(claim, RDF_TYPE, o("SecurityAndDefenceCommitment"), inferred)
            if status == "reaffirmed" and kind != "assessment":
                if kind == "position":
                    add(claim, o("status"), o(status))
                add(claim, RDF_TYPE, o("Reaffirmation"), inferred)
    return quads



# --- An archive of memos: copies of the 2025 memo under new ids (benchmarks/bench_archive.py) ---

ARCHIVE_MEMO = ROOT / "graph" / "memos" / "eu-japan-summit-2025-07-23.fi.yaml"
ARCHIVE_SOURCE = ROOT / "graph" / "sources" / "eu-japan-summit-2025-07-23.fi.txt"
# The inputs of a project that `eujgraph build` reads (build outputs and caches are not copied).
PROJECT_INPUTS = ("ontology", "queries", "graph/reference", "graph/history", "graph/memos", "graph/sources",
                  "graph/linksets")


def _replace(text: str, old: str, new: str, count: int | None = 1) -> str:
    """``text`` with ``old`` replaced; refuses when ``old`` does not occur ``count`` times (None: at least once)."""
    found = text.count(old)
    if (count is None and not found) or (count is not None and found != count):
        raise ValueError(f"the 2025 memo changed: {old!r} occurs {found} time(s), expected {count or 'some'}")
    return text.replace(old, new)


def archive_memo(memo: str, n: int, date: str, ordinal: int) -> str:
    """The 2025 memo's YAML as synthetic memo ``n``: same text and claims, new ids.

    The memo id becomes ``eu-japan-synthetic-NNNN-fi`` (source ``eu-japan-synthetic-NNNN.fi.txt``),
    its summit ``eu-japan-synthetic-NNNN`` (its own ``date`` and ``ordinal``, labels numbered), its
    side event ``eu-delegation-visit-to-expo-synthetic-NNNN``, and every claim id gets ``-NNNN``.
    """
    tag = f"{n:04d}"
    summit, side = f"eu-japan-synthetic-{tag}", f"eu-delegation-visit-to-expo-synthetic-{tag}"
    memo = _replace(memo, "  id: eu-japan-summit-2025-07-23-fi\n", f"  id: eu-japan-synthetic-{tag}-fi\n")
    memo = _replace(memo, "  source: ../sources/eu-japan-summit-2025-07-23.fi.txt\n",
                    f"  source: ../sources/eu-japan-synthetic-{tag}.fi.txt\n")
    memo = _replace(memo, "  label: {en: Finnish memo on the 30th EU–Japan summit, fi: Muistio 30. EU:n ja Japanin "
                          "huippukokouksesta}\n",
                    f"  label: {{en: Finnish memo on synthetic EU–Japan summit {tag}, fi: Muistio synteettisestä "
                    f"EU:n ja Japanin huippukokouksesta {tag}}}\n")
    memo = _replace(memo, "    label: {en: 30th EU–Japan summit, fi: 30. EU:n ja Japanin huippukokous}\n",
                    f"    label: {{en: Synthetic EU–Japan summit {tag}, fi: Synteettinen EU:n ja Japanin "
                    f"huippukokous {tag}}}\n")
    memo = _replace(memo, "    label: {en: EU delegation's visit to Expo 2025 in Osaka, fi: EU:n delegaation vierailu "
                          "Osakan Expossa}\n",
                    f"    label: {{en: EU delegation's visit to Expo 2025 in Osaka ({tag}), fi: EU:n delegaation "
                    f"vierailu Osakan Expossa ({tag})}}\n")
    memo = _replace(memo, "    ordinal: 30\n", f"    ordinal: {ordinal}\n")
    memo = _replace(memo, "    date: 2025-07-23\n", f"    date: {date}\n")
    memo = _replace(memo, "\n  eu-delegation-visit-to-expo-2025:\n", f"\n  {side}:\n")
    memo = re.sub(r"(?<![\w-])eu-japan-2025(?![\w-])", summit, memo)
    lines, section = [], None
    for line in memo.splitlines(keepends=True):
        top = re.match(r"([a-z_]+):", line)
        if top:
            section = top.group(1)
        key = re.match(r"  ([a-z0-9][a-z0-9-]*):\s*$", line)
        if key and section in ("commitments", "positions", "assessments"):
            line = f"  {key.group(1)}-{tag}:\n"
        lines.append(line)
    return "".join(lines)


def archive_dates(memos: int, seed: int) -> list[str]:
    """``memos`` distinct dates from 2026 on, in increasing order, drawn with ``seed``."""
    import datetime

    rng = random.Random(seed)
    start = datetime.date(2026, 1, 1)
    days = sorted(rng.sample(range(max(3 * memos, 365)), memos))
    return [(start + datetime.timedelta(days=d)).isoformat() for d in days]


def copy_project_inputs(source: Path, target: Path) -> None:
    """Copy a project's inputs (:data:`PROJECT_INPUTS`, whatever of them exists) from ``source`` to ``target``."""
    import shutil

    for name in PROJECT_INPUTS:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, dirs_exist_ok=True)


def make_archive_project(target: Path, memos: int, seed: int = 16) -> list[Path]:
    """Lay out a project in ``target``: this repository's inputs plus ``memos`` synthetic memos.

    The project is the repository's own (ontology, shapes, queries, reference data, history and
    its three memos, which the history cites); the synthetic memos are :func:`archive_memo` copies
    of the 2025 memo, each with a copy of its text, summits numbered from 31 on in date order.
    Returns the synthetic memo files.
    """
    target.mkdir(parents=True, exist_ok=True)
    copy_project_inputs(ROOT, target)
    memo, text = ARCHIVE_MEMO.read_text(encoding="utf-8"), ARCHIVE_SOURCE.read_bytes()
    written = []
    for n, date in enumerate(archive_dates(memos, seed), start=1):
        path = target / "graph" / "memos" / f"eu-japan-synthetic-{n:04d}.fi.yaml"
        path.write_text(archive_memo(memo, n, date, 30 + n), encoding="utf-8")
        (target / "graph" / "sources" / f"eu-japan-synthetic-{n:04d}.fi.txt").write_bytes(text)
        written.append(path)
    return written

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summits", type=int, default=1050)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "synthetic.nq")
    args = parser.parse_args()
    started = time.perf_counter()
    quads = generate(args.summits)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    ox.serialize(quads, str(args.out), format=ox.RdfFormat.N_QUADS)
    print(f"{len(quads)} quads, {args.summits} synthetic summits -> {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
