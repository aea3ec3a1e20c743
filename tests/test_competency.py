"""Everything the 2025 memo says, asked of graph/eujgraph.ttl with SPARQL; full answers compared.

The graph holds other sources too (tests/test_sources.py asks across them); each question here
is pinned to the 30th summit or to the memo (``dcterms:source``) so that it keeps checking the
complete answer for that memo."""

from __future__ import annotations

import pytest

from .conftest import PREFIXES

SUMMIT = "<https://w3id.org/eujgraph/id/summit/eu-japan-2025>"
MEMO = "<https://w3id.org/eujgraph/id/document/eu-japan-summit-2025-07-23-fi>"
JOINT_STATEMENT = "<https://w3id.org/eujgraph/id/document/eu-japan-summit-2025-joint-statement>"


def rows(graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(value) for value in row) for row in graph.query(PREFIXES + query)}


def quotes(graph, subject_filter: str) -> set[str]:
    """The exact memo words cited as evidence for the subjects matched by ``subject_filter``."""
    return {row[0] for row in rows(graph, f"""
        SELECT ?exact WHERE {{ {subject_filter} ?s eujo:hasEvidence/oa:hasSelector/oa:exact ?exact }}""")}


def test_the_summit_ordinal_date_place_and_parties(union):
    assert rows(union, f"""
        SELECT ?ordinal ?date ?place ?party WHERE {{
          VALUES ?s {{ {SUMMIT} }}
          ?s a eujo:Summit ; eujo:ordinal ?ordinal ; eujo:date ?date ;
             eujo:place/rdfs:label ?place ; eujo:party/rdfs:label ?party .
          FILTER(lang(?place) = "en" && lang(?party) = "en") }}""") == {
        ("30", "2025-07-23", "Tokyo", "European Union"), ("30", "2025-07-23", "Tokyo", "Japan")}
    assert quotes(union, f"VALUES ?s {{ {SUMMIT} }} ?s a eujo:Summit .") == {
        "30:s EU:n ja Japanin välinen huippukokous järjestettiin Tokiossa 23.7.2025"}


def test_each_quote_comes_with_its_whole_sentence(union):
    assert rows(union, f"""
        SELECT ?exact ?sentence WHERE {{
          ?c a eujo:SideEvent ; eujo:sideEventOf {SUMMIT} ; eujo:hasEvidence ?span .
          ?span eujo:sentence ?sentence ; oa:hasSelector/oa:exact ?exact }}""") == {
        ("Delegaatio vieraili myös Osaka Expossa", "Delegaatio vieraili myös Osaka Expossa.")}


def test_who_represented_each_party_in_which_office(union):
    assert rows(union, f"""
        SELECT ?person ?office ?party WHERE {{
          ?p a eujo:Participation ; eujo:atEvent {SUMMIT} ; dcterms:source {MEMO} ;
             eujo:participant/rdfs:label ?person ; eujo:inOffice/rdfs:label ?office ;
             eujo:onBehalfOf/rdfs:label ?party .
          FILTER(lang(?person) = "en" && lang(?office) = "en" && lang(?party) = "en") }}""") == {
        ("António Costa", "President of the European Council", "European Union"),
        ("Ursula von der Leyen", "President of the European Commission", "European Union"),
        ("Kaja Kallas", "High Representative of the Union for Foreign Affairs and Security Policy",
         "European Union"),
        ("Shigeru Ishiba", "Prime Minister of Japan", "Japan"),
    }
    assert "delegaatioon kuului korkea edustaja Kaja Kallas" in quotes(
        union, f"?s a eujo:Participation ; eujo:atEvent {SUMMIT} .")


def test_the_delegation_visited_expo_2025_in_osaka(union):
    assert rows(union, f"""
        SELECT ?label ?place ?party ?main WHERE {{
          ?e a eujo:SideEvent ; eujo:sideEventOf {SUMMIT} ; rdfs:label ?label ; eujo:place/rdfs:label ?place ;
             eujo:party/rdfs:label ?party ; eujo:sideEventOf/eujo:ordinal ?main .
          FILTER(lang(?label) = "en" && lang(?place) = "en" && lang(?party) = "en") }}""") == {
        ("EU delegation's visit to Expo 2025 in Osaka", "Osaka", "European Union", "30")}
    assert quotes(union, f"?s a eujo:SideEvent ; eujo:sideEventOf {SUMMIT} .") == {
        "Delegaatio vieraili myös Osaka Expossa"}


