"""Named SPARQL queries: the library in ``queries/``, parameters, running and result formats.

Each ``queries/NAME.rq`` starts with a comment block in YAML: ``title`` (en, fi),
``description`` and ``parameters`` (``type``: iri, string, language, integer or date;
``default``; ``required``; ``help``). Parameters are bound as RDF terms, never pasted
into the query text.

>>> from eujgraph.query import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> result = kg.query("summit-participants", summit="euj:summit/eu-japan-2025")
>>> [(row["personLabel"], row["officeLabel"]) for row in result.rows()][0]
('António Costa', 'President of the European Council')
>>> kg.query("party-committed-to-area", area="euj:area/space-security").boolean
True
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from .errors import InputError, Problem
from .namespaces import EUJ, PREFIXES
from .store import Answer, EmbeddedStore, Endpoint, Engine, QuerySyntaxError, Term, query_form

PARAMETER_TYPES = ("iri", "string", "language", "integer", "date")
SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Parameter:
    """A named parameter of a library query."""

    name: str
    type: str
    default: str | None = None
    required: bool = False
    help: str = ""

    def describe(self) -> str:
        if self.required:
            return f"{self.name} ({self.type}, required)"
        if self.default is not None:
            return f"{self.name} ({self.type}, default {self.default})"
        return f"{self.name} ({self.type}, optional)"


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its title, description and parameters."""

    name: str
    sparql: str
    path: Path | None = None
    title: dict[str, str] = field(default_factory=dict)
    description: str = ""
    parameters: tuple[Parameter, ...] = ()

    @property
    def form(self) -> str:
        return query_form(self.sparql)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def read_query(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its YAML header; a bad header names file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(f"cannot read query: {error}", path)]) from None
    header_lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header_lines.append(line[2:] if line.startswith("# ") else line[1:])
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise InputError([Problem(f"malformed query header: {error.problem}", path, line)]) from None
    if not isinstance(header, dict):
        header = {}
    parameters = []
    for name, spec in (header.get("parameters") or {}).items():
        spec = spec or {}
        kind = spec.get("type", "string")
        if kind not in PARAMETER_TYPES:
            raise InputError([Problem(f"parameter {name!r} has unknown type {kind!r} "
                                      f"(use one of {', '.join(PARAMETER_TYPES)})", path)])
        default = spec.get("default")
        parameters.append(Parameter(name, kind, None if default is None else str(default),
                                    bool(spec.get("required")), str(spec.get("help", ""))))
    title = header.get("title") if isinstance(header.get("title"), dict) else {}
    return NamedQuery(path.stem, text, path, {str(k): str(v) for k, v in title.items()},
                      " ".join(str(header.get("description", "")).split()), tuple(parameters))


def load_library(directory: Path) -> dict[str, NamedQuery]:
    """Every query of the library, by name."""
    return {query.name: query for query in (read_query(p) for p in sorted(directory.glob("*.rq")))}


