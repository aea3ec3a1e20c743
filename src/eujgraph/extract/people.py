"""People a memo names and the offices they hold, each individual resolved to one person.

A name is a run of capitalised words (with particles such as ``von der``) that follows an
honorific (``Mr``, ``H.E.``, ``Baroness``), a title (``President``, ``pääministeri``,
``kauppakomissaari``) or an office, or that an office follows after a comma
(``Jean-Claude Juncker, President of the European Commission``). Offices are the reference
ones the gazetteer finds, else the words of the title with what qualifies it ("Prime
Minister of Australia", "Kiinan kansantasavallan presidentti"), proposed as new offices.

One person, many forms: an upper-case family name written first (``SUGA Yoshihide``) is
put last; a Finnish case ending on the last name (``Niinistön``, ``Xi Jinpingin``) is
taken off (the base form Voikko gives, else the form written elsewhere in the memo, else
the regular ending); a family name alone (``President Tusk``) is the person of that family
name named in full in the memo, else the one known to the reference data or the summit
history. The title cues are data (``people`` in ``lexicons/*.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .context import DraftContext, Sentence, ascii_fold, slug
from .gazetteer import Match
from .morphology import Word, governs_genitive

FINNISH_ENDINGS = ("issa", "issä", "ista", "istä", "ille", "illa", "illä", "ssa", "ssä", "sta", "stä",
                   "lla", "llä", "lta", "ltä", "lle", "ksi", "in", "na", "nä", "n")


@dataclass
class Mention:
    """A person named in the memo: where, the name as written, its office and the person it resolves to."""

    start: int
    end: int
    name: str
    family: str
    sentence: Sentence
    office: Match | None = None
    office_text: str | None = None
    office_span: tuple[int, int] | None = None
    person: str | None = None
    known: bool = False


def find_mentions(context: DraftContext) -> list[Mention]:
    """Every person named with an honorific, a title or an office, resolved to person ids."""
    mentions: list[Mention] = []
    for sentence in context.sentences:
        mentions += _sentence_mentions(context, sentence)
    _resolve(context, mentions)
    return mentions


def _sentence_mentions(context: DraftContext, sentence: Sentence) -> list[Mention]:
    words = context.words[sentence.first:sentence.last]
    found: list[Mention] = []
    taken: set[int] = set()
    people = context.lexicon.data.get("people") or {}
    i = 0
    while i < len(words):
        lead = _lead(context, words, i, people)
        if lead is None:
            i += 1
            continue
        kind, after = lead
        run = _name_run(context, words, after, people)
        if run is None and kind == "title" and context.lang == "en":
            run = _name_after_office(context, words, after, people)
        if run and run[0] not in taken:
            first, last = run
            mention = _mention(context, sentence, words, first, last)
            if kind == "title":
                _office_before(context, mention, words, i, first, people)
            elif kind == "honorific":
                _office_after(context, mention, words, last, people)
            found.append(mention)
            taken.update(range(first, last + 1))
            i = last + 1
            continue
        i += 1
    # "Jean-Claude Juncker, President of the European Commission": a name before an office.
    for i in range(len(words)):
        if i in taken:
            continue
        run = _name_run(context, words, i, people)
        if not run or (i > 0 and _is_name_word(context, words[i - 1], people)):
            continue
        first, last = run
        if last + 1 < len(words) and context.norm[words[last].end:words[last + 1].start].strip() == "," and \
                _title_at(context, words, last + 1, people):
            mention = _mention(context, sentence, words, first, last)
            _office_after(context, mention, words, last, people)
            if mention.office_text:
                found.append(mention)
                taken.update(range(first, last + 1))
    return found


def _name_after_office(context: DraftContext, words: list[Word], after: int, people: dict) -> tuple[int, int] | None:
    """The name after a title's "of …" ("President of the European Council Charles Michel",
    "the Prime Minister of Australia, Anthony Albanese"), unless an office of its own follows it."""
    if after >= len(words) or words[after].lower not in ("of", "for"):
        return None
    end = _office_tail(context, words, after - 1, people)
    acronym = re.match(r"\s*\([^()]{1,12}\)", context.norm[end:end + 16])  # "… Organization (NATO), Jens …"
    if acronym:
        end += acronym.end()
    k = next((n for n in range(after, len(words)) if words[n].start >= end), None)
    if k is None or context.norm[end:words[k].start].strip() not in ("", ","):
        return None
    run = _name_run(context, words, k, people)
    if run is None or _followed_by_title(context, words, k, people):
        return None
    return run


def _lead(context: DraftContext, words: list[Word], i: int, people: dict) -> tuple[str, int] | None:
    """("honorific" | "title", index of the word after it) when word ``i`` starts one."""
    word = words[i]
    honorifics = _people_words(people, "honorifics")
    j = i
    while j < len(words) and words[j].lower.rstrip(".") in honorifics:
        j += 1
        if j < len(words) and words[j].lower in ("e",) and words[j - 1].lower == "h":
            j += 1
    if j > i:
        return "honorific", j
    end = _title_at(context, words, i, people)
    if end is not None and (context.lang == "fi" or word.form[:1].isupper()):
        return "title", end
    return None


def _title_at(context: DraftContext, words: list[Word], i: int, people: dict) -> int | None:
    """The index after a title starting at word ``i`` ("Prime Minister", "Vice-President", "pääministeri")."""
    if i >= len(words):
        return None
    if context.lang == "fi":
        word = words[i]
        heads = people.get("titles", [])
        if any(lemma.endswith(head) for lemma in word.lemmas for head in heads):
            return i + 1
        return None
    first = words[i].lower
    first_s = first.rstrip("s")
    for parts in _people_words(people, "titles"):
        if parts and parts[0] != first and parts[0] != first_s:
            continue  # neither test below can hold
        if i + len(parts) <= len(words) and [w.lower for w in words[i:i + len(parts)]] == parts or \
                i + len(parts) <= len(words) and [w.lower.rstrip("s") for w in words[i:i + len(parts)]] == parts:
            end = i + len(parts)
            # "High Representative/Vice-President Mogherini": titles joined by a slash.
            if end < len(words) and context.norm[words[end - 1].end:words[end].start] == "/":
                return _title_at(context, words, end, people) or end
            return end
    return None


_PEOPLE_WORDS: dict[tuple[int, str], tuple[Any, Any]] = {}


def _people_words(people: dict, name: str):
    """``honorifics`` in lower case (a set), or ``titles`` as lists of lower-case words, longest
    first: worked out once per lexicon (``people`` is the lexicon's data, which does not change)."""
    texts = people.get(name, [])
    cached = _PEOPLE_WORDS.get((id(people), name))
    if cached is None or cached[0] is not texts:
        if name == "titles":
            value = [t.lower().split() for t in sorted(texts, key=lambda t: -len(t.split()))]
        else:
            value = {t.lower() for t in texts}
        cached = _PEOPLE_WORDS[(id(people), name)] = (texts, value)
    return cached[1]


def _is_name_word(context: DraftContext, word: Word, people: dict) -> bool:
    form = word.form
    if not form[:1].isupper() or form.lower() in {w.lower() for w in people.get("not_names", [])}:
        return False
    if context.covering(("organisations", "places", "offices", "documents", "instruments", "policy_areas"), word.start):
        return False
    return not (len(form) <= 5 and form.isupper() and context.lang == "en" and form in people.get("acronyms", []))


def _name_run(context: DraftContext, words: list[Word], i: int, people: dict) -> tuple[int, int] | None:
    """The words ``i``…``j`` of a personal name (2–5 words, or one family name), or None."""
    particles = set(people.get("particles", []))
    if i >= len(words) or not _is_name_word(context, words[i], people):
        return None
    if _title_at(context, words, i, people) is not None:
        return None
    j = i
    while j + 1 < len(words) and j - i < 4:
        gap = context.norm[words[j].end:words[j + 1].start]
        if gap not in (" ", "-", "‐"):
            break
        nxt = words[j + 1]
        if _is_name_word(context, nxt, people) and _title_at(context, words, j + 1, people) is None:
            j += 1
        elif nxt.lower in particles and j + 2 < len(words) and context.norm[nxt.end:words[j + 2].start] == " ":
            k = j + 2
            while k < len(words) and words[k].lower in particles:
                k += 1
            if k < len(words) and _is_name_word(context, words[k], people):
                j = k
            else:
                break
        else:
            break
    return i, j


def _mention(context: DraftContext, sentence: Sentence, words: list[Word], first: int, last: int) -> Mention:
    tokens = [w.form for w in words[first:last + 1]]
    tokens[-1] = re.sub(r"[’']s$", "", tokens[-1])
    text = context.norm[words[first].start:words[last].end]
    name_words = re.split(r"(\s+)", re.sub(r"[’']s$", "", text))
    family_first = [t for t in tokens if len(t) > 1 and t.isupper()]
    if family_first and len(family_first) < len(tokens):
        family = family_first[-1].capitalize()
        given = [t for t in tokens if t not in family_first]
        name = " ".join([*given, family])
    else:
        name = "".join(name_words)
        family = tokens[-1]
    if context.lang == "fi":
        title = words[first - 1] if first else None
        nxt = words[last + 1] if last + 1 < len(words) and \
            context.norm[words[last].end:words[last + 1].start] == " " else None
        inflected = (title is not None and title.lemmas[0] != title.lower) or \
            (nxt is not None and not nxt.form[:1].isupper() and governs_genitive(nxt.form))
        base = _nominative(context, words[last], family, inflected)
        if base != family:
            name = name[: len(name) - len(family)] + base if name.endswith(family) else name
            family = base
    family = family.capitalize() if family.isupper() else family
    return Mention(words[first].start, words[last].end, _titlecase(name), family, sentence)


def _titlecase(name: str) -> str:
    return " ".join(part.capitalize() if part.isupper() and len(part) > 1 else part for part in name.split(" "))


def _nominative(context: DraftContext, word: Word, form: str, inflected: bool) -> str:
    """A Finnish name without its case ending: Voikko's base form, else the form written elsewhere
    in the memo, else — where the words around it want a genitive (``inflected``: an inflected
    title before it, a noun or postposition after it) — the regular ending taken off
    ("Jinpingin" → "Jinping", "Trudeaun kanssa" → "Trudeau")."""
    for lemma in word.lemmas:
        if lemma != word.lower and form.lower().startswith(lemma[: max(3, len(lemma) - 2)]):
            return lemma.capitalize() if not lemma[:1].isupper() else lemma
    written = context.capitalised_forms()
    for ending in FINNISH_ENDINGS:
        stem = form[: -len(ending)]
        if form.endswith(ending) and len(stem) >= 3 and stem in written:
            return stem
    if not inflected:
        return form
    if form.endswith("in") and len(form) > 5 and form[-3] not in "aeiouyäö":
        return form[:-2]
    if form.endswith("n") and len(form) > 4 and form[-2] in "aeiouyäö":
        return form[:-1]
    return form


def _office_before(context: DraftContext, mention: Mention, words: list[Word], title: int, name: int,
                   people: dict) -> None:
    """The office of "President of the European Council Charles Michel", "Euroopan komission puheenjohtaja X"."""
    start = _office_start(context, words, title, people)
    end = words[name - 1].end
    gap = context.norm[end:words[name].start]
    if gap.strip() not in ("", ",", "),"):
        return
    if ")" in gap:  # "… Organization (NATO), Jens STOLTENBERG"
        end += gap.index(")") + 1
    _set_office(context, mention, start, end)


def _office_start(context: DraftContext, words: list[Word], title: int, people: dict) -> int:
    """Where the words qualifying a title start: "NATO Secretary General", "Euroopan komission
    puheenjohtaja", "kilpailukyvystä vastaava komission varapuheenjohtaja"."""
    start = words[title].start
    k = title - 1
    steps = 0
    while k >= 0 and steps < 4:
        gap = context.norm[words[k].end:words[k + 1].start]
        if gap not in (" ", "-"):
            break
        word = words[k]
        org = bool(context.covering("organisations", word.start))
        if context.lang == "fi":
            qualifies = org or word.lower == "vastaava" or (steps and words[k + 1].lower == "vastaava") or \
                (word.lower.endswith("n") and word.lemmas[0] != word.lower and not word.form[:1].isupper()
                 and word.lower not in ("on",)) or (word.form[:1].isupper() and word.lower.endswith("n"))
        else:
            qualifies = org or word.form in people.get("qualifiers", []) or \
                (word.form[:1].isupper() and word.lower in {q.lower() for q in people.get("qualifiers", [])})
        if not qualifies:
            break
        start = word.start
        k -= 1
        steps += 1
    return start


def _office_after(context: DraftContext, mention: Mention, words: list[Word], last: int, people: dict) -> None:
    """The office written after a name and a comma: ", Prime Minister of Japan", ", NATO Secretary General"."""
    k = last + 1
    if k >= len(words) or context.norm[words[last].end:words[k].start].strip() != ",":
        return
    title = k
    while title < len(words) and title - k < 3 and _title_at(context, words, title, people) is None:
        if not (words[title].form[:1].isupper() or words[title].lower in ("the",)):
            return
        title += 1
    end_title = _title_at(context, words, title, people)
    if end_title is None:
        return
    end = _office_tail(context, words, end_title - 1, people)
    _set_office(context, mention, words[k].start if words[k].lower != "the" else words[k + 1].start, end)


def _office_tail(context: DraftContext, words: list[Word], j: int, people: dict) -> int:
    """The end of "… of Economy, Trade and Industry of Japan": capitalised words and connectors after
    the title, through the first organisation named, not into the next name."""
    end = words[j].end
    connectors = {"of", "for", "the", "and", "on", "in", "&"}
    k = j + 1
    while k < len(words):
        gap = context.norm[words[k - 1].end:words[k].start].strip()
        word = words[k]
        if gap not in ("", ",", "/"):
            break
        if gap == "," and (not word.form[:1].isupper() or _lead(context, words, k, people)
                           or _name_run(context, words, k, people) and _followed_by_title(context, words, k, people)):
            break
        if word.lower in connectors:
            k += 1
            continue
        if not word.form[:1].isupper():
            break
        end = word.end
        org = next(iter(context.covering("organisations", word.start)), None)
        if org:
            end = max(end, org.end)
            while k + 1 < len(words) and words[k + 1].start < org.end:
                k += 1
            break
        k += 1
    return end


def _followed_by_title(context: DraftContext, words: list[Word], k: int, people: dict) -> bool:
    run = _name_run(context, words, k, people)
    if not run:
        return False
    nxt = run[1] + 1
    if nxt >= len(words) or context.norm[words[run[1]].end:words[nxt].start].strip() != ",":
        return False
    k = nxt + (words[nxt].lower == "the")
    while k < len(words) and k - nxt < 3 and _title_at(context, words, k, people) is None \
            and words[k].form[:1].isupper():
        k += 1
    end_title = _title_at(context, words, k, people)
    if end_title is None:
        return False
    # The office after the comma is this name's unless another name follows it.
    end = _office_tail(context, words, end_title - 1, people)
    after = next((n for n in range(end_title, len(words)) if words[n].start >= end), None)
    return after is None or context.norm[end:words[after].start].strip() not in ("", ",") or \
        _name_run(context, words, after, people) is None


def _set_office(context: DraftContext, mention: Mention, start: int, end: int) -> None:
    text = context.norm[start:end].strip(" ,")
    if not text:
        return
    offices = context.overlapping("offices", start, end)
    mention.office = max(offices, key=lambda m: (m.end - m.start, m.score)) if offices else None
    if mention.office is not None and mention.office.start < start:  # "korkea edustaja": the whole name
        start = mention.office.start
        text = context.norm[start:end].strip(" ,")
    mention.office_text = text
    mention.office_span = (start, end)


def _resolve(context: DraftContext, mentions: list[Mention]) -> None:
    """Give every mention its person id: a known person, the full name of a family name, or a proposal."""
    known = _known_people(context)
    full = {}
    for m in mentions:
        if " " in m.name or "-" in m.name:
            full.setdefault(_fold(m.family), m)
    for m in mentions:
        person = context.matches_in("persons", m.start, m.end) or \
            context.covering("persons", m.start)
        if person:
            m.person, m.known = person[0].id, True
            continue
        key = _fold(m.name)
        if key in known:
            m.person, m.known = known[key], True
            continue
        if " " not in m.name and _fold(m.family) in full and full[_fold(m.family)] is not m:
            other = full[_fold(m.family)]
            m.name = other.name
            key = _fold(m.name)
            if key in known:
                m.person, m.known = known[key], True
                continue
        families = {pid for name, pid in known.items() if name.split()[-1] == _fold(m.family)}
        if " " not in m.name and len(families) == 1:
            m.person, m.known = families.pop(), True
            continue
        m.person = slug(m.name)
    for m in mentions:
        if not m.known and m.person:
            context.propose("persons", m.person, {"name": m.name}, f"named at {m.start} ({m.name!r})")


def _known_people(context: DraftContext) -> dict[str, str]:
    """Folded names (and alternative names) of the known persons → their ids."""
    names: dict[str, str] = {}
    for pid, item in context.reference.section("persons").items():
        texts = [item.get("name") or ""]
        texts += [t for ts in (item.get("alt_labels") or {}).values() for t in ts]
        for text in texts:
            if text and _fold(text):
                names.setdefault(_fold(_titlecase(text)), pid)
                tokens = text.split()
                if len(tokens) == 2 and tokens[0].isupper():
                    names.setdefault(_fold(f"{tokens[1]} {tokens[0]}"), pid)
    return names


def _fold(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", ascii_fold(text).lower()))


def participations(context: DraftContext, mentions: list[Mention]) -> list[dict[str, Any]]:
    """One participation per person named with an office in a sentence about the event, in
    the title, or addressed by the speaker; the office is a known one or a proposal."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    people = context.lexicon.data.get("people") or {}
    offices_of: dict[str, Mention] = {}
    for m in mentions:
        if m.office_text and m.person not in offices_of:
            offices_of[m.person] = m
    for m in mentions:
        if m.person in seen or not _takes_part(context, m, people):
            continue
        with_office = m if m.office_text else offices_of.get(m.person)
        office, party = _office_and_party(context, m, with_office)
        if office is None:
            continue
        seen.add(m.person)
        span = (min(m.start, *(with_office.office_span if with_office is m and m.office_span else (m.start,))),
                max(m.end, *(with_office.office_span if with_office is m and m.office_span else (m.end,))))
        evidence = [context.quote_span(*span)]
        context.cited.append(evidence[0])
        how = "known person" if m.known else "proposed person"
        found.append({"person": m.person, "office": office, "party": party, "event": context.event_id,
                      "evidence": evidence,
                      "note": context.note(0.8 if m.known else 0.6, evidence[0],
                                           f"participant: name with a title or office ({how})")})
    return found


def _takes_part(context: DraftContext, m: Mention, people: dict) -> bool:
    before = context.norm[max(m.sentence.start, m.start - 40):m.start].lower()
    if any(re.search(rf"\b{re.escape(w)}\b", before) for w in people.get("not_in_office", [])):
        return False
    sentence = m.sentence
    cues = context.lexicon.find(context.words, "event", start=sentence.first, end=sentence.last)
    if any(h.value in ("participation", "held", "delegation", "summit", "meeting") for h in cues):
        return True
    first = context.body[0] if context.body else None
    if first is not None and sentence.index <= first.index + 1:
        return True
    return m.start == sentence.start and context.norm[m.end:m.end + 1] == ","


def _office_and_party(context: DraftContext, m: Mention, with_office: Mention | None) -> tuple[str | None, str]:
    """The office id (known, or proposed from the words of the title) and the party it is held for."""
    sentence = m.sentence
    office_match = with_office.office if with_office else None
    text = with_office.office_text if with_office else None
    qualifier = _organisation_in(context, with_office.office_span) if with_office and with_office.office_span else None
    if office_match is not None:
        own = context.sovereign(context.office_organisation(office_match.id))
        if qualifier and context.sovereign(qualifier) not in (own, None):
            office_match = None
        elif not qualifier and not context._names_organisation(office_match) and own not in context.parties \
                and m.person not in context.reference.holders(office_match.id):
            office_match = None  # a bare title of another party's office ("pääministeri" is not Japan's here)
    if office_match is not None:
        office = office_match.id
        org = context.office_organisation(office)
    elif text and qualifier is None and (by_title := _office_by_title(context, text)):
        office = by_title
        org = context.office_organisation(office)
    elif text:
        title = _office_label(context, text)
        org = qualifier or _nearest_party(context, sentence, m)
        office = slug(f"{title}-{org}" if org and not qualifier else title)
        if not context.reference.get("offices", office):
            label = context.text_label(title)
            context.propose("offices", office, {"label": label, **({"post_in": org} if org else {})},
                            f"the office of {m.name}, written {text!r}")
    else:
        return None, ""
    party = context.sovereign(org) or org or (context.parties[0] if context.parties else "unknown")
    for p in context.parties:
        if org and context.reference.party_of(org, [p]) == p:
            party = p
    return office, party


def _office_by_title(context: DraftContext, text: str) -> str | None:
    """The one office of the event's parties whose label (or alternative label) starts with a bare
    title ("President" → the President of Finland at a Japan–Finland meeting); None when several fit."""
    title = re.sub(r"^(?:the|The)\s+", "", text).lower()
    fits = set()
    for office_id, item in context.reference.section("offices").items():
        if (office_id and ("offices", office_id) in context.reference.known) or \
                context.sovereign(context.office_organisation(office_id)) not in context.parties:
            continue
        labels = list((item.get("label") or {}).values())
        labels += [t for ts in (item.get("alt_labels") or {}).values() for t in ts]
        if any(label.lower() == title or label.lower().startswith(title + " ") for label in labels):
            fits.add(office_id)
    return fits.pop() if len(fits) == 1 else None


def _office_label(context: DraftContext, text: str) -> str:
    """The office as a label: in Finnish the title (its last word) in the base form."""
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"\s*\([^()]*\)$", "", text)  # "… Organization (NATO)": the acronym is no part of it
    if context.lang == "fi":
        words = context.morphology_tokens(text)
        if words:
            last = words[-1]
            base = next((lemma for lemma in last.lemmas if lemma != last.lower), last.form)
            return text[:last.start] + base
    return text


def _organisation_in(context: DraftContext, span: tuple[int, int]) -> str | None:
    orgs = context.matches_in("organisations", *span)
    for org in orgs:
        sovereign = context.sovereign(org.id)
        if sovereign or context.reference.value("organisations", org.id, "type") == "international-organisation":
            return org.id if not sovereign or org.id == sovereign else org.id
    return None


def _nearest_party(context: DraftContext, sentence: Sentence, m: Mention) -> str | None:
    """Whose office a bare title is: the state or organisation named last before it in the sentence,
    else the memo's own side (an unqualified "pääministeri" in a Finnish text is Finland's), else the
    first party."""
    orgs = [o for o in context.matches_in("organisations", sentence.start, sentence.end)
            if context.sovereign(o.id) or context.reference.value("organisations", o.id, "type")
            == "international-organisation"]
    before = [o for o in orgs if o.end <= m.start]
    if before:
        return before[-1].id
    home = (context.lexicon.data.get("people") or {}).get("home_party")
    if home and context.reference.get("organisations", home):
        return home
    return context.parties[0] if context.parties else (orgs[0].id if orgs else None)
