"""Claims, sentence by sentence: commitments, positions and assessments in clauses.

Headings, paragraph numbers and sentences already cited for the event are skipped;
every other sentence is cut into clauses (English ones at ``and`` before a cue verb or a
subject, at a participle stance cue and at relative pronouns), each with the parties its
subject stands for. A clause with a commitment cue gives commitments
(:mod:`eujgraph.extract.commitments`); one with an evaluative cue or a perspective, an
assessment; one with a stance cue or a party subject (or any clause of a joint
statement), a position. The same claim stated twice becomes one with two quotes.
The rules: ``docs/extract.md``.
"""

from __future__ import annotations

import re

from .commitments import areas_of, find_commitments, instruments_of, reaffirm_hits
from .context import Claim, Clause, DraftContext, Sentence
from .gazetteer import Match

DETERMINERS = frozenset({"the", "a", "an", "its", "their", "our", "this", "these"})
# Finite verbs after an opening "-ing" phrase make it the subject (a gerund), not a participle.
FINITE = frozenset({"is", "are", "was", "were", "will", "would", "has", "have", "can", "must", "should"})
# Cooperation cues that are nouns: they name cooperation without promising it.
NOUN_CUES = frozenset({"cooperation|co-operation", "co operation", "collaboration", "yhteistyö*"})
COORDINATION_GAP = re.compile(r"\s+(?:ja|and|sekä)(\s+)")  # "ja", "and", "sekä" between spaces


def find_claims(context: DraftContext) -> list[Claim]:
    """Every commitment, position and assessment of the memo, merged where stated twice."""
    claims: list[Claim] = []
    perspective: dict[int, str] = {}
    last_sentence = context.body[-1] if context.body else None
    for sentence in context.body:
        if _is_heading(context, sentence, sentence is last_sentence):
            continue
        clauses = split_clauses(context, sentence)
        holder = _perspective(context, sentence)
        if holder and _opens_paragraph(context, sentence):
            perspective[sentence.paragraph] = holder
        holder = holder or perspective.get(sentence.paragraph)
        truncated = sentence is last_sentence and not re.search(r"[.!?][\"”’)]*$", context.norm[:sentence.end])
        previous: list[Claim] = []
        for n, clause in enumerate(clauses):
            last = truncated and n == len(clauses) - 1
            found = _clause_claims(context, clause, holder, last)
            if not found and clause.relative and previous and previous[-1].section != "commitments":
                start, _ = previous[-1].spans[-1]
                previous[-1].spans[-1] = context.quote_span(start, clause.end)
                previous[-1].text = context.norm[previous[-1].spans[0][0]:clause.end]
            claims += found
            previous = found or previous
    return _merge(context, claims)


def split_clauses(context: DraftContext, sentence: Sentence) -> list[Clause]:
    """A sentence's clauses, each with its subject's parties (inherited from the clause before)."""
    words = context.words
    cuts: list[tuple[int, bool]] = []
    for i in range(sentence.first + 1, sentence.last):
        before = context.norm[words[i - 1].end:words[i].start]
        word = words[i]
        if word.lower in context.lexicon.words("relative") and "," in before:
            cuts.append((i, True))
        elif context.lang == "en" and word.lower == "and" and _clause_after_and(context, i, sentence, "," in before) \
                and ("," in before or not (cuts and cuts[-1][1]) or
                     context.lexicon.find(words, "commitment.frames", start=i + 1, end=i + 2)):
            cuts.append((i, False))
        elif context.lang == "fi" and word.lower == "ja" and "," in before and i + 1 < sentence.last and \
                (words[i + 1].lower == "että" or context.lexicon.find(words, "commitment.frames", "commitment.status",
                                                                      start=i + 1, end=i + 3)):
            cuts.append((i, False))  # "…, ja että olemme päättäneet …": a second clause
        elif context.lang == "en" and "," in before \
                and (stance := context.lexicon.find(words, "position", start=i, end=i + 3)) \
                and stance[0].first == i and word.lower.endswith("ing"):
            cuts.append((i, False))
    clauses: list[Clause] = []
    bounds = [(sentence.first, False), *cuts, (sentence.last, False)]
    subject: list[str] | None = None
    for (first, relative), (last, _) in zip(bounds, bounds[1:]):
        if first >= last:
            continue
        own = _subject(context, first, last)
        if own is not None:
            subject = own
        start = words[first].start
        end = words[last].start if last < sentence.last else sentence.end
        end = context.trim_end(start, end)
        clauses.append(Clause(start, end, first, last, sentence, subject, relative=relative,
                              own_subject=own == [] and _thing_subject(context, first, last)))
    for previous, clause in zip(clauses, clauses[1:]):
        if context.lexicon.find(words, "position", start=clause.first, end=clause.first + 3):
            continue
        clause.inherited = context.lexicon.find(words, "commitment.status", "commitment", start=previous.first,
                                                end=previous.last)
    return clauses


