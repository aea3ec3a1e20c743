"""Web: ``eujgraph serve`` — the SPARQL endpoint, its protocol, the query workers and the entity pages.

Owns :mod:`.app` (the ASGI application), :mod:`.protocol` (SPARQL Protocol negotiation),
:mod:`.workers` (query processes), :mod:`.entity` (entity pages), ``templates/`` and ``static/``.
May import the core, query and viz.
"""
