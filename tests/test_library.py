"""Every competency question of queries/ against the built graph: complete answers, in query order.

The expected rows were checked against the three source texts; a change in the data or a
query that alters any answer must update them here, deliberately.
"""

from __future__ import annotations

import pytest

from eujgraph.query.library import KnowledgeGraph, load_library
from eujgraph.query.engines import EmbeddedStore

from .conftest import ROOT

ID = "https://w3id.org/eujgraph/id/"
ONTOLOGY = "https://w3id.org/eujgraph/ontology#"

CASES = [
    ('summit-participants', {'summit': 'euj:summit/eu-japan-2023'}, ['summitLabel', 'partyLabel', 'personLabel', 'officeLabel'], [
        ('29th EU–Japan summit', 'European Union', 'Charles Michel', 'President of the European Council'),
        ('29th EU–Japan summit', 'European Union', 'Ursula von der Leyen', 'President of the European Commission'),
        ('29th EU–Japan summit', 'Japan', 'Fumio Kishida', 'Prime Minister of Japan'),
    ]),
    ('summit-participants', {'summit': 'euj:summit/eu-japan-2025'}, ['summitLabel', 'partyLabel', 'personLabel', 'officeLabel'], [
        ('30th EU–Japan summit', 'European Union', 'António Costa', 'President of the European Council'),
        ('30th EU–Japan summit', 'European Union', 'Kaja Kallas', 'High Representative of the Union for Foreign Affairs and Security Policy'),
        ('30th EU–Japan summit', 'European Union', 'Ursula von der Leyen', 'President of the European Commission'),
        ('30th EU–Japan summit', 'Japan', 'Shigeru Ishiba', 'Prime Minister of Japan'),
    ]),
    ('summit-participants', {'summit': 'euj:summit/eu-japan-2025', 'lang': 'fi'}, ['personLabel', 'officeLabel'], [
        ('António Costa', 'Eurooppa-neuvoston puheenjohtaja'),
        ('Kaja Kallas', 'unionin ulkoasioiden ja turvallisuuspolitiikan korkea edustaja'),
        ('Ursula von der Leyen', 'Euroopan komission puheenjohtaja'),
        ('Shigeru Ishiba', 'Japanin pääministeri'),
    ]),
    ('summit-facts', {'summit': 'euj:summit/eu-japan-2023'}, ['summit', 'ordinal', 'date', 'placeLabel', 'sideEventLabel'], [
        ('summit/eu-japan-2023', '29', '2023-07-13', 'Brussels', ''),
    ]),
    ('summit-facts', {'summit': 'euj:summit/eu-japan-2025', 'lang': 'fi'}, ['summit', 'ordinal', 'date', 'placeLabel', 'sideEventLabel'], [
        ('summit/eu-japan-2025', '30', '2025-07-23', 'Tokio', "EU:n delegaation vierailu Osakan Expossa"),
    ]),
    ('summit-facts', {'summit': 'euj:summit/eu-japan-1991'}, ['summit', 'ordinal', 'date', 'placeLabel', 'sideEventLabel'], [
        ('summit/eu-japan-1991', '1', '1991-07-18', 'The Hague', ''),
    ]),
    ('new-initiatives', {'summit': 'euj:summit/eu-japan-2025'}, ['summitLabel', 'commitment', 'instrumentLabel', 'instrumentType'], [
        ('30th EU–Japan summit', 'commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance', 'Japan–EU Competitiveness Alliance', 'alliance'),
        ('30th EU–Japan summit', 'commitment/eu-japan-summit-2025-07-23-fi/defence-industry-dialogue', 'EU–Japan defence industry dialogue', 'dialogue'),
        ('30th EU–Japan summit', 'commitment/eu-japan-summit-2025-07-23-fi/security-of-information-negotiations', 'Negotiations on an EU–Japan Security of Information Agreement', 'negotiation'),
    ]),
    ('cooperation-by-status', {}, ['topAreaLabel', 'statusLabel', 'areaLabel', 'commitment'], [
        ('Bilateral relations', 'deepened', 'Bilateral relations', 'commitment/japan-finland-2025-joint-statement/foreign-and-security-policy-dialogue'),
        ('Bilateral relations', 'deepened', 'Bilateral relations', 'commitment/japan-finland-2025-joint-statement/reinforced-cooperation'),
        ('Democracy, human rights and the rule of law', 'continued', 'Democracy, human rights and the rule of law', 'commitment/eu-japan-summit-2023-joint-statement/peace-security-rule-of-law-and-democratic-values'),
        ('Economy and trade', 'continued', 'Economic security', 'commitment/eu-japan-summit-2023-joint-statement/prosperity-and-economic-security'),
        ('Economy and trade', 'deepened', 'Critical minerals supply chains', 'commitment/eu-japan-summit-2025-07-23-fi/critical-minerals'),
        ('Environment and energy', 'continued', 'Biodiversity', 'commitment/eu-japan-summit-2025-07-23-fi/biodiversity'),
        ('Environment and energy', 'continued', 'Carbon neutrality', 'commitment/eu-japan-summit-2025-07-23-fi/carbon-neutrality'),
        ('Environment and energy', 'continued', 'Circular economy', 'commitment/eu-japan-summit-2025-07-23-fi/circular-economy'),
        ('Environment and energy', 'continued', 'Climate', 'commitment/eu-japan-summit-2025-07-23-fi/climate'),
        ('Environment and energy', 'continued', 'Energy', 'commitment/eu-japan-summit-2025-07-23-fi/energy'),
        ('Research, education and culture', 'continued', 'Culture', 'commitment/eu-japan-summit-2025-07-23-fi/culture'),
        ('Research, education and culture', 'continued', 'Education', 'commitment/eu-japan-summit-2025-07-23-fi/education'),
        ('Research, education and culture', 'continued', 'Research', 'commitment/eu-japan-summit-2025-07-23-fi/research'),
        ('Rules-based international order', 'deepened', 'Rules-based international order', 'commitment/japan-finland-2025-joint-statement/free-and-open-international-order'),
        ('Security and defence', 'continued', 'International security', 'commitment/eu-japan-summit-2023-joint-statement/peace-security-rule-of-law-and-democratic-values'),
        ('Security and defence', 'continued', "Russia's war against Ukraine", 'commitment/eu-japan-summit-2023-joint-statement/support-to-ukraine'),
        ('Security and defence', 'continued', "Russia's war against Ukraine", 'commitment/eu-japan-summit-2025-07-23-fi/support-to-ukraine'),
        ('Security and defence', 'deepened', 'Cyber security', 'commitment/eu-japan-summit-2025-07-23-fi/cyber-security'),
        ('Security and defence', 'deepened', 'Disarmament', 'commitment/eu-japan-summit-2025-07-23-fi/disarmament-and-non-proliferation'),
        ('Security and defence', 'deepened', 'Foreign information manipulation and interference', 'commitment/eu-japan-summit-2025-07-23-fi/fimi-dialogue'),
        ('Security and defence', 'deepened', 'Indo-Pacific', 'commitment/japan-finland-2025-joint-statement/free-and-open-international-order'),
        ('Security and defence', 'deepened', 'International security', 'commitment/japan-finland-2025-joint-statement/foreign-and-security-policy-dialogue'),
        ('Security and defence', 'deepened', 'Maritime security', 'commitment/eu-japan-summit-2025-07-23-fi/maritime-security'),
        ('Security and defence', 'deepened', 'Nuclear non-proliferation', 'commitment/eu-japan-summit-2025-07-23-fi/disarmament-and-non-proliferation'),
        ('Security and defence', 'deepened', 'Sanctions', 'commitment/eu-japan-summit-2025-07-23-fi/sanctions'),
        ('Security and defence', 'deepened', 'Space security', 'commitment/eu-japan-summit-2025-07-23-fi/space-security'),
        ('Security and defence', 'deepened', 'Women, Peace and Security', 'commitment/eu-japan-summit-2025-07-23-fi/women-peace-and-security'),
        ('Transport', 'continued', 'Transport', 'commitment/eu-japan-summit-2025-07-23-fi/transport'),
    ]),
    ('cooperation-by-status', {'status': 'eujo:continued', 'lang': 'fi'}, ['topAreaLabel', 'areaLabel'], [
        ('Demokratia, ihmisoikeudet ja oikeusvaltioperiaate', 'Demokratia, ihmisoikeudet ja oikeusvaltioperiaate'),
        ('Liikenne', 'Liikenne'),
        ('Talous ja kauppa', 'Taloudellinen turvallisuus'),
        ('Turvallisuus ja puolustus', 'Kansainvälinen turvallisuus'),
        ('Turvallisuus ja puolustus', 'Venäjän hyökkäyssota Ukrainaan'),
        ('Turvallisuus ja puolustus', 'Venäjän hyökkäyssota Ukrainaan'),
        ('Tutkimus, koulutus ja kulttuuri', 'Koulutus'),
        ('Tutkimus, koulutus ja kulttuuri', 'Kulttuuri'),
        ('Tutkimus, koulutus ja kulttuuri', 'Tutkimus'),
        ('Ympäristö ja energia', 'Biodiversiteetti'),
        ('Ympäristö ja energia', 'Energia'),
        ('Ympäristö ja energia', 'Hiilineutraalius'),
        ('Ympäristö ja energia', 'Ilmasto'),
        ('Ympäristö ja energia', 'Kiertotalous'),
    ]),
    ('reaffirmations', {}, ['claim', 'kindLabel', 'holderLabel', 'eventLabel', 'sourceTitle'], [
        ('commitment/eu-japan-summit-2025-07-23-fi/un-multilateralism', 'commitment', 'European Union', '30th EU–Japan summit', 'EU‒Japani -huippukokous 23.7.2025'),
        ('commitment/eu-japan-summit-2025-07-23-fi/un-multilateralism', 'commitment', 'Japan', '30th EU–Japan summit', 'EU‒Japani -huippukokous 23.7.2025'),
        ('commitment/eu-japan-summit-2025-07-23-fi/wto-trading-system', 'commitment', 'European Union', '30th EU–Japan summit', 'EU‒Japani -huippukokous 23.7.2025'),
        ('commitment/eu-japan-summit-2025-07-23-fi/wto-trading-system', 'commitment', 'Japan', '30th EU–Japan summit', 'EU‒Japani -huippukokous 23.7.2025'),
        ('commitment/eu-japan-summit-2023-joint-statement/free-and-open-international-order', 'commitment', 'European Union', '29th EU–Japan summit', 'EU-Japan Summit 2023: Joint Statement'),
        ('commitment/eu-japan-summit-2023-joint-statement/free-and-open-international-order', 'commitment', 'Japan', '29th EU–Japan summit', 'EU-Japan Summit 2023: Joint Statement'),
        ('commitment/japan-finland-2025-joint-statement/support-for-ukraines-sovereignty', 'commitment', 'Finland', 'Meeting of the President of Finland and the Prime Minister of Japan in Tokyo on 11 June 2025', 'Joint Statement on Reinforced Cooperation in the Future between Japan and the Republic of Finland'),
        ('commitment/japan-finland-2025-joint-statement/support-for-ukraines-sovereignty', 'commitment', 'Japan', 'Meeting of the President of Finland and the Prime Minister of Japan in Tokyo on 11 June 2025', 'Joint Statement on Reinforced Cooperation in the Future between Japan and the Republic of Finland'),
        ('position/eu-japan-summit-2023-joint-statement/opposition-to-russias-war', 'position', 'European Union', '29th EU–Japan summit', 'EU-Japan Summit 2023: Joint Statement'),
        ('position/eu-japan-summit-2023-joint-statement/opposition-to-russias-war', 'position', 'Japan', '29th EU–Japan summit', 'EU-Japan Summit 2023: Joint Statement'),
        ('position/japan-finland-2025-joint-statement/russia-war-violates-international-law', 'position', 'Finland', 'Meeting of the President of Finland and the Prime Minister of Japan in Tokyo on 11 June 2025', 'Joint Statement on Reinforced Cooperation in the Future between Japan and the Republic of Finland'),
        ('position/japan-finland-2025-joint-statement/russia-war-violates-international-law', 'position', 'Japan', 'Meeting of the President of Finland and the Prime Minister of Japan in Tokyo on 11 June 2025', 'Joint Statement on Reinforced Cooperation in the Future between Japan and the Republic of Finland'),
        ('position/eu-japan-summit-2025-07-23-fi/russia-war-violates-international-law', 'position', 'European Union', '30th EU–Japan summit', 'EU‒Japani -huippukokous 23.7.2025'),
        ('position/eu-japan-summit-2025-07-23-fi/russia-war-violates-international-law', 'position', 'Japan', '30th EU–Japan summit', 'EU‒Japani -huippukokous 23.7.2025'),
        ('position/eu-japan-summit-2023-joint-statement/acquisition-of-territory-by-force-prohibited', 'position', 'European Union', '29th EU–Japan summit', 'EU-Japan Summit 2023: Joint Statement'),
        ('position/eu-japan-summit-2023-joint-statement/acquisition-of-territory-by-force-prohibited', 'position', 'Japan', '29th EU–Japan summit', 'EU-Japan Summit 2023: Joint Statement'),
    ]),
    ('actor-assessments', {}, ['assessment', 'opportunity'], [
        ('assessment/eu-japan-summit-2025-07-23-fi/opportunities-for-finland', 'instrument/eu-japan-defence-industry-dialogue'),
        ('assessment/eu-japan-summit-2025-07-23-fi/outcome-successful', ''),
        ('assessment/japan-finland-2025-joint-statement/strategic-partnership-provided-strong-base', ''),
        ('assessment/eu-japan-summit-2025-07-23-fi/complements-finland-japan-partnership', ''),
        ('assessment/eu-japan-summit-2025-07-23-fi/strategic-partnership-underlined', ''),
    ]),
    ('security-defence-commitments', {}, ['commitment', 'statusLabel', 'area', 'eventLabel'], [
        ('commitment/eu-japan-summit-2025-07-23-fi/just-and-lasting-peace', '', 'area/war-in-ukraine', '30th EU–Japan summit'),
        ('commitment/eu-japan-summit-2025-07-23-fi/support-to-ukraine', 'continued', 'area/war-in-ukraine', '30th EU–Japan summit'),
        ('commitment/eu-japan-summit-2023-joint-statement/support-to-ukraine', 'continued', 'area/war-in-ukraine', '29th EU–Japan summit'),
        ('commitment/eu-japan-summit-2023-joint-statement/peace-security-rule-of-law-and-democratic-values', 'continued', 'area/democracy-and-human-rights', '29th EU–Japan summit'),
        ('commitment/eu-japan-summit-2023-joint-statement/peace-security-rule-of-law-and-democratic-values', 'continued', 'area/international-security', '29th EU–Japan summit'),
        ('commitment/japan-finland-2025-joint-statement/foreign-and-security-policy-dialogue', 'deepened', 'area/bilateral-relations', 'Meeting of the President of Finland and the Prime Minister of Japan in Tokyo on 11 June 2025'),
        ('commitment/japan-finland-2025-joint-statement/foreign-and-security-policy-dialogue', 'deepened', 'area/international-security', 'Meeting of the President of Finland and the Prime Minister of Japan in Tokyo on 11 June 2025'),
        ('commitment/eu-japan-summit-2025-07-23-fi/cyber-security', 'deepened', 'area/cyber-security', '30th EU–Japan summit'),
        ('commitment/eu-japan-summit-2025-07-23-fi/disarmament-and-non-proliferation', 'deepened', 'area/disarmament', '30th EU–Japan summit'),
        ('commitment/eu-japan-summit-2025-07-23-fi/disarmament-and-non-proliferation', 'deepened', 'area/non-proliferation', '30th EU–Japan summit'),
        ('commitment/eu-japan-summit-2025-07-23-fi/maritime-security', 'deepened', 'area/maritime-security', '30th EU–Japan summit'),
        ('commitment/eu-japan-summit-2025-07-23-fi/space-security', 'deepened', 'area/space-security', '30th EU–Japan summit'),
        ('commitment/eu-japan-summit-2025-07-23-fi/sanctions', 'deepened', 'area/sanctions', '30th EU–Japan summit'),
        ('commitment/eu-japan-summit-2025-07-23-fi/women-peace-and-security', 'deepened', 'area/women-peace-and-security', '30th EU–Japan summit'),
        ('commitment/japan-finland-2025-joint-statement/free-and-open-international-order', 'deepened', 'area/indo-pacific', 'Meeting of the President of Finland and the Prime Minister of Japan in Tokyo on 11 June 2025'),
        ('commitment/japan-finland-2025-joint-statement/free-and-open-international-order', 'deepened', 'area/international-order', 'Meeting of the President of Finland and the Prime Minister of Japan in Tokyo on 11 June 2025'),
        ('commitment/eu-japan-summit-2025-07-23-fi/fimi-dialogue', 'deepened', 'area/foreign-information-manipulation', '30th EU–Japan summit'),
        ('commitment/eu-japan-summit-2025-07-23-fi/defence-industry-dialogue', 'new', 'area/defence-industry', '30th EU–Japan summit'),
        ('commitment/eu-japan-summit-2025-07-23-fi/security-of-information-negotiations', 'new', 'area/security-of-information', '30th EU–Japan summit'),
        ('commitment/japan-finland-2025-joint-statement/support-for-ukraines-sovereignty', 'reaffirmed', 'area/war-in-ukraine', 'Meeting of the President of Finland and the Prime Minister of Japan in Tokyo on 11 June 2025'),
    ]),
    ('commitments-by-area', {'area': 'area/economy-and-trade'}, ['commitment', 'statusLabel', 'directArea', 'eventLabel', 'sourceTitle'], [
        ('commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance', 'new', 'area/competitiveness', '30th EU–Japan summit', 'EU‒Japani -huippukokous 23.7.2025'),
        ('commitment/eu-japan-summit-2025-07-23-fi/critical-minerals', 'deepened', 'area/critical-minerals-supply-chains', '30th EU–Japan summit', 'EU‒Japani -huippukokous 23.7.2025'),
        ('commitment/eu-japan-summit-2023-joint-statement/prosperity-and-economic-security', 'continued', 'area/economic-security', '29th EU–Japan summit', 'EU-Japan Summit 2023: Joint Statement'),
        ('commitment/eu-japan-summit-2025-07-23-fi/wto-trading-system', 'reaffirmed', 'area/multilateral-trading-system', '30th EU–Japan summit', 'EU‒Japani -huippukokous 23.7.2025'),
        ('commitment/eu-japan-summit-2023-joint-statement/free-and-open-international-order', 'reaffirmed', 'area/multilateral-trading-system', '29th EU–Japan summit', 'EU-Japan Summit 2023: Joint Statement'),
    ]),
    ('actor-profile', {'actor': 'person/kaja-kallas'}, ['relationLabel', 'item', 'kindLabel', 'detailLabel'], [
        ('participant', 'summit/eu-japan-2025', 'summit', 'High Representative of the Union for Foreign Affairs and Security Policy'),
    ]),
    ('actor-profile', {'actor': 'organisation/finland'}, ['relationLabel', 'item', 'kindLabel', 'detailLabel'], [
        ('held by', 'assessment/eu-japan-summit-2025-07-23-fi/opportunities-for-finland', 'assessment', ''),
        ('held by', 'assessment/eu-japan-summit-2025-07-23-fi/outcome-successful', 'assessment', ''),
        ('held by', 'assessment/japan-finland-2025-joint-statement/strategic-partnership-provided-strong-base', 'assessment', ''),
        ('held by', 'assessment/eu-japan-summit-2025-07-23-fi/complements-finland-japan-partnership', 'assessment', ''),
        ('held by', 'assessment/eu-japan-summit-2025-07-23-fi/strategic-partnership-underlined', 'assessment', ''),
        ('held by', 'position/japan-finland-2025-joint-statement/long-friendship-and-close-cooperation', 'position', ''),
        ('held by', 'position/japan-finland-2025-joint-statement/shared-values', 'position', ''),
        ('held by', 'position/japan-finland-2025-joint-statement/japan-important-partner-for-eu-nato-osce', 'position', ''),
        ('held by', 'position/japan-finland-2025-joint-statement/russia-war-violates-international-law', 'position', ''),
        ('held by', 'position/japan-finland-2025-joint-statement/spa-framework-for-finland-japan-partnership', 'position', ''),
        ('held by', 'position/japan-finland-2025-joint-statement/demanding-security-environment', 'position', ''),
        ('held by', 'position/japan-finland-2025-joint-statement/euro-atlantic-and-indo-pacific-security-inseparable', 'position', ''),
        ('issued by', 'document/japan-finland-2025-joint-statement', 'joint statement', ''),
        ('on behalf of', 'event/japan-finland-2025', 'meeting', 'Alexander Stubb'),
        ('opportunity for', 'assessment/eu-japan-summit-2025-07-23-fi/opportunities-for-finland', 'assessment', ''),
        ('party', 'instrument/unclos', 'agreement', ''),
        ('party', 'commitment/japan-finland-2025-joint-statement/foreign-and-security-policy-dialogue', 'commitment', ''),
        ('party', 'commitment/japan-finland-2025-joint-statement/free-and-open-international-order', 'commitment', ''),
        ('party', 'commitment/japan-finland-2025-joint-statement/reinforced-cooperation', 'commitment', ''),
        ('party', 'commitment/japan-finland-2025-joint-statement/support-for-ukraines-sovereignty', 'commitment', ''),
        ('party', 'instrument/finland-japan-foreign-and-security-policy-dialogue', 'dialogue', ''),
        ('party', 'event/japan-finland-2025', 'meeting', ''),
        ('party', 'instrument/finland-japan-strategic-partnership', 'partnership', ''),
    ]),
    ('claim-evidence', {'claim': 'commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance'}, ['document', 'quote', 'sentence', 'start', 'end'], [
        ('document/eu-japan-summit-2025-07-23-fi', 'EU ja Japani perustavat uuden kilpailukykyallianssin', 'Lisäksi EU ja Japani perustavat uuden kilpailukykyallianssin sekä laajentavat yhteistyötä puolustus- ja turvallisuusalalla.', '353', '407'),
        ('document/eu-japan-summit-2025-07-23-fi', 'uuden kilpailukykyallianssin perustaminen', 'Uusia avauksia yhteistyön osalta ovat uuden kilpailukykyallianssin perustaminen, yhteisen puolustusteollisuusdialogin aloittaminen sekä tietoturvasopimusta koskevien neuvotteluiden avaaminen.', '1249', '1290'),
    ]),
    ('areas-ranked', {}, ['area', 'directCommitments', 'withNarrower'], [
        ('area/war-in-ukraine', '4', '4'),
        ('area/international-security', '2', '7'),
        ('area/international-order', '2', '3'),
        ('area/bilateral-relations', '2', '2'),
        ('area/democracy-and-human-rights', '2', '2'),
        ('area/multilateral-trading-system', '2', '2'),
        ('area/economic-security', '1', '2'),
        ('area/biodiversity', '1', '1'),
        ('area/carbon-neutrality', '1', '1'),
        ('area/circular-economy', '1', '1'),
        ('area/climate', '1', '1'),
        ('area/competitiveness', '1', '1'),
        ('area/critical-minerals-supply-chains', '1', '1'),
        ('area/culture', '1', '1'),
        ('area/cyber-security', '1', '1'),
        ('area/defence-industry', '1', '1'),
        ('area/disarmament', '1', '1'),
        ('area/education', '1', '1'),
        ('area/energy', '1', '1'),
        ('area/foreign-information-manipulation', '1', '1'),
        ('area/indo-pacific', '1', '1'),
        ('area/international-law', '1', '1'),
        ('area/maritime-security', '1', '1'),
        ('area/multilateralism', '1', '1'),
        ('area/non-proliferation', '1', '1'),
        ('area/research', '1', '1'),
        ('area/sanctions', '1', '1'),
        ('area/security-of-information', '1', '1'),
        ('area/space-security', '1', '1'),
        ('area/transport', '1', '1'),
        ('area/women-peace-and-security', '1', '1'),
        ('area/security-and-defence', '0', '16'),
        ('area/economy-and-trade', '0', '5'),
        ('area/environment-and-energy', '0', '5'),
        ('area/research-education-and-culture', '0', '3'),
    ]),
    ('labels-without-language', {}, ['resource', 'property', 'label'], [
    ]),
    ('claims-without-evidence', {}, ['claim', 'type'], [
    ]),
    ('recurring-areas', {}, ['area', 'events', 'claims'], [
        ('area/bilateral-relations', '3', '11'),
        ('area/international-security', '3', '11'),
        ('area/international-law', '3', '8'),
        ('area/war-in-ukraine', '3', '7'),
        ('area/international-order', '3', '4'),
        ('area/indo-pacific', '2', '4'),
        ('area/democracy-and-human-rights', '2', '3'),
        ('area/economic-security', '2', '2'),
        ('area/maritime-security', '2', '2'),
        ('area/multilateralism', '2', '2'),
        ('area/multilateral-trading-system', '2', '2'),
    ]),
    ('positions-across-sources', {}, ['area', 'sources', 'holder', 'source'], [
        ('area/bilateral-relations', '3', 'organisation/european-union', 'document/eu-japan-summit-2023-joint-statement'),
        ('area/bilateral-relations', '3', 'organisation/european-union', 'document/eu-japan-summit-2025-07-23-fi'),
        ('area/bilateral-relations', '3', 'organisation/finland', 'document/japan-finland-2025-joint-statement'),
        ('area/bilateral-relations', '3', 'organisation/japan', 'document/eu-japan-summit-2023-joint-statement'),
        ('area/bilateral-relations', '3', 'organisation/japan', 'document/eu-japan-summit-2025-07-23-fi'),
        ('area/bilateral-relations', '3', 'organisation/japan', 'document/japan-finland-2025-joint-statement'),
        ('area/international-law', '3', 'organisation/european-union', 'document/eu-japan-summit-2023-joint-statement'),
        ('area/international-law', '3', 'organisation/european-union', 'document/eu-japan-summit-2025-07-23-fi'),
        ('area/international-law', '3', 'organisation/finland', 'document/japan-finland-2025-joint-statement'),
        ('area/international-law', '3', 'organisation/japan', 'document/eu-japan-summit-2023-joint-statement'),
        ('area/international-law', '3', 'organisation/japan', 'document/eu-japan-summit-2025-07-23-fi'),
        ('area/international-law', '3', 'organisation/japan', 'document/japan-finland-2025-joint-statement'),
        ('area/international-security', '3', 'organisation/european-union', 'document/eu-japan-summit-2023-joint-statement'),
        ('area/international-security', '3', 'organisation/european-union', 'document/eu-japan-summit-2025-07-23-fi'),
        ('area/international-security', '3', 'organisation/finland', 'document/japan-finland-2025-joint-statement'),
        ('area/international-security', '3', 'organisation/japan', 'document/eu-japan-summit-2023-joint-statement'),
        ('area/international-security', '3', 'organisation/japan', 'document/eu-japan-summit-2025-07-23-fi'),
        ('area/international-security', '3', 'organisation/japan', 'document/japan-finland-2025-joint-statement'),
        ('area/war-in-ukraine', '3', 'organisation/european-union', 'document/eu-japan-summit-2023-joint-statement'),
        ('area/war-in-ukraine', '3', 'organisation/european-union', 'document/eu-japan-summit-2025-07-23-fi'),
        ('area/war-in-ukraine', '3', 'organisation/finland', 'document/japan-finland-2025-joint-statement'),
        ('area/war-in-ukraine', '3', 'organisation/japan', 'document/eu-japan-summit-2023-joint-statement'),
        ('area/war-in-ukraine', '3', 'organisation/japan', 'document/eu-japan-summit-2025-07-23-fi'),
        ('area/war-in-ukraine', '3', 'organisation/japan', 'document/japan-finland-2025-joint-statement'),
        ('area/indo-pacific', '2', 'organisation/european-union', 'document/eu-japan-summit-2023-joint-statement'),
        ('area/indo-pacific', '2', 'organisation/finland', 'document/japan-finland-2025-joint-statement'),
        ('area/indo-pacific', '2', 'organisation/japan', 'document/eu-japan-summit-2023-joint-statement'),
        ('area/indo-pacific', '2', 'organisation/japan', 'document/japan-finland-2025-joint-statement'),
    ]),
    ('instruments-across-sources', {}, ['instrument', 'sources', 'source'], [
        ('instrument/eu-japan-strategic-partnership', '2', 'document/eu-japan-summit-2023-joint-statement'),
        ('instrument/eu-japan-strategic-partnership', '2', 'document/eu-japan-summit-2025-07-23-fi'),
        ('instrument/finland-japan-strategic-partnership', '2', 'document/eu-japan-summit-2025-07-23-fi'),
        ('instrument/finland-japan-strategic-partnership', '2', 'document/japan-finland-2025-joint-statement'),
    ]),
]


