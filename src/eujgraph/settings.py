"""Settings with their defaults and help, in one table.

Each can be overridden by an environment variable ``EUJGRAPH_<NAME>`` (upper case),
e.g. ``EUJGRAPH_REASONER_JAVA_MEMORY_MB=4000``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class Setting:
    """One tunable value."""

    name: str
    default: int
    help: str

    @property
    def variable(self) -> str:
        return f"EUJGRAPH_{self.name.upper()}"


SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("reasoner_java_memory_mb", 2000, "Java heap for HermiT, in MB."),
    Setting("quote_context_chars", 32, "Characters of context kept before and after each quote "
                                       "(oa:prefix / oa:suffix)."),
    Setting("viz_node_cap", 500, "Above this many nodes the page uses a layout computed in Python, "
                                 "physics off (eujgraph viz, build)."),
)}


def setting(name: str) -> int:
    """The value of a setting: its environment variable if set, else its default."""
    spec = SETTINGS[name]
    raw = os.environ.get(spec.variable)
    if raw is None:
        return spec.default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"{spec.variable}={raw!r}: expected a whole number ({spec.help})") from None
    if value < 0:
        raise InputError(f"{spec.variable}={raw!r}: expected a whole number from 0 up")
    return value
