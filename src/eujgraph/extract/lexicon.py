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
        self._indexes: dict[str, _CueIndex] = {}
        self._whole: tuple[Any, int, dict[tuple[str, ...], tuple[Hit, ...]]] = (None, 0, {})

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
        if start == 0 and end == len(words):
            # A search of all the words is kept for the last list of words seen (a memo's rules
            # ask for the same cues in the whole memo again and again).
            cache = self._whole
            if cache[0] is not words or cache[1] != end:
                cache = self._whole = (words, end, {})
            hits = cache[2].get(groups)
            if hits is None:
                hits = cache[2][groups] = tuple(self._find(words, groups, start, end))
            return list(hits)
        return self._find(words, groups, start, end)

    def _find(self, words: list[Word], groups: tuple[str, ...], start: int, end: int) -> list[Hit]:
        # Only the cues whose first word pattern can match a word are tried there (see _CueIndex).
        # Hits are ordered as trying every cue of every group at every word, then sorting by
        # (first, longest), would order them: by first, longest, group, cue.
        found: list[tuple[int, int, int, int, Hit]] = []
        for g, group in enumerate(groups):
            cues = self.cues.get(group)
            if not cues:
                continue
            candidates = self._index(group).candidates
            for i in range(start, end):
                for c in candidates(words[i]):
                    cue = cues[c]
                    last = _match(cue.patterns, words, i, end)
                    if last is not None:
                        found.append((i, i - last, g, c, Hit(group, cue.value, i, last, cue)))
        found.sort(key=lambda f: f[:4])
        # A hit is dropped when a kept hit of its group holds it and is longer or has its value.
        # Kept hits start at or before it (hits come by first word), so one holds it when it
        # ends after it (and is then longer), or ends with it and starts before it (longer),
        # or has its very span (and then must have its value).
        kept: list[Hit] = []
        furthest: dict[str, int] = {}  # group → the last word of its kept hit that ends furthest
        earliest: dict[tuple[str, int], int] = {}  # (group, last) → the first word of the earliest kept hit
        spans: set[tuple[str, int, int, str]] = set()
        for *_, hit in found:
            group, first, last = hit.group, hit.first, hit.last
            if furthest.get(group, -1) > last or earliest.get((group, last), first) < first \
                    or (group, first, last, hit.value) in spans:
                continue
            kept.append(hit)
            if last > furthest.get(group, -1):
                furthest[group] = last
            if first < earliest.get((group, last), first + 1):
                earliest[(group, last)] = first
            spans.add((group, first, last, hit.value))
        return sorted(kept, key=lambda h: h.first)

    def _index(self, group: str) -> "_CueIndex":
        index = self._indexes.get(group)
        if index is None:
            index = self._indexes[group] = _CueIndex(self.cues.get(group, []))
        return index


class _CueIndex:
    """The cues of one group by what their first word pattern matches: a word's form or base
    form (``word``), a prefix of one (``stem*``); a cue opening with ``~`` is tried everywhere.
    ``candidates(word)`` gives, in lexicon order, every cue whose first pattern may match."""

    def __init__(self, cues: list[Cue]) -> None:
        self.exact: dict[str, list[int]] = {}
        self.stems: dict[int, dict[str, list[int]]] = {}
        self.always: list[int] = []
        for c, cue in enumerate(cues):
            first = cue.patterns[0] if cue.patterns else ("~",)
            if first == ("~",):
                self.always.append(c)
                continue
            for alt in first:
                if alt.endswith("*"):
                    stem = alt[:-1]
                    self.stems.setdefault(len(stem), {}).setdefault(stem, []).append(c)
                else:
                    self.exact.setdefault(alt, []).append(c)
        self.lengths = sorted(self.stems.items())
        self._cache: dict[tuple[str, tuple[str, ...]], tuple[int, ...]] = {}

    def candidates(self, word: Word) -> tuple[int, ...]:
        key = (word.form, word.lemmas)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._lookup(word)
        return found

    def _lookup(self, word: Word) -> tuple[int, ...]:
        lower = word.lower
        names = (lower, *word.lemmas)
        cues = set(self.always)
        for name in names:
            cues.update(self.exact.get(name, ()))
        for length, stems in self.lengths:
            for name in names:
                if len(name) >= length:
                    cues.update(stems.get(name[:length], ()))
        return tuple(sorted(cues))


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