@pytest.fixture(scope="module")
def kg(built_dir) -> KnowledgeGraph:
    return KnowledgeGraph(EmbeddedStore.from_file(built_dir / "eujgraph.trig"), load_library(ROOT / "queries"))


def short(value: str) -> str:
    return value.replace(ID, "").replace(ONTOLOGY, "eujo:")


@pytest.mark.parametrize("name, params, columns, expected", CASES,
                         ids=[f"{c[0]}{'-' + '-'.join(c[1].values()) if c[1] else ''}" for c in CASES])
def test_library_answer(kg, name, params, columns, expected):
    rows = kg.query(name, **params).rows()
    assert [tuple(short(row.get(c, "")) for c in columns) for row in rows] == expected


def test_every_library_query_has_an_answer_test():
    from .test_history_queries import HISTORY_QUERIES

    tested = {case[0] for case in CASES} | {"party-committed-to-area", "summit-commitments-graph", "instruments",
                                             "sources", "actors-at-several-events"} | set(HISTORY_QUERIES)
    assert tested == set(load_library(ROOT / "queries"))


def test_summit_commitments_graph_holds_every_commitment_of_the_summit(kg):
    triples = kg.query("summit-commitments-graph").answer.triples
    subjects = {t.subject.value for t in triples}
    assert len(subjects) == 24
    assert all(s.startswith(ID + "commitment/eu-japan-summit-2025-07-23-fi/") for s in subjects)
    assert any(t.predicate.value == ONTOLOGY + "status" and t.object.value == ONTOLOGY + "new" for t in triples)


