"""`eujgraph serve`: a SPARQL 1.1 endpoint, a query page, entity pages and the interactive graph.

An ASGI application (Starlette, served by uvicorn) over the built graph, read-only:

    /                   the query page: YASGUI with the query library, parameters as form fields
    /sparql             SPARQL 1.1 Protocol (GET, POST form, POST application/sparql-query);
                        without a query, the SPARQL 1.1 service description
    /queries            the library as JSON; /queries/NAME[.csv|.json|.tsv|.xml|.ttl|.nt|.jsonld|.rq]?PARAM=…
                        runs one (``.rq`` gives its text with the parameters bound)
    /id/…               entity pages: HTML, or Turtle / JSON-LD / N-Triples by Accept or suffix
    /resource?iri=…     the same page for any other IRI in the graph
    /graph              the interactive graph, its details panel linking to the entity pages
    /static/…           vendored YASGUI, the pages' script and style
    /favicon.ico        the site's icon, drawn in code (:mod:`eujgraph.web.favicon`)

Queries run in worker processes (:mod:`eujgraph.web.workers`) so that a query over its timeout
is really stopped; each checks a query (:mod:`eujgraph.query.checks`) before reading it.
Every worker loads the same private copy of the graph file, taken at start-up, so a rebuild
reaches the server when it is restarted and never half of it. HTTP is uvicorn's httptools
protocol with a cap on the request head and a deadline for a whole request
(:func:`bounded_http`). Limits come from the settings table (``serve_*``) unless given here.

    >>> app = create_app(Path("graph"))                      # doctest: +SKIP
    >>> serve(Path("graph"), host="127.0.0.1", port=8000)    # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import sys
import tempfile
from collections import OrderedDict
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qsl, quote

from jinja2 import Environment, PackageLoader
from pyoxigraph import NamedNode
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import EujgraphError
from ..namespaces import ONTOLOGY_IRI, PREFIXES
from ..project import dataset_path
from ..settings import setting
from ..terms import LANGUAGES, curie
from .entity import EUJ_BASE, entity_path, pick as pick_label
from .favicon import favicon_ico
from .protocol import (
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    Format,
    ServiceError,
    choose_formats,
    format_by_name,
    negotiate,
    not_acceptable,
    parse_accept,
)
from .workers import WorkerPool

HTML = Format("html", "text/html", ("application/xhtml+xml",))
ENTITY_FORMATS = (HTML, *GRAPH_FORMATS[:3])
SUFFIXES = {".ttl": "turtle", ".jsonld": "jsonld", ".nt": "ntriples"}
LIBRARY_SUFFIXES = {".csv": "csv", ".json": "json", ".tsv": "tsv", ".xml": "xml", ".ttl": "turtle",
                    ".nt": "ntriples", ".jsonld": "jsonld", ".rq": "rq"}
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class Limits:
    """What one request may cost."""

    timeout: float
    row_cap: int
    max_query_bytes: int

    @classmethod
    def from_settings(cls, timeout: float | None = None, row_cap: int | None = None,
                      max_query_bytes: int | None = None) -> "Limits":
        return cls(float(setting("serve_query_timeout_s") if timeout is None else timeout),
                   setting("serve_row_cap") if row_cap is None else row_cap,
                   setting("serve_max_query_bytes") if max_query_bytes is None else max_query_bytes)


class ResponseCache:
    """Answers from the read-only graph, kept within a byte budget, least recently used out first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self._entries: OrderedDict[tuple, tuple[bytes, dict]] = OrderedDict()

    def get(self, key: tuple) -> Response | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return Response(entry[0], headers=entry[1])

    def put(self, key: tuple, response: Response) -> Response:
        body = bytes(response.body)
        if len(body) * 8 > self.max_bytes or response.status_code != 200:
            return response
        self._entries[key] = (body, {k: v for k, v in response.headers.items() if k != "content-length"})
        self.size += len(body)
        while self.size > self.max_bytes:
            _, (old, _) = self._entries.popitem(last=False)
            self.size -= len(old)
        return response


