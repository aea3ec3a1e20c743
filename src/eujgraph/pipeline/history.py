"""The summit history as RDF: one named graph (``…/graph/history``) of cited sources, what each
source reports about each summit, the instruments' dated stages, and the entities they name.

Each source's claims stay its own: a *report* (``euj:report/<summit>/<source>``) carries the
ordinal, date, place, mode, leaders and documents that one source states, with the quoted
clause as evidence. The summit itself carries the value most reports agree on (ties: the
first file order gives), so that a summit has one date and place to draw; where reports
disagree, the library query ``source-conflicts`` lists each claim with its source. Summits a
memo defines keep the memo's facts; the history adds its reports and a Japanese label.
"""

from __future__ import annotations

import hashlib
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from ..curation.history import History, Report, Source, consensus
from ..curation.load import Corpus
from ..namespaces import DC, EUJ, EUJO, OA, ORG, SCHEMA

PARTIES = ("european-union", "japan")  # every summit and instrument of the history is between these two
STAGE_SCHEME = EUJ["scheme/lifecycle-stages"]
COVERAGE = {"full": EUJO.fullText, "excerpt": EUJO.excerpt, "opening": EUJO.opening}
MODES = {"in-person": EUJO.inPerson, "video": EUJO.video, "telephone": EUJO.telephone, "margins": EUJO.margins}
REMOTE_MODES = ("video", "telephone")
ORGANISATION_CLASSES = {"state": EUJO.State, "union": EUJO.Union, "institution": EUJO.Institution,
                        "international-organisation": EUJO.InternationalOrganisation}
INSTRUMENT_CLASSES = {"agreement": EUJO.Agreement, "partnership": EUJO.Partnership, "alliance": EUJO.Alliance,
                      "dialogue": EUJO.Dialogue, "negotiation": EUJO.Negotiation,
                      "declaration": EUJO.Declaration, "action-plan": EUJO.ActionPlan}
DOCUMENT_CLASSES = {"joint-statement": EUJO.JointStatement}
ENTITY_PATHS = {"people": "person", "places": "place", "offices": "office", "organisations": "organisation",
                "instruments": "instrument"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def entity_iri(section: str, entity_id: str) -> URIRef:
    return EUJ[f"{ENTITY_PATHS[section]}/{entity_id}"]


def summit_iri(summit: str) -> URIRef:
    return EUJ[f"summit/{summit}"]


def source_iri(source: str) -> URIRef:
    return EUJ[f"document/{source}"]


def report_iri(report: Report) -> URIRef:
    return EUJ[f"report/{report.summit}/{report.source}"]


def history_graph(history: History, corpus: Corpus) -> tuple[Graph, dict]:
    """The history's RDF, and where each of its subjects is defined (IRI → (path, line)) for messages."""
    graph, where = Graph(), {}
    memo_ids = {memo.id for memo in corpus.memos}
    memo_summits = {item.id for memo in corpus.memos for item in memo.items
                    if item.section == "events" and item.get("type") == "summit"}
    place_labels = {item.id: item.get("label") for item in corpus.reference if item.section == "places"}
    place_labels.update({e.id: e.labels for e in history.of("places") if not e.extends_reference})
    for source in history.sources.values():
        _add_source(graph, source, is_memo=source.id in memo_ids)
        where[source_iri(source.id)] = (source.where.path, source.where.line)
    for entity in history.entities.values():
        subject = entity_iri(entity.section, entity.id)
        where.setdefault(subject, (entity.where.path, entity.where.line))
        _add_entity(graph, entity)
    for kind in history.stage_kinds.values():
        subject = EUJ[f"lifecycle-stage/{kind.id}"]
        graph.add((subject, RDF.type, EUJO.LifecycleStage))
        graph.add((subject, RDF.type, SKOS.Concept))
        graph.add((subject, SKOS.inScheme, STAGE_SCHEME))
        graph.add((subject, EUJO.order, Literal(kind.order)))
        for lang, text in kind.labels.items():
            graph.add((subject, RDFS.label, Literal(text, lang=lang)))
    if history.stage_kinds:
        graph.add((STAGE_SCHEME, RDF.type, SKOS.ConceptScheme))
        graph.add((STAGE_SCHEME, RDFS.label, Literal("Stages of an instrument's life", lang="en")))
        graph.add((STAGE_SCHEME, RDFS.label, Literal("Välineen elinkaaren vaiheet", lang="fi")))
    ordinals = _ordinal_holders(history)
    for summit, reports in sorted(history.summits().items()):
        for report in reports:
            _add_report(graph, history, report, is_memo=report.source in memo_ids)
            where[report_iri(report)] = (report.where.path, report.where.line)
        _add_summit(graph, history, summit, reports, ordinals, place_labels, defined_by_memo=summit in memo_summits)
        where.setdefault(summit_iri(summit), (reports[0].where.path, reports[0].where.line))
    _add_stages(graph, history, where)
    return graph, where


def _quotation(graph: Graph, history: History, source: str, quote: str) -> URIRef:
    digest = hashlib.sha256(quote.encode("utf-8")).hexdigest()[:16]
    subject = EUJ[f"quote/{source}/{digest}"]
    selector = URIRef(f"{subject}/selector")
    graph.add((subject, RDF.type, EUJO.Quotation))
    graph.add((subject, RDF.type, OA.SpecificResource))
    graph.add((subject, OA.hasSource, source_iri(source)))
    graph.add((subject, OA.hasSelector, selector))
    graph.add((selector, RDF.type, OA.TextQuoteSelector))
    graph.add((selector, OA.exact, Literal(quote, lang=history.sources[source].language or None)))
    return subject


def _date(value: str) -> Literal:
    if len(value) == 4:
        return Literal(value, datatype=XSD.gYear)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.date)


