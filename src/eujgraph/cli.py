"""The ``eujgraph`` command line: a thin layer over the library.

Exit codes: 0 success; 1 the data does not conform (SHACL violation, inconsistent
ontology), or an ASK query answered false; 2 usage or input error (bad YAML or Turtle,
unknown id, quote not found, Java missing); 3 engine or endpoint error (unreachable,
refused, past its deadline).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import EujgraphError
from .query.formats import GRAPH_FORMATS, SELECT_FORMATS
from .terms import LANGUAGES, LINK_KINDS


class _Failure(click.ClickException):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class _Commands(click.Group):
    """The one error handler of every command: eujgraph's errors (and file errors) become one message and
    their exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except EujgraphError as error:
            raise _Failure(error.render(), error.exit_code) from None
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise _Failure(f"{where}{error.strerror or error}", 2) from None


def _project(path: Path | None):
    from .project import Project

    return Project.find(path)


def _progress(quiet: bool):
    def report(message: str) -> None:
        if not quiet:
            click.echo(f"· {message}", err=True)
    return report


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eujgraph")
def main() -> None:
    """eujgraph: a knowledge graph of EU–Japan relations built from summit memos.

    Run the commands inside an eujgraph project — this repository, or one laid out by
    `eujgraph init DIR` — or pass --project DIR.
    """


