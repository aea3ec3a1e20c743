"""A versioned release a partner can download, cite and check: ``eujgraph release VERSION``.

The release folder ``release/eujgraph-VERSION/`` holds the dataset (TriG, gzipped N-Quads,
Turtle), the ontology and the SHACL shapes, a VoID + DCAT description giving every file's media
type, byte size, SHA-256 checksum and download URL, a licence notice, ``CITATION.cff`` and
``SHA256SUMS``. Its bytes depend only on the inputs and the options: the graph is built afresh
(nothing from ``graph/``), gzip records no time or name, the description has no blank nodes.

Before anything is written the description is checked against ``ontology/release-shapes.ttl``
(what it promises: each distribution has a media type, size, checksum and download URL), and
the folder is written atomically. A folder of the same version holding other bytes is refused:
a published release does not change.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, XSD

from ..errors import EujgraphError, InputError, Problem
from ..project import Project, shipped

SPDX = Namespace("http://spdx.org/rdf/terms#")
RELEASE_FOLDER = "release"
RELEASE_SHAPES = "ontology/release-shapes.ttl"
DEFAULT_BASE_URL = "https://w3id.org/eujgraph/release/"
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3, not in rdflib's DCAT namespace
VERSION = re.compile(r"\d+(\.\d+){0,2}([-.][0-9A-Za-z]+)?")
DATA_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
MEDIA_TYPES = {".trig": "application/trig", ".nq.gz": "application/n-quads", ".ttl": "text/turtle",
               ".cff": "application/x-yaml", ".txt": "text/plain"}


@dataclass
class Release:
    """What ``release`` wrote: the folder, its files (name → bytes) and whether they were there already."""

    folder: Path
    files: dict[str, bytes]
    unchanged: bool = False


def release(project: Project, version: str, *, out_dir: Path | None = None, base_url: str = DEFAULT_BASE_URL,
            progress=lambda message: None) -> Release:
    """Build the project and write release ``version`` into ``out_dir`` (default ``release/eujgraph-VERSION``)."""
    from . import build, load_shapes
    from .files import SortedTriples, serialize_all
    from .shapes import validate_shapes
    from .void import describe_dataset

    if not VERSION.fullmatch(version):
        raise InputError(f"release version {version!r}: expected numbers such as 2026.12 or 1.0.0 "
                         "(optionally with a suffix such as -rc1)")
    folder = out_dir or project.root / RELEASE_FOLDER / f"eujgraph-{version}"
    base = base_url.rstrip("/") + f"/{version}/"
    report = build(project, None, progress=progress)
    progress("serialising the release files")
    stem = f"eujgraph-{version}"
    sorted_triples = SortedTriples()
    rdf = serialize_all(report.graphs, sorted_triples)
    quads = [ox.Quad(t.subject, t.predicate, t.object, sorted_triples.to_ox(name))
             for name, graph in report.graphs for t in sorted_triples(graph)]
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)  # the graphs in the TriG's order, each sorted
    data = {f"{stem}.trig": rdf["eujgraph.trig"], f"{stem}.nq.gz": gzip.compress(nquads, mtime=0),
            f"{stem}.ttl": rdf["eujgraph.ttl"], "ontology.ttl": project.ontology.read_bytes(),
            "shapes.ttl": project.shapes.read_bytes(),
            "LICENSE.txt": _licence(version).encode(), "CITATION.cff": _citation(version, base).encode()}
    description = describe_dataset(report.graphs)
    _describe_release(description, version, base, data)
    own = project.root / RELEASE_SHAPES  # a project made before release existed has none: the shipped ones
    shapes = load_shapes(own, project.root) if own.is_file() else load_shapes(shipped("ontology") / own.name,
                                                                             shipped("ontology"))
    validate_shapes(description, shapes)
    files = {**data, "void.ttl": description.serialize(format="turtle", encoding="utf-8")}
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(content).hexdigest()}  {name}\n"
                                  for name, content in sorted(files.items())).encode()
    existing = {path.name: path.read_bytes() for path in folder.glob("*") if path.is_file()} if folder.is_dir() else {}
    if existing == files:
        return Release(folder, files, unchanged=True)
    if existing:
        raise EujgraphError([Problem(f"release {version} exists with other contents; a published release does "
                                     "not change: choose a new version (or delete the folder)", folder)])
    from ..atomic import write_atomically

    write_atomically(files, folder)
    return Release(folder, files)


def _describe_release(graph: Graph, version: str, base: str, files: dict[str, bytes]) -> None:
    """The release on the dataset's description: its version, and one DCAT distribution per file."""
    from .void import DATASET

    graph.bind("spdx", SPDX)
    graph.bind("owl", OWL)
    for distribution in list(graph.objects(DATASET, DCAT.distribution)):  # the graph files of a build
        graph.remove((DATASET, DCAT.distribution, distribution))
        graph.remove((distribution, None, None))
    graph.add((DATASET, OWL.versionInfo, Literal(version)))
    graph.add((DATASET, DCAT_VERSION, Literal(version)))
    graph.add((DATASET, DCAT.landingPage, URIRef(base)))
    for name, content in sorted(files.items()):
        url = URIRef(base + name)
        distribution = URIRef(f"{base}{name}#distribution")
        checksum = URIRef(f"{base}{name}#sha256")
        graph.add((DATASET, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(name)))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/"
                                                          f"{_media_type(name)}")))
        graph.add((distribution, DCAT.byteSize, Literal(len(content), datatype=XSD.nonNegativeInteger)))
        if name.endswith(".gz"):
            graph.add((distribution, DCAT.compressFormat,
                       URIRef("https://www.iana.org/assignments/media-types/application/gzip")))
        graph.add((distribution, DCTERMS.license, URIRef(DATA_LICENCE)))
        graph.add((distribution, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(content).hexdigest(), datatype=XSD.hexBinary)))


def _media_type(name: str) -> str:
    return next(media for ending, media in MEDIA_TYPES.items() if name.endswith(ending))


def _licence(version: str) -> str:
    return (f"eujgraph {version}: a knowledge graph of EU–Japan relations\n\n"
            f"The data of this release is licensed under the Creative Commons Attribution 4.0\n"
            f"International licence (CC BY 4.0): {DATA_LICENCE}\n"
            "Attribute it as: eujgraph contributors, eujgraph (" + version + ").\n\n"
            "Each claim quotes a few words of its public source as evidence; the sources are named in\n"
            "the data (dcterms:source) and keep their own terms.\n")


def _citation(version: str, base: str) -> str:
    citation = {"cff-version": "1.2.0", "message": "If you use this dataset, please cite it as below.",
                "type": "dataset", "title": "eujgraph: a knowledge graph of EU–Japan relations",
                "version": version, "authors": [{"name": "eujgraph contributors"}],
                "license": "CC-BY-4.0", "url": base}
    return yaml.safe_dump(citation, sort_keys=False, allow_unicode=True)