class ServeError(EujgraphError):
    """The server cannot run: the address is taken, or the like."""

    exit_code = 3


class Service:
    """The served graph: worker pool, query library, limits, page templates and the graph page."""

    def __init__(self, graph_path: Path, *, queries_dir: Path | None, limits: Limits, workers: int,
                 cache_bytes: int = 0, max_workers: int | None = None, memory_mb: int = 0) -> None:
        self.graph_file = dataset_path(graph_path)
        self.snapshot_dir = Path(tempfile.mkdtemp(prefix="eujgraph-serve-"))
        self.snapshot = self.snapshot_dir / self.graph_file.name
        self.cache = ResponseCache(cache_bytes)
        self.queries_dir = queries_dir
        self.limits = limits
        self.pool = WorkerPool(self.snapshot, workers, max_size=max_workers, memory_mb=memory_mb)
        self.library: dict = {}
        self.templates = Environment(loader=PackageLoader("eujgraph.web", "templates"), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True)
        self.templates.filters["href"] = href
        self.templates.filters["pick"] = pick
        self._graph_page: bytes | None = None
        self._timeline_page: bytes = b""
        self._graph_nodes: set[str] = set()
        self._graph_lock = asyncio.Lock()
        self._ontology: dict[str, bytes] = {}

    async def start(self) -> None:
        from ..query.library import load_library

        if not self.graph_file.is_file():
            raise EujgraphError(f"{self.graph_file}: no such file; run `eujgraph build` first (or pass --graph FILE)")
        if self.queries_dir is not None and self.queries_dir.is_dir():
            self.library = load_library(self.queries_dir)
        try:
            shutil.copyfile(self.graph_file, self.snapshot)
        except OSError as error:
            raise EujgraphError(f"{self.graph_file}: cannot read it: {error.strerror}") from None
        try:
            await self.pool.start()
        except ServiceError as error:
            raise EujgraphError(error.message.replace(str(self.snapshot), str(self.graph_file))) from None

    async def close(self) -> None:
        await self.pool.close()
        shutil.rmtree(self.snapshot_dir, ignore_errors=True)

    async def graph_page(self) -> tuple[bytes, set[str]]:
        """The interactive page of the whole graph, built once (in a thread) on first use."""
        async with self._graph_lock:
            if self._graph_page is None:
                self._graph_page, self._graph_nodes = await asyncio.to_thread(self._render_graph)
        return self._graph_page, self._graph_nodes

    async def timeline_page(self) -> bytes:
        """The timeline of the summits and the instruments' stages, built with the graph page."""
        await self.graph_page()
        return self._timeline_page

    def _render_graph(self) -> tuple[bytes, set[str]]:
        from ..viz.history import timeline_model
        from ..viz.page import render_page
        from ..viz.projection import TripleIndex, load_dataset, project
        from ..viz.timeline import render_timeline

        dataset = load_dataset(self.snapshot)  # read once for the page, the timeline and the ontology
        index = TripleIndex(dataset)
        projection = project(index)
        self._timeline_page = render_timeline(timeline_model(index), entity_base="/id/", network_href="/graph")
        self._ontology = self._ontology_documents(dataset)
        return (render_page(projection, entity_base="/id/", timeline_href="/timeline", ontology_href="/ontology"),
                set(projection.nodes))

    async def ontology(self) -> dict[str, bytes]:
        """The served graph's ontology by format name, its documentation (``html``) and its RDF; built
        with the graph page, empty when the graph holds no ontology."""
        await self.graph_page()
        return self._ontology

    @staticmethod
    def _ontology_documents(dataset) -> dict[str, bytes]:
        from rdflib import Graph

        from ..namespaces import ONTOLOGY_GRAPH
        from ..viz.ontology_docs import render_ontology_docs

        ontology = Graph()
        ontology += dataset.graph(ONTOLOGY_GRAPH)
        if not len(ontology):
            return {}
        for prefix, namespace in PREFIXES.items():
            ontology.bind(prefix, namespace, replace=True)
        triples = ((s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None)))
        return {"html": render_ontology_docs(ontology, triples),
                "turtle": ontology.serialize(format="turtle", encoding="utf-8"),
                "ntriples": ontology.serialize(format="nt", encoding="utf-8"),
                "jsonld": ontology.serialize(format="json-ld", encoding="utf-8")}

    def render(self, template: str, status: int = 200, **context) -> HTMLResponse:
        html = self.templates.get_template(template).render(**context)
        return HTMLResponse(html, status, headers={"Content-Security-Policy": PAGE_CSP})


