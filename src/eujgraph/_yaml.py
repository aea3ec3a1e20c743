"""YAML loading that remembers where each value came from."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError, Problem


class Located(dict):
    """A mapping from a YAML file, with the line of itself and of each key (1-based)."""

    path: Path
    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A sequence from a YAML file, with the line of each item (1-based)."""

    path: Path
    line: int
    item_lines: list[int]


def _loader_for(path: Path) -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):  # type: ignore[override]
            mapping = Located()
            mapping.path, mapping.line, mapping.key_lines = path, node.start_mark.line + 1, {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    key = str(key)
                if key in mapping:
                    raise InputError([Problem(
                        f"duplicate key {key!r} (first at line {mapping.key_lines[key]})",
                        path, key_node.start_mark.line + 1)])
                mapping[key] = self.construct_object(value_node, deep=True)
                mapping.key_lines[key] = key_node.start_mark.line + 1
            return mapping

        def construct_sequence(self, node, deep=False):  # type: ignore[override]
            items = LocatedList(self.construct_object(child, deep=True) for child in node.value)
            items.path, items.line = path, node.start_mark.line + 1
            items.item_lines = [child.start_mark.line + 1 for child in node.value]
            return items

    Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", Loader.construct_sequence)
    # Dates stay strings: the schema checks them and keeps their exact spelling.
    Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    return Loader


def load_yaml(path: Path) -> Located:
    """Load one YAML file whose top level is a mapping; errors name file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(f"cannot read: {error}", path)]) from error
    try:
        data = yaml.load(text, Loader=_loader_for(path))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise InputError([Problem(f"malformed YAML: {message}", path, line)]) from error
    except yaml.YAMLError as error:
        raise InputError([Problem(f"malformed YAML: {error}", path)]) from error
    if not isinstance(data, Located):
        raise InputError([Problem("expected a mapping at the top level", path, 1)])
    return data
