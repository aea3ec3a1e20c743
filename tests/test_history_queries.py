"""The history's library queries against the built graph: complete answers, computed independently.

Every expected answer is computed here from the YAML files (graph/history/, graph/reference/,
graph/memos/) with plain Python, not with the eujgraph loader or builder, and compared with the
query's rows in full: as a multiset of rows (ids and values, with the ``euj:`` base stripped), and,
since the query's ORDER BY is checked on the rows it returns, in query order. Labels are compared
for ``summits-over-time`` in Japanese and ``office-holders`` and ``instrument-lifecycle`` in Finnish.

The rules mirrored (docs/history-format.md):
- a summit's ordinal, date, place and mode are what most of its reports give (ties: the first
  given, files in name order), and one held by video or telephone has no place (its reports keep
  the place they give, e.g. a planned venue); a summit a memo defines takes ordinal, date and place from the memo
  and its mode from the history;
- participations come from reports' ``leaders`` (eujo:LeaderParticipation) and ``participants``
  (eujo:Participation), not from reports whose source is a memo (the memo's own ``participations``
  stand for those), and not for people without a ``person`` id; ``role`` is eujo:actingAs when it
  is not the ``office``;
- one stage node per (instrument, stage, source) and date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from eujgraph.query.engines import EmbeddedStore
from eujgraph.query.library import KnowledgeGraph, load_library

from .conftest import ROOT
from .test_history import HISTORY_DIR, most_given, raw, raw_reports

ID = "https://w3id.org/eujgraph/id/"
ONT = "https://w3id.org/eujgraph/ontology#"
MODES = {"in-person": ONT + "inPerson", "video": ONT + "video", "telephone": ONT + "telephone",
         "margins": ONT + "margins"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

HISTORY_QUERIES = ("summits-over-time", "office-holders", "instrument-lifecycle", "summit-launches", "venues",
                   "summit-areas", "summit-coverage", "source-conflicts")


# --- the YAML files, read plainly ------------------------------------------------------------

def _load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _day(value) -> str | None:
    """A YAML date (a datetime.date, a 'YYYY-MM' string or a YYYY int) as its ISO text."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


PERIODS = raw()
REPORTS = raw_reports()
STAGE_KINDS = _load(HISTORY_DIR / "stages.yaml")["stages"]
REFERENCE = {p.stem: _load(p) for p in sorted((ROOT / "graph/reference").glob("*.yaml"))}
MEMOS = [_load(p) for p in sorted((ROOT / "graph/memos").glob("*.yaml"))]
MEMO_IDS = {m["memo"]["id"] for m in MEMOS}
MEMO_EVENTS = {key: event for m in MEMOS for key, event in (m.get("events") or {}).items()}
MEMO_SUMMITS = {key for key, event in MEMO_EVENTS.items() if event["type"] == "summit"}
SOURCES = {key: entry for data in PERIODS for key, entry in (data.get("sources") or {}).items()}
INSTRUMENTS = [entry for data in PERIODS for entry in data["instruments"]]
REFERENCE_SECTIONS = {"people": ("actors", "persons"), "places": ("places", "places"),
                      "offices": ("offices", "offices"), "organisations": ("actors", "organisations"),
                      "instruments": ("instruments", "instruments"),
                      "areas": ("policy-areas", "policy_areas")}


def _reference(section: str) -> dict:
    file, key = REFERENCE_SECTIONS[section]
    return REFERENCE[file].get(key) or {}


def _labels(section: str, key: str) -> dict[str, str]:
    """Labels by language: the reference data's, then the history's (a later file adds what an earlier lacks)."""
    found: dict[str, str] = {}
    reference = _reference(section).get(key)
    if reference is not None:
        if section == "people":
            found.update({"en": reference["name"], "fi": reference["name"]})
        else:
            found.update(reference.get("label") or {})
    if section == "instruments":
        entries = [i for i in INSTRUMENTS if i["id"] == key]
    elif section == "areas":
        entries = []  # the policy areas are the reference data's only
    else:
        entries = [data[section][key] for data in PERIODS if key in (data.get(section) or {})]
    for entry in entries:
        for lang in ("en", "fi", "ja", "fr"):
            if entry.get(lang):
                found.setdefault(lang, entry[lang])
        if section == "people" and "en" in entry:
            found.setdefault("fi", entry["en"])  # a name is written the same in Finnish
    return found