def _is_heading(context: DraftContext, sentence: Sentence, last: bool) -> bool:
    text = re.sub(r"\s\d{1,2}\.$", "", context.norm[sentence.start:sentence.end])
    if re.fullmatch(r"\d+\.?", text):
        return True
    if _is_cited(context, sentence) and not context.lexicon.find(
            context.words, "commitment.status", "commitment.frames", start=sentence.first, end=sentence.last):
        return True
    if len(re.findall(r"[|•\[\]]", text)) >= 2:
        return True  # page furniture: breadcrumbs, bullets, bracketed captions
    short = sentence.last - sentence.first <= (15 if _whole_line(context, sentence) else 8)
    return not last and not re.search(r"[.!?:;][\"”’)]*$", text) and short


def _whole_line(context: DraftContext, sentence: Sentence) -> bool:
    # Whether norm[:start].rstrip(" ") is empty or ends with a newline and norm[end:].lstrip(" ")
    # is empty or starts with one, looking only at the characters around the sentence.
    norm = context.norm
    before = slice(None, sentence.start).indices(len(norm))[1]
    while before > 0 and norm[before - 1] == " ":
        before -= 1
    after = slice(sentence.end, None).indices(len(norm))[0]
    while after < len(norm) and norm[after] == " ":
        after += 1
    return (before == 0 or norm[before - 1] == "\n") and (after == len(norm) or norm[after] == "\n")


def _is_cited(context: DraftContext, sentence: Sentence) -> bool:
    """Whether most of the sentence is already cited (as the event, a participant, a document …)."""
    return any((b - a) >= 0.6 * (sentence.end - sentence.start)
               for a, b in context.spans_overlapping("cited", sentence.start, sentence.end))


def _opens_paragraph(context: DraftContext, sentence: Sentence) -> bool:
    first = context.first_body_start(sentence.paragraph)
    return first is None or first >= sentence.start


def _perspective(context: DraftContext, sentence: Sentence) -> str | None:
    """The actor of a perspective cue in the sentence ("Suomen näkökulmasta"), or None."""
    for hit in context.lexicon.find(context.words, "assessment", start=sentence.first, end=sentence.last):
        if hit.value != "perspective":
            continue
        near = [m for m in context.matches_in("organisations", sentence.start, sentence.end)
                if abs(m.end - context.words[hit.first].start) <= 30
                or abs(context.words[hit.last].end - m.start) <= 30]
        if near:
            return near[0].id
    return None


def _clause_after_and(context: DraftContext, i: int, sentence: Sentence, comma: bool) -> bool:
    """Whether the ``and`` at word ``i`` opens a new clause (a cue verb, a subject, a ``that`` clause …)."""
    words, lexicon = context.words, context.lexicon
    if i - sentence.first < 4 or lexicon.find(words, "commitment.status", "commitment.frames", "action_verbs",
                                              start=i - 1, end=i):
        return False
    nxt = [w.lower for w in words[i + 1:min(sentence.last, i + 12)]]
    if not nxt:
        return False
    j = i + 1 + (nxt[0] == "to")
    if j < sentence.last:
        hits = lexicon.find(words, "commitment.status", "commitment.frames", "position", "commitment",
                            "action_verbs", start=j, end=j + 1)
        if hits:
            hit = hits[0]
            nominal = j + 1 < sentence.last and words[j + 1].lower in ("for", "of")
            if hit.first == j and hit.value != "that" and not nominal and \
                    (hit.group != "commitment" or hit.value == "reaffirm"):
                return True
    if nxt[0] in ("we", "they"):
        return True
    if nxt[0] in ("our", "their") and len(nxt) > 1 and nxt[1] in lexicon.data["position"].get("nouns", []):
        return True
    if nxt[0] in ("our", "their") and lexicon.find(words, "position", "commitment.status", start=i + 3, end=i + 5):
        return True
    if comma and "that" in nxt[:5]:
        return True
    if comma and re.search(r",\s+(?:we|they)\b",
                           context.norm[words[i].end:words[min(sentence.last, i + 14) - 1].end]):
        return True
    return False


