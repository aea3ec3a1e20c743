"""The docs keep up with the code: every format field, command and option is documented."""

from __future__ import annotations

import re

from eujgraph.cli import main
from eujgraph.curation.schema import SECTIONS

from .conftest import ROOT


def test_every_section_and_field_of_the_curated_format_is_documented():
    doc = (ROOT / "docs/curated-format.md").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"### `(\w+)`\n(.*?)(?=\n### |\n## |\Z)", doc, flags=re.S))
    assert sorted(blocks) == sorted(SECTIONS)
    for name, section in SECTIONS.items():
        documented = re.findall(r"^\| `(\w+)` \|", blocks[name], flags=re.M)
        assert documented == [f.name for f in section.fields], name


def test_every_command_and_option_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"### `eujgraph {name}`" in readme, name
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert f"`{option}" in readme, f"{name} {option}"


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

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for spec in SETTINGS.values():
        assert f"| `{spec.variable}` | {spec.default} |" in readme, spec.name
