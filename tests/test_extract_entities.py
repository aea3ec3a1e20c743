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
        "H.E. Dr. Ursula von der Leyen, President of the European Commission, and H.E. Mr. Olaf Scholz, "
        "Chancellor of the Federal Republic of Germany, met in Berlin on 12 July 2024.\n\n"
        "President von der Leyen and Chancellor Scholz agreed to deepen cooperation on energy.\n"), "en")
    assert people(draft) == [
        ("ursula-von-der-leyen", "president-of-the-european-commission", "european-union"),
        ("olaf-scholz", "chancellor-of-the-federal-republic-of-germany", "germany")]
    assert draft.proposals["persons"] == {"olaf-scholz": {
        "name": "Olaf Scholz", "note": draft.proposals["persons"]["olaf-scholz"]["note"]}}
    office = draft.proposals["offices"]["chancellor-of-the-federal-republic-of-germany"]
    assert office["label"] == {"en": "Chancellor of the Federal Republic of Germany",
                               "fi": "[fi label to write] Chancellor of the Federal Republic of Germany"}
    assert office["post_in"] == "germany"
    germany = draft.proposals["organisations"]["germany"]
    assert (germany["type"], germany["label"]) == ("state", {"en": "Germany", "fi": "Saksa"})
    assert draft.proposals["places"]["berlin"]["label"] == {"en": "Berlin", "fi": "Berliini"}
    event_id, event = next(iter(draft.sections["events"].items()))
    assert event_id == "eu-germany-meeting-2024-07-12"
    assert (event["date"], event["place"], event["parties"]) == ("2024-07-12", "berlin", ["european-union", "germany"])


def test_an_upper_case_family_name_written_first_is_put_last(tmp_path):
    draft = draft_of(tmp_path, (
        "Prime Minister of Japan, KISHIDA Fumio, and Secretary General of the North Atlantic Treaty Organization "
        "(NATO), Jens STOLTENBERG, met in Tokyo on 31 January, 2023.\n"), "en")
    assert people(draft) == [("fumio-kishida", "prime-minister-of-japan", "japan"),
                             ("jens-stoltenberg", "secretary-general-of-the-north-atlantic-treaty-organization",
                              "nato")]
    assert draft.proposals["persons"]["jens-stoltenberg"]["name"] == "Jens Stoltenberg"
    assert next(iter(draft.sections["events"].values()))["parties"] == ["japan", "nato"]


def test_finnish_case_endings_come_off_names_and_titles(tmp_path):
    draft = draft_of(tmp_path, (
        "Tasavallan presidentti Alexander Stubb tapasi Kiinan kansantasavallan presidentin Xi Jinpingin "
        "Helsingissä 5.4.2017.\n\nPresidentti Stubbin mukaan keskustelut olivat avoimia.\n"), "fi")
    assert people(draft) == [("alexander-stubb", "president-of-finland", "finland"),
                             ("xi-jinping", "kiinan-kansantasavallan-presidentti", "china")]
    office = draft.proposals["offices"]["kiinan-kansantasavallan-presidentti"]
    assert office["label"] == {"fi": "Kiinan kansantasavallan presidentti",
                               "en": "[en label to write] Kiinan kansantasavallan presidentti"}
    assert draft.proposals["persons"]["xi-jinping"]["name"] == "Xi Jinping"
    assert draft.proposals["organisations"]["china"]["label"] == {"en": "China", "fi": "Kiina"}
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
    ("met in Tokyo on 28 April 2010 for the summit", "en", ["2010-04-28"]),
    ("On 25th April 2019, the 26th Summit", "en", ["2019-04-25"]),
    ("met in Tokyo on 31 January, 2023.", "en", ["2023-01-31"]),
    ("Saturday, May 30, 2015. On Friday, May 29, the summit", "en", ["2015-05-30", "2015-05-29"]),
    ("31 Jan. 2023 - Last updated: 01 Feb. 2023", "en", ["2023-01-31", "2023-02-01"]),
    ("17/07/2018 - The summit took place on 17 July in Tokyo.", "en", ["2018-07-17", "2018-07-17"]),
    ("Summit 2023. The leaders met in Seoul on 22 May.", "en", ["2023-05-22"]),
    ("kokoontuivat 13. heinäkuuta 2023 Helsingissä", "fi", ["2023-07-13"]),
    ("osallistui huippukokoukseen 9.–11. heinäkuuta 2024", "fi", ["2024-07-09"]),
    ("pidetään Soulissa 20. - 21.10. (Uutiset, 16.10.2000)", "fi", ["2000-10-20", "2000-10-16"]),
    ("huippukokous pidettiin 23.7.2025, ja 1.2 miljardia", "fi", ["2025-07-23"]),
])
def test_dates_in_their_written_forms_with_the_year_filled_in(text, lang, expected):
    assert [d.iso for d in find_dates(text, lang)] == expected


def test_a_date_without_a_year_in_a_text_without_one_has_no_year():
    dates = find_dates("lausunto valtiovierailun johdosta 5.4.", "fi")
    assert [(d.year, d.month, d.day, d.year_given) for d in dates] == [(None, 4, 5, False)]


def test_a_bare_title_is_no_other_states_office_and_a_genitive_name_loses_its_ending(tmp_path):
    draft = draft_of(tmp_path, (
        "Pääministeri Petteri Orpo tapasi Kanadan pääministerin Justin Trudeaun Ottawassa 10. toukokuuta 2024. "
        "Pääministeri Orpo keskusteli pääministeri Trudeaun kanssa Ukrainan tukemisesta.\n"), "fi")
    assert people(draft) == [("petteri-orpo", "paaministeri-finland", "finland"),
                             ("justin-trudeau", "kanadan-paaministeri", "canada")]
    event = next(iter(draft.sections["events"].values()))
    assert (event["parties"], event["place"], event["date"]) == (["canada", "finland"], "ottawa", "2024-05-10")
