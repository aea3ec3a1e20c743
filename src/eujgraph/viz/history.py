"""The timeline's model: summits and instrument stages in time order, read from the built graph.

:func:`timeline_model` turns a dataset into the plain dict that :mod:`.timeline` draws
(summits with place, mode, leaders, coverage and conflicts; instrument stages; the policy
areas each summit raised). It reads the same facts as the library queries
``summits-over-time``, ``instrument-lifecycle``, ``summit-areas``, ``summit-coverage`` and
``source-conflicts`` (tests keep them in step), without a SPARQL engine.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ..namespaces import EUJ, EUJO
from .projection import TripleIndex, node_id

LANGUAGES = ("en", "fi", "ja")
COVERAGE_RANK = {EUJO.fullText: "full", EUJO.excerpt: "excerpt", EUJO.opening: "opening"}
MODE_NAMES = {EUJO.inPerson: "in-person", EUJO.video: "video", EUJO.telephone: "telephone", EUJO.margins: "margins"}
COVERAGE_LABELS = {"full": {"en": "full text", "fi": "koko teksti", "ja": "全文"},
                   "excerpt": {"en": "excerpt only", "fi": "vain ote", "ja": "抜粋のみ"},
                   "opening": {"en": "opening only", "fi": "vain alku", "ja": "冒頭のみ"}}
PARTY_NAMES = {EUJ["organisation/japan"]: "japan", EUJ["organisation/european-union"]: "european-union"}


def timeline_model(source: Graph | Iterable[tuple] | TripleIndex) -> dict:
    """The timeline's data: EU–Japan summits, instrument stages and summit × area counts, sorted."""
    index = source if isinstance(source, TripleIndex) else TripleIndex(source)
    subjects_of = defaultdict(list)
    for subject in index.out:
        for cls in index.objects(subject, RDF.type):
            subjects_of[cls].append(subject)

    def labels(term) -> dict[str, str]:
        found = {}
        for literal in index.objects(term, RDFS.label):
            if isinstance(literal, Literal) and literal.language:
                found.setdefault(literal.language, str(literal))
        english = found.get("en") or node_id(term)
        return {lang: found.get(lang, english) for lang in sorted({*LANGUAGES, *found} & set(LANGUAGES))}

    def ref(term) -> dict:
        return {"id": node_id(term), "labels": labels(term)}

    summits = sorted((s for s in subjects_of[EUJO.Summit]
                      if set(PARTY_NAMES) <= set(index.objects(s, EUJO.party)) and index.value(s, EUJO.date)),
                     key=lambda s: (str(index.value(s, EUJO.date)), str(s)))
    reports = defaultdict(list)
    for report in subjects_of[EUJO.SourceReport]:
        reports[index.value(report, EUJO.reportOf)].append(report)
    leaders = defaultdict(dict)
    for participation in sorted(subjects_of[EUJO.LeaderParticipation]):
        person, summit = index.value(participation, EUJO.participant), index.value(participation, EUJO.atEvent)
        office = index.value(participation, EUJO.inOffice)
        entry = leaders[summit].setdefault(person, {**ref(person), "office": ref(office) if office else None,
                                                    "party": PARTY_NAMES.get(index.value(participation,
                                                                                         EUJO.onBehalfOf))})
        if entry["office"] is None and office is not None:
            entry["office"] = ref(office)
    memos_about = defaultdict(set)  # a curated memo: its text is in the project (eujo:sourceFile)
    for memo in index.out:
        if index.objects(memo, EUJO.sourceFile):
            for event in index.objects(memo, EUJO.about):
                memos_about[event].add(memo)
    model_summits = []
    for summit in summits:
        sources = {index.value(r, DCTERMS.source) for r in reports[summit]} | memos_about[summit]
        coverage = {COVERAGE_RANK.get(index.value(s, EUJO.coverage), "full" if s in memos_about[summit] else None)
                    for s in sources}  # a memo counts with the coverage the history gives it, else as read in full
        best = next((name for name in ("full", "excerpt", "opening") if name in coverage), None)
        place, mode, end = index.value(summit, EUJO.place), index.value(summit, EUJO.mode), \
            index.value(summit, EUJO.endDate)
        ordinal = index.value(summit, EUJO.ordinal)
        model_summits.append({
            "id": node_id(summit), "iri": str(summit), "labels": labels(summit),
            "date": str(index.value(summit, EUJO.date)), "end_date": str(end) if end else None,
            "ordinal": int(ordinal) if ordinal is not None else None,
            "place": ref(place) if place else None, "mode": MODE_NAMES.get(mode),
            "leaders": sorted(leaders[summit].values(), key=lambda p: (p["party"] or "", p["labels"]["en"])),
            "coverage": best, "sources": len(sources), "conflicts": _conflicts(index, reports[summit]),
        })
    stages = []
    for fact in sorted(subjects_of[EUJO.InstrumentStage]):
        instrument, stage = index.value(fact, EUJO.stageOf), index.value(fact, EUJO.stage)
        day, summit = index.value(fact, EUJO.date), index.value(fact, EUJO.reachedAt)
        if day is None and summit is not None:
            day = index.value(summit, EUJO.date)
        if day is None:
            continue  # a stage no source dates and no summit places cannot be drawn on a time axis
        stages.append((instrument, stage, str(day), summit, index.value(fact, DCTERMS.source)))
    grouped: dict[tuple, set] = defaultdict(set)
    summit_of: dict[tuple, URIRef] = {}
    for instrument, stage, day, summit, source in stages:  # one item per instrument, stage and day
        grouped[(instrument, stage, day)].add(source)
        if summit is not None:
            summit_of.setdefault((instrument, stage, day), summit)
    model_stages = []
    for (instrument, stage, day), sources in sorted(grouped.items(), key=lambda item: (
            str(item[0][0]), item[0][2], str(item[0][1]))):
        summit = summit_of.get((instrument, stage, day))
        order = index.value(stage, EUJO.order)
        model_stages.append({
            "id": f"{node_id(instrument)}/{node_id(stage).rsplit('/', 1)[-1]}/{day}",
            "instrument": ref(instrument), "stage": {**ref(stage), "id": node_id(stage).rsplit("/", 1)[-1],
                                                     "order": int(order) if order is not None else 0},
            "date": day, "summit": node_id(summit) if summit else None, "sources": len(sources)})
    areas, cells = _summit_areas(index, subjects_of, summits)
    return {"languages": list(LANGUAGES), "summits": model_summits, "stages": model_stages,
            "areas": [ref(area) for area in areas], "summit_areas": cells, "coverage_labels": COVERAGE_LABELS}


