"""The public surface: what `import eujgraph` offers, and that the CLI starts without heavy imports."""

import subprocess
import sys

import eujgraph


def test_every_exported_name_resolves():
    for name in eujgraph.__all__:
        assert getattr(eujgraph, name).__name__ == name


def test_cli_help_imports_no_rdf_or_reasoning_library():
    code = ("import sys\nfrom eujgraph.cli import main\n"
            "heavy = [m for m in ('rdflib', 'pyshacl', 'owlready2', 'networkx', 'pyoxigraph', 'jinja2') "
            "if m in sys.modules]\nprint(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