def _add_source(graph: Graph, source: Source, *, is_memo: bool) -> None:
    subject = source_iri(source.id)
    graph.add((subject, RDF.type, EUJO.CitedSource))
    graph.add((subject, EUJO.coverage, COVERAGE[source.coverage]))
    graph.add((subject, DC.publisher, Literal(source.publisher)))
    graph.add((subject, DCTERMS.type, Literal(source.kind)))
    if source.url:
        graph.add((subject, SCHEMA.url, URIRef(source.url)))
    if is_memo:  # the memo's own graph gives its title and language
        return
    graph.add((subject, DCTERMS.title, Literal(source.title, lang=source.language)))
    graph.add((subject, DCTERMS.language, Literal(source.language)))
    if source.date:
        graph.add((subject, DCTERMS.issued, _date(source.date)))


def _add_entity(graph: Graph, entity) -> None:
    subject = entity_iri(entity.section, entity.id)
    for lang, text in entity.labels.items():
        graph.add((subject, RDFS.label, Literal(text, lang=lang)))
    if entity.extends_reference:
        return
    values = entity.values
    if entity.section == "people":
        graph.add((subject, RDF.type, EUJO.Person))
        graph.add((subject, FOAF.name, Literal(entity.labels["en"])))
    elif entity.section == "places":
        graph.add((subject, RDF.type, EUJO.Place))
        if values.get("country"):
            graph.add((subject, EUJO.country, entity_iri("organisations", values["country"])))
    elif entity.section == "offices":
        graph.add((subject, RDF.type, EUJO.Office))
        graph.add((subject, ORG.postIn, entity_iri("organisations", values["post_in"])))
    elif entity.section == "organisations":
        graph.add((subject, RDF.type, ORGANISATION_CLASSES[values["type"]]))
        if values.get("part_of"):
            graph.add((subject, EUJO.partOf, entity_iri("organisations", values["part_of"])))
    else:
        graph.add((subject, RDF.type, INSTRUMENT_CLASSES[values["kind"]]))
        for party in PARTIES:
            graph.add((subject, EUJO.party, entity_iri("organisations", party)))
    for area in values.get("areas", ()):
        graph.add((subject, EUJO.concernsArea, EUJ[f"area/{area}"]))


def _add_report(graph: Graph, history: History, report: Report, *, is_memo: bool) -> None:
    subject, summit = report_iri(report), summit_iri(report.summit)
    evidence = _quotation(graph, history, report.source, report.quote)
    graph.add((subject, RDF.type, EUJO.SourceReport))
    graph.add((subject, EUJO.reportOf, summit))
    graph.add((subject, DCTERMS.source, source_iri(report.source)))
    graph.add((subject, EUJO.hasEvidence, evidence))
    _add_facts(graph, subject, report.ordinal, report.date, report.end_date, report.place, report.mode,
               report.margins_of)
    if report.venue:
        graph.add((subject, EUJO.venue, Literal(report.venue)))
    if report.note:
        graph.add((subject, SKOS.editorialNote, Literal(report.note, lang="en")))
    language = history.sources[report.source].language or None
    for document in report.documents:
        iri = EUJ[f"document/{document['id']}"]
        graph.add((subject, DCTERMS.references, iri))
        graph.add((iri, EUJO.issuedAt, summit))
        if not any(graph.triples((iri, RDF.type, None))):  # the first report to name a document titles it
            graph.add((iri, RDF.type, DOCUMENT_CLASSES.get(document["kind"], EUJO.Document)))
            graph.add((iri, DCTERMS.title, Literal(document["title"], lang=language)))
    if is_memo:  # the memo's graph holds these participations, with their memo spans
        return
    for person in report.attendances:
        if person.person is None:  # named by surname and office only: no person to link
            continue
        iri = EUJ[f"participation/{report.source}/{person.person}-at-{report.summit}"]
        graph.add((iri, RDF.type, EUJO.LeaderParticipation if person.leader else EUJO.Participation))
        graph.add((iri, EUJO.participant, entity_iri("people", person.person)))
        if person.office:
            graph.add((iri, EUJO.inOffice, entity_iri("offices", person.office)))
        graph.add((iri, EUJO.onBehalfOf, entity_iri("organisations", person.party)))
        graph.add((iri, EUJO.atEvent, summit))
        graph.add((iri, DCTERMS.source, source_iri(report.source)))
        graph.add((iri, EUJO.hasEvidence, evidence))
        if person.acting_as and person.acting_as != person.office:
            graph.add((iri, EUJO.actingAs, entity_iri("offices", person.acting_as)))


