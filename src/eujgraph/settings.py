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
    Setting("serve_query_timeout_s", 10, "Seconds a query may run on `eujgraph serve` before its worker is "
                                         "stopped and the client gets HTTP 503 (flag --timeout)."),
    Setting("serve_row_cap", 10000, "Most rows (or triples) `eujgraph serve` returns for one query; a larger "
                                    "result is refused with HTTP 422 (flag --row-cap)."),
    Setting("serve_max_query_bytes", 1000000, "Longest query `eujgraph serve` accepts, in bytes of request body "
                                              "or query string (HTTP 413 / 414 beyond)."),
    Setting("serve_workers", 2, "Query worker processes of `eujgraph serve`, each holding the graph in memory "
                                "(flag --workers)."),
    Setting("serve_cache_mb", 64, "Megabytes of answers `eujgraph serve` keeps to answer the same request "
                                  "again without running it (the graph is read-only); 0 turns the cache off."),
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
