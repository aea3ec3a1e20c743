"""Settings with their defaults and help, in one table (override with ``--setting NAME=VALUE``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Setting:
    """One tunable value."""

    name: str
    value: int | str
    help: str


SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("reasoner_java_memory_mb", 2000, "Java heap for HermiT, in MB."),
    Setting("quote_context_chars", 32, "Characters of context kept before and after each quote "
                                       "(oa:prefix / oa:suffix)."),
)}
