"""Every kind of curated field has its one definition: how it is read, and what it becomes in RDF."""

from eujgraph.curation.kinds import FIELD_KINDS
from eujgraph.curation.schema import SECTIONS


def test_every_field_kind_in_the_format_is_defined_once_and_every_definition_is_used():
    used = {spec.value for section in SECTIONS.values() for spec in section.fields}
    assert used == set(FIELD_KINDS)
