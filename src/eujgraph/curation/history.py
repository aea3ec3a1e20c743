"""Loading the summit history (``graph/history/*.yaml``): cited sources, what each source reports
about each summit, the instruments' dated stages, and the people, places, offices and
organisations they name.

Every fact cites a source the files define; every id resolves (to the history files, the
reference data or a memo's events); every quote is a clause. :func:`load_history` reports
*all* problems at once, each with file and line. The format is documented in
``graph/history/README.md`` and ``docs/curated-format.md``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .._input import at_most, quoted
from ..errors import InputError, Problem
from ._yaml import Located, LocatedList, load_yaml
from .kinds import SLUG, suggest
from .load import Corpus

STAGES_FILE = "stages.yaml"
MAX_QUOTE_WORDS = 26  # a clause, not a passage: texts are cited, not copied
COVERAGE = ("full", "excerpt", "opening")
MODES = ("in-person", "video", "telephone", "margins")
PARTIAL_DATE = re.compile(r"\d{4}(-\d{2})?")
SUMMIT_ID = re.compile(r"eu-japan-\d{4}(-\d)?")
ORGANISATION_TYPES = ("state", "union", "institution", "international-organisation")
INSTRUMENT_KINDS = ("agreement", "partnership", "alliance", "dialogue", "negotiation", "declaration", "action-plan")
DOCUMENT_KINDS = ("joint-statement", "declaration", "action-plan", "press-release", "document")
LABEL_LANGUAGES = ("en", "fi", "ja", "fr")

# Which fields each entry may have; those in the second set are required.
_SOURCE_FIELDS = ({"url", "publisher", "title", "date", "language", "kind", "coverage"},
                  {"publisher", "title", "language", "kind", "coverage"})
_REPORT_FIELDS = ({"source", "quote", "ordinal", "date", "end_date", "place", "mode", "margins_of", "leaders",
                   "participants", "documents", "note", "venue"}, {"source", "quote"})
_ATTENDANCE_FIELDS = ({"person", "office", "party", "role", "name_as_given"}, {"party"})
_STAGE_FIELDS = ({"stage", "date", "summit", "source", "quote", "note"}, {"stage", "source", "quote"})
_DOCUMENT_FIELDS = ({"id", "title", "kind"}, {"id", "title"})
_LABELS = {f"{lang}{suffix}" for lang in LABEL_LANGUAGES for suffix in ("", "_source")}
_ENTITY_FIELDS = {
    "people": (_LABELS, set()),
    "places": (_LABELS | {"country"}, set()),
    "offices": (_LABELS | {"post_in"}, set()),
    "organisations": (_LABELS | {"type", "part_of"}, set()),
}
_INSTRUMENT_FIELDS = (_LABELS | {"id", "kind", "areas", "stages"}, {"id", "stages"})
# Each entity section, and the reference section whose ids it may extend instead of defining anew.
REFERENCE_OF = {"people": "persons", "places": "places", "offices": "offices", "organisations": "organisations",
                "instruments": "instruments"}


@dataclass(frozen=True)
class Where:
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Source:
    """A cited public document: where it is, who published it, and how much of it was read."""

    id: str
    publisher: str
    title: str
    language: str
    kind: str
    coverage: str
    where: Where
    url: str | None = None
    date: str | None = None


@dataclass
class Entity:
    """A person, place, office, organisation or instrument the history names, with its labels.

    ``extends_reference``: the id is one of the reference data, to which only labels are added.
    """

    section: str
    id: str
    labels: dict[str, str]
    label_sources: dict[str, str]
    values: dict
    where: Where
    extends_reference: bool = False


@dataclass
class Attendance:
    """A person at a summit, as one report states it: leader or other participant.

    ``person`` is None for someone the source names only by surname and office (``name_as_given``).
    """

    person: str | None
    office: str | None  # None where the source names no office
    party: str
    leader: bool
    acting_as: str | None
    name_as_given: str | None
    where: Where


@dataclass
class Report:
    """What one source states about one summit."""

    summit: str
    source: str
    quote: str
    where: Where
    ordinal: int | None = None
    date: str | None = None
    end_date: str | None = None
    place: str | None = None
    mode: str | None = None
    margins_of: str | None = None
    venue: str | None = None
    note: str | None = None
    attendances: list[Attendance] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)


@dataclass
class Stage:
    """One stage of an instrument's life (launched, signed, in force...) as one source dates it."""

    instrument: str
    stage: str
    source: str
    quote: str
    where: Where
    date: str | None = None
    summit: str | None = None
    note: str | None = None