def href(term: dict | str | None) -> str | None:
    """Where a link to an IRI goes: its entity page, its page by IRI, or (http and https only) itself."""
    if term is None:
        return None
    iri = term if isinstance(term, str) else term.get("value", "")
    if not isinstance(term, str) and term.get("kind") != "iri":
        return None
    local = entity_path(iri)
    if local:
        return quote(local, safe="/:@!$&'()*+,;=-._~")
    if isinstance(term, dict) and term.get("known"):
        return "/resource?iri=" + quote(iri, safe="")
    return iri if iri.startswith(("http://", "https://")) else None


def pick(labels: dict | None, lang: str = "en") -> str:
    return pick_label(labels or {}, lang)


# --- errors -------------------------------------------------------------------------------

def plain_error(status: int, message: str, retry_after: int | None = None) -> PlainTextResponse:
    headers = {"Cache-Control": "no-store"}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return PlainTextResponse(message.rstrip() + "\n", status, headers=headers)


def error_response(error: ServiceError) -> PlainTextResponse:
    return plain_error(error.status, error.message, getattr(error, "retry_after", None))


# --- the SPARQL protocol ------------------------------------------------------------------

async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is longer than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ServiceError(400, "malformed Content-Length header")
        if int(declared) > limit:
            raise ServiceError(413, f"the request body ({int(declared)} bytes) is larger than this server's "
                                     f"limit of {limit} bytes for a query")
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ServiceError(413, f"the request body is larger than this server's limit of {limit} bytes "
                                         "for a query")
            chunks.append(chunk)
    except ClientDisconnect:
        raise ServiceError(400, "the client went away before sending the whole request") from None
    return b"".join(chunks)


@dataclass
class ProtocolRequest:
    """What a protocol request asks: the query (or None) and the RDF dataset."""

    query: str | None
    default_graphs: list[str]
    named_graphs: list[str]
    format: str | None


async def protocol_request(request: Request, limits: Limits) -> ProtocolRequest:
    """Parse a GET or POST protocol request; updates and unknown body types are refused."""
    pairs = list(request.query_params.multi_items())
    if len(request.url.query) > limits.max_query_bytes:
        raise ServiceError(414, f"the query string is longer than this server's limit of "
                                 f"{limits.max_query_bytes} bytes; send the query by POST")
    if request.method == "POST":
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == "application/sparql-update":
            raise ServiceError(403, "SPARQL Update is not allowed: this endpoint is read-only")
        body = await read_body(request, limits.max_query_bytes)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ServiceError(400, "the request body is not UTF-8") from None
        if media_type == "application/x-www-form-urlencoded":
            try:
                pairs += parse_qsl(text, keep_blank_values=True, max_num_fields=1_000)
            except ValueError:
                raise ServiceError(400, "more than 1000 form fields") from None
        elif media_type == "application/sparql-query":
            if any(name == "query" for name, _ in pairs):
                raise ServiceError(400, "a query in the body and in the URL: send it once")
            pairs.append(("query", text))
        else:
            raise ServiceError(415, f"unsupported Content-Type {media_type or '(none)'!r}; send "
                                     "application/x-www-form-urlencoded or application/sparql-query")
    if any(name == "update" for name, _ in pairs):
        raise ServiceError(403, "SPARQL Update is not allowed: this endpoint is read-only")
    queries = [value for name, value in pairs if name == "query"]
    if len(queries) > 1:
        raise ServiceError(400, "more than one query parameter; send exactly one query")
    formats = [value for name, value in pairs if name in ("format", "output")]
    for name, value in pairs:
        if name in ("default-graph-uri", "named-graph-uri"):
            try:
                NamedNode(value)
            except ValueError:
                raise ServiceError(400, f"{name} {value[:200]!r} is not an absolute IRI") from None
    return ProtocolRequest(queries[0] if queries else None,
                           [value for name, value in pairs if name == "default-graph-uri"],
                           [value for name, value in pairs if name == "named-graph-uri"],
                           formats[-1] if formats else None)