class Seconds(click.ParamType):
    """A positive, finite number of seconds (click's FloatRange lets ``nan`` through)."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not 0 < seconds <= 86_400:
            self.fail(f"{value!r}: expected seconds above 0 and at most 86400 (a day)", param, ctx)
        return seconds


SECONDS = Seconds()

project_option = click.option(
    "--project", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Project directory (default: the one containing the working directory).")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
reasoning_option = click.option(
    "--no-reasoning", "no_reasoning", is_flag=True,
    help="Skip HermiT (no Java needed); inferred types are then missing, and the summary says so.")
cache_option = click.option(
    "--no-cache", "no_cache", is_flag=True,
    help="Check every memo again instead of reusing SHACL and HermiT results from .eujgraph-cache/ "
         "(the results are the same; the cache only saves time, and the folder may be deleted any time).")


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory for the graph files (default: the project's graph/).")
@click.option("--sparql-endpoint", metavar="URL", default=None,
              help="Public SPARQL endpoint of the published dataset, recorded in void.ttl (void:sparqlEndpoint).")
@project_option
@reasoning_option
@cache_option
@click.option("--allow-drafts", is_flag=True,
              help="Build even when a memo file is still an unreviewed draft (DRAFT notes, placeholder labels); "
                   "each mark is printed as a warning with file and line.")
@quiet_option
def build(out_dir: Path | None, sparql_endpoint: str | None, project: Path | None, no_reasoning: bool,
          no_cache: bool, allow_drafts: bool, quiet: bool) -> None:
    """Validate, reason and write the graph files.

    Reads ontology/eujgraph.ttl, ontology/shapes.ttl, graph/reference/*.yaml and
    graph/memos/*.yaml; writes eujgraph.trig (named graphs), eujgraph.ttl (their
    union), eujgraph.nt, eujgraph.jsonld, the page eujgraph.html and the dataset
    description void.ttl. Nothing is written unless every check passes; a memo file
    that is still an unreviewed draft fails the checks unless --allow-drafts.
    """
    from .pipeline import build as run_build

    found = _project(project)
    if sparql_endpoint and not sparql_endpoint.startswith(("http://", "https://")):
        raise click.BadParameter("expected an http:// or https:// URL", param_hint="--sparql-endpoint")
    report = run_build(found, out_dir or found.graph_dir, reasoning=not no_reasoning, sparql_endpoint=sparql_endpoint,
                       allow_drafts=allow_drafts, cache=not no_cache, progress=_progress(quiet))
    _print_summary(report)
    for line in report.draft_warnings():
        click.secho(line, fg="yellow", err=True)
    if no_reasoning:
        click.secho("WARNING: reasoning was skipped; inferred types are missing.", fg="yellow", err=True)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Add what is missing to a folder that already holds a project.")
def init(directory: Path, force: bool) -> None:
    """Lay out a new eujgraph project in DIRECTORY for your own memos.

    Copies the ontology and shapes (ontology/), the query library (queries/) and the reference
    data (graph/reference/) from the installed package, and makes graph/memos/ and
    graph/sources/ with a README each. Then put a memo text in graph/sources/, draft its
    curated file with `eujgraph extract`, review it, and run `eujgraph build`.
    """
    from .project import init_project

    written = init_project(directory, force=force)
    click.echo(f"laid out {len(written)} files in {directory}" if written else f"{directory}: nothing was missing")


@main.command()
@project_option
@reasoning_option
@cache_option
@click.option("--allow-drafts", is_flag=True,
              help="Pass memo files that are still unreviewed drafts, printing each mark as a warning.")
@quiet_option
def validate(project: Path | None, no_reasoning: bool, no_cache: bool, allow_drafts: bool, quiet: bool) -> None:
    """Run every check of `build` (YAML, quotes, drafts, SHACL, HermiT) without writing files."""
    from .pipeline import build as run_build

    report = run_build(_project(project), None, reasoning=not no_reasoning, allow_drafts=allow_drafts,
                       cache=not no_cache, progress=_progress(quiet))
    from .pipeline.void import distinct_triples

    click.echo(f"valid: {distinct_triples(report.graphs)} triples; reasoning {report.reasoning}")
    for line in report.draft_warnings():
        click.secho(line, fg="yellow", err=True)
    if no_reasoning:
        click.secho("WARNING: reasoning was skipped; consistency was not checked.", fg="yellow", err=True)


@main.command()
@click.argument("version")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write (default: release/eujgraph-VERSION in the project).")
@click.option("--base-url", metavar="URL", default="https://w3id.org/eujgraph/release/", show_default=True,
              help="Where the release will be published; each file's download URL is URL/VERSION/FILE.")
@project_option
@quiet_option
def release(version: str, out_dir: Path | None, base_url: str, project: Path | None, quiet: bool) -> None:
    """Write a versioned release a partner can download, cite and check.

    Builds the graph afresh and writes TriG, gzipped N-Quads, Turtle, the ontology, the SHACL
    shapes, a VoID + DCAT description (media type, size, SHA-256 and download URL of every
    file), a licence notice, CITATION.cff and SHA256SUMS. The same inputs give the same bytes;
    an existing release of the same version is never changed.

    \b
    Examples:
      eujgraph release 2026.12
      eujgraph release 2026.12 --out /tmp/eujgraph-2026.12 --base-url https://example.org/data/
    """
    from .pipeline.release import release as run_release

    written = run_release(_project(project), version, out_dir=out_dir, base_url=base_url,
                          progress=_progress(quiet))
    for name, content in sorted(written.files.items()):
        click.echo(f"  {len(content):10,d}  {name}")
    state = "already there, unchanged" if written.unchanged else "written"
    click.echo(f"release {version}: {len(written.files)} files, {sum(map(len, written.files.values())):,d} bytes, "
               f"{state} in {written.folder}")


@main.command()
@click.argument("query", required=False)
@click.option("-e", "--execute", "sparql", metavar="SPARQL", help="Run this SPARQL text instead of a named query.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter, bound as an RDF term (repeatable). IRIs may be written euj:area/climate.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help="Language of labels (default en).")
@click.option("-f", "--format", "fmt", type=click.Choice(SELECT_FORMATS + GRAPH_FORMATS), default=None,
              help="SELECT: table (default), csv, tsv, json, xml, md. CONSTRUCT/DESCRIBE: turtle (default), "
                   "ntriples, jsonld. ASK: true/false (table) or json.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Show at most this many rows.")
@click.option("--iris", is_flag=True, help="table: also show the IRI columns that have a label column beside them.")
@click.option("--timeout", type=SECONDS, default=30.0, show_default=True,
              help="Stop the query after this many seconds (with --endpoint: the total deadline of the request, "
                   "answer included).")
@click.option("--endpoint", metavar="URL", default=None,
              help="Ask this SPARQL 1.1 endpoint instead of the built graph.")
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Graph file to query (default: the project's graph/eujgraph.trig).")
@project_option
def query(query: str | None, sparql: str | None, params: tuple[str, ...], lang: str | None, fmt: str | None,
          limit: int | None, iris: bool, timeout: float, endpoint: str | None, graph_file: Path | None,
          project: Path | None) -> None:
    """Run a library query by NAME, a .rq FILE, or SPARQL given with -e.

    Tables show labels first and IRIs last, as prefixed names that can be pasted back
    into SPARQL (euj:person\\/kaja-kallas); -e text has eujgraph's prefixes declared.
    An IRI parameter must name something in the graph: a full IRI, euj:kind/slug,
    kind/slug, or a bare name it ends with (deepened, kaja-kallas).

    Exit codes: 0 results (or ASK true), 1 ASK false, 2 usage or input error,
    3 engine or endpoint error (unreachable, timeout).

    \b
    Examples:
      eujgraph query summit-participants --lang fi
      eujgraph query commitments-by-area -p area=euj:area/security-and-defence -f csv
      eujgraph query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from .query.engines import EmbeddedStore, Endpoint
    from .query.library import NamedQuery, find_query, load_library, read_query, render, run

    if (query is None) == (sparql is None):
        raise click.UsageError("give a query NAME or FILE, or SPARQL with -e (one of them)")
    values = _parse_params(params)
    if sparql is not None:
        named = NamedQuery("query", sparql, predeclared=True)
    elif query.endswith(".rq") or Path(query).is_file():
        named = read_query(Path(query))
    else:
        from .project import Project, queries_dir

        found = _project(project) if project or not (graph_file or endpoint) else Project.find_or_none()
        named = find_query(load_library(queries_dir(found)), query)
    if lang and (named.parameter("lang") or sparql is not None):
        values.setdefault("lang", lang)
    if endpoint:
        engine = Endpoint(endpoint)
    else:
        engine = EmbeddedStore.from_file(graph_file or _project(project).dataset_file)
    result = run(engine, named, values, timeout)
    click.echo(render(result, fmt, limit, iris), nl=False)
    if result.boolean is False:
        sys.exit(1)


@main.command()
@click.argument("name", required=False)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the titles.")
@project_option
def queries(name: str | None, lang: str, project: Path | None) -> None:
    """List the query library, or show one query with its description and parameters."""
    from .project import Project, queries_dir
    from .query.library import describe, find_query, load_library

    library = load_library(queries_dir(_project(project) if project else Project.find_or_none()))
    if name:
        click.echo(describe(find_query(library, name), lang), nl=False)
        return
    width = max(len(n) for n in library)
    for named in library.values():
        params = ", ".join(p.describe() for p in named.parameters if p.name != "lang")
        title = named.title.get(lang) or named.title.get("en", "")
        click.echo(f"{named.name:<{width}}  {title}" + (f"  [{params}]" if params else ""))
    click.echo(f"\n{len(library)} queries; `eujgraph queries NAME` shows one, "
               "`eujgraph query NAME` runs it.")


graph_file_option = click.option(
    "--graph", "graph_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="RDF dataset file to read (default: the project's graph/eujgraph.trig; run `eujgraph build` first).")


@main.command()
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write (default: the project's graph/eujgraph.html).")
@click.option("--focus", metavar="ID", default=None,
              help="Show only what lies around this node: an id such as person/kaja-kallas, or its last part.")
@click.option("--depth", type=click.IntRange(min=0), default=None, metavar="N",
              help="With --focus: how many hops around the node (default 2).")
@click.option("--summit", metavar="ID", default=None,
              help="Show only this summit (or event): its side events, claims, participants and documents, "
                   "with their neighbours.")
@click.option("--area", metavar="ID", default=None,
              help="Show only this policy area and the areas under it, the claims and instruments "
                   "concerning them, with their neighbours.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language the page starts in (it can switch).")
@graph_file_option
@project_option
def viz(out_file: Path | None, focus: str | None, depth: int | None, summit: str | None, area: str | None,
        lang: str, graph_file: Path | None, project: Path | None) -> None:
    """Write the graph as one interactive HTML page that works offline.

    \b
    Examples:
      eujgraph viz
      eujgraph viz --summit eu-japan-2025 --lang fi --out summit.html
      eujgraph viz --focus person/kaja-kallas --depth 1
    """
    from .viz.ontology_docs import DOCS_FILE
    from .viz.page import PAGE_FILE, write_page
    from .viz.projection import load_projection, resolve, view
    from .viz.timeline import TIMELINE_FILE

    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus")
    whole = load_projection(graph_file or _project(project).dataset_file, lang=lang)
    chosen = [resolve(whole, ref, kinds) for ref, kinds in ((focus, ()), (summit, ("summit", "event")),
                                                             (area, ("area",))) if ref is not None]
    graph = view(whole, focus=focus, depth=2 if depth is None else depth, summit=summit, area=area)
    out = out_file or _project(project).graph_dir / PAGE_FILE
    beside = Path(out).parent  # `build` writes the timeline and the ontology's page next to the page: link them
    path = write_page(graph, out, lang=lang, subtitle=" · ".join(whole.nodes[n]["label"] for n in chosen),
                      start=chosen[0] if chosen else None,
                      timeline_href=TIMELINE_FILE if (beside / TIMELINE_FILE).is_file() else None,
                      ontology_href=DOCS_FILE if (beside / DOCS_FILE).is_file() else None)
    click.echo(f"wrote {path}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")


@main.command()
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Plain-text tables, or JSON.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many of the most central actors and policy areas to list.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the labels.")
@graph_file_option
@project_option
def stats(fmt: str, top: int, lang: str, graph_file: Path | None, project: Path | None) -> None:
    """Network analytics: central actors and policy areas, components, degrees.

    Computed with networkx on the projection that `eujgraph viz` draws: degree per kind,
    the most central actors and policy areas (degree and betweenness centrality), weakly
    connected components, edges per relation.
    """
    import json

    from .viz.projection import load_projection, stats_table
    from .viz.projection import stats as analyse

    graph = load_projection(graph_file or _project(project).dataset_file, lang=lang)
    result = analyse(graph, top=top, lang=lang)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2) if fmt == "json" else stats_table(result))


@main.command()
@click.argument("other")
@click.option("--name", default=None,
              help="Linkset name, a slug: lower-case letters, digits and hyphens (default: from OTHER's file name "
                   "or host).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Linkset file (TriG; default graph/linksets/NAME.trig, which `build` includes).")
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(LINK_KINDS),
              help="Reconcile only our entities of this kind (repeatable; default all).")
@click.option("--labels-only", is_flag=True, help="Ignore shared identifiers; match on labels and types alone.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Report format.")
@click.option("--timeout", type=SECONDS, default=60.0, show_default=True,
              help="Total deadline of the request to an endpoint, in seconds (connecting, sending and the whole "
                   "answer).")
@project_option
def link(other: str, name: str | None, out_file: Path | None, kinds: tuple[str, ...], labels_only: bool, fmt: str,
         timeout: float, project: Path | None) -> None:
    """Reconcile another dataset (an RDF file or a SPARQL endpoint URL) with ours and write a linkset.

    Matches by shared identifiers (same IRI, Wikidata, EuroVoc), then by normalised labels, within
    compatible types. Individuals get owl:sameAs, concepts skos:exactMatch or skos:closeMatch, each
    with its method and score, in the named graph graph/linkset/NAME (a void:Linkset). Ambiguous
    candidates are reported, never linked. The other dataset is only read.
    """
    import json

    from .linking.reconcile import linkset_quads, reconcile_with, report_rows, write_linkset

    found = _project(project)
    result, name = reconcile_with(found, other, name=name, kinds=set(kinds) or None,
                                  use_identifiers=not labels_only, timeout=timeout)
    out = out_file or found.linksets_dir / f"{name}.trig"
    write_linkset(linkset_quads(result, name, other), out)
    rows = report_rows(result)
    if fmt == "json":
        click.echo(json.dumps({"linkset": str(out), **rows}, indent=1, ensure_ascii=False))
        return
    for row in rows["matched"]:
        click.echo(f"linked     {row['ours_label']}  --{row['relation']}-->  {row['theirs_label']} <{row['theirs']}>"
                   f"  ({row['method']}, {row['score']:.2f})")
    for row in rows["ambiguous"]:
        options = "; ".join(f"{c['theirs_label']} <{c['theirs']}> {c['score']:.2f}"
                            + (f" (claimed by {c['claimed_by']})" if c["claimed_by"] != row["ours_label"] else "")
                            for c in row["candidates"])
        click.echo(f"AMBIGUOUS  {row['ours_label']}: {options}")
    click.echo(f"{len(rows['matched'])} linked, {len(rows['ambiguous'])} ambiguous (not linked), "
               f"{len(rows['unmatched'])} unmatched of {len(result.ours)}; wrote {out}")


@main.command("eurovoc-skos")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="SKOS output; the format follows the extension (.nt, .ttl, .nq, .trig).")
def eurovoc_skos(source: Path, out_file: Path) -> None:
    """Convert EuroVoc's YAML edition (graph/external/eurovoc-2021-06-04/eurovoc.yaml) to SKOS."""
    from .linking.eurovoc import convert

    count = convert(source, out_file)
    click.echo(f"wrote {count} SKOS triples to {out_file}")


@main.command()
@click.option("--endpoint", metavar="URL", required=True, help="The store's SPARQL query endpoint.")
@click.option("--graph-store", metavar="URL", default=None,
              help="The store's Graph Store Protocol URL (default: found from ENDPOINT by --store).")
@click.option("--store", "store_kind", type=click.Choice(["oxigraph", "virtuoso", "fuseki", "graphdb"]),
              default="oxigraph", show_default=True,
              help="The kind of store, for its Graph Store URL beside ENDPOINT: oxigraph …/query → …/store, "
                   "virtuoso …/sparql → …/sparql-graph-crud-auth, fuseki …/sparql → …/data, "
                   "graphdb …/repositories/ID → …/rdf-graphs/service.")
@click.option("--mode", type=click.Choice(["replace", "merge"]), default="replace", show_default=True,
              help="replace: each named graph becomes exactly ours (HTTP PUT); merge: our triples are added "
                   "(HTTP POST).")
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="TriG, N-Quads or JSON-LD to push (default: the project's graph/eujgraph.trig).")
@click.option("--timeout", type=SECONDS, default=60.0, show_default=True,
              help="Total deadline of each request, in seconds (connecting, sending and the whole answer).")
@project_option
@quiet_option
def push(endpoint: str, graph_store: str | None, store_kind: str, mode: str, graph_file: Path | None,
         timeout: float, project: Path | None, quiet: bool) -> None:
    """Load every named graph into a SPARQL 1.1 store (Graph Store Protocol), then check it by query.

    Credentials, when the store asks for them (HTTP Digest or Basic, as it challenges), come from
    EUJGRAPH_STORE_USER and EUJGRAPH_STORE_PASSWORD, else from the ~/.netrc entry of the store's
    host; they are never printed.
    """
    from .linking.push import default_graph_store, read_named_graphs, served_sizes
    from .linking.push import push as run_push

    graphs = read_named_graphs(graph_file or _project(project).dataset_file)
    store_url = graph_store or default_graph_store(endpoint, store_kind)
    report = run_push(graphs, store_url, mode=mode, timeout=timeout, progress=_progress(quiet))
    counts = served_sizes(endpoint, timeout)
    for name, size in report.graphs.items():
        served = counts.get(name, 0)
        flag = "" if served == size or mode == "merge" else f"  (endpoint reports {served})"
        click.echo(f"  {size:8d}  <{name}>{flag}")
    click.echo(f"pushed {sum(report.graphs.values())} triples in {len(report.graphs)} named graphs to "
               f"{report.graph_store} ({mode}) in {report.seconds:.2f} s")


@main.command()
@click.argument("memo", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Language of the memo (default: guessed from its words).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the draft to FILE (default: standard output). Proposed reference entries go to "
                   "graph/reference/proposed/ (inside a project; not read by builds) or beside FILE as "
                   "STEM.reference.yaml.")
@click.option("--text-out", "text_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="For a PDF: where to write its extracted text, which the draft quotes "
                   "(default: the PDF's name with .txt).")
@project_option
def extract(memo: Path, lang: str | None, out_file: Path | None, text_file: Path | None,
            project: Path | None) -> None:
    """Draft the curated file of a new memo (plain text or PDF) for a person to review.

    Every drafted item quotes its evidence and carries a note: DRAFT, a confidence,
    the evidence span and the rule that found it.

    \b
    Examples:
      eujgraph extract graph/sources/new-memo.txt --out graph/memos/new-memo.yaml
      eujgraph extract memo.pdf --lang fi --out draft.yaml
    """
    from .drafts import PROPOSED_FOLDER, proposals_path
    from .extract.draft import extract as run_extract
    from .extract.reading import write_text

    reference = _project(project).reference_dir if project else None
    draft = run_extract(memo, lang=lang, reference_dir=reference, text_path=text_file)
    if draft.pdf_text is not None:
        write_text(draft.text_path, draft.pdf_text)
        click.echo(f"wrote {draft.text_path} (the PDF's text, which the draft quotes)", err=True)
    text = draft.to_yaml(out_file)
    if out_file is None:
        click.echo(text, nl=False)
        if draft.proposals:
            click.echo("\n# Proposed reference entries (save with --out to get them as a file):")
            click.echo("".join(f"# {line}\n" for line in draft.proposals_yaml().splitlines()), nl=False)
    else:
        out_file.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out_file}", err=True)
        if draft.proposals:
            proposals = proposals_path(out_file)
            proposals.parent.mkdir(parents=True, exist_ok=True)
            proposals.write_text(draft.proposals_yaml(), encoding="utf-8")
            click.echo(f"wrote {proposals} (proposed reference entries: review them, then move them into "
                       f"{proposals.parent.parent if proposals.parent.name == PROPOSED_FOLDER else 'graph/reference'}/)",
                       err=True)
    counts = ", ".join(f"{len(draft.sections.get(name) or [])} {name.replace('_', ' ')}"
                       for name in ("events", "participations", "commitments", "positions", "assessments"))
    click.echo(f"drafted {counts} in {draft.seconds:.2f} s", err=True)
    for warning in draft.warnings:
        click.secho(f"NOTE: {warning}", fg="yellow", err=True)


@main.command()
@click.argument("draft", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A plain-text table with the misses and false hits, or JSON.")
def evaluate(draft: Path, gold: Path, fmt: str) -> None:
    """Score a DRAFT against the curated GOLD file of the same memo.

    Precision, recall and F1 for event facts, participants, commitments (overlapping
    evidence, same kind and status), policy areas per commitment, positions and
    assessments, with the misses and false hits listed.
    """
    from .extract.evaluate import evaluate as run_evaluate

    result = run_evaluate(draft, gold)
    click.echo(result.to_json() if fmt == "json" else result.table(), nl=fmt == "json")


@main.command()
@click.argument("draft", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(min=0, max=65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0: a free port).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The curated file to write (default: graph/memos/NAME.yaml of the project, NAME being the "
                   "draft's name without .draft.yaml). Confirmed proposals go to "
                   "graph/reference/reviewed-NAME.yaml.")
@click.option("--force", is_flag=True, help="Overwrite existing output files without asking on the page.")
@click.option("--no-browser", is_flag=True, help="Only print the page's address; do not open a browser.")
@project_option
def review(draft: Path, port: int, out_file: Path | None, force: bool, no_browser: bool,
           project: Path | None) -> None:
    """Review a DRAFT of `eujgraph extract` in the browser and save the curated file.

    Serves a local page on 127.0.0.1 (Ctrl-C stops it): the memo text with every evidence
    span highlighted, each drafted item to accept, edit or reject, the proposed reference
    entries to confirm or map to existing ids, and the memo's attribution.
    """
    from .extract.review import Review
    from .project import Project
    from .web.review import serve_review

    if project is not None:
        found = Project.find(project)
    else:
        found = Project.find_or_none(draft.resolve().parent) or _project(None)
    model = Review(draft, project=found, out=out_file, force=force)

    def announce(url: str) -> None:
        click.echo(f"eujgraph review: {draft} at {url} (writes {model.out}); Ctrl-C stops")
        sys.stdout.flush()

    serve_review(model, port=port, open_browser=not no_browser, announce=announce)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
              help="RDF dataset file to serve, or a folder holding eujgraph.trig (default: the project's "
                   "graph/eujgraph.trig; run `eujgraph build` first).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds a query may run (default: setting serve_query_timeout_s, 10).")
@click.option("--row-cap", type=click.IntRange(min=1), default=None,
              help="Most rows or triples one query may return (default: setting serve_row_cap, 10000).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Query worker processes (default: setting serve_workers, 2).")
@project_option
def serve(host: str, port: int, graph_file: Path | None, timeout: float | None, row_cap: int | None,
          workers: int | None, project: Path | None) -> None:
    """Serve the graph read-only: a SPARQL endpoint, a query page, entity pages and the graph.

    \b
    http://HOST:PORT/         the query page (YASGUI and the query library)
    http://HOST:PORT/sparql   the SPARQL 1.1 Protocol endpoint
    http://HOST:PORT/id/...   entity pages (HTML, Turtle, JSON-LD)
    http://HOST:PORT/graph    the interactive graph
    """
    from .project import Project, queries_dir
    from .web.app import serve as run_server

    found = _project(project) if graph_file is None else Project.find_or_none(project)
    run_server(graph_file or found.dataset_file, host=host, port=port, queries_dir=queries_dir(found),
               timeout=timeout, row_cap=row_cap, workers=workers)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param expects NAME=VALUE, got {item!r}")
        values[name.strip()] = value
    return values


def _print_summary(report) -> None:
    from .pipeline.void import distinct_triples

    sizes = report.graph_sizes()
    click.echo(f"{distinct_triples(report.graphs)} triples ({sum(size for _, size in sizes)} in "
               f"{len(sizes)} named graphs, a triple counted in each graph that states it)")
    for name, size in sizes:
        click.echo(f"  {size:6d}  {name}")
    click.echo("members per class (asserted + inferred):")
    for name, count in report.class_counts():
        click.echo(f"  {count:6d}  eujo:{name}")
    click.echo("time per step: " + ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings.items()))
    click.echo(f"reasoning: {report.reasoning}")
    click.echo(f"SHACL and HermiT: {report.checks}")
    for path in report.written:
        click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
