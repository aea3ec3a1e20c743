"""The gazetteer: names of the reference data, found in a memo's words whatever their case endings.

Entries come from ``graph/reference/*.yaml`` (people's names and alternative names;
labels and alternative labels of organisations, offices, places, policy areas,
instruments and documents, in the memo's language), from the EuroVoc labels of
the policy areas' exact matches (``lexicons/eurovoc.yaml``), and, for what the reference
data lacks, from the people, offices and places of the summit history (``graph/history/``)
and the world's states, organisations and cities (``lexicons/world.yaml``): a draft that
uses one of those proposes it as a reference entry with its labels. A label matches a run of
words when each of its words shares a base form (or a long stem) with a word of the
memo, in order, with at most a few words between them; a one-word label also matches
a part of a compound (``puolustusteollisuus`` in ``puolustusteollisuusdialogin``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..curation.kinds import Ref
from ..curation.load import Item, _load_file
from ..curation.schema import REFERENCE_SECTIONS
from ..errors import InputError, Problem
from .morphology import Morphology, Word, contains_part, same_word

# libyaml's safe loader where PyYAML has it: the history and world files are large.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_GAP = {"policy_areas": 4, "instruments": 2}
GAP_PENALTY = 0.85
HARD_STOPS = re.compile(r"[,;:.()\[\]]")
# A name from the history or the world lexicon yields to a reference item found in the same words
# ("Eurooppa-neuvoston" is the European Council, not the Council of Europe, "Euroopan neuvosto").
KNOWN_WEIGHT = 0.95
WEIGHTS = {"label": 1.0, "alt": 0.95, "core": 0.9, "eurovoc": 0.85, "part": 0.85, "head": 0.75}


@dataclass(frozen=True)
class Entry:
    """One name of one reference item, as base forms per word."""

    section: str
    id: str
    text: str
    words: tuple[tuple[str, ...], ...]
    weight: float
    unordered: bool = False
    proper: bool = False  # matches capitalised words only (a name from the world lexicon or the history)


@dataclass(frozen=True)
class Match:
    """A place where an entry's name occurs: word indexes and offsets in the normalised text."""

    section: str
    id: str
    first: int
    last: int
    start: int
    end: int
    score: float
    entry: Entry
    positions: tuple[int, ...] = ()

    def overlaps(self, other: "Match") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Reference:
    """The reference data as items by section, with lookups the extractor needs.

    ``known`` holds the items that come from the summit history or the world lexicon, not
    from the reference data: each as the reference entry a draft using it proposes.
    ``events`` holds the summits of the history: id → dates and ordinals its sources give.
    """

    items: dict[str, dict[str, Item]]
    path: Path
    known: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    events: dict[str, dict[str, set]] = field(default_factory=dict)
    person_offices: dict[str, set[str]] = field(default_factory=dict)  # offices the graph has them hold

    @classmethod
    def load(cls, directory: Path) -> "Reference":
        """Read and check ``directory/*.yaml``; problems name file and line."""
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise InputError([Problem("no reference files (*.yaml) found", directory)])
        problems: list[Problem] = []
        items: dict[str, dict[str, Item]] = {}
        for path in files:
            for item in _load_file(path, REFERENCE_SECTIONS, problems) or []:
                items.setdefault(item.section, {})[item.id] = item
        if problems:
            raise InputError(problems, headline=f"{len(problems)} problem(s) in the reference data:")
        reference = cls(items, directory)
        history = directory.parent / "history"
        for path in sorted(history.glob("summits-*.yaml")) if history.is_dir() else []:
            reference._add_history(path)
        for path in sorted((directory.parent / "memos").glob("*.yaml")):
            reference._add_memo_events(path)
        reference._add_world()
        return reference

    def _add_known(self, section: str, item_id: str, entry: dict[str, Any], path: Path, refs: dict[str, str]) -> None:
        if not item_id or item_id in self.items.get(section, {}) or not (entry.get("label") or entry.get("name")):
            return
        values: dict[str, Any] = dict(entry)
        for name, target in refs.items():
            if isinstance(values.get(name), str):
                values[name] = Ref(values[name], target, 0)
        self.items.setdefault(section, {})[item_id] = Item(section, item_id, values, path, 0)
        self.known[(section, item_id)] = entry

    def _add_history(self, path: Path) -> None:
        """The people, offices and places a history file names, and its summits' dates and ordinals."""
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return  # the build reports a broken history file; drafting goes on without it
        for person_id, labels in (data.get("people") or {}).items():
            if isinstance(labels, dict) and labels.get("en"):
                self._add_known("persons", person_id, {"name": labels["en"]}, path, {})
        for section, name in (("offices", "offices"), ("places", "places")):
            for item_id, labels in (data.get(name) or {}).items():
                if isinstance(labels, dict) and labels.get("en") and labels.get("fi"):
                    entry = {"label": {"en": labels["en"], "fi": labels["fi"]}}
                    for key in ("post_in", "country"):
                        if labels.get(key):
                            entry[key] = labels[key]
                    self._add_known(section, item_id, entry, path, {"post_in": "organisations",
                                                                    "country": "organisations"})
        for summit_id, summit in (data.get("summits") or {}).items():
            facts = self.events.setdefault(summit_id, {"dates": set(), "ordinals": set()})
            for report in (summit or {}).get("reports") or []:
                for leader in report.get("leaders") or []:
                    if isinstance(leader, dict) and leader.get("person") and leader.get("office"):
                        self.person_offices.setdefault(leader["person"], set()).add(leader["office"])
                if report.get("date"):
                    facts["dates"].add(str(report["date"]))
                if report.get("ordinal"):
                    facts["ordinals"].add(int(report["ordinal"]))

    def _add_memo_events(self, path: Path) -> None:
        """The events a curated memo defines, with their dates, ordinals and parties."""
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return
        for taking_part in (data.get("participations") or []) if isinstance(data, dict) else []:
            if isinstance(taking_part, dict) and taking_part.get("person") and taking_part.get("office"):
                self.person_offices.setdefault(str(taking_part["person"]), set()).add(str(taking_part["office"]))
        events = data.get("events") if isinstance(data, dict) else None
        for event_id, event in (events or {}).items() if isinstance(events, dict) else []:
            if not isinstance(event, dict) or event.get("side_event_of"):
                continue
            facts = self.events.setdefault(event_id, {"dates": set(), "ordinals": set()})
            if event.get("date"):
                facts["dates"].add(str(event["date"]))
            if isinstance(event.get("ordinal"), int):
                facts["ordinals"].add(event["ordinal"])
            facts["parties"] = set(event.get("parties") or [])
            facts["where"] = path.name

    def holders(self, office: str) -> set[str]:
        """The persons the graph (history, curated memos) has holding ``office``."""
        return {person for person, offices in self.person_offices.items() if office in offices}

    def existing_event(self, parties: list[str], date: str | None, ordinal: int | None) -> str | None:
        """The id of the summit already in the graph that these facts describe, or None.

        Same date, or same ordinal in the same year; history summits are EU–Japan ones.
        """
        for event_id, facts in sorted(self.events.items()):
            known_parties = facts.get("parties") or {"european-union", "japan"}
            if set(parties) != set(known_parties):
                continue
            if date and date in facts["dates"]:
                return event_id
            if ordinal and ordinal in facts["ordinals"] and \
                    (not date or any(d[:4] == date[:4] for d in facts["dates"])):
                return event_id
        return None

    def _add_world(self) -> None:
        """States, international organisations and cities of ``lexicons/world.yaml``."""
        path = resources.files("eujgraph.extract").joinpath("lexicons/world.yaml")
        if not path.is_file():
            return
        data = yaml.load(path.read_text("utf-8"), Loader=FAST_LOADER) or {}
        for name, section, kind in (("states", "organisations", "state"),
                                    ("organisations", "organisations", "international-organisation"),
                                    ("cities", "places", None)):
            for item_id, entry in (data.get(name) or {}).items():
                entry = {**({"type": kind} if kind else {}), **entry}
                self._add_known(section, item_id, entry, Path(str(path)), {"country": "organisations"})

    def get(self, section: str, item_id: str) -> Item | None:
        return self.items.get(section, {}).get(item_id)

    def section(self, section: str) -> dict[str, Item]:
        return self.items.get(section, {})

    def value(self, section: str, item_id: str, name: str, default: Any = None) -> Any:
        item = self.get(section, item_id)
        return item.get(name, default) if item else default

    def refs(self, section: str, item_id: str, name: str) -> list[str]:
        value = self.value(section, item_id, name)
        if value is None:
            return []
        return [ref.id for ref in (value if isinstance(value, list) else [value])]

    def label(self, section: str, item_id: str, lang: str) -> str:
        item = self.get(section, item_id)
        if item is None:
            return item_id
        if section == "persons":
            return item.get("name")
        labels = item.get("label") or {}
        return labels.get(lang) or labels.get("en") or item_id

    def broader(self, area: str) -> list[str]:
        """The areas above ``area`` in the scheme, nearest first."""
        chain, seen = [], {area}
        parent = self.refs("policy_areas", area, "broader")
        while parent and parent[0] not in seen:
            chain.append(parent[0])
            seen.add(parent[0])
            parent = self.refs("policy_areas", parent[0], "broader")
        return chain

    def party_of(self, organisation: str, parties: list[str]) -> str:
        """The party an organisation belongs to (``european-council`` → ``european-union``)."""
        seen = set()
        current = organisation
        while current and current not in seen:
            if current in parties:
                return current
            seen.add(current)
            up = self.refs("organisations", current, "part_of")
            current = up[0] if up else None
        return organisation


