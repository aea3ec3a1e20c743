"""Reconciling another RDF dataset with ours, and writing the links as a VoID linkset.

Matching, in order of trust:

1. **shared identifiers** — the same IRI, or both sides point at the same Wikidata or
   EuroVoc IRI (``owl:sameAs``, ``skos:exactMatch``, ``eujo:eurovocConcept``), or the
   other entity *is* the IRI one of ours points at;
2. **labels** — multilingual labels normalised for case, diacritics ("António" =
   "Antonio"), punctuation, word order ("ISHIBA Shigeru" = "Shigeru Ishiba") and, for
   Finnish, inflection (simplemma lemmas); an exact normalised match, or for concepts a
   close one (token overlap and string similarity);

always constrained by compatible types (a person never matches a concept). Individuals
get ``owl:sameAs``, concepts ``skos:exactMatch`` or ``skos:closeMatch``. When the best
candidates tie, nothing is linked and the case is reported as ambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..query.engines import GRAPH_FILE_EXTENSIONS, Endpoint
from ..remote import one_line
from ..settings import SETTINGS, setting

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
EUJO = "https://w3id.org/eujgraph/ontology#"
LABELS = {"http://www.w3.org/2000/01/rdf-schema#label": "label", SKOS + "prefLabel": "pref",
          SKOS + "altLabel": "alt", "http://xmlns.com/foaf/0.1/name": "label", "https://schema.org/name": "label",
          "http://schema.org/name": "label"}
IDENTITY = (OWL_SAME_AS, SKOS + "exactMatch", EUJO + "eurovocConcept")
KIND_OF_TYPE = {
    "person": ("http://xmlns.com/foaf/0.1/Person", "https://schema.org/Person", "http://schema.org/Person",
               "http://www.w3.org/ns/person#Person", EUJO + "Person"),
    "organisation": ("http://www.w3.org/ns/org#Organization", "http://www.w3.org/ns/org#FormalOrganization",
                     "http://xmlns.com/foaf/0.1/Organization", "https://schema.org/Organization",
                     "http://data.europa.eu/m8g/PublicOrganisation", EUJO + "Organisation", EUJO + "State",
                     EUJO + "Union", EUJO + "Institution", EUJO + "InternationalOrganisation"),
    "place": ("https://schema.org/Place", "http://purl.org/dc/terms/Location", EUJO + "Place"),
    "event": ("http://semanticweb.cs.vu.nl/2009/11/sem/Event", "https://schema.org/Event", EUJO + "Event",
              EUJO + "Summit", EUJO + "SideEvent", EUJO + "Meeting"),
    "office": ("http://www.w3.org/ns/org#Post", EUJO + "Office"),
    "instrument": tuple(EUJO + t for t in ("Instrument", "Alliance", "Dialogue", "Negotiation", "Agreement",
                                           "Partnership")),
    "document": ("http://xmlns.com/foaf/0.1/Document", EUJO + "Document", EUJO + "Memo", EUJO + "JointStatement"),
    "concept": (SKOS + "Concept", EUJO + "PolicyArea"),
}
KIND = {iri: kind for kind, iris in KIND_OF_TYPE.items() for iri in iris}
STOPWORDS = frozenset({"the", "of", "and", "a", "an", "in", "on", "for", "to", "ja", "sekä", "la", "le", "les",
                       "de", "des", "du", "et", "d", "l"})
CLOSE_THRESHOLD = 0.75


@dataclass
class Entity:
    """Something to reconcile: its IRI, kind (from its types), labels and identifiers."""

    iri: str
    kind: str | None = None
    labels: list[tuple[str, str, str]] = field(default_factory=list)  # (text, lang, "pref"/"alt"/"label")
    identifiers: set[str] = field(default_factory=set)

    def display(self, lang: str = "en") -> str:
        for wanted in (lang, "en", ""):
            for text, label_lang, role in self.labels:
                if label_lang == wanted and role != "alt":
                    return text
        return self.labels[0][0] if self.labels else self.iri


@dataclass(frozen=True)
class Link:
    """One proposed link between one of ours and one of theirs."""

    ours: str
    theirs: str
    relation: str
    method: str
    score: float


@dataclass
class Reconciliation:
    """What reconciliation found: links, ambiguous cases, and what stayed unmatched."""

    links: list[Link]
    ambiguous: list[tuple[Entity, list[Link]]]
    unmatched: list[Entity]
    ours: dict[str, Entity]
    theirs: dict[str, Entity]


def entities(quads, restrict_kinds: set[str] | None = None) -> dict[str, Entity]:
    """Entities with at least one label, from triples or quads (pyoxigraph terms)."""
    found: dict[str, Entity] = {}
    for quad in quads:
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        predicate, obj = quad.predicate.value, quad.object
        entity = found.setdefault(subject.value, Entity(subject.value))
        if predicate in LABELS and isinstance(obj, ox.Literal):
            entity.labels.append((obj.value, obj.language or "", LABELS[predicate]))
        elif predicate == RDF_TYPE and obj.value in KIND:
            if entity.kind is None or entity.kind == "concept":
                entity.kind = KIND[obj.value]
        elif predicate in IDENTITY and isinstance(obj, ox.NamedNode):
            entity.identifiers.add(obj.value)
    return {iri: e for iri, e in sorted(found.items())
            if e.labels and (restrict_kinds is None or e.kind in restrict_kinds)}


def normalise(text: str, lang: str) -> tuple[str, ...]:
    """Label tokens with case, diacritics, punctuation, word order and (Finnish) inflection removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    tokens = [t for t in re.split(r"[^\w]+", plain.replace("’", "'").replace("'", " ")) if t]
    tokens = [t for t in tokens if t not in STOPWORDS] or tokens
    if lang == "fi":
        tokens = [_finnish_lemma(t) for t in tokens]
    return tuple(sorted(tokens))