@dataclass
class StageKind:
    id: str
    labels: dict[str, str]
    order: int
    where: Where


@dataclass
class History:
    """Everything the history files state, checked."""

    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    stage_kinds: dict[str, StageKind] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    unsourced: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def summits(self) -> dict[str, list[Report]]:
        """The reports of each summit, by summit id, in file order."""
        by_summit: dict[str, list[Report]] = {}
        for report in self.reports:
            by_summit.setdefault(report.summit, []).append(report)
        return by_summit

    def of(self, section: str) -> list[Entity]:
        return [e for (s, _), e in sorted(self.entities.items()) if s == section]


def consensus(values: list) -> object | None:
    """The value most reports give (ties: the first given), or None when none gives one."""
    given = [v for v in values if v is not None]
    if not given:
        return None
    counts = Counter(given)
    best = max(counts.values())
    return next(v for v in given if counts[v] == best)


def load_history(history_dir: Path, corpus: Corpus, root: Path) -> History:
    """Load and check ``history_dir/*.yaml`` against the reference data and memos of ``corpus``.

    An absent folder is an empty history. Raises :class:`~eujgraph.errors.InputError` with every problem.
    """
    history = History()
    if not history_dir.is_dir():
        return history
    problems: list[Problem] = []
    reader = _Reader(history, problems, corpus)
    stages_path = history_dir / STAGES_FILE
    files = sorted(p for p in history_dir.glob("*.yaml") if p.name != STAGES_FILE)
    history.files = files
    if files and not stages_path.exists():
        problems.append(Problem(f"the stage vocabulary {STAGES_FILE} is missing", history_dir))
    for path in ([stages_path] if stages_path.exists() else []) + files:
        try:
            data = load_yaml(path, root)
        except InputError as error:
            problems += error.problems
            continue
        reader.read_file(path, data, stages=path == stages_path)
    if not problems:
        reader.resolve()
    if problems:
        raise InputError(at_most(problems), headline=f"{len(problems)} problem(s) in the history files:")
    return history