def label(section: str, key: str, lang: str) -> str:
    labels = _labels(section, key)
    return labels.get(lang, labels["en"])


# --- summits ---------------------------------------------------------------------------------

def _summits() -> dict[str, dict]:
    summits = {}
    for summit, reports in REPORTS.items():
        mode = most_given([r.get("mode") for r in reports])
        facts = {"ordinal": most_given([r.get("ordinal") for r in reports]),
                 "date": most_given([_day(r.get("date")) for r in reports]),
                 "place": None if mode in ("video", "telephone") else most_given([r.get("place") for r in reports]),
                 "mode": mode}
        summits[summit] = {"id": summit, **facts, "history": dict(facts)}
    for summit in MEMO_SUMMITS:
        event = MEMO_EVENTS[summit]
        entry = summits.setdefault(summit, {"id": summit, "mode": None, "history": {"ordinal": None, "date": None}})
        entry.update(ordinal=event.get("ordinal"), date=_day(event.get("date")), place=event.get("place"))
    return summits


SUMMITS = _summits()
HOLDERS = Counter(s["history"]["ordinal"] for s in SUMMITS.values() if s["history"]["ordinal"] is not None)


def summit_label(summit: str, lang: str) -> str:
    entry = SUMMITS[summit]
    ordinal = entry["history"]["ordinal"]
    if lang == "ja" and ordinal is not None:
        text = f"第{ordinal}回日EU定期首脳協議"
        if HOLDERS[ordinal] > 1:
            when = date.fromisoformat(entry["history"]["date"])
            text += f"({when.year}年{when.month}月{when.day}日)"
        return text
    if summit in MEMO_SUMMITS:
        labels = MEMO_EVENTS[summit]["label"]
        return labels.get(lang, labels["en"])
    lang = lang if lang in ("en", "fi") else "en"
    ordinal, when = entry["ordinal"], date.fromisoformat(entry["date"])
    dated = {"en": f"{when.day} {MONTHS[when.month - 1]} {when.year}", "fi": f"{when.day}.{when.month}.{when.year}"}
    if ordinal is not None:
        suffix = "th" if 10 <= ordinal % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(ordinal % 10, "th")
        text = {"en": f"{ordinal}{suffix} EU–Japan summit", "fi": f"{ordinal}. EU:n ja Japanin huippukokous"}[lang]
        return f"{text} ({dated[lang]})" if HOLDERS[ordinal] > 1 else text
    where = f", {label('places', entry['place'], lang)}" if entry["place"] else ""
    how = {"en": " (video conference)", "fi": " (videokokous)"}[lang] if entry["mode"] == "video" else ""
    head = {"en": "EU–Japan summit meeting", "fi": "EU:n ja Japanin huippukokoustapaaminen"}[lang]
    return f"{head}{how}{where}, {dated[lang]}"


# --- participations and stages -----------------------------------------------------------------

def _participations() -> dict[tuple, dict]:
    """Participation nodes by (source, person, event): their types, offices, offices acted in."""
    found: dict[tuple, dict] = {}
    for summit, reports in REPORTS.items():
        for report in reports:
            if report["source"] in MEMO_IDS:
                continue
            for leader, key in ((True, "leaders"), (False, "participants")):
                for person in report.get(key) or []:
                    if not person.get("person"):
                        continue
                    node = found.setdefault((report["source"], person["person"], summit), {
                        "leader": False, "offices": set(), "acting": set(), "parties": set()})
                    node["leader"] |= leader
                    node["parties"].add(person["party"])
                    if person.get("office"):
                        node["offices"].add(person["office"])
                    if person.get("role") and person["role"] != person.get("office"):
                        node["acting"].add(person["role"])
    for memo in MEMOS:
        for person in memo.get("participations") or []:
            node = found.setdefault((memo["memo"]["id"], person["person"], person["event"]), {
                "leader": False, "offices": set(), "acting": set(), "parties": set()})
            node["offices"].add(person["office"])
            node["parties"].add(person["party"])
    return found


PARTICIPATIONS = _participations()