async def run_protocol_query(service: Service, sparql: str, accept: str | None, fmt: str | None,
                             default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
                             ) -> Response:
    solutions, graph = choose_formats(accept, fmt)
    dataset = default_graphs is not None and (default_graphs or named_graphs)
    key = ("query", sparql, solutions, graph, tuple(default_graphs or ()) if dataset else None,
           tuple(named_graphs or ()) if dataset else None)
    cached = service.cache.get(key)
    if cached is not None:
        return cached
    reply = await service.pool.call({
        "op": "query", "sparql": sparql, "row_cap": service.limits.row_cap,
        "default_graph": default_graphs if dataset else None, "named_graphs": named_graphs if dataset else None,
        "solutions": solutions.name if solutions else None, "graph": graph.name if graph else None,
    }, service.limits.timeout)
    name, body, count = reply
    chosen = next(f for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS) if f.name == name)
    return service.cache.put(key, Response(body, headers={"Content-Type": chosen.content_type, "Vary": "Accept",
                                                          "X-Result-Count": str(count)}))


async def sparql_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    try:
        parsed = await protocol_request(request, service.limits)
        if parsed.query is None:
            return service_description(request, service)
        return await run_protocol_query(service, parsed.query, request.headers.get("accept"), parsed.format,
                                        parsed.default_graphs, parsed.named_graphs)
    except ServiceError as error:
        return error_response(error)


def service_description(request: Request, service: Service) -> Response:
    """The SPARQL 1.1 service description of this endpoint (Turtle by default)."""
    import pyoxigraph as ox

    from ..namespaces import PREFIXES

    ranges = parse_accept(request.headers.get("accept"))
    fmt = negotiate(ranges, (*GRAPH_FORMATS, HTML))
    if fmt is None:
        raise ServiceError(406, "the service description is available as "
                                 + ", ".join(f.media_type for f in GRAPH_FORMATS))
    if fmt is HTML:
        return RedirectResponse("/", 303)
    endpoint = ox.NamedNode(str(request.url_for("sparql")))
    sd = lambda local: ox.NamedNode(SD + local)  # noqa: E731
    void_triples = ox.NamedNode("http://rdfs.org/ns/void#triples")
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    triples = [ox.Triple(endpoint, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sd("Service")),
               ox.Triple(endpoint, sd("endpoint"), endpoint),
               ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
               ox.Triple(endpoint, sd("feature"), sd("UnionDefaultGraph")),
               ox.Triple(endpoint, ox.NamedNode("http://purl.org/dc/terms/description"), ox.Literal(
                   f"eujgraph, read-only: SPARQL Update and SERVICE are refused; a query may run "
                   f"{service.limits.timeout:g} s and return {service.limits.row_cap} rows.", language="en"))]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(ox.Triple(endpoint, sd("resultFormat"), ox.NamedNode(FORMATS_NS + name)))
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("default")
    info = service.pool.info
    triples += [ox.Triple(endpoint, sd("defaultDataset"), dataset),
                ox.Triple(dataset, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sd("Dataset")),
                ox.Triple(dataset, sd("defaultGraph"), default),
                ox.Triple(default, void_triples, ox.Literal(str(info.get("triples", 0)), datatype=integer))]
    for i, (graph, size) in enumerate(info.get("graphs", {}).items()):
        if not graph:
            continue
        named, described = ox.BlankNode(f"named{i}"), ox.BlankNode(f"graph{i}")
        triples += [ox.Triple(dataset, sd("namedGraph"), named), ox.Triple(named, sd("name"), ox.NamedNode(graph)),
                    ox.Triple(named, sd("graph"), described),
                    ox.Triple(described, void_triples, ox.Literal(str(size), datatype=integer))]
    prefixes = {"sd": SD, "void": "http://rdfs.org/ns/void#", "formats": FORMATS_NS, "dcterms": PREFIXES["dcterms"]}
    from ..query.formats import rdf_format

    body = ox.serialize(triples, format=rdf_format(fmt.name), prefixes=None if fmt.name == "ntriples" else prefixes)
    return Response(body, headers={"Content-Type": fmt.content_type, "Vary": "Accept"})