# --- answers the summit history widens (its own queries: test_history_queries.py) -------------

def reference_ids(section: str) -> set[str]:
    import yaml

    ids = set()
    for path in (ROOT / "graph/reference").glob("*.yaml"):
        ids |= set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(section) or {})
    return ids


def history() -> list[dict]:
    import yaml

    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "graph/history").glob("summits-*.yaml"))]


def test_instruments_lists_the_history_s_own_instruments_without_memo_events(kg):
    rows = [(short(r["instrument"]), r["typeLabel"], short(r.get("event", ""))) for r in kg.query("instruments").rows()]
    memo_era = [row for row in rows if row[0].removeprefix("instrument/") in reference_ids("instruments")]
    assert memo_era == MEMO_ERA_INSTRUMENTS
    kinds = {i["id"]: i["kind"].replace("-", " ") for data in history() for i in data["instruments"] if "kind" in i}
    assert sorted(row for row in rows if row not in memo_era) == sorted(
        (f"instrument/{key}", kind, "") for key, kind in kinds.items())


MEMO_ERA_INSTRUMENTS = [
    ('instrument/eu-japan-security-of-information-agreement', 'agreement', ''),
    ('instrument/eu-japan-strategic-partnership-agreement', 'agreement', 'event/japan-finland-2025'),
    ('instrument/unclos', 'agreement', 'summit/eu-japan-2023'),
    ('instrument/eu-japan-competitiveness-alliance', 'alliance', 'summit/eu-japan-2025'),
    ('instrument/eu-japan-defence-industry-dialogue', 'dialogue', 'summit/eu-japan-2025'),
    ('instrument/eu-japan-fimi-dialogue', 'dialogue', 'summit/eu-japan-2025'),
    ('instrument/finland-japan-foreign-and-security-policy-dialogue', 'dialogue', 'event/japan-finland-2025'),
    ('instrument/eu-japan-security-of-information-negotiations', 'negotiation', 'summit/eu-japan-2025'),
    ('instrument/eu-japan-strategic-partnership', 'partnership', 'summit/eu-japan-2023'),
    ('instrument/eu-japan-strategic-partnership', 'partnership', 'summit/eu-japan-2025'),
    ('instrument/finland-japan-strategic-partnership', 'partnership', 'summit/eu-japan-2025'),
    ('instrument/finland-japan-strategic-partnership', 'partnership', 'event/japan-finland-2025'),
]