def test_the_joint_statement_was_issued_at_the_summit(union):
    assert rows(union, f"""
        SELECT ?doc ?id WHERE {{ ?d a eujo:JointStatement ; rdfs:label ?doc ; dcterms:identifier ?id ;
                                    eujo:issuedAt {SUMMIT} . FILTER(lang(?doc) = "en") }}""") == {
        ("Joint Statement of the 30th EU–Japan Summit", "STATEMENT/25/1890")}
    assert quotes(union, f"VALUES ?s {{ {JOINT_STATEMENT} }} ?s a eujo:JointStatement .") == {
        "Kokouksen lopputuloksena annettiin laaja yhteinen julkilausuma"}


def test_the_memos_three_new_openings_are_its_new_initiatives(union):
    assert rows(union, f"""
        SELECT ?instrument ?type WHERE {{
          ?c a eujo:NewInitiative ; dcterms:source {MEMO} ; eujo:instrument ?i . ?i rdfs:label ?instrument ; a ?t .
          ?t rdfs:subClassOf eujo:Instrument ; rdfs:label ?type .
          FILTER(lang(?instrument) = "en" && lang(?type) = "en") }}""") == {
        ("Japan–EU Competitiveness Alliance", "alliance"),
        ("EU–Japan defence industry dialogue", "dialogue"),
        ("Negotiations on an EU–Japan Security of Information Agreement", "negotiation"),
    }


def test_the_fimi_exchange_raised_to_a_dialogue_is_deepened_not_new(union):
    assert rows(union, f"""
        SELECT ?status ?instrument WHERE {{
          ?c dcterms:source {MEMO} ; eujo:status/rdfs:label ?status ; eujo:instrument/rdfs:label ?instrument ;
             eujo:concernsArea <https://w3id.org/eujgraph/id/area/foreign-information-manipulation> .
          FILTER(lang(?status) = "en" && lang(?instrument) = "en") }}""") == {
        ("deepened", "EU–Japan dialogue on foreign information manipulation and interference")}


def test_areas_of_deepened_cooperation(union):
    assert rows(union, f"""
        SELECT ?area WHERE {{ ?c a eujo:Commitment ; dcterms:source {MEMO} ; eujo:status eujo:deepened ;
                                 eujo:concernsArea/skos:prefLabel ?area . FILTER(lang(?area) = "en") }}""") == {
        ("Maritime security",), ("Space security",), ("Disarmament",), ("Nuclear non-proliferation",),
        ("Women, Peace and Security",), ("Sanctions",), ("Cyber security",),
        ("Critical minerals supply chains",), ("Foreign information manipulation and interference",)}


def test_areas_of_continued_cooperation(union):
    assert rows(union, f"""
        SELECT ?area WHERE {{ ?c a eujo:Commitment ; dcterms:source {MEMO} ; eujo:status eujo:continued ;
                                 eujo:kind eujo:cooperation ;
                                 eujo:concernsArea/skos:prefLabel ?area . FILTER(lang(?area) = "fi") }}""") == {
        ("Ilmasto",), ("Energia",), ("Hiilineutraalius",), ("Kiertotalous",), ("Biodiversiteetti",),
        ("Liikenne",), ("Tutkimus",), ("Koulutus",), ("Kulttuuri",)}


def test_commitments_to_un_multilateralism_and_the_wto_trading_system(union):
    assert rows(union, f"""
        SELECT ?label ?about WHERE {{ ?c a eujo:Commitment ; dcterms:source {MEMO} ; eujo:kind eujo:principle ;
                                         rdfs:label ?label ; eujo:concernsActor/rdfs:label ?about .
                                      FILTER(lang(?label) = "en" && lang(?about) = "en") }}""") == {
        ("Strengthen multilateralism based on the UN system", "United Nations"),
        ("Strengthen the rules-based multilateral trading system (WTO)", "World Trade Organization")}


