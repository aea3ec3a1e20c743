"""Commitments in a clause: its regions and items, with kind, status, instruments and areas.

A commitment clause is cut into regions at status cues (``deepen``, ``continue``,
``launch``…); a region's items are its coordinated verb phrases, else the members of a
list that each name a policy area or instrument, else the whole region. Each item
becomes a :class:`~eujgraph.extract.context.Claim` whose kind, status, instruments and
areas follow the rules of ``docs/extract.md``; an instrument named only by its head
word (``dialogin``, ``alliance``) is a known one of that type and area, or a proposal.
"""

from __future__ import annotations

import re

from .context import Claim, Clause, DraftContext, slug
from .gazetteer import Match
from .lexicon import Hit, Lexicon

NOMINALISATION = re.compile(r"\w+(?:a|ä)mi(?:nen|s\w+)$")

CommitmentItem = tuple[int, int, list[Match]]


def find_commitments(context: DraftContext, clause: Clause, cues: list[Hit], truncated: bool,
                     restated: bool = False) -> list[Claim]:
    """The commitments of a clause with commitment ``cues``; ``truncated`` drops a final item naming nothing;
    ``restated`` makes them reaffirmed (the clause restates a promise)."""
    words = context.words
    status_hits = [h for h in cues if h.group == "commitment.status"]
    frames = [h for h in cues if h.group == "commitment.frames"]
    regions: list[tuple[int, int, str, Hit | None]] = []
    for n, hit in enumerate(status_hits):
        first = clause.first if n == 0 else hit.first
        last = status_hits[n + 1].first if n + 1 < len(status_hits) else clause.last
        if regions and regions[-1][2] == hit.value:
            regions[-1] = (regions[-1][0], last, hit.value, regions[-1][3])
        else:
            regions.append((first, last, hit.value, hit))
    if not regions:
        default = frames[0].value if frames else "continued"
        regions.append((clause.first, clause.last, default, frames[0] if frames else None))
    reaffirmed = restated or bool(reaffirm_hits(context, clause)) or any(f.value == "reaffirmed" for f in frames)
    claims: list[Claim] = []
    clause_areas = areas_of(context, context.matches_in("policy_areas", clause.start, clause.end))
    principle = context.lexicon.data.get("principle_branch") or "international-order"
    default_kind, kind_cued = _kind(context, clause, clause_areas, principle)
    produced = False
    for n, (first, last, status, hit) in enumerate(regions):
        start = words[first].start if n else clause.start
        end = words[last - 1].end if last < clause.last else clause.end
        items = _items(context, start, end)
        if n == len(regions) - 1 and truncated and items and not items[-1][2]:
            items = items[:-1]
        lead_start = start if produced else clause.start
        lead_end = _lead_end(context, cues, items, lead_start)
        for k, (item_start, item_end, matches) in enumerate(items):
            instruments = instruments_of(context, matches, clause)
            heads = _instrument_heads(context, item_start, item_end)
            if not instruments and heads and status == "new":
                instruments = _instrument_from_head(context, heads[0], clause)
            areas = areas_of(context, matches, instruments)
            if not matches and not heads and (len(items) > 1 or len(regions) > 1):
                continue  # one of several items naming nothing: a fragment of the list, not a claim
            kind = "initiative" if status == "new" and instruments else default_kind
            item_status = status
            if reaffirmed or (kind == "principle" and status in ("continued", "deepened")):
                item_status = "reaffirmed" if status != "new" else status
            if not areas and kind == "cooperation":
                fallback = context.lexicon.data.get("fallback_area") or "bilateral-relations"
                if context.reference.get("policy_areas", fallback):
                    areas = [fallback]
            spans = []
            if k == 0 or lead_end is None:
                first_start = lead_start if k == 0 else item_start
                spans.append(context.quote_span(context.trim_start(first_start, item_end), item_end))
            else:
                spans.append(context.quote_span(lead_start, lead_end))
                spans.append(context.quote_span(context.trim_start(item_start, item_end), item_end))
            produced = True
            concerns = [m.id for m in matches if m.section == "organisations"]
            concerns = [c for c in dict.fromkeys(concerns) if c not in context.parties]
            score = min([m.score for m in matches if m.section in ("policy_areas", "instruments")] or [0.6])
            confidence = round(0.9 * score * (0.9 if _party_or_passive(clause) else 0.75), 2)
            claims.append(Claim("commitments", spans, confidence,
                                f"commitment: {(hit.cue.text if hit else 'frame')} → {item_status}",
                                clause.sentence.index, kind=kind, status=item_status,
                                parties=list(context.parties) or [p for p in clause.subject or []],
                                areas=areas, instruments=instruments, concerns=concerns,
                                text=context.norm[item_start:item_end]))
    if not claims and regions and (not truncated or clause.last - clause.first >= 6):
        # Every item named nothing: the clause as a whole is the commitment ("We agreed to work together to …").
        status = regions[0][2]
        if reaffirmed and status != "new":
            status = "reaffirmed"
        span = context.quote_span(context.trim_start(clause.start, clause.end), clause.end)
        fallback = context.lexicon.data.get("fallback_area") or "bilateral-relations"
        areas = [fallback] if default_kind == "cooperation" and context.reference.get("policy_areas", fallback) else []
        hit = regions[0][3]
        claims.append(Claim("commitments", [span], 0.5, f"commitment: {hit.cue.text if hit else 'frame'} → {status} "
                            "(the whole clause)", clause.sentence.index, kind=default_kind, status=status,
                            parties=list(context.parties) or list(clause.subject or []), areas=areas,
                            text=context.norm[span[0]:span[1]]))
    return claims