def _subject(context: DraftContext, first: int, last: int) -> list[str] | None:
    """The parties a clause's subject stands for, [] for another subject, None if it has none of its own."""
    words = context.words
    i = first
    if words[i].lower in ("and", "ja", "sekä"):
        i += 1
        if i < last and words[i].lower == "to":
            return None
    if context.lang == "en" and i < last and (words[i].lower.endswith("ing") and words[i].form[:1].isupper()
                                              or words[i].lower in ("taking", "having", "noting", "recalling")):
        if any(w.lower in FINITE for w in words[i + 1:last]) and words[i].form[:1].isupper():
            return []  # a gerund subject: "Keeping the trading system open will play a role"
        return None  # a clause opened by a participle ("Working together on …") has no subject of its own
    if context.lang == "en" and i < last and words[i].lower in ("in", "at", "on", "for", "during", "with", "after",
                                                                "as", "under"):
        comma = context.norm.find(",", words[i].start, words[last - 1].end)
        if comma == -1:
            return None
        while i < last and words[i].start < comma:
            i += 1
    if i >= last:
        return None
    subjects = context.lexicon.find(words, "subjects", start=i, end=min(last, i + 3))
    if subjects and subjects[0].first == i:
        return list(context.parties)
    if words[i].lower in ("the",) and i + 1 < last:
        i += 1
    at = context.matches_at_word(("organisations", "persons", "offices", "instruments", "documents", "policy_areas"), i)
    if at:
        top = max(at, key=lambda m: m.end - m.start)
        if top.section == "organisations":
            end = _coordinated_subject_end(context, top)
            orgs = [context.sovereign(m.id) or m.id for m in context.matches_in("organisations", top.start, end)]
            return list(dict.fromkeys(orgs))
        return []
    if context.lang == "fi":
        return None
    return [] if words[i].lower not in ("and", "to") else None


def _thing_subject(context: DraftContext, first: int, last: int) -> bool:
    """Whether a clause's subject is a named instrument, document or area ("The Agreement provides …")."""
    words = context.words
    i = first + (words[first].lower in ("the", "this", "that", "its", "our", "their") and first + 1 < last)
    return bool(context.matches_at_word(("instruments", "documents", "policy_areas"), i))


def _coordinated_subject_end(context: DraftContext, match: Match) -> int:
    """The end of a coordinated subject "EU ja Japani", "Japan and Finland"."""
    end, after = match.end, -1
    while True:
        # The organisations that start where "ja"/"and"/"sekä" between spaces after ``end`` does:
        # the text between fully matches \s+(?:ja|and|sekä)\s+ just there.
        gap = COORDINATION_GAP.match(context.norm, end)
        if not gap:
            return end
        following = [(n, m) for n, m in context.matches_starting("organisations", gap.start(1) + 1, gap.end(1))
                     if n > after]
        if not following:
            return end
        after, m = following[0]
        end = m.end