def _stages() -> list[dict]:
    """One node per instrument, stage, source and date, in file order."""
    nodes, seen = [], Counter()
    for instrument in INSTRUMENTS:
        for stage in instrument["stages"]:
            key = (instrument["id"], stage["stage"], stage["source"])
            seen[key] += 1
            nodes.append({"node": (*key, seen[key]), "instrument": instrument["id"], "stage": stage["stage"],
                          "source": stage["source"], "date": _day(stage.get("date")), "summit": stage.get("summit")})
    return nodes


STAGES = _stages()


def instrument_areas(instrument: str) -> list[str]:
    reference = _reference("instruments").get(instrument)
    if reference is not None:
        return list(reference.get("areas") or [])
    return next(list(i.get("areas") or []) for i in INSTRUMENTS if i["id"] == instrument)


def _mode_labels() -> dict[str, str]:
    ontology = Graph().parse(ROOT / "ontology/eujgraph.ttl", format="turtle")
    return {iri: next(str(o) for o in ontology.objects(URIRef(iri), RDFS.label)
                      if isinstance(o, Literal) and o.language == "en") for iri in MODES.values()}


# --- comparing -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kg(built_dir):
    return KnowledgeGraph(EmbeddedStore.from_file(built_dir / "eujgraph.trig"), load_library(ROOT / "queries"))


def rows_of(kg, name: str, **params) -> list[dict]:
    """The query's rows, unbound values left out and the euj: base stripped from ids."""
    return [{k: v.removeprefix(ID) for k, v in row.items() if v is not None}
            for row in kg.query(name, **params).rows()]


def _project(rows: list[dict], columns: tuple[str, ...]) -> Counter:
    return Counter(tuple(row.get(c, "") if row.get(c) is not None else "" for c in columns) for row in rows)


SHOWN = 8  # differing rows shown in a failure


def check(rows: list[dict], expected: list[dict], columns: tuple[str, ...], order) -> None:
    """The rows are the expected ones (as a multiset over ``columns``) and come in ORDER BY order."""
    actual, wanted = _project(rows, columns), _project(expected, columns)
    missing, extra = sorted((wanted - actual).elements()), sorted((actual - wanted).elements())
    assert not missing and not extra, (f"columns {columns}\nexpected but missing ({len(missing)}): "
                                       f"{missing[:SHOWN]}\nreturned but not expected ({len(extra)}): {extra[:SHOWN]}")
    keys = [order(row) for row in rows]
    assert keys == sorted(keys), "the rows are not in the query's order"


def _s(value) -> str:
    return "" if value is None else value


# --- summits-over-time --------------------------------------------------------------------------

def expected_summits_over_time(lang: str = "en") -> list[dict]:
    rows = []
    for summit, entry in SUMMITS.items():
        base = {"date": entry["date"], "summit": f"summit/{summit}", "summitLabel": summit_label(summit, lang)}
        if entry["ordinal"] is not None:
            base["ordinal"] = str(entry["ordinal"])
        if entry["place"]:
            base.update(place=f"place/{entry['place']}", placeLabel=label("places", entry["place"], lang))
        if entry["mode"]:
            base["mode"] = MODES[entry["mode"]]
        leaders = set()
        for (_, person, at), node in PARTICIPATIONS.items():
            if at != summit or not node["leader"]:
                continue
            for party in node["parties"]:
                for office in node["offices"] or {None}:
                    for acting in node["acting"] or {None}:
                        leaders.add((party, person, office, acting))
        if not leaders:
            rows.append(base)
        for party, person, office, acting in sorted(leaders, key=repr):
            row = {**base, "party": label("organisations", party, "en"), "leader": f"person/{person}",
                   "leaderLabel": label("people", person, lang)}
            if office:
                row.update(office=f"office/{office}", officeLabel=label("offices", office, lang))
            if acting:
                row.update(actingAs=f"office/{acting}", actingAsLabel=label("offices", acting, lang))
            rows.append(row)
    return rows


def summits_over_time_order(row):
    return (row["date"], row["summit"], _s(row.get("party")), _s(row.get("leaderLabel")), _s(row.get("office")),
            _s(row.get("actingAs")))


def test_summits_over_time(kg):
    check(rows_of(kg, "summits-over-time"), expected_summits_over_time(),
          ("date", "ordinal", "summit", "place", "mode", "party", "leader", "office", "actingAs"),
          summits_over_time_order)