@lru_cache(maxsize=65536)
def _finnish_lemma(token: str) -> str:
    import simplemma

    return simplemma.lemmatize(token, lang="fi").casefold()


def compatible(ours: Entity, theirs: Entity) -> bool:
    return ours.kind is None or theirs.kind is None or ours.kind == theirs.kind


def reconcile(ours: dict[str, Entity], theirs: dict[str, Entity], *, use_identifiers: bool = True) -> Reconciliation:
    """Propose links from each of ours to at most one of theirs; ties are ambiguous."""
    index: dict[tuple[str, ...], list[tuple[Entity, str]]] = {}
    for entity in theirs.values():
        for text, lang, role in entity.labels:
            index.setdefault(normalise(text, lang), []).append((entity, role))
    preferred = [(other, tokens, " ".join(tokens)) for other in theirs.values()
                 for text, lang, role in other.labels if role != "alt" and lang in ("en", "")
                 for tokens in [normalise(text, lang)]]
    preferred_by_token: dict[str, list[int]] = {}
    for number, (_, tokens, _) in enumerate(preferred):
        for token in set(tokens):
            preferred_by_token.setdefault(token, []).append(number)
    by_identifier: dict[str, list[Entity]] = {}
    if use_identifiers:
        for entity in theirs.values():
            for identifier in {entity.iri, *entity.identifiers}:
                by_identifier.setdefault(identifier, []).append(entity)
    links, ambiguous, unmatched = [], [], []
    for entity in ours.values():
        candidates: dict[str, Link] = {}
        if use_identifiers:
            for identifier in sorted({entity.iri, *entity.identifiers}):
                for other in by_identifier.get(identifier, []):
                    if compatible(entity, other):
                        candidates[other.iri] = Link(entity.iri, other.iri, _relation(entity, other, True),
                                                     "shared-identifier", 1.0)
        if not candidates:
            candidates = _label_candidates(entity, index, preferred, preferred_by_token)
        ranked = sorted(candidates.values(), key=lambda link: (-link.score, link.theirs))
        if not ranked:
            unmatched.append(entity)
        elif len(ranked) > 1 and ranked[0].score - ranked[1].score < 0.02:
            ambiguous.append((entity, ranked[:5]))
        else:
            links.append(ranked[0])
    links = _drop_contested(links, ambiguous, ours)
    return Reconciliation(links, ambiguous, unmatched, ours, theirs)


