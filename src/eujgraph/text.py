"""Reading memo texts extracted from PDFs.

A memo is kept verbatim. For matching quotes and splitting sentences eujgraph works
on a *normalised* rendition: words hyphenated at line ends are joined
(``kump-\\npanuutta`` → ``kumppanuutta``), other whitespace runs become one space,
and a blank line becomes a paragraph break. Every normalised character remembers
its offset in the original, so spans always point into the file as it is.

>>> text = SourceText("Strategista kump-\\npanuutta. Puolustus- ja\\nturvallisuus.")
>>> text.normalized
'Strategista kumppanuutta. Puolustus- ja turvallisuus.'
>>> span = text.find("kumppanuutta")[0]
>>> (span.start, span.end, text.original[span.start:span.end])
(12, 26, 'kump-\\npanuutta')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path

# A hyphen at a line end joins a word split in two ("kump-\npanuutta") unless the
# next line starts with a capital ("EU-\nJapani": the hyphen is real) or with a
# conjunction ("puolustus-\nja turvallisuusala": a suspended compound).
KEEP_HYPHEN_BEFORE = frozenset({"ja", "tai", "sekä", "eli", "and", "or", "nor"})
# Quotes longer than this get no "closest passage" hint (the search is quadratic in their length).
CLOSEST_MAX_CHARS = 1000
# Tokens that end in a period without ending a sentence.
ABBREVIATIONS = frozenset(
    {"mm", "esim", "ns", "ks", "vrt", "yms", "jne", "tms", "ym", "n", "ko", "nk",
     "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "prof", "vs", "no", "art", "para", "st", "approx",
     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
# Initials and dotted abbreviations: "J.", "H.E.", "p.m.", "U.S.", and an honorific glued to them ("H.E.Mr.").
INITIALS = re.compile(r"(?:[a-z]\.)*[a-z](?:\.(?:mr|mrs|ms|dr))?", re.I)

_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n[ \t]*(?=([^\W\d_]+))")
_WHITESPACE = re.compile(r"\s+")
# A list item's marker at the start of a line: the line break before it ends a paragraph.
_BULLET = re.compile(r"[-•*–·▪](?=\s)")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*(?=\s+[\"“(]*[A-ZÅÄÖÜ0-9])")


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of a memo: offsets into the original text and its normalised words."""

    start: int
    end: int
    text: str
    prefix: str = ""
    suffix: str = ""


class SourceText:
    """A memo's original text with its normalised rendition and offset map."""

    def __init__(self, original: str, context_chars: int = 32) -> None:
        self.original = original
        self.context_chars = context_chars
        self.normalized, self._origin = _normalize(original)

    @classmethod
    def from_file(cls, path: Path, context_chars: int = 32) -> "SourceText":
        """Read a UTF-8 text file exactly as stored (line endings included)."""
        with open(path, encoding="utf-8", newline="") as handle:
            return cls(handle.read(), context_chars)

    def span(self, start: int, end: int) -> Span:
        """The span covering normalised characters ``start:end``."""
        origin = self._origin
        context = self.context_chars
        return Span(
            start=origin[start],
            end=origin[end - 1] + 1,
            text=self.normalized[start:end],
            prefix=self.normalized[max(0, start - context):start],
            suffix=self.normalized[end:end + context],
        )

    def find(self, quote: str) -> list[Span]:
        """Every occurrence of ``quote`` (whitespace-insensitive), in text order."""
        needle = normalize_quote(quote)
        if not needle:
            return []
        found = []
        position = self.normalized.find(needle)
        while position != -1:
            found.append(self.span(position, position + len(needle)))
            position = self.normalized.find(needle, position + 1)
        return found

    def closest(self, quote: str) -> str:
        """The passage of the memo most like ``quote``, to help fix a typo."""
        needle = normalize_quote(quote)
        if not needle:
            return ""
        if len(needle) > CLOSEST_MAX_CHARS:
            return ""
        words = list(re.finditer(r"\S+", self.normalized))
        width = max(1, len(needle.split()))
        best, best_ratio = "", 0.0
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq1(needle)
        for i in range(max(1, len(words) - width + 1)):
            window = words[i:i + width]
            candidate = self.normalized[window[0].start():window[-1].end()]
            matcher.set_seq2(candidate)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
        return best

    def sentence_of(self, span: Span) -> str:
        """The whole sentence (or sentences) a span lies in, normalised."""
        touching = [s for s in self.sentences() if s.start < span.end and span.start < s.end]
        return " ".join(s.text for s in touching) or span.text

    def sentences(self) -> list[Span]:
        """Sentences of the normalised text; a paragraph break always ends one."""
        return list(self._sentences)

    @cached_property
    def _sentences(self) -> tuple[Span, ...]:
        found = []
        for paragraph in re.finditer(r"[^\n]+", self.normalized):
            start = paragraph.start()
            for end_match in _SENTENCE_END.finditer(paragraph.group()):
                end = paragraph.start() + end_match.end()
                if _ends_with_abbreviation(self.normalized[start:end]):
                    continue
                found.append(self._stripped_span(start, end))
                start = end
            if self.normalized[start:paragraph.end()].strip():
                found.append(self._stripped_span(start, paragraph.end()))
        return tuple(found)

    def _stripped_span(self, start: int, end: int) -> Span:
        chunk = self.normalized[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        return self.span(start, end)


def normalize_quote(quote: str) -> str:
    """Collapse whitespace and join line-end hyphenation the way memo text is."""
    return _normalize(quote)[0]


def _ends_with_abbreviation(sentence: str) -> bool:
    words = sentence.rstrip(".!?\"”’) ").split()
    if len(words) == 1 and words[0].isdigit() and len(words[0]) <= 3:
        return True  # "31. EU:n ja Japanin ..." (an ordinal) or "1. We, the leaders ..." (a paragraph number)
    if not words:
        return False
    last = words[-1].lstrip("([\"“")
    return last.lower() in ABBREVIATIONS or (INITIALS.fullmatch(last) is not None and
                                            (len(last) == 1 and last.isupper() or "." in last))


def _normalize(original: str) -> tuple[str, list[int]]:
    """Return the normalised text and, per character, its offset in ``original``."""
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(original)
    while i < n:
        hyphen = _LINE_END_HYPHEN.match(original, i) if original[i] == "-" else None
        if hyphen and hyphen.group(1).lower() not in KEEP_HYPHEN_BEFORE:
            if hyphen.group(1)[0].isupper():  # "EU-\nJapani": a real hyphen, keep it
                out.append("-")
                origin.append(i)
            i = hyphen.end()
            continue
        if original[i].isspace():
            run = _WHITESPACE.match(original, i)
            if out:
                paragraph_break = run.group().count("\n") >= 2 or ("\n" in run.group() and _BULLET.match(original, run.end()))
                out.append("\n" if paragraph_break else " ")
                origin.append(i)
            i = run.end()
            continue
        out.append(original[i])
        origin.append(i)
        i += 1
    while out and out[-1].isspace():
        out.pop()
        origin.pop()
    return "".join(out), origin
