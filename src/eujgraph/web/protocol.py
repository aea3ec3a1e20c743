"""The SPARQL 1.1 Protocol as `eujgraph serve` speaks it: formats, content negotiation, refusals.

Pure functions, no web framework: :mod:`eujgraph.web.app` turns :class:`ServiceError`
into HTTP answers. A result's format follows the request's ``Accept`` header (or an
explicit ``format`` parameter, for download links); a malformed header is an error,
not a guess.

    >>> negotiate(parse_accept("text/csv;q=0.9, application/sparql-results+json"), SOLUTION_FORMATS).name
    'json'
    >>> refusal("PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }")
    'SPARQL Update is not allowed: this endpoint is read-only'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


class ServiceError(Exception):
    """A request the server answers with an HTTP error status and a one-paragraph message
    (``retry_after``: seconds to wait before trying again, or None) — the protocol's refusals
    and the workers' failures alike."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True)
class Format:
    """A result format: its short name (``format=`` parameter), media type and the media types it answers."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") or "json" in
                                  self.media_type or "xml" in self.media_type else "")


SOLUTION_FORMATS: tuple[Format, ...] = (  # SELECT and ASK; the first is the default
    Format("json", "application/sparql-results+json", ("application/json", "text/javascript",
                                                       "application/javascript")),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
GRAPH_FORMATS: tuple[Format, ...] = (  # CONSTRUCT and DESCRIBE; the first is the default
    Format("turtle", "text/turtle", ("application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3")),
    Format("ntriples", "application/n-triples", ("text/plain",)),
    Format("jsonld", "application/ld+json", ("application/x-json+ld", "application/json")),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml")),
)
FORMAT_NAMES = {"ttl": "turtle", "n3": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld",
                "rdf": "rdfxml", "rdf+xml": "rdfxml", "srj": "json", "srx": "xml"}

_TOKEN_CHARS = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_MEDIA_RANGE = re.compile(rf"({_TOKEN_CHARS})/({_TOKEN_CHARS})")
_PARAMETER = re.compile(rf"\s*({_TOKEN_CHARS})\s*=\s*({_TOKEN_CHARS}|\"(?:[^\"\\]|\\.)*\")\s*")
_QVALUE = re.compile(r"0(\.[0-9]{0,3})?|1(\.0{0,3})?")


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header."""

    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> int:
        """How specifically this range names ``media_type``: 3 exactly, 2 ``type/*``, 1 ``*/*``, 0 not at all."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == kind and self.subtype == "*":
            return 2
        return 3 if (self.type, self.subtype) == (kind, sub) else 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header (RFC 9110, section 12.5.1); raises 400 if malformed.

    An absent or empty header accepts anything.
    """
    if header is None or not header.strip():
        return [MediaRange("*", "*", 1.0, 0)]
    ranges = []
    for order, element in enumerate(header.split(",")):
        if not element.strip():
            continue  # empty list elements are allowed
        media, *parameters = element.split(";")
        match = _MEDIA_RANGE.fullmatch(media.strip())
        if not match or (match.group(1) == "*" and match.group(2) != "*"):
            raise ServiceError(400, f"malformed Accept header: {element.strip()[:80]!r} is not a media range "
                                     "such as application/sparql-results+json;q=0.9")
        q = 1.0
        for parameter in parameters:
            found = _PARAMETER.fullmatch(parameter)
            if not found:
                raise ServiceError(400, f"malformed Accept header: bad parameter {parameter.strip()[:80]!r}")
            if found.group(1).lower() == "q":
                if not _QVALUE.fullmatch(found.group(2)):
                    raise ServiceError(400, f"malformed Accept header: q={found.group(2)[:20]!r} is not "
                                             "a quality value from 0 to 1 (at most three decimals)")
                q = float(found.group(2))
        ranges.append(MediaRange(match.group(1).lower(), match.group(2).lower(), q, order))
    if not ranges:
        return [MediaRange("*", "*", 1.0, 0)]
    return ranges


def negotiate(ranges: list[MediaRange], formats: tuple[Format, ...]) -> Format | None:
    """The format the client prefers (highest q of the most specific matching range), or None if none is acceptable."""
    best: tuple | None = None
    for preference, fmt in enumerate(formats):
        for media_type in (fmt.media_type, *fmt.aliases):
            matching = [(r.matches(media_type), r) for r in ranges if r.matches(media_type)]
            if not matching:
                continue
            specificity, chosen = max(matching, key=lambda pair: (pair[0], -pair[1].order))
            if chosen.q <= 0:
                continue
            exact = media_type == fmt.media_type
            key = (chosen.q, specificity, exact, -chosen.order, -preference)
            if best is None or key > best[0]:
                best = (key, fmt)
    return best[1] if best else None


def format_by_name(name: str, formats: tuple[Format, ...]) -> Format | None:
    """A format named in a ``format`` parameter (short name, alias or media type), or None."""
    wanted = FORMAT_NAMES.get(name.strip().lower(), name.strip().lower())
    if wanted == "xml" and formats is GRAPH_FORMATS:
        wanted = "rdfxml"
    for fmt in formats:
        if wanted in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    return None


@lru_cache(maxsize=256)
def choose_formats(accept: str | None, format_parameter: str | None) -> tuple[Format | None, Format | None]:
    """The format for solutions (SELECT, ASK) and for graphs (CONSTRUCT, DESCRIBE) this request asks for."""
    if format_parameter and "/" in format_parameter:  # media types, as SPARQLWrapper sends for JSON-LD
        ranges = parse_accept(format_parameter)
        return negotiate(ranges, SOLUTION_FORMATS), negotiate(ranges, GRAPH_FORMATS)
    if format_parameter:
        solutions = format_by_name(format_parameter, SOLUTION_FORMATS)
        graph = format_by_name(format_parameter, GRAPH_FORMATS)
        if solutions is None and graph is None:
            known = ", ".join(f.name for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS))
            raise ServiceError(400, f"unknown format {format_parameter[:40]!r}; use one of {known}")
        return solutions, graph
    ranges = parse_accept(accept)
    return negotiate(ranges, SOLUTION_FORMATS), negotiate(ranges, GRAPH_FORMATS)


def not_acceptable(formats: tuple[Format, ...], what: str) -> ServiceError:
    offered = ", ".join(f.media_type for f in formats)
    return ServiceError(406, f"none of the requested media types (Accept header or format parameter) can hold "
                              f"{what}; offered: {offered}")


def refusal(sparql: str) -> str | None:
    """Why this read-only endpoint refuses the request (SPARQL Update, federated SERVICE), or None.

    Decided by :func:`eujgraph.query.checks.check_query` from the parsed query; a text that is
    merely unreadable or too deep is not a refusal here (it gets 400 where it runs).
    """
    from ..query.checks import QueryRefused, check_query

    try:
        check_query(sparql)
    except QueryRefused as refused:
        return refused.message if refused.status == 403 else None
    return None