def find_query(library: dict[str, NamedQuery], name: str) -> NamedQuery:
    """The named query, or an error listing the close names."""
    if name in library:
        return library[name]
    close = get_close_matches(name, library, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `eujgraph queries` lists them"
    raise InputError(f"no query named {name!r}{hint}")


def bind(query: NamedQuery, values: dict[str, str]) -> dict[str, Term]:
    """RDF terms for the query's parameters: given values, else defaults; checks required ones."""
    bindings: dict[str, Term] = {}
    declared = {p.name for p in query.parameters}
    for name in values:
        if name not in declared and query.parameters:
            close = get_close_matches(name, declared, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InputError(f"query {query.name!r} has no parameter {name!r}{hint}; it takes "
                             f"{', '.join(p.describe() for p in query.parameters)}")
    for parameter in query.parameters:
        raw = values.get(parameter.name, parameter.default)
        if raw is None:
            if parameter.required:
                raise InputError(f"query {query.name!r} needs parameter {parameter.name!r} "
                                 f"({parameter.type}): {parameter.help} Pass --param {parameter.name}=VALUE")
            continue
        bindings[parameter.name] = to_term(raw, parameter.type, parameter.name)
    for name, raw in values.items():  # ad-hoc queries (-e, files without a header) take strings or IRIs
        if name not in declared:
            bindings[name] = to_term(raw, "iri" if _looks_like_iri(raw) else "string", name)
    return bindings


def to_term(raw: str, kind: str, name: str = "value") -> Term:
    """An RDF term from a parameter value of the given type."""
    try:
        if kind == "iri":
            return ox.NamedNode(expand_iri(raw))
        if kind == "integer":
            return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "date":
            return ox.Literal(date.fromisoformat(raw).isoformat(), datatype=ox.NamedNode(XSD + "date"))
        if kind == "language" and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", raw):
            raise ValueError("not a language tag such as en or fi")
        return ox.Literal(raw)
    except ValueError as error:
        raise InputError(f"parameter {name!r}: {raw!r} is not a valid {kind} ({error})") from None


def expand_iri(raw: str) -> str:
    """``<...>``, a full IRI, ``prefix:local`` (eujgraph's prefixes) or ``kind/slug`` under ``euj:``."""
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        return raw[1:-1]
    if re.match(r"^[a-z][a-z0-9+.-]*://", raw):
        return raw
    prefix, _, local = raw.partition(":")
    if local and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    if re.fullmatch(r"[a-z]+/[A-Za-z0-9._/-]+", raw):
        return str(EUJ) + raw
    raise ValueError("expected an IRI, prefix:local or kind/slug")


def _looks_like_iri(raw: str) -> bool:
    try:
        expand_iri(raw)
        return True
    except ValueError:
        return False


@dataclass
class Result:
    """An answer with the query that produced it."""

    query: NamedQuery
    answer: Answer

    @property
    def boolean(self) -> bool | None:
        return self.answer.boolean

    def rows(self, limit: int | None = None) -> list[dict[str, Any]]:
        """SELECT rows as dicts of plain Python values (IRIs and literals as strings)."""
        return [{name: _plain(value) for name, value in row.items()} for row in self.terms(limit)]

    def terms(self, limit: int | None = None) -> list[dict[str, Term]]:
        """SELECT rows as dicts of pyoxigraph terms (unbound variables left out)."""
        solutions = self.answer.solutions(limit)
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


def _plain(term: Term) -> Any:
    return term.value


class KnowledgeGraph:
    """The built graph and the query library, ready to ask."""

    def __init__(self, engine: Engine, library: dict[str, NamedQuery]) -> None:
        self.engine = engine
        self.library = library

    @classmethod
    def open(cls, graph_file: Path | None = None, endpoint: str | None = None,
             queries: Path | None = None) -> "KnowledgeGraph":
        """The project's built graph (or ``graph_file``, or a remote ``endpoint``) and its queries."""
        from .pipeline import Project

        project = Project.find() if graph_file is None or queries is None else None
        if endpoint:
            engine: Engine = Endpoint(endpoint)
        else:
            engine = EmbeddedStore.from_file(graph_file or project.graph_dir / "eujgraph.trig")
        return cls(engine, load_library(queries or project.root / "queries"))

    def query(self, name_or_sparql: str, *, timeout: float | None = None, **params: str) -> Result:
        """Run a library query by name, or SPARQL text, with parameters as keyword arguments."""
        if name_or_sparql in self.library:
            named = self.library[name_or_sparql]
        elif re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", name_or_sparql, re.I):
            named = NamedQuery("query", name_or_sparql)
        else:
            named = find_query(self.library, name_or_sparql)
        return run(self.engine, named, params, timeout)


def run(engine: Engine, named: NamedQuery, params: dict[str, str], timeout: float | None = None) -> Result:
    """Bind the parameters and run the query; syntax errors point at line and column."""
    bindings = bind(named, params)
    try:
        return Result(named, engine.query(named.sparql, bindings, timeout))
    except QuerySyntaxError as error:
        raise QuerySyntaxError([syntax_problem(named, str(error))]) from None


def syntax_problem(named: NamedQuery, message: str) -> Problem:
    """Where a SPARQL syntax error is, with the offending line and a caret."""
    match = re.search(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not match:
        return Problem(f"SPARQL syntax error: {message}", named.path)
    line, column = int(match.group(1)), int(match.group(2))
    lines = named.sparql.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    expected = " ".join(match.group(3).split())
    if len(expected) > 160:
        expected = expected[:160] + "…"
    where = f"{named.path}:{line}:{column}" if named.path else f"line {line}, column {column}"
    caret = " " * max(0, column - 1) + "^"
    return Problem(f"{where}: SPARQL syntax error: {expected}\n    {source}\n    {caret}")


# --- output -------------------------------------------------------------------------------

def render(result: Result, fmt: str | None, limit: int | None = None) -> str:
    """The answer in the requested format (table by default for SELECT, Turtle for graphs)."""
    answer = result.answer
    if answer.form == "ASK":
        if fmt not in (None, "table", "json", "md"):
            raise InputError(f"format {fmt!r} does not apply to an ASK answer; use table or json")
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer.boolean}) + "\n"
        return ("true" if answer.boolean else "false") + "\n"
    if answer.form in ("CONSTRUCT", "DESCRIBE"):
        fmt = fmt or "turtle"
        if fmt not in GRAPH_FORMATS:
            raise InputError(f"format {fmt!r} does not apply to {answer.form} results; "
                             f"use {', '.join(GRAPH_FORMATS)}")
        triples = answer.triples if limit is None else answer.triples[:limit]
        rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                      "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        prefixes = PREFIXES if fmt != "ntriples" else None
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes).decode("utf-8")
    fmt = fmt or "table"
    if fmt not in SELECT_FORMATS:
        raise InputError(f"format {fmt!r} does not apply to SELECT results; use {', '.join(SELECT_FORMATS)}")
    if fmt in ("csv", "tsv", "json", "xml"):
        results_format = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                          "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}[fmt]
        return answer.solutions(limit).serialize(format=results_format).decode("utf-8")
    return _table(result, limit, markdown=fmt == "md")


