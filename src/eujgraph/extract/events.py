"""The event a memo reports, with its side events and documents issued.

The main event is the sentence with the strongest evidence of one (an event noun, a
held/met verb, a date, a place, an ordinal, two parties); its id holds parties, kind and
date unless the graph already has it. Side events are visits to a known place; documents
issued pair an issue verb with a document noun. Places and documents the reference data
lacks are proposed; participants are found in :mod:`eujgraph.extract.people`. The rules:
``docs/extract.md``.
"""

from __future__ import annotations

import re
from typing import Any

from ..drafts import placeholder_label
from .context import DraftContext, Sentence, slug
from .gazetteer import Match
from .lexicon import Hit

ORDINAL = {"fi": re.compile(r"\b(\d{1,3})(?::s|\.)(?=\s)"), "en": re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\b", re.I)}


def find_event(context: DraftContext) -> tuple[str, dict[str, Any]] | None:
    """The main event's id and item, or None; its evidence is marked cited and its ordinal kept.

    A fact the event sentence leaves out (date, place) comes from the memo's dateline: a
    short line before it ("Beijing 16. heinäkuuta 2018"). The id holds the parties, the
    kind and the date (``eu-china-summit-2020-06-22``) unless the graph already has the event.
    """
    best, best_score = None, 0.0
    for sentence in context.body:
        score, facts = _event_facts(context, sentence)
        if score > best_score:
            best, best_score = (sentence, facts), score
    if best is None or best_score < 3.5 or (best_score < 4 and len(best[1]["parties"]) < 2):
        return None
    sentence, facts = best
    facts["start"] = sentence.start
    facts["parties"] += [p for p in _taking_part(context, sentence) if p not in facts["parties"]]
    if not facts["parties"]:
        return None
    dateline = _dateline(context, sentence)
    if facts["date"] is None and dateline.get("date"):
        facts["date"] = dateline["date"]
    if facts["place"] is None and dateline.get("place"):
        facts["place"] = dateline["place"]
    if facts["place"] is None:
        facts["place"] = _propose_place(context, sentence)
    title = context.title_span()
    start = title[1] if title and title[0] == sentence.start and title[1] < sentence.end - 20 else sentence.start
    evidence = [context.quote_span(start, sentence.end)]
    for other in context.body:
        if other is not sentence and facts.get("date") and _dates(context, other) == [facts["date"]] \
                and other.last - other.first <= 6:
            evidence.append(context.quote_span(other.start, other.end))
    context.cited += evidence
    context.event_ordinal = facts.get("ordinal")
    kind = facts["type"]
    event_id, existing = _event_id(context, facts)
    item: dict[str, Any] = {"type": kind, "label": _event_label(context, facts)}
    for key in ("ordinal", "date", "place"):
        if facts.get(key) is not None:
            item[key] = facts[key]
    item["parties"] = facts["parties"]
    item["evidence"] = evidence
    rule = f"{kind}: event noun/verb with date, place and parties"
    if existing:
        rule += f"; the graph already has this event ({existing}): keep its id"
    item["note"] = context.note(0.9 if facts.get("date") and facts.get("place") else 0.7, evidence[0], rule)
    return event_id, item


def with_parties(context: DraftContext, event: tuple[str, dict[str, Any]],
                 parties: list[str]) -> tuple[str, dict[str, Any]]:
    """The event with more parties (its participants' sides): its label, and its id unless the graph has it."""
    event_id, item = event
    added = [p for p in parties if p not in item["parties"]]
    if not added:
        return event
    item["parties"] += added
    facts = {"type": item["type"], "parties": item["parties"], "date": item.get("date"),
             "ordinal": item.get("ordinal"), "start": item["evidence"][0][0]}
    item["label"] = _event_label(context, facts)
    new_id, existing = _event_id(context, facts)
    if event_id in context.reference.events and not existing:
        return event_id, item
    return new_id, item


def _event_id(context: DraftContext, facts: dict[str, Any]) -> tuple[str, str | None]:
    """The id of the event already in the graph (and where it is), else parties, kind and date."""
    existing = context.reference.existing_event(facts["parties"], facts.get("date"), facts.get("ordinal"))
    if existing:
        where = context.reference.events[existing].get("where") or "graph/history"
        return existing, where
    when = facts.get("date") or (f"{facts['ordinal']}" if facts.get("ordinal") else None)
    if when is None:
        day = next((d for d in context.dates if d.start >= facts.get("start", 0) and d.iso is None), None)
        when = f"undated-{day.month:02d}-{day.day:02d}" if day else "undated"
    parties = [context.short_id(p) for p in facts["parties"][:3]]
    return slug("-".join([*parties, facts["type"], when])), None


def _dateline(context: DraftContext, event: Sentence) -> dict[str, Any]:
    """The date and place of the short lines before the event sentence (a dateline or title)."""
    found: dict[str, Any] = {}
    for sentence in context.body:
        if sentence.start >= event.start:
            break
        if sentence.last - sentence.first > 12:
            continue
        dates = _dates(context, sentence)
        places = context.matches_in("places", sentence.start, sentence.end)
        if dates and "date" not in found:
            found["date"] = dates[0]
        if places and dates and "place" not in found:
            found["place"] = places[0].id
    return found


def mentioned_parties(context: DraftContext) -> list[str]:
    """Without an event: the two states or unions the memo names most often."""
    counts: dict[str, int] = {}
    for match in context.matches:
        if match.section == "organisations":
            sovereign = context.sovereign(match.id)
            if sovereign:
                counts[sovereign] = counts.get(sovereign, 0) + 1
    return sorted(counts, key=lambda org: -counts[org])[:2]


def find_side_events(context: DraftContext, participations: list[dict[str, Any]],
                     main_span: tuple[int, int]) -> list[tuple[str, dict[str, Any]]]:
    """Visits to a known place, in sentences other than the main event's (``main_span``)."""
    found = []
    for sentence in context.body:
        hits = context.lexicon.find(context.words, "event", start=sentence.first, end=sentence.last)
        if not any(h.value == "visit" for h in hits):
            continue
        span = context.quote_span(sentence.start, sentence.end)
        if span[0] <= main_span[0] < span[1]:
            continue
        places = context.matches_in("places", sentence.start, sentence.end)
        if not places:
            continue
        parties = [context.sovereign(m.id) for m in context.matches_in("organisations", sentence.start, sentence.end)]
        parties = [p for p in dict.fromkeys(parties) if p]
        if not parties and any(h.value == "delegation" for h in hits):
            earlier = [p for p in participations if p["evidence"][0][0] < sentence.start]
            parties = [earlier[-1]["party"]] if earlier else context.parties[:1]
        parties = parties or list(context.parties)
        place = places[0].id
        context.cited.append(span)
        side_id = f"{context.event_id}-visit-{place}"
        label_en = f"{'–'.join(context.short_label(p, 'en') for p in parties)} visit to " \
                   f"{context.reference.label('places', place, 'en')}"
        label_fi = f"{'–'.join(context.short_label(p, 'fi') for p in parties)}-vierailu: " \
                   f"{context.reference.label('places', place, 'fi')}"
        found.append((side_id, {"type": "side-event", "label": {"en": label_en, "fi": label_fi},
                                "side_event_of": context.event_id, "place": place, "parties": parties,
                                "evidence": [span],
                                "note": context.note(0.8, span, "side event: visit cue with a place")}))
    return found


def find_documents_issued(context: DraftContext) -> list[dict[str, Any]]:
    """Documents issued at the event: an issue verb with a document noun near it."""
    found, seen = [], set()
    for sentence in context.body:
        issued = context.lexicon.find(context.words, "documents", start=sentence.first, end=sentence.last)
        nouns = context.lexicon.find(context.words, "documents.nouns", start=sentence.first, end=sentence.last)
        if not issued or not nouns:
            continue
        pair = _issue_pair(issued, nouns)
        if pair is None:
            continue
        verb, noun = pair
        document = _document_for(context, sentence, noun)
        if document is None or document in seen:
            continue
        seen.add(document)
        start = _clause_start(context, sentence, min(verb.first, noun.first))
        noun_end = context.words[noun.last].end
        named = [m for m in context.matches_in("documents", sentence.start, sentence.end)
                 if m.start >= start and m.start <= noun_end]
        end = max(noun_end, *(m.end for m in named)) if named else noun_end
        span = context.quote_span(start, end)
        context.cited.append(span)
        found.append({"document": document, "event": context.event_id, "evidence": [span],
                      "note": context.note(0.85, span, "document: issue verb with a document noun")})
    return found


def _event_facts(context: DraftContext, sentence: Sentence) -> tuple[float, dict[str, Any]]:
    hits = context.lexicon.find(context.words, "event", start=sentence.first, end=sentence.last)
    values = {h.value for h in hits}
    dates = _dates(context, sentence)
    places = context.matches_in("places", sentence.start, sentence.end)
    summit = "summit" in values
    day_month = any(d.iso is None for d in context.dates_in(sentence.start, sentence.end))
    score = 2.0 * summit + 1.5 * ("meeting" in values) + 2.0 * ("held" in values) + 2.0 * bool(dates) \
        + 1.0 * day_month + 1.0 * bool(places)
    ordinal = _ordinal(context, sentence) if summit else None
    score += 1.0 * (ordinal is not None)
    parties = _event_parties(context, sentence, hits)
    score += 1.0 * (len(parties) >= 2)
    if "visit" in values and not summit and "meeting" not in values:
        score -= 2
    return score, {"type": "summit" if summit else "meeting", "ordinal": ordinal,
                   "date": dates[0] if dates else None, "place": places[0].id if places else None,
                   "parties": parties}


def _event_parties(context: DraftContext, sentence: Sentence, hits: list[Hit]) -> list[str]:
    """The states and unions a sentence names (also through an office), and an international
    organisation named with the event noun ("NATO summit", "Naton huippukokous") or through an office.

    A state named right after a place is where the place lies, not a party ("Bali, Indonesia").
    """
    parties: list[str] = []
    places = context.matches_in("places", sentence.start, sentence.end)
    nouns = [context.words[h.first] for h in hits if h.value in ("summit", "meeting")]
    for match in context.matches_in(("organisations", "offices"), sentence.start, sentence.end):
        if match.section == "organisations":
            if any(0 <= match.start - p.end <= 3 for p in places):
                continue
            org = context.sovereign(match.id)
            if org is None and context.reference.value("organisations", match.id, "type") == \
                    "international-organisation" and (any(0 <= w.start - match.end <= 2 or 0 <= match.start - w.end <= 2
                                                          for w in nouns) or _after_title(context, match)):
                org = match.id
        else:
            if not context._names_organisation(match) and not context.holds_office(match):
                continue  # a bare title ("pääministeri") says nothing of whose office it is
            post = context.office_organisation(match.id)
            org = context.sovereign(post) or post
        if org and org not in parties:
            parties.append(org)
    return parties


def _after_title(context: DraftContext, match: Match) -> bool:
    """An organisation named as the post of a title: "Secretary General of the North Atlantic Treaty
    Organization", "Naton pääsihteeri"."""
    titles = (context.lexicon.data.get("people") or {}).get("titles", [])
    if context.lang == "en":
        before = context.norm[max(0, match.start - 60):match.start]
        return any(re.search(rf"\b{re.escape(t)}\s+(?:of|for)\s+(?:the\s+)?$", before) for t in titles)
    after = context.morphology_tokens(context.norm[match.end:match.end + 30])
    return bool(after) and any(lemma.endswith(tuple(titles)) for lemma in after[0].lemmas)


def _taking_part(context: DraftContext, event: Sentence) -> list[str]:
    """The states and unions of sentences saying who takes part in the meeting ("ASEM-kokoukseen osallistuu
    EU:n 15 jäsenmaata … sekä Aasiasta Japani, Kiina …")."""
    found: list[str] = []
    for sentence in context.body:
        if sentence is event:
            continue
        hits = context.lexicon.find(context.words, "event", start=sentence.first, end=sentence.last)
        values = {h.value for h in hits}
        if "participation" in values and values & {"summit", "meeting"}:
            for org in _event_parties(context, sentence, hits):
                if org not in found:
                    found.append(org)
    return found


def _dates(context: DraftContext, sentence: Sentence) -> list[str]:
    """The dates written in a sentence (ISO), the year filled in from the memo where it is left out."""
    return list(dict.fromkeys(d.iso for d in context.dates_in(sentence.start, sentence.end) if d.iso))


def _ordinal(context: DraftContext, sentence: Sentence) -> int | None:
    chunk = context.norm[sentence.start:sentence.end]
    for match in ORDINAL[context.lang].finditer(chunk):
        at = sentence.start + match.start()
        if not context.dates_covering(at):
            value = int(match.group(1))
            if 0 < value < 500:
                return value
    return None


def _propose_place(context: DraftContext, sentence: Sentence) -> str | None:
    chunk = context.norm[sentence.start:sentence.end]
    if context.lang == "en":
        found = re.search(r"\b(?:in|at)\s+([A-Z][a-zà-ÿ]+(?:\s[A-Z][a-zà-ÿ]+)?)", chunk)
        name = found.group(1) if found else None
    else:
        found = next((w for w in context.words[sentence.first + 1:sentence.last]
                      if w.form[:1].isupper() and re.search(r"(?:ssa|ssä)$", w.form)
                      and not any(m.start <= w.start < m.end for m in context.matches)), None)
        name = found.lemmas[0].capitalize() if found and found.lemmas[0] != found.lower else None
        name = name if name and len(name) >= 3 else None
    if not name or any(m.section in ("organisations", "places") and context.norm[m.start:m.end] == name
                       for m in context.matches) or name.lower() in context.lexicon.data.get("not_places", []):
        return None
    place_id = slug(name)
    context.propose("places", place_id, {"label": context.text_label(name)},
                    f"the place of the event, named {name!r}")
    return place_id


def _event_label(context: DraftContext, facts: dict[str, Any]) -> dict[str, str]:
    en_names = "–".join(context.short_label(p, "en") for p in facts["parties"])
    fi_names = "–".join(context.short_label(p, "fi") for p in facts["parties"])
    ordinal = facts.get("ordinal")
    if facts["type"] == "summit":
        en = f"{_english_ordinal(ordinal) + ' ' if ordinal else ''}{en_names} summit"
        fi = f"{str(ordinal) + '. ' if ordinal else ''}{fi_names}-huippukokous"
    else:
        date = facts.get("date") or ""
        en = f"{en_names} meeting{' on ' + date if date else ''}"
        fi = f"{fi_names}-tapaaminen{' ' + date if date else ''}"
    return {"en": en, "fi": fi}


def _issue_pair(issued: list[Hit], nouns: list[Hit]) -> tuple[Hit, Hit] | None:
    """An issue verb and its document noun: the first noun after the verb, else one just before it."""
    for verb in issued:
        after = [n for n in nouns if 0 < n.first - verb.last <= 6]
        before = [n for n in nouns if 0 < verb.first - n.last <= 4]
        if after or before:
            return verb, (after[0] if after else before[-1])
    return None


def _clause_start(context: DraftContext, sentence: Sentence, word: int) -> int:
    start = sentence.start
    for comma in re.finditer(r",\s+(?:and\s+)?", context.norm[sentence.start:context.words[word].start]):
        if re.match(r",\s+and\s+", comma.group()):
            start = sentence.start + comma.end()
    return start


def _document_for(context: DraftContext, sentence: Sentence, noun: Hit) -> str | None:
    """The document a noun names: a reference document, the event's one of that type, else a proposal."""
    at = context.words[noun.first].start
    named = [m for m in context.matches_in("documents", sentence.start, sentence.end) if m.start <= at < m.end]
    if named:
        return named[0].id
    kind = noun.value
    ordinal = context.event_ordinal
    candidates = []
    for doc_id, item in context.reference.section("documents").items():
        if item.get("type") != kind:
            continue
        issuers = [r.id for r in item.get("issued_by") or []]
        if issuers and set(issuers) != set(context.parties):
            continue
        labels = " ".join((item.get("label") or {}).values())
        score = 1.0 + (2.0 if ordinal and re.search(rf"\b{ordinal}(?:th|st|nd|rd|\.)", labels) else 0.0)
        candidates.append((score, doc_id))
    candidates.sort(reverse=True)
    if candidates and (len(candidates) == 1 or candidates[0][0] > candidates[1][0]):
        return candidates[0][1]
    year = context.event_id.rsplit("-", 1)[-1] if context.event_id else "undated"
    doc_id = slug(f"{context.event_id or 'event'}-{kind}")
    nouns = {"joint-statement": ("Joint statement", "Yhteinen julkilausuma"), "document": ("Document", "Asiakirja")}
    en, fi = nouns.get(kind, (kind.replace("-", " ").capitalize(), None))
    names = {"en": f"{en} ({year})", "fi": f"{fi} ({year})" if fi else placeholder_label("fi", f"{en} ({year})")}
    context.propose("documents", doc_id, {"type": kind, "label": names, "issued_by": list(context.parties)},
                    "a document issued at the event")
    return doc_id


def _english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
