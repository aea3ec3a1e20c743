"""The curated-claims format: which sections and fields exist, and what each becomes in RDF.

Reference files (``graph/reference/*.yaml``) and memo files (``graph/memos/*.yaml``)
are mappings of *sections*; each section holds items keyed by id (or a list for
participations and issued documents). This table is the single description of the
format: the loader checks input against it, the builder maps it to RDF, and
``docs/curated-format.md`` documents every field (a test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, SKOS

from ..namespaces import EUJO, ORG

REQUIRED_LANGUAGES = ("en", "fi")
QUOTE_CONTEXT_CHARS = 32  # characters of the memo kept before and after each quote (oa:prefix / oa:suffix)
SINGLE_ITEM_SECTIONS = ("scheme", "memo")


@dataclass(frozen=True)
class Field:
    """One key of an item.

    ``value`` says how it is read: ``text``, ``language`` (a BCP 47 tag), ``langmap`` ({lang: text}),
    ``langlists`` ({lang: [text]}), ``int``, ``date``, ``qid`` (Wikidata),
    ``eurovoc`` (one concept id), ``matches`` ({exact|close|broad|narrow: [id]}),
    ``choice`` (one of ``choices``), ``ref``/``refs`` (ids of ``target`` items),
    ``evidence`` (quotes of the memo), ``title`` ({evidence: quote} or a langmap),
    ``path`` (a file relative to the YAML file). How each kind is read and what it becomes in
    RDF is :data:`eujgraph.curation.kinds.FIELD_KINDS`.
    """

    name: str
    value: str
    predicate: URIRef | None = None
    target: str | None = None
    required: bool = False
    default: str | None = None
    choices: dict[str, URIRef] = field(default_factory=dict)
    help: str = ""


@dataclass(frozen=True)
class Section:
    """A kind of item: where its IRIs live, its class(es) and its fields."""

    name: str
    path: str
    fields: tuple[Field, ...]
    classes: tuple[URIRef, ...] = ()
    type_field: str | None = None
    memo_scoped: bool = False
    listed: bool = False
    help: str = ""

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


LABEL = Field("label", "langmap", required=True, help="Labels by language; `en` and `fi` required.")
ALT_LABELS = Field("alt_labels", "langlists", SKOS.altLabel, help="Other names by language.")
DEFINITION = Field("definition", "langmap", SKOS.definition, help="A definition by language.")
WIKIDATA = Field("wikidata", "qid", OWL.sameAs, help="Verified Wikidata QID (see graph/reference/README.md).")
EUROVOC = Field("eurovoc", "eurovoc", EUJO.eurovocConcept, help="Verified EuroVoc concept id.")
NOTE = Field("note", "text", SKOS.editorialNote, help="A curator's note.")
EVIDENCE = Field("evidence", "evidence", EUJO.hasEvidence, required=True,
                 help="Quotes of the memo that support the item; `{quote: ..., occurrence: N}` when a quote recurs.")
EVENT = Field("event", "ref", EUJO.madeAt, target="events", help="The event the claim was made at.")
AREAS = Field("areas", "refs", EUJO.concernsArea, target="policy_areas", help="Policy areas it concerns.")
CONCERNS = Field("concerns", "refs", EUJO.concernsActor, target="organisations", help="Actors it is about.")
INSTRUMENTS = Field("instruments", "refs", EUJO.instrument, target="instruments",
                    help="Instruments it creates, uses or refers to.")
STATUS_CHOICES = {name: EUJO[name] for name in ("new", "deepened", "continued", "reaffirmed")}

SECTIONS: dict[str, Section] = {s.name: s for s in (
    # --- reference data ---------------------------------------------------------------
    Section("scheme", "scheme", classes=(SKOS.ConceptScheme,), help="The policy-area scheme itself.",
            fields=(LABEL, DEFINITION, NOTE)),
    Section("persons", "person", classes=(EUJO.Person,), help="People.", fields=(
        Field("name", "text", FOAF.name, required=True, help="Full name in its usual order; also the label."),
        Field("given_name", "text", FOAF.givenName, help="Given name."),
        Field("family_name", "text", FOAF.familyName, help="Family name."),
        ALT_LABELS, WIKIDATA, NOTE)),
    Section("organisations", "organisation", type_field="type",
            help="States, the EU, its institutions, international organisations.", fields=(
        Field("type", "choice", required=True, choices={
            "state": EUJO.State, "union": EUJO.Union, "institution": EUJO.Institution,
            "international-organisation": EUJO.InternationalOrganisation}, help="Kind of organisation."),
        LABEL, ALT_LABELS, DEFINITION,
        Field("part_of", "ref", EUJO.partOf, target="organisations", help="The organisation it belongs to."),
        WIKIDATA, EUROVOC, NOTE)),
    Section("offices", "office", classes=(EUJO.Office,), help="Posts that people hold.", fields=(
        LABEL, ALT_LABELS, DEFINITION,
        Field("post_in", "ref", ORG.postIn, target="organisations", required=True,
              help="The organisation the post belongs to."),
        WIKIDATA, EUROVOC, NOTE)),
    Section("places", "place", classes=(EUJO.Place,), help="Places where events happen.", fields=(
        LABEL, ALT_LABELS,
        Field("country", "ref", EUJO.country, target="organisations", help="The state it lies in."),
        WIKIDATA, NOTE)),
    Section("policy_areas", "area", classes=(EUJO.PolicyArea, SKOS.Concept),
            help="The policy-area scheme (SKOS).", fields=(
        LABEL, ALT_LABELS, DEFINITION,
        Field("broader", "ref", SKOS.broader, target="policy_areas", help="The broader area."),
        Field("eurovoc", "matches", help="EuroVoc matches: {exact|close|broad|narrow: [concept id]}."),
        NOTE)),
    Section("instruments", "instrument", type_field="type",
            help="Alliances, dialogues, negotiations, agreements and partnerships.", fields=(
        Field("type", "choice", required=True, choices={
            "alliance": EUJO.Alliance, "dialogue": EUJO.Dialogue, "negotiation": EUJO.Negotiation,
            "agreement": EUJO.Agreement, "partnership": EUJO.Partnership}, help="Kind of instrument."),
        LABEL, ALT_LABELS, DEFINITION,
        Field("parties", "refs", EUJO.party, target="organisations", required=True, help="Its parties."),
        AREAS,
        Field("negotiates", "ref", EUJO.negotiates, target="instruments",
              help="For a negotiation: the agreement negotiated."),
        WIKIDATA, NOTE)),
    Section("documents", "document", type_field="type", help="Documents that memos mention.", fields=(
        Field("type", "choice", required=True, choices={
            "joint-statement": EUJO.JointStatement, "document": EUJO.Document}, help="Kind of document."),
        LABEL,
        Field("identifier", "text", DCTERMS.identifier, help="The publisher's reference."),
        Field("issued_by", "refs", EUJO.issuedBy, target="organisations", help="Who issued it."),
        NOTE)),
    # --- memo claims ------------------------------------------------------------------
    Section("memo", "document", type_field="type",
            help="The source document itself (one per file): a memo, or e.g. a joint statement.", fields=(
        Field("id", "text", required=True,
              help="Slug naming the source, unique across memo files; its IRI is `euj:document/<id>`, "
                   "so a source may be a document of the reference data."),
        Field("type", "choice", default="memo", choices={
            "memo": EUJO.Memo, "joint-statement": EUJO.JointStatement, "document": EUJO.Document},
            help="Kind of source document (default `memo`)."),
        Field("source", "path", required=True, help="The memo text, relative to this file."),
        Field("language", "language", DCTERMS.language, required=True,
              help="Language of the memo (a BCP 47 tag such as `fi`)."),
        Field("title", "title", DCTERMS.title, required=True,
              help="`{evidence: quote}` (the title as written) or a langmap."),
        LABEL,
        Field("publisher", "ref", DCTERMS.publisher, target="organisations", help="Who issued the memo."),
        Field("about", "refs", EUJO.about, target="events", help="Events the memo reports on."),
        Field("attribution", "text", DCTERMS.rights, required=True, help="Source and reuse terms."),
    )),
    Section("events", "event", type_field="type", memo_scoped=False,
            help="Summits, side events and meetings (global ids: several memos may describe one).",
            fields=(
        Field("type", "choice", required=True, choices={
            "summit": EUJO.Summit, "side-event": EUJO.SideEvent, "meeting": EUJO.Meeting},
            help="Kind of event."),
        LABEL, ALT_LABELS,
        Field("ordinal", "int", EUJO.ordinal, help="Its number in a series (30 for the 30th summit)."),
        Field("date", "date", EUJO.date, help="ISO date (YYYY-MM-DD)."),
        Field("place", "ref", EUJO.place, target="places", help="Where it took place."),
        Field("parties", "refs", EUJO.party, target="organisations", required=True, help="The parties."),
        Field("side_event_of", "ref", EUJO.sideEventOf, target="events", help="The main event."),
        EVIDENCE, NOTE)),
    Section("participations", "participation", classes=(EUJO.Participation,), memo_scoped=True,
            listed=True, help="Who took part, in which office, for which party, at which event.", fields=(
        Field("person", "ref", EUJO.participant, target="persons", required=True, help="Who."),
        Field("office", "ref", EUJO.inOffice, target="offices", required=True, help="In which office."),
        Field("party", "ref", EUJO.onBehalfOf, target="organisations", required=True,
              help="On behalf of which party."),
        Field("event", "ref", EUJO.atEvent, target="events", required=True, help="At which event."),
        EVIDENCE, NOTE)),
    Section("documents_issued", "issued", memo_scoped=True, listed=True,
            help="Documents issued at an event.", fields=(
        Field("document", "ref", target="documents", required=True, help="The document."),
        Field("event", "ref", EUJO.issuedAt, target="events", required=True, help="Where it was issued."),
        EVIDENCE, NOTE)),
    Section("commitments", "commitment", classes=(EUJO.Commitment,), memo_scoped=True,
            help="What the parties launched, deepened, continued or reaffirmed.", fields=(
        LABEL, DEFINITION,
        Field("kind", "choice", EUJO.kind, required=True, choices={
            name: EUJO[name] for name in ("initiative", "cooperation", "principle", "support")},
            help="initiative, cooperation, principle or support."),
        Field("status", "choice", EUJO.status, choices=STATUS_CHOICES,
              help="new, deepened, continued or reaffirmed; left out where the source's words give none."),
        Field("parties", "refs", EUJO.party, target="organisations", required=True, help="Who committed."),
        AREAS, INSTRUMENTS, CONCERNS, EVENT, EVIDENCE, NOTE)),
    Section("positions", "position", classes=(EUJO.Position,), memo_scoped=True,
            help="Stances the parties hold.", fields=(
        LABEL, DEFINITION,
        Field("held_by", "refs", EUJO.heldBy, target="organisations", required=True, help="Who holds it."),
        Field("status", "choice", EUJO.status, choices=STATUS_CHOICES, help="reaffirmed, or new."),
        AREAS, INSTRUMENTS, CONCERNS, EVENT,
        Field("expressed_in", "ref", EUJO.expressedIn, target="documents", help="Document stating it."),
        EVIDENCE, NOTE)),
    Section("assessments", "assessment", classes=(EUJO.Assessment,), memo_scoped=True,
            help="Judgements, e.g. Finland's view of the outcome.", fields=(
        LABEL, DEFINITION,
        Field("held_by", "refs", EUJO.heldBy, target="organisations", required=True, help="Whose judgement."),
        Field("opportunity_for", "refs", EUJO.opportunityFor, target="organisations",
              help="Actors the assessment sees opportunities for."),
        AREAS, INSTRUMENTS, CONCERNS, EVENT, EVIDENCE, NOTE)),
    Section("no_claim", "", memo_scoped=True, listed=True,
            help="Sentences that carry no claim, each with the reason.", fields=(
        Field("sentence", "evidence", required=True, help="The sentence (or its start)."),
        Field("reason", "text", required=True, help="Why it carries no claim."))),
)}

REFERENCE_SECTIONS = ("scheme", "persons", "organisations", "offices", "places", "policy_areas",
                      "instruments", "documents")
MEMO_SECTIONS = ("memo", "events", "participations", "documents_issued", "commitments",
                 "positions", "assessments", "no_claim")
ACTOR_SECTIONS = ("persons", "organisations")
