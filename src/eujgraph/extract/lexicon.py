"""Cue lexicons: the words that mark commitments, positions, assessments, events and documents.

The lexicons are data files (``lexicons/fi.yaml``, ``lexicons/en.yaml``, shipped with the
package and documented in ``docs/extract.md``). A cue is written as word patterns:
``word`` (a base form), ``stem*`` (a prefix of the form or a base form), ``a|b``
(either), ``~`` (up to two words of any kind).

>>> from eujgraph.extract.morphology import Morphology
>>> lexicon = Lexicon.load("fi")
>>> words = Morphology("fi").tokens("Yhteistyötä päätettiin syventää")
>>> [(hit.group, hit.value) for hit in lexicon.find(words, "commitment.status")]
[('commitment.status', 'deepened')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .morphology import Word

LANGUAGES = ("fi", "en")


@dataclass(frozen=True)
class Cue:
    """One cue: its group (``commitment.status``), value (``deepened``) and word patterns."""

    group: str
    value: str
    text: str
    patterns: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Hit:
    """A cue found in a memo: the indexes of its first and last words."""

    group: str
    value: str
    first: int
    last: int
    cue: Cue


class Lexicon:
    """The cue lexicon of one language."""

    def __init__(self, lang: str, data: dict[str, Any]) -> None:
        self.lang = lang
        self.data = data
        self.cues: dict[str, list[Cue]] = {}
        self._collect("", data)

    @classmethod
    def load(cls, lang: str) -> "Lexicon":
        return _load(lang)

    def _collect(self, prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("language", "months"):
                    continue
                if isinstance(value, list) and prefix:
                    for text in value:
                        self._add(prefix.rstrip("."), key, str(text))
                else:
                    self._collect(f"{prefix}{key}.", value)
        elif isinstance(node, list):
            for text in node:
                self._add(prefix.rstrip("."), prefix.rstrip(".").rsplit(".", 1)[-1], str(text))

    def _add(self, group: str, value: str, text: str) -> None:
        patterns = tuple(tuple(alt for alt in piece.split("|")) for piece in text.split())
        self.cues.setdefault(group, []).append(Cue(group, value, text, patterns))

    def words(self, group: str) -> list[str]:
        """The plain texts of a group (e.g. ``stopwords``)."""
        return [cue.text for cue in self.cues.get(group, [])]

    def find(self, words: list[Word], *groups: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Cues of ``groups`` in ``words[start:end]``, longest first where they overlap."""
        end = len(words) if end is None else min(end, len(words))
        hits: list[Hit] = []
        for group in groups:
            for cue in self.cues.get(group, []):
                for i in range(start, end):
                    last = _match(cue.patterns, words, i, end)
                    if last is not None:
                        hits.append(Hit(group, cue.value, i, last, cue))
        hits.sort(key=lambda h: (h.first, -(h.last - h.first)))
        kept: list[Hit] = []
        for hit in hits:
            if any(k.group == hit.group and k.first <= hit.first and hit.last <= k.last
                   and (k.value == hit.value or k.last - k.first > hit.last - hit.first) for k in kept):
                continue
            kept.append(hit)
        return sorted(kept, key=lambda h: h.first)


def word_matches(alternatives: tuple[str, ...], word: Word) -> bool:
    """A word matches a pattern piece (``lemma``, ``stem*``, alternatives)."""
    lower = word.lower
    for alt in alternatives:
        if alt.endswith("*"):
            stem = alt[:-1]
            if lower.startswith(stem) or any(lemma.startswith(stem) for lemma in word.lemmas):
                return True
        elif alt == lower or alt in word.lemmas:
            return True
    return False


def _match(patterns: tuple[tuple[str, ...], ...], words: list[Word], i: int, end: int) -> int | None:
    j = i
    for k, piece in enumerate(patterns):
        if piece == ("~",):
            continue
        if k > 0 and patterns[k - 1] == ("~",):
            for skip in range(3):
                if j + skip < end and word_matches(piece, words[j + skip]):
                    j += skip
                    break
            else:
                return None
        elif j >= end or not word_matches(piece, words[j]):
            return None
        j += 1
    return j - 1 if j > i else None


@lru_cache(maxsize=None)
def _load(lang: str) -> Lexicon:
    if lang not in LANGUAGES:
        raise ValueError(f"no cue lexicon for language {lang!r}; known: {', '.join(LANGUAGES)}")
    text = resources.files("eujgraph.extract").joinpath(f"lexicons/{lang}.yaml").read_text(encoding="utf-8")
    return Lexicon(lang, yaml.safe_load(text))