class _Reader:
    def __init__(self, history: History, problems: list[Problem], corpus: Corpus) -> None:
        self.history, self.problems = history, problems
        self.reference = {section: {item.id for item in corpus.reference if item.section == section}
                          for section in set(REFERENCE_OF.values()) | {"policy_areas", "documents"}}
        self.memo_events = {item.id for memo in corpus.memos for item in memo.items if item.section == "events"}
        self.memo_ids = {memo.id for memo in corpus.memos}
        self.refs: list[tuple[str, str, Where, str]] = []  # (section, id, where, field) to resolve at the end

    def problem(self, message: str, where: Where | Located | Path, line: int | None = None) -> None:
        if isinstance(where, Where):
            self.problems.append(Problem(message, where.path, where.line))
        elif isinstance(where, Located):
            self.problems.append(Problem(message, where.path, line or where.line))
        else:
            self.problems.append(Problem(message, where, line))

    # --- reading -----------------------------------------------------------------
    def read_file(self, path: Path, data: Located, *, stages: bool) -> None:
        allowed = ("stages",) if stages else ("sources", "people", "places", "offices", "organisations",
                                             "summits", "instruments", "unsourced")
        for name, body in data.items():
            where = Where(path, data.line_of(name))
            if name not in allowed:
                self.problem(f"unknown section {quoted(name)}{suggest(name, allowed)}", where)
            elif body is None:
                continue
            elif name in ("instruments", "unsourced"):
                if not isinstance(body, LocatedList):
                    self.problem(f"section {quoted(name)} must be a list", where)
                elif name == "unsourced":
                    self.history.unsourced += [str(entry) for entry in body]
                else:
                    for index, entry in enumerate(body):
                        self.instrument(entry, Where(path, body.item_lines[index]))
            elif not isinstance(body, Located):
                self.problem(f"section {quoted(name)} must map ids to entries", where)
            else:
                for key, entry in body.items():
                    at = Where(path, body.line_of(key))
                    if not isinstance(entry, Located):
                        self.problem(f"{name} {quoted(key)} must be a mapping of fields", at)
                    elif not SLUG.match(key):
                        self.problem(f"id {quoted(key)} is not a slug (lower-case letters, digits, single hyphens)",
                                     at)
                    else:
                        getattr(self, "stage_kind" if stages else name)(key, entry, at)

    def fields(self, what: str, entry, spec: tuple[set, set], where: Where) -> bool:
        if not isinstance(entry, Located):
            self.problem(f"{what} must be a mapping of fields", where)
            return False
        allowed, required = spec
        fine = True
        for key in entry:
            if key not in allowed:
                self.problem(f"{what}: unknown field {quoted(key)}{suggest(key, allowed)}", entry, entry.line_of(key))
                fine = False
        for key in sorted(required - {k for k, v in entry.items() if v is not None}):
            self.problem(f"{what}: missing required field {key!r}", where)
            fine = False
        return fine

    def text(self, what: str, entry: Located, key: str, *, choices: tuple[str, ...] = ()) -> str | None:
        value = entry.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{what}: field {key!r} must be a non-empty text", entry, entry.line_of(key))
            return None
        if choices and value not in choices:
            self.problem(f"{what}: field {key!r} is {quoted(value)}, not one of {', '.join(choices)}"
                         f"{suggest(value, choices)}", entry, entry.line_of(key))
            return None
        return value

    def date(self, what: str, entry: Located, key: str, *, partial: bool) -> str | None:
        value = self.text(what, entry, key)
        if value is None:
            return None
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            if partial and PARTIAL_DATE.fullmatch(value):
                return value
        shape = "YYYY-MM-DD, YYYY-MM or YYYY" if partial else "YYYY-MM-DD"
        self.problem(f"{what}: field {key!r} {quoted(value)} is not a date ({shape})", entry, entry.line_of(key))
        return None

    def quote(self, what: str, entry: Located) -> str:
        quote = self.text(what, entry, "quote") or ""
        if len(quote.split()) > MAX_QUOTE_WORDS:
            self.problem(f"{what}: the quote has {len(quote.split())} words; quote a clause "
                         f"(at most {MAX_QUOTE_WORDS} words), not a passage", entry, entry.line_of("quote"))
        return quote

    def ref(self, section: str, value: str | None, where: Where, field_name: str) -> str | None:
        if value is not None:
            self.refs.append((section, value, where, field_name))
        return value

    def labels(self, entry: Located, where: Where) -> tuple[dict[str, str], dict[str, str]]:
        labels, sources = {}, {}
        for lang in LABEL_LANGUAGES:
            text = self.text(f"entry at {where}", entry, lang)
            if text:
                labels[lang] = text
            source = self.ref("sources", entry.get(f"{lang}_source"), Where(where.path, entry.line_of(f"{lang}_source")),
                              f"{lang}_source")
            if source:
                sources[lang] = source
        return labels, sources

    def stage_kind(self, key: str, entry: Located, where: Where) -> None:
        if not self.fields(f"stage {quoted(key)}", entry, ({"en", "fi", "ja", "ja_source", "order"},
                                                           {"en", "fi", "order"}), where):
            return
        labels, _ = self.labels(entry, where)
        order = entry.get("order")
        if not isinstance(order, int) or isinstance(order, bool):
            self.problem(f"stage {quoted(key)}: field 'order' must be a whole number", entry, entry.line_of("order"))
            order = 0
        self.history.stage_kinds[key] = StageKind(key, labels, order, where)

    def sources(self, key: str, entry: Located, where: Where) -> None:
        what = f"source {quoted(key)}"
        if not self.fields(what, entry, _SOURCE_FIELDS, where):
            return
        if key in self.history.sources:
            self.problem(f"duplicate source id {quoted(key)} (first at {self.history.sources[key].where})", where)
            return
        url = self.text(what, entry, "url")
        if url is not None and not url.startswith(("https://", "http://")):
            self.problem(f"{what}: the url must start with https:// or http://", entry, entry.line_of("url"))
        self.history.sources[key] = Source(
            key, self.text(what, entry, "publisher") or "", self.text(what, entry, "title") or "",
            self.text(what, entry, "language") or "", self.text(what, entry, "kind") or "",
            self.text(what, entry, "coverage", choices=COVERAGE) or "", where, url,
            self.date(what, entry, "date", partial=True))

    def _entity(self, section: str, key: str, entry: Located, where: Where, values: dict) -> None:
        labels, label_sources = self.labels(entry, where)
        extends = key in self.reference[REFERENCE_OF[section]]
        if extends and set(labels) - {"ja", "fr"}:
            self.problem(f"{section} {quoted(key)} is defined in graph/reference/; the history may add only "
                         "ja (and fr) labels to it", where)
        if not extends:
            for lang in ("en", "fi"):
                if lang not in labels:
                    self.problem(f"{section} {quoted(key)}: no {lang} label ({lang}: ...)", where)
        entity = Entity(section, key, labels, label_sources, values, where, extends)
        first = self.history.entities.get((section, key))
        if first is None:
            self.history.entities[(section, key)] = entity
            return
        clash = [lang for lang in set(first.labels) & set(labels) if first.labels[lang] != labels[lang]]
        if clash or first.values != entity.values:
            self.problem(f"{section} {quoted(key)} is defined differently at {first.where} "
                         f"({', '.join(sorted(clash)) + ' label' if clash else 'other fields'}); "
                         "define it once, or alike", where)
        else:  # a later file may add a label the first one lacks
            first.labels = {**entity.labels, **first.labels}
            first.label_sources = {**entity.label_sources, **first.label_sources}

    def people(self, key: str, entry: Located, where: Where) -> None:
        if self.fields(f"person {quoted(key)}", entry, _ENTITY_FIELDS["people"], where):
            if key not in self.reference["persons"] and "en" in entry:
                entry.setdefault("fi", entry["en"])  # a name is written the same in Finnish
            self._entity("people", key, entry, where, {})

    def places(self, key: str, entry: Located, where: Where) -> None:
        if self.fields(f"place {quoted(key)}", entry, _ENTITY_FIELDS["places"], where):
            country = self.ref("organisations", entry.get("country"), where, "country")
            self._entity("places", key, entry, where, {"country": country} if country else {})

    def offices(self, key: str, entry: Located, where: Where) -> None:
        if self.fields(f"office {quoted(key)}", entry, _ENTITY_FIELDS["offices"], where):
            post_in = self.ref("organisations", entry.get("post_in"), where, "post_in")
            if post_in is None and key not in self.reference["offices"]:
                self.problem(f"office {quoted(key)}: missing required field 'post_in'", where)
            self._entity("offices", key, entry, where, {"post_in": post_in} if post_in else {})

    def organisations(self, key: str, entry: Located, where: Where) -> None:
        what = f"organisation {quoted(key)}"
        if self.fields(what, entry, _ENTITY_FIELDS["organisations"], where):
            values = {"type": self.text(what, entry, "type", choices=ORGANISATION_TYPES)}
            if values["type"] is None and key not in self.reference["organisations"]:
                self.problem(f"{what}: missing required field 'type'", where)
            part_of = self.ref("organisations", entry.get("part_of"), where, "part_of")
            self._entity("organisations", key, entry, where, {**values, **({"part_of": part_of} if part_of else {})})

    def instrument(self, entry, where: Where) -> None:
        if not self.fields("instrument", entry, _INSTRUMENT_FIELDS, where):
            return
        key = self.text("instrument", entry, "id") or ""
        what = f"instrument {quoted(key)}"
        if not SLUG.match(key):
            self.problem(f"instrument id {quoted(key)} is not a slug", where)
            return
        values: dict = {}
        if key not in self.reference["instruments"]:
            values["kind"] = self.text(what, entry, "kind", choices=INSTRUMENT_KINDS)
            if values["kind"] is None:
                self.problem(f"{what}: missing required field 'kind'", where)
        areas = entry.get("areas") or []
        if not isinstance(areas, list):
            self.problem(f"{what}: field 'areas' must be a list of policy-area ids", entry, entry.line_of("areas"))
            areas = []
        values["areas"] = tuple(self.ref("policy_areas", area, Where(where.path, entry.line_of("areas")), "areas")
                                for area in areas)
        if (("instruments", key)) in self.history.entities:
            self.problem(f"{what} is defined twice (first at {self.history.entities[('instruments', key)].where})",
                         where)
            return
        self._entity("instruments", key, entry, where, values)
        stages = entry.get("stages")
        if not isinstance(stages, LocatedList):
            self.problem(f"{what}: field 'stages' must be a list", entry, entry.line_of("stages"))
            return
        for index, item in enumerate(stages):
            at = Where(where.path, stages.item_lines[index])
            if not self.fields(f"{what} stage", item, _STAGE_FIELDS, at):
                continue
            self.history.stages.append(Stage(
                key, self.ref("stage_kinds", self.text(what, item, "stage"), at, "stage") or "",
                self.ref("sources", self.text(what, item, "source"), at, "source") or "",
                self.quote(f"{what} stage", item), at, self.date(what, item, "date", partial=True),
                self.ref("summits", self.text(what, item, "summit"), at, "summit"), self.text(what, item, "note")))

    def summits(self, key: str, entry: Located, where: Where) -> None:
        if not SUMMIT_ID.fullmatch(key):
            self.problem(f"summit id {quoted(key)} is not eu-japan-YYYY or eu-japan-YYYY-N", where)
        reports = entry.get("reports")
        if set(entry) != {"reports"} or not isinstance(reports, LocatedList) or not reports:
            self.problem(f"summit {quoted(key)} must hold one field, 'reports', a non-empty list", where)
            return
        for index, item in enumerate(reports):
            at = Where(where.path, reports.item_lines[index])
            what = f"report on {key}"
            if not self.fields(what, item, _REPORT_FIELDS, at):
                continue
            ordinal = item.get("ordinal")
            if ordinal is not None and (not isinstance(ordinal, int) or isinstance(ordinal, bool) or ordinal < 1):
                self.problem(f"{what}: field 'ordinal' must be a whole number from 1 up", item, item.line_of("ordinal"))
                ordinal = None
            report = Report(
                key, self.ref("sources", self.text(what, item, "source"), at, "source") or "",
                self.quote(what, item), at, ordinal, self.date(what, item, "date", partial=False),
                self.date(what, item, "end_date", partial=False),
                self.ref("places", self.text(what, item, "place"), at, "place"),
                self.text(what, item, "mode", choices=MODES), self.text(what, item, "margins_of"),
                self.text(what, item, "venue"), self.text(what, item, "note"))
            for leader, people in ((True, item.get("leaders")), (False, item.get("participants"))):
                for person_index, person in enumerate(people or []):
                    line = people.item_lines[person_index] if isinstance(people, LocatedList) else at.line
                    spot = Where(where.path, line)
                    if not self.fields(f"{what}: person", person, _ATTENDANCE_FIELDS, spot):
                        continue
                    if person.get("person") is None and not person.get("name_as_given"):
                        self.problem(f"{what}: a person needs 'person' (an id) or 'name_as_given'", spot)
                        continue
                    report.attendances.append(Attendance(
                        self.ref("people", person.get("person"), spot, "person"),
                        self.ref("offices", person.get("office"), spot, "office"),
                        self.ref("organisations", person["party"], spot, "party"), leader,
                        self.ref("offices", person.get("role"), spot, "role"), person.get("name_as_given"), spot))
            for doc_index, document in enumerate(item.get("documents") or []):
                spot = Where(where.path, item["documents"].item_lines[doc_index])
                if self.fields(f"{what}: document", document, _DOCUMENT_FIELDS, spot):
                    kind = self.text(what, document, "kind", choices=DOCUMENT_KINDS) or "document"
                    if not SLUG.match(str(document["id"])):
                        self.problem(f"{what}: document id {quoted(str(document['id']))} is not a slug", spot)
                    report.documents.append({"id": str(document["id"]), "title": str(document["title"]),
                                             "kind": kind})
            self.history.reports.append(report)

    # --- resolving ---------------------------------------------------------------
    def known(self, section: str) -> set[str]:
        if section == "sources":
            return set(self.history.sources)
        if section == "stage_kinds":
            return set(self.history.stage_kinds)
        if section == "summits":
            return {r.summit for r in self.history.reports} | self.memo_events
        if section == "policy_areas":
            return self.reference["policy_areas"]
        return {key for s, key in self.history.entities if s == section} | self.reference[REFERENCE_OF[section]]

    def resolve(self) -> None:
        for section, value, where, field_name in self.refs:
            ids = self.known(section)
            if value not in ids:
                self.problem(f"unknown {section.rstrip('s').replace('_', ' ')} {quoted(str(value))} in field "
                             f"{field_name!r}{suggest(str(value), ids)}", where)
        seen: dict[tuple[str, str], Report] = {}
        for report in self.history.reports:
            first = seen.setdefault((report.summit, report.source), report)
            if first is not report:
                self.problem(f"a second report of source {quoted(report.source)} on {report.summit} "
                             f"(first at {first.where}); one source reports a summit once", report.where)
        for summit, reports in self.history.summits().items():
            if summit not in self.memo_events and not any(r.date for r in reports):
                self.problem(f"summit {quoted(summit)}: no report gives its date (YYYY-MM-DD)", reports[0].where)
        stage_ids: dict[tuple[str, str, str], Stage] = {}
        for stage in self.history.stages:
            first = stage_ids.setdefault((stage.instrument, stage.stage, stage.source), stage)
            if first is not stage and first.date == stage.date:
                self.problem(f"instrument {quoted(stage.instrument)}: source {quoted(stage.source)} dates "
                             f"stage {quoted(stage.stage)} twice the same (first at {first.where})", stage.where)