def reaffirm_hits(context: DraftContext, clause: Clause) -> list[Hit]:
    """The restatement markers of a clause (``reaffirm``, ``reiterate``, ``uudelleen``)."""
    return [h for h in context.lexicon.find(context.words, "commitment", start=clause.first, end=clause.last)
            if h.value == "reaffirm"]


def areas_of(context: DraftContext, matches: list[Match], instruments: list[str] | None = None) -> list[str]:
    """The policy areas named in ``matches``, then those of ``instruments``, without repeats."""
    areas = [m.id for m in matches if m.section == "policy_areas"]
    for instrument in instruments or []:
        areas += context.reference.refs("instruments", instrument, "areas")
    return list(dict.fromkeys(areas))


def instruments_of(context: DraftContext, matches: list[Match], clause: Clause) -> list[str]:
    """The instruments named in ``matches``; of several with one name, the one whose parties are named nearest."""
    found: list[str] = []
    by_span: dict[tuple[int, int], list[Match]] = {}
    for m in matches:
        if m.section == "instruments":
            by_span.setdefault((m.start, m.end), []).append(m)
    for (start, end), group in by_span.items():
        if len(group) == 1:
            found.append(group[0].id)
            continue
        near = _nearby_parties(context, start, end, clause)
        found.append(max(group, key=lambda m: (_party_fit(context, m.id, near), m.score)).id)
    return list(dict.fromkeys(found))


def _party_fit(context: DraftContext, instrument: str, near: set[str]) -> int:
    """How many of an instrument's parties are ``near``, less how many are not."""
    parties = set(context.reference.refs("instruments", instrument, "parties"))
    return len(parties & near) - len(parties - near)


def _party_or_passive(clause: Clause) -> bool:
    return bool(clause.subject) or clause.subject is None


def _lead_end(context: DraftContext, cues: list[Hit], items: list[CommitmentItem], start: int) -> int | None:
    """End of the words that govern every item (subject and verb), before the first item's first name."""
    if not items:
        return None
    named = [m.start for m in items[0][2] if m.section in ("policy_areas", "instruments")]
    first_name = min(named) if named else items[0][1]
    ends = [context.words[h.last].end for h in cues if start <= context.words[h.first].start
            and context.words[h.last].end <= first_name]
    return max(ends) if ends else None


