"""Where queries run: the embedded Oxigraph store, or any SPARQL 1.1 endpoint.

Both engines answer in one engine-independent form (:class:`Answer`), so formatting
is the same whichever ran the query.

Parameters are RDF terms (pyoxigraph ``NamedNode`` / ``Literal``, which validate and
escape their values) bound with SPARQL's own inline-data mechanism: a ``VALUES``
block of the serialized terms opening the query's top-level group (and, inside the FILTERs of
OPTIONAL groups, the terms in place of their variables). Both engines get
the same query, so they bind identically; a value can never change the query's
structure. (Oxigraph's SEP-0007 substitutions would need every parameter in the
SELECT projection, and the SPARQL protocol has no bindings at all.)
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

import pyoxigraph as ox

from ..errors import EngineError, EujgraphError, Problem, QuerySyntaxError, QueryTimeout, QueryTooComplex
from ..namespaces import GRAPH_BASE

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Answer:
    """What a query returned, engine-independent.

    SELECT answers are held as a SPARQL 1.1 JSON results document (``results``),
    ASK answers as ``boolean``, CONSTRUCT and DESCRIBE answers as ``triples``.
    """

    form: str
    results: dict | None = None
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None

    def solutions(self, limit: int | None = None) -> ox.QuerySolutions:
        """A fresh iterator over the SELECT solutions (at most ``limit``)."""
        document = dict(self.results or {"head": {"vars": []}, "results": {"bindings": []}})
        if limit is not None:
            bindings = document["results"]["bindings"][:limit]
            document = {**document, "results": {**document["results"], "bindings": bindings}}
        return ox.parse_query_results(json.dumps(document).encode(), ox.QueryResultsFormat.JSON)

    @property
    def variables(self) -> list[str]:
        return list((self.results or {}).get("head", {}).get("vars", []))

    def __len__(self) -> int:
        if self.results is not None:
            return len(self.results["results"]["bindings"])
        return len(self.triples or [])


class Engine(Protocol):
    """Something that runs SPARQL with bound parameters."""

    def query(self, sparql: str, bindings: dict[str, Term], timeout: float | None = None) -> Answer: ...


class EmbeddedStore:
    """An in-memory Oxigraph store loaded from the built graph (TriG keeps the named graphs).

    Queries see the union of all named graphs as their default graph, as an RDF merge:
    a triple that several sources state is one triple (Oxigraph's own union default graph
    answers once per quad). ``GRAPH ?g`` still tells which source says what.
    """

    def __init__(self, store: ox.Store | None = None) -> None:
        self.store = store or ox.Store()

    @classmethod
    def from_file(cls, path: Path) -> "EmbeddedStore":
        """Load a graph file (TriG, N-Quads, Turtle, N-Triples or JSON-LD) by its extension."""
        fmt = graph_file_format(path)
        engine = cls()
        try:
            engine.store.bulk_load(path=str(path), format=fmt)
        except FileNotFoundError:
            raise EujgraphError([Problem("graph file not found; run `eujgraph build` first", path)]) from None
        except IsADirectoryError:
            raise EujgraphError([Problem("is a directory, not a graph file", path)]) from None
        except (SyntaxError, ValueError, OSError) as error:
            raise EujgraphError([Problem(f"cannot parse: {_first_line(error)}", path)]) from None
        if fmt.supports_datasets:
            engine.store.update(MERGE_NAMED_GRAPHS)
        return engine

    def query(self, sparql: str, bindings: dict[str, Term], timeout: float | None = None) -> Answer:
        """Run the query on a thread with a large stack, after refusing a text too deep for the parser."""
        from .checks import shape_problem

        text = with_inline_values(sparql, bindings)
        problem = shape_problem(text)
        if problem:
            raise QueryTooComplex(problem)

        def run() -> Answer:
            result = self.store.query(text)
            if isinstance(result, ox.QuerySolutions):
                return Answer("SELECT", results=json.loads(result.serialize(format=ox.QueryResultsFormat.JSON)))
            if isinstance(result, ox.QueryBoolean):
                return Answer("ASK", boolean=bool(result))
            return Answer(query_form(sparql), triples=list(result))

        return _with_timeout(run, timeout)


# The default graph is the set union of the named graphs (SPARQL's RDF merge).
MERGE_NAMED_GRAPHS = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
# RDF/XML is left out: its parser expands XML entities (a "billion laughs" file exhausts memory).
GRAPH_FILE_EXTENSIONS = ("trig", "nq", "ttl", "nt", "jsonld")


def graph_file_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a graph file, from its extension; an unknown one is an input error."""
    extension = path.suffix.lstrip(".").lower()
    fmt = ox.RdfFormat.from_extension(extension) if extension in GRAPH_FILE_EXTENSIONS else None
    if fmt is None:
        raise EujgraphError([Problem(f"cannot tell the RDF format from the extension {path.suffix or '(none)'!r}; "
                                     f"use one of {', '.join('.' + e for e in GRAPH_FILE_EXTENSIONS)}", path)])
    return fmt


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__