def _clause_claims(context: DraftContext, clause: Clause, holder: str | None, truncated: bool) -> list[Claim]:
    """The claims of one clause: commitments, else an assessment, else a position."""
    words, lexicon = context.words, context.lexicon
    if clause.relative and not _commits_in_relative(context, clause):
        return _relative_claim(context, clause)
    if _is_meta(context, clause):
        return []
    commitment = lexicon.find(words, "commitment.status", "commitment.frames", start=clause.first, end=clause.last)
    marks = lexicon.find(words, "commitment", start=clause.first, end=clause.last)
    support = [h for h in marks if h.value == "support"]
    reaffirm = [h for h in marks if h.value == "reaffirm"]
    # A promise: "will"/"shall", or cooperating as the clause's own verb ("The EU and India are banding
    # together …"); the noun "cooperation" alone ("remain open for cooperation") promises nothing.
    future = [h for h in marks if h.value == "future" or (
        h.value == "cooperation" and h.cue.text not in NOUN_CUES and h.first - clause.first <= 6
        and not any(t.value == "that" and t.first < h.first for t in lexicon.find(words, "position", start=clause.first,
                                                                                 end=h.first)))]
    stance = lexicon.find(words, "position", start=clause.first, end=clause.last)
    assessment = [h for h in lexicon.find(words, "assessment", start=clause.first, end=clause.last)
                  if h.value == "cues"]
    that = [h for h in stance if h.value == "that"]
    # "agreed that …", "noted that …": a stance about a proposition, unless it promises something.
    that_after_cue = any(0 < t.first - c.last <= 3 for t in that
                         for c in [*commitment, *stance] if c.value != "that")
    restated = promise = False
    if that_after_cue and _promises(context, that, clause):
        that_after_cue, promise = False, True
        # "confirmed that they will support …": a promise restated.
        restated = any(h.value == "stance" and h.cue.text.startswith(("confirm", "reiterate")) for h in stance)
    # "reaffirmed that X …", "reiterated their condemnation of X": a position restated, not a commitment.
    if reaffirm and (any(0 < t.first - r.last <= 1 for t in that for r in reaffirm) or
                     any(h.value != "that" and 0 < h.first - r.last <= 3 for h in stance for r in reaffirm)):
        reaffirm, that_after_cue = [], True
    party_subject = bool(clause.subject) or _party_named_before(context, clause, [*commitment, *reaffirm])
    stance_first = [h for h in stance if h.value in ("stance", "nouns")]
    if stance_first and context.lang == "en" and not promise:
        # "We welcome India's support …", "stress the necessity of strengthening …": a stance about it.
        if commitment and stance_first[0].first < commitment[0].first:
            commitment = []
        support = [h for h in support if h.first <= stance_first[0].first]
        future = [h for h in future if h.first <= stance_first[0].first]
    strong = commitment or reaffirm
    if strong and context.lang == "en" and clause.own_subject and not any(h.value == "future" for h in future):
        strong = []  # "The agreement provides a framework for strengthening …": said of a thing, now
    weak = (support or future) and (party_subject or (clause.subject is None and context.lang == "en"))
    is_commitment = bool(strong or weak) and not that_after_cue
    if context.lang == "en" and clause.subject == [] and not party_subject and not clause.inherited and not strong:
        is_commitment = False  # a promise said of something other than a party
    if is_commitment:
        cues = commitment or clause.inherited or reaffirm or future or support
        return find_commitments(context, clause, cues, truncated, restated)
    if assessment or holder:
        held = [holder] if holder else (clause.subject if clause.subject else [_writer(context)])
        return [_statement(context, "assessments", clause, held, "assessment: evaluative cue" if assessment
                           else "assessment: the writer's perspective")]
    if stance or party_subject or context.speaks_for_parties:
        if _is_about_event(context, clause):
            return []
        held = clause.subject if clause.subject else list(context.parties)
        return [_statement(context, "positions", clause, held, "position: stance of the parties")]
    return []


def _is_about_event(context: DraftContext, clause: Clause) -> bool:
    """Whether a clause reports the event itself (held, attended, visited, with a person, place or date)."""
    named = sum(min(b, clause.end) - max(a, clause.start)
                for a, b in context.spans_overlapping("cited_people", clause.start, clause.end))
    if named >= 0.4 * (clause.end - clause.start):
        return True  # mostly who was there: "Joint press release by the Prime Minister of Australia, …"
    hits = context.lexicon.find(context.words, "event", start=clause.first, end=clause.last)
    cue = any(h.value in ("held", "participation", "visit", "delegation") for h in hits)
    chunk = context.norm[clause.start:clause.end]
    return cue and bool(context.matches_in(("persons", "places"), clause.start, clause.end) or
                        bool(context.spans_starting("person_spans", clause.start, clause.end)) or
                        bool(context.dates_in(clause.start, clause.end)) or
                        re.search(r"\b\d{4}\b|\d:\d\d", chunk))


def _commits_in_relative(context: DraftContext, clause: Clause) -> bool:
    """A relative clause in which the parties commit ("julkilausuman, jossa he vahvistivat sitoutumisensa …")."""
    cues = context.lexicon.find(context.words, "commitment.frames", start=clause.first, end=clause.last)
    subjects = context.lexicon.find(context.words, "subjects", "pronoun_subjects", start=clause.first,
                                    end=min(clause.last, clause.first + 3))
    return bool(cues and subjects)


def _is_meta(context: DraftContext, clause: Clause) -> bool:
    """A clause about the document itself ("the overview is as follows", "details are in the Annex")."""
    return bool(context.lexicon.find(context.words, "meta", start=clause.first, end=clause.last))


def _promises(context: DraftContext, that: list, clause: Clause) -> bool:
    """Whether the ``that`` clause promises action ("confirmed that they will support …")."""
    after = that[0].last + 1
    return any(h.value == "future" for h in context.lexicon.find(context.words, "commitment", start=after,
                                                                   end=clause.last))


def _party_named_before(context: DraftContext, clause: Clause, cues: list) -> bool:
    """A party subject between a fronted phrase and the cue ("Building on …, the two leaders reaffirmed")."""
    if not cues:
        return False
    first = min(h.first for h in cues)
    subjects = context.lexicon.find(context.words, "subjects", start=clause.first, end=first)
    return any(first - h.last <= 3 for h in subjects)