def _label_candidates(entity: Entity, index, preferred, preferred_by_token) -> dict[str, Link]:
    candidates: dict[str, Link] = {}
    keys = {(normalise(text, lang), role) for text, lang, role in entity.labels}
    for key, role in keys:
        for other, other_role in index.get(key, []):
            if compatible(entity, other):
                score = 0.97 if role != "alt" and other_role != "alt" else 0.93
                if score > candidates.get(other.iri, Link("", "", "", "", 0)).score:
                    candidates[other.iri] = Link(entity.iri, other.iri, _relation(entity, other, True),
                                                 "label-exact", score)
    if candidates or entity.kind not in ("concept", None):
        return candidates
    # Concepts only: close matches by token overlap and string similarity of preferred labels.
    ours_pref = {normalise(t, lang) for t, lang, role in entity.labels if role != "alt" and lang in ("en", "")}
    sharing = sorted({number for mine in ours_pref for token in mine for number in preferred_by_token.get(token, ())})
    for other, tokens, joined in (preferred[number] for number in sharing):
        if not compatible(entity, other):
            continue
        for mine in ours_pref:
            overlap = len(set(mine) & set(tokens)) / max(len(set(mine) | set(tokens)), 1)
            if overlap < 0.5:
                continue
            score = round(0.9 * max(overlap, SequenceMatcher(None, " ".join(mine), joined).ratio()), 3)
            if score >= CLOSE_THRESHOLD and score > candidates.get(other.iri, Link("", "", "", "", 0)).score:
                candidates[other.iri] = Link(entity.iri, other.iri, SKOS + "closeMatch", "label-close", score)
    return candidates


def _relation(ours: Entity, theirs: Entity, exact: bool) -> str:
    if "concept" in (ours.kind, theirs.kind):
        return SKOS + ("exactMatch" if exact else "closeMatch")
    return OWL_SAME_AS


def _drop_contested(links: list[Link], ambiguous: list, ours: dict[str, Entity]) -> list[Link]:
    """One of theirs may be the exact match of only one of ours: the clearly strongest claim
    keeps it; tied or weaker claims are reported as ambiguous, not linked."""
    claimed: dict[str, list[Link]] = {}
    for link in links:
        if link.relation != SKOS + "closeMatch":
            claimed.setdefault(link.theirs, []).append(link)
    kept = []
    for link in links:
        rivals = [r for r in claimed.get(link.theirs, []) if r.ours != link.ours]
        best = max((r.score for r in rivals), default=-1.0)
        if rivals and best > link.score - 0.02:
            ambiguous.append((ours[link.ours], [link, *rivals]))
        else:
            kept.append(link)
    return kept


def linkset_quads(result: Reconciliation, name: str, target: str) -> list[ox.Quad]:
    """The links in their own named graph, each reified with its method and score, as a void:Linkset."""
    base = "https://w3id.org/eujgraph/"
    graph = ox.NamedNode(f"{base}graph/linkset/{name}")
    linkset = ox.NamedNode(f"{base}id/linkset/{name}")
    void = "http://rdfs.org/ns/void#"
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    quads = []

    def add(s, p, o) -> None:
        quads.append(ox.Quad(s, ox.NamedNode(p), o, graph))

    add(linkset, RDF_TYPE, ox.NamedNode(void + "Linkset"))
    add(linkset, void + "subjectsTarget", ox.NamedNode(base + "id/dataset/eujgraph"))
    add(linkset, void + "objectsTarget", _target(target))
    add(linkset, void + "triples", ox.Literal(str(len(result.links)), datatype=ox.NamedNode(xsd + "integer")))
    for predicate in sorted({link.relation for link in result.links}):
        add(linkset, void + "linkPredicate", ox.NamedNode(predicate))
    for number, link in enumerate(sorted(result.links, key=lambda l: (l.ours, l.theirs)), 1):
        ours, theirs, relation = ox.NamedNode(link.ours), ox.NamedNode(link.theirs), ox.NamedNode(link.relation)
        quads.append(ox.Quad(ours, relation, theirs, graph))
        statement = ox.NamedNode(f"{base}id/linkset/{name}/{number}")
        add(statement, RDF_TYPE, ox.NamedNode(rdf + "Statement"))
        add(statement, rdf + "subject", ours)
        add(statement, rdf + "predicate", relation)
        add(statement, rdf + "object", theirs)
        add(statement, EUJO + "linkMethod", ox.Literal(link.method))
        add(statement, EUJO + "linkScore", ox.Literal(f"{link.score:.3f}", datatype=ox.NamedNode(xsd + "decimal")))
        add(statement, "http://purl.org/dc/terms/isPartOf", linkset)
    return quads


