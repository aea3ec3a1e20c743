"""The docs keep up with the code: every format field, command, option and setting is documented,
every local link leads somewhere, and every Python example runs."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from eujgraph.cli import main
from eujgraph.curation.schema import SECTIONS

from .conftest import ROOT

CLI_DOC = ROOT / "docs/cli.md"
MARKDOWN = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(```|~~~)")
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def section(text: str, heading: str) -> str:
    """The body of the ``## heading`` section of a markdown text."""
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_every_section_and_field_of_the_curated_format_is_documented():
    doc = (ROOT / "docs/curated-format.md").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"### `(\w+)`\n(.*?)(?=\n### |\n## |\Z)", doc, flags=re.S))
    assert sorted(blocks) == sorted(SECTIONS)
    for name, section_ in SECTIONS.items():
        documented = re.findall(r"^\| `(\w+)` \|", blocks[name], flags=re.M)
        assert documented == [f.name for f in section_.fields], name


def test_every_command_and_option_is_in_the_cli_reference():
    doc = CLI_DOC.read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"### `eujgraph {name}`" in doc, name
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert f"`{option}" in doc, f"{name} {option}"


def test_quick_start_has_exactly_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", quick, flags=re.S)
    assert commands == ["pip install -e . && eujgraph build", "bash tests/run.sh"]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert all(command in ci for command in commands)
    assert "python3 -m pytest" in (ROOT / "tests/run.sh").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_default():
    from eujgraph.settings import SETTINGS

    doc = CLI_DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(EUJGRAPH_\w+)` \|", section(doc, "Settings"), flags=re.M))
    for spec in SETTINGS.values():
        default = "—" if spec.default is None else spec.default  # a text setting without a default
        assert f"| `{spec.variable}` | {default} |" in doc, spec.name
    assert documented == {spec.variable for spec in SETTINGS.values()}  # and nothing that is gone


def test_the_readme_python_section_names_every_public_name():
    import eujgraph

    python = section((ROOT / "README.md").read_text(encoding="utf-8"), "Python")
    assert [name for name in eujgraph.__all__ if f"`{name}`" not in python] == []


def outside_code(text: str, inline: bool = True) -> str:
    """The text with fenced code blocks (and, with ``inline``, inline code) blanked out, line numbers kept."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            lines.append("")
        elif fenced:
            lines.append("")
        else:
            lines.append(re.sub(r"`[^`\n]*`", "``", line) if inline else line)
    return "\n".join(lines)


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of a markdown file (``### `eujgraph viz` `` → ``eujgraph-viz``)."""
    seen: dict[str, int] = {}
    found = set()
    text = outside_code(path.read_text(encoding="utf-8"), inline=False)
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def local_links(path: Path) -> list[tuple[int, str]]:
    """(line, target) of every markdown link in ``path`` that is not a URL, outside code."""
    text = outside_code(path.read_text(encoding="utf-8"))
    return [(text.count("\n", 0, match.start()) + 1, match.group(1)) for match in LINK.finditer(text)
            if not SCHEME.match(match.group(1))]


def test_anchors_follow_github():
    assert {"eujgraph-viz", "eujgraph-eurovoc-skos", "java-for-the-reasoner"} <= anchors(CLI_DOC)


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_local_link_points_at_a_file_that_exists(path: Path):
    broken = []
    for line, target in local_links(path):
        file, _, anchor = target.partition("#")
        resolved = (path.parent / file).resolve() if file else path
        if not resolved.exists():
            broken.append(f"{path.name}:{line}: {target} (no such file)")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{path.name}:{line}: {target} (no such heading)")
    assert broken == []


def test_the_readme_links_the_reference_and_the_architecture():
    targets = {target for _, target in local_links(ROOT / "README.md")}
    assert {"docs/cli.md", "docs/architecture.md"} <= targets


def python_examples(path: Path) -> str:
    """The ``>>>`` examples of a markdown file's fenced python blocks, every other line blanked.

    In README.md only the "Python" section counts. Blanking keeps line numbers (a failure names the
    file's own line) and keeps a closing fence from reading as expected output.
    """
    lines, inside, counted = [], False, path.name != "README.md"
    for line in path.read_text(encoding="utf-8").splitlines():
        if path.name == "README.md" and line.startswith("## "):
            counted = line == "## Python"
        if counted and re.match(r"^```(python|pycon|py)\s*$", line):
            inside = True
            lines.append("")
        elif inside and line.startswith("```"):
            inside = False
            lines.append("")
        else:
            lines.append(line if inside else "")
    return "\n".join(lines) + "\n"


WITH_EXAMPLES = [path for path in MARKDOWN if ">>>" in python_examples(path)]


def test_the_readme_python_section_has_examples():
    assert ROOT / "README.md" in WITH_EXAMPLES


@pytest.mark.parametrize("path", WITH_EXAMPLES, ids=lambda path: str(path.relative_to(ROOT)))
def test_python_examples_run(path: Path, monkeypatch, capsys):
    """Each file's examples run as one doctest from the repository root, on the committed graph."""
    monkeypatch.chdir(ROOT)
    name = str(path.relative_to(ROOT))
    test = doctest.DocTestParser().get_doctest(python_examples(path), {"__name__": "docs"}, name, str(path), 0)
    assert test.examples
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
