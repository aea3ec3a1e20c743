"""The timeline page without a browser: deterministic, self-contained, and model text only ever as escaped JSON."""

from __future__ import annotations

import copy
import json
import re

import pytest

from eujgraph.viz.timeline import render_timeline, write_timeline

from .conftest import ROOT

EVIL = "</script><img src=x onerror=alert(1)>"
COVERAGE_LABELS = {"full": {"en": "full text", "fi": "koko teksti", "ja": "全文"},
                   "excerpt": {"en": "excerpt only", "fi": "vain ote", "ja": "抜粋のみ"},
                   "opening": {"en": "opening only", "fi": "vain alku", "ja": "冒頭のみ"}}
EU, JAPAN = "european-union", "japan"


def labels(en: str, fi: str | None = None, ja: str | None = None) -> dict:
    """Labels as the model has them: a missing Japanese label is left out (the page falls back to English)."""
    return {"en": en, "fi": fi or en, **({"ja": ja} if ja else {})}


def ref(id_: str, en: str, fi: str | None = None, ja: str | None = None) -> dict:
    return {"id": id_, "labels": labels(en, fi, ja)}


def leader(slug: str, name: str, office: dict, party: str) -> dict:
    return {**ref(f"person/{slug}", name), "office": office, "party": party}


def summit(year_id: str, date: str, en: str, fi: str, ja: str | None, *, ordinal, place, mode, leaders,
           coverage, sources=1, conflicts=()) -> dict:
    return {"id": f"summit/{year_id}", "iri": f"https://w3id.org/eujgraph/id/summit/{year_id}",
            "labels": labels(en, fi, ja), "date": date, "end_date": None, "ordinal": ordinal,
            "place": place, "mode": mode, "leaders": leaders, "coverage": coverage, "sources": sources,
            "conflicts": list(conflicts)}


def stage(instrument: dict, stage_id: str, stage_labels: tuple, date: str, at: str | None, sources: int) -> dict:
    return {"id": f"stage/{instrument['id'].split('/', 1)[1]}/{stage_id}/{date}", "instrument": instrument,
            "stage": ref(stage_id, *stage_labels), "date": date, "summit": at, "sources": sources}


def timeline_fixture() -> dict:
    """A small model like the built graph's: four summits (one by video, one on the margins of the G7), two
    instruments with three stages between them (one dated to the year only), two policy areas."""
    pm = ref("office/prime-minister-of-japan", "Prime Minister of Japan", "Japanin pääministeri", "内閣総理大臣")
    euco = ref("office/president-of-the-european-council", "President of the European Council",
               "Eurooppa-neuvoston puheenjohtaja", "欧州理事会議長")
    com = ref("office/president-of-the-european-commission", "President of the European Commission",
              "Euroopan komission puheenjohtaja", "欧州委員会委員長")
    hague = ref("place/the-hague", "The Hague", "Haag", "ハーグ")
    tokyo = ref("place/tokyo", "Tokyo", "Tokio", "東京")
    kananaskis = ref("place/kananaskis", "Kananaskis", "Kananaskis", "カナナスキス")
    epa = ref("instrument/eu-japan-epa", "EU–Japan Economic Partnership Agreement",
              "EU:n ja Japanin talouskumppanuussopimus", "日EU経済連携協定")
    green = ref("instrument/eu-japan-green-alliance", "EU–Japan Green Alliance", "EU:n ja Japanin vihreä allianssi",
                "日EUグリーン・アライアンス")
    summits = [
        summit("eu-japan-1991", "1991-07-18", "1st EU–Japan summit", "1. EU:n ja Japanin huippukokous", None,
               ordinal=1, place=hague, mode="in-person", coverage="opening",
               leaders=[leader("ruud-lubbers", "Ruud Lubbers", euco, EU),
                        leader("jacques-delors", "Jacques Delors", com, EU),
                        leader("toshiki-kaifu", "Toshiki Kaifu", pm, JAPAN)]),
        summit("eu-japan-2013", "2013-11-19", "21st EU–Japan summit", "21. EU:n ja Japanin huippukokous",
               "第21回日EU定期首脳協議", ordinal=21, place=tokyo, mode="in-person", coverage="full", sources=3,
               conflicts=["ordinal: 21 (eeas-2013) / 22 (mofa-2013)"],
               leaders=[leader("herman-van-rompuy", "Herman Van Rompuy", euco, EU),
                        leader("jose-manuel-barroso", "José Manuel Barroso", com, EU),
                        leader("shinzo-abe", "Shinzo Abe", pm, JAPAN)]),
        summit("eu-japan-2021", "2021-05-27", "27th EU–Japan summit", "27. EU:n ja Japanin huippukokous",
               "第27回日EU定期首脳協議", ordinal=27, place=None, mode="video", coverage="excerpt", sources=2,
               leaders=[leader("charles-michel", "Charles Michel", euco, EU),
                        leader("ursula-von-der-leyen", "Ursula von der Leyen", com, EU),
                        leader("yoshihide-suga", "Yoshihide Suga", pm, JAPAN)]),
        summit("eu-japan-2025-g7", "2025-06", "EU–Japan leaders' meeting at the G7 summit",
               "EU:n ja Japanin johtajien tapaaminen G7-huippukokouksessa", "G7サミットの機会の日EU首脳会談",
               ordinal=None, place=kananaskis, mode="margins", coverage="excerpt",
               leaders=[leader("antonio-costa", "António Costa", euco, EU),
                        leader("shigeru-ishiba", "Shigeru Ishiba", pm, JAPAN)]),
    ]
    stages = [
        stage(epa, "negotiations-launched", ("negotiations launched", "neuvottelut aloitettu", "交渉開始"), "2013",
              None, 2),
        stage(epa, "signed", ("signed", "allekirjoitettu", "署名"), "2018-07-17", None, 3),
        stage(green, "launched", ("launched", "käynnistetty", "立ち上げ"), "2021-05-27", "summit/eu-japan-2021", 1),
    ]
    areas = [ref("area/climate", "Climate", "Ilmasto", "気候"), ref("area/trade", "Trade", "Kauppa", "貿易")]
    summit_areas = [{"summit": "summit/eu-japan-2013", "area": "area/trade", "claims": 2},
                    {"summit": "summit/eu-japan-2021", "area": "area/climate", "claims": 4},
                    {"summit": "summit/eu-japan-2021", "area": "area/trade", "claims": 1}]
    return {"languages": ["en", "fi", "ja"], "summits": summits, "stages": stages, "areas": areas,
            "summit_areas": summit_areas, "coverage_labels": COVERAGE_LABELS}


