"""An eujgraph project: the one place that knows where a project keeps each of its files.

    ontology/eujgraph.ttl, ontology/shapes.ttl   the OWL ontology and the SHACL shapes
    graph/reference/*.yaml, graph/memos/*.yaml   the curated files
    graph/sources/                               the memo texts
    graph/history/*.yaml                         the summit history: cited sources, reports, stages
    graph/linksets/*.trig                        linksets written by `eujgraph link`
    queries/*.rq                                 the query library
    .eujgraph-cache/                             what `build` remembers between runs (safe to delete)
    graph/eujgraph.trig (.ttl .nt .jsonld), graph/eujgraph.html, graph/void.ttl   what `build` writes
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import InputError

DATASET_FILE = "eujgraph.trig"
CACHE_FOLDER = ".eujgraph-cache"
# What the package ships (links to the repository's own folders, which stay the ones to edit):
# the ontology and shapes, the query library and the reference data, for `eujgraph init` and
# for the commands that need the query library outside a project.
SHIPPED = {"ontology": "ontology", "queries": "queries", "reference": "graph/reference"}
FOLDER_NOTES = {
    "graph/memos": "# Memos\n\nOne curated YAML file per memo (see docs/curated-format.md of eujgraph); "
                   "`eujgraph extract` drafts one from a memo text in graph/sources/.\n",
    "graph/sources": "# Sources\n\nThe memo texts, verbatim, each with its source and reuse terms named here.\n",
}


def shipped(name: str) -> Path:
    """A folder the package ships: ``ontology``, ``queries`` or ``reference``."""
    return Path(str(resources.files("eujgraph") / "data" / name))


@dataclass(frozen=True)
class Project:
    """An eujgraph project directory: ``ontology/`` and ``graph/`` side by side."""

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "eujgraph.ttl"

    @property
    def shapes(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def graph_dir(self) -> Path:
        """The curated files' root and the default folder of the built files."""
        return self.root / "graph"

    @property
    def reference_dir(self) -> Path:
        return self.graph_dir / "reference"

    @property
    def memos_dir(self) -> Path:
        return self.graph_dir / "memos"

    @property
    def sources_dir(self) -> Path:
        return self.graph_dir / "sources"

    @property
    def history_dir(self) -> Path:
        return self.graph_dir / "history"

    @property
    def linksets_dir(self) -> Path:
        return self.graph_dir / "linksets"

    @property
    def cache_dir(self) -> Path:
        """Where ``build`` keeps SHACL and HermiT results by content hash; safe to delete."""
        return self.root / CACHE_FOLDER

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def dataset_file(self) -> Path:
        """The built graph with its named graphs, which `query`, `viz`, `stats`, `serve` and `push` read."""
        return self.graph_dir / DATASET_FILE

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The project containing ``start`` (default: the working directory), searching upwards."""
        start = (start or Path.cwd()).resolve()
        for directory in (start, *start.parents):
            if (directory / "ontology" / "eujgraph.ttl").is_file() and (directory / "graph").is_dir():
                return cls(directory)
        raise InputError(f"no eujgraph project at or above {start} (looked for ontology/eujgraph.ttl "
                         "beside graph/); run inside the repository or pass --project DIR")

    @classmethod
    def find_or_none(cls, start: Path | None = None) -> "Project | None":
        try:
            return cls.find(start)
        except InputError:
            return None


def dataset_path(path: Path) -> Path:
    """A graph file given as itself, or as the folder that holds ``eujgraph.trig``."""
    path = Path(path)
    return path / DATASET_FILE if path.is_dir() else path


def queries_dir(project: Project | None) -> Path:
    """The project's query library, or the one the package ships when there is no project."""
    return project.queries_dir if project is not None else shipped("queries")


def init_project(root: Path, force: bool = False) -> list[Path]:
    """Lay out a new project in ``root``; the files written. With ``force``, only what is missing is added."""
    root = Path(root)
    if Project.find_or_none(root) is not None and (root / "ontology" / "eujgraph.ttl").is_file() and not force:
        raise InputError(f"{root} already holds an eujgraph project (ontology/eujgraph.ttl); pass --force to add "
                         "only what is missing")
    written = []
    for name, target in SHIPPED.items():
        for source in sorted(shipped(name).rglob("*")):
            if not source.is_file():
                continue
            destination = root / target / source.relative_to(shipped(name))
            if not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
                written.append(destination)
    for folder, note in FOLDER_NOTES.items():
        readme = root / folder / "README.md"
        if not readme.exists():
            readme.parent.mkdir(parents=True, exist_ok=True)
            readme.write_text(note, encoding="utf-8")
            written.append(readme)
    return written