def _conflicts(index: TripleIndex, reports: list) -> list[str]:
    """The facts the reports of one summit give differently: "date: 2003-05-02 (a) / 2003-05-03 (b)"."""
    lines = []
    for name, predicate in (("ordinal", EUJO.ordinal), ("date", EUJO.date), ("place", EUJO.place),
                            ("mode", EUJO.mode)):
        claims = defaultdict(set)
        for report in reports:
            value = index.value(report, predicate)
            if value is not None:
                shown = index.labels(value).get("en") if isinstance(value, URIRef) else str(value)
                claims[shown].add(node_id(index.value(report, DCTERMS.source)).rsplit("/", 1)[-1])
        if len(claims) > 1:
            lines.append(f"{name}: " + " / ".join(f"{value} ({', '.join(sorted(sources))})"
                                                   for value, sources in sorted(claims.items())))
    return lines


def _summit_areas(index: TripleIndex, subjects_of, summits: list) -> tuple[list, list[dict]]:
    """Areas raised at each summit: of the claims made there and the instruments whose stage it reached."""
    wanted = set(summits)
    via = defaultdict(set)
    for claim in index.out:
        summit = index.value(claim, EUJO.madeAt)
        if summit in wanted:
            for area in index.objects(claim, EUJO.concernsArea):
                via[(summit, area)].add(claim)
    for fact in subjects_of[EUJO.InstrumentStage]:
        summit = index.value(fact, EUJO.reachedAt)
        if summit in wanted:
            for area in index.objects(index.value(fact, EUJO.stageOf), EUJO.concernsArea):
                via[(summit, area)].add(fact)
    totals = Counter()
    for (_, area), claims in via.items():
        totals[area] += len(claims)
    areas = sorted(totals, key=lambda a: (-totals[a], index.labels(a)["en"], str(a)))
    cells = [{"summit": node_id(summit), "area": node_id(area), "claims": len(claims)}
             for (summit, area), claims in sorted(via.items(), key=lambda item: (str(item[0][0]), str(item[0][1])))]
    return areas, cells
