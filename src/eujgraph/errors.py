"""Errors eujgraph reports to its users.

    EujgraphError                 base; carries a list of problems
    ├── InputError                bad input: YAML, Turtle, unknown ids, missing quotes (exit 2)
    │   └── QueryRefused          (query.checks) a SPARQL text an endpoint does not run; has an HTTP status
    ├── QuerySyntaxError          the SPARQL text does not parse (exit 2)
    ├── QueryTooComplex           it nests or chains more than the parser reads safely (exit 2)
    ├── ReasonerUnavailable       no Java for HermiT (exit 2)
    ├── NonConformance            the data breaks the shapes or the ontology (exit 1)
    └── EngineError               the engine or endpoint failed: unreachable, refused (exit 3)
        └── QueryTimeout          the query or the request ran past its deadline

Every problem names the file and line it comes from when it has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MESSAGE_LIMIT = 2_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located where a person can fix it."""

    message: str
    path: Path | None = None
    line: int | None = None

    def __str__(self) -> str:
        message = self.message
        if len(message) > MESSAGE_LIMIT:  # a last bound: values quoted in messages are clipped where they are made
            message = f"{message[:MESSAGE_LIMIT]}… ({len(message) - MESSAGE_LIMIT} more characters)"
        if self.path is None:
            return message
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {message}"


class EujgraphError(Exception):
    """Base class: a failure eujgraph explains to the user."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | str, headline: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        self.headline = headline
        super().__init__(self.render())

    def render(self) -> str:
        lines = [self.headline] if self.headline else []
        lines += [str(problem) for problem in self.problems]
        return "\n".join(lines)


class InputError(EujgraphError):
    """Input that cannot be read or resolved."""


class ReasonerUnavailable(EujgraphError):
    """The OWL reasoner cannot run (Java is missing)."""


class NonConformance(EujgraphError):
    """Data that violates the SHACL shapes or makes the ontology inconsistent."""

    exit_code = 1


class QuerySyntaxError(EujgraphError):
    """The SPARQL text does not parse."""


class QueryTooComplex(EujgraphError):
    """The SPARQL text nests or chains more than the parser reads safely."""


class EngineError(EujgraphError):
    """The engine or endpoint failed: unreachable, refused, or out of time."""

    exit_code = 3


class QueryTimeout(EngineError):
    """The query (or the request to an endpoint) ran longer than its deadline."""