# --- the query library --------------------------------------------------------------------

async def library_list(request: Request) -> Response:
    service: Service = request.app.state.service
    return JSONResponse([library_entry(q) for q in service.library.values()])


def library_entry(query) -> dict:
    return {"name": query.name, "title": query.title, "description": query.description, "form": query.form,
            "sparql": query.sparql, "parameters": [
                {"name": p.name, "type": p.type, "default": p.default, "required": p.required, "help": p.help}
                for p in query.parameters]}


async def library_query(request: Request) -> Response:
    """Run a library query: ``/queries/NAME.csv?summit=euj:summit/eu-japan-2025&lang=fi``."""
    from ..query.engines import with_inline_values
    from ..query.library import bind

    service: Service = request.app.state.service
    name = request.path_params["name"]
    suffix = next((s for s in LIBRARY_SUFFIXES if name.endswith(s) and name[:-len(s)] in service.library), None)
    fmt = LIBRARY_SUFFIXES[suffix] if suffix else None
    if suffix:
        name = name[:-len(suffix)]
    named = service.library.get(name)
    if named is None:
        return plain_error(404, f"no query named {name!r} in the library; /queries lists them")
    values = {k: v for k, v in request.query_params.items() if k not in ("format", "output")}
    fmt = fmt or request.query_params.get("format") or request.query_params.get("output")
    try:
        if len(request.url.query) > service.limits.max_query_bytes:
            raise ServiceError(414, "the query string is too long")
        declared = [p.name for p in named.parameters]
        unknown = sorted(set(values) - set(declared))
        if unknown:
            takes = ", ".join(declared) if declared else "no parameters"
            raise ServiceError(400, f"unknown parameter {unknown[0][:60]!r} for query {name!r}; it takes: {takes} "
                                     "(and format)")
        sparql = with_inline_values(named.sparql, bind(named, values))
        if fmt == "rq":
            return PlainTextResponse(sparql, headers={"Content-Type": "application/sparql-query; charset=utf-8"})
        return await run_protocol_query(service, sparql, request.headers.get("accept"), fmt)
    except EujgraphError as error:
        return plain_error(400, error.render())
    except ServiceError as error:
        return error_response(error)


# --- pages ---------------------------------------------------------------------------------

async def index(request: Request) -> Response:
    """The query page; its language (the selector, the page's texts) follows ``lang`` in the address."""
    service: Service = request.app.state.service
    library = json.dumps([library_entry(q) for q in service.library.values()], ensure_ascii=False)
    lang = request.query_params.get("lang", "en")
    return service.render("index.html", library=library.translate(_JSON_ESCAPES), limits=service.limits,
                          triples=service.pool.info.get("triples", 0), lang=lang if lang in LANGUAGES else "en")


async def entity_page(request: Request) -> Response:
    """``/id/KIND/SLUG`` (HTML, or by Accept) and ``/id/KIND/SLUG.ttl`` / ``.jsonld`` / ``.nt``."""
    rest = request.path_params["rest"]
    fmt = None
    for suffix, name in SUFFIXES.items():
        if rest.endswith(suffix):
            rest, fmt = rest[:-len(suffix)], name
            break
    return await _entity(request, EUJ_BASE + rest, fmt)