def test_reaffirmed_position_on_russias_war(union):
    assert rows(union, f"""
        SELECT ?holder WHERE {{ ?p a eujo:Position , eujo:Reaffirmation ; dcterms:source {MEMO} ;
                                   eujo:concernsActor <https://w3id.org/eujgraph/id/organisation/russia> ;
                                   eujo:heldBy/rdfs:label ?holder . FILTER(lang(?holder) = "en") }}""") == {
        ("European Union",), ("Japan",)}
    assert quotes(union, f"?s a eujo:Position ; dcterms:source {MEMO} ; "
                         "eujo:concernsActor <https://w3id.org/eujgraph/id/organisation/russia> .") == {
        "Osapuolet vahvistivat lisäksi uudelleen, että Venäjän hyökkäyssota Ukrainaan on kansainvälisen "
        "oikeuden ja erityisesti YK:n peruskirjan vastainen"}


def test_continued_support_to_ukraine_and_a_just_and_lasting_peace_without_status(union):
    assert rows(union, f"""
        SELECT ?label ?status WHERE {{ ?c eujo:kind eujo:support ; dcterms:source {MEMO} ;
                                  eujo:concernsActor <https://w3id.org/eujgraph/id/organisation/ukraine> ;
                                  rdfs:label ?label . FILTER(lang(?label) = "en")
                                  OPTIONAL {{ ?c eujo:status/rdfs:label ?status FILTER(lang(?status) = "fi") }} }}""") == {
        ("Continue support to Ukraine", "jatkettu"),
        ("Promote a just and lasting peace that guarantees Ukraine's independence and territorial integrity", "None")}


def test_economic_security_priority_and_critical_minerals(union):
    assert rows(union, f"""
        SELECT ?class ?label WHERE {{
          ?c eujo:concernsArea ?area ; dcterms:source {MEMO} ; a ?class ; rdfs:label ?label .
          ?area skos:broader* <https://w3id.org/eujgraph/id/area/economic-security> .
          FILTER(?class IN (eujo:Commitment, eujo:Position) && lang(?label) = "en") }}""") == {
        ("https://w3id.org/eujgraph/ontology#Position", "Advancing economic security is a key priority for both"),
        ("https://w3id.org/eujgraph/ontology#Commitment",
         "Strengthen cooperation to secure critical minerals supply chains")}


def test_finlands_assessments_were_made_at_the_summit(union):
    assert rows(union, f"""
        SELECT ?label WHERE {{ ?a a eujo:Assessment ; dcterms:source {MEMO} ; eujo:madeAt {SUMMIT} ;
                                  eujo:heldBy <https://w3id.org/eujgraph/id/organisation/finland> ;
                                  rdfs:label ?label . FILTER(lang(?label) = "en") }}""") == {
        ("The summit's results underline the like-mindedness and close strategic partnership of the EU and "
         "Japan as supporters of the rules-based order",),
        ("From Finland's point of view the outcome of the summit is successful",),
        ("The close partnership and like-mindedness of the EU and Japan complement Finland's own strategic "
         "partnership with Japan",),
        ("Existing and new or updated cooperation frameworks, such as the defence industry dialogue, offer "
         "many opportunities for Finland",)}
    assert rows(union, f"""
        SELECT ?instrument WHERE {{ ?a eujo:opportunityFor <https://w3id.org/eujgraph/id/organisation/finland> ;
                                       dcterms:source {MEMO} ;
                                       eujo:instrument/rdfs:label ?instrument . FILTER(lang(?instrument) = "en") }}""") == {
        ("EU–Japan defence industry dialogue",)}


SUMMARY_END = 530  # the summary paragraph ends at this offset of the original file


@pytest.mark.parametrize("claim", [
    "commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance",
    "commitment/eu-japan-summit-2025-07-23-fi/defence-industry-dialogue",
    "commitment/eu-japan-summit-2025-07-23-fi/security-of-information-negotiations",
    "commitment/eu-japan-summit-2025-07-23-fi/cyber-security",
    "assessment/eu-japan-summit-2025-07-23-fi/outcome-successful",
    "assessment/eu-japan-summit-2025-07-23-fi/strategic-partnership-underlined",
])
def test_claims_stated_in_summary_and_body_have_one_span_in_each(union, claim):
    starts = [int(row[0]) for row in rows(union, f"""
        SELECT ?start WHERE {{ <https://w3id.org/eujgraph/id/{claim}> eujo:hasEvidence/oa:hasSelector/oa:start ?start }}""")]
    assert any(start < SUMMARY_END for start in starts)
    assert any(start > SUMMARY_END for start in starts)
    assert len(rows(union, f"SELECT ?c WHERE {{ ?c a eujo:Claim FILTER(?c = <https://w3id.org/eujgraph/id/{claim}>) }}")) == 1
