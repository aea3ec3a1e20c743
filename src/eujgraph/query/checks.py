"""Whether a SPARQL text may run on eujgraph's engines: one read-only query, no SERVICE, within limits.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }")
    >>> check_query("SELECT * WHERE { {} .SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    eujgraph.query.checks.QueryRefused: federated queries (SERVICE) are not run here: ...

:func:`check_query` decides in two steps, the first before any parser reads the text.

**Shape.** pyoxigraph 0.5.13 parses and evaluates recursively and dies with SIGSEGV, not an
exception, on deep or long queries. Measured on the 2-core machine (8 MB stack, the main thread
or a default thread alike; a thread with a 64 MB stack holds about 8 times as much):

    nested CONCAT( calls       crash at ~920 levels      (64 MB: ~7,400)
    nested { groups            ~2,170                    (64 MB: ~17,500)
    nested sub-SELECTs         ~2,500                    (64 MB: ~20,300)
    nested ( in a FILTER       ~4,640                    (64 MB: ~37,200)
    nested ( in a path         ~13,700                   (64 MB: ~110,000)
    flat BIND chain            ~2,600 BINDs
    flat UNION chain           ~6,500 branches
    flat + chain               ~6,900 terms
    flat || chain, ! prefixes  ~9,300 terms
    flat / path, - prefixes    no crash at 300,000
    {} {} … group sequence     no crash at 100,000 (OPTIONAL chains: none at 3,000, slower beyond)
    VALUES ?x { 200,000 literals }   runs (0.5 s)

A lexical scan refuses (400) more than :data:`MAX_NESTING` open brackets, more than
:data:`MAX_OPERATORS` operators (``|| && = < + - * / ! ^ |``, ``{`` and UNION, OPTIONAL, MINUS,
FILTER; a BIND counts 3) and any IRI longer than :data:`MAX_IRI`: a margin of 7 or more
over the smallest crash on an 8 MB stack, and the server's workers run queries on a 256 MB
stack, 32 times as much. Strings and comments do not count. Where ``<`` could be an IRI or the less-than operator
(``?x<a#b>``), the scan counts the opening brackets that either reading sees and the closing
ones both readings see, so no reading of the text is deeper than the count; an IRI-like run
with a quote in it (``?x<'>…``) is refused as ambiguous.

**Meaning.** A text that cannot name a service (no ``service`` in any case, no ``\\u`` escape)
and whose prologue is followed by SELECT, CONSTRUCT, DESCRIBE or ASK is a query without
SERVICE, whatever else it holds: that needs no parser. Any other text is parsed by rdflib
(about 50 ms for a library query, hence the short way): an update is refused (403), a
SERVICE anywhere in the parse tree too (403), and text rdflib cannot read is refused (400)
even where Oxigraph could read it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import InputError

MAX_NESTING = 128
QUERY_STACK_BYTES = 256 * 1024 * 1024  # the stack every query runs on (``serve``'s workers, ``query``'s thread)
MAX_OPERATORS = 1_000
MAX_IRI = 4_096
_REMEMBERED_CHARS = 20_000
UPDATE = "SPARQL Update is not allowed: this endpoint is read-only"
SERVICE = ("federated queries (SERVICE) are not run here: they would make outside requests; send the query "
           "to your own store and let it call this endpoint with SERVICE instead")

_LEXEME = re.compile(r'''
    (?P<comment>\#[^\r\n]*)
  | (?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')
  | (?P<string>"(?:[^"\\\n\r]|\\[^\n\r])*"|'(?:[^'\\\n\r]|\\[^\n\r])*')
  | (?P<unclosed>["'].*)
  | (?P<iri><[^\x00-\x20<>"{}|^`\\]*>)
  | (?P<escape>\\.?)
  | (?P<word>[A-Za-z]+)
  | (?P<open>[({\[])
  | (?P<close>[)}\]])
  | (?P<datatype>\^\^)
  | (?P<op>\|\||&&|!=|<=|>=|[|&=!<>+\-*/^])
  | (?P<rest>[^#"'<\\A-Za-z(){}\[\]^|&=!>+\-*/]+)
''', re.X | re.S)
_LINE_END = re.compile(r"[\r\n]")
_CHAINS = {"UNION": 1, "OPTIONAL": 1, "MINUS": 1, "FILTER": 1, "BIND": 3}
_QUERY_START = re.compile(r"""(?>\s|\#[^\r\n]*+|(?i:BASE)\s*+<[^\x00-\x20<>"{}|^`\\]*+>
                              |(?i:PREFIX)\s*+[^\s:<>#"'{}]*+:\s*+<[^\x00-\x20<>"{}|^`\\]*+>)*+
                              (?i:SELECT|CONSTRUCT|DESCRIBE|ASK)(?![A-Za-z0-9_])""", re.X)


class QueryRefused(InputError):
    """A text that is not run: ``status`` is the HTTP status for it (403 refused, 400 unreadable)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def check_query(sparql: str) -> None:
    """Raise :class:`QueryRefused` unless ``sparql`` is one read-only query without SERVICE, within the limits."""
    verdict = _remembered_verdict(sparql) if len(sparql) <= _REMEMBERED_CHARS else _verdict(sparql)
    if verdict is not None:
        raise QueryRefused(*verdict)


@lru_cache(maxsize=1024)
def _remembered_verdict(sparql: str) -> tuple[int, str] | None:
    return _verdict(sparql)


def _verdict(sparql: str) -> tuple[int, str] | None:
    problem = shape_problem(sparql)
    if problem:
        return 400, problem
    if _surely_plain_query(sparql):
        return None
    return _parsed_verdict(sparql)


def shape_problem(sparql: str) -> str | None:
    """Why the text is too deep, too long or ambiguous for a parser to read safely, or None."""
    depth = deepest = operators = 0
    uncertain_until = -1
    for match in _LEXEME.finditer(sparql):
        kind, start = match.lastgroup, match.start()
        uncertain = start < uncertain_until
        if kind in ("comment", "string", "escape", "datatype", "rest"):
            continue
        if kind == "long":
            if uncertain:
                return _ambiguous("a long string")
            continue
        if kind == "unclosed":
            break
        if kind == "iri":
            iri = match.group()
            if len(iri) > MAX_IRI:
                return f"an IRI of {len(iri)} characters, more than the {MAX_IRI} eujgraph reads"
            if "'" in iri:
                return _ambiguous(repr(iri[:40]))
            code, hash_sign, _ = iri[1:-1].partition("#")
            inner = level = 0
            for char in code:
                if char in "([":
                    level += 1
                    inner = max(inner, level)
                elif char in ")]":
                    level = max(0, level - 1)
            deepest = max(deepest, depth + inner)
            depth += level
            if hash_sign:
                end = _LINE_END.search(sparql, match.end())
                uncertain_until = end.start() if end else len(sparql)
        elif kind == "open":
            depth += 1
            deepest = max(deepest, depth)
            operators += match.group() == "{"
        elif kind == "close":
            if not uncertain:
                depth = max(0, depth - 1)
        elif kind == "op":
            operators += 1
        elif kind == "word":
            operators += _CHAINS.get(match.group().upper(), 0)
        if deepest > MAX_NESTING:
            return (f"the query nests brackets more than {MAX_NESTING} deep, more than the SPARQL "
                    "parser reads safely")
        if operators > MAX_OPERATORS:
            return (f"the query has more than {MAX_OPERATORS} operators and group patterns, more than the "
                    "SPARQL parser reads safely; use VALUES for long lists of alternatives")
    return None


def _ambiguous(what: str) -> str:
    return (f"{what} after '<' could be read as an IRI or as the less-than operator; write IRIs without quotes "
            "(%27) and put spaces around '<' and '>'")


def _surely_plain_query(sparql: str) -> bool:
    lowered = sparql.lower()
    if "service" in lowered or "service" in sparql.casefold() or "\\u" in lowered:
        return False
    return _QUERY_START.match(sparql) is not None


def _parsed_verdict(sparql: str) -> tuple[int, str] | None:
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(sparql)
    except Exception as error:  # pyparsing's errors, and RecursionError
        try:
            parseUpdate(sparql)
        except Exception:
            reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
            return 400, f"SPARQL syntax error (or a form this server cannot check): {reason}"
        return 403, UPDATE
    return (403, SERVICE) if _names_a_service(tree) else None


def _names_a_service(tree) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    pending, seen = [tree], set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            pending.extend(node.values())
        elif isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            pending.extend(node)
    return False