async def resource_page(request: Request) -> Response:
    iri = request.query_params.get("iri", "")
    return await _entity(request, iri, request.query_params.get("format"))


async def _entity(request: Request, iri: str, fmt_name: str | None) -> Response:
    service: Service = request.app.state.service
    lang = request.query_params.get("lang", "en")
    lang = lang if lang in LANGUAGES else "en"
    try:
        if fmt_name:
            fmt = format_by_name(fmt_name, ENTITY_FORMATS)
            if fmt is None:
                raise ServiceError(400, f"unknown format {fmt_name[:40]!r}; use html, turtle, jsonld or ntriples")
        else:
            fmt = negotiate(parse_accept(request.headers.get("accept")), ENTITY_FORMATS)
            if fmt is None:
                raise not_acceptable(ENTITY_FORMATS, "an entity")
        if not iri or len(iri) > 4096 or any(c in iri for c in '<>"{}|^`\\ \n'):
            raise ServiceError(404, "not an IRI in the graph")
        key = ("entity", iri, fmt.name, lang)
        cached = service.cache.get(key)
        if cached is not None:
            return cached
        if fmt is not HTML:
            name, body, _ = await service.pool.call({"op": "entity_rdf", "iri": iri, "format": fmt.name},
                                                    service.limits.timeout)
            return service.cache.put(key, Response(body, headers={"Content-Type": fmt.content_type,
                                                                  "Vary": "Accept"}))
        (found,) = await service.pool.call({"op": "entity", "iri": iri}, service.limits.timeout)
    except ServiceError as error:
        if error.status == 404 and (fmt_name in (None, "html")):
            return service.render("error.html", 404, title="Not in the graph", iri=iri,
                                  message="The graph says nothing about this IRI.")
        return error_response(error)
    _, nodes = await service.graph_page()
    node = found["iri"][len(EUJ_BASE):] if found["iri"].startswith(EUJ_BASE) else None
    local = entity_path(found["iri"])
    downloads = ([(label, quote(local, safe="/:@!$&'()*+,;=-._~") + suffix)
                  for suffix, label in ((".ttl", "Turtle"), (".jsonld", "JSON-LD"), (".nt", "N-Triples"))]
                 if local else [(label, "/resource?iri=" + quote(iri, safe="") + "&format=" + name)
                                for name, label in (("turtle", "Turtle"), ("jsonld", "JSON-LD"),
                                                    ("ntriples", "N-Triples"))])
    return service.cache.put(key, service.render(
        "entity.html", e=found, lang=lang, curie=curie(found["iri"]), downloads=downloads,
        graph_link=("/graph#" + quote(node, safe="/")) if node in nodes else None, graph_label=graph_label))


def graph_label(name: str) -> tuple[str, str | None]:
    """A named graph as text, and the entity page of its memo document if it has one."""
    base = "https://w3id.org/eujgraph/graph/"
    if name.startswith(base + "memo/"):
        memo = name[len(base + "memo/"):]
        return f"memo {memo}", "/id/document/" + quote(memo)
    if name.startswith(base):
        return name[len(base):], None
    return name or "default graph", None


async def favicon(request: Request) -> Response:
    return Response(favicon_ico(), headers={"Content-Type": "image/x-icon", "Cache-Control": "public, max-age=86400"})


async def graph(request: Request) -> Response:
    service: Service = request.app.state.service
    page, _ = await service.graph_page()
    return Response(page, headers={"Content-Type": "text/html; charset=utf-8"})