def test_sources_lists_the_memos_and_every_cited_source(kg):
    rows = kg.query("sources").rows()
    memos = [(short(r["document"]), r["title"], r["language"], r["claims"], r["participations"]) for r in rows
             if r["graph"].startswith("https://w3id.org/eujgraph/graph/memo/")]
    assert memos == [
        ('document/eu-japan-summit-2023-joint-statement', 'EU-Japan Summit 2023: Joint Statement', 'en', '14', '3'),
        ('document/eu-japan-summit-2025-07-23-fi', 'EU‒Japani -huippukokous 23.7.2025', 'fi', '31', '4'),
        ('document/japan-finland-2025-joint-statement', 'Joint Statement on Reinforced Cooperation in the Future '
         'between Japan and the Republic of Finland', 'en', '12', '2'),
    ]
    memo_ids = {m[0].removeprefix("document/") for m in memos}
    cited = {key: source for data in history() for key, source in data["sources"].items() if key not in memo_ids}
    others = {short(r["document"]).removeprefix("document/"): (r["title"], r["language"], r["claims"])
              for r in rows if r["graph"] == "https://w3id.org/eujgraph/graph/history"}
    assert others == {key: (s["title"], s["language"], "0") for key, s in cited.items()}
    assert len(rows) == len(memos) + len(cited)