def _kind(context: DraftContext, clause: Clause, areas: list[str], principle: str) -> tuple[str, bool]:
    """The clause's commitment kind, and whether a cue or a principle area (not the default) gave it."""
    hits = context.lexicon.find(context.words, "commitment", start=clause.first, end=clause.last)
    values = {h.value for h in hits}
    if "support" in values:
        return "support", True
    if "cooperation" in values:
        return "cooperation", True
    if any(area == principle or principle in context.reference.broader(area) for area in areas):
        return "principle", True
    return "cooperation", False


def _items(context: DraftContext, start: int, end: int) -> list[CommitmentItem]:
    """The items of a commitment region: coordinated verbs, or a list of policy areas and instruments."""
    matches = context.matches_in(("policy_areas", "instruments", "organisations"), start, end)
    verbs = _coordinated_verbs(context, start, end)
    if len(verbs) >= 2:
        spans = [(a, b) for a, b in zip(verbs, [*verbs[1:], end])]
        spans[0] = (start, spans[0][1])
        return [(a, context.trim_end(a, b), [m for m in matches if a <= m.start and m.end <= b]) for a, b in spans]
    listed = _list_members(context, start, end, matches)
    if listed:
        return listed
    return [(start, context.trim_end(start, end), matches)]


def _coordinated_verbs(context: DraftContext, start: int, end: int) -> list[int]:
    """Starts of coordinated verb phrases ("to promote X, ensure Y"; "A:n jatkamiseen sekä B:n edistämiseen")."""
    first, last = context.word_range(start, end)
    words = context.words[first:last]
    if context.lang == "fi":
        nouns = [n for n, w in enumerate(words) if NOMINALISATION.match(w.lower)]
        if len(nouns) < 2:
            return []
        starts = [start]
        for a, b in zip(nouns, nouns[1:]):
            sep = next((w for w in words[a + 1:b + 1] if w.lower in ("ja", "sekä", "tai")), None)
            comma = context.norm.find(",", words[a].end, words[b].start)
            if sep is None and comma == -1:
                return []
            starts.append(min(x for x in [sep.start if sep else None, comma + 1 if comma != -1 else None]
                              if x is not None))
        return starts
    starts = []
    actions = set(context.lexicon.words("action_verbs"))
    for n, w in enumerate(words[1:], start=1):
        if not actions & {w.lower, *w.lemmas}:
            continue
        before = context.norm[words[n - 1].end:w.start]
        prev = words[n - 1].lower
        lead = n - 1
        if prev == "to":
            before = context.norm[words[n - 2].end:words[n - 1].start] if n >= 2 else ""
            prev = words[n - 2].lower if n >= 2 else ""
            lead = n - 2
        if ("," in before or prev in ("and", "or")) and lead >= 1:
            starts.append(words[lead + 1].start)
    starts = [s for s in starts if s > start]
    if not starts:
        return []
    return [start, *starts]


def _list_members(context: DraftContext, start: int, end: int, matches: list[Match]) -> list[CommitmentItem]:
    """A list whose every member names a policy area or an instrument: one item per member."""
    named = [m for m in matches if m.section in ("policy_areas", "instruments")]
    if len(named) < 2:
        return []
    intro = context.cue_hits_starting("list_intro", start, end)
    list_start = context.words[intro[-1].last].end if intro else start
    members = _split_list(context, list_start, end, [m for m in matches if m.start >= list_start])
    if len(members) < 2:
        return []
    out = []
    for a, b in members:
        inside = [m for m in named if a <= m.start and m.end <= b]
        if not inside:
            return []
        orgs = [m for m in matches if m.section == "organisations" and a <= m.start and m.end <= b]
        for group in _ellipsis_groups(inside):
            out.append((a, b, group + orgs))
    return out