async def ontology(request: Request) -> Response:
    """The ontology IRI (``/ontology``) and its version IRI: its documentation, or its RDF by ``Accept``."""
    service: Service = request.app.state.service
    try:
        documents = await service.ontology()
        version = request.path_params.get("version")
        if not documents or (version is not None and
                             f"<{ONTOLOGY_IRI}/{version}>".encode() not in documents["ntriples"]):
            raise ServiceError(404, "no such ontology (or version of it) in the served graph")
        fmt_name = request.query_params.get("format")
        fmt = format_by_name(fmt_name, ENTITY_FORMATS) if fmt_name else negotiate(
            parse_accept(request.headers.get("accept")), ENTITY_FORMATS)
        if fmt is None:
            raise ServiceError(400, f"unknown format {fmt_name[:40]!r}; use html, turtle, jsonld or ntriples") \
                if fmt_name else not_acceptable(ENTITY_FORMATS, "the ontology")
    except ServiceError as error:
        return error_response(error)
    return Response(documents[fmt.name], headers={"Content-Type": fmt.content_type, "Vary": "Accept"})


async def timeline(request: Request) -> Response:
    service: Service = request.app.state.service
    return Response(await service.timeline_page(), headers={"Content-Type": "text/html; charset=utf-8"})


# --- the application ------------------------------------------------------------------------

def create_app(graph_path: Path, *, queries_dir: Path | None = None, timeout: float | None = None,
               row_cap: int | None = None, max_query_bytes: int | None = None,
               workers: int | None = None) -> Starlette:
    """The ASGI application serving a graph file (or a folder's ``eujgraph.trig``); limits default to the settings."""
    workers = setting("serve_workers") if workers is None else workers
    service = Service(graph_path, queries_dir=queries_dir,
                      limits=Limits.from_settings(timeout, row_cap, max_query_bytes), workers=workers,
                      cache_bytes=setting("serve_cache_mb") * 1_000_000,
                      max_workers=max(workers, setting("serve_max_workers")),
                      memory_mb=setting("serve_worker_memory_mb"))

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await service.start()
        app.state.service = service
        warm = asyncio.create_task(service.graph_page())  # entity pages need its node list
        try:
            yield
        finally:
            warm.cancel()
            await service.close()

    static = files("eujgraph.web") / "static"
    routes = [
        Route("/", index),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST"], name="sparql"),
        Route("/queries", library_list),
        Route("/queries/{name}", library_query),
        Route("/id/{rest:path}", entity_page),
        Route("/resource", resource_page),
        Route("/graph", graph),
        Route("/timeline", timeline),
        Route("/ontology", ontology),
        Route("/ontology/{version}", ontology),
        Route("/favicon.ico", favicon),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                             allow_headers=["*"], expose_headers=["X-Result-Count"], max_age=86400),
                  Middleware(_SecurityHeaders)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.service = service
    return app


