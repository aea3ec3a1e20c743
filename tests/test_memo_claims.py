"""The curated memo file against the memo: no sentence left behind."""

from __future__ import annotations

import pytest

from eujgraph.curation.load import load_corpus, uncovered_sentences
from eujgraph.errors import InputError

from .conftest import MEMO_YAML, edit


def test_every_sentence_of_every_memo_is_evidence_or_marked_as_carrying_no_claim(project):
    corpus = load_corpus(project.graph_dir)
    assert len(corpus.memos) == 3
    for memo in corpus.memos:
        assert len(memo.text.sentences()) >= 10, memo.id
        assert uncovered_sentences(memo) == [], memo.id


def test_a_sentence_without_claims_fails_the_load_until_excused(scratch):
    memo_path = scratch.root / MEMO_YAML
    source = scratch.root / "graph/sources/eu-japan-summit-2025-07-23.fi.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Osaka Expossa.", "Osaka Expossa. Sää oli kaunis."), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_corpus(scratch.graph_dir)
    [problem] = caught.value.problems
    assert problem.path == memo_path
    assert problem.message.startswith("sentence carries no claim: 'Sää oli kaunis.'")
    edit(memo_path, "no_claim: []", "no_claim:\n  - sentence: Sää oli kaunis.\n    reason: weather, not policy")
    memo = next(m for m in load_corpus(scratch.graph_dir).memos if m.id == "eu-japan-summit-2025-07-23-fi")
    assert uncovered_sentences(memo) == []
