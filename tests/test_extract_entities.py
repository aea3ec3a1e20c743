"""eujgraph extract: people, offices, states, places and events the reference data lacks.

The memos here are written for the tests (short, in the phrasing of official summaries); each
checks one rule of eujgraph.extract.people, .dates or .events with the full expected answer.
"""

from __future__ import annotations

import pytest

from eujgraph.extract.dates import find_dates
from eujgraph.extract.draft import extract

from .conftest import ROOT

REFERENCE = ROOT / "graph/reference"


def draft_of(tmp_path, text: str, lang: str):
    memo = tmp_path / f"memo.{lang}.txt"
    memo.write_text(text, encoding="utf-8")
    return extract(memo, lang=lang, reference_dir=REFERENCE)


def people(draft) -> list[tuple[str, str, str]]:
    return [(p["person"], p["office"], p["party"]) for p in draft.sections["participations"]]


def test_honorifics_titles_and_a_family_name_alone_resolve_to_one_person_each(tmp_path):
    draft = draft_of(tmp_path, (
        "H.E. Dr. Ursula von der Leyen, President of the European Commission, and H.E. Mr. Friedrich Merz, "
        "Federal Chancellor of Germany, met in Berlin on 29 May 2025.\n\n"
        "President von der Leyen and Chancellor Merz agreed to deepen cooperation on energy.\n"), "en")
    assert people(draft) == [
        ("ursula-von-der-leyen", "president-of-the-european-commission", "european-union"),
        ("friedrich-merz", "federal-chancellor-of-germany", "germany")]
    assert draft.proposals["persons"] == {"friedrich-merz": {
        "name": "Friedrich Merz", "note": draft.proposals["persons"]["friedrich-merz"]["note"]}}
    office = draft.proposals["offices"]["federal-chancellor-of-germany"]  # known from graph/history/
    assert (office["label"], office["post_in"]) == (
        {"en": "Federal Chancellor of Germany", "fi": "Saksan liittokansleri"}, "germany")
    germany = draft.proposals["organisations"]["germany"]
    assert (germany["type"], germany["label"]) == ("state", {"en": "Germany", "fi": "Saksa"})
    assert draft.proposals["places"]["berlin"]["label"] == {"en": "Berlin", "fi": "Berliini"}
    event_id, event = next(iter(draft.sections["events"].items()))
    assert event_id == "eu-germany-meeting-2025-05-29"
    assert (event["date"], event["place"], event["parties"]) == ("2025-05-29", "berlin", ["european-union", "germany"])


def test_an_upper_case_family_name_written_first_is_put_last(tmp_path):
    draft = draft_of(tmp_path, (
        "The Secretary General of the North Atlantic Treaty Organization (NATO), Mark RUTTE, and the Minister "
        "of Defense of Japan, NAKATANI Gen, held talks in Brussels on 24 June 2025.\n"), "en")
    assert people(draft) == [("mark-rutte", "secretary-general-of-the-north-atlantic-treaty-organization", "nato"),
                             ("gen-nakatani", "minister-of-defense-of-japan", "japan")]
    assert draft.proposals["persons"]["gen-nakatani"]["name"] == "Gen Nakatani"
    office = draft.proposals["offices"]["secretary-general-of-the-north-atlantic-treaty-organization"]
    assert (office["label"], office["post_in"]) == (
        {"en": "Secretary General of the North Atlantic Treaty Organization",
         "fi": "[fi label to write] Secretary General of the North Atlantic Treaty Organization"}, "nato")
    assert next(iter(draft.sections["events"].values()))["parties"] == ["nato", "japan"]


def test_finnish_case_endings_come_off_names_and_titles(tmp_path):
    draft = draft_of(tmp_path, (
        "Tasavallan presidentti Alexander Stubb tapasi Intian tasavallan presidentin Droupadi Murmun "
        "Helsingissä 12.3.2025.\n\nPresidentti Stubbin mukaan keskustelut olivat avoimia.\n"), "fi")
    assert people(draft) == [("alexander-stubb", "president-of-finland", "finland"),
                             ("droupadi-murmu", "intian-tasavallan-presidentti", "india")]
    office = draft.proposals["offices"]["intian-tasavallan-presidentti"]
    assert office["label"] == {"fi": "Intian tasavallan presidentti",
                               "en": "[en label to write] Intian tasavallan presidentti"}
    assert draft.proposals["persons"]["droupadi-murmu"]["name"] == "Droupadi Murmu"
    assert draft.proposals["organisations"]["india"]["label"] == {"en": "India", "fi": "Intia"}
    assert next(iter(draft.sections["events"].values()))["place"] == "helsinki"


