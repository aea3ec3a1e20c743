"""Shared fixtures: the real project, a build of it, and a scratch copy to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from eujgraph.pipeline import Project, build

ROOT = Path(__file__).resolve().parents[1]
MEMO_YAML = Path("graph/memos/eu-japan-summit-2025-07-23.fi.yaml")

# The prefixes the competency tests write their SPARQL with.
PREFIXES = """
PREFIX eujo: <https://w3id.org/eujgraph/ontology#>
PREFIX euj: <https://w3id.org/eujgraph/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory, project) -> Path:
    """The graph files of a full build (reasoning included, nothing from the cache), in a scratch directory."""
    out = tmp_path_factory.mktemp("built")
    build(project, out, cache=False)
    return out


@pytest.fixture(scope="session")
def union(built_dir) -> Graph:
    """graph/eujgraph.ttl as a user would load it."""
    return Graph().parse(built_dir / "eujgraph.ttl", format="turtle")


@pytest.fixture(scope="session")
def dataset(built_dir) -> Dataset:
    dataset = Dataset()
    dataset.parse(built_dir / "eujgraph.trig", format="trig")
    return dataset


@pytest.fixture
def scratch(tmp_path) -> Project:
    """A copy of the project's inputs that a test may break."""
    for part in ("ontology", "graph/reference", "graph/memos", "graph/sources"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return Project(tmp_path)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a file, failing loudly if ``old`` is not there."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


CHROMIUM = "/usr/bin/chromium"  # Debian's chromium, installed by tests/run.sh; never `playwright install`
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def only_local_requests(context, base_url: str, outside: list[str]) -> None:
    """Let a browser context reach ``base_url`` only; every other request is recorded and aborted."""
    def route(route) -> None:
        if route.request.url.startswith(base_url + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