def _split_list(context: DraftContext, start: int, end: int, matches: list[Match]) -> list[tuple[int, int]]:
    """The members of a list: cut at commas and at its last conjunction, never inside a name."""
    def inside(pos: int) -> bool:
        return any(m.start <= pos < m.end for m in matches)

    chunk = context.norm[start:end]
    conjunctions = [m for m in re.finditer(r"\s(ja|sekä|and|or|tai)\s", chunk) if not inside(start + m.start() + 1)]
    final = conjunctions[-1] if conjunctions else None
    cuts = []
    for comma in re.finditer(r",", chunk):
        if not inside(start + comma.start()) and (final is None or comma.start() < final.start()):
            cuts.append((comma.start(), comma.end()))
    if final is not None and not re.search(r",", chunk[final.end():]):
        cuts.append((final.start(), final.end()))
    members, position = [], 0
    for a, b in sorted(cuts):
        members.append((start + position, start + a))
        position = b
    members.append((start + position, end))
    return [(a, context.trim_end(a, b)) for a, b in members if context.norm[a:b].strip(" .,")]


def _ellipsis_groups(matches: list[Match]) -> list[list[Match]]:
    """Matches sharing words ("merenkulun ja avaruuden turvallisuudessa") are items of their own."""
    if len(matches) < 2:
        return [matches]
    overlapping = any(a.overlaps(b) and a.id != b.id for a in matches for b in matches if a is not b)
    if not overlapping:
        return [matches]
    groups: list[list[Match]] = []
    for match in matches:
        if match.section == "policy_areas":
            groups.append([match])
    return groups or [matches]


def _nearby_parties(context: DraftContext, start: int, end: int, clause: Clause) -> set[str]:
    """Organisations written nearest around a span (its own words first, then the clause)."""
    near = [m for m in context.matches_in("organisations", clause.start, clause.end)
            if 0 <= start - m.end <= 25 or 0 <= m.start - end <= 20]
    if not near:
        return set(context.parties)
    return {context.sovereign(m.id) or m.id for m in near}


def _instrument_heads(context: DraftContext, start: int, end: int) -> list[Hit]:
    """Head words of instrument names (``dialogin``, ``alliance``) within characters ``start``–``end``."""
    hits = []
    first, last = context.word_range(start, end)
    for i in range(first, last):
        word = context.words[i]
        for cue in context.lexicon.cues.get("instrument_heads", []):
            alts = cue.patterns[-1]
            if any(alt in word.lemmas or (len(word.parts) > 1 and word.parts[-1] == alt) or
                   (len(alt) > 4 and word.lemmas[0].endswith(alt)) for alt in alts):
                hits.append(Hit("instrument_heads", cue.value, i, i, cue))
                break
    return hits


def _instrument_from_head(context: DraftContext, head: Hit, clause: Clause) -> list[str]:
    """A new instrument named by its head word: a known one of that type and area, else a proposal."""
    areas = areas_of(context, context.matches_in("policy_areas", clause.start, clause.end))
    for instrument_id, item in context.reference.section("instruments").items():
        if item.get("type") != head.value:
            continue
        if set(context.reference.refs("instruments", instrument_id, "areas")) & set(areas) and \
                set(context.reference.refs("instruments", instrument_id, "parties")) <= set(context.parties or []):
            return [instrument_id]
    word = context.words[head.first]
    if word.lemmas[0] in head.cue.patterns[-1]:
        # A bare head ("a new dialogue on space security") names its instrument by its area.
        if not areas:
            return []
        name = f"{areas[0]}-{head.value}"
        heads = {lang: Lexicon.load(lang).data["instrument_heads"][head.value][0] for lang in ("en", "fi")}
        label = {"en": f"{context.reference.label('policy_areas', areas[0], 'en')} {heads['en']}",
                 "fi": f"{context.reference.label('policy_areas', areas[0], 'fi')} -{heads['fi']}"}
    else:
        name = word.lemmas[0]
        label = context.text_label(name)
    instrument_id = slug("-".join([*(context.short_id(p) for p in context.parties), name]))
    context.propose("instruments", instrument_id, {
        "type": head.value, "label": label, "parties": list(context.parties),
        **({"areas": areas} if areas else {})}, f"named by {word.form!r}")
    return [instrument_id]
