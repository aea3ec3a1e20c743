"""EuroVoc (the yamlskosv2 YAML edition) to SKOS RDF."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, Problem

EUROVOC = "http://eurovoc.europa.eu/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DATASET = ox.NamedNode(EUROVOC + "dataset/2021-06-04")
DCTERMS = "http://purl.org/dc/terms/"
NOTICE = ("EuroVoc © European Union. Reuse is authorised provided the source is acknowledged "
          "(Commission Decision 2011/833/EU).")


def load_eurovoc_yaml(path: Path) -> dict:
    """Read the YAML edition (C loader when available: the file holds 7,317 concepts)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=loader)  # noqa: S506 - a safe loader
    except OSError as error:
        raise InputError([Problem(f"cannot read: {error}", path)]) from None
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise InputError([Problem(f"malformed YAML: {error.problem}", path, line)]) from None
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), dict):
        raise InputError([Problem("not a EuroVoc yamlskosv2 file (no 'concepts' mapping)", path)])
    return data


def eurovoc_triples(data: dict) -> list[ox.Triple]:
    """SKOS triples for the schemes and concepts, in a canonical (sorted) order."""
    triples: list[ox.Triple] = []

    def node(key) -> ox.NamedNode:
        return ox.NamedNode(EUROVOC + str(key))

    def add(s, p: str, o) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(p), o))

    add(DATASET, DCTERMS + "title", ox.Literal(str(data.get("title", {}).get("en", "EuroVoc")), language="en"))
    add(DATASET, DCTERMS + "issued", ox.Literal(str(data.get("issued", "")),
                                                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
    add(DATASET, DCTERMS + "rights", ox.Literal(NOTICE, language="en"))
    add(DATASET, DCTERMS + "publisher", ox.Literal("Publications Office of the European Union"))
    for key, scheme in (data.get("schemes") or {}).items():
        add(node(key), str(RDF_TYPE.value), ox.NamedNode(SKOS + "ConceptScheme"))
        _labels(add, node(key), scheme)
    for key, concept in data["concepts"].items():
        subject = node(key)
        add(subject, str(RDF_TYPE.value), ox.NamedNode(SKOS + "Concept"))
        _labels(add, subject, concept)
        for relation in ("broader", "narrower", "related"):
            for other in concept.get(relation) or []:
                add(subject, SKOS + relation, node(other))
        for scheme in concept.get("inScheme") or []:
            add(subject, SKOS + "inScheme", node(scheme))
        for note in (concept.get("scopeNote") or {}).get("en", []):
            add(subject, SKOS + "scopeNote", ox.Literal(str(note), language="en"))
        for notation in concept.get("notation") or []:
            add(subject, SKOS + "notation", ox.Literal(str(notation)))
    return sorted(set(triples), key=str)


def _labels(add, subject, entry: dict) -> None:
    for lang, text in (entry.get("prefLabel") or {}).items():
        add(subject, SKOS + "prefLabel", ox.Literal(str(text), language=lang))
    for lang, texts in (entry.get("altLabel") or {}).items():
        for text in texts:
            add(subject, SKOS + "altLabel", ox.Literal(str(text), language=lang))


def convert(source: Path, out: Path) -> int:
    """Write EuroVoc as SKOS to ``out`` (format by extension: .nt, .ttl, .trig, .nq); return the triple count."""
    from ..atomic import write_atomically
    from ..namespaces import PREFIXES

    try:
        rdf_format = ox.RdfFormat.from_extension(out.suffix.lstrip("."))
    except ValueError:
        rdf_format = None
    if rdf_format is None:
        raise InputError(f"{out}: unknown RDF format {out.suffix!r}; use .nt, .ttl, .nq or .trig")
    triples = eurovoc_triples(load_eurovoc_yaml(source))
    prefixes = {"skos": SKOS, "dcterms": DCTERMS, "eurovoc": PREFIXES["eurovoc"]}
    payload = ox.serialize(triples, format=rdf_format,
                           prefixes=prefixes if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None)
    write_atomically({out.name: payload}, out.parent)
    return len(triples)
