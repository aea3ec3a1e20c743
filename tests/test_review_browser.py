"""`eujgraph review` in a real browser: Debian's chromium driven by Playwright, only 127.0.0.1 reachable.

The server is the real command, started on 127.0.0.1 and a free port over a fresh draft of the
2025 memo (or a hostile memo); the test highlights, accepts, rejects and edits items by click
and by keyboard, saves, and reads the written file back with the curated loader.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass, field

import httpx
import pytest
import yaml

from eujgraph.curation.load import load_corpus

from .test_review import HOSTILE_MEMO, MEMO_2025, draft, drafted, make_project, with_placeholders
from .conftest import only_local_requests


@dataclass
class Served:
    url: str
    process: subprocess.Popen
    project: object
    draft: object
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def start(project, path) -> Served:
    process = subprocess.Popen([sys.executable, "-m", "eujgraph", "review", str(path), "--no-browser",
                                "--project", str(project.root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    line = process.stdout.readline()
    found = re.search(r" at (http://127\.0\.0\.1:\d+)/ ", line)
    if not found:
        process.kill()
        raise AssertionError(line + process.stderr.read())
    url = found.group(1)
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(url + "/", timeout=5)
            return Served(url, process, project, path)
        except httpx.HTTPError:
            assert time.monotonic() < deadline
            time.sleep(0.1)


@pytest.fixture
def served(tmp_path):
    project = make_project(tmp_path)
    running = start(project, draft(project, MEMO_2025))
    yield running
    running.process.terminate()
    running.process.wait(10)


@pytest.fixture
def hostile_served(tmp_path):
    project = make_project(tmp_path)
    (project.sources_dir / "hostile.fi.txt").write_text(HOSTILE_MEMO, encoding="utf-8")
    running = start(project, draft(project, "hostile.fi.txt"))
    yield running
    running.process.terminate()
    running.process.wait(10)


def open_page(browser, served: Served):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()
    only_local_requests(context, served.url, served.outside)
    page.on("console", lambda message: served.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: served.errors.append(str(error)))
    page.on("dialog", lambda dialog: (served.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(served.url + "/")
    page.wait_for_selector("body[data-ready=true]")
    return context, page


def counts(page) -> tuple[int, int]:
    counter = page.locator("#counts")
    return int(counter.get_attribute("data-reviewed")), int(counter.get_attribute("data-remaining"))


def test_every_item_has_its_evidence_highlighted_and_clicks_link_text_and_items(browser, served):
    context, page = open_page(browser, served)
    payload = page.evaluate("JSON.parse(document.getElementById('review-data').textContent)")
    highlighted = page.evaluate("""() => {
        const byItem = {};
        document.querySelectorAll('#memo-text .ev').forEach((span) => span.dataset.items.split(' ').forEach((i) => {
            (byItem[i] = byItem[i] || []).push(span.textContent); }));
        return byItem; }""")
    text = payload["text"]
    assert len(highlighted) == len(payload["items"])
    for index, item in enumerate(payload["items"]):
        spans = sorted(item["spans"])
        merged = []  # overlapping quotes of one item are one stretch of highlighted text
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        assert "".join(highlighted[str(index)]) == "".join(text[s:e] for s, e in merged), item["uid"]
    target = payload["items"][5]
    page.click(f"article.item[data-uid='{target['uid']}'] .facts")
    assert page.get_attribute("body", "data-current") == target["uid"]
    current = page.locator("#memo-text .ev.current").all_inner_texts()
    assert "".join(current) == "".join(text[s:e] for s, e in sorted(target["spans"]))
    alone = next(i for i, item in enumerate(payload["items"])
                 if page.locator(f"#memo-text .ev[data-items='{i}']").count())
    page.locator(f"#memo-text .ev[data-items='{alone}']").first.click()
    assert page.get_attribute("body", "data-current") == payload["items"][alone]["uid"]
    assert page.locator("article.item.current").get_attribute("data-uid") == payload["items"][alone]["uid"]
    assert served.errors == [] and served.outside == [] and served.dialogs == []
    context.close()


def test_accept_reject_edit_by_click_and_keyboard_then_save(browser, served):
    context, page = open_page(browser, served)
    payload = page.evaluate("JSON.parse(document.getElementById('review-data').textContent)")
    uids = [item["uid"] for item in payload["items"]]
    total = len(uids)
    placeholders = with_placeholders(served.draft)
    assert counts(page) == (0, total)
    page.click(f"article.item[data-uid='{uids[0]}'] button.accept")
    page.click(f"article.item[data-uid='{uids[1]}'] button.reject")
    assert counts(page) == (2, total - 2)
    assert page.locator(f"article.item[data-uid='{uids[1]}'] .decision").inner_text() == "rejected"
    assert page.locator(f"article.item[data-uid='{uids[1]}']").get_attribute("class") == "item rejected current"
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#help").is_visible()
    decisions = {uids[0]: "accept", uids[1]: "reject"}
    page.keyboard.press("j")
    edited = placeholders[0]
    unknown = {item["uid"]: item for item in payload["items"] if item["unknown"]}
    for uid in uids[2:]:
        assert page.get_attribute("body", "data-current") == uid
        if uid == edited:
            page.keyboard.press("e")
            page.fill(f"article.item[data-uid='{uid}'] input[name='label.en']", "The joint statement's shared values")
            page.click(f"article.item[data-uid='{uid}'] button.apply")
            page.keyboard.press("j")
            decisions[uid] = "accept"
        elif uid in placeholders or uid in unknown:
            page.keyboard.press("r")
            decisions[uid] = "reject"
        else:
            page.keyboard.press("a")
            decisions[uid] = "accept"
    assert counts(page) == (total, 0)
    assert page.locator(f"article.item[data-uid='{edited}'] .decision").inner_text() == "accepted (edited)"
    page.keyboard.press("s")
    page.wait_for_selector("#status.error")
    assert "memo attribution is required" in page.inner_text("#status") or \
        "Write the memo's attribution" in page.inner_text("#status")
    page.fill("#attribution", "Finnish government memo of 23 July 2025, verbatim.")
    page.locator("#attribution").blur()
    page.keyboard.press("Control+s")
    page.wait_for_selector("#status.saved")
    out = served.project.memos_dir / "eu-japan-summit-2025-07-23.fi.yaml"
    assert page.inner_text("#status").startswith(f"saved {out}")
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    data = drafted(served.draft)
    kept = [uid for uid in uids if decisions[uid] == "accept"]
    assert [f"{n}/{k}" for n in ("events", "commitments", "positions", "assessments") for k in saved[n]] == \
        [uid for uid in kept if not uid.startswith(("participations", "documents_issued"))]
    section, key = edited.split("/")
    assert saved[section][key] == {**{k: v for k, v in data[section][key].items() if k != "note"},
                                   "label": {**data[section][key]["label"],
                                             "en": "The joint statement's shared values"}}
    assert saved["memo"]["attribution"] == "Finnish government memo of 23 July 2025, verbatim."
    assert "DRAFT" not in out.read_text(encoding="utf-8")
    assert len(load_corpus(served.project.graph_dir).memos) == 1
    before = out.read_text(encoding="utf-8")
    page.keyboard.press("Control+s")
    page.wait_for_selector("#status.warning")
    assert out.read_text(encoding="utf-8") == before
    page.click("#overwrite")
    page.wait_for_selector("#status.saved")
    assert served.errors == ["Failed to load resource: the server responded with a status of 409 (Conflict)"]
    assert served.outside == [] and served.dialogs == []
    context.close()


def test_hostile_text_stays_text_and_a_proposal_is_mapped(browser, hostile_served):
    context, page = open_page(browser, hostile_served)
    assert "<script>alert(1)</script>" in page.inner_text("#memo-text")
    assert page.evaluate("document.querySelectorAll('#memo-text *:not(span)').length") == 0
    proposal = page.locator("article.proposal[data-uid='persons/matti-meikalainen']")
    assert proposal.locator(".facts").inner_text() == "used by participations/0"
    proposal.locator("select[name=map-to]").select_option("antonio-costa")
    proposal.locator("button.map").click()
    assert proposal.locator(".outcome").inner_text() == ("mapped to antonio-costa: every use of matti-meikalainen "
                                                          "becomes antonio-costa")
    page.fill("#attribution", "A test memo.")
    page.click("#memo-text")
    payload = page.evaluate("JSON.parse(document.getElementById('review-data').textContent)")
    for item in payload["items"]:
        bad = item["placeholders"] or item["unknown"]
        page.click(f"article.item[data-uid='{item['uid']}'] button.{'reject' if bad else 'accept'}")
    page.click("#save")
    page.wait_for_selector("#status.saved")
    written = (hostile_served.project.memos_dir / "hostile.fi.yaml").read_text(encoding="utf-8")
    assert "matti-meikalainen" not in written
    assert yaml.safe_load(written)["participations"][0]["person"] == "antonio-costa"
    assert hostile_served.errors == [] and hostile_served.outside == [] and hostile_served.dialogs == []
    context.close()