def test_a_former_office_holder_is_no_participant(tmp_path):
    draft = draft_of(tmp_path, (
        "Prime Minister Shigeru Ishiba and President Alexander Stubb met in Helsinki on 2 March 2026. "
        "They recalled the visit of former Prime Minister Fumio Kishida.\n"), "en")
    assert [p[0] for p in people(draft)] == ["shigeru-ishiba", "alexander-stubb"]


def test_a_text_about_a_summit_in_the_graph_proposes_its_id_and_another_meeting_gets_its_own(tmp_path):
    summit = draft_of(tmp_path, "The 30th EU-Japan Summit was held in Tokyo on 23 July 2025.\n", "en")
    assert list(summit.sections["events"]) == ["eu-japan-2025"]
    assert "the graph already has this event" in summit.sections["events"]["eu-japan-2025"]["note"]
    ministers = draft_of(tmp_path, "The EU and Japan foreign ministers met in Brussels on 2 May 2025.\n", "en")
    assert list(ministers.sections["events"]) == ["eu-japan-meeting-2025-05-02"]


@pytest.mark.parametrize("text, lang, expected", [
    ("the ministers met in Osaka on 3 March 2011 to talk", "en", ["2011-03-03"]),
    ("On 2nd June 2016, the meeting", "en", ["2016-06-02"]),
    ("they met in Kyoto on 14 February, 2019.", "en", ["2019-02-14"]),
    ("Monday, June 6, 2016. On Sunday, June 5, the talks", "en", ["2016-06-06", "2016-06-05"]),
    ("12 Mar. 2021 - Revised: 13 Mar. 2021", "en", ["2021-03-12", "2021-03-13"]),
    ("05/09/2017 - The talks were held on 5 September in Osaka.", "en", ["2017-09-05", "2017-09-05"]),
    ("Meeting 2022. The ministers met in Prague on 9 June.", "en", ["2022-06-09"]),
    ("tapasivat 4. maaliskuuta 2022 Tampereella", "fi", ["2022-03-04"]),
    ("osallistui kokoukseen 3.–5. kesäkuuta 2021", "fi", ["2021-06-03"]),
    ("pidetään Oulussa 7. - 8.11. (Tiedote, 1.11.2001)", "fi", ["2001-11-07", "2001-11-01"]),
    ("kokous pidettiin 12.5.2024, ja 3.4 miljardia", "fi", ["2024-05-12"]),
])
def test_dates_in_their_written_forms_with_the_year_filled_in(text, lang, expected):
    assert [d.iso for d in find_dates(text, lang)] == expected


def test_a_date_without_a_year_in_a_text_without_one_has_no_year():
    dates = find_dates("tiedote vierailun johdosta 8.9.", "fi")
    assert [(d.year, d.month, d.day, d.year_given) for d in dates] == [(None, 9, 8, False)]


def test_a_bare_title_is_no_other_states_office_and_a_genitive_name_loses_its_ending(tmp_path):
    draft = draft_of(tmp_path, (
        "Pääministeri Petteri Orpo tapasi Kanadan pääministerin Justin Trudeaun Ottawassa 10. toukokuuta 2024. "
        "Pääministeri Orpo keskusteli pääministeri Trudeaun kanssa Ukrainan tukemisesta.\n"), "fi")
    assert people(draft) == [("petteri-orpo", "paaministeri-finland", "finland"),
                             ("justin-trudeau", "kanadan-paaministeri", "canada")]
    event = next(iter(draft.sections["events"].values()))
    assert (event["parties"], event["place"], event["date"]) == (["canada", "finland"], "ottawa", "2024-05-10")