class Gazetteer:
    """Every name of the reference data, ready to be found in the words of a memo."""

    def __init__(self, reference: Reference, morphology: Morphology) -> None:
        self.reference = reference
        self.morphology = morphology
        self.lang = morphology.lang
        self.stopwords: frozenset[str] = frozenset()
        self.entries: list[Entry] = []
        self._seen: set[Entry] = set()

    def build(self, stopwords: frozenset[str] = frozenset()) -> "Gazetteer":
        self.stopwords = stopwords
        add = self._add
        ref = self.reference
        for pid, item in ref.section("persons").items():
            add("persons", pid, item.get("name"), "label")
            for texts in (item.get("alt_labels") or {}).values():
                for text in texts:
                    add("persons", pid, text, "alt")
            family = item.get("family_name")
            if family:
                add("persons", pid, family, "head")
        for section in ("organisations", "offices", "places", "policy_areas", "instruments", "documents"):
            for item_id, item in ref.section(section).items():
                self._add_labels(section, item_id, item)
        eurovoc = _eurovoc_labels() if self.lang == "en" else {}
        for area_id, item in ref.section("policy_areas").items():
            for concept in (item.get("eurovoc") or {}).get("exact", []):
                for text in eurovoc.get(concept, []):
                    add("policy_areas", area_id, text, "eurovoc")
        return self

    def _add_labels(self, section: str, item_id: str, item: Item) -> None:
        names = []
        labels = item.get("label") or {}
        if self.lang in labels:
            names.append((labels[self.lang], "label"))
        for lang, texts in (item.get("alt_labels") or {}).items():
            for text in texts:
                if lang == self.lang or (text.isupper() and len(text) <= 6):
                    names.append((text, "alt"))
        for lang, text in labels.items():
            if lang != self.lang and text.isupper() and len(text) <= 6:
                names.append((text, "alt"))
        for text, kind in names:
            self._add(section, item_id, text, kind)
            if section == "policy_areas":
                for part in _coordinated_parts(text, self.lang):
                    self._add(section, item_id, part, "part")
            if section == "instruments":
                core = self._core(item, text)
                if core and core != text:
                    self._add(section, item_id, core, "core")
            if section == "policy_areas" and not re.search(r",|\b(?:ja|sekä|and)\b", text):
                words = [w for w in self.morphology.tokens(text) if w.lower not in self.stopwords]
                for drop in range(1, len(words) - 1):
                    self._add_words(section, item_id, text, words[drop:], WEIGHTS["head"] - 0.05 * (drop - 1))

    def _core(self, item: Item, text: str) -> str:
        """An instrument's name without its parties (``EU:n ja Japanin puolustusteollisuusdialogi``)."""
        party_words = set()
        for ref in item.get("parties") or []:
            org = self.reference.get("organisations", ref.id)
            if org is None:
                continue
            for name in [*(org.get("label") or {}).values(), *(t for ts in (org.get("alt_labels") or {}).values()
                                                               for t in ts)]:
                for word in self.morphology.tokens(name):
                    party_words.update(word.lemmas)
        words = self.morphology.tokens(text)
        kept = [w for w in words if not (set(w.lemmas) & party_words)]
        while kept and kept[0].lower in ("ja", "and", "–"):
            kept = kept[1:]
        if len(kept) == len(words) or not kept:
            return ""
        return text[kept[0].start:kept[-1].end] if _contiguous(words, kept) else " ".join(w.form for w in kept)

    def _add(self, section: str, item_id: str, text: str | None, kind: str) -> None:
        if not text:
            return
        words = [w for w in self.morphology.tokens(text) if w.lower not in self.stopwords]
        self._add_words(section, item_id, text, words, WEIGHTS[kind],
                        unordered=kind == "label" and _is_pair(words, self.lang))

    def _add_words(self, section: str, item_id: str, text: str, words: list[Word], weight: float,
                   unordered: bool = False) -> None:
        if not words:
            return
        proper = (section, item_id) in self.reference.known
        if proper:
            weight *= KNOWN_WEIGHT
        entry = Entry(section, item_id, text, tuple(w.lemmas for w in words), weight, unordered, proper)
        if entry not in self._seen:
            self._seen.add(entry)
            self.entries.append(entry)

    def find(self, words: list[Word], text: str) -> list[Match]:
        """Every entry found in ``words`` (of ``text``), the best per section and place."""
        found: list[Match] = []
        index = _Index(self.entries)
        for i, word in enumerate(words):
            for entry in index.candidates(word):
                match = self._match_at(entry, words, i, text)
                if match:
                    found.append(match)
        return _best(found)

    def _match_at(self, entry: Entry, words: list[Word], i: int, text: str) -> Match | None:
        first = words[i]
        if entry.proper and not first.form[:1].isupper():
            return None
        single = len(entry.words) == 1
        score = same_word(first, entry.words[0])
        if entry.proper and score < 1.0:
            return None  # a proper name is its own word, not one sharing a stem ("KISHIDA" is no "Kishinev")
        if not score and (single or entry.unordered):
            if any(contains_part(first, lemma) for lemma in entry.words[0]):
                score = 0.85
        if not score:
            return None
        if single:
            return Match(entry.section, entry.id, i, i, first.start, first.end, score * entry.weight, entry, (i,))
        if entry.unordered:
            return self._match_unordered(entry, words, i, text, score)
        positions = [i]
        total = score
        j = i
        for lemmas in entry.words[1:]:
            gap = 0
            j += 1
            while j < len(words):
                between = text[words[j - 1].end:words[j].start]
                if HARD_STOPS.search(between) and not _label_has_stop(entry.text, between):
                    return None
                score = same_word(words[j], lemmas)
                if entry.proper and score < 1.0:
                    score = 0.0
                if score:
                    break
                if words[j].lower not in self.stopwords:
                    gap += 1
                if gap > MAX_GAP.get(entry.section, 0):
                    return None
                j += 1
            else:
                return None
            if gap > 1 and not _has_conjunction(words[positions[-1] + 1:j]):
                return None
            total *= score * GAP_PENALTY ** gap
            positions.append(j)
        last = words[positions[-1]]
        return Match(entry.section, entry.id, i, positions[-1], first.start, last.end,
                     total * entry.weight, entry, tuple(positions))

    def _match_unordered(self, entry: Entry, words: list[Word], i: int, text: str, score: float) -> Match | None:
        wanted = [lemmas for lemmas in entry.words if not set(lemmas) & {"ja", "and", "sekä"}]
        window = range(max(0, i - len(entry.words) - 1), min(len(words), i + len(entry.words) + 2))
        positions = []
        for lemmas in wanted:
            hit = next((j for j in window if j not in positions and (
                same_word(words[j], lemmas) or any(contains_part(words[j], lem) for lem in lemmas))), None)
            if hit is None:
                return None
            positions.append(hit)
        if HARD_STOPS.search(text[words[min(positions)].end:words[max(positions)].start]):
            return None
        first, last = min(positions), max(positions)
        return Match(entry.section, entry.id, first, last, words[first].start, words[last].end,
                     0.85 * entry.weight, entry, tuple(sorted(positions)))


