"""The ``eujgraph`` command line: a thin layer over the library.

Exit codes: 0 success; 1 the data does not conform (SHACL violation, inconsistent
ontology); 2 usage or input error (bad YAML or Turtle, unknown id, quote not found,
Java missing).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import EujgraphError


class _Failure(click.ClickException):
    def __init__(self, error: EujgraphError) -> None:
        super().__init__(error.render())
        self.exit_code = error.exit_code


def _project(path: Path | None):
    from .pipeline import Project

    return Project.find(path) if path is None else Project.find(path)


def _progress(quiet: bool):
    def report(message: str) -> None:
        if not quiet:
            click.echo(f"· {message}", err=True)
    return report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eujgraph")
def main() -> None:
    """eujgraph: a knowledge graph of EU–Japan relations built from summit memos.

    Run the commands inside the eujgraph repository (or pass --project DIR).
    """


project_option = click.option(
    "--project", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Project directory (default: the one containing the working directory).")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
reasoning_option = click.option(
    "--no-reasoning", "no_reasoning", is_flag=True,
    help="Skip HermiT (no Java needed); inferred types are then missing, and the summary says so.")


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory for the graph files (default: the project's graph/).")
@project_option
@reasoning_option
@quiet_option
def build(out_dir: Path | None, project: Path | None, no_reasoning: bool, quiet: bool) -> None:
    """Validate, reason and write the graph files.

    Reads ontology/eujgraph.ttl, ontology/shapes.ttl, graph/reference/*.yaml and
    graph/memos/*.yaml; writes eujgraph.trig (named graphs), eujgraph.ttl (their
    union), eujgraph.nt and eujgraph.jsonld. Nothing is written unless every check
    passes.
    """
    from .pipeline import build as run_build

    try:
        found = _project(project)
        report = run_build(found, out_dir or found.graph_dir, reasoning=not no_reasoning,
                           progress=_progress(quiet))
    except EujgraphError as error:
        raise _Failure(error) from None
    _print_summary(report)
    if no_reasoning:
        click.secho("WARNING: reasoning was skipped; inferred types are missing.", fg="yellow", err=True)


@main.command()
@project_option
@reasoning_option
@quiet_option
def validate(project: Path | None, no_reasoning: bool, quiet: bool) -> None:
    """Run every check of `build` (YAML, quotes, SHACL, HermiT) without writing files."""
    from .pipeline import build as run_build

    try:
        report = run_build(_project(project), None, reasoning=not no_reasoning, progress=_progress(quiet))
    except EujgraphError as error:
        raise _Failure(error) from None
    click.echo(f"valid: {sum(size for _, size in report.graph_sizes())} triples; reasoning {report.reasoning}")
    if no_reasoning:
        click.secho("WARNING: reasoning was skipped; consistency was not checked.", fg="yellow", err=True)


def _print_summary(report) -> None:
    sizes = report.graph_sizes()
    click.echo(f"{sum(size for _, size in sizes)} triples in {len(sizes)} named graphs")
    for name, size in sizes:
        click.echo(f"  {size:6d}  {name}")
    click.echo("members per class (asserted + inferred):")
    for name, count in report.class_counts():
        click.echo(f"  {count:6d}  eujo:{name}")
    click.echo("time per step: " + ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings.items()))
    click.echo(f"reasoning: {report.reasoning}")
    for path in report.written:
        click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
