"""The same library against a real Oxigraph server over the SPARQL protocol: same answers."""

from __future__ import annotations

import pytest

from eujgraph.query.library import KnowledgeGraph, load_library
from eujgraph.query.engines import EmbeddedStore, EngineError, Endpoint

from .conftest import ROOT
from .oxigraph_server import OxigraphServer, free_port

LIBRARY = load_library(ROOT / "queries")
EXAMPLES = {"area": "euj:area/security-and-defence", "actor": "euj:organisation/japan",
            "claim": "euj:commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance"}


@pytest.fixture(scope="module")
def oxigraph_server(built_dir, tmp_path_factory):
    """`oxigraph serve` on 127.0.0.1, loaded with the built TriG, default graph = union."""
    server = OxigraphServer.loaded_with(built_dir / "eujgraph.trig", tmp_path_factory.mktemp("oxigraph"))
    yield server.query
    server.stop()


def params_for(name: str) -> dict[str, str]:
    return {p.name: EXAMPLES[p.name] for p in LIBRARY[name].parameters if p.required}


def assert_same_answers(local: KnowledgeGraph, remote: KnowledgeGraph, name: str) -> None:
    """The library query ``name``, in English and Finnish, answers the same on both: rows in the same order."""
    for lang in ("en", "fi"):
        params = {**params_for(name), **({"lang": lang} if LIBRARY[name].parameter("lang") else {})}
        expected, served = local.query(name, **params), remote.query(name, **params)
        assert served.answer.form == expected.answer.form
        if expected.answer.form == "SELECT":
            assert served.rows() == expected.rows()
        elif expected.answer.form == "ASK":
            assert served.boolean == expected.boolean
        else:
            assert sorted(map(str, served.answer.triples)) == sorted(map(str, expected.answer.triples))


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_server_and_embedded_engine_agree_on_every_library_query(oxigraph_server, built_dir, name):
    embedded = KnowledgeGraph(EmbeddedStore.from_file(built_dir / "eujgraph.trig"), LIBRARY)
    assert_same_answers(embedded, KnowledgeGraph(Endpoint(oxigraph_server), LIBRARY), name)


def test_a_substantive_query_answers_the_same_over_http(oxigraph_server):
    remote = KnowledgeGraph(Endpoint(oxigraph_server), LIBRARY)
    rows = remote.query("summit-participants", summit="euj:summit/eu-japan-2025", lang="fi").rows()
    assert [(r["personLabel"], r["officeLabel"]) for r in rows] == [
        ("António Costa", "Eurooppa-neuvoston puheenjohtaja"),
        ("Kaja Kallas", "unionin ulkoasioiden ja turvallisuuspolitiikan korkea edustaja"),
        ("Ursula von der Leyen", "Euroopan komission puheenjohtaja"),
        ("Shigeru Ishiba", "Japanin pääministeri")]


def test_unreachable_endpoint_is_one_clear_line():
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EngineError) as caught:
        Endpoint(url).query("ASK {}", {})
    assert str(caught.value).startswith(f"endpoint {url} unreachable")
    assert "\n" not in str(caught.value)
