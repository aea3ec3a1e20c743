"""Named SPARQL queries: the library in ``queries/``, parameters, running, and rendering answers as tables.

Each ``queries/NAME.rq`` starts with a comment block in YAML: ``title`` (en, fi),
``description`` and ``parameters`` (``type``: iri, string, language, integer or date;
``default``; ``required``; ``help``; for IRIs, the ``class`` of what they may name).
Parameters are bound as RDF terms, never pasted into the query text, and an IRI
parameter must name something in the graph.

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
import shutil
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from ..errors import EujgraphError, InputError, Problem, QuerySyntaxError
from ..namespaces import EUJ, PREFIXES
from .engines import Answer, EmbeddedStore, Endpoint, Engine, Term, query_form
from .formats import GRAPH_FORMATS, SELECT_FORMATS, rdf_format, results_format

PARAMETER_TYPES = ("iri", "string", "language", "integer", "date")
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")  # a SPARQL VARNAME (ASCII), so a name is never query text
_LOCAL_ESCAPED = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")  # PN_LOCAL_ESC: euj:person\/kaja-kallas
_PASTEABLE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:/-]*(?<!\.)")
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Parameter:
    """A named parameter of a library query."""

    name: str
    type: str
    default: str | None = None
    required: bool = False
    help: str = ""
    cls: str | None = None  # an IRI parameter names an instance of this class

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
    predeclared: bool = False  # eujgraph's prefixes are declared before the text (``query -e``)

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
    declared = header.get("parameters") or {}
    if not isinstance(declared, dict):
        raise InputError([Problem("the header's 'parameters' must map each name to its type, default and help, "
                                  "e.g. 'parameters: {summit: {type: iri}}'", path)])
    parameters = []
    for name, spec in declared.items():
        parameters.append(_parameter(path, name, spec or {}))
    title = header.get("title") if isinstance(header.get("title"), dict) else {}
    return NamedQuery(path.stem, text, path, {str(k): str(v) for k, v in title.items()},
                      " ".join(str(header.get("description", "")).split()), tuple(parameters))


def _parameter(path: Path, name, spec) -> Parameter:
    if not isinstance(name, str) or not VARIABLE_NAME.fullmatch(name):
        raise InputError([Problem(f"parameter name {_clip(name)} is not a SPARQL variable name "
                                  "(letters, digits and _)", path)])
    if not isinstance(spec, dict):
        raise InputError([Problem(f"parameter {name!r} must be a mapping with type, default and help, "
                                  f"not {_clip(spec)}", path)])
    kind = spec.get("type", "string")
    if kind not in PARAMETER_TYPES:
        raise InputError([Problem(f"parameter {name!r} has unknown type {_clip(kind)} "
                                  f"(use one of {', '.join(PARAMETER_TYPES)})", path)])
    default, cls = spec.get("default"), spec.get("class")
    try:
        cls = expand_iri(cls) if cls is not None else None
    except (ValueError, AttributeError):
        raise InputError([Problem(f"parameter {name!r}: class {_clip(cls)} is not an IRI", path)]) from None
    return Parameter(name, kind, None if default is None else str(default), bool(spec.get("required")),
                     str(spec.get("help", "")), cls)


def _clip(value: object, length: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= length else text[:length] + "…"


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


def bind(query: NamedQuery, values: dict[str, str], engine: Engine | None = None) -> dict[str, Term]:
    """RDF terms for the query's parameters: given values, else defaults; checks required ones.

    With an ``engine``, an IRI parameter must name something in its graph (of the
    parameter's ``class``, if it has one), and a bare name (``deepened``, ``kaja-kallas``)
    is resolved to the one IRI it ends; otherwise the error lists the closest ids.
    """
    bindings: dict[str, Term] = {}
    declared = {p.name for p in query.parameters}
    for name in values:
        if not VARIABLE_NAME.fullmatch(name):
            raise InputError(f"parameter name {_clip(name)} is not a SPARQL variable name (letters, digits and _)")
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
        if parameter.type == "iri" and engine is not None:
            bindings[parameter.name] = resolve_iri(engine, raw, parameter)
        else:
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
    """``<...>``, a full IRI, ``prefix:local`` (eujgraph's prefixes, ``\\/`` escapes allowed) or ``kind/slug`` under ``euj:``."""
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        return raw[1:-1]
    if re.match(r"^[a-z][a-z0-9+.-]*://", raw):
        return raw
    prefix, _, local = raw.partition(":")
    if local and prefix in PREFIXES:
        return PREFIXES[prefix] + _LOCAL_ESCAPED.sub(r"\1", local)
    if re.fullmatch(r"[a-z]+/[A-Za-z0-9._/-]+", raw):
        return str(EUJ) + raw
    raise ValueError("expected an IRI, prefix:local or kind/slug")


def resolve_iri(engine: Engine, raw: str, parameter: Parameter) -> ox.NamedNode:
    """The IRI a parameter value names in the engine's graph, or an input error with the closest ids."""
    try:
        iri = expand_iri(raw)
    except ValueError:
        iri = None
    node = to_term(iri, "iri", parameter.name) if iri else None
    cls = ox.NamedNode(parameter.cls) if parameter.cls else None
    if node is not None and _names_something(engine, node, cls):
        return node
    known = _known_iris(engine, cls)
    what = f" of class {short_term(cls)}" if cls else ""
    if node is None:
        bare = raw.strip()
        ending = [iri for iri in known if re.split(r"[/#]", iri)[-1] == bare]
        if len(ending) == 1:
            return ox.NamedNode(ending[0])
        if ending:
            listed = ", ".join(short_term(ox.NamedNode(i)) for i in ending[:5])
            raise InputError(f"parameter {parameter.name!r}: {_clip(bare)} could name any of {listed}; "
                             "write the one you mean in full")
    shorts = {short_term(ox.NamedNode(i), pasteable=False): i for i in known}
    wanted = short_term(node, pasteable=False) if node is not None else raw.strip()
    close = get_close_matches(wanted, shorts, n=3, cutoff=0.6)
    hint = ("; did you mean " + ", ".join(short_term(ox.NamedNode(shorts[c])) for c in close) + "?") if close else ""
    raise InputError(f"parameter {parameter.name!r}: {_clip(raw.strip())} names nothing{what} in the graph{hint}")


def _names_something(engine: Engine, node: ox.NamedNode, cls: ox.NamedNode | None) -> bool:
    if cls is not None:
        sparql = f"ASK {{ ?x a/<{RDFS_SUBCLASS}>* ?cls }}"
        return bool(engine.query(sparql, {"x": node, "cls": cls}).boolean)
    return bool(engine.query("ASK { { ?x ?p ?o } UNION { ?s ?p ?x } }", {"x": node}).boolean)


def _known_iris(engine: Engine, cls: ox.NamedNode | None) -> list[str]:
    if cls is not None:
        answer = engine.query(f"SELECT DISTINCT ?x WHERE {{ ?x a/<{RDFS_SUBCLASS}>* ?cls FILTER(isIRI(?x)) }}",
                              {"cls": cls})
    else:
        answer = engine.query("SELECT DISTINCT ?x WHERE { ?x ?p ?o FILTER(isIRI(?x)) } LIMIT 200000", {})
    return sorted(row["x"].value for row in answer.solutions())


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

    def dataframe(self, limit: int | None = None):
        """The answer as a pandas ``DataFrame`` (pandas is the optional extra ``eujgraph[dataframe]``).

        SELECT: one column per variable, in the query's order; IRIs and labels as text, numbers
        and truth values as numbers and booleans, dates as their ISO text, unbound as ``None``.
        CONSTRUCT and DESCRIBE: columns ``subject``, ``predicate``, ``object``. ASK has no table.
        """
        try:
            import pandas
        except ImportError:
            raise EujgraphError("DataFrames need pandas: pip install 'eujgraph[dataframe]'") from None
        if self.answer.form == "ASK":
            raise EujgraphError("an ASK query answers true or false (Result.boolean), not a table")
        if self.answer.triples is not None:
            triples = self.answer.triples[:limit]
            return pandas.DataFrame([(_python(t.subject), _python(t.predicate), _python(t.object)) for t in triples],
                                    columns=["subject", "predicate", "object"])
        names = self.answer.variables
        rows = [[_python(row[name]) if row[name] is not None else None for name in names]
                for row in self.answer.solutions(limit)]
        return pandas.DataFrame(rows, columns=names)


def _plain(term: Term) -> Any:
    return term.value


XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {f"{XSD}{name}": int for name in ("integer", "int", "long", "short", "nonNegativeInteger",
                                              "positiveInteger", "nonPositiveInteger", "negativeInteger")}
NUMBERS.update({f"{XSD}{name}": float for name in ("decimal", "double", "float")})


def _python(term: Term) -> Any:
    """A term as a table cell: numbers and booleans as such, everything else as its text."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in NUMBERS:
            try:
                return NUMBERS[datatype](term.value)
            except ValueError:
                return term.value
        if datatype == f"{XSD}boolean":
            return term.value in ("true", "1")
    return term.value


RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


class KnowledgeGraph:
    """The built graph and the query library, ready to ask."""

    def __init__(self, engine: Engine, library: dict[str, NamedQuery]) -> None:
        self.engine = engine
        self.library = library

    @classmethod
    def open(cls, graph_file: Path | None = None, endpoint: str | None = None,
             queries: Path | None = None) -> "KnowledgeGraph":
        """The project's built graph (or ``graph_file``, or a remote ``endpoint``) and its queries."""
        from ..project import Project

        project = Project.find() if graph_file is None or queries is None else None
        if endpoint:
            engine: Engine = Endpoint(endpoint)
        else:
            engine = EmbeddedStore.from_file(graph_file or project.dataset_file)
        return cls(engine, load_library(queries or project.queries_dir))

    def query(self, name_or_sparql: str, *, timeout: float | None = None, **params: str) -> Result:
        """Run a library query by name, or SPARQL text, with parameters as keyword arguments."""
        if name_or_sparql in self.library:
            named = self.library[name_or_sparql]
        elif re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", name_or_sparql, re.I):
            named = NamedQuery("query", name_or_sparql, predeclared=True)
        else:
            named = find_query(self.library, name_or_sparql)
        return run(self.engine, named, params, timeout)


# One line, so that a syntax error in ``query -e`` text still points at the user's own lines (less one).
PREFIX_LINE = " ".join(f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in sorted(PREFIXES.items())) + "\n"


def run(engine: Engine, named: NamedQuery, params: dict[str, str], timeout: float | None = None) -> Result:
    """Bind the parameters and run the query; syntax errors point at line and column."""
    if timeout is not None and not (0 < timeout < float("inf")):
        raise InputError(f"timeout {timeout!r}: expected a number of seconds above 0")
    bindings = bind(named, params, engine)
    sparql = PREFIX_LINE + named.sparql if named.predeclared else named.sparql
    try:
        return Result(named, engine.query(sparql, bindings, timeout))
    except QuerySyntaxError as error:
        raise QuerySyntaxError([syntax_problem(named, str(error), 1 if named.predeclared else 0)]) from None


_ALTERNATIVE = re.compile(r'"((?:[^"\\]|\\.)*)"')


def syntax_problem(named: NamedQuery, message: str, line_offset: int = 0) -> Problem:
    """Where a SPARQL syntax error is and what was expected there, in one line."""
    match = re.search(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not match:
        return Problem(f"SPARQL syntax error: {' '.join(message.split())[:200]}", named.path)
    line, column = int(match.group(1)) - line_offset, int(match.group(2))
    lines = named.sparql.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    where = f"{named.path}:{line}:{column}" if named.path else f"line {line}, column {column}"
    return Problem(f"{where}: SPARQL syntax error: {_explain(match.group(3), source, column)}")


def _explain(expected: str, source: str, column: int) -> str:
    before, after = source[:max(0, column - 1)], source[max(0, column - 1):]
    if "Prefix not found" in expected:
        prefix = re.search(r"([A-Za-z][\w.-]*)?:[^\s]*$", before)
        name = (prefix.group(1) or "") if prefix else ""
        return (f"unknown prefix '{name}:'; declare it (PREFIX {name}: <...>) or use one of eujgraph's "
                f"({', '.join(sorted(PREFIXES))}); in a local name write '/' as '\\/'")
    near = after.strip()[:24]
    options = _ALTERNATIVE.findall(expected)
    if expected.startswith("expected one of") and options:
        wanted = "one of " + " ".join(options[:8])
    else:
        wanted = " ".join(expected.split())
        wanted = wanted if len(wanted) <= 80 else wanted[:80] + "…"
        wanted = wanted.removeprefix("expected ")
    return f"expected {wanted}" + (f" before {near!r}" if near else " at the end of the line")


# --- output -------------------------------------------------------------------------------

def render(result: Result, fmt: str | None, limit: int | None = None, iris: bool = False) -> str:
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
        prefixes = PREFIXES if fmt != "ntriples" else None
        return ox.serialize(triples, format=rdf_format(fmt), prefixes=prefixes).decode("utf-8")
    fmt = fmt or "table"
    if fmt not in SELECT_FORMATS:
        raise InputError(f"format {fmt!r} does not apply to SELECT results; use {', '.join(SELECT_FORMATS)}")
    if fmt in ("csv", "tsv", "json", "xml"):
        return answer.solutions(limit).serialize(format=results_format(fmt)).decode("utf-8")
    return _table(result, limit, markdown=fmt == "md", iris=iris)


def table_columns(names: list[str], rows: list[dict[str, Term]], iris: bool = False) -> tuple[list[str], list[str]]:
    """The columns a table shows, labels first and IRIs last, and the IRI columns it hides.

    An IRI column ``x`` beside a ``xLabel`` column is hidden unless ``iris`` is set.
    """
    def is_iri(name: str) -> bool:
        values = [row[name] for row in rows if name in row]
        return bool(values) and all(isinstance(v, ox.NamedNode) for v in values)

    iri_columns = [n for n in names if is_iri(n)]
    hidden = [n for n in iri_columns if not iris and f"{n}Label" in names]
    shown = [n for n in names if n not in iri_columns] + [n for n in iri_columns if n not in hidden]
    return shown, hidden


def _table(result: Result, limit: int | None, markdown: bool, iris: bool = False, width: int | None = None) -> str:
    from prettytable import PrettyTable, TableStyle

    total = len(result.answer)
    shown_rows = total if limit is None else min(limit, total)
    footer = f"{shown_rows} row{'s' if shown_rows != 1 else ''}" + (f" (of {total})" if shown_rows < total else "")
    rows = result.terms(limit)
    names, hidden = table_columns(result.answer.variables, rows, iris)
    iri_columns = {n for n in names if all(isinstance(row.get(n), ox.NamedNode) for row in rows if n in row)}
    if not names:
        return f"{footer}, no variables\n"
    table = PrettyTable(names)
    table.align = "l"
    if markdown:
        table.set_style(TableStyle.MARKDOWN)
    cells = [[short_term(row[n]) if n in row else "" for n in names] for row in rows]
    for row in cells:
        table.add_row(row)
    if not markdown:
        widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
        wrappable = [n not in iri_columns for n in names]  # an IRI wrapped over lines cannot be pasted
        caps = column_caps(widths, width or shutil.get_terminal_size((120, 24)).columns, wrappable)
        table.max_width = dict(zip(names, caps))
    if hidden:
        footer += f"; IRIs of {', '.join(hidden)} not shown (--iris, or -f csv)"
    return table.get_string() + "\n" + ("" if markdown else footer + "\n")


def column_caps(widths: list[int], total: int, wrappable: list[bool], narrowest: int = 12) -> list[int]:
    """Column widths that fit a table in ``total`` characters, narrowing only the widest wrappable columns."""
    room = total - 3 * len(widths) - 1 - sum(w for w, wraps in zip(widths, wrappable) if not wraps)
    free = [w for w, wraps in zip(widths, wrappable) if wraps]
    cap = max(free, default=0)
    while cap > narrowest and sum(min(w, cap) for w in free) > room:
        cap -= 1
    return [min(w, cap) if wraps else w for w, wraps in zip(widths, wrappable)]


def short_term(term: Term, pasteable: bool = True) -> str:
    """A readable form: IRIs as prefixed names that can be pasted back into SPARQL
    (``euj:person\\/kaja-kallas``, or the full ``<IRI>``), literals as their text."""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            local = term.value[len(namespace):]
            if term.value.startswith(namespace) and (not pasteable or _PASTEABLE_LOCAL.fullmatch(local)):
                return prefix + ":" + (local.replace("/", "\\/") if pasteable else local)
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