def _writer(context: DraftContext) -> str:
    """Whose memo this is: the actor of a perspective cue anywhere in it, else the first party."""
    for sentence in context.body:
        holder = _perspective(context, sentence)
        if holder:
            return holder
    return context.parties[0] if context.parties else "unknown"


def _relative_claim(context: DraftContext, clause: Clause) -> list[Claim]:
    """A relative clause of a document ("julkilausuma, joka alleviivaa ..."): a position stated in it."""
    before = context.last_match_ending_by("documents", clause.start)
    nouns = context.lexicon.find(context.words, "documents.nouns", start=max(0, clause.first - 3), end=clause.first)
    stance = context.lexicon.find(context.words, "position", start=clause.first, end=clause.last)
    if not (nouns or (before and clause.start - before.end < 4)) or not stance:
        return []
    start = context.words[nouns[-1].last].start if nouns else before.start
    claim = _statement(context, "positions", clause, list(context.parties), "position: stated in a document", start)
    issued = [d for d in context.documents_issued if d]
    claim.expressed_in = issued[0] if issued else None
    return [claim]


def _statement(context: DraftContext, section: str, clause: Clause, held: list[str], rule: str,
               start: int | None = None) -> Claim:
    """A position or assessment quoting the clause (from ``start``), held by ``held``."""
    start = context.trim_start(start if start is not None else clause.start, clause.end)
    span = context.quote_span(start, clause.end)
    matches = context.matches_in(("policy_areas", "instruments", "organisations"), start, clause.end)
    areas = areas_of(context, matches)
    instruments = instruments_of(context, matches, clause)
    concerns = [m.id for m in matches if m.section == "organisations"]
    concerns = [c for c in dict.fromkeys(concerns) if c not in held and c not in context.parties]
    status = None
    continued = [h for h in context.lexicon.find(context.words, "commitment.status", start=clause.first,
                                                 end=clause.last) if h.value == "continued"
                 and not (h.first > 0 and context.words[h.first - 1].lower in DETERMINERS)]
    if reaffirm_hits(context, clause) or continued or any(h.value == "continued" for h in clause.inherited):
        status = "reaffirmed"
    claim = Claim(section, [span], 0.7, rule, clause.sentence.index, status=status, parties=list(held),
                  areas=areas, instruments=instruments, concerns=concerns, text=context.norm[span[0]:span[1]])
    if section == "assessments" and context.lexicon.find(context.words, "assessment", start=clause.first,
                                                         end=clause.last) and "mahdollisuu" in claim.text.lower():
        claim.opportunity_for = list(held)
    return claim


def _merge(context: DraftContext, claims: list[Claim]) -> list[Claim]:
    """One claim for each stated twice; a commitment summarising narrower ones lends them its quotes."""
    merged: list[Claim] = []
    for claim in claims:
        target = next((c for c in merged if _same_claim(c, claim)), None)
        if target:
            target.spans += [s for s in claim.spans if s not in target.spans]
            target.areas = list(dict.fromkeys(target.areas + claim.areas))
            target.confidence = max(target.confidence, claim.confidence)
        else:
            merged.append(claim)
    result = []
    broader = context.reference.broader
    for claim in merged:
        if claim.section == "commitments" and not claim.instruments and claim.areas:
            narrower = [c for c in merged if c is not claim and c.section == "commitments" and c.status == claim.status
                        and c.areas and all(any(a in broader(b) for b in c.areas) for a in claim.areas)]
            if narrower and all(any(a in broader(b) for b in c.areas) for c in narrower for a in claim.areas):
                for c in narrower:
                    c.spans += [s for s in claim.spans if s not in c.spans]
                continue
        result.append(claim)
    return result


def _same_claim(a: Claim, b: Claim) -> bool:
    if a.section != b.section or a.sentence == b.sentence:
        return False
    if a.section == "commitments":
        if (a.kind, a.status) != (b.kind, b.status):
            return False
        if a.instruments or b.instruments:
            return set(a.instruments) == set(b.instruments)
        return bool(a.areas) and set(a.areas) == set(b.areas) and set(a.concerns) == set(b.concerns)
    if set(a.parties) != set(b.parties):
        return False
    if _normalise(a.text) == _normalise(b.text):
        return True
    return bool(a.instruments) and set(a.instruments) == set(b.instruments)


def _normalise(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")
