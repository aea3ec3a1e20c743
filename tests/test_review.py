"""`eujgraph review`, server side: the page's payload from real drafts, what a save writes, the guards.

Drafts are written by `eujgraph extract` into a scratch project; every written file is read back
with eujgraph's curated loader.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml
from click.testing import CliRunner
from starlette.testclient import TestClient

from eujgraph.cli import main
from eujgraph.curation.load import load_corpus
from eujgraph.extract.draft_yaml import _dump
from eujgraph.extract.review import Review
from eujgraph.project import Project
from eujgraph.text import SourceText, normalize_quote
from eujgraph.web.review import create_review_app

from .conftest import ROOT

MEMO_2025 = "eu-japan-summit-2025-07-23.fi.txt"
HOSTILE_MEMO = """EU‒Japani -huippukokous 1.6.2026

31:s EU:n ja Japanin välinen huippukokous järjestettiin Tokiossa 1.6.2026. EU:ta kokouksessa edustivat \
Eurooppa-neuvoston presidentti Matti Meikäläinen ja EU:n komission presidentti Ursula von der Leyen. \
Japanin puolelta pääedustaja oli pääministeri Shigeru Ishiba.

Kahdenvälistä yhteistyötä päätettiin syventää aloittamalla puolustusteollisuusdialogi. Osapuolet sopivat \
yhteistyön jatkamisesta ilmaston <script>alert(1)</script> alalla. Suomen näkökulmasta kokouksen \
lopputulema on onnistunut.
"""
EVIL_LABEL = '</script><script>alert(2)</script>"><img src=x onerror=alert(3)>'
PORT = 40123
PAGE = f"http://127.0.0.1:{PORT}"


def make_project(root: Path) -> Project:
    for part in ("ontology", "graph/reference", "graph/sources"):
        shutil.copytree(ROOT / part, root / part)
    (root / "graph/memos").mkdir()
    return Project(root)


def draft(project: Project, source: str) -> Path:
    out = project.root / "drafts" / (Path(source).name.removesuffix(".txt") + ".draft.yaml")
    out.parent.mkdir(exist_ok=True)
    result = CliRunner().invoke(main, ["extract", str(project.sources_dir / source), "--out", str(out),
                                       "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def memo_2025(tmp_path) -> tuple[Project, Path]:
    project = make_project(tmp_path)
    return project, draft(project, MEMO_2025)


@pytest.fixture
def hostile(tmp_path) -> tuple[Project, Path]:
    project = make_project(tmp_path)
    (project.sources_dir / "hostile.fi.txt").write_text(HOSTILE_MEMO, encoding="utf-8")
    path = draft(project, "hostile.fi.txt")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["commitments"]["defence-industry-dialogue"]["label"]["en"] = EVIL_LABEL
    path.write_text(_dump(data), encoding="utf-8")
    return project, path


def drafted(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def drafted_uids(path: Path) -> list[str]:
    uids = []
    for name, body in drafted(path).items():
        if name in ("memo", "no_claim"):
            continue
        uids += [f"{name}/{key}" for key in body] if isinstance(body, dict) else [f"{name}/{i}" for i in range(len(body))]
    return uids


def with_placeholders(path: Path) -> list[str]:
    """The drafted items whose labels are still placeholders, in draft order."""
    data = drafted(path)
    return [f"{name}/{key}" for name in ("positions", "assessments") for key, item in (data.get(name) or {}).items()
            if any(text.startswith("[") and "label to write]" in text for text in item["label"].values())]


def test_the_payload_holds_every_drafted_item_with_its_evidence_spans(memo_2025):
    project, path = memo_2025
    payload = Review(path, project=project).payload()
    text = SourceText((project.sources_dir / MEMO_2025).read_text(encoding="utf-8"))
    assert payload["text"] == text.normalized
    assert [item["uid"] for item in payload["items"]] == drafted_uids(path)
    assert len(payload["items"]) > 30
    for item in payload["items"]:
        quotes = [normalize_quote(q) for q in item["quotes"]]
        assert item["missing"] == [] and len(item["spans"]) == len(quotes) > 0, item["uid"]
        assert [payload["text"][s:e] for s, e in item["spans"]] == quotes
        assert item["note"].startswith("DRAFT · confidence") and 0 < item["confidence"] <= 1
        assert item["placeholders"] == (item["uid"] in with_placeholders(path))
    repeated = [i for i in payload["items"] if len(set(i["quotes"])) < len(i["quotes"])]
    for item in repeated:  # {quote, occurrence: N}: each occurrence gets its own span
        assert len({s for s, _ in item["spans"]}) == len(item["spans"])
    assert [s["name"] for s in payload["sections"]] == ["events", "participations", "documents_issued", "commitments",
                                                       "positions", "assessments"]
    fields = {f["name"]: f for f in payload["fields"]["commitments"]}
    assert fields["kind"]["choices"] == ["initiative", "cooperation", "principle", "support"]
    assert fields["status"]["choices"] == ["new", "deepened", "continued", "reaffirmed"]
    assert (fields["parties"]["kind"], fields["parties"]["target"]) == ("refs", "organisations")
    assert (fields["areas"]["kind"], fields["areas"]["target"]) == ("refs", "policy_areas")
    assert {"japan", "european-union", "finland"} <= {o["id"] for o in payload["options"]["organisations"]}
    assert {o["id"] for o in payload["options"]["events"]} == set(drafted(path)["events"])
    assert payload["out"] == str(project.memos_dir / "eu-japan-summit-2025-07-23.fi.yaml")
    assert payload["reference_out"] == str(project.reference_dir / "reviewed-eu-japan-summit-2025-07-23.fi.yaml")
    assert payload["memo"]["attribution"] == "" and payload["memo"]["draft_attribution"].startswith("DRAFT:")
    assert payload["exists"] == [] and payload["proposals"] == []


def accept_all(review: Review, **overrides) -> dict:
    items = {item.uid: {"decision": "accept"} for item in review.items}
    items.update(overrides)
    return items


def test_save_writes_the_accepted_items_only_and_the_file_loads(memo_2025):
    project, path = memo_2025
    data = drafted(path)
    review = Review(path, project=project)
    placeholders = with_placeholders(path)
    english = {uid: {"decision": "accept", "values": {"label": {"en": f"English label of {uid.split('/')[1]}"}}}
               for uid in placeholders[1:]}
    commitments = list(data["commitments"])
    rejected = {f"commitments/{commitments[-1]}": {"decision": "reject"}, placeholders[0]: {"decision": "reject"},
                f"events/{list(data['events'])[-1]}": {"decision": "reject"}}
    target = next(key for key, item in data["commitments"].items() if item.get("status") == "continued")
    edited = {f"commitments/{target}": {"decision": "accept", "note": "Checked against the memo.",
                                        "values": {"status": "deepened", "areas": ["climate", "energy"],
                                                   "label": {"en": "Deepen climate cooperation"}}}}
    cleaned = {}
    for item in review.payload()["items"]:  # the reviewer removes ids that neither the reference nor a proposal has
        if item["unknown"] and item["uid"] not in rejected:
            bad = {entry.split(": ")[1] for entry in item["unknown"]}
            fields = {entry.split(": ")[0] for entry in item["unknown"]}
            cleaned[item["uid"]] = {"decision": "accept", "values": {
                **english.get(item["uid"], {}).get("values", {}),
                **{f: [v for v in item["values"][f] if v not in bad] for f in fields}}}
    status, answer = review.save({"attribution": "Finnish government memo, verbatim.",
                                  "items": accept_all(review, **{**english, **rejected, **edited, **cleaned})})
    assert status == 200, answer
    out = project.memos_dir / "eu-japan-summit-2025-07-23.fi.yaml"
    assert answer["written"] == [str(out)]
    written = out.read_text(encoding="utf-8")
    assert "DRAFT" not in written and "to write]" not in written and "draft:" not in written
    saved = yaml.safe_load(written)
    kept = [uid for uid in drafted_uids(path) if uid not in rejected]
    assert [f"{n}/{k}" for n in ("events", "commitments", "positions", "assessments") for k in saved[n]] == \
        [uid for uid in kept if not uid.startswith(("participations", "documents_issued"))]
    assert len(saved["participations"]) == len(data["participations"])
    assert saved["memo"]["attribution"] == "Finnish government memo, verbatim."
    assert saved["memo"]["source"] == "../sources/eu-japan-summit-2025-07-23.fi.txt"
    draft_item = data["commitments"][target]
    assert saved["commitments"][target] == {
        **{k: v for k, v in draft_item.items() if k != "note"},
        "label": {**draft_item["label"], "en": "Deepen climate cooperation"}, "status": "deepened",
        "areas": ["climate", "energy"], "note": "Checked against the memo."}
    for section in ("events", "commitments", "positions", "assessments"):
        assert all("note" not in item for key, item in saved[section].items() if f"{section}/{key}" not in edited)
    for uid in placeholders[1:]:
        key = uid.split("/")[1]
        assert saved[uid.split("/")[0]][key]["label"] == {**data[uid.split("/")[0]][key]["label"],
                                                            "en": f"English label of {key}"}
    for entry in saved["no_claim"]:
        found = re.fullmatch(r"reviewed: no claim kept \(drafted (.+), rejected\)", entry["reason"])
        if found:
            assert set(found.group(1).split(", ")) <= set(rejected)
        else:
            assert entry in [{**e, "reason": e["reason"].removeprefix("draft: ").removesuffix("; review")}
                             for e in data["no_claim"]]
    corpus = load_corpus(project.graph_dir)
    assert len(corpus.memos) == 1
    assert len([i for i in corpus.memos[0].items if i.section != "no_claim"]) == len(kept)


def test_save_refuses_placeholders_unreviewed_items_and_a_draft_attribution(memo_2025):
    project, path = memo_2025
    review = Review(path, project=project)
    status, answer = review.save({"attribution": "Source named.", "items": accept_all(review)})
    assert status == 422
    left = with_placeholders(path)
    assert answer["problems"] == [f"placeholder '[… to write]' left in {len(left)} item(s): {', '.join(left)}"]
    items = accept_all(review)
    for uid in left:
        items[uid] = {"decision": "reject"}
    last = f"commitments/{list(drafted(path)['commitments'])[-1]}"
    del items[last]
    status, answer = review.save({"attribution": "DRAFT: name the source", "items": items})
    assert status == 422
    assert answer["problems"] == [f"1 item(s) not reviewed yet: {last}",
                                  "memo attribution still reads as a draft (remove 'DRAFT' and any placeholder)"]
    status, answer = review.save({"attribution": "  ", "items": items})
    assert "memo attribution is required: name the source and its reuse terms" in answer["problems"]
    assert not (project.memos_dir / "eu-japan-summit-2025-07-23.fi.yaml").exists()


def test_an_existing_file_is_overwritten_only_when_confirmed_or_forced(memo_2025):
    project, path = memo_2025
    out = project.memos_dir / "eu-japan-summit-2025-07-23.fi.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    review = Review(path, project=project)
    items = {item.uid: {"decision": "reject" if item.uid in with_placeholders(path) else "accept"}
             for item in review.items}
    request = {"attribution": "Source named.", "items": items}
    assert review.payload()["exists"] == [str(out)]
    status, answer = review.save(request)
    assert (status, answer["exists"]) == (409, [str(out)])
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert review.save({**request, "overwrite": True})[0] == 200
    assert out.read_text(encoding="utf-8").startswith("# Curated claims of eu-japan-summit-2025-07-23.fi.txt")
    out.write_text("keep me\n", encoding="utf-8")
    assert Review(path, project=project, force=True).save(request)[0] == 200
    assert out.read_text(encoding="utf-8") != "keep me\n"


def hostile_decisions(review: Review) -> dict:
    return {item.uid: {"decision": "accept", "values": {"label": {"en": "Finland's view: a success"}}}
            if item.section == "assessments" else {"decision": "accept"} for item in review.items}


def test_a_proposed_person_mapped_to_an_existing_id_is_replaced_everywhere(hostile):
    project, path = hostile
    review = Review(path, project=project)
    payload = review.payload()
    assert [(p["uid"], p["used_by"]) for p in payload["proposals"]] == [("persons/matti-meikalainen", ["participations/0"])]
    request = {"attribution": "A test memo.", "items": hostile_decisions(review)}
    status, answer = review.save(request)
    assert status == 422
    assert answer["problems"] == ["proposed persons/matti-meikalainen is used by participations/0: confirm it or map "
                                  "it to an existing id"]
    status, answer = review.save({**request, "proposals": {"persons/matti-meikalainen": {"action": "map",
                                                                                          "target": "nobody"}}})
    assert answer["problems"] == ["proposed persons/matti-meikalainen: map it to an id of graph/reference/ persons"]
    status, answer = review.save({**request, "proposals": {"persons/matti-meikalainen": {"action": "map",
                                                                                          "target": "antonio-costa"}}})
    assert status == 200, answer
    written = (project.memos_dir / "hostile.fi.yaml").read_text(encoding="utf-8")
    assert "matti-meikalainen" not in written
    assert [p["person"] for p in yaml.safe_load(written)["participations"]] == ["antonio-costa", "ursula-von-der-leyen",
                                                                               "shigeru-ishiba"]
    assert not (project.reference_dir / "reviewed-hostile.fi.yaml").exists()
    assert len(load_corpus(project.graph_dir).memos) == 1


def test_a_confirmed_proposal_goes_to_a_reference_file_the_loader_reads(hostile):
    project, path = hostile
    review = Review(path, project=project)
    status, answer = review.save({"attribution": "A test memo.", "items": hostile_decisions(review), "proposals": {
        "persons/matti-meikalainen": {"action": "confirm", "values": {"name": "Matti Meikäläinen-Virtanen"}}}})
    assert status == 200, answer
    reference = project.reference_dir / "reviewed-hostile.fi.yaml"
    assert answer["written"] == [str(reference), str(project.memos_dir / "hostile.fi.yaml")]
    assert yaml.safe_load(reference.read_text(encoding="utf-8")) == {"persons": {"matti-meikalainen": {
        "name": "Matti Meikäläinen-Virtanen",
        "note": "Confirmed in the review of hostile-fi (drafted by eujgraph extract)."}}}
    corpus = load_corpus(project.graph_dir)
    assert corpus.find("persons", "matti-meikalainen").get("name") == "Matti Meikäläinen-Virtanen"
    assert {i.get("person").id for i in corpus.memos[0].items if i.section == "participations"} == {
        "matti-meikalainen", "ursula-von-der-leyen", "shigeru-ishiba"}


@pytest.fixture
def client(hostile):
    project, path = hostile
    app = create_review_app(Review(path, project=project), port=PORT, token="secret-token")
    with TestClient(app, base_url=PAGE) as test_client:
        yield test_client, project


def save_headers(**extra) -> dict:
    return {"Origin": PAGE, "Content-Type": "application/json", "X-Review-Token": "secret-token", **extra}


def test_the_page_escapes_everything_from_the_draft_and_the_memo(client):
    test_client, _ = client
    page = test_client.get("/")
    assert page.status_code == 200
    assert page.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'")
    html = page.text
    assert "<script>alert" not in html and "<img" not in html and "</script><script>" not in html
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    assert html.count("<script") == 2  # the JSON data block and /static/review.js
    assert '<meta name="review-token" content="secret-token">' in html
    assert test_client.get("/static/review.js").status_code == 200
    assert test_client.get("/static/review.css").status_code == 200


def test_only_the_servers_own_host_names_are_answered(client):
    test_client, _ = client
    assert test_client.get("/", headers={"Host": f"localhost:{PORT}"}).status_code == 200
    for host in ("evil.example", f"evil.example:{PORT}", "127.0.0.1", f"127.0.0.1:{PORT + 1}", "[::1]:40123"):
        refused = test_client.get("/", headers={"Host": host})
        assert refused.status_code == 421, host
        assert refused.text == f"this review server answers only 127.0.0.1:{PORT} or localhost:{PORT}\n"
    assert test_client.post("/save", headers={**save_headers(), "Host": "evil.example"}, content="{}").status_code == 421


def test_a_save_needs_the_pages_origin_its_token_and_json(client):
    test_client, project = client
    out = project.memos_dir / "hostile.fi.yaml"
    cases = {
        "no origin": {k: v for k, v in save_headers().items() if k != "Origin"},
        "other origin": save_headers(Origin="http://evil.example"),
        "cross site": save_headers(**{"Sec-Fetch-Site": "cross-site"}),
        "no token": {k: v for k, v in save_headers().items() if k != "X-Review-Token"},
        "wrong token": save_headers(**{"X-Review-Token": "guess"}),
        "form post": save_headers(**{"Content-Type": "application/x-www-form-urlencoded"}),
    }
    for name, headers in cases.items():
        response = test_client.post("/save", headers=headers, content='{"attribution": "x"}')
        assert response.status_code == 403, name
        assert response.json()["message"].startswith("refused: "), name
    assert test_client.post("/save", headers=save_headers(), content="not json").status_code == 400
    review_items = yaml.safe_load((project.root / "drafts/hostile.fi.draft.yaml").read_text(encoding="utf-8"))
    items = {f"commitments/{key}": {"decision": "accept"} for key in review_items["commitments"]}
    items |= {f"participations/{i}": {"decision": "accept"} for i in range(len(review_items["participations"]))}
    items |= {f"events/{key}": {"decision": "accept"} for key in review_items["events"]}
    items |= {f"assessments/{key}": {"decision": "reject"} for key in review_items.get("assessments") or {}}
    items |= {f"positions/{key}": {"decision": "reject"} for key in review_items.get("positions") or {}}
    items |= {f"documents_issued/{i}": {"decision": "accept"} for i in range(len(review_items.get("documents_issued") or []))}
    body = {"attribution": "A test memo.", "items": items,
            "proposals": {"persons/matti-meikalainen": {"action": "map", "target": "antonio-costa"}}}
    assert not out.exists()
    response = test_client.post("/save", headers=save_headers(), json=body)
    assert response.status_code == 200, response.text
    assert response.json()["written"] == [str(out)]
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert saved["commitments"]["defence-industry-dialogue"]["label"]["en"] == EVIL_LABEL  # data, kept as written
    assert test_client.post("/save", headers=save_headers(), json=body).status_code == 409


def test_the_command_serves_on_127_0_0_1_and_prints_its_address(memo_2025):
    project, path = memo_2025
    process = subprocess.Popen([sys.executable, "-m", "eujgraph", "review", str(path), "--no-browser",
                                "--project", str(project.root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        line = process.stdout.readline()
        found = re.match(r"eujgraph review: (.+) at (http://127\.0\.0\.1:(\d+)/) \(writes (.+)\); Ctrl-C stops$",
                         line.strip())
        assert found, line + process.stderr.read()
        assert found.group(4) == str(project.memos_dir / "eu-japan-summit-2025-07-23.fi.yaml")
        deadline = time.monotonic() + 20
        while True:
            try:
                page = httpx.get(found.group(2), timeout=5)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert page.status_code == 200 and 'id="review-data"' in page.text
        assert httpx.get(f"http://localhost:{found.group(3)}/", timeout=5).status_code == 200
    finally:
        process.terminate()
        process.wait(10)
