"""The package's layers: which subpackage may import which, and no import cycles.

    core (errors, settings, project, namespaces, terms, text, atomic, _input, remote)
      ← curation ← pipeline → viz
      ← query ← web → viz
      ← linking → query
      ← extract → curation
    cli → everything (lazily)

Every import counts, the ones inside functions too: a lazy import is still a dependency
(imports under ``if TYPE_CHECKING:`` are for annotations and do not).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from .conftest import ROOT

PACKAGE = ROOT / "src/eujgraph"
ALLOWED = {
    "core": {"core"},
    "curation": {"core"},
    "pipeline": {"core", "curation", "viz"},
    "query": {"core"},
    "viz": {"core"},
    "web": {"core", "query", "viz"},
    "linking": {"core", "query"},
    "extract": {"core", "curation"},
    "cli": {"core", "curation", "pipeline", "query", "viz", "web", "linking", "extract"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["eujgraph", *parts])


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__init__", "__main__"):
        return "package"
    if parts[1] == "cli":
        return "cli"
    return parts[1] if (PACKAGE / parts[1]).is_dir() else "core"


def imports(path: Path) -> set[str]:
    """The eujgraph modules a file imports, relative imports resolved."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and getattr(node.test, "id", None) == "TYPE_CHECKING" for inner in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in typing_only:  # annotations only, never imported at run time
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("eujgraph"):
                names = [f"{target}.{alias.name}" for alias in node.names]
                found |= {name for name in names if resolves(name)} or {target}
                if not any(resolves(name) for name in names):
                    found.add(target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("eujgraph")}
    return {existing(name) for name in found} - {module}


def resolves(module: str) -> bool:
    relative = module.split(".")[1:]
    return bool(relative) and (PACKAGE.joinpath(*relative).with_suffix(".py").is_file()
                               or (PACKAGE.joinpath(*relative) / "__init__.py").is_file())


def existing(module: str) -> str:
    while not resolves(module) and "." in module:
        module = module.rpartition(".")[0]
    return module


def graph() -> nx.DiGraph:
    modules = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        for target in imports(path):
            modules.add_edge(module_name(path), target)
    return modules


def test_every_import_follows_the_layers():
    wrong = sorted(f"{a} -> {b}" for a, b in graph().edges
                   if layer(a) in ALLOWED and layer(b) not in ALLOWED[layer(a)] | {layer(a)})
    assert wrong == []


def test_there_are_no_import_cycles():
    modules = graph()
    modules.remove_nodes_from([m for m in list(modules) if layer(m) == "package"])
    assert sorted(sorted(cycle) for cycle in nx.simple_cycles(modules)) == []


def test_every_subpackage_says_what_it_owns_and_may_import():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "Owns" in doc and "May import" in doc, init