def test_summits_over_time_in_japanese(kg):
    columns = ("summit", "summitLabel", "placeLabel", "leader", "leaderLabel", "office", "officeLabel", "actingAs",
               "actingAsLabel")
    check(rows_of(kg, "summits-over-time", lang="ja"), expected_summits_over_time("ja"), columns,
          summits_over_time_order)
    labels = {row["summit"]: row["summitLabel"] for row in rows_of(kg, "summits-over-time", lang="ja")}
    assert labels["summit/eu-japan-1991"] == "第1回日EU定期首脳協議"
    assert labels["summit/eu-japan-2025"] == "第30回日EU定期首脳協議"


# --- office-holders ---------------------------------------------------------------------------------

def expected_office_holders(lang: str = "en", only: str | None = None) -> list[dict]:
    sources = defaultdict(set)
    for (source, person, at), node in PARTICIPATIONS.items():
        if at not in SUMMITS:
            continue  # not a summit (the Japan–Finland meeting)
        for how, offices in (("held", node["offices"]), ("acting as", node["acting"])):
            for office in offices:
                sources[(office, at, person, how)].add(source)
    return [{"office": f"office/{office}", "officeLabel": label("offices", office, lang),
             "date": SUMMITS[summit]["date"], "summit": f"summit/{summit}",
             "summitLabel": summit_label(summit, lang), "person": f"person/{person}",
             "personLabel": label("people", person, lang), "how": how, "sources": str(len(found))}
            for (office, summit, person, how), found in sources.items() if only in (None, office)]


def office_holders_order(row):
    return (row["officeLabel"], row["office"], row["date"], row["summit"], row["personLabel"], row["person"],
            row["how"])


OFFICE_HOLDER_COLUMNS = ("office", "date", "summit", "person", "how", "sources")


def test_office_holders(kg):
    check(rows_of(kg, "office-holders"), expected_office_holders(), OFFICE_HOLDER_COLUMNS, office_holders_order)


def test_office_holders_in_finnish(kg):
    check(rows_of(kg, "office-holders", lang="fi"), expected_office_holders("fi"),
          OFFICE_HOLDER_COLUMNS + ("officeLabel", "summitLabel", "personLabel"), office_holders_order)


# --- instrument-lifecycle -------------------------------------------------------------------------

def expected_lifecycle(lang: str = "en", only: str | None = None) -> list[dict]:
    sources = defaultdict(set)
    for node in STAGES:
        if only in (None, node["instrument"]):
            sources[(node["instrument"], node["stage"], node["date"], node["summit"])].add(node["source"])
    rows = []
    for (instrument, stage, day, summit), found in sources.items():
        row = {"instrument": f"instrument/{instrument}", "instrumentLabel": label("instruments", instrument, lang),
               "order": str(STAGE_KINDS[stage]["order"]), "stage": f"lifecycle-stage/{stage}",
               "stageLabel": STAGE_KINDS[stage].get(lang, STAGE_KINDS[stage]["en"]), "sources": str(len(found))}
        if day:
            row["date"] = day
        if summit:
            row.update(summit=f"summit/{summit}", summitLabel=summit_label(summit, lang))
        rows.append(row)
    return rows


def lifecycle_order(row):
    return (row["instrumentLabel"], row["instrument"], int(row["order"]), row["stage"], _s(row.get("date")),
            _s(row.get("summit")))


LIFECYCLE_COLUMNS = ("instrument", "order", "stage", "date", "summit", "sources")


def test_instrument_lifecycle(kg):
    check(rows_of(kg, "instrument-lifecycle"), expected_lifecycle(), LIFECYCLE_COLUMNS, lifecycle_order)


def test_instrument_lifecycle_in_finnish(kg):
    check(rows_of(kg, "instrument-lifecycle", lang="fi"), expected_lifecycle("fi"),
          LIFECYCLE_COLUMNS + ("instrumentLabel", "stageLabel", "summitLabel"), lifecycle_order)


# --- summit-launches -------------------------------------------------------------------------------