def _table(result: Result, limit: int | None, markdown: bool) -> str:
    from prettytable import PrettyTable, TableStyle

    names = result.answer.variables
    table = PrettyTable(names)
    table.align = "l"
    if markdown:
        table.set_style(TableStyle.MARKDOWN)
    for row in result.terms(limit):
        table.add_row([short_term(row[n]) if n in row else "" for n in names])
    total = len(result.answer)
    shown = total if limit is None else min(limit, total)
    footer = f"{shown} row{'s' if shown != 1 else ''}" + (f" (of {total})" if shown < total else "")
    return table.get_string() + "\n" + ("" if markdown else footer + "\n")


def short_term(term: Term) -> str:
    """A readable form: prefixed IRIs (``euj:person/kaja-kallas``), literals as their text."""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def describe(query: NamedQuery, lang: str = "en") -> str:
    """A query's title, description, parameters and text, for ``eujgraph queries NAME``."""
    out = io.StringIO()
    title = query.title.get(lang) or query.title.get("en") or query.name
    out.write(f"{query.name} — {title}\n")
    for other, text in sorted(query.title.items()):
        if other != lang and text != title:
            out.write(f"  ({other}) {text}\n")
    out.write(f"\n{query.description}\n\nform: {query.form}\n")
    if query.parameters:
        out.write("parameters:\n")
        for parameter in query.parameters:
            out.write(f"  --param {parameter.describe()}: {parameter.help}\n")
    out.write(f"\n{query.sparql}")
    return out.getvalue()