def hostile_fixture() -> dict:
    """The fixture with markup in a summit's labels, its place and an instrument's label."""
    model = copy.deepcopy(timeline_fixture())
    model["summits"][1]["labels"] = {"en": EVIL, "fi": EVIL, "ja": EVIL}
    model["summits"][1]["place"]["labels"] = {"en": EVIL, "fi": EVIL}
    model["stages"][2]["instrument"]["labels"]["en"] = EVIL
    model["areas"][0]["labels"]["en"] = EVIL
    return model


def embedded(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="eujgraph-data">(.*?)</script>', html, re.S)[1])


def test_the_same_model_gives_the_same_bytes(tmp_path):
    model = timeline_fixture()
    html = render_timeline(model)
    assert render_timeline(copy.deepcopy(model)) == html
    path = write_timeline(model, tmp_path / "timeline.html")
    assert path == tmp_path / "timeline.html" and path.read_bytes() == html
    assert [p.name for p in tmp_path.iterdir()] == ["timeline.html"]
    assert render_timeline(model, lang="ja") != html


def test_the_page_carries_the_model_and_its_options():
    model = timeline_fixture()
    html = render_timeline(model, lang="fi", entity_base="/id/", network_href=None).decode("utf-8")
    assert embedded(html) == {"lang": "fi", "model": model, "entityBase": "/id/", "networkHref": None}
    assert '<html lang="fi">' in html
    with pytest.raises(ValueError, match="sv"):
        render_timeline(model, lang="sv")
    model["stages"].append({**model["stages"][1], "summit": "summit/eu-japan-2018"})
    with pytest.raises(ValueError, match="repeats the id.* stage/eu-japan-epa/signed/2018-07-17"):
        render_timeline(model)


def test_markup_in_labels_stays_escaped_json():
    html = render_timeline(hostile_fixture()).decode("utf-8")
    assert "<img" not in html and "onerror=alert(1)>" not in html
    assert html.count("</script>") == 3  # the data, vis-timeline and the page script: nothing closes early
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert embedded(html)["model"] == hostile_fixture()


def test_every_asset_is_inline_and_nothing_is_fetched():
    html = render_timeline(timeline_fixture()).decode("utf-8")
    assert "@version 8.5.4" in html and "Permission is hereby granted" in html
    assert "vis-timeline 8.5.4" in (ROOT / "src/eujgraph/viz/static/README.md").read_text(encoding="utf-8")
    assert ".vis-timeline{" in html and "#matrix" in html and "window.eujgraph" in html
    assert re.findall(r"<script[^>]*\bsrc\b|<link\b|<img\b|<iframe\b", html) == []
    assert re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html) == []
    assert html.count("<script") == 3 and html.count("<style>") == 1