def expected_launches() -> list[dict]:
    found = set()
    for node in STAGES:
        if node["summit"] in SUMMITS:
            found.add((node["summit"], f"instrument/{node['instrument']}", f"lifecycle-stage/{node['stage']}"))
    for memo in MEMOS:
        for key, commitment in (memo.get("commitments") or {}).items():
            if commitment.get("status") == "new" and commitment.get("event") in SUMMITS:
                found.add((commitment["event"], f"commitment/{memo['memo']['id']}/{key}", ONT + "new"))
    return [{"date": SUMMITS[summit]["date"], "summit": f"summit/{summit}", "what": what, "how": how}
            for summit, what, how in found]


def test_summit_launches(kg):
    check(rows_of(kg, "summit-launches"), expected_launches(), ("date", "summit", "what", "how"),
          lambda row: (row["date"], row["summit"], row["whatLabel"], row["what"], row["how"]))


# --- venues ----------------------------------------------------------------------------------------

def place_country(place: str) -> str | None:
    reference = _reference("places").get(place)
    if reference is not None:
        return reference.get("country")
    return next(data["places"][place].get("country") for data in PERIODS if place in (data.get("places") or {}))


def expected_venues(lang: str = "en") -> list[dict]:
    here = Counter(entry["place"] for entry in SUMMITS.values() if entry["place"])
    rows = []
    for summit, entry in SUMMITS.items():
        row = {"date": entry["date"], "summit": f"summit/{summit}", "summitLabel": summit_label(summit, lang),
               "inJapan": "false"}
        if entry["mode"]:
            row["mode"] = MODES[entry["mode"]]
        if entry["place"]:
            country = place_country(entry["place"])
            row.update(place=f"place/{entry['place']}", placeLabel=label("places", entry["place"], lang),
                       summitsHere=str(here[entry["place"]]),
                       inJapan="true" if country == "japan" else "false")
            if country:
                row["country"] = f"organisation/{country}"
        rows.append(row)
    return rows


def test_venues(kg):
    check(rows_of(kg, "venues"), expected_venues(),
          ("date", "summit", "place", "country", "inJapan", "mode", "summitsHere"),
          lambda row: (row["date"], row["summit"]))


def test_venues_in_finnish(kg):
    check(rows_of(kg, "venues", lang="fi"), expected_venues("fi"), ("summit", "summitLabel", "place", "placeLabel"),
          lambda row: (row["date"], row["summit"]))


# --- summit-areas ------------------------------------------------------------------------------------

def expected_summit_areas() -> list[dict]:
    via = defaultdict(set)
    for memo in MEMOS:
        for section, kind in (("commitments", "commitment"), ("positions", "position"), ("assessments", "assessment")):
            for key, claim in (memo.get(section) or {}).items():
                if claim.get("event") in SUMMITS:
                    for area in claim.get("areas") or []:
                        via[(claim["event"], area)].add(f"{kind}/{memo['memo']['id']}/{key}")
    for node in STAGES:
        if node["summit"] in SUMMITS:
            for area in instrument_areas(node["instrument"]):
                via[(node["summit"], area)].add(node["node"])
    return [{"date": SUMMITS[summit]["date"], "summit": f"summit/{summit}", "area": f"area/{area}",
             "areaLabel": label("areas", area, "en"), "claims": str(len(found))}
            for (summit, area), found in via.items()]


def test_summit_areas(kg):
    check(rows_of(kg, "summit-areas"), expected_summit_areas(), ("date", "summit", "area", "areaLabel", "claims"),
          lambda row: (row["date"], row["summit"], -int(row["claims"]), row["areaLabel"], row["area"]))


# --- summit-coverage --------------------------------------------------------------------------------

def expected_coverage() -> list[dict]:
    """Distinct report sources by coverage; a memo ``about`` a summit counts with the coverage the history
    gives it (the 2023 statement's text is an excerpt of the page: "opening"), else as read in full."""
    rows = []
    for summit, entry in SUMMITS.items():
        cited = {r["source"] for r in REPORTS.get(summit, [])}
        memos = {m["memo"]["id"] for m in MEMOS if summit in (m["memo"].get("about") or [])}
        coverage = {s: SOURCES[s]["coverage"] if s in SOURCES else "full" for s in cited | memos}
        by = {name: {s for s, c in coverage.items() if c == name} for name in ("full", "excerpt", "opening")}
        rows.append({"date": entry["date"], "summit": f"summit/{summit}", "summitLabel": summit_label(summit, "en"),
                     "sources": str(len(cited | memos)), "fullTexts": str(len(by["full"])),
                     "excerpts": str(len(by["excerpt"])), "openings": str(len(by["opening"]))})
    return rows