class _Index:
    """Entries by what a word must share with their first word to match it, to try only likely ones.

    A word matches an entry's first word when they share a base form or a long stem (so the
    first three letters of a base form), and a one-word or unordered entry also when the word
    is a compound with it as a leading or trailing part (``contains_part``): the parts joined
    are the entry's base form, or, for a word without parts, its base form begins (first
    letters again) or ends (last four letters) with it. ``candidates(word)`` gives every entry
    that may match, in the gazetteer's order.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.keys: dict[tuple[str, str], list[int]] = {}
        self.entries = entries
        for n, entry in enumerate(entries):
            keys = {("prefix", lemma[:3]) for lemma in entry.words[0]}
            if entry.unordered or len(entry.words) == 1:
                for lemma in entry.words[0]:
                    if len(lemma) >= 4:
                        keys.add(("part", lemma))
                        keys.add(("suffix", lemma[-4:]))
            for key in keys:
                self.keys.setdefault(key, []).append(n)
        self._cache: dict[tuple, list[Entry]] = {}

    def candidates(self, word: Word) -> list[Entry]:
        key = (word.lemmas, word.parts)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._lookup(word)
        return found

    def _lookup(self, word: Word) -> list[Entry]:
        keys = {("prefix", lemma[:3]) for lemma in word.lemmas}
        parts = word.parts
        for i in range(1, len(parts)):
            keys.add(("part", "".join(parts[:i])))
            keys.add(("part", "".join(parts[i:])))
        if not parts and word.lemmas and len(word.lemmas[0]) >= 8:
            keys.add(("suffix", word.lemmas[0][-4:]))
        numbers: set[int] = set()
        for key in keys:
            numbers.update(self.keys.get(key, ()))
        return [self.entries[n] for n in sorted(numbers)]


def _best(found: list[Match]) -> list[Match]:
    """Per section, drop matches inside a longer (or better) one; per item, keep its best per place."""
    found.sort(key=lambda m: (-(m.end - m.start), -m.score, m.start))
    # A match around another one starts at or before its first word and ends at or after its
    # last one, so it starts at most ``reach`` words (the longest match's) before it.
    reach = max((m.last - m.first for m in found), default=0)
    kept: list[Match] = []
    by_first: dict[tuple[str, int], list[Match]] = {}
    for match in found:
        section, first = match.section, match.first
        if any(_covers(k, match) for f in range(first - reach, first + 1) for k in by_first.get((section, f), ())):
            continue
        kept.append(match)
        by_first.setdefault((section, first), []).append(match)
    return sorted(kept, key=lambda m: (m.start, -(m.end - m.start)))


def _covers(kept: Match, match: Match) -> bool:
    """A kept match makes ``match`` redundant: same section, around it, and longer or better.

    Two names of one place with equal scores both stay (the extractor chooses between
    them); a policy area inside another one stays (it may be the narrower concept).
    """
    if kept.section != match.section or not (kept.start <= match.start and match.end <= kept.end):
        return False
    same_span = (kept.start, kept.end) == (match.start, match.end)
    if same_span:
        return kept.id == match.id or kept.score > match.score
    return kept.id == match.id or match.section != "policy_areas"


def _has_conjunction(words: list[Word]) -> bool:
    """A long gap is allowed only across a coordination (``merenkulun ja avaruuden turvallisuudessa``)."""
    return any(w.lower in ("ja", "sekä", "and") for w in words)


def _coordinated_parts(text: str, lang: str) -> list[str]:
    """The members of a coordinated label that are names on their own (two words or a long word)."""
    conjunction = r"\s+(?:ja|sekä)\s+" if lang == "fi" else r"\s+and\s+"
    pieces = [p.strip() for p in re.split(rf",|{conjunction}", text) if p.strip()]
    if len(pieces) < 2:
        return []
    return [p for p in pieces if len(re.findall(r"\w+", p)) >= 2]


def _is_pair(words: list[Word], lang: str) -> bool:
    """A label "A ja B" of two single words, which a memo may write in either order."""
    return len(words) == 3 and words[1].lower in ("ja", "and")


def _label_has_stop(label: str, between: str) -> bool:
    return bool(HARD_STOPS.search(between)) and HARD_STOPS.search(between).group() in label


def _contiguous(words: list[Word], kept: list[Word]) -> bool:
    first = words.index(kept[0])
    return words[first:first + len(kept)] == kept


def _eurovoc_labels() -> dict[str, list[str]]:
    data = yaml.safe_load(resources.files("eujgraph.extract").joinpath("lexicons/eurovoc.yaml").read_text("utf-8"))
    return {concept: labels.get("en", []) for concept, labels in (data.get("concepts") or {}).items()}