def test_actors_at_several_events_counts_memo_and_history_participations(kg):
    memo_ids = {"eu-japan-summit-2023-joint-statement", "eu-japan-summit-2025-07-23-fi",
                "japan-finland-2025-joint-statement"}
    import yaml

    at: dict[str, set] = {}
    offices: set = set()
    for path in (ROOT / "graph/memos").glob("*.yaml"):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("participations") or []:
            at.setdefault(entry["person"], set()).add(entry["event"])
            offices.add((entry["person"], entry["event"], entry["office"]))
    for data in history():
        for summit, entry in data["summits"].items():
            for report in entry["reports"]:
                if report["source"] in memo_ids:
                    continue
                for who in (report.get("leaders") or []) + (report.get("participants") or []):
                    if who.get("person"):
                        at.setdefault(who["person"], set()).add(summit)
                        if who.get("office"):
                            offices.add((who["person"], summit, who["office"]))
    expected = {(f"person/{p}", str(len(at[p])), e, o) for p, e, o in offices if len(at[p]) > 1}
    rows = kg.query("actors-at-several-events").rows()
    found = {(short(r["person"]), r["events"], short(r["event"]).split("/", 1)[1], r["officeLabel"]) for r in rows}
    assert found and {(p, n, e) for p, n, e, _ in found} == {(p, n, e) for p, n, e, _ in expected}
    assert len(rows) == len({(p, e, o) for p, n, e, o in expected})


def test_a_dataframe_keeps_the_columns_rows_and_types_of_the_answer(kg):
    result = kg.query("areas-ranked", lang="en")
    frame = result.dataframe()
    assert list(frame.columns) == result.answer.variables
    assert frame.to_dict("records") == [{**row, "directCommitments": int(row["directCommitments"]),
                                         "withNarrower": int(row["withNarrower"])} for row in result.rows()]
    triples = kg.query("summit-commitments-graph", summit="euj:summit/eu-japan-2025").dataframe()
    assert list(triples.columns) == ["subject", "predicate", "object"] and len(triples) > 100


def test_a_dataframe_of_an_ask_answer_or_without_pandas_is_a_clear_error(kg, monkeypatch):
    from eujgraph.errors import EujgraphError

    with pytest.raises(EujgraphError, match="ASK query answers true or false"):
        kg.query("party-committed-to-area", area="area/space-security").dataframe()
    monkeypatch.setitem(__import__("sys").modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(EujgraphError, match=r"pip install 'eujgraph\[dataframe\]'"):
        kg.query("areas-ranked", lang="en").dataframe()
