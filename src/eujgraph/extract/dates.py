"""Dates written in a memo, in the forms official texts use, with the year filled in where it is left out.

English: ``28 April 2010``, ``25th April 2019``, ``31 January, 2023``, ``May 29, 2015``,
``31 Jan. 2023``, ``17/07/2018``, and the same without a year (``on 17 July``).
Finnish: ``13. heinäkuuta 2023``, ``13.7.2023``, ``5.4.``, and ranges (``9.–11. heinäkuuta
2024``, ``20. - 21.10.``), of which the first day is the date. A date without its year
takes the year of the nearest full date before it, else of the first full date of the memo,
else the year written most often in it.

>>> [d.iso for d in find_dates("Met on 17 July in Tokyo, 2018 was a year of renewal.", "en")]
['2018-07-17']
>>> [d.iso for d in find_dates("Kokous pidettiin 9.–11. heinäkuuta 2024 Washingtonissa.", "fi")]
['2024-07-09']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .lexicon import Lexicon

YEAR = r"(1[89]\d\d|20\d\d)"
DASH = r"\s*[-–—]\s*"


@dataclass(frozen=True)
class Date:
    """A date at characters ``start``–``end``; ``year_given`` is false when the year was filled in."""

    start: int
    end: int
    year: int | None
    month: int
    day: int
    year_given: bool

    @property
    def iso(self) -> str | None:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if self.year else None


def find_dates(text: str, lang: str) -> list[Date]:
    """Every valid date in ``text``, in order, the missing years filled in."""
    found = sorted(_written_dates(text, lang), key=lambda d: d.start)
    kept: list[Date] = []
    for date in found:
        if kept and date.start < kept[-1].end:
            continue
        kept.append(date)
    return _fill_years(kept, text)


def _month_pattern(lang: str) -> tuple[str, dict[str, int]]:
    months = Lexicon.load(lang).data.get("months") or []
    index: dict[str, int] = {}
    for n, name in enumerate(months, start=1):
        for form in str(name).split("|"):
            index[form.lower()] = n
    names = sorted(index, key=len, reverse=True)
    return "(" + "|".join(re.escape(name) for name in names) + r")\.?", index


def _written_dates(text: str, lang: str):
    names, index = _month_pattern(lang)
    day = r"(\d{1,2})"
    if lang == "en":
        day_suffix = r"(?:st|nd|rd|th)?"
        day_range = rf"{day}{day_suffix}(?:{DASH}\d{{1,2}}{day_suffix})?"
        for m in re.finditer(rf"\b{day_range}\s+(?:of\s+)?{names}(?:,?\s+{YEAR})?\b", text, re.I):
            yield from _date(m, m.group(3), index[m.group(2).lower().rstrip(".")], m.group(1))
        for m in re.finditer(rf"\b{names}\s+{day}(?:st|nd|rd|th)?(?:{DASH}\d{{1,2}})?(?:,\s*{YEAR}|\s+{YEAR})?\b",
                             text, re.I):
            yield from _date(m, m.group(3) or m.group(4), index[m.group(1).lower().rstrip(".")], m.group(2))
        for m in re.finditer(rf"\b{day}/(\d{{1,2}})/{YEAR}\b", text):
            yield from _date(m, m.group(3), int(m.group(2)), m.group(1))
    else:
        for m in re.finditer(rf"\b{day}\.(?:{DASH}\d{{1,2}}\.)?\s*{names}(?:\s+{YEAR})?", text, re.I):
            yield from _date(m, m.group(3), index[m.group(2).lower().rstrip(".")], m.group(1))
    # Numeric day.month.(year): "13.7.2023", "5.4.", ranges "20. - 21.10." and "9.–11.7.2024".
    for m in re.finditer(rf"(?<![\d.]){day}\.(?:(\d{{1,2}})\.)?(?:{DASH}(\d{{1,2}})\.)?(\d{{1,2}})\.(?:{YEAR}\b)?",
                         text):
        first_day, own_month, _, month, year = m.groups()
        if own_month:  # "9.7.–11.7.2024": the first date has its own month
            month_of_first = int(own_month)
        else:
            month_of_first = int(month)
        if not own_month and not m.group(3) and not year and not re.match(r"\s*$|\s", text[m.end():m.end() + 1]):
            continue  # "1.2" inside a decimal or a version number
        yield from _date(m, year, month_of_first, first_day)


def _date(m: re.Match, year: str | None, month: int, day: str):
    d = int(day)
    if 1 <= month <= 12 and 1 <= d <= 31:
        yield Date(m.start(), m.end(), int(year) if year else None, month, d, bool(year))


def _fill_years(dates: list[Date], text: str) -> list[Date]:
    full = [d for d in dates if d.year_given]
    fallback = full[0].year if full else None
    if fallback is None:
        years = Counter(int(y) for y in re.findall(rf"\b{YEAR}\b", text))
        fallback = years.most_common(1)[0][0] if years else None
    out = []
    for date in dates:
        if date.year is None:
            before = [d for d in full if d.start < date.start]
            year = before[-1].year if before else fallback
            date = Date(date.start, date.end, year, date.month, date.day, False)
        out.append(date)
    return out