def _target(other: str) -> ox.NamedNode | ox.Literal:
    if is_endpoint(other):
        try:
            return ox.NamedNode(other)
        except ValueError:
            pass
    return ox.Literal(Path(other).name)


def report_rows(result: Reconciliation, lang: str = "en") -> dict[str, list[dict]]:
    """The matched, ambiguous and unmatched entities as plain rows (for tables and JSON)."""
    def label(iri: str, side: dict[str, Entity]) -> str:
        return side[iri].display(lang) if iri in side else iri

    return {
        "matched": [{"ours": l.ours, "ours_label": label(l.ours, result.ours), "theirs": l.theirs,
                     "theirs_label": label(l.theirs, result.theirs), "relation": l.relation.rsplit("#", 1)[-1],
                     "method": l.method, "score": round(l.score, 3)} for l in result.links],
        "ambiguous": [{"ours": e.iri, "ours_label": e.display(lang),
                       "candidates": [{"theirs": c.theirs, "theirs_label": label(c.theirs, result.theirs),
                                       "score": round(c.score, 3), "method": c.method,
                                       "claimed_by": label(c.ours, result.ours)} for c in candidates]}
                      for e, candidates in result.ambiguous],
        "unmatched": [{"ours": e.iri, "ours_label": e.display(lang), "kind": e.kind or ""} for e in result.unmatched],
    }


# What reconciliation reads from a remote dataset: types, labels and identity links only.
OTHER_QUERY = ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?p IN ("
               + ", ".join(f"<{p}>" for p in (RDF_TYPE, *LABELS, *IDENTITY)) + ")) }")
OTHER_FILE_EXTENSIONS = (*GRAPH_FILE_EXTENSIONS, "rdf")
LINKSET_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def is_endpoint(other: str) -> bool:
    return re.match(r"https?://", other, re.I) is not None


def linkset_name(name: str) -> str:
    """``name`` if it is a slug (``[a-z0-9][a-z0-9-]*``, at most 64 characters), else an input error."""
    if not LINKSET_NAME.fullmatch(name):
        raise InputError(f"linkset name {name[:80]!r} is not a slug: use lower-case letters, digits and hyphens, "
                         "at most 64 characters (or --out FILE to choose the file)")
    return name


def default_linkset_name(other: str) -> str:
    """A slug from the other dataset's file name, or from its URL without the scheme."""
    stem = re.sub(r"^https?://", "", other, flags=re.I) if is_endpoint(other) else Path(other).stem
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:64].strip("-")
    return slug or "other"