# eujgraph's named graphs in a store: every graph the build writes is named under GRAPH_BASE.
PROJECT_GRAPHS_QUERY = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                        f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }} ORDER BY ?g')


class Endpoint:
    """A SPARQL 1.1 Protocol endpoint, queried over HTTP POST.

    A store may hold other datasets and its own system graphs beside eujgraph's. Unless
    ``scoped`` is False, every query that names no dataset of its own (no ``FROM``) runs on
    eujgraph's named graphs only, found once in the store (those named under
    ``https://w3id.org/eujgraph/graph/``): they are sent as the protocol's ``default-graph-uri``
    and ``named-graph-uri``. A store with none of them is queried as it is.
    """

    def __init__(self, url: str, *, scoped: bool = True, login: bool = True) -> None:
        self.url = url
        self.scoped = scoped
        self.login = login  # answer the store's request for credentials (EUJGRAPH_STORE_*, ~/.netrc)
        self._graphs: list[str] | None = None

    def project_graphs(self, timeout: float | None = None) -> list[str]:
        """The IRIs of eujgraph's named graphs in the store, asked for once."""
        if self._graphs is None:
            answer = self._post(PROJECT_GRAPHS_QUERY, "SELECT", [], timeout)
            self._graphs = [row["g"].value for row in answer.solutions() if isinstance(row["g"], ox.NamedNode)]
        return self._graphs

    def query(self, sparql: str, bindings: dict[str, Term], timeout: float | None = None) -> Answer:
        """Run the query; ``timeout`` is the total deadline of each request (default 60 s)."""
        text = with_inline_values(sparql, bindings)
        graphs = self.project_graphs(timeout) if self.scoped and not names_dataset(sparql) else []
        return self._post(text, query_form(sparql), graphs, timeout)

    def _post(self, text: str, form: str, graphs: list[str], timeout: float | None) -> Answer:
        from ..remote import Remote, one_line, store_credentials

        accept = "application/n-triples" if form in ("CONSTRUCT", "DESCRIBE") else "application/sparql-results+json"
        data = [("query", text)] + [(name, graph) for name in ("default-graph-uri", "named-graph-uri")
                                    for graph in graphs]
        credentials = store_credentials(self.url) if self.login else None
        with Remote(timeout, what="endpoint", credentials=credentials) as remote:
            reply = remote.request("POST", self.url, content=urlencode(data).encode(),
                                   headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        if reply.status == 400:
            raise QuerySyntaxError(f"endpoint {self.url} rejected the query: {reply.excerpt(500)}")
        if reply.status >= 300:
            raise EngineError(f"endpoint {self.url} answered HTTP {reply.status}: {reply.excerpt()}")
        try:
            if form == "CONSTRUCT" or form == "DESCRIBE":
                return Answer(form, triples=list(ox.parse(reply.content, format=ox.RdfFormat.N_TRIPLES)))
            parsed = ox.parse_query_results(reply.content, format=ox.QueryResultsFormat.JSON)
            if form == "ASK" and isinstance(parsed, ox.QueryBoolean):
                return Answer("ASK", boolean=bool(parsed))
            if form == "SELECT" and isinstance(parsed, ox.QuerySolutions):
                list(parsed)
                return Answer("SELECT", results=_canonical_booleans(reply.json()))
            raise ValueError(f"not the answer to a {form} query")
        except (ValueError, SyntaxError, RecursionError) as error:
            raise EngineError(f"endpoint {self.url} sent an unreadable answer: {one_line(str(error))[:300]}") from None


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
BOOLEAN_LEXICAL = {"1": "true", "0": "false"}


def _canonical_booleans(document: dict) -> dict:
    """The results with every xsd:boolean in its canonical form (Virtuoso writes 1 and 0)."""
    for row in document.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == XSD_BOOLEAN and term.get("value") in BOOLEAN_LEXICAL:
                term["value"] = BOOLEAN_LEXICAL[term["value"]]
    return document


def _with_timeout(run, timeout: float | None):
    from .checks import QUERY_STACK_BYTES

    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = _translate_errors(run)
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    # The worker cannot be killed; on timeout it is abandoned (a daemon thread) and
    # the caller gets a clear error at once.
    previous = threading.stack_size(QUERY_STACK_BYTES)  # Oxigraph's parser and evaluator recurse
    try:
        worker = threading.Thread(target=target, daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)
    started = time.perf_counter()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"query stopped: it ran longer than the {timeout:g} s timeout "
                           f"({time.perf_counter() - started:.1f} s)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _translate_errors(run):
    try:
        return run()
    except SyntaxError as error:
        raise QuerySyntaxError(str(error)) from None
    except OSError as error:
        raise EngineError(f"the store failed: {error}") from None


# --- binding parameters for endpoints ------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<open>\{) | (?P<close>\})
  | (?P<name>[?$]\w+|[A-Za-z_][\w.-]*:[\w.:%-]*|:[\w.:%-]*)   # variables and prefixed names, not keywords
  | (?P<word>[A-Za-z]+)
  | (?P<other>.)
""", re.X | re.S)


def query_form(sparql: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first query-form keyword outside comments and strings."""
    for match in _TOKEN.finditer(sparql):
        if match.lastgroup == "word" and match.group().upper() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            return match.group().upper()
    return "SELECT"


def names_dataset(sparql: str) -> bool:
    """Whether the query chooses its own dataset (``FROM`` or ``FROM NAMED``, outside comments and strings)."""
    return any(match.lastgroup == "word" and match.group().upper() == "FROM" for match in _TOKEN.finditer(sparql))


def with_inline_values(sparql: str, bindings: dict[str, Term]) -> str:
    """The query with ``VALUES (?a ?b) { (t1 t2) }`` opening its top-level WHERE group.

    Terms are written in their N-Triples form by pyoxigraph, which escapes them, so a
    value can never change the query's structure. Library queries use parameters in
    their top-level group (and the OPTIONAL and FILTER parts of it, which see its
    bindings), not inside sub-queries.
    """
    if not bindings:
        return sparql
    tokens = list(_TOKEN.finditer(sparql))
    form = query_form(sparql)
    depth, seen_where, seen_form, top = 0, False, False, None
    for index, match in enumerate(tokens):
        kind, text = match.lastgroup, match.group()
        if kind == "word" and depth == 0:
            seen_form |= text.upper() == form
            seen_where |= text.upper() == "WHERE"
        elif kind == "open":
            if depth == 0 and seen_form and (seen_where or form != "CONSTRUCT"):
                top = index
                break
            depth += 1
        elif kind == "close":
            depth -= 1
    if top is None:
        raise QuerySyntaxError("cannot bind parameters: the query has no WHERE group")
    # The block opens the top-level group. In the FILTERs of OPTIONAL groups the terms are also written
    # in place of their variables: engines that evaluate an OPTIONAL group on its own (Virtuoso) do not
    # see the bindings around it there, and a VALUES block in every such group makes Virtuoso's planner
    # refuse the query as too costly. The outer binding is that very term, so the answer is the same.
    edits = {(tokens[top].end(), tokens[top].end()): _values_block(bindings)}
    for opening in _optional_groups(tokens, top):
        for first, last in _filters(tokens, opening, _closing(tokens, opening)):
            for token in tokens[first:last]:
                name = token.group()[1:]
                if token.lastgroup == "name" and token.group()[0] in "?$" and name in bindings:
                    edits[(token.start(), token.end())] = str(bindings[name])
    parts, start = [], 0
    for (begin, end), text in sorted(edits.items()):
        parts += [sparql[start:begin], text]
        start = end
    return "".join(parts) + sparql[start:]


def _optional_groups(tokens: list[re.Match], top: int) -> list[int]:
    """The index of the ``{`` of every OPTIONAL group after the token ``top``, at any depth."""
    found = []
    for index in range(top + 1, len(tokens)):
        if tokens[index].lastgroup == "word" and tokens[index].group().upper() == "OPTIONAL":
            opening = next((i for i in range(index + 1, len(tokens)) if tokens[i].lastgroup == "open"), None)
            if opening is not None:
                found.append(opening)
    return found


def _filters(tokens: list[re.Match], start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges of the bracketed expressions of the FILTERs between ``start`` and ``end``
    (``FILTER(…)`` and ``FILTER fn(…)``; not ``FILTER [NOT] EXISTS``, whose group is a pattern)."""
    ranges = []
    for index in range(start, end):
        if tokens[index].lastgroup != "word" or tokens[index].group().upper() != "FILTER":
            continue
        following = next((i for i in range(index + 1, end) if not tokens[i].group().isspace()), None)
        if following is None or tokens[following].group().upper() in ("EXISTS", "NOT"):
            continue
        bracket = next((i for i in range(following, end) if tokens[i].group() == "("), None)
        depth = 0
        for close in range(bracket if bracket is not None else end, end):
            depth += {"(": 1, ")": -1}.get(tokens[close].group(), 0)
            if depth == 0:
                ranges.append((bracket, close))
                break
    return ranges


def _values_block(bindings: dict[str, Term]) -> str:
    names = sorted(bindings)
    return (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
            + " ".join(str(bindings[n]) for n in names) + ") } ")


def _closing(tokens: list[re.Match], opening: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``opening`` (or the end)."""
    depth = 0
    for index in range(opening, len(tokens)):
        kind = tokens[index].lastgroup
        depth += kind == "open"
        depth -= kind == "close"
        if depth == 0:
            return index
    return len(tokens)
