"""Words of a memo and their base forms, for matching the gazetteer and the cue lexicons.

Finnish is analysed with Voikko (Debian's ``libvoikko1`` and ``voikko-fi`` with the
``libvoikko`` binding): every reading's base form and, for compounds, the parts
(``kyberturvallisuudessa`` → ``kyberturvallisuus``, parts ``kyber`` + ``turvallisuus``).
Without Voikko, Finnish falls back to simplemma (slower to start, one reading).
English uses simplemma. Neither downloads anything. ``benchmarks/bench_morphology.py``
measures both tools on the same inflection cases (figures in ``docs/extract.md``).

>>> words = Morphology("fi").tokens("EU:n ja Japanin kyberturvallisuudessa")
>>> [w.lemmas[0] for w in words]
['eu', 'ja', 'japani', 'kyberturvallisuus']
>>> words[3].parts
('kyber', 'turvallisuus')
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"\d+(?:[.,:]\d+)*(?::[a-zåäö]+)?|[^\W\d_]+(?:[’'][a-z]{1,2}\b|:[^\W\d_]+)?", re.I)
MIN_STEM = 5
STEM_RATIO = 0.7


@dataclass(frozen=True)
class Word:
    """One word of the normalised text: its offsets there, its form, base forms and compound parts.

    ``parts`` is empty when the analyser does not know the word; a known simple word has one part.
    """

    start: int
    end: int
    form: str
    lemmas: tuple[str, ...]
    parts: tuple[str, ...] = ()

    @property
    def lower(self) -> str:
        return self.form.lower()


class Morphology:
    """Base forms for one language (``fi`` or ``en``); ``backend`` forces ``voikko`` or ``simplemma``."""

    def __init__(self, lang: str, backend: str | None = None) -> None:
        self.lang = lang
        self.backend = backend or ("voikko" if lang == "fi" and _voikko() is not None else "simplemma")
        if lang == "fi" and self.backend == "simplemma" and backend is None:
            print("eujgraph: Voikko not found (apt-get install libvoikko1 voikko-fi); "
                  "Finnish falls back to simplemma", file=sys.stderr)

    def tokens(self, text: str, offset: int = 0) -> list[Word]:
        """The words of ``text`` (hyphens and dashes separate words; ``EU:n`` is one word)."""
        return [self.word(m.group(), m.start() + offset, m.end() + offset) for m in WORD.finditer(text)]

    def word(self, form: str, start: int = 0, end: int = 0) -> Word:
        lemmas, parts = self.analyse(form)
        return Word(start, end or start + len(form), form, lemmas, parts)

    def analyse(self, form: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return _analyse(self.lang, self.backend, form)

    def lemmas(self, form: str) -> tuple[str, ...]:
        return self.analyse(form)[0]


def same_word(a: Word | tuple[str, ...], b: tuple[str, ...]) -> float:
    """1.0 when two words share a base form, 0.8 when they share a long stem, else 0.0."""
    left = a.lemmas if isinstance(a, Word) else a
    if set(left) & set(b):
        return 1.0
    for x in left:
        for y in b:
            shared = _common_prefix(x, y)
            if shared >= MIN_STEM and shared >= STEM_RATIO * min(len(x), len(y)) and \
                    abs(len(x) - len(y)) <= 4:
                return 0.8
    return 0.0


def contains_part(word: Word, lemma: str) -> str | None:
    """``"modifier"`` or ``"head"`` when ``lemma`` is a leading or trailing part of a compound word."""
    if len(lemma) < 4 or lemma in word.lemmas:
        return None
    parts = word.parts
    for i in range(1, len(parts)):
        if "".join(parts[:i]) == lemma:
            return "modifier"
        if "".join(parts[i:]) == lemma:
            return "head"
    base = word.lemmas[0]
    if not parts and len(base) >= len(lemma) + 4:
        if base.startswith(lemma):
            return "modifier"
        if base.endswith(lemma):
            return "head"
    return None


def governs_genitive(form: str) -> bool:
    """Whether a Finnish word after a name needs the name in the genitive: a noun or a postposition
    ("Niinistön lausunto", "Wahidin kanssa"), not a verb ("Stubb osallistui") or a conjunction."""
    voikko = _voikko()
    classes = {a.get("CLASS", "") for a in voikko.analyze(form)} if voikko else set()
    return bool(classes) and not classes & {"teonsana", "sidesana"} and \
        bool(classes & {"nimisana", "suhdesana", "seikkasana", "nimisana_laatusana"})


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


@lru_cache(maxsize=1)
def _voikko():
    try:
        import libvoikko

        return libvoikko.Voikko("fi")
    except (ImportError, OSError, Exception):  # libvoikko raises a bare Exception without a dictionary
        return None


@lru_cache(maxsize=50_000)
def _analyse(lang: str, backend: str, form: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lower = form.lower()
    stripped = re.sub(r"[’']s$", "", lower) if lang == "en" else lower
    if ":" in stripped and not stripped[0].isdigit():
        stripped = stripped.split(":", 1)[0]
    lemmas: list[str] = []
    parts: tuple[str, ...] = ()
    if backend == "voikko" and not form[0].isdigit():
        voikko = _voikko()
        analyses = voikko.analyze(form) if voikko else []
        for analysis in analyses:
            base = analysis.get("BASEFORM", "").lower()
            if base and base not in lemmas:
                lemmas.append(base)
        if analyses:
            parts = _compound_parts(analyses[0].get("STRUCTURE", ""), analyses[0].get("BASEFORM", "").lower())
    elif not form[0].isdigit():
        import simplemma

        for candidate in (stripped, form):
            lemma = simplemma.lemmatize(candidate, lang=lang).lower()
            if lemma not in lemmas:
                lemmas.append(lemma)
    if stripped not in lemmas:
        lemmas.append(stripped)
    return tuple(lemmas), parts


def _compound_parts(structure: str, base: str) -> tuple[str, ...]:
    bounds, index = [], 0
    for mark in structure:
        if mark == "=":
            if index:
                bounds.append(index)
        else:
            index += 1
    cuts = [0, *bounds, len(base)]
    parts = tuple(base[a:b].strip("-") for a, b in zip(cuts, cuts[1:]) if base[a:b].strip("-"))
    return parts or (base,)