def read_other(other: str, timeout: float | None = None) -> list:
    """Triples of the other dataset: an RDF file in any standard format, or a SPARQL endpoint.

    ``timeout`` is the endpoint request's total deadline (default 60 s). RDF/XML with a
    DOCTYPE is refused, as is a file larger than the setting ``link_max_file_mb``.
    """
    if is_endpoint(other):
        # all of the other dataset, and never our store's credentials: the other side is not ours
        return Endpoint(other, scoped=False, login=False).query(OTHER_QUERY, {}, timeout).triples or []
    path = Path(other)
    if not path.is_file():
        raise InputError(f"{other}: no such file (give an RDF file or an http(s) SPARQL endpoint URL)")
    extension = path.suffix.lstrip(".").lower()
    if extension not in OTHER_FILE_EXTENSIONS:
        raise InputError(f"{path}: unknown RDF format {path.suffix or '(no extension)'!r}; use one of "
                         + ", ".join("." + e for e in OTHER_FILE_EXTENSIONS))
    rdf_format = ox.RdfFormat.from_extension(extension)
    max_mb = setting("link_max_file_mb")
    try:
        if path.stat().st_size > max_mb * 1_000_000:
            raise InputError(f"{path}: larger than {max_mb} MB ({SETTINGS['link_max_file_mb'].variable})")
        if rdf_format == ox.RdfFormat.RDF_XML:
            refuse_document_type(path)
        return list(ox.parse(path=str(path), format=rdf_format))
    except OSError as error:
        raise InputError(f"{path}: cannot read it ({error.strerror or error})") from None
    except (SyntaxError, ValueError) as error:
        raise InputError(f"{path}: not valid {rdf_format.name}: {one_line(str(error))[:300]}") from None


def refuse_document_type(path: Path) -> None:
    """Refuse an XML file with a DOCTYPE, read only up to its root element by a non-expanding parser.

    Entities are declared in the DOCTYPE, and the RDF/XML parser expands them: a kilobyte
    of nested entities ("billion laughs") grows to gigabytes, and an external entity reads
    other files.
    """
    from xml.parsers import expat

    class RootReached(Exception):
        pass

    def doctype(*_: object) -> None:
        raise InputError(f"{path}: RDF/XML with a DOCTYPE is refused (its entities could expand without "
                         "bound); expand them and remove the DOCTYPE, or convert the file to Turtle")

    def root(*_: object) -> None:
        raise RootReached

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(65536):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except RootReached:
        return
    except (expat.ExpatError, LookupError, ValueError) as error:
        raise InputError(f"{path}: not well-formed XML: {one_line(str(error))[:300]}") from None


def reconcile_with(project, other: str, *, name: str | None = None, kinds: set[str] | None = None,
                   use_identifiers: bool = True, timeout: float | None = None) -> tuple[Reconciliation, str]:
    """Reconcile the project's built graph (asserted graphs) with ``other``; return the result and linkset name.

    ``name`` must be a slug (see :func:`linkset_name`); by default it comes from ``other``.
    """
    name = default_linkset_name(other) if name is None else linkset_name(name)
    built = project.dataset_file
    if not built.is_file():
        raise InputError(f"{built}: not found; run `eujgraph build` first")
    theirs = entities(read_other(other, timeout))
    try:
        ours_quads = [q for q in ox.parse(path=str(built), format=ox.RdfFormat.TRIG)
                      if not q.graph_name.value.endswith(("/graph/inferred", "/graph/ontology"))
                      and "/graph/linkset/" not in q.graph_name.value]
    except (OSError, SyntaxError) as error:
        raise InputError(f"{built}: cannot read it ({one_line(str(error))[:300]}); run `eujgraph build`") from None
    ours = {iri: e for iri, e in entities(ours_quads, kinds).items() if iri.startswith("https://w3id.org/eujgraph/id/")}
    return reconcile(ours, theirs, use_identifiers=use_identifiers), name


def write_linkset(quads: list, out: Path) -> None:
    """Write a linkset as TriG, atomically."""
    from ..atomic import write_atomically
    from ..namespaces import PREFIXES

    prefixes = {k: PREFIXES[k] for k in ("euj", "eujo", "skos", "owl", "rdf", "dcterms")}
    prefixes["void"] = "http://rdfs.org/ns/void#"
    try:
        write_atomically({out.name: ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)}, out.parent)
    except OSError as error:
        raise InputError(f"{out}: cannot write the linkset ({error.strerror or error})") from None


def precision_recall(proposed: set[tuple[str, str]], gold: set[tuple[str, str]]) -> tuple[float, float]:
    """Precision and recall of proposed (ours, theirs) pairs against gold pairs."""
    hits = len(proposed & gold)
    return (hits / len(proposed) if proposed else 1.0, hits / len(gold) if gold else 1.0)
