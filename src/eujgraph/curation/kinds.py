"""Each kind of curated field in one place: how its YAML value is read, and what it becomes in RDF.

A field of the curated format (:class:`~eujgraph.curation.schema.Field`) names its kind in
``value``; :data:`FIELD_KINDS` maps each kind to a :class:`FieldKind`. The loader calls
``read`` (problems go to the reading's ``bad``), the builder calls ``to_rdf`` with the item's
subject and an :class:`Emitter` that knows how to mint IRIs and anchor evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from .._input import QUOTED_CHARS, confine, quoted
from ..namespaces import EUROVOC, WD
from ..text import Span
from ._yaml import Located, LocatedList
from .schema import REQUIRED_LANGUAGES, Field

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
QID = re.compile(r"^Q[1-9][0-9]*$")
EUROVOC_ID = re.compile(r"^(?:c_[0-9a-f]{8}|[0-9]+)$")
MATCH_KINDS = ("exact", "close", "broad", "narrow")
MATCH_PREDICATES = {"exact": SKOS.exactMatch, "close": SKOS.closeMatch,
                    "broad": SKOS.broadMatch, "narrow": SKOS.narrowMatch}


@dataclass(frozen=True)
class Ref:
    """A reference by id to an item of the ``target`` section."""

    id: str
    target: str
    line: int


@dataclass
class Evidence:
    """A quote of the memo and, once anchored, the span it occupies."""

    quote: str
    line: int
    occurrence: int | None = None
    span: Span | None = None


@dataclass(frozen=True)
class Reading:
    """Where a value is read: its line and file, the project root, and where problems go."""

    line: int
    path: Path
    root: Path
    report: Callable[[str, int], None]

    def bad(self, message: str, at: int | None = None) -> None:
        self.report(message, self.line if at is None else at)


class Emitter(Protocol):
    """What a field kind needs from the builder to write its triples."""

    section: str

    def ref(self, ref: Ref) -> URIRef: ...

    def span(self, evidence: Evidence) -> URIRef: ...


Triples = Iterator[tuple[URIRef, Any]]  # (predicate, object) pairs of the item's subject


@dataclass(frozen=True)
class FieldKind:
    """How one kind of field is read from YAML and written as RDF."""

    read: Callable[[Field, Any, Reading], Any]
    to_rdf: Callable[[Field, Any, Emitter], Triples]


def suggest(word: str, candidates) -> str:
    """`` (did you mean 'x'?)`` for a close candidate, else nothing."""
    if len(word) > QUOTED_CHARS:
        return ""
    close = get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- reading ------------------------------------------------------------------------------

def _text(spec: Field, raw: Any, at: Reading) -> str | Path | None:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str) or not raw.strip():
        return at.bad("must be a non-empty text")
    raw = raw.strip()
    problem = _TEXT_CHECKS.get(spec.value, lambda spec, raw: None)(spec, raw)
    if problem:
        return at.bad(problem)
    if spec.value == "path":
        try:
            return confine(raw, at.path.parent, at.root)
        except ValueError as error:
            return at.bad(f"names {quoted(raw)}, which {error}")
    return raw


def _iso_date(raw: str) -> str | None:
    try:
        date.fromisoformat(raw)
    except ValueError:
        return f"{quoted(raw)} is not an ISO date (YYYY-MM-DD)"
    return None


_TEXT_CHECKS: dict[str, Callable[[Field, str], str | None]] = {
    "language": lambda spec, raw: None if LANGUAGE_TAG.match(raw) else
    f"{quoted(raw)} is not a language tag such as 'fi' or 'en'",
    "choice": lambda spec, raw: None if raw in spec.choices else
    f"{quoted(raw)} is not one of: {', '.join(spec.choices)}{suggest(raw, spec.choices)}",
    "qid": lambda spec, raw: None if QID.match(raw) else f"{quoted(raw)} is not a Wikidata QID such as 'Q458'",
    "eurovoc": lambda spec, raw: None if EUROVOC_ID.match(raw) else
    f"{quoted(raw)} is not a EuroVoc concept id such as '4060' or 'c_04ae3ba8'",
    "date": lambda spec, raw: _iso_date(raw),
}


def _int(spec: Field, raw: Any, at: Reading) -> int | None:
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 1:
        return at.bad("must be a positive whole number")
    return raw


def _langmap(spec: Field, raw: Any, at: Reading) -> dict[str, str] | None:
    if not isinstance(raw, Located):
        return at.bad("must map language tags to texts, e.g. {en: ..., fi: ...}")
    result = {}
    for lang, text in raw.items():
        if not LANGUAGE_TAG.match(lang):
            hint = " (a text with a comma inside {...} needs quotes)" if text is None else ""
            at.bad(f"has {quoted(lang)} where a language tag should be{hint}", raw.line_of(lang))
        elif not isinstance(text, str) or not text.strip():
            at.bad(f"[{lang}] must be a non-empty text", raw.line_of(lang))
        else:
            result[lang] = " ".join(text.split())
    if spec.name == "label":
        missing = [lang for lang in REQUIRED_LANGUAGES if lang not in result]
        if missing:
            at.bad(f"needs a label in {' and '.join(missing)}")
    return result


def _title(spec: Field, raw: Any, at: Reading) -> list[Evidence] | dict[str, str] | None:
    if isinstance(raw, Located) and set(raw) == {"evidence"}:
        return [_one_evidence(raw["evidence"], raw.line_of("evidence"), at)]
    return _langmap(spec, raw, at)


def _langlists(spec: Field, raw: Any, at: Reading) -> dict[str, list[str]] | None:
    if not isinstance(raw, Located):
        return at.bad("must map language tags to lists of texts")
    result = {}
    for lang, texts in raw.items():
        texts = [texts] if isinstance(texts, str) else texts
        if not LANGUAGE_TAG.match(lang) or not isinstance(texts, list) \
                or not all(isinstance(t, str) and t.strip() for t in texts):
            at.bad(f"[{quoted(lang)}] must be a language tag with a list of texts", raw.line_of(lang))
            continue
        result[lang] = [" ".join(t.split()) for t in texts]
    return result


def _matches(spec: Field, raw: Any, at: Reading) -> dict[str, list[str]] | None:
    if not isinstance(raw, Located):
        return at.bad("must map exact/close/broad/narrow to lists of EuroVoc ids")
    result = {}
    for relation, ids in raw.items():
        ids = [ids] if isinstance(ids, (str, int)) else ids
        if relation not in MATCH_KINDS:
            at.bad(f"has {quoted(relation)}; use one of {', '.join(MATCH_KINDS)}", raw.line_of(relation))
            continue
        ids = [str(i) for i in ids] if isinstance(ids, list) else []
        if not ids or any(not EUROVOC_ID.match(i) for i in ids):
            at.bad(f"[{relation}] must list EuroVoc ids such as '411' or 'c_04ae3ba8'", raw.line_of(relation))
            continue
        result[relation] = ids
    return result


def _refs(spec: Field, raw: Any, at: Reading) -> Ref | list[Ref] | None:
    many = spec.value == "refs"
    if not many and isinstance(raw, list):
        return at.bad("takes one id, not a list")
    entries = raw if many and isinstance(raw, list) else [raw]
    lines = raw.item_lines if isinstance(raw, LocatedList) else [at.line] * len(entries)
    refs = []
    for entry, line in zip(entries, lines):
        if not isinstance(entry, str) or not SLUG.match(entry):
            at.bad(f"has {quoted(entry)}, which is not an id", line)
            continue
        refs.append(Ref(entry, spec.target or "", line))
    if many and not refs and spec.required:
        return at.bad("must list at least one id")
    return refs if many else (refs[0] if refs else None)


def _evidence(spec: Field, raw: Any, at: Reading) -> list[Evidence] | None:
    if isinstance(raw, str):
        return [_one_evidence(raw, at.line, at)]
    if not isinstance(raw, LocatedList) or not raw:
        return at.bad("must list at least one quote of the memo")
    found = [_one_evidence(entry, line, at) for entry, line in zip(raw, raw.item_lines)]
    return [e for e in found if e is not None]


def _one_evidence(raw: Any, line: int, at: Reading) -> Evidence | None:
    if isinstance(raw, str) and raw.strip():
        return Evidence(raw, line)
    if isinstance(raw, Located) and isinstance(raw.get("quote"), str):
        extra = set(raw) - {"quote", "occurrence"}
        occurrence = raw.get("occurrence")
        if extra:
            at.bad(f"quote has unknown key(s) {', '.join(sorted(extra))}", raw.line)
        elif occurrence is not None and (not isinstance(occurrence, int) or isinstance(occurrence, bool)
                                         or occurrence < 1):
            at.bad("occurrence must be a positive whole number", raw.line_of("occurrence"))
        else:
            return Evidence(raw["quote"], raw.line, occurrence)
        return None
    at.bad("quotes must be texts or {quote: ..., occurrence: N}", line)
    return None


# --- RDF ------------------------------------------------------------------------------------

def _nothing(spec: Field, value: Any, emit: Emitter) -> Triples:
    return iter(())


def _literal(spec: Field, value: Any, emit: Emitter) -> Triples:
    if spec.predicate is not None:  # an item's id is its IRI, not a triple
        yield spec.predicate, Literal(value)


def _choice(spec: Field, value: str, emit: Emitter) -> Triples:
    yield spec.predicate or RDF.type, spec.choices[value]


def _langmap_rdf(spec: Field, value: dict[str, str], emit: Emitter) -> Triples:
    if spec.name == "label":  # a policy area is a SKOS concept: its label is its prefLabel, and an rdfs:label
        predicates = (SKOS.prefLabel, RDFS.label) if emit.section == "policy_areas" else (RDFS.label,)
    else:
        predicates = (spec.predicate,)
    for lang, text in value.items():
        for predicate in predicates:
            yield predicate, Literal(text, lang=lang)


def _langlists_rdf(spec: Field, value: dict[str, list[str]], emit: Emitter) -> Triples:
    for lang, texts in value.items():
        for text in texts:
            yield spec.predicate, Literal(text, lang=lang)


def _refs_rdf(spec: Field, value: Ref | list[Ref], emit: Emitter) -> Triples:
    if spec.predicate is not None:
        for ref in value if isinstance(value, list) else [value]:
            yield spec.predicate, emit.ref(ref)


def _evidence_rdf(spec: Field, value: list[Evidence], emit: Emitter) -> Triples:
    for evidence in value:
        yield spec.predicate, emit.span(evidence)


def _matches_rdf(spec: Field, value: dict[str, list[str]], emit: Emitter) -> Triples:
    for relation, ids in value.items():
        for concept in ids:
            yield MATCH_PREDICATES[relation], EUROVOC[concept]


FIELD_KINDS: dict[str, FieldKind] = {
    "text": FieldKind(_text, _literal),
    "language": FieldKind(_text, _literal),
    "path": FieldKind(_text, _nothing),          # the memo's source: the builder records it as a file
    "choice": FieldKind(_text, _choice),
    "qid": FieldKind(_text, lambda spec, value, emit: iter([(spec.predicate, WD[value])])),
    "eurovoc": FieldKind(_text, lambda spec, value, emit: iter([(spec.predicate, EUROVOC[value])])),
    "date": FieldKind(_text, lambda spec, value, emit: iter([(spec.predicate, Literal(value, datatype=XSD.date))])),
    "int": FieldKind(_int, lambda spec, value, emit: iter([(spec.predicate, Literal(value, datatype=XSD.integer))])),
    "langmap": FieldKind(_langmap, _langmap_rdf),
    "title": FieldKind(_title, _nothing),        # the memo's title: the builder writes it with its evidence
    "langlists": FieldKind(_langlists, _langlists_rdf),
    "matches": FieldKind(_matches, _matches_rdf),
    "ref": FieldKind(_refs, _refs_rdf),
    "refs": FieldKind(_refs, _refs_rdf),
    "evidence": FieldKind(_evidence, _evidence_rdf),
}
