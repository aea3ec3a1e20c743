"""eujgraph: a knowledge graph of EU–Japan relations built from summit memos."""

from .errors import EujgraphError, InputError, NonConformance, Problem, ReasonerUnavailable
from .pipeline import BuildReport, Project, build

__version__ = "0.1.0"

__all__ = ["BuildReport", "EujgraphError", "InputError", "NonConformance", "Problem", "Project",
           "ReasonerUnavailable", "build"]