class _SecurityHeaders:
    """``X-Content-Type-Options: nosniff`` on every answer; pages carry their own CSP."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-content-type-options", b"nosniff"),
                                      (b"referrer-policy", b"same-origin")]
            await send(message)

        await self.app(scope, receive, sending)


def serve(graph_path: Path, *, host: str = "127.0.0.1", port: int = 8000, queries_dir: Path | None = None,
          timeout: float | None = None, row_cap: int | None = None, workers: int | None = None) -> None:
    """Run the server until interrupted (uvicorn); raises EujgraphError if the graph is missing or unreadable."""
    import uvicorn

    graph_file = dataset_path(graph_path)
    if not graph_file.is_file():
        raise EujgraphError(f"{graph_file}: no such file; run `eujgraph build` first (or pass --graph FILE)")
    app = create_app(graph_path, queries_dir=queries_dir, timeout=timeout, row_cap=row_cap, workers=workers)
    service: Service = app.state.service
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, server_header=False,
                            lifespan="off", limit_concurrency=setting("serve_max_connections"),
                            timeout_graceful_shutdown=2,
                            http=bounded_http(setting("serve_max_head_bytes"), setting("serve_request_timeout_s")))
    server = uvicorn.Server(config)

    async def run() -> None:
        try:
            await service.start()
            warm = asyncio.create_task(service.graph_page())  # entity pages need its node list
            print(f"eujgraph serve: {graph_file} at http://{host}:{port}/ (SPARQL endpoint /sparql); Ctrl-C stops",
                  file=sys.stderr, flush=True)
            await server.serve()
            warm.cancel()
        finally:
            await service.close()

    from uvicorn._compat import asyncio_run

    signal.signal(signal.SIGTERM, lambda *_: None)  # uvicorn raises it again after its shutdown: run close() first
    try:
        asyncio_run(run(), loop_factory=config.get_loop_factory())
    except SystemExit:
        if not server.started:
            raise ServeError(f"cannot serve on {host}:{port} (see above)") from None
        raise
    except KeyboardInterrupt:
        pass


def bounded_http(max_head_bytes: int, request_timeout_s: float) -> type:
    """uvicorn's httptools protocol with a cap on the request head and a deadline for each whole request.

    A request line longer than ``max_head_bytes`` gets httptools' 400, headers beyond it 431, and
    a connection that has not sent a whole request (head and body) within ``request_timeout_s``
    seconds of being opened or answered is closed. Only that many bytes of a head are held.
    """
    import httptools
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    too_large = (f"the request head is larger than this server's limit of {max_head_bytes} bytes "
                 "(setting serve_max_head_bytes); send long queries by POST\n").encode()

    class BoundedHttp(HttpToolsProtocol):
        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self.head_bytes = 0
            self.in_head = True
            self.head_refused = False
            self.refused = False
            self.deadline = None
            self.arm()

        def arm(self) -> None:
            self.disarm()
            self.deadline = self.loop.call_later(request_timeout_s, self.expire)

        def disarm(self) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
                self.deadline = None

        def expire(self) -> None:
            self.deadline = None
            if not self.transport.is_closing():
                self.transport.close()

        def connection_lost(self, exc) -> None:
            self.disarm()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self.refused:
                return
            if self.in_head:
                self.head_bytes += len(data)
            self._unset_keepalive_if_required()
            try:
                self.parser.feed_data(data)
            except httptools.HttpParserUpgrade:
                self.send_400_response("Upgrades are not supported.")
            except httptools.HttpParserError:
                if self.head_refused:
                    self.refuse(b"431 Request Header Fields Too Large", too_large)
                else:
                    self.send_400_response("Invalid HTTP request received.")
                return
            if self.in_head and self.head_bytes > max_head_bytes and not self.transport.is_closing():
                self.refuse(b"431 Request Header Fields Too Large", too_large)

        def send_400_response(self, msg: str) -> None:
            self.refuse(b"400 Bad Request", msg.encode("ascii"))

        def refuse(self, status: bytes, message: bytes) -> None:
            """Answer, then read and drop what the client still sends for a moment, so that it sees the answer."""
            self.refused = True
            self.disarm()
            self.transport.write(b"HTTP/1.1 " + status + b"\r\ncontent-type: text/plain; charset=utf-8\r\n"
                                 b"connection: close\r\ncontent-length: " + str(len(message)).encode()
                                 + b"\r\n\r\n" + message)
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self.loop.call_later(1.0, self.transport.close)

        def eof_received(self) -> bool | None:
            if self.refused:
                self.transport.close()
            return None

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.in_head = True
            self.head_size = 0
            if self.deadline is None:
                self.arm()

        def on_url(self, url: bytes) -> None:
            super().on_url(url)
            if len(self.url) > max_head_bytes:
                raise ValueError("request line too long")

        def on_header(self, name: bytes, value: bytes) -> None:
            self.head_size += len(name) + len(value) + 4
            if len(self.url) + self.head_size > max_head_bytes:
                self.head_refused = True
                raise ValueError("request head too large")
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self.in_head = False
            self.head_bytes = 0
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            self.disarm()
            self.in_head = True
            super().on_message_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and self.deadline is None:
                self.arm()

    return BoundedHttp
