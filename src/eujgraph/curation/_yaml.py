"""YAML loading that remembers where each value came from, and refuses what curated files never need.

The loader refuses anchors and aliases (so nothing can be expanded), nesting deeper than
:data:`MAX_DEPTH`, keys that are not texts, numbers too long to be real, and texts with
characters that must not reach the graph (:data:`eujgraph._input.UNSAFE_CHARACTER`).
"""

from __future__ import annotations

from pathlib import Path

import yaml
import yaml.reader
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

from .._input import decode_utf8, line_at, quoted, read_input, unsafe_character
from ..errors import InputError, Problem

MAX_DEPTH = 64
MAX_DIGITS = 18
MAX_MESSAGE = 300


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


class _Refused(yaml.MarkedYAMLError):
    """Input the curated format never needs, at a YAML mark."""


class _CuratedLoader(yaml.CSafeLoader):
    """libyaml's SafeLoader for curated files: the line of every mapping, key and item kept.

    libyaml composes the nodes, so what curated files never need is refused by
    :func:`_refuse_unneeded`, on libyaml's events, before composing.
    """

    path: Path

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        mapping = Located()
        mapping.path, mapping.line, mapping.key_lines = self.path, node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                hint = " (YAML reads yes/no/on/off/true/false as booleans: quote it)" \
                    if isinstance(key, bool) else ""
                raise _Refused(problem=f"a key must be a text, not {quoted(key)}{hint}",
                               problem_mark=key_node.start_mark)
            if key in mapping:
                raise _Refused(problem=f"duplicate key {quoted(key)} (first at line {mapping.key_lines[key]})",
                               problem_mark=key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node, deep=False):  # type: ignore[override]
        items = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        items.path, items.line = self.path, node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items

    def construct_bounded_int(self, node):
        if sum(c.isdigit() for c in node.value) > MAX_DIGITS:
            raise ConstructorError(problem=f"the number {quoted(node.value)} is too long",
                                   problem_mark=node.start_mark)
        return self.construct_yaml_int(node)


_CuratedLoader.add_constructor("tag:yaml.org,2002:map", _CuratedLoader.construct_mapping)
_CuratedLoader.add_constructor("tag:yaml.org,2002:seq", _CuratedLoader.construct_sequence)
_CuratedLoader.add_constructor("tag:yaml.org,2002:int", _CuratedLoader.construct_bounded_int)
# Dates stay strings: the schema checks them and keeps their exact spelling.
_CuratedLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _refuse_unneeded(text: str) -> None:
    """Refuse anchors, aliases, nesting deeper than :data:`MAX_DEPTH` and unsafe characters in scalars."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(problem="anchors and aliases (&name, *name) are not allowed in curated files",
                           problem_mark=event.start_mark)
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=event.start_mark)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        elif isinstance(event, ScalarEvent):
            wrong = unsafe_character(event.value)
            if wrong:
                raise _Refused(problem=f"{wrong} (in {quoted(event.value)})", problem_mark=event.start_mark)


def load_yaml(path: Path, root: Path | None = None) -> Located:
    """Load one curated YAML file of the project ``root`` (default: the file's folder).

    The top level must be a mapping; every error names file and line.
    """
    text = decode_utf8(read_input(path, root or path.parent, "curated file"), path, "curated file")
    try:
        _refuse_unneeded(text)
        loader = _CuratedLoader(text)
        loader.path = path
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(part for part in (error.context, error.problem) if part)
        message = message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE] + "…"
        prefix = "" if isinstance(error, _Refused) else "malformed YAML: "
        raise InputError([Problem(f"{prefix}{message}", path, line)]) from None
    except yaml.reader.ReaderError as error:
        raise InputError([Problem(f"character U+{error.character:04X} is not allowed",
                                  path, line_at(text, error.position))]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(f"malformed YAML: {quoted(str(error), 200)}", path)]) from None
    if not isinstance(data, Located):
        raise InputError([Problem("expected a mapping at the top level", path, 1)])
    return data