def _add_facts(graph: Graph, subject: URIRef, ordinal, day, end, place, mode, margins_of) -> None:
    if ordinal is not None:
        graph.add((subject, EUJO.ordinal, Literal(ordinal)))
    if day:
        graph.add((subject, EUJO.date, _date(day)))
    if end:
        graph.add((subject, EUJO.endDate, _date(end)))
    if place:
        graph.add((subject, EUJO.place, entity_iri("places", place)))
    if mode:
        graph.add((subject, EUJO.mode, MODES[mode]))
    if margins_of:
        graph.add((subject, EUJO.marginsOf, Literal(margins_of, lang="en")))


def _ordinal_holders(history: History) -> dict[int, set[str]]:
    holders: dict[int, set[str]] = {}
    for summit, reports in history.summits().items():
        ordinal = consensus([r.ordinal for r in reports])
        if ordinal is not None:
            holders.setdefault(ordinal, set()).add(summit)
    return holders


def _add_summit(graph: Graph, history: History, summit: str, reports: list[Report],
                ordinals: dict[int, set[str]], place_labels: dict, *, defined_by_memo: bool) -> None:
    subject = summit_iri(summit)
    ordinal = consensus([r.ordinal for r in reports])
    day = consensus([r.date for r in reports])
    mode = consensus([r.mode for r in reports])
    # a remote meeting has no venue; a report's place (the venue first planned) stays on the report
    place = None if mode in REMOTE_MODES else consensus([r.place for r in reports])
    if ordinal is not None:
        ja = f"第{ordinal}回日EU定期首脳協議"
        graph.add((subject, RDFS.label, Literal(ja if len(ordinals[ordinal]) == 1 else f"{ja}({_ja_date(day)})",
                                                lang="ja")))
    if defined_by_memo:  # the memo gives ordinal, date and place; the history adds how it met
        if mode:
            graph.add((subject, EUJO.mode, MODES[mode]))
        return
    graph.add((subject, RDF.type, EUJO.Summit))
    for party in PARTIES:
        graph.add((subject, EUJO.party, entity_iri("organisations", party)))
    _add_facts(graph, subject, ordinal, day, consensus([r.end_date for r in reports]), place, mode,
               consensus([r.margins_of for r in reports]))
    for report in reports:
        graph.add((subject, EUJO.hasEvidence, _quotation(graph, history, report.source, report.quote)))
    for lang, text in _summit_labels(ordinal, day, place_labels.get(place), mode, ordinals).items():
        graph.add((subject, RDFS.label, Literal(text, lang=lang)))


def _summit_labels(ordinal, day: str, place: dict | None, mode, ordinals) -> dict[str, str]:
    when = date.fromisoformat(day)
    en_date, fi_date = f"{when.day} {MONTHS[when.month - 1]} {when.year}", f"{when.day}.{when.month}.{when.year}"
    if ordinal is not None:
        suffix = "th" if 10 <= ordinal % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(ordinal % 10, "th")
        labels = {"en": f"{ordinal}{suffix} EU–Japan summit", "fi": f"{ordinal}. EU:n ja Japanin huippukokous"}
        if len(ordinals[ordinal]) > 1:
            labels = {"en": f"{labels['en']} ({en_date})", "fi": f"{labels['fi']} ({fi_date})"}
        return labels
    where = {lang: f", {place[lang]}" if place else "" for lang in ("en", "fi")}
    how = {"en": " (video conference)", "fi": " (videokokous)"} if mode == "video" else {"en": "", "fi": ""}
    return {"en": f"EU–Japan summit meeting{how['en']}{where['en']}, {en_date}",
            "fi": f"EU:n ja Japanin huippukokoustapaaminen{how['fi']}{where['fi']}, {fi_date}"}


def _ja_date(day: str | None) -> str:
    if not day:
        return ""
    when = date.fromisoformat(day)
    return f"{when.year}年{when.month}月{when.day}日"


def _add_stages(graph: Graph, history: History, where: dict) -> None:
    used: dict[URIRef, int] = {}
    for stage in history.stages:
        base = EUJ[f"stage/{stage.instrument}/{stage.stage}/{stage.source}"]
        used[base] = used.get(base, 0) + 1
        subject = base if used[base] == 1 else URIRef(f"{base}-{used[base]}")
        where[subject] = (stage.where.path, stage.where.line)
        graph.add((subject, RDF.type, EUJO.InstrumentStage))
        graph.add((subject, EUJO.stageOf, entity_iri("instruments", stage.instrument)))
        graph.add((subject, EUJO.stage, EUJ[f"lifecycle-stage/{stage.stage}"]))
        graph.add((subject, DCTERMS.source, source_iri(stage.source)))
        graph.add((subject, EUJO.hasEvidence, _quotation(graph, history, stage.source, stage.quote)))
        if stage.date:
            graph.add((subject, EUJO.date, _date(stage.date)))
        if stage.summit:
            graph.add((subject, EUJO.reachedAt, summit_iri(stage.summit)))
        if stage.note:
            graph.add((subject, SKOS.editorialNote, Literal(stage.note, lang="en")))