def test_the_memos_are_about_their_summits():
    assert {m["memo"]["id"]: m["memo"].get("about") for m in MEMOS} == {
        "eu-japan-summit-2023-joint-statement": ["eu-japan-2023"],
        "eu-japan-summit-2025-07-23-fi": ["eu-japan-2025"],
        "japan-finland-2025-joint-statement": ["japan-finland-2025"]}


def test_summit_coverage(kg):
    check(rows_of(kg, "summit-coverage"), expected_coverage(),
          ("date", "summit", "summitLabel", "sources", "fullTexts", "excerpts", "openings"),
          lambda row: (row["date"], row["summit"]))


# --- source-conflicts -------------------------------------------------------------------------------

def expected_conflicts() -> list[dict]:
    modes = _mode_labels()
    rows = []

    def claim_of(fact, value) -> str:
        if fact == "place":
            return label("places", value, "en")
        if fact == "mode":
            return modes[MODES[value]]
        return _day(value) if fact == "date" else str(value)

    for summit, reports in REPORTS.items():
        subject = {"subject": f"summit/{summit}", "subjectLabel": summit_label(summit, "en")}
        for fact in ("ordinal", "date", "place", "mode"):
            stated = [r for r in reports if r.get(fact) is not None]
            if len({_day(r[fact]) for r in stated}) > 1:
                rows += [{**subject, "fact": fact, "claim": claim_of(fact, r[fact]),
                          "source": f"document/{r['source']}"} for r in stated]
    dates = defaultdict(set)
    for node in STAGES:
        if node["date"]:
            dates[(node["instrument"], node["stage"])].add(node["date"])
    for node in STAGES:
        if node["date"] and len(dates[(node["instrument"], node["stage"])]) > 1:
            rows.append({"subject": f"instrument/{node['instrument']}",
                         "subjectLabel": label("instruments", node["instrument"], "en"),
                         "fact": f"date of stage: {STAGE_KINDS[node['stage']]['en']}", "claim": node["date"],
                         "source": f"document/{node['source']}"})
    given = defaultdict(set)
    for summit, reports in REPORTS.items():
        for report in reports:
            if report.get("ordinal") is not None:
                given[report["ordinal"]].add(summit)
    for summit, reports in REPORTS.items():
        for report in reports:
            if report.get("ordinal") is not None and len(given[report["ordinal"]]) > 1:
                rows.append({"subject": f"summit/{summit}", "subjectLabel": summit_label(summit, "en"),
                             "fact": "ordinal given to more than one summit", "claim": str(report["ordinal"]),
                             "source": f"document/{report['source']}"})
    return rows


def test_source_conflicts(kg):
    check(rows_of(kg, "source-conflicts"), expected_conflicts(),
          ("subject", "subjectLabel", "fact", "claim", "source"),
          lambda row: (row["fact"], row["subjectLabel"], row["subject"], row["claim"], row["source"]))


def test_the_conflicts_are_not_empty():
    """The files do hold disagreements of each kind, so the conflict test tests something."""
    facts = Counter(row["fact"].split(":")[0] for row in expected_conflicts())
    assert facts["date"] and facts["date of stage"] and facts["ordinal given to more than one summit"], facts


# --- parameters ---------------------------------------------------------------------------------------

def test_the_parameterised_forms(kg):
    epa = "eu-japan-epa"
    rows = rows_of(kg, "instrument-lifecycle", instrument=f"euj:instrument/{epa}")
    check(rows, expected_lifecycle(only=epa), LIFECYCLE_COLUMNS, lifecycle_order)
    assert rows and {row["instrument"] for row in rows} == {f"instrument/{epa}"}
    everything = rows_of(kg, "instrument-lifecycle")
    assert rows == [row for row in everything if row["instrument"] == f"instrument/{epa}"]

    office = "prime-minister-of-japan"
    rows = rows_of(kg, "office-holders", office=f"euj:office/{office}")
    check(rows, expected_office_holders(only=office), OFFICE_HOLDER_COLUMNS, office_holders_order)
    assert rows and {row["office"] for row in rows} == {f"office/{office}"}
    assert rows == [row for row in rows_of(kg, "office-holders") if row["office"] == f"office/{office}"]


