"""SHACL validation of the built graph with pySHACL (SHACL Core, no inference)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .._input import at_most
from ..errors import NonConformance, Problem
from ..namespaces import short


def validate_shapes(data: Graph, shapes: Graph, locations: Mapping[URIRef, tuple[Path, int]] | None = None,
                    focus: list[URIRef] | None = None) -> None:
    """Raise :class:`NonConformance` listing every violation of ``shapes`` in ``data``.

    ``locations`` maps subjects to the curated file and line they came from, so a
    violation points at what to fix. With ``focus``, only those nodes are validated.
    """
    import pyshacl

    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                           advanced=False, allow_warnings=True, focus_nodes=focus or None)
    if conforms:
        return
    problems = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        text = f"{focus}: {message}"
        if path is not None and isinstance(path, URIRef):
            text += f" (path {short(path)})"
        if value is not None:
            text += f" (value {short(value)})"
        where = (locations or {}).get(focus)
        problems.append(Problem(text, *where) if where else Problem(text))
    problems.sort(key=str)
    raise NonConformance(at_most(problems), headline=f"The data does not conform to the shapes "
                                            f"({len(problems)} violation(s)):")
