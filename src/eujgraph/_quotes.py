"""Finding many quotes in one memo text at once: :class:`QuoteIndex`.

The loader anchors every evidence quote in its memo and the extractor numbers the occurrences of
every quote it writes; one ``str.find`` pass per quote makes both grow with the square of the
memo's length. The index reads the text once.

>>> index = QuoteIndex("EU ja Japani. EU ja Japani sopivat.", quotes=["EU ja Japani sopivat"])
>>> index.positions("EU ja Japani sopivat"), index.positions("EU ja Japani"), index.positions("Kiina")
([14], [0, 14], [])
"""

from __future__ import annotations

from collections.abc import Iterable


class QuoteIndex:
    """Where each quote (given as a span of ``text``, or as words) occurs in ``text``, found in one pass.

    Looking each quote up with ``str.find`` costs a pass over the memo per quote, which grows with
    the square of the memo's length; here every position's first :data:`KEY` characters are
    looked up once among the quotes' openings, and only those candidates are compared.
    """

    KEY = 16
    """Characters of a quote's opening looked up per position; shorter quotes fall back to ``str.find``."""

    def __init__(self, text: str, spans: Iterable[tuple[int, int]] = (), quotes: Iterable[str] = ()) -> None:
        self.text = text
        self.cache: dict[str, list[int]] = {}
        keys = {text[a:a + self.KEY] for a, b in spans if b - a >= self.KEY}
        keys |= {quote[:self.KEY] for quote in quotes if len(quote) >= self.KEY}
        self.candidates: dict[str, list[int]] = {key: [] for key in keys}
        if keys:
            candidates, width = self.candidates, self.KEY
            for position in range(len(text) - width + 1):
                found = candidates.get(text[position:position + width])
                if found is not None:
                    found.append(position)

    def positions(self, words: str) -> list[int]:
        """Every start of ``words`` in the text (overlapping ones too), in order, as ``str.find`` finds them."""
        if words not in self.cache:
            candidates = self.candidates.get(words[:self.KEY]) if len(words) >= self.KEY else None
            if candidates is not None:
                self.cache[words] = [p for p in candidates if self.text.startswith(words, p)]
            else:
                found, position = [], self.text.find(words)
                while position != -1:
                    found.append(position)
                    position = self.text.find(words, position + 1)
                self.cache[words] = found
        return self.cache[words]