# --- the timeline ---------------------------------------------------------------------------------------

def test_the_timeline_has_the_summits_and_stages_of_the_queries(kg, dataset):
    from eujgraph.viz.history import timeline_model

    model = timeline_model(dataset)
    over_time = []
    for row in rows_of(kg, "summits-over-time"):
        entry = (row["summit"], row["date"], int(row["ordinal"]) if "ordinal" in row else None, row.get("place"))
        if entry not in over_time:
            over_time.append(entry)
    drawn = [(s["id"], s["date"], s["ordinal"], s["place"]["id"] if s["place"] else None) for s in model["summits"]]
    assert drawn == over_time
    assert sorted(drawn) == sorted((f"summit/{k}", e["date"], e["ordinal"], f"place/{e['place']}" if e["place"]
                                    else None) for k, e in SUMMITS.items())
    # one item per instrument, stage and date; a stage without a date of its own is drawn at its summit's date
    sources = defaultdict(set)
    for node in STAGES:
        day = node["date"] or (SUMMITS[node["summit"]]["date"] if node["summit"] in SUMMITS else None)
        if day:
            sources[(f"instrument/{node['instrument']}", node["stage"], day)].add(node["source"])
    items = [(s["instrument"]["id"], s["stage"]["id"], s["date"]) for s in model["stages"]]
    assert len(items) == len(set(items))
    assert sorted(items) == sorted(sources)
    assert {(s["instrument"]["id"], s["stage"]["id"], s["date"]): s["sources"] for s in model["stages"]} == {
        key: len(found) for key, found in sources.items()}
    # every dated stage of instrument-lifecycle is an item
    dated = {(row["instrument"], row["stage"].rsplit("/", 1)[-1], row["date"])
             for row in rows_of(kg, "instrument-lifecycle") if "date" in row}
    assert dated <= set(items)


def test_the_timeline_coverage_is_summit_coverage(dataset):
    """The timeline's coverage of a summit is the best of summit-coverage's counts."""
    from eujgraph.viz.history import timeline_model

    drawn = {s["id"]: (s["sources"], s["coverage"]) for s in timeline_model(dataset)["summits"]}
    expected = {row["summit"]: (int(row["sources"]), next(name for name, column in (
        ("full", "fullTexts"), ("excerpt", "excerpts"), ("opening", "openings")) if int(row[column])))
        for row in expected_coverage()}
    differing = {k: {"timeline": v, "summit-coverage": expected.get(k)}
                 for k, v in drawn.items() if expected.get(k) != v}
    assert differing == {} and set(drawn) == set(expected)


# --- spot checks a reader can verify against the sources ---------------------------------------------

def test_spot_checks(kg):
    first = rows_of(kg, "summits-over-time")[0]
    assert (first["summit"], first["ordinal"], first["date"], first["place"], first["placeLabel"]) == (
        "summit/eu-japan-1991", "1", "1991-07-18", "place/the-hague", "The Hague")
    epa = {(row["stage"], row.get("date"), row.get("summit"))
           for row in rows_of(kg, "instrument-lifecycle", instrument="euj:instrument/eu-japan-epa")}
    assert ("lifecycle-stage/signed", "2018-07-17", "summit/eu-japan-2018") in epa
    assert any(stage == "lifecycle-stage/in-force" and day == "2019-02-01" for stage, day, _ in epa)
    spa = {(row["stage"], row.get("date")) for row in rows_of(
        kg, "instrument-lifecycle", instrument="euj:instrument/eu-japan-strategic-partnership-agreement")}
    assert ("lifecycle-stage/in-force", "2025-01-01") in spa
    venues = {row["summit"]: row for row in rows_of(kg, "venues")}
    tokyo = venues["summit/eu-japan-2025"]
    assert (tokyo["place"], tokyo["inJapan"]) == ("place/tokyo", "true")
    assert venues["summit/eu-japan-2023"]["place"] == "place/brussels"
